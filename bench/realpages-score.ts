/**
 * Scores recovered articles against the hand-checked gold of real pages (../shared/realpages,
 * see its README). Reusable by any input path: give it, per page, the articles recovered from
 * whatever text or PDF, in the plain shape below.
 *
 * Matching (gold and recovered articles of one page): two articles match when their bodies
 * share at least half of their character 4-grams (shared 4-grams / the larger 4-gram count,
 * whitespace ignored); pairs are taken greedily, best first, each article at most once. A
 * headline-only recovered article has no body and never matches. Line numbers play no part,
 * so the same gold scores every extractor's text.
 *
 * Figures: recall = matched / gold articles; precision = matched / recovered articles. Every
 * per-article figure counts over all gold articles, an unmatched one counting as wrong:
 * headline exact (the headline string, runs of whitespace taken as one space), kicker/subtitle
 * exact (both), byline exact (whitespace ignored; the gold byline alone or preceded by its
 * dateline), paragraph count (body paragraphs, subheadings left out), and body similarity
 * (1 − edit distance / length, weighted by characters, paragraphs joined by a line break,
 * other whitespace removed; an unmatched gold article adds its full length as distance).
 */
import { existsSync, readFileSync } from 'node:fs';
import { editDistance } from './layout-metrics.ts';

/** Where the shared real pages live, relative to the repository. */
export const REALPAGES_DIR = new URL('../../shared/realpages/', import.meta.url);

export interface GoldArticle {
  headline: string;
  kicker: string | null;
  subtitle: string | null;
  byline_raw: string | null;
  body_text: string;
  paragraph_count: number;
  dateline?: string | null;
}

export interface GoldPage {
  page: string;
  paper: string;
  layout: string;
  articles: GoldArticle[];
}

/** What a recovery path gives for one article; RecoveredArticle fits it. */
export interface ScorableArticle {
  kicker: string | null;
  headline: string | null;
  subtitle: string | null;
  byline: string | null;
  paragraphs: readonly { text: string; kind?: string }[];
}

export interface RealPagesScore {
  pages: number;
  goldArticles: number;
  recoveredArticles: number;
  matchedArticles: number;
  recall: number;
  precision: number;
  headlineExact: number;
  kickerSubtitleExact: number;
  bylineExact: number;
  bodySimilarity: number;
  paragraphCount: number;
}

/** Tallies one or more pages; `finish` turns them into the figures. */
export interface Tally {
  pages: number;
  gold: number;
  recovered: number;
  matched: number;
  headline: number;
  kickerSubtitle: number;
  byline: number;
  paragraphs: number;
  distance: number;
  length: number;
}

export function emptyTally(): Tally {
  return { pages: 0, gold: 0, recovered: 0, matched: 0, headline: 0, kickerSubtitle: 0, byline: 0, paragraphs: 0, distance: 0, length: 0 };
}

export function addTally(into: Tally, t: Tally): Tally {
  for (const k of Object.keys(into) as (keyof Tally)[]) into[k] += t[k];
  return into;
}

export function finish(t: Tally): RealPagesScore {
  const share = (n: number, d: number) => (d ? n / d : 1);
  return {
    pages: t.pages,
    goldArticles: t.gold,
    recoveredArticles: t.recovered,
    matchedArticles: t.matched,
    recall: share(t.matched, t.gold),
    precision: share(t.matched, t.recovered),
    headlineExact: share(t.headline, t.gold),
    kickerSubtitleExact: share(t.kickerSubtitle, t.gold),
    bylineExact: share(t.byline, t.gold),
    bodySimilarity: t.length ? 1 - t.distance / t.length : 1,
    paragraphCount: share(t.paragraphs, t.gold),
  };
}

/** Reads gold.json; null when ../shared/realpages is not there (callers skip with a message). */
export function loadGold(dir: URL = REALPAGES_DIR): GoldPage[] | null {
  const file = new URL('gold.json', dir);
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as { pages: GoldPage[] }).pages;
}

const spaced = (s: string | null | undefined) => (s == null ? null : s.replace(/\s+/gu, ' ').trim());
const squeezed = (s: string | null | undefined) => (s == null ? null : s.replace(/\s+/gu, ''));

function goldBody(a: GoldArticle): string {
  return a.body_text
    .split('\n')
    .map((p) => p.replace(/\s+/gu, ''))
    .join('\n');
}

function recoveredBody(a: ScorableArticle): string {
  return a.paragraphs
    .filter((p) => p.kind !== 'subheading')
    .map((p) => p.text.replace(/\s+/gu, ''))
    .filter((p) => p.length > 0)
    .join('\n');
}

