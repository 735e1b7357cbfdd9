/**
 * The incremental build cache: a DuckDB database file that keeps every table's rows from the last
 * build, with, per raw page, the key of what its rows were made from. A page whose key is unchanged
 * is skipped; a changed or removed page has its rows deleted and (if still there) made again.
 * The release is then written from the whole database, so a cached build publishes exactly the
 * bytes a clean one does (the release query orders every table by its primary key); the checks run
 * over the changed pages only when the cached rows passed them all (src/db/check-scope.ts).
 *
 * The key of a page is the hash of its raw bytes, its manifest row and the curation entries
 * anchored to it; the whole cache is dropped when the code version changes (the source code,
 * the schemas, the reference data or the locked dependencies). A build that stops half-way leaves
 * the cache marked unfinished, and the next build starts from an empty one.
 *
 * Every cached page has a checksum, checked when a warm cache is opened: the MD5 of the page's
 * name, key and stored result (issues, curation matches, row counts) and, per page table, the
 * count and the sum of DuckDB's row hashes of the rows that belong to the page (by `source_id`, or
 * through their article). A page whose checksum no longer matches (a row changed, lost or added
 * by a bad disk or a stray write) is made again; rows that belong to no cached page, or a file
 * DuckDB cannot read (its own block checksums fail), make the build start an empty cache. Reading
 * every cached row for this also means a damaged block is found here, not half-way through the build.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CurationEntry } from '../curation/read-curation.ts';
import type { LayoutEntry } from '../curation/layout-curation.ts';
import type { TableName } from '../generated/tables.ts';
import type { ManifestEntry } from '../inputs/index.ts';
import { issue, type Issue } from '../issues.ts';
import { openDatabase, sqlString, type Database, type DatabaseOptions } from '../db/open-database.ts';
import { createTables } from '../db/table-loader.ts';
import { ident, pageLink, type TableSpec } from '../schema/index.ts';
import { sourceId } from '../rows.ts';
import type { CurationMatch } from './page-job.ts';

/** Bump when the cache's own layout changes. */
const CACHE_FORMAT = 2;

/** What a build remembers of a page whose rows are in the database. */
export interface CachedPage {
  key: string;
  issues: Issue[];
  curationMatches: CurationMatch[];
  counts: Partial<Record<TableName, number>>;
}

/**
 * The key a page's rows depend on, besides the code version. The manifest row's line is left out
 * (no row of the page records it), so adding or removing another page's row keeps this key; the
 * curation entries' lines stay in, since the page's match counts are stored by file and line.
 */
export function pageKey(sha256: string, manifest: ManifestEntry | null, curation: readonly (CurationEntry | LayoutEntry)[]): string {
  const { line: _line, ...entry } = manifest ?? { line: 0 };
  return createHash('sha256').update(JSON.stringify([sha256, manifest && entry, curation])).digest('hex');
}

async function hashTree(hash: ReturnType<typeof createHash>, root: string): Promise<void> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true }).catch(() => []);
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).sort();
  for (const f of files) hash.update(path.relative(root, f)).update('\0').update(await readFile(f)).update('\0');
}

/**
 * The version of everything that makes or checks rows: this program's source files (the checks
 * among them), the schemas, the gazetteer, any other folder given (checks from elsewhere) and
 * package-lock.json (the extractors' dependencies). Any change drops the cache.
 */
export async function codeVersion(schemaDir: string, referenceDir: string, ...otherDirs: string[]): Promise<string> {
  const hash = createHash('sha256').update(`cache-format ${CACHE_FORMAT}\n`);
  const src = fileURLToPath(new URL('../', import.meta.url));
  for (const dir of [src, schemaDir, referenceDir, ...otherDirs]) await hashTree(hash, dir);
  hash.update(await readFile(fileURLToPath(new URL('../../package-lock.json', import.meta.url))).catch(() => Buffer.from('')));
  return hash.digest('hex');
}

