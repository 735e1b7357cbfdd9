/**
 * Page-level checks over some pages at a time. Every check is page-local: it compares rows of one
 * page (or one article) with each other, or with tables no page owns (divisions, curation
 * entries). Keys make this so: article ids start with their source id and fact ids with their
 * article id, so rows of two pages never share a key. Two uses follow:
 *
 * - After a cached build whose cached pages passed every check, checking the changed pages alone
 *   gives the same violations as checking the whole database; at 100,000 articles that is under a
 *   second instead of ~17 s.
 * - A large build checks its pages in batches, so that a check's joins and sorts hold one batch's
 *   rows, never the corpus's: at 1,000,000 articles, text-segments-match-raw over every page at
 *   once ran out of memory under a 512MB limit.
 *
 * A scope is a set of temporary tables shadowing the page tables (DuckDB resolves unqualified
 * names in the temp schema first) with only the scoped pages' rows, so the check SQL is unchanged.
 * A check that compares rows of different pages must say `-- scope: all` (see parseCheckFile);
 * it runs before any scope is set up, over every row.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Check } from './checks.ts';
import { bytesOf, halfOf, sqlString } from './open-database.ts';
import { ident, pageLink, type TableSpec } from '../schema/index.ts';

const SOURCES = '_check_sources';

/**
 * Pages per check batch. About 120,000 articles at three a page: every check over a 300,000-article
 * corpus at once passed under a 512MB limit, so a batch stays well inside it.
 */
export const CHECK_BATCH_PAGES = 40_000;

/**
 * Pages per check batch under a DuckDB limit of `limitBytes`: one for every 32 KB (8,000 under
 * 256MB), at most CHECK_BATCH_PAGES. The checks' joins carry the pages' text: the bench's
 * 20,000-article corpus (6,681 pages, 21.7 MB of raw text) passed every check in one batch
 * under 160MB and ran out of memory under 100MB (text-segments-match-raw), where batches of
 * 2,000 pages passed.
 */
export function checkBatchPagesUnder(limitBytes: number): number {
  return Math.max(1, Math.min(CHECK_BATCH_PAGES, Math.floor(limitBytes / 32_000)));
}

/** Under this, some checks run out of memory whatever the batch (facts-view-matches-facts over the two seed pages under 32MB). */
const CHECKS_LEAST_BYTES = 128_000_000;

/**
 * DuckDB's limit for the checks, given the build's: half of it (256MB of 512MB), in batches of
 * checkBatchPagesUnder pages, or all of it when half would be under 128MB or cannot be told.
 */
export function checksMemoryLimit(limit: string): string {
  const half = halfOf(limit);
  return half !== null && (bytesOf(half) ?? 0) >= CHECKS_LEAST_BYTES ? half : limit;
}

/** The pages of a scope: listed by source id, or every source id from `from` up to (not including) `before`, in DuckDB's order. */
export type PageSet = { sourceIds: readonly string[] } | { from: string; before: string | null };

/**
 * Every page of the database in batches of at most `size` pages, as ranges of source ids; one
 * batch (or none, without a sources table) means the checks need no batching.
 */
export async function pageBatches(connection: DuckDBConnection, specs: readonly TableSpec[], size: number = CHECK_BATCH_PAGES): Promise<PageSet[]> {
  if (!specs.some((s) => s.table === 'sources')) return [];
  // The first source id of each batch, ordered by DuckDB itself so that the ranges are exact.
  const starts = (await connection.runAndReadAll(
    `SELECT source_id FROM (SELECT source_id, row_number() OVER (ORDER BY source_id) - 1 AS k FROM sources) WHERE k % ${Math.max(1, Math.floor(size))} = 0 ORDER BY source_id`,
  )).getRows().map(([id]) => String(id));
  return starts.map((from, k) => ({ from, before: starts[k + 1] ?? null }));
}

/**
 * `sourceIds` in batches of at most `size`, for checking the pages a cached build made again. Never
 * no batch: every check needs a result, even over no pages.
 */
