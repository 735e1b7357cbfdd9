/**
 * The work done for one raw page, from its bytes to validated rows: decode → recover the layout →
 * rows and facts → reviewed corrections → validate. The same function runs on the main thread and
 * on worker threads, so the output cannot depend on where it ran. Pure apart from the curation
 * match counts, which it returns per page instead of keeping.
 */
import { Curation } from '../curation/apply-curation.ts';
import { LayoutCuration } from '../curation/layout-curation.ts';
import type { CurationEntry } from '../curation/read-curation.ts';
import type { LayoutEntry } from '../curation/layout-curation.ts';
import { addFactsView } from '../extract/facts-view.ts';
import { addPageFacts } from '../extract/page-facts.ts';
import { forgetAhead, segmentAhead } from '../extract/segmenter.ts';
import type { Gazetteer } from '../extract/divisions.ts';
import { TABLE_NAMES, type TableName } from '../generated/tables.ts';
import { groupBy } from '../group-by.ts';
import { decodeRawText, type ManifestEntry } from '../inputs/index.ts';
import { appendAll, issue, type Issue } from '../issues.ts';
import { recoverPage, type LayoutCorrections, type RecoveredPage } from '../recover/index.ts';
import { recoverPdfPage, type LineBox } from '../pdf/recover-pdf-page.ts';
import { manifestForPage, type PdfPageInput } from '../pdf/pdf-pages.ts';
import { articleSource, pageRows, sourceId, splitLines, type PageRows } from '../rows.ts';
import { validateRow, type TableSpec } from '../schema/index.ts';
import type { SourcesRow } from '../generated/tables.ts';
import { bytesOverLimit, countLines, DEFAULT_PAGE_LIMITS, linesOverLimit, PageTimeout, timeLimitIssue, withinTime, type PageLimits } from './page-limits.ts';

/** What every page needs, built once per thread. */
export interface PageContext {
  specs: readonly TableSpec[];
  gazetteer: Gazetteer;
  curation: Curation;
  layoutCuration: LayoutCuration;
  recover: (text: string, corrections: LayoutCorrections) => RecoveredPage;
  /** The curation entries (fact and layout) that can apply to a page, by source id. */
  entriesBySource: ReadonlyMap<string, readonly (CurationEntry | LayoutEntry)[]>;
  /** Bytes, lines and seconds a page may cost (src/pipeline/page-limits.ts). */
  limits: PageLimits;
}

/**
 * The context of a thread. The gazetteer may come as a function, called when a page first needs it:
 * a thread that hands its pages to workers then never loads it (about 90 MB with the segmenter).
 */
export function pageContext(specs: readonly TableSpec[], gazetteer: Gazetteer | (() => Gazetteer), facts: readonly CurationEntry[], layout: readonly LayoutEntry[], recover: PageContext['recover'] = recoverPage, limits: PageLimits = DEFAULT_PAGE_LIMITS): PageContext {
  let loaded = typeof gazetteer === 'function' ? null : gazetteer;
  return {
    limits,
    specs,
    get gazetteer() {
      return (loaded ??= (gazetteer as () => Gazetteer)());
    },
    curation: new Curation(facts, new Map(specs.map((s) => [s.table, s]))),
    layoutCuration: new LayoutCuration(layout),
    recover,
    entriesBySource: groupBy([...facts, ...layout], curationSource),
  };
}

/** The source (page) a curation entry is anchored to: article ids are `<source_id>-<12 hex>`. */
export function curationSource(entry: CurationEntry | LayoutEntry): string {
  return 'sourceId' in entry ? entry.sourceId : articleSource(entry.articleId);
}

/** One page to process: its raw bytes (already read and hashed) and its manifest row. */
export interface PageInput {
  name: string;
  bytes: Uint8Array;
  sha256: string;
  manifest: ManifestEntry | null;
  /** A page read from a PDF (bytes are then empty): recovered from its measured geometry. */
  pdf?: PdfPageInput | null;
}

/** How many rows a curation entry matched on this page, by the entry's file and line. */
export interface CurationMatch {
  file: string;
  line: number;
  matches: number;
}

