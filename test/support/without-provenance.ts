/**
 * Recovered pages without their character-level provenance (segments), for comparing with
 * expected pages written by hand or by the renderer, which state articles, not positions.
 * Provenance has tests of its own (test/provenance.test.ts).
 */
import type { LineRange, RecoveredArticle, RecoveredPage, RecoveredParagraph } from '../../src/recover/index.ts';

export type PlainParagraph = Omit<RecoveredParagraph, 'segments'>;
/**
 * Review hints (layoutConfidence, layoutDoubts) are left out too: test/recover-confidence.test.ts
 * covers them. `pieces` is stated only for an article printed in pieces: one piece from lineStart
 * to lineEnd, what most articles are, goes without saying.
 */
export type PlainArticle = Omit<RecoveredArticle, 'headlineSegments' | 'paragraphs' | 'layoutConfidence' | 'layoutDoubts' | 'pieces'> & { paragraphs: PlainParagraph[]; pieces?: LineRange[] };
export type PlainPage = Omit<RecoveredPage, 'articles'> & { articles: PlainArticle[] };

export function plainArticle(article: RecoveredArticle | PlainArticle): PlainArticle {
  const { headlineSegments: _h, paragraphs, layoutConfidence: _c, layoutDoubts: _d, pieces, ...rest } = article as RecoveredArticle;
  const whole = pieces === undefined || (pieces.length === 1 && pieces[0].lineStart === rest.lineStart && pieces[0].lineEnd === rest.lineEnd);
  return { ...rest, paragraphs: paragraphs.map(({ segments: _s, ...p }) => p), ...(whole ? {} : { pieces }) };
}

export function withoutProvenance(page: RecoveredPage | PlainPage): PlainPage {
  return { ...page, articles: page.articles.map(plainArticle) };
}