export function listedBatches(sourceIds: readonly string[], size: number = CHECK_BATCH_PAGES): PageSet[] {
  const step = Math.max(1, Math.floor(size));
  const batches: PageSet[] = [];
  for (let k = 0; k < sourceIds.length; k += step) batches.push({ sourceIds: sourceIds.slice(k, k + step) });
  return batches.length ? batches : [{ sourceIds: [] }];
}

/**
 * Shadows every page table with the rows of `pages`; returns a function that drops the shadows
 * (the next batch, and the release, must see the tables again).
 */
export async function scopeToPages(connection: DuckDBConnection, specs: readonly TableSpec[], pages: PageSet): Promise<() => Promise<void>> {
  const db = ident(String((await connection.runAndReadAll('SELECT current_database()')).getRows()[0][0]));
  const created: string[] = [];
  let sourceFilter: string;
  if ('sourceIds' in pages) {
    await connection.run(`CREATE TEMP TABLE ${SOURCES} (source_id VARCHAR NOT NULL)`);
    created.push(SOURCES);
    const appender = await connection.createAppender(SOURCES, 'main', 'temp');
    for (const id of pages.sourceIds) {
      appender.appendVarchar(id);
      appender.endRow();
    }
    appender.closeSync();
    sourceFilter = `source_id IN (SELECT source_id FROM temp.main.${SOURCES})`;
  } else {
    // Constant bounds: DuckDB skips the row groups outside them (rows are loaded in page order).
    sourceFilter = `source_id >= ${sqlString(pages.from)}${pages.before === null ? '' : ` AND source_id < ${sqlString(pages.before)}`}`;
  }
  const shadow = async (s: TableSpec, where: string) => {
    await connection.run(`CREATE TEMP TABLE ${ident(s.table)} AS SELECT * FROM ${db}.main.${ident(s.table)} WHERE ${where}`);
    created.push(s.table);
  };
  // Tables with a source id first: the article-keyed ones are found through the scoped articles,
  // within their smallest and largest id as constants, for the same skipping.
  const link = (s: TableSpec) => pageLink(s.fields.map((f) => f.name));
  for (const s of specs.filter((x) => link(x) === 'source')) await shadow(s, sourceFilter);
  const articleTables = specs.filter((x) => link(x) === 'article');
  if (articleTables.length) {
    const [lowest, highest] = (await connection.runAndReadAll('SELECT min(article_id), max(article_id) FROM temp.main.articles')).getRows()[0];
    const within = lowest === null ? 'false' : `article_id BETWEEN ${sqlString(String(lowest))} AND ${sqlString(String(highest))}`;
    for (const s of articleTables) await shadow(s, `${within} AND article_id IN (SELECT article_id FROM temp.main.articles)`);
  }
  return async () => {
    for (const t of created.reverse()) await connection.run(`DROP TABLE temp.main.${ident(t)}`);
  };
}

/**
 * Runs `checks` as a build does: all at once when one pass over every page will do (no `scope`,
 * and at most one batch); otherwise the checks over every row first, then the page-level ones
 * over each batch in turn. `run` gets the check, its index in `checks`, and which batch it is
 * over ('' when there is no more than one), for messages.
 */
export async function runChecksOverPages(
  connection: DuckDBConnection,
  specs: readonly TableSpec[],
  checks: readonly Check[],
  batches: readonly PageSet[],
  scope: boolean,
  run: (check: Check, index: number, batch: string) => Promise<void>,
): Promise<void> {
  if (!scope && batches.length <= 1) {
    for (const [k, check] of checks.entries()) await run(check, k, '');
    return;
  }
  for (const [k, check] of checks.entries()) if (check.scope === 'all') await run(check, k, '');
  for (const [b, batch] of batches.entries()) {
    const unscope = await scopeToPages(connection, specs, batch);
    const label = batches.length > 1 ? `batch ${b + 1} of ${batches.length}` : '';
    for (const [k, check] of checks.entries()) if (check.scope === 'page') await run(check, k, label);
    await unscope();
  }
}
