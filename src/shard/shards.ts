/**
 * Sharded builds: `build --shard K/N` makes the pages of the K-th of N contiguous slices of the
 * sorted page list and writes them as a shard folder (one plain Parquet file per page table and
 * shard.json); `build --from-shards DIR…` loads a complete set of shards and publishes as an
 * ordinary build does, byte for byte. The shard folders come from other machines, so they are
 * read as hostile input: every problem of the set is a coded error naming the folder and field.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, rename, rm, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../db/open-database.ts';
import { BuildError, issue, type Issue } from '../issues.ts';
import { KNOWN_LIMITS_FILE } from '../publish/known-limits.ts';
import { DUCKDB_TYPES, ident, pageLink, type FieldSpec, type TableSpec } from '../schema/index.ts';
import type { CurationMatch } from '../pipeline/page-job.ts';
import type { PageLimits } from '../pipeline/page-limits.ts';
import type { QuarantinedPage } from '../pipeline/quarantine.ts';

/** Bump when the shard folder's layout changes: shards of another format are refused. */
export const SHARD_FORMAT = 1;
export const SHARD_FILE = 'shard.json';
/** The most shards of a set: what `K/N` can say (six digits). */
const MAX_SHARDS = 999_999;
/** shard.json is read whole; past this it is refused rather than read (a shard of 10^6 pages holds some hundred MB of issues at most). */
const MAX_SHARD_JSON_BYTES = 1024 ** 3;

export interface ShardSpec {
  k: number;
  n: number;
}

/** The options a shard's rows depend on: every shard of a set, and the merge, must agree on them. */
export interface ShardOptions {
  strict: boolean;
  limits: PageLimits;
}

/** What shard.json holds beside the Parquet files. */
export interface ShardManifest {
  format: number;
  shard: ShardSpec;
  code_version: string;
  inputs_hash: string;
  options: ShardOptions;
  /** The raw files of the shard, in page order, with the sha256 of their bytes. */
  pages: { name: string; sha256: string }[];
  /** The issues of the shard's pages, in page order, as an unsharded build reports them. */
  issues: Issue[];
  /** Matches of the curation entries on the shard's pages, totalled by entry. */
  curation_matches: CurationMatch[];
  /** Rows per table as the build report counts them (pages with errors included, pages left out not). */
  tables: Record<string, number>;
  /** Pages left out of the release for their own errors, and their sources rows (loaded after the checks). */
  quarantined: QuarantinedPage[];
  left_out_sources: Record<string, unknown>[];
  /** The page-level checks over the shard's rows, for the shard job's own report: the merge runs every check again, whatever this says. */
  checks: { passed: boolean; failed: string[] };
  made: number;
  /** Seconds per stage, summed over threads, and the shard's wall-clock phases. */
  timings: { stages: Record<string, number>; wall: Record<string, number> };
}

/** `K/N` with 1 ≤ K ≤ N; anything else is `invalid-shard`. */
export function parseShard(value: string): ShardSpec {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(value);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || k < 1 || k > n) {
    throw BuildError.of({ code: 'invalid-shard', field: '--shard', what: '--shard is not one shard of a set', expected: 'K/N with whole numbers 1 ≤ K ≤ N, e.g. 2/4', got: JSON.stringify(value) });
  }
  return { k, n };
}

/** The K-th of N contiguous slices of `names` (sorted): every name is in exactly one shard. */
export function shardSlice<T>(names: readonly T[], { k, n }: ShardSpec): T[] {
  return names.slice(Math.floor(((k - 1) * names.length) / n), Math.floor((k * names.length) / n));
}

/** Page tables: the tables whose rows belong to a page, which the shards make (divisions and curation entries are the merge's). */
export function shardTables(specs: readonly TableSpec[]): TableSpec[] {
  return specs.filter((s) => pageLink(s.fields.map((f) => f.name)) !== null);
}

