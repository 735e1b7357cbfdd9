/**
 * Recovered pages without their character-level provenance (segments), for comparing with
 * expected pages written by hand or by the renderer, which state articles, not positions.
 * Provenance has tests of its own (test/provenance.test.ts).
 */
import type { RecoveredArticle, RecoveredPage, RecoveredParagraph } from '../../src/recover/index.ts';

export type PlainParagraph = Omit<RecoveredParagraph, 'segments'>;
/** Review hints (layoutConfidence, layoutDoubts) are left out too: test/recover-confidence.test.ts covers them. */
export type PlainArticle = Omit<RecoveredArticle, 'headlineSegments' | 'paragraphs' | 'layoutConfidence' | 'layoutDoubts'> & { paragraphs: PlainParagraph[] };
export type PlainPage = Omit<RecoveredPage, 'articles'> & { articles: PlainArticle[] };

export function plainArticle(article: RecoveredArticle | PlainArticle): PlainArticle {
  const { headlineSegments: _h, paragraphs, layoutConfidence: _c, layoutDoubts: _d, ...rest } = article as RecoveredArticle;
  return { ...rest, paragraphs: paragraphs.map(({ segments: _s, ...p }) => p) };
}

export function withoutProvenance(page: RecoveredPage | PlainPage): PlainPage {
  return { ...page, articles: page.articles.map(plainArticle) };
}