/** Seconds spent per stage on this page. */
export interface PageTimings {
  decode: number;
  layout: number;
  extract: number;
  validate: number;
}

export interface PageResult {
  name: string;
  /** Rows per table; empty when the page has an error (nothing of it may be loaded). */
  rows: Partial<Record<TableName, Record<string, unknown>[]>>;
  /** Rows produced per table (also when invalid), for the report. */
  counts: Partial<Record<TableName, number>>;
  issues: Issue[];
  curationMatches: CurationMatch[];
  timings: PageTimings;
  /**
   * What is known of the page's sources row however far the page got (its encoding once decoded,
   * its line count once split, its layout once recovered): a page left out of the release keeps
   * its sources row, built from this.
   */
  known: Partial<Pick<SourcesRow, 'encoding' | 'line_count' | 'layout' | 'headline_position'>>;
}

/** Validates every row of one page; pure. */
export function validatePageRows(specs: readonly TableSpec[], rows: PageRows): Issue[] {
  const issues: Issue[] = [];
  for (const spec of specs) {
    for (const { row, at } of rows[spec.table as keyof PageRows] ?? []) appendAll(issues, validateRow(spec, row, at));
  }
  return issues;
}

/** A letter or digit of any script: what makes text printed words rather than punctuation or symbols. */
const PRINTED = /[\p{L}\p{N}]/u;

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/**
 * Who keeps a page's time limit: processPage itself (`watchdog`: the job runs under withinTime,
 * as on the main thread), or the worker pool (`pool`: it times each job from the main thread and
 * ends a worker whose job overran, see page-pool.ts), which saves the watchdog's cost per page.
 */
export type TimeKeeper = 'watchdog' | 'pool';

/**
 * Makes one page within its limits: a page over the byte limit is refused before decoding, one
 * over the line limit before recovery, and one whose work runs past the time limit is abandoned
 * (page-limits.ts and page-pool.ts say how). A page whose rows or facts throw (a bug) gets
 * `extraction-failed` instead of stopping the build: the build leaves such pages out (quarantine,
 * see build.ts).
 */
export function processPage(ctx: PageContext, input: PageInput, timeKeeper: TimeKeeper = 'watchdog'): PageResult {
  const file = `raw/${input.name}`;
  const timings: PageTimings = { decode: 0, layout: 0, extract: 0, validate: 0 };
  const known: PageResult['known'] = {};
  const tooLarge = bytesOverLimit(file, input.bytes.length, ctx.limits);
  if (tooLarge) return pageLeftOut(ctx, input, tooLarge, timings, known);
  try {
    const make = () => makePage(ctx, input, timings, known);
    return timeKeeper === 'pool' ? make() : withinTime(ctx.limits.seconds, make);
  } catch (e) {
    return pageLeftOut(ctx, input, e instanceof PageTimeout ? timeLimitIssue(file, ctx.limits) : extractionFailed(file, e), timings, known);
  }
}

/**
 * The result of a page left without rows, `why` saying why. What its abandoned work counted is
 * dropped with it: its curation matches restart at 0.
 */
function pageLeftOut(ctx: PageContext, input: PageInput, why: Issue, timings: PageTimings, known: PageResult['known']): PageResult {
  takeMatches(ctx, input.name);
  return { name: input.name, rows: {}, counts: {}, issues: [why], curationMatches: [], timings, known };
}

/** A page whose rows or facts threw: a bug, reported as the page's error instead of stopping the build. */
function extractionFailed(file: string, e: unknown): Issue {
  return issue({ code: 'extraction-failed', file, what: 'making the rows and facts of the page failed (a bug)', expected: 'rows and facts', got: String((e as Error)?.message ?? e) });
}

/**
 * The result of a page the worker pool abandoned (its worker ended) after `limits.seconds`:
 * `page-time-limit`, and of what the page had shown, what decoding it again tells (its encoding
 * and line count: a time limit is only spent after decoding), so that its left-out sources row
 * says as much as one abandoned on the main thread.
 */
