/**
 * Quality of page recovery against known answers: per layout, article precision and recall,
 * headline exact-match rate, body text similarity and paragraph-count accuracy.
 */
import type { PlainArticle, PlainPage } from '../test/support/without-provenance.ts';

export interface LayoutScore {
  pages: number;
  expectedArticles: number;
  recoveredArticles: number;
  matchedArticles: number;
  precision: number;
  recall: number;
  /** Share of matched articles whose kicker, headline and subtitle are all exactly right. */
  headlineExact: number;
  /** 1 − edit distance / length over the bodies of matched articles, character-weighted. */
  bodySimilarity: number;
  paragraphCountAccuracy: number;
}

/**
 * Edit distance between two code-point arrays with Myers' O(ND) algorithm: fast when the texts
 * are nearly the same, which is the case that matters. Past `maxD` it gives up and returns maxD.
 */
export function editDistance(a: readonly string[], b: readonly string[], maxD = Math.max(a.length, b.length)): number {
  const n = a.length;
  const m = b.length;
  const offset = maxD + 1;
  const v = new Int32Array(2 * maxD + 3);
  for (let d = 0; d <= maxD; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return d;
    }
  }
  return maxD;
}

function body(a: PlainArticle): string[] {
  return [...a.paragraphs.map((p) => p.text).join('\n')];
}

/** Pairs expected and recovered articles whose raw line ranges overlap most (at least half). */
function matchArticles(expected: readonly PlainArticle[], actual: readonly PlainArticle[]): [PlainArticle, PlainArticle][] {
  const pairs: [PlainArticle, PlainArticle][] = [];
  const used = new Set<PlainArticle>();
  for (const e of expected) {
    let best: PlainArticle | null = null;
    let bestOverlap = 0;
    for (const a of actual) {
      if (used.has(a)) continue;
      const overlap = Math.min(e.lineEnd, a.lineEnd) - Math.max(e.lineStart, a.lineStart) + 1;
      const union = Math.max(e.lineEnd, a.lineEnd) - Math.min(e.lineStart, a.lineStart) + 1;
      if (overlap > 0 && overlap / union >= 0.5 && overlap > bestOverlap) {
        best = a;
        bestOverlap = overlap;
      }
    }
    if (best) {
      used.add(best);
      pairs.push([e, best]);
    }
  }
  return pairs;
}

export interface ScoredPage {
  expected: PlainPage;
  actual: PlainPage;
}

export function scoreLayouts(pages: readonly ScoredPage[]): Record<string, LayoutScore> {
  const out: Record<string, LayoutScore> = {};
  const sums = new Map<string, { headline: number; distance: number; length: number; paragraphs: number }>();
  for (const { expected, actual } of pages) {
    const layout = expected.layout;
    const s = (out[layout] ??= { pages: 0, expectedArticles: 0, recoveredArticles: 0, matchedArticles: 0, precision: 0, recall: 0, headlineExact: 0, bodySimilarity: 0, paragraphCountAccuracy: 0 });
    const t = sums.get(layout) ?? { headline: 0, distance: 0, length: 0, paragraphs: 0 };
    sums.set(layout, t);
    s.pages++;
    s.expectedArticles += expected.articles.length;
    s.recoveredArticles += actual.articles.length;
    for (const [e, a] of matchArticles(expected.articles, actual.articles)) {
      s.matchedArticles++;
      if (e.kicker === a.kicker && e.headline === a.headline && e.subtitle === a.subtitle) t.headline++;
      const eb = body(e);
      const ab = body(a);
      const length = Math.max(eb.length, ab.length, 1);
      t.distance += editDistance(eb, ab, Math.ceil(length * 0.2));
      t.length += length;
      if (e.paragraphs.length === a.paragraphs.length) t.paragraphs++;
    }
  }
  for (const [layout, s] of Object.entries(out)) {
    const t = sums.get(layout)!;
    s.precision = s.recoveredArticles ? s.matchedArticles / s.recoveredArticles : 1;
    s.recall = s.expectedArticles ? s.matchedArticles / s.expectedArticles : 1;
    s.headlineExact = s.matchedArticles ? t.headline / s.matchedArticles : 1;
    s.bodySimilarity = t.length ? 1 - t.distance / t.length : 1;
    s.paragraphCountAccuracy = s.matchedArticles ? t.paragraphs / s.matchedArticles : 1;
  }
  return out;
}

/** The test corpus: every hand-checked fixture page plus `generated` re-laid seed pages. */
export async function layoutCorpus(generated: number): Promise<(ScoredPage & { name: string })[]> {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { recoverPage } = await import('../src/recover/index.ts');
  const { renderPage, seededRandom } = await import('../test/support/render-page.ts');
  const { makeSpec } = await import('../test/support/relaid-pages.ts');
  const root = new URL('../test/fixtures/pages/', import.meta.url);
  const pages: (ScoredPage & { name: string })[] = [];
  for (const name of readdirSync(root).filter((n) => !n.startsWith('skip.')).sort()) {
    const text = readFileSync(new URL(`${name}/input.txt`, root), 'utf8');
    const expected = JSON.parse(readFileSync(new URL(`${name}/expected.json`, root), 'utf8')) as PlainPage;
    pages.push({ name, expected, actual: recoverPage(text) });
  }
  for (let seed = 1; seed <= generated; seed++) {
    const { text, expected } = renderPage(makeSpec(seed), seededRandom(seed * 7919));
    pages.push({ name: `relaid-${seed}`, expected, actual: recoverPage(text) });
  }
  return pages;
}

export function formatScores(scores: Record<string, LayoutScore>): string {
  const pct = (x: number) => x.toFixed(4);
  const lines = ['layout  pages  articles  precision  recall  headline_exact  body_similarity  paragraph_count'];
  for (const [layout, s] of Object.entries(scores).sort()) {
    lines.push(
      `${layout.padEnd(7)} ${String(s.pages).padStart(5)}  ${String(s.expectedArticles).padStart(8)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}  ${pct(s.headlineExact).padStart(14)}  ${pct(s.bodySimilarity).padStart(15)}  ${pct(s.paragraphCountAccuracy).padStart(15)}`,
    );
  }
  return lines.join('\n');
}
