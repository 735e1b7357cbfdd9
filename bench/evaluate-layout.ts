/**
 * `npm run evaluate:layout [-- --pages N] [--verbose]`: recovery quality
 * - on the real pages in ../shared/realpages (gold.json), per extractor and per page (and read
 *   from their PDFs by src/pdf, the `pdf` row: bench/evaluate-pdf.ts), scored by
 *   bench/realpages-score.ts; the figures (no page text) go to bench/results/layout-realpages.json;
 *   skipped with a message when ../shared/realpages is absent;
 * - on the hand-checked fixture pages plus N re-laid seed pages (default 1000), per layout.
 * `--verbose` prints, per real page, each gold article's verdict. The last line is the scores as JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { recoverPage } from '../src/recover/index.ts';
import { formatScores, layoutCorpus, scoreLayouts } from './layout-metrics.ts';
import { formatRealPages, loadGold, scoreRealPages } from './realpages-score.ts';
import { scorePdfPages } from './evaluate-pdf.ts';
import { writeQualityFigure } from '../src/publish/quality-figures.ts';

const { values } = parseArgs({ options: { pages: { type: 'string', default: '1000' }, verbose: { type: 'boolean', default: false } } });

const gold = loadGold();
let real: ReturnType<typeof scoreRealPages> | null = null;
if (gold === null) {
  console.log('real pages: ../shared/realpages/gold.json not found, skipped');
} else {
  real = scoreRealPages(gold, (text) => recoverPage(text).articles);
  // The PDF path (src/pdf): the same pages read from their PDFs, one more row of the table.
  const pdf = await scorePdfPages(gold);
  if (pdf) real.push(pdf);
  console.log(formatRealPages(real));
  if (values.verbose) {
    for (const r of real) {
      for (const p of r.pages) {
        console.log(`\n${r.extractor} ${p.page}`);
        for (const v of p.verdicts) console.log('  ', JSON.stringify(v));
      }
    }
  }
  const figures = real.map((r) => ({ extractor: r.extractor, total: r.total, pages: r.pages.map((p) => ({ page: p.page, ...p.score })) }));
  mkdirSync(new URL('results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('results/layout-realpages.json', import.meta.url), `${JSON.stringify(figures, null, 1)}\n`);
  console.log('figures written to bench/results/layout-realpages.json');
  // The figure every release shows first: measured on pages of other papers (src/publish/quality-figures.ts).
  const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
  writeQualityFigure({
    task: 'layout-realpages',
    title: 'Article recovery (headline, byline, paragraphs) from page text',
    measured_on: `${real[0].total.pages} real pages of 5 other Chinese newspapers (${real[0].total.goldArticles} articles; not in this release), each as the text of several extractors and as the PDF, against answers made from the printed pages`,
    inside_release: false,
    method: 'a recovered article matches a printed one when their bodies share at least half of their 4-character sequences; recall and precision count matched articles, the other figures are shares of all printed articles (an article not found counts as wrong); body similarity is a character-level ratio',
    command: 'npm run evaluate:layout',
    metrics: {
      columns: ['input', 'recall', 'precision', 'headline exact', 'kicker/subtitle exact', 'byline exact', 'body similarity', 'paragraph count'],
      rows: real.map((r) => [r.extractor, pct(r.total.recall), pct(r.total.precision), pct(r.total.headlineExact), pct(r.total.kickerSubtitleExact), pct(r.total.bylineExact), pct(r.total.bodySimilarity), pct(r.total.paragraphCount)]),
    },
  });
  console.log('quality figure written to src/generated/quality/layout-realpages.json');
}

const corpus = await layoutCorpus(Number(values.pages));
const scores = scoreLayouts(corpus);
console.log(`\n${formatScores(scores)}`);
console.log(JSON.stringify({ realpages: real?.map((r) => ({ extractor: r.extractor, ...r.total })) ?? null, generated: scores }));