export function pageOverTime(input: PageInput, limits: PageLimits): PageResult {
  const known: PageResult['known'] = {};
  if (!input.pdf) {
    const decoded = decodeRawText(input.bytes, `raw/${input.name}`);
    if (decoded.text !== null) Object.assign(known, { encoding: decoded.encoding, line_count: countLines(decoded.text) });
  }
  const timings: PageTimings = { decode: 0, layout: 0, extract: 0, validate: 0 };
  return { name: input.name, rows: {}, counts: {}, issues: [timeLimitIssue(`raw/${input.name}`, limits)], curationMatches: [], timings, known };
}

function makePage(ctx: PageContext, input: PageInput, timings: PageTimings, known: PageResult['known']): PageResult {
  const begun = beginPage(ctx, input, timings, known);
  return 'result' in begun ? begun.result : finishPage(ctx, begun);
}

/** A text page made up to its rows (decoded, recovered, rows built): its facts are still to come. */
interface BegunPage {
  name: string;
  rows: PageRows;
  issues: Issue[];
  timings: PageTimings;
  known: PageResult['known'];
}

/** A page's result (with its curation matches taken): its rows when it has no error, its counts either way. */
function pageResult(ctx: PageContext, name: string, issues: Issue[], rows: PageRows | null, timings: PageTimings, known: PageResult['known']): PageResult {
  const hasError = issues.some((i) => i.severity === 'error');
  const out: PageResult = { name, rows: {}, counts: {}, issues, curationMatches: takeMatches(ctx, name), timings, known };
  if (rows) {
    for (const t of TABLE_NAMES) {
      if (rows[t].length === 0) continue;
      out.counts[t] = rows[t].length;
      if (!hasError) out.rows[t] = rows[t].map((r) => r.row as unknown as Record<string, unknown>);
    }
  }
  return out;
}

/**
 * The first part of makePage: decode, recover the layout and build the rows; a page that ends
 * there (undecodable, too long, recovery failed, a PDF page: made whole) is its result.
 */
function beginPage(ctx: PageContext, input: PageInput, timings: PageTimings, known: PageResult['known']): { result: PageResult } | BegunPage {
  if (input.pdf) return { result: processPdfPage(ctx, input, input.pdf) };
  const { name, manifest } = input;
  const file = `raw/${name}`;
  const result = (issues: Issue[], rows: PageRows | null) => ({ result: pageResult(ctx, name, issues, rows, timings, known) });

  let t0 = performance.now();
  const decoded = decodeRawText(input.bytes, file);
  timings.decode = seconds(t0);
  if (decoded.text === null) return result([decoded.issue], null);
  const text = decoded.text;
  known.encoding = decoded.encoding;
  known.line_count = countLines(text);
  const tooLong = linesOverLimit(file, known.line_count, ctx.limits);
  if (tooLong) return result([tooLong], null);
  const issues: Issue[] = [];
  if (manifest === null) {
    issues.push(issue({ code: 'missing-manifest-entry', severity: 'warning', file, what: 'page has no manifest entry; its newspaper and date are unknown', expected: `a row for ${name} in manifest.csv`, got: 'none' }));
  }

  t0 = performance.now();
  let page: RecoveredPage;
  try {
    page = ctx.recover(text, ctx.layoutCuration.forPage(sourceId(name), splitLines(text)));
  } catch (e) {
    timings.layout = seconds(t0);
    issues.push(issue({ code: 'recovery-failed', file, what: 'page recovery failed', expected: 'recovered articles', got: (e as Error).message }));
    return result(issues, null);
  }
  timings.layout = seconds(t0);
  Object.assign(known, { line_count: page.lineCount, layout: page.layout, headline_position: page.headlinePosition });

  t0 = performance.now();
  const rows = pageRows({ name, sha256: input.sha256, bytes: input.bytes.length, encoding: decoded.encoding, manifest }, text, page);
  if (rows.articles.length === 0) {
    issues.push(issue({ code: 'no-articles', file, what: 'no article could be recovered from the page', expected: 'at least one article (body text, a headline or a byline)', got: `${page.unassigned.length} unassigned lines` }));
  } else if (!rows.articles.some(({ row: a }) => PRINTED.test(`${a.headline ?? ''}${a.text}`))) {
    // An article is printed words: a page of punctuation, symbols or spaces has none to publish.
    issues.push(issue({ code: 'no-articles', file, what: 'no article with printed text could be recovered from the page', expected: 'at least one article whose headline or text has a letter or digit', got: `${rows.articles.length} article${rows.articles.length === 1 ? '' : 's'} of punctuation and symbols only` }));
  }
  timings.extract = seconds(t0);
  return { name, rows, issues, timings, known };
}