function grams(text: string): Map<string, number> {
  const chars = [...text.replace(/\s+/gu, '')];
  const out = new Map<string, number>();
  for (let i = 0; i + 4 <= chars.length; i++) {
    const g = chars.slice(i, i + 4).join('');
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

function gramOverlap(a: Map<string, number>, b: Map<string, number>): number {
  let total = 0;
  let shared = 0;
  let totalA = 0;
  for (const n of a.values()) totalA += n;
  for (const [g, n] of b) {
    total += n;
    shared += Math.min(n, a.get(g) ?? 0);
  }
  const larger = Math.max(totalA, total);
  return larger ? shared / larger : 0;
}

/** The share of 4-grams two articles must share to be the same article. */
const MATCH_THRESHOLD = 0.5;

/** Pairs gold and recovered articles (indices), best overlap first. */
export function matchToGold(gold: readonly GoldArticle[], recovered: readonly ScorableArticle[]): [number, number][] {
  const g = gold.map((a) => grams(goldBody(a)));
  const r = recovered.map((a) => grams(recoveredBody(a)));
  const candidates: { gi: number; ri: number; score: number }[] = [];
  g.forEach((ga, gi) =>
    r.forEach((ra, ri) => {
      const score = gramOverlap(ga, ra);
      if (score >= MATCH_THRESHOLD) candidates.push({ gi, ri, score });
    }),
  );
  candidates.sort((a, b) => b.score - a.score || a.gi - b.gi || a.ri - b.ri);
  const usedG = new Set<number>();
  const usedR = new Set<number>();
  const pairs: [number, number][] = [];
  for (const c of candidates) {
    if (usedG.has(c.gi) || usedR.has(c.ri)) continue;
    usedG.add(c.gi);
    usedR.add(c.ri);
    pairs.push([c.gi, c.ri]);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}

export interface ArticleVerdict {
  gold: string;
  recovered: string | null;
  headline: boolean;
  kickerSubtitle: boolean;
  byline: boolean;
  paragraphs: string;
  similarity: number;
}

/** Scores one page's recovered articles against its gold; `verdicts` says what went wrong where. */
export function scorePage(gold: GoldPage, recovered: readonly ScorableArticle[]): { tally: Tally; verdicts: ArticleVerdict[] } {
  const tally = emptyTally();
  tally.pages = 1;
  tally.gold = gold.articles.length;
  tally.recovered = recovered.length;
  const pairs = new Map(matchToGold(gold.articles, recovered));
  const verdicts: ArticleVerdict[] = [];
  gold.articles.forEach((g, gi) => {
    const eb = [...goldBody(g)];
    tally.length += eb.length;
    const ri = pairs.get(gi);
    if (ri === undefined) {
      tally.distance += eb.length;
      verdicts.push({ gold: g.headline, recovered: null, headline: false, kickerSubtitle: false, byline: false, paragraphs: `${g.paragraph_count}/-`, similarity: 0 });
      return;
    }
    const r = recovered[ri];
    tally.matched++;
    const headline = spaced(g.headline) === spaced(r.headline);
    const kickerSubtitle = spaced(g.kicker) === spaced(r.kicker) && spaced(g.subtitle) === spaced(r.subtitle);
    const bylines = [squeezed(g.byline_raw), g.dateline ? squeezed(`${g.dateline}${g.byline_raw ?? ''}`) : undefined];
    const byline = bylines.includes(squeezed(r.byline));
    const ab = [...recoveredBody(r)];
    const length = Math.max(eb.length, ab.length, 1);
    const distance = editDistance(eb, ab, length);
    const count = r.paragraphs.filter((p) => p.kind !== 'subheading' && p.text.trim() !== '').length;
    tally.distance += Math.min(distance, eb.length);
    if (headline) tally.headline++;
    if (kickerSubtitle) tally.kickerSubtitle++;
    if (byline) tally.byline++;
    if (count === g.paragraph_count) tally.paragraphs++;
    verdicts.push({ gold: g.headline, recovered: r.headline, headline, kickerSubtitle, byline, paragraphs: `${g.paragraph_count}/${count}`, similarity: 1 - distance / length });
  });
  return { tally, verdicts };
}

/** The text versions of every gold page: `pages/` (pdfminer) and each extractor in `alt/`. */
export const EXTRACTORS = ['pdfminer', 'pdfminer-default', 'pdftotext', 'pdftotext-raw', 'mutool'] as const;
export type Extractor = (typeof EXTRACTORS)[number];

export function pageTextPath(page: string, extractor: Extractor, dir: URL = REALPAGES_DIR): URL {
  const stem = page.replace(/\.txt$/u, '');
  return extractor === 'pdfminer' ? new URL(`pages/${page}`, dir) : new URL(`alt/${stem}.${extractor}.txt`, dir);
}

export interface ExtractorResult {
  extractor: Extractor;
  total: RealPagesScore;
  pages: { page: string; score: RealPagesScore; verdicts: ArticleVerdict[] }[];
}

/** Recovers every page of every extractor with `recover` and scores it. */
export function scoreRealPages(
  gold: readonly GoldPage[],
  recover: (text: string, page: string) => readonly ScorableArticle[],
  extractors: readonly Extractor[] = EXTRACTORS,
  dir: URL = REALPAGES_DIR,
): ExtractorResult[] {
  return extractors.map((extractor) => {
    const total = emptyTally();
    const pages = gold.map((g) => {
      const text = readFileSync(pageTextPath(g.page, extractor, dir), 'utf8');
      const { tally, verdicts } = scorePage(g, recover(text, g.page));
      addTally(total, tally);
      return { page: g.page, score: finish(tally), verdicts };
    });
    return { extractor, total: finish(total), pages };
  });
}

const COLUMNS: [keyof RealPagesScore, string][] = [
  ['recall', 'recall'],
  ['precision', 'precision'],
  ['headlineExact', 'headline'],
  ['kickerSubtitleExact', 'kick/sub'],
  ['bylineExact', 'byline'],
  ['bodySimilarity', 'body_sim'],
  ['paragraphCount', 'para_count'],
];

export function formatRealPages(results: readonly ExtractorResult[], perPage = true): string {
  const row = (name: string, s: RealPagesScore) =>
    `${name.padEnd(22)}${String(s.goldArticles).padStart(5)}${String(s.recoveredArticles).padStart(6)}` +
    COLUMNS.map(([k, label]) => (s[k] as number).toFixed(3).padStart(label.length + 2)).join('');
  const header = `${'real pages'.padEnd(22)} gold found` + COLUMNS.map(([, label]) => label.padStart(label.length + 2)).join('');
  const lines = [header];
  for (const r of results) {
    lines.push(row(r.extractor, r.total));
    if (perPage) for (const p of r.pages) lines.push(row(`  ${p.page}`, p.score));
  }
  return lines.join('\n');
}
