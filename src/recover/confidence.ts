/**
 * How sure recovery is of one article's boundaries and headline, so that a curator can review
 * the weakest articles first. Each decision that lacked direct evidence on the page costs a
 * fixed factor; the confidence is their product, and the decisions are listed by name.
 */

export interface ArticleEvidence {
  hasHeadline: boolean;
  /** The headline group stands right next to a byline or dateline (the strongest sign of a start). */
  headlineNextToByline: boolean;
  hasByline: boolean;
  hasBody: boolean;
  /** Margin of the page's headline-order vote (segment.ts); 0 = decided by the layout's habit. */
  orderMargin: number;
  /** The headline was taken from elsewhere on the page for the words it shares with this body. */
  headlineMoved?: boolean;
  /** Lines of body without a paragraph break: a merge of two articles shows as one long run. */
  longestParagraphLines: number;
}

/** Each doubt and what it costs; the names are published in the articles table. */
const DOUBTS = {
  'no-headline': 0.6,
  'headline-not-next-to-byline': 0.85,
  'no-byline': 0.85,
  'no-body': 0.7,
  'headline-order-by-habit': 0.75,
  'headline-order-close': 0.9,
  'very-long-paragraph': 0.85,
  'headline-away-from-article': 0.8,
} as const;
export type LayoutDoubt = keyof typeof DOUBTS;

/** A paragraph of more lines than this is rare in print and often two paragraphs or articles run together. */
const LONG_PARAGRAPH_LINES = 40;

export function articleConfidence(e: ArticleEvidence): { confidence: number; doubts: LayoutDoubt[] } {
  const doubts: LayoutDoubt[] = [];
  if (!e.hasHeadline) doubts.push('no-headline');
  else if (!e.headlineNextToByline) doubts.push('headline-not-next-to-byline');
  if (!e.hasByline) doubts.push('no-byline');
  if (!e.hasBody) doubts.push('no-body');
  if (e.hasHeadline && !e.headlineNextToByline) {
    if (e.orderMargin === 0) doubts.push('headline-order-by-habit');
    else if (e.orderMargin <= 1) doubts.push('headline-order-close');
  }
  if (e.longestParagraphLines > LONG_PARAGRAPH_LINES) doubts.push('very-long-paragraph');
  if (e.hasHeadline && e.headlineMoved) doubts.push('headline-away-from-article');
  const confidence = doubts.reduce((c, d) => c * DOUBTS[d], 1);
  return { confidence: Math.round(confidence * 1000) / 1000, doubts };
}
