/**
 * `npx tsx bench/generate-corpus.ts --articles N [--out DIR] [--seed S]`: a deterministic synthetic
 * archive for benchmarks. Pages are laid out like the extractor's output (both layouts, any
 * column width, every byline form, justification spaces, column breaks) from seed paragraphs
 * recombined across articles, with their numbers changed, so that recovery and the extractors do
 * real work. Written page by page: memory stays flat whatever N.
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderPage, seededRandom, type ArticleSpec, type PageSpec } from '../test/support/render-page.ts';
import { seedArticles } from '../test/support/relaid-pages.ts';

const BODY = seedArticles.flatMap((a) => a.paragraphs.filter((p) => p.kind === 'body').map((p) => p.text));
const HEADLINES = seedArticles.flatMap((a) => (a.headline ? [a.headline] : []));
const NAMES = ['王冰', '李秋', '许伟涛', '詹长松', '刘婧', '原文钊', '张璐', '任瑶', '王  伟', '赵一鸣'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/**
 * The same paragraph with every number replaced by another of as many digits, except the parts of
 * dates (before 年, 月, 日): a made-up 5月89日 or year 1921 is not what a page prints, and the date
 * checks rightly refuse it.
 */
function renumber(text: string, random: () => number): string {
  return text.replace(/\d+(?![\d年月日])/g, (digits) => {
    let out = String(1 + Math.floor(random() * 9));
    for (let i = 1; i < digits.length; i++) out += String(Math.floor(random() * 10));
    return out;
  });
}

function pageSpec(random: () => number): PageSpec {
  const layout = random() < 0.6 ? 'narrow' : 'wide';
  const articles: ArticleSpec[] = [];
  const count = 2 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const paragraphs = Array.from({ length: 2 + Math.floor(random() * 4) }, () => ({ kind: 'body' as const, text: renumber(pick(random, BODY), random) }));
    const reporters = [pick(random, NAMES)];
    const form = pick(random, ['inline', 'dated', 'standalone'] as const);
    articles.push({
      headline: pick(random, HEADLINES),
      byline: { form, reporters, correspondents: form !== 'standalone' && random() < 0.3 ? ['邵珠章'] : undefined },
      paragraphs,
      column: 11 + Math.floor(random() * 10),
    });
  }
  return {
    layout,
    headlinePosition: random() < 0.5 ? 'after' : 'before',
    articles,
    noise: { columnBreak: 0.1, justify: 0.15, spacedNumbers: 0.3, blankBetweenParagraphs: 0.6 },
    furniture: random() < 0.3 ? ['责任编辑：张三'] : [],
  };
}

export interface CorpusSummary {
  dir: string;
  pages: number;
  articles: number;
  bytes: number;
}

export function generateCorpus(dir: string, articles: number, seed = 1): CorpusSummary {
  const random = seededRandom(seed);
  mkdirSync(path.join(dir, 'raw'), { recursive: true });
  const manifest = openSync(path.join(dir, 'manifest.csv'), 'w');
  writeSync(manifest, 'file,newspaper,issue_date,issue_date_earliest,issue_date_latest,page,notes\n');
  let made = 0;
  let pages = 0;
  let bytes = 0;
  while (made < articles) {
    const spec = pageSpec(random);
    spec.articles = spec.articles.slice(0, articles - made);
    const { text } = renderPage(spec, random);
    pages++;
    made += spec.articles.length;
    const name = `p${String(pages).padStart(7, '0')}.txt`;
    writeFileSync(path.join(dir, 'raw', name), text);
    bytes += Buffer.byteLength(text);
    // March of 2020, 2021 or 2022: the seed paragraphs report January to March, and their undated
    // days (次日, 3月5日) must land near the issue date, as the date checks require of a real page.
    const day = new Date(Date.UTC(2020 + Math.floor(random() * 3), 2, 1 + Math.floor(random() * 31))).toISOString().slice(0, 10);
    writeSync(manifest, `${name},焦作日报,${day},,,${1 + Math.floor(random() * 8)},synthetic page for benchmarks\n`);
  }
  closeSync(manifest);
  writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify({ ...JSON.parse(readDataset()), name: 'jiaozuo-daily-benchmark', version: '0.0.1' }, null, 2) + '\n');
  return { dir, pages, articles: made, bytes };
}

function readDataset(): string {
  return readFileSync(new URL('../data/dataset.json', import.meta.url), 'utf8');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { articles: { type: 'string', default: '1000' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } } });
  const n = Number(values.articles);
  const out = values.out ?? path.join('bench', 'corpus', `${n}-${values.seed}`);
  const t = performance.now();
  const s = generateCorpus(out, n, Number(values.seed));
  console.log(JSON.stringify({ ...s, seconds: Number(((performance.now() - t) / 1000).toFixed(2)) }));
}