export interface OpenedCache {
  db: Database;
  /** The cached pages by file name; empty for a fresh database. */
  pages: Map<string, CachedPage>;
  /**
   * The cache in use, or null. `warm`: the build works in the cache file itself (only changed
   * pages are written to it). Cold: the build loads into memory and persistCache copies the
   * tables into the file once they are loaded, which is faster than committing to the file page batch by page batch.
   */
  cache: { file: string; warm: boolean } | null;
  /** Why the cache could not be used (the build then runs without one), or what of it was found corrupt and is made again. */
  warning: Issue | null;
  /** The cached rows passed every check in the build that left them (see src/db/check-scope.ts). */
  checksPassed: boolean;
}

const STATE = '_build_state';
const PAGES = '_build_pages';
/** The cache file's name inside the build's in-memory database. */
const CACHE = 'build_cache';

async function readState(connection: DuckDBConnection, schema: string): Promise<Record<string, string>> {
  const rows = await (await connection.runAndReadAll(`SELECT name, value FROM ${schema}.${STATE}`)).getRowObjectsJS();
  return Object.fromEntries(rows.map((r) => [String(r.name), String(r.value)]));
}

/** Sets one state value in the cache file (attached as CACHE, whether or not it is the database in use). */
async function setState(connection: DuckDBConnection, name: string, value: string): Promise<void> {
  await connection.run(`DELETE FROM ${CACHE}.main.${STATE} WHERE name = $name`, { name });
  await connection.run(`INSERT INTO ${CACHE}.main.${STATE} VALUES ($name, $value)`, { name, value });
}

/** The schema's tables and the cache's own two. */
async function createBuildTables(connection: DuckDBConnection, specs: readonly TableSpec[]): Promise<void> {
  await createTables(connection, specs);
  await connection.run(`CREATE TABLE ${STATE} (name VARCHAR NOT NULL, value VARCHAR NOT NULL)`);
  await connection.run(`CREATE TABLE ${PAGES} (name VARCHAR NOT NULL, key VARCHAR NOT NULL, result VARCHAR NOT NULL, source_id VARCHAR NOT NULL, checksum VARCHAR)`);
}

async function removeDatabase(file: string): Promise<void> {
  for (const f of [file, `${file}.wal`]) await rm(f, { force: true });
}

/** Replaces the cache file with an empty one of this code version, attached and locked; the build loads into memory. */
async function startEmpty(db: Database, file: string, version: string, specs: readonly TableSpec[]): Promise<void> {
  await db.connection.run(`DETACH DATABASE IF EXISTS ${CACHE}`);
  await removeDatabase(file);
  await db.connection.run(`ATTACH ${sqlString(file)} AS ${CACHE}`);
  await db.connection.run(`USE ${CACHE}`);
  await createBuildTables(db.connection, specs);
  await setState(db.connection, 'code_version', version);
  await db.connection.run('USE memory');
  await createBuildTables(db.connection, specs);
}

