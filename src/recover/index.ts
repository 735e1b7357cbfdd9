// PLACEHOLDER until the real recovery lands: one article per page, one paragraph per block.
import type { RecoveredPage } from './types.ts';
export type * from './types.ts';

export function recoverPage(text: string): RecoveredPage {
  const lines = text.split(/\r\n|\r|\n/);
  const paragraphs = [] as RecoveredPage['articles'][number]['paragraphs'];
  let first = -1;
  lines.forEach((l, i) => {
    if (l.trim() === '') return;
    if (first < 0) first = i + 1;
    paragraphs.push({ kind: 'body', text: l.trim(), lineStart: i + 1, lineEnd: i + 1 });
  });
  const last = paragraphs.length ? paragraphs[paragraphs.length - 1].lineEnd : 1;
  return {
    layout: 'wide', headlinePosition: 'before', lineCount: lines.length, unassigned: [],
    articles: paragraphs.length ? [{ seq: 1, kicker: null, headline: null, subtitle: null, byline: null, contributors: [],
      isContinuation: false, paragraphs, lineStart: first, lineEnd: last, anchor: paragraphs[0].text.replace(/\s+/g, '') }] : [],
  };
}
