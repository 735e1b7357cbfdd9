/** Random but seeded page specs made of re-laid seed articles (see render-page.ts). */
import { readFileSync, readdirSync } from 'node:fs';
import { recoverPage, type RecoveredArticle } from '../../src/recover/index.ts';
import { seededRandom, type ArticleSpec, type PageSpec } from './render-page.ts';

const RAW = new URL('../../data/raw/', import.meta.url);
export const seedArticles: RecoveredArticle[] = readdirSync(RAW)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .flatMap((f) => recoverPage(readFileSync(new URL(f, RAW), 'utf8')).articles);

const NAMES = ['王冰', '李秋', '许伟涛', '詹长松', '刘婧', '原文钊', '张璐', '任瑶'];
const KICKERS = ['中站', '孟州', '我市疫情防控全维度立体观察之二'];
const SUBTITLES = ['切实保障市民生活需要', '众志成城抗疫情'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function makeSpec(seed: number): PageSpec {
  const random = seededRandom(seed);
  const layout = random() < 0.6 ? 'narrow' : 'wide';
  const headlinePosition = random() < 0.5 ? 'after' : 'before';
  const count = 2 + Math.floor(random() * 3);
  const articles: ArticleSpec[] = [];
  for (let i = 0; i < count; i++) {
    const source = pick(random, seedArticles.filter((a) => a.headline !== null));
    const continuation = i === 0 && random() < 0.2;
    const paragraphs = source.paragraphs.slice(0, 2 + Math.floor(random() * 3)).map((p) => ({ kind: p.kind, text: p.text }));
    if (random() < 0.3) paragraphs.splice(1, 0, { kind: 'subheading', text: pick(random, ['“我上”', '党旗飘飘', '号角声声']) });
    const reporters = [pick(random, NAMES)];
    if (random() < 0.3) reporters.push(pick(random, NAMES.filter((n) => n !== reporters[0])));
    // Every article after the first announces itself with a byline; the first may not.
    const form = pick(random, ['inline', 'dated', 'standalone'] as const);
    const byline =
      continuation || (i === 0 && random() < 0.3)
        ? undefined
        : form === 'standalone'
          ? { form, reporters }
          : { form, reporters, correspondents: random() < 0.3 ? ['邵珠章'] : undefined };
    articles.push({
      kicker: !continuation && random() < 0.3 ? pick(random, KICKERS) : undefined,
      headline: continuation ? undefined : source.headline!,
      subtitle: !continuation && random() < 0.2 ? pick(random, SUBTITLES.filter((s) => s.length < source.headline!.length)) : undefined,
      byline: i > 0 && !byline ? { form: 'inline', reporters } : byline,
      continuation,
      paragraphs,
      column: 11 + Math.floor(random() * 10),
    });
  }
  return {
    layout,
    headlinePosition,
    articles,
    noise: { columnBreak: 0.1, justify: 0.15, spacedNumbers: 0.3, blankBetweenParagraphs: 0.6 },
    furniture: random() < 0.3 ? ['责任编辑：张三', '版式设计：李四'] : [],
  };
}