function cacheEntriesCorrupt(file: string, names: string[]): Issue {
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} pages)` : '');
  return issue({ code: 'cache-entry-corrupt', severity: 'warning', file: null, what: `${names.length} cached page${names.length === 1 ? '' : 's'} of ${file} no longer match${names.length === 1 ? 'es' : ''} ${names.length === 1 ? 'its' : 'their'} checksum (${shown}); made again`, expected: 'cached rows as the build left them', got: 'other rows', value: names });
}

function cacheRebuilt(file: string, message: string): Issue {
  return issue({ code: 'cache-rebuilt', severity: 'warning', file: null, what: `the build cache ${file} is damaged (${message}); it was started afresh and every page made again`, expected: 'a readable cache', got: 'an error' });
}

/**
 * Opens the build database: in memory (DuckDB spills it to the temporary folder past the memory
 * limit), with the cache file attached when one is given and usable. A warm cache (same code
 * version, finished) becomes the database the build works in; any other is emptied, and filled
 * by persistCache once the build has loaded its rows.
 */
export async function openBuildDatabase(file: string | null, version: string, specs: readonly TableSpec[], options: Omit<DatabaseOptions, 'path'>): Promise<OpenedCache> {
  const db = await openDatabase(options);
  let warning: Issue | null = null;
  if (file !== null) {
    try {
      await mkdir(path.dirname(file), { recursive: true });
      // Attaching takes DuckDB's lock on the file: a second build using the same cache fails here.
      await db.connection.run(`ATTACH ${sqlString(file)} AS ${CACHE}`);
      const state = await readState(db.connection, CACHE).catch(() => null);
      if (state !== null && state.code_version === version && state.status === 'ready') {
        await db.connection.run(`USE ${CACHE}`);
        // Read every cached row now: a damaged block fails here (and the cache is started afresh), not mid-build.
        const corrupt = await corruptPages(db.connection, specs);
        const pages = new Map<string, CachedPage>();
        for (const r of await (await db.connection.runAndReadAll(`SELECT name, key, result FROM ${PAGES} ORDER BY name`)).getRowObjectsJS()) {
          const name = String(r.name);
          let result: Omit<CachedPage, 'key'> | null = null;
          try {
            result = JSON.parse(String(r.result));
          } catch {
            corrupt.add(name);
          }
          // A corrupt page keeps its entry with a key no page has: the build forgets its rows and makes it again.
          pages.set(name, corrupt.has(name) ? { key: 'corrupt', issues: [], curationMatches: [], counts: {} } : { key: String(r.key), ...result! });
        }
        if (corrupt.size) warning = cacheEntriesCorrupt(file, [...corrupt].sort());
        // Until the build has loaded everything, the file does not describe the pages; until its
        // checks pass, nothing is known of the rows it will hold.
        await setState(db.connection, 'status', 'loading');
        await db.connection.run(`DELETE FROM ${CACHE}.main.${STATE} WHERE name = 'checks'`);
        await db.connection.run(`CHECKPOINT ${CACHE}`);
        return { db, pages, cache: { file, warm: true }, warning, checksPassed: state.checks === 'passed' && corrupt.size === 0 };
      }
      // Another code version, unfinished or unreadable: start from an empty file (still locked by us).
      await startEmpty(db, file, version, specs);
      return { db, pages: new Map(), cache: { file, warm: false }, warning, checksPassed: false };
    } catch (e) {
      const message = (e as Error).message.split('\n')[0];
      await db.connection.run('USE memory').catch(() => {});
      await db.connection.run(`DETACH DATABASE IF EXISTS ${CACHE}`).catch(() => {});
      // Another build holds the file: leave it alone. Anything else is a damaged cache: start it afresh.
      if (!/Could not set lock on file/i.test(message)) {
        try {
          await startEmpty(db, file, version, specs);
          return { db, pages: new Map(), cache: { file, warm: false }, warning: cacheRebuilt(file, message), checksPassed: false };
        } catch {
          await db.connection.run('USE memory').catch(() => {});
          await db.connection.run(`DETACH DATABASE IF EXISTS ${CACHE}`).catch(() => {});
        }
      }
      warning = issue({ code: 'cache-unavailable', severity: 'warning', file: null, what: `the build cache ${file} cannot be used (${message}); building without it`, expected: 'a cache no other build is using', got: 'an error' });
    }
  }
  await createBuildTables(db.connection, specs);
  return { db, pages: new Map(), cache: null, warning, checksPassed: false };
}

/**
 * Per page (by source_id) and table: `<table>:<rows>:<sum of row hashes>`, joined in table order;
 * `only` limits it to the pages of a query returning source_id. A row whose page cannot be found
 * (an article-linked row without its article) counts under a NULL source_id.
 */
function pageDigestsSql(specs: readonly TableSpec[], only: string | null): string {
  const parts: string[] = [];
  for (const s of specs) {
    const link = pageLink(s.fields.map((f) => f.name));
    if (link === null) continue;
    const row = `hash(${s.fields.map((f) => `t.${ident(f.name)}`).join(', ')})`;
    const from = link === 'source'
      ? `${ident(s.table)} t`
      : `${ident(s.table)} t LEFT JOIN articles a ON a.article_id = t.article_id`;
    const sid = link === 'source' ? 't.source_id' : 'a.source_id';
    const where = only ? ` WHERE ${sid} IN (${only})` : '';
    parts.push(`SELECT ${sid} AS source_id, ${sqlString(s.table)} AS t, count(*) AS n, sum(${row}) AS h FROM ${from}${where} GROUP BY ALL`);
  }
  return `SELECT source_id, string_agg(t || ':' || n || ':' || h, ';' ORDER BY t) AS digest FROM (${parts.join(' UNION ALL ')}) GROUP BY source_id`;
}

const checksumSql = (p: string, digest: string) => `md5(${p}.name || chr(0) || ${p}.key || chr(0) || ${p}.result || chr(0) || coalesce(${digest}, ''))`;

/** Sets the checksum of every page loaded in this build (those without one), once all rows are in. */
export async function sealPages(connection: DuckDBConnection, specs: readonly TableSpec[]): Promise<void> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE _build_digests AS ${pageDigestsSql(specs, `SELECT source_id FROM ${PAGES} WHERE checksum IS NULL`)}`);
  await connection.run(`UPDATE ${PAGES} SET checksum = ${checksumSql(PAGES, `(SELECT digest FROM _build_digests d WHERE d.source_id = ${PAGES}.source_id)`)} WHERE checksum IS NULL`);
  await connection.run('DROP TABLE _build_digests');
}