/** The rest of makePage: facts, the reviewed corrections, the facts view, validation. */
function finishPage(ctx: PageContext, begun: BegunPage): PageResult {
  const { name, rows, issues, timings, known } = begun;
  let t0 = performance.now();
  // Facts, then the reviewed corrections, then the facts view of the corrected facts.
  addPageFacts(rows, ctx.gazetteer);
  appendAll(issues, ctx.curation.apply(rows));
  addFactsView(rows);
  timings.extract += seconds(t0);

  t0 = performance.now();
  appendAll(issues, validatePageRows(ctx.specs, rows));
  timings.validate = seconds(t0);
  return pageResult(ctx, name, issues, rows, timings, known);
}

/** The texts of a begun page that its facts will ask the segmenter about: each article's text and headline. */
function segmentedTexts(begun: BegunPage): string[] {
  const texts: string[] = [];
  for (const { row } of begun.rows.articles) {
    texts.push(row.text);
    if (row.headline !== null) texts.push(row.headline);
  }
  return texts;
}

/**
 * Tells the worker which page of a batch is being worked on (`index`) and when none is (null), so
 * that the pool can time each page's own work against its limit (see page-worker.ts).
 */
export type BatchClock = (index: number | null) => void;

/**
 * Makes several pages as processPage(ctx, input, 'pool') makes each (the same results, page by
 * page), but in three passes: every page up to its rows, then the segmenter over all their
 * articles' texts back to back (segmentAhead: jieba's cut costs several times less so), then
 * every page's facts and validation. `done` gets each page's result as soon as it is made (a page
 * that ends before its facts, undecodable or a PDF page, comes first). The time limit is the
 * pool's (`clock` marks whose work is running).
 */
export function processPages(ctx: PageContext, inputs: readonly PageInput[], clock: BatchClock, done: (index: number, result: PageResult) => void): void {
  const begun: (BegunPage | null)[] = inputs.map(() => null);
  const timings = inputs.map((): PageTimings => ({ decode: 0, layout: 0, extract: 0, validate: 0 }));
  const known = inputs.map((): PageResult['known'] => ({}));
  // As processPage: a page over the byte limit is refused, one whose work throws gets extraction-failed.
  const failed = (i: number, e: unknown): PageResult => pageLeftOut(ctx, inputs[i], extractionFailed(`raw/${inputs[i].name}`, e), timings[i], known[i]);
  const finish = (i: number, result: PageResult) => {
    clock(null);
    done(i, result);
  };
  try {
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i];
      clock(i);
      const tooLarge = bytesOverLimit(`raw/${input.name}`, input.bytes.length, ctx.limits);
      if (tooLarge) {
        finish(i, pageLeftOut(ctx, input, tooLarge, timings[i], known[i]));
        continue;
      }
      try {
        const b = beginPage(ctx, input, timings[i], known[i]);
        if ('result' in b) finish(i, b.result);
        else begun[i] = b;
      } catch (e) {
        finish(i, failed(i, e));
      }
      clock(null);
    }
    for (let i = 0; i < inputs.length; i++) {
      const b = begun[i];
      if (b === null) continue;
      clock(i);
      const t0 = performance.now();
      try {
        segmentAhead(segmentedTexts(b));
      } catch (e) {
        begun[i] = null;
        finish(i, failed(i, e));
        continue;
      }
      timings[i].extract += seconds(t0);
      clock(null);
    }
    for (let i = 0; i < inputs.length; i++) {
      const b = begun[i];
      if (b === null) continue;
      clock(i);
      let result: PageResult;
      try {
        result = finishPage(ctx, b);
      } catch (e) {
        result = failed(i, e);
      }
      finish(i, result);
    }
  } finally {
    forgetAhead();
  }
}