/**
 * The hash of every input but the raw pages' bytes: the manifest, dataset.json, the curation and
 * reference folders, the known limits, and the raw files' names and sizes. Cheap (no page is read),
 * so each shard and the merge compute it over their own copy of the data folder.
 */
export async function inputsHash(dataDir: string, rawNames: readonly string[]): Promise<string> {
  const hash = createHash('sha256').update(`inputs ${SHARD_FORMAT}\n`);
  for (const entry of ['dataset.json', 'manifest.csv', KNOWN_LIMITS_FILE, 'curation', 'reference']) {
    const root = path.join(dataDir, entry);
    const info = await stat(root).catch(() => null);
    hash.update(`${entry}\0`);
    if (!info) { hash.update('absent\0'); continue; }
    const files = info.isDirectory() ? (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort() : [root];
    for (const f of files) hash.update(path.relative(dataDir, f).split(path.sep).join('/')).update('\0').update(await readFile(f)).update('\0');
  }
  for (const name of rawNames) hash.update(`raw/${name}\0${(await stat(path.join(dataDir, 'raw', name))).size}\0`);
  return hash.digest('hex');
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The shard folder must not exist yet: a shard is never written over another. */
export async function checkShardFolder(dir: string): Promise<void> {
  if (await lstat(dir).then(() => true, () => false)) throw shardExists(dir);
}

function shardExists(dir: string): BuildError {
  return BuildError.of({ code: 'shard-exists', file: dir, what: 'the shard folder already exists', expected: 'a new folder (a shard is never written over another)', got: 'an existing entry' });
}

/**
 * Writes the shard folder: each page table as plain Parquet (zstd) and shard.json, into a
 * temporary folder beside `dir` renamed into place once complete, so a killed shard leaves no
 * folder a merge could take for a whole one.
 */
export async function writeShard(connection: DuckDBConnection, specs: readonly TableSpec[], dir: string, manifest: ShardManifest): Promise<void> {
  const temp = `${path.resolve(dir)}.tmp-${process.pid}`;
  try {
    await mkdir(path.dirname(temp), { recursive: true });
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp);
    for (const s of shardTables(specs)) {
      await connection.run(`COPY (SELECT * FROM ${ident(s.table)}) TO ${sqlString(path.join(temp, `${s.table}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
    }
    await writeFile(path.join(temp, SHARD_FILE), JSON.stringify(manifest) + '\n');
    await checkShardFolder(dir);
    await rename(temp, dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOTEMPTY' || e.code === 'EEXIST' || e.code === 'ENOTDIR') throw shardExists(dir);
      throw e;
    });
  } catch (e) {
    await rm(temp, { recursive: true, force: true }).catch(() => {});
    if (e instanceof BuildError) throw e;
    throw BuildError.of({ code: 'write-failed', file: dir, what: 'writing the shard folder failed', expected: 'a writable folder with free space', got: String((e as Error).message).split('\n')[0] });
  }
}

/** A shard folder that passed the checks of its own files. */
export interface ReadShard {
  dir: string;
  manifest: ShardManifest;
}

/** What the merge expects of every shard. */
export interface ShardExpectation {
  codeVersion: string;
  inputsHash: string;
  options: ShardOptions;
  /** The data folder's raw files, sorted: each shard must hold its slice of them. */
  rawNames: readonly string[];
  dataDir: string;
}

const isInt = (x: unknown, min = 0): x is number => Number.isSafeInteger(x) && (x as number) >= min;
const isStr = (x: unknown): x is string => typeof x === 'string';
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const strOrNull = (x: unknown) => x === null || isStr(x);
const intOrNull = (x: unknown) => x === null || isInt(x, 1);

function isIssue(x: unknown): x is Issue {
  return isObj(x) && isStr(x.code) && /^[a-z][a-z0-9:-]*$/.test(x.code) && (x.severity === 'error' || x.severity === 'warning') && strOrNull(x.file) && intOrNull(x.line)
    && strOrNull(x.table) && strOrNull(x.field) && 'value' in x && strOrNull(x.expected) && isStr(x.message);
}

function isQuarantined(x: unknown): x is QuarantinedPage {
  return isObj(x) && isStr(x.source_id) && isStr(x.path) && isStr(x.code) && strOrNull(x.check) && intOrNull(x.line) && isStr(x.message);
}

/** The first field of shard.json that is not of the documented shape, or null. */
function badField(m: Record<string, unknown>, tables: readonly string[]): string | null {
  if (m.format !== SHARD_FORMAT) return 'format';
  if (!isObj(m.shard) || !isInt(m.shard.k, 1) || !isInt(m.shard.n, 1) || m.shard.k > m.shard.n || m.shard.n > MAX_SHARDS) return 'shard';
  if (!isStr(m.code_version)) return 'code_version';
  if (!isStr(m.inputs_hash)) return 'inputs_hash';
  if (!isObj(m.options)) return 'options';
  if (!Array.isArray(m.pages) || !m.pages.every((p) => isObj(p) && isStr(p.name) && isStr(p.sha256))) return 'pages';
  if (!Array.isArray(m.issues) || !m.issues.every(isIssue)) return 'issues';
  if (!Array.isArray(m.curation_matches) || !m.curation_matches.every((c) => isObj(c) && isStr(c.file) && isInt(c.line, 1) && isInt(c.matches))) return 'curation_matches';
  if (!isObj(m.tables) || !Object.entries(m.tables).every(([t, n]) => tables.includes(t) && isInt(n))) return 'tables';
  if (!Array.isArray(m.quarantined) || !m.quarantined.every(isQuarantined)) return 'quarantined';
  if (!Array.isArray(m.left_out_sources) || !m.left_out_sources.every(isObj)) return 'left_out_sources';
  if (!isObj(m.checks) || typeof m.checks.passed !== 'boolean' || !Array.isArray(m.checks.failed) || !m.checks.failed.every(isStr)) return 'checks';
  if (!isInt(m.made)) return 'made';
  if (!isObj(m.timings) || !isObj(m.timings.stages) || !Object.values(m.timings.stages).every((s) => typeof s === 'number' && s >= 0)) return 'timings';
  return null;
}

/** Options as one comparable string, keys sorted. */
function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (isObj(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

/**
 * Reads and checks a set of shard folders against what this build would make: each folder's
 * shard.json and Parquet files present and of the documented shape, one shard for every K of the
 * same N, the same code version, inputs and options as this build, each shard holding exactly its
 * slice of the raw files with their bytes. Returns the shards in K order, or the problems.
 */
export async function readShardSet(dirs: readonly string[], specs: readonly TableSpec[], expect: ShardExpectation): Promise<{ shards: ReadShard[]; issues: Issue[] }> {
  const issues: Issue[] = [];
  const bad = (code: string, dir: string | null, field: string | null, what: string, expected: string, got: string) => {
    issues.push(issue({ code, file: dir, field, what, expected, got }));
  };
  const tables = shardTables(specs).map((s) => s.table);
  const read: ReadShard[] = [];
  if (dirs.length === 0) bad('shard-set-incomplete', null, null, 'no shard folder given', 'the folders of every shard of a set', 'none');
  for (const dir of dirs) {
    // read_parquet takes its path as a file pattern, with no escape: such a folder would read other files, or none.
    if (/[*?[\]{}]/u.test(dir)) { bad('shard-unreadable', dir, null, 'the shard folder\'s path holds a character DuckDB reads as a file pattern', 'a path without * ? [ ] { }', JSON.stringify(dir)); continue; }
    const info = await lstat(dir).catch(() => null);
    if (!info?.isDirectory()) { bad('shard-missing-file', dir, null, 'the shard folder is not a folder', 'a folder written by build --shard', info ? 'another kind of file' : 'nothing'); continue; }
    const file = path.join(dir, SHARD_FILE);
    const jsonInfo = await lstat(file).catch(() => null);
    if (!jsonInfo?.isFile()) { bad('shard-missing-file', dir, SHARD_FILE, 'the shard has no shard.json', 'the shard.json build --shard writes', jsonInfo ? 'not a regular file' : 'nothing'); continue; }
    if (jsonInfo.size > MAX_SHARD_JSON_BYTES) { bad('shard-invalid-json', dir, SHARD_FILE, 'shard.json is too large', `at most ${MAX_SHARD_JSON_BYTES} bytes`, `${jsonInfo.size} bytes`); continue; }
    let manifest: unknown;
    try {
      manifest = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      bad('shard-invalid-json', dir, SHARD_FILE, 'shard.json is not valid JSON', 'the JSON build --shard writes', String((e as Error).message).split('\n')[0]);
      continue;
    }
    const field = isObj(manifest) ? badField(manifest, tables) : '(the document)';
    if (field !== null) { bad('shard-invalid-json', dir, field, 'a field of shard.json is not of the shape build --shard writes', 'the documented shard.json (README: Sharded builds)', 'another value'); continue; }
    const m = manifest as unknown as ShardManifest;
    let ok = true;
    for (const s of shardTables(specs)) {
      const parquet = await lstat(path.join(dir, `${s.table}.parquet`)).catch(() => null);
      if (!parquet?.isFile()) { bad('shard-missing-file', dir, `${s.table}.parquet`, 'a table file of the shard is missing', 'one Parquet file per page table', parquet ? 'not a regular file' : 'nothing'); ok = false; }
    }
    if (ok) read.push({ dir, manifest: m });
  }
  if (issues.length) return { shards: [], issues };

  // The set: one N, every K once.
  const n = read[0].manifest.shard.n;
  for (const s of read) if (s.manifest.shard.n !== n) bad('shard-count-mismatch', s.dir, 'shard.n', 'the shards are of sets of different sizes', `${n} (as ${read[0].dir})`, String(s.manifest.shard.n));
  if (issues.length) return { shards: [], issues };
  const byK = new Map<number, ReadShard>();
  for (const s of read) {
    const other = byK.get(s.manifest.shard.k);
    if (other) bad('shard-duplicate', s.dir, 'shard.k', 'two folders hold the same shard', `each of 1…${n} once`, `${s.manifest.shard.k}, as ${other.dir}`);
    else byK.set(s.manifest.shard.k, s);
  }
  const missing: number[] = [];
  for (let k = 1; k <= n; k++) if (!byK.has(k)) missing.push(k);
  if (missing.length) bad('shard-set-incomplete', null, 'shard.k', 'shards of the set are missing', `every shard 1…${n}`, `no shard ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? `, … (${missing.length} in all)` : ''}`);
  if (issues.length) return { shards: [], issues };

  // The same code, inputs and options as this build.
  const shards = [...byK.values()].sort((a, b) => a.manifest.shard.k - b.manifest.shard.k);
  const options = canonical(expect.options);
  for (const s of shards) {
    const m = s.manifest;
    if (m.code_version !== expect.codeVersion) bad('shard-code-version', s.dir, 'code_version', 'the shard was made by other code (source, schemas, reference data or dependencies)', expect.codeVersion.slice(0, 12), JSON.stringify(String(m.code_version).slice(0, 12)));
    if (m.inputs_hash !== expect.inputsHash) bad('shard-inputs-mismatch', s.dir, 'inputs_hash', 'the shard was made from other inputs (manifest, curation, dataset.json, reference data or the raw files)', expect.inputsHash.slice(0, 12), JSON.stringify(String(m.inputs_hash).slice(0, 12)));
    if (canonical(m.options) !== options) bad('shard-options-mismatch', s.dir, 'options', 'the shard was made with other options', options, canonical(m.options));
  }
  if (issues.length) return { shards: [], issues };

  // Each shard holds its slice of the raw files, with their bytes.
  for (const s of shards) {
    const expected = shardSlice(expect.rawNames, s.manifest.shard);
    const names = s.manifest.pages.map((p) => p.name);
    if (names.length !== expected.length || names.some((name, i) => name !== expected[i])) {
      const at = names.findIndex((name, i) => name !== expected[i]);
      bad('shard-pages-mismatch', s.dir, 'pages', 'the shard does not hold its slice of the raw files', `${expected.length} files from ${JSON.stringify(expected[0] ?? null)}`, `${names.length} files${at >= 0 ? `, ${JSON.stringify(names[at])} where ${JSON.stringify(expected[at] ?? null)} belongs` : ''}`);
      continue;
    }
    for (const p of s.manifest.pages) {
      const bytes = await readFile(path.join(expect.dataDir, 'raw', p.name)).catch(() => null);
      if (bytes && sha256Of(bytes) === p.sha256) continue;
      bad('shard-pages-mismatch', s.dir, 'pages', 'a raw file of the shard has other bytes than the data folder\'s', bytes ? sha256Of(bytes).slice(0, 12) : 'a readable file', `${JSON.stringify(p.name)} with sha256 ${JSON.stringify(p.sha256.slice(0, 12))}`);
      break;
    }
  }
  return { shards: issues.length ? [] : shards, issues };
}

/** DuckDB's message without the machine's paths: the folder is already named by the issue. */
function duckdbMessage(e: unknown, dir: string): string {
  return String((e as Error)?.message ?? e).split('\n')[0].split(path.resolve(dir) + path.sep).join('').split(dir + path.sep).join('');
}

/** The Parquet files' columns and types must be the schema's, in order; returns the problems. */
export async function checkShardColumns(connection: DuckDBConnection, specs: readonly TableSpec[], shards: readonly ReadShard[]): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const s of shards) {
    for (const t of shardTables(specs)) {
      const file = `${t.table}.parquet`;
      let columns: string[];
      try {
        const rows = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path.join(s.dir, file))})`)).getRows();
        columns = rows.map(([name, type]) => `${String(name)} ${String(type)}`);
      } catch (e) {
        issues.push(issue({ code: 'shard-unreadable', file: s.dir, field: file, what: 'a table file of the shard cannot be read', expected: 'a Parquet file written by build --shard', got: duckdbMessage(e, s.dir) }));
        continue;
      }
      const expected = t.fields.map((f) => `${f.name} ${DUCKDB_TYPES[f.type]}`);
      if (columns.join(', ') !== expected.join(', ')) {
        const at = expected.findIndex((c, i) => c !== columns[i]);
        issues.push(issue({ code: 'shard-columns-mismatch', file: s.dir, field: file, what: 'a table file\'s columns are not the schema\'s', expected: `${expected.length} columns as schema/${t.table}.schema.json says, ${JSON.stringify(expected[at] ?? null)} at ${at + 1}`, got: `${columns.length} columns, ${JSON.stringify(columns[at] ?? null)} at ${at + 1}` }));
      }
    }
  }
  return issues;
}

/** A SQL literal of an enum value. */
function literal(v: unknown): string {
  return typeof v === 'string' ? sqlString(v) : String(Number(v));
}

/**
 * What a value of the field must be, as a SQL condition true for a row that breaks it, from the
 * same schema keywords ajv checks in an unsharded build (the only ones a schema may use): a shard
 * is not trusted to have validated its rows. Types are the Parquet columns' (checkShardColumns).
 */
function violation(f: FieldSpec): { sql: string; rule: string } | null {
  const c = ident(f.name);
  const rules: { sql: string; rule: string }[] = [];
  if (!f.nullable) rules.push({ sql: `${c} IS NULL`, rule: 'not null' });
  if (f.enum) rules.push({ sql: `${c} NOT IN (${f.enum.filter((v) => v !== null).map(literal).join(', ')})`, rule: `one of ${f.enum.length} values` });
  if (f.minimum !== undefined) rules.push({ sql: `${c} < ${f.minimum}`, rule: `≥ ${f.minimum}` });
  if (f.type === 'number') rules.push({ sql: `NOT isfinite(${c})`, rule: 'a finite number' });
  if (f.pattern !== undefined) rules.push({ sql: `NOT regexp_matches(${c}, ${sqlString(f.pattern)})`, rule: `matching ${f.pattern}` });
  if (f.minLength !== undefined) rules.push({ sql: `length(${c}) < ${f.minLength}`, rule: `at least ${f.minLength} characters` });
  if (f.maxLength !== undefined) rules.push({ sql: `length(${c}) > ${f.maxLength}`, rule: `at most ${f.maxLength} characters` });
  if (!rules.length) return null;
  // NULL comparisons are NULL: a nullable field's NULL breaks nothing.
  return { sql: rules.map((r) => `coalesce(${r.sql}, false)`).join(' OR '), rule: rules.map((r) => r.rule).join(', ') };
}

/** The rows of one table file that break their schema, counted per field in one scan; the first such field, or null. */
async function invalidRows(connection: DuckDBConnection, spec: TableSpec, file: string): Promise<{ field: string; rule: string; rows: number } | null> {
  const rules = spec.fields.map((f) => ({ f, v: violation(f) })).filter((x) => x.v !== null);
  if (!rules.length) return null;
  const counts = (await connection.runAndReadAll(`SELECT ${rules.map((r) => `count(*) FILTER (WHERE ${r.v!.sql})`).join(', ')} FROM read_parquet(${sqlString(file)})`)).getRows()[0];
  const at = counts.findIndex((n) => Number(n) > 0);
  return at < 0 ? null : { field: rules[at].f.name, rule: rules[at].v!.rule, rows: Number(counts[at]) };
}

/**
 * Loads every shard's page tables set-based (INSERT … SELECT FROM read_parquet), in shard order.
 * Rows that break their schema are `shard-invalid-rows`, a file DuckDB cannot read is
 * `shard-unreadable`; a shard without errors must hold as many rows as it counted.
 */
export async function loadShards(connection: DuckDBConnection, specs: readonly TableSpec[], shards: readonly ReadShard[]): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const s of shards) {
    const clean = s.manifest.issues.every((i) => i.severity !== 'error');
    for (const t of shardTables(specs)) {
      const file = `${t.table}.parquet`;
      const columns = t.fields.map((f) => ident(f.name)).join(', ');
      let rows: number;
      try {
        const invalid = await invalidRows(connection, t, path.join(s.dir, file));
        if (invalid) {
          issues.push(issue({ code: 'shard-invalid-rows', file: s.dir, field: file, what: `rows of a table file break their schema (schema/${t.table}.schema.json)`, expected: `${invalid.field}: ${invalid.rule}`, got: `${invalid.rows} row${invalid.rows === 1 ? '' : 's'} that do not` }));
          continue;
        }
        const result = await connection.runAndReadAll(`INSERT INTO ${ident(t.table)} (${columns}) SELECT ${columns} FROM read_parquet(${sqlString(path.join(s.dir, file))})`);
        rows = Number(result.getRows()[0]?.[0] ?? 0);
      } catch (e) {
        issues.push(issue({ code: 'shard-unreadable', file: s.dir, field: file, what: 'a table file of the shard cannot be loaded', expected: 'a Parquet file written by build --shard, its rows valid for the table', got: duckdbMessage(e, s.dir) }));
        continue;
      }
      const counted = s.manifest.tables[t.table] ?? 0;
      if (clean && rows !== counted) issues.push(issue({ code: 'shard-row-count', file: s.dir, field: file, what: 'a table file holds another number of rows than shard.json counts', expected: `${counted} rows (shard.json, tables.${t.table})`, got: `${rows} rows` }));
    }
  }
  return issues;
}