/**
 * The cached pages whose checksum no longer matches their rows and result. Throws when rows belong
 * to no cached page (they could not be forgotten page by page): the cache is then started afresh.
 */
async function corruptPages(connection: DuckDBConnection, specs: readonly TableSpec[]): Promise<Set<string>> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE _build_digests AS ${pageDigestsSql(specs, null)}`);
  try {
    const stray = await (await connection.runAndReadAll(`SELECT count(*) FROM _build_digests d WHERE d.source_id IS NULL OR d.source_id NOT IN (SELECT source_id FROM ${PAGES})`)).getRowsJS();
    if (Number(stray[0][0]) > 0) throw new Error('rows that belong to no cached page');
    const rows = await (await connection.runAndReadAll(
      `SELECT p.name FROM ${PAGES} p LEFT JOIN _build_digests d ON d.source_id = p.source_id WHERE p.checksum IS DISTINCT FROM ${checksumSql('p', 'd.digest')}`,
    )).getRowsJS();
    return new Set(rows.map((r) => String(r[0])));
  } finally {
    await connection.run('DROP TABLE IF EXISTS _build_digests');
  }
}

/**
 * Copies every table of a cold build from memory into the cache file, then marks the cache ready.
 * One bulk insert per table: DuckDB writes its row groups straight to the file.
 */
export async function persistCache(connection: DuckDBConnection, specs: readonly TableSpec[]): Promise<void> {
  await sealPages(connection, specs);
  for (const t of [...specs.map((s) => ident(s.table)), PAGES]) await connection.run(`INSERT INTO ${CACHE}.${t} SELECT * FROM memory.${t}`);
  await markCacheReady(connection);
}

/**
 * Deletes the rows of the given pages from every page table (through their articles for tables
 * keyed by article), and the tables rebuilt by every build (divisions, curation entries).
 */
export async function forgetPages(connection: DuckDBConnection, specs: readonly TableSpec[], names: readonly string[]): Promise<void> {
  await connection.run('CREATE OR REPLACE TABLE _build_forget (name VARCHAR, source_id VARCHAR)');
  if (names.length) {
    const appender = await connection.createAppender('_build_forget');
    for (const n of names) {
      appender.appendVarchar(n);
      appender.appendVarchar(sourceId(n));
      appender.endRow();
    }
    appender.closeSync();
  }
  const sources = 'SELECT source_id FROM _build_forget';
  const link = (s: TableSpec) => pageLink(s.fields.map((f) => f.name));
  // Tables keyed by article first: their rows are found through the articles about to go.
  for (const s of specs.filter((x) => link(x) === 'article')) {
    await connection.run(`DELETE FROM ${ident(s.table)} WHERE article_id IN (SELECT article_id FROM articles WHERE source_id IN (${sources}))`);
  }
  for (const s of specs.filter((x) => link(x) === 'source')) await connection.run(`DELETE FROM ${ident(s.table)} WHERE source_id IN (${sources})`);
  for (const s of specs.filter((x) => link(x) === null)) await connection.run(`DELETE FROM ${ident(s.table)}`);
  await connection.run(`DELETE FROM ${PAGES} WHERE name IN (SELECT name FROM _build_forget)`);
  await connection.run('DROP TABLE _build_forget');
  // The sources rows of pages the last build left out (quarantine.ts): every build decides anew.
  if (specs.find((s) => s.table === 'sources')?.fields.some((f) => f.name === 'left_out')) await connection.run('DELETE FROM sources WHERE left_out');
}

/**
 * Takes the rows of pages that broke a check out of the build (quarantine.ts): deletes them from
 * every page table, in the cache file too, and forgets the pages in the cache, so the next build
 * makes them again. Returns their sources rows, to be
 * published again marked as left out.
 */
export async function leavePagesOut(connection: DuckDBConnection, specs: readonly TableSpec[], pages: readonly { sourceId: string; name: string }[], cache: OpenedCache['cache']): Promise<Record<string, unknown>[]> {
  if (!pages.length) return [];
  await connection.run('CREATE OR REPLACE TEMP TABLE _build_left_out (source_id VARCHAR, name VARCHAR)');
  const appender = await connection.createAppender('_build_left_out', 'main', 'temp');
  for (const p of pages) {
    appender.appendVarchar(p.sourceId);
    appender.appendVarchar(p.name);
    appender.endRow();
  }
  appender.closeSync();
  const ids = 'SELECT source_id FROM temp.main._build_left_out';
  const hasSources = specs.some((s) => s.table === 'sources');
  const rows = hasSources ? (await connection.runAndReadAll(`SELECT * FROM sources WHERE source_id IN (${ids}) ORDER BY source_id`)).getRowObjectsJson() as Record<string, unknown>[] : [];
  // JSON gives BIGINTs as strings: back to the row types the schema validates.
  for (const f of specs.find((x) => x.table === 'sources')?.fields ?? []) {
    if (f.type === 'integer') for (const r of rows) if (typeof r[f.name] === 'string') r[f.name] = Number(r[f.name]);
  }
  const link = (s: TableSpec) => pageLink(s.fields.map((f) => f.name));
  // A cold cache was copied into the file before the checks ran: its copy goes too.
  for (const prefix of cache && !cache.warm ? ['', `${CACHE}.main.`] : ['']) {
    for (const s of specs.filter((x) => link(x) === 'article')) {
      await connection.run(`DELETE FROM ${prefix}${ident(s.table)} WHERE article_id IN (SELECT article_id FROM ${prefix}articles WHERE source_id IN (${ids}))`);
    }
    for (const s of specs.filter((x) => link(x) === 'source')) await connection.run(`DELETE FROM ${prefix}${ident(s.table)} WHERE source_id IN (${ids})`);
    if (cache) await connection.run(`DELETE FROM ${prefix}${PAGES} WHERE name IN (SELECT name FROM temp.main._build_left_out)`);
  }
  await connection.run('DROP TABLE temp.main._build_left_out');
  return rows;
}

/** Records pages whose rows were loaded, and their results for the report. */
export async function rememberPages(connection: DuckDBConnection, pages: readonly (CachedPage & { name: string })[]): Promise<void> {
  if (!pages.length) return;
  const appender = await connection.createAppender(PAGES);
  for (const p of pages) {
    appender.appendVarchar(p.name);
    appender.appendVarchar(p.key);
    appender.appendVarchar(JSON.stringify({ issues: p.issues, curationMatches: p.curationMatches, counts: p.counts }));
    appender.appendVarchar(sourceId(p.name));
    appender.appendNull(); // sealPages sets it once the page's rows are loaded
    appender.endRow();
  }
  appender.closeSync();
}

/** Records that every check passed over the cache's rows: the next build may check its changed pages alone. */
export async function markChecksPassed(connection: DuckDBConnection): Promise<void> {
  await setState(connection, 'checks', 'passed');
  await connection.run(`CHECKPOINT ${CACHE}`);
}

/** Marks the cache as describing its pages again, once every row of the build is loaded. */
export async function markCacheReady(connection: DuckDBConnection): Promise<void> {
  await setState(connection, 'status', 'ready');
  await connection.run(`CHECKPOINT ${CACHE}`);
}