/**
 * A PDF page: recovered from its measured runs, which also writes its text layer (the raw lines
 * every offset and check refers to); then rows, facts and validation as for a text page, plus
 * where each line stands on the page (the lines table).
 */
function processPdfPage(ctx: PageContext, input: PageInput, pdf: PdfPageInput): PageResult {
  const { name } = input;
  const file = `${pdf.file}#page=${pdf.pageNo}`;
  const timings: PageTimings = { decode: 0, layout: 0, extract: 0, validate: 0 };
  const issues: Issue[] = [];
  const manifest = manifestForPage(input.manifest, pdf.pageNo, pdf.pageCount);
  if (input.manifest === null) {
    issues.push(issue({ code: 'missing-manifest-entry', severity: 'warning', file: pdf.file, what: 'PDF has no manifest entry; its newspaper and date are unknown', expected: `a row for ${pdf.file.replace(/^raw\//, '')} in manifest.csv`, got: 'none' }));
  }
  let t0 = performance.now();
  let recovered;
  try {
    recovered = recoverPdfPage(pdf.page);
  } catch (e) {
    timings.layout = seconds(t0);
    issues.push(issue({ code: 'recovery-failed', file, what: 'page recovery failed', expected: 'recovered articles', got: (e as Error).message }));
    return { name, rows: {}, counts: {}, issues, curationMatches: takeMatches(ctx, name), timings, known: {} };
  }
  timings.layout = seconds(t0);

  t0 = performance.now();
  const { text, page, boxes } = recovered;
  const rows = pageRows({ name, sha256: pdf.sha256, bytes: pdf.bytes, encoding: 'utf-8', manifest, pdf }, text, page);
  appendAll(rows.lines, lineRows(sourceId(name), pdf, boxes));
  if (rows.articles.length === 0) {
    issues.push(issue({ code: 'no-articles', file, what: 'no article could be recovered from the page', expected: 'at least one article (a headline over running text)', got: `${page.unassigned.length} unassigned lines` }));
  }
  addPageFacts(rows, ctx.gazetteer);
  appendAll(issues, ctx.curation.apply(rows));
  addFactsView(rows);
  timings.extract = seconds(t0);

  t0 = performance.now();
  appendAll(issues, validatePageRows(ctx.specs, rows));
  timings.validate = seconds(t0);
  const hasError = issues.some((i) => i.severity === 'error');
  const known: PageResult['known'] = { encoding: 'utf-8', line_count: countLines(text), layout: page.layout, headline_position: page.headlinePosition };
  const out: PageResult = { name, rows: {}, counts: {}, issues, curationMatches: takeMatches(ctx, name), timings, known };
  for (const t of TABLE_NAMES) {
    if (rows[t].length === 0) continue;
    out.counts[t] = rows[t].length;
    if (!hasError) out.rows[t] = rows[t].map((r) => r.row as unknown as Record<string, unknown>);
  }
  return out;
}

/** Where each raw line of a PDF page stands on the printed page. */
function lineRows(source: string, pdf: PdfPageInput, boxes: readonly LineBox[]): PageRows['lines'] {
  return boxes.map((b) => ({
    at: { file: `${pdf.file}#page=${pdf.pageNo}`, line: b.line },
    row: { source_id: source, line_no: b.line, pdf_page: pdf.pageNo, x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1, font_size: b.size, vertical: b.vertical },
  }));
}

/** The curation matches this page made, taken out of the thread's counters (which restart at 0). */
function takeMatches(ctx: PageContext, name: string): CurationMatch[] {
  const out: CurationMatch[] = [];
  for (const entry of ctx.entriesBySource.get(sourceId(name)) ?? []) {
    const counter = ('sourceId' in entry ? ctx.layoutCuration.matches : ctx.curation.matches) as Map<typeof entry, number>;
    const n = counter.get(entry) ?? 0;
    if (n === 0) continue;
    out.push({ file: entry.file, line: entry.line, matches: n });
    counter.set(entry, 0);
  }
  return out;
}
