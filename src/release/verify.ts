/**
 * `verify`: checks a release folder or archive received from anywhere, from its own files only.
 * Every resource file's bytes and hash against datapackage.json; every file against SHA256SUMS (and
 * no file left out); the descriptor against the vendored Data Package 2.0 profile; every row of
 * every CSV resource against its Table Schema; primary keys unique and foreign keys resolving (in
 * DuckDB, in-process); and each Parquet resource holding the same rows as its CSV twin. A multipart
 * Parquet resource (the copy partitioned by issue year, src/publish/partition.ts) is checked as the
 * union of its files, and each row must sit in the `year=` folder of its page. Files are read in
 * chunks, never whole. Problems are issues with a code and a location; nothing throws but a missing
 * path (BuildError).
 */
import { lstat, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBAppender, DuckDBConnection, Json } from '@duckdb/node-api';
import { parse } from 'csv-parse';
import { pipeline } from 'node:stream';
import { duckdb, openDatabase, sqlString } from '../db/open-database.ts';
import { BuildError, errorsOf, issue, type Issue } from '../issues.ts';
import { HIVE_READ_OPTIONS, PARTITION_COLUMN, rowsWithYearSql, yearLink, yearOfPath } from '../publish/partition.ts';
import { sameFingerprint } from '../publish/verify-release.ts';
import { validateDescriptor } from '../publish/validate-descriptor.ts';
import { ident } from '../schema/index.ts';
import { storedEntry, storedEntryBeforeWorkbook, writeArchive } from './archive.ts';
import { parseBoundedJson } from './bounded-json.ts';
import { CHECKSUMS_FILE, parseChecksums, renderChecksums } from './checksums.ts';
import { CsvShape, CsvShapeError } from './csv-shape.ts';
import { CHUNK, sameBytes, type FileDigest } from './file-bytes.ts';
import { duckdbType } from './read-resource.ts';
import { openRegular, readRegular, walkRelease } from './release-files.ts';
import { DEFAULT_ARCHIVE_LIMITS, extractArchive, type ArchiveLimits } from './zip-reader.ts';
import { createHash } from 'node:crypto';
import { DESCRIPTOR_FILE, LATEST_FILE } from './releases.ts';
import { primaryKeyOf, type PackageDescriptor, type ResourceDescriptor, type TableSchemaDescriptor } from './schema-diff.ts';
import { cellReader, type CellValue } from './table-schema-values.ts';
import { makeTempFolder } from '../temp-folders.ts';
import { readWorkbookDigests } from '../publish/read-workbook.ts';

export interface VerifyReport {
  ok: boolean;
  exit_code: 0 | 1;
  /** The path as given: a release folder or archive. */
  path: string;
  version: string | null;
  /** Files checked against SHA256SUMS. */
  files: number;
  resources: number;
  /** Rows read per CSV resource. */
  rows: Record<string, number>;
  errors: Issue[];
  warnings: Issue[];
}

/** At most this many issues of one code per file are listed; one more issue gives the total. */
export const MAX_LISTED = 20;

/**
 * What verify accepts of a release from anywhere, each past limit a coded error (exit 1), checked
 * while reading. The defaults are far above any release of this project (about 40 files, a 110 KB
 * descriptor, 13-column tables, articles of some KB) and keep verify within its memory bound
 * (README: verify).
 */
export interface VerifyLimits extends ArchiveLimits {
  /** Files and folders in a release folder. */
  files: number;
  /** Bytes of datapackage.json, SHA256SUMS and latest.json. */
  descriptorBytes: number;
  /** Nesting of arrays and objects in datapackage.json. */
  jsonDepth: number;
  /** Array elements and object members in datapackage.json (the release's has about 2,500). */
  jsonValues: number;
  /** Fields of a table schema, and cells of a CSV record. */
  columns: number;
  /** Bytes of one CSV field. */
  fieldBytes: number;
  /** Bytes of one CSV record. */
  rowBytes: number;
  /** DuckDB's memory limit for the key and Parquet checks (it spills past it). */
  memoryLimit: string;
}

export const DEFAULT_LIMITS: VerifyLimits = {
  ...DEFAULT_ARCHIVE_LIMITS,
  files: 10_000,
  descriptorBytes: 8 << 20,
  jsonDepth: 64,
  jsonValues: 50_000,
  columns: 1_000,
  fieldBytes: 4 << 20,
  rowBytes: 16 << 20,
  memoryLimit: '256MB',
};

export interface VerifyOptions {
  /** Lower (or raise) limits, e.g. to test them on small inputs. */
  limits?: Partial<VerifyLimits>;
}

/** Longest path and deepest folder nesting a release path may have. */
const MAX_PATH = 1024;
const MAX_PATH_DEPTH = 32;

const LINE = '__line';

/** A resource with a schema and its files: one (`path` a string) or several (a multipart resource, `path` an array). */
type TableResource = ResourceDescriptor & { path: string | string[]; schema: TableSchemaDescriptor; files: string[] };

/** The resource's path as issues name it: its one file, or its files' common folder. */
function shownPath(r: TableResource): string {
  if (r.files.length === 1) return r.files[0];
  const parts = r.files.map((f) => f.split('/'));
  const common: string[] = [];
  for (let i = 0; parts.every((p) => i < p.length - 1 && p[i] === parts[0][i]); i++) common.push(parts[0][i]);
  return common.length ? common.join('/') : r.files[0];
}

/** Collects issues, listing at most MAX_LISTED per (code, file) and counting the rest. */
class Issues {
  readonly list: Issue[] = [];
  private readonly counts = new Map<string, { code: string; file: string | null; n: number }>();
  add(i: Issue): void {
    const key = `${i.code}\u0000${i.file}`;
    const c = this.counts.get(key) ?? { code: i.code, file: i.file, n: 0 };
    c.n++;
    this.counts.set(key, c);
    if (c.n <= MAX_LISTED) this.list.push(i);
  }
  /** The listed issues, plus one per (code, file) that had more than MAX_LISTED. */
  finish(): Issue[] {
    for (const { code, file, n } of this.counts.values()) {
      if (n > MAX_LISTED) this.list.push(issue({ code, file, what: `${n - MAX_LISTED} more ${code} problems not listed`, got: `${n} in all` }));
    }
    return this.list;
  }
}

/** A path that stays inside the release folder: relative, forward slashes, no `..`, not a URL. */
function safeRelative(p: string): boolean {
  return p !== '' && p.length <= MAX_PATH && !p.startsWith('/') && !p.includes('\\') && !/^[a-z][a-z0-9+.-]*:/i.test(p)
    && !p.split('/').some((s) => s === '..' || s === '' || s === '.') && p.split('/').length <= MAX_PATH_DEPTH && !p.includes('\u0000');
}

/** Size and digests of a regular file, streaming; null when it is not one or cannot be read. */
async function hashRegular(file: string, algorithms: readonly string[]): Promise<FileDigest | null> {
  const fh = await openRegular(file);
  if (!fh) return null;
  try {
    const hashes = algorithms.map((a) => createHash(a));
    let bytes = 0;
    for await (const chunk of fh.createReadStream({ highWaterMark: CHUNK, autoClose: false })) {
      bytes += (chunk as Buffer).length;
      for (const h of hashes) h.update(chunk as Buffer);
    }
    return { bytes, hex: Object.fromEntries(algorithms.map((a, i) => [a, hashes[i].digest('hex')])) };
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}

function appendCell(appender: DuckDBAppender, type: string | undefined, v: CellValue): void {
  if (v === null) return appender.appendNull();
  switch (duckdbType(type)) {
    case 'BIGINT': return appender.appendBigInt(v as bigint);
    case 'DOUBLE': return appender.appendDouble(v as number);
    case 'BOOLEAN': return appender.appendBoolean(v as boolean);
    case 'DATE': return appender.appendDate(duckdb.dateValue(v as { year: number; month: number; day: number }));
    default: return appender.appendVarchar(String(v));
  }
}

/**
 * Streams one CSV resource: header, field count and every cell against its field, issues at the
 * record's first line. Valid cells are appended to DuckDB table `table` (invalid ones as NULL,
 * already reported) with the line, for the key checks. Returns the number of rows.
 */
async function checkCsvRows(connection: DuckDBConnection, r: TableResource, dir: string, table: string, issues: Issues, limits: VerifyLimits): Promise<number> {
  const fields = r.schema.fields;
  await connection.run(`CREATE TABLE ${ident(table)} (${ident(LINE)} BIGINT, ${fields.map((f) => `${ident(f.name)} ${duckdbType(f.type)}`).join(', ')})`);
  const dialect = (r.dialect ?? {}) as { delimiter?: unknown; quoteChar?: unknown };
  const delimiter = dialect.delimiter ?? ',';
  const quote = dialect.quoteChar ?? '"';
  const file = r.files[0];
  const ascii = (c: unknown): c is string => typeof c === 'string' && /^[\x01-\x09\x0b\x0c\x0e-\x7f]$/.test(c);
  if (!ascii(delimiter) || !ascii(quote) || delimiter === quote) {
    issues.add(issue({ code: 'unsupported-resource', severity: 'warning', file, table: r.name, what: 'CSV dialect not supported; its rows are not checked', expected: 'one ASCII character as delimiter and another as quoteChar', value: { delimiter, quoteChar: quote } }));
    return 0;
  }
  const fh = await openRegular(path.join(dir, file));
  if (!fh) {
    issues.add(issue({ code: 'unreadable-file', file, table: r.name, what: 'the CSV file cannot be opened', expected: 'a regular file', got: 'none' }));
    return 0;
  }
  const appender = await connection.createAppender(table);
  const readers = fields.map(cellReader);
  const parser = parse({
    bom: true,
    delimiter,
    quote,
    escape: quote,
    relax_column_count: true,
    info: true,
    raw: true,
    // The release convention: an unquoted empty cell is a missing value, a quoted "" an empty string.
    cast: (value, context) => (value === '' && !context.quoting ? null : value) as unknown as string,
  });
  // The shape pass stops a record past the limits before the parser holds it; its error ends the parser's iteration.
  pipeline(fh.createReadStream({ highWaterMark: CHUNK }), new CsvShape(delimiter.charCodeAt(0), quote.charCodeAt(0), limits), parser, () => {});
  let rows = 0;
  let header = true;
  try {
    for await (const { record, raw, info } of parser as AsyncIterable<{ record: (string | null)[]; raw: string; info: { lines: number } }>) {
      const inner = (raw.match(/\n/g) ?? []).length - (raw.endsWith('\n') ? 1 : 0);
      const line = info.lines - inner;
      if (header) {
        header = false;
        const names = record.map((c) => c ?? '');
        if (names.join('\u0000') !== fields.map((f) => f.name).join('\u0000')) {
          issues.add(issue({ code: 'header-mismatch', file, line, table: r.name, what: 'the header does not name the schema fields in order', expected: fields.map((f) => f.name).join(','), got: names.join(',') }));
          return 0;
        }
        continue;
      }
      rows++;
      if (record.length !== fields.length) {
        issues.add(issue({ code: 'row-field-count', file, line, table: r.name, what: `row has ${record.length} cells`, expected: `${fields.length} cells`, got: String(record.length) }));
        continue;
      }
      appender.appendBigInt(BigInt(line));
      fields.forEach((f, k) => {
        const { value, problems } = readers[k](record[k]);
        for (const p of problems) issues.add(issue({ code: p.code, file, line, table: r.name, field: f.name, what: `${r.name}.${p.what}`, expected: p.expected, value: record[k] }));
        appendCell(appender, f.type, value);
      });
      appender.endRow();
    }
  } catch (e) {
    if (e instanceof CsvShapeError && e.code === 'too-many-columns') issues.add(issue({ code: 'too-many-columns', file, line: e.line, table: r.name, what: 'a CSV record has more columns than the limit', expected: e.expected, got: e.got }));
    else if (e instanceof CsvShapeError) issues.add(issue({ code: 'field-too-large', file, line: e.line, table: r.name, what: 'a CSV field or record is larger than the limit', expected: e.expected, got: e.got }));
    else issues.add(issue({ code: 'invalid-csv', file, table: r.name, what: 'the file cannot be read as CSV', got: (e as Error).message.slice(0, 200) }));
  } finally {
    appender.closeSync();
    await fh.close();
  }
  return rows;
}

async function rowsOf(connection: DuckDBConnection, sql: string): Promise<Record<string, Json>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson();
}

/** Primary keys unique, from the loaded rows: every repeat of a key is reported at its line. */
async function checkPrimaryKey(connection: DuckDBConnection, r: TableResource, table: string, issues: Issues): Promise<void> {
  const pk = primaryKeyOf(r.schema);
  if (!pk.length || !pk.every((k) => r.schema.fields.some((f) => f.name === k))) return;
  const keys = pk.map(ident).join(', ');
  const sql = `SELECT * FROM (SELECT ${ident(LINE)} AS line, ${keys}, min(${ident(LINE)}) OVER w AS first, row_number() OVER (PARTITION BY ${keys} ORDER BY ${ident(LINE)}) AS n
    FROM ${ident(table)} WHERE ${pk.map((k) => `${ident(k)} IS NOT NULL`).join(' AND ')} WINDOW w AS (PARTITION BY ${keys})) WHERE n > 1 ORDER BY line`;
  for (const row of await rowsOf(connection, sql)) {
    const value = pk.length === 1 ? row[pk[0]] : Object.fromEntries(pk.map((k) => [k, row[k]]));
    issues.add(issue({ code: 'primary-key-duplicate', file: r.files[0], line: Number(row.line), table: r.name, field: pk.join(', '), what: `duplicate primary key in ${r.name} (first on line ${row.first})`, expected: `unique (${pk.join(', ')})`, value }));
  }
}

/** Foreign keys resolve: every non-null reference names an existing row of the referenced resource. */
async function checkForeignKeys(connection: DuckDBConnection, r: TableResource, tables: ReadonlyMap<string, { table: string; resource: TableResource }>, issues: Issues): Promise<void> {
  const child = tables.get(r.name)!.table;
  for (const fk of (r.schema.foreignKeys ?? []) as { fields: string | string[]; reference: { resource?: string; fields: string | string[] } }[]) {
    const fields = Array.isArray(fk.fields) ? fk.fields : [fk.fields];
    const refFields = Array.isArray(fk.reference.fields) ? fk.reference.fields : [fk.reference.fields];
    const targetName = fk.reference.resource ? fk.reference.resource : r.name;
    const target = tables.get(targetName);
    if (!target) continue; // not loaded: its own problem is reported
    if (!fields.every((f) => r.schema.fields.some((x) => x.name === f)) || !refFields.every((f) => target.resource.schema.fields.some((x) => x.name === f))) continue;
    const on = fields.map((f, i) => `p.${ident(refFields[i])} = c.${ident(f)}`).join(' AND ');
    const sql = `SELECT c.${ident(LINE)} AS line, ${fields.map((f) => `c.${ident(f)}`).join(', ')} FROM ${ident(child)} c
      WHERE ${fields.map((f) => `c.${ident(f)} IS NOT NULL`).join(' AND ')} AND NOT EXISTS (SELECT 1 FROM ${ident(target.table)} p WHERE ${on}) ORDER BY line`;
    for (const row of await rowsOf(connection, sql)) {
      const value = fields.length === 1 ? row[fields[0]] : Object.fromEntries(fields.map((k) => [k, row[k]]));
      issues.add(issue({ code: 'foreign-key-violation', file: r.files[0], line: Number(row.line), table: r.name, field: fields.join(', '), what: `${r.name}.${fields.join(', ')} refers to a missing ${targetName} row`, expected: `a value of ${targetName}.${refFields.join(', ')}`, value }));
    }
  }
}

/** The schema's columns, in order, in every file of a Parquet resource; an issue for the first file that lacks them. */
async function parquetColumnsMatch(connection: DuckDBConnection, r: TableResource, dir: string, issues: Issues): Promise<boolean> {
  const names = r.schema.fields.map((f) => f.name);
  for (const file of r.files) {
    let columns: string[];
    try {
      // hive_partitioning off: DuckDB would otherwise add a column for every key=value folder of the path.
      columns = (await rowsOf(connection, `DESCRIBE SELECT * FROM read_parquet(${sqlString(path.join(dir, file))}, hive_partitioning = false)`)).map((c) => String(c.column_name));
    } catch (e) {
      issues.add(issue({ code: 'unreadable-file', file, table: r.name, what: 'the file cannot be read as Parquet', got: (e as Error).message.split('\n')[0] }));
      return false;
    }
    if (columns.join('\u0000') !== names.join('\u0000')) {
      issues.add(issue({ code: 'parquet-columns-mismatch', file, table: r.name, what: 'the Parquet columns are not the schema fields in order', expected: names.join(','), got: columns.join(',') }));
      return false;
    }
  }
  return true;
}

/**
 * The Parquet resource (one file, or the union of a multipart resource's files) has the schema's
 * columns and exactly the rows of its CSV twin. False when its files cannot be read as the schema's.
 */
async function checkParquet(connection: DuckDBConnection, r: TableResource, dir: string, twin: { table: string; resource: TableResource } | undefined, issues: Issues): Promise<boolean> {
  const source = `read_parquet([${r.files.map((f) => sqlString(path.join(dir, f))).join(', ')}], hive_partitioning = false)`;
  const file = shownPath(r);
  if (!(await parquetColumnsMatch(connection, r, dir, issues))) return false;
  const names = r.schema.fields.map((f) => f.name);
  if (!twin) {
    issues.add(issue({ code: 'parquet-without-csv', severity: 'warning', file, table: r.name, what: 'no CSV resource to compare the Parquet rows with', expected: `a CSV resource named ${csvTwinName(r.name)}`, got: 'none' }));
    return true;
  }
  if (twin.resource.schema.fields.map((f) => f.name).join('\u0000') !== names.join('\u0000')) {
    issues.add(issue({ code: 'parquet-mismatch', file, table: r.name, what: `the Parquet schema differs from ${twin.resource.name}'s`, expected: 'the same fields', got: names.join(',') }));
    return true;
  }
  const cols = r.schema.fields.map((f) => `TRY_CAST(${ident(f.name)} AS ${duckdbType(f.type)}) AS ${ident(f.name)}`).join(', ');
  const csv = `SELECT ${names.map(ident).join(', ')} FROM ${ident(twin.table)}`;
  const parquet = `SELECT ${cols} FROM ${source}`;
  // Equal fingerprints: the same rows, found in one pass; otherwise matched row by row to count the differences.
  if ((await sameFingerprint(connection, csv, parquet, names)).same) return true;
  const [counts] = (await connection.runAndReadAll(
    `SELECT (SELECT count(*) FROM ${ident(twin.table)}), (SELECT count(*) FROM ${source}),
            (SELECT count(*) FROM (${csv} EXCEPT ALL ${parquet})), (SELECT count(*) FROM (${parquet} EXCEPT ALL ${csv}))`,
  )).getRowsJson();
  const [csvRows, parquetRows, missing, extra] = counts.map(Number);
  if (csvRows !== parquetRows || missing || extra) {
    issues.add(issue({ code: 'parquet-mismatch', file, table: r.name, what: `the Parquet rows differ from ${twin.resource.files[0]}`, expected: `the same ${csvRows} rows`, got: `${parquetRows} rows, ${missing} of the CSV rows missing, ${extra} not in the CSV` }));
  }
  return true;
}

/** The CSV resource a Parquet resource repeats: `articles` for `articles-parquet` and `articles-parquet-by-year`. */
function csvTwinName(name: string): string {
  return name.replace(/-parquet(?:-by-year)?$/, '');
}

/**
 * A multipart Parquet resource whose files sit in `year=<YYYY>` folders (the partitioned copy,
 * src/publish/partition.ts): every row is in the folder of its page's issue year, computed from the
 * loaded CSV tables sources and articles as the build computes it.
 */
async function checkPartitions(connection: DuckDBConnection, r: TableResource, dir: string, loaded: ReadonlyMap<string, { table: string }>, issues: Issues): Promise<void> {
  const twin = loaded.get(csvTwinName(r.name));
  const sources = loaded.get('sources');
  const articles = loaded.get('articles');
  const link = yearLink(csvTwinName(r.name), r.schema.fields.map((f) => f.name));
  if (!twin || !sources || !link || (link === 'article' && !articles)) {
    issues.add(issue({ code: 'unsupported-resource', severity: 'warning', file: shownPath(r), table: r.name, what: 'the year folders of a partitioned resource cannot be checked without its CSV twin and the CSV resources sources and articles', expected: 'those CSV resources', got: 'some missing' }));
    return;
  }
  const names = r.schema.fields.map((f) => f.name);
  const read = `SELECT ${[...names, PARTITION_COLUMN].map(ident).join(', ')} FROM read_parquet([${r.files.map((f) => sqlString(path.join(dir, f))).join(', ')}], ${HIVE_READ_OPTIONS})`;
  const cols = names.map((n) => `TRY_CAST(${ident(n)} AS ${duckdbType(r.schema.fields.find((f) => f.name === n)!.type)}) AS ${ident(n)}`).join(', ');
  const parquet = `SELECT ${cols}, ${ident(PARTITION_COLUMN)} FROM (${read})`;
  const expected = rowsWithYearSql(ident(twin.table), link, names, { sources: ident(sources.table), articles: ident(articles?.table ?? 'articles') });
  let misplaced: number;
  try {
    misplaced = (await sameFingerprint(connection, parquet, expected, [...names, PARTITION_COLUMN])).same ? 0
      : Number((await connection.runAndReadAll(`SELECT count(*) FROM (${parquet} EXCEPT ALL ${expected})`)).getRowsJson()[0][0]);
  } catch (e) {
    issues.add(issue({ code: 'unreadable-file', file: shownPath(r), table: r.name, what: 'the files cannot be read as Hive-partitioned Parquet', got: (e as Error).message.split('\n')[0] }));
    return;
  }
  if (misplaced) {
    issues.add(issue({ code: 'parquet-mismatch', file: shownPath(r), table: r.name, field: PARTITION_COLUMN, what: `rows of ${r.name} are in another year's folder than their page's`, expected: 'each row under year=<year of its page\'s issue_date, else issue_date_earliest>', got: `${misplaced} rows elsewhere` }));
  }
}

/** SHA256SUMS as renderChecksums writes it for its own entries, byte for byte. */
function canonicalChecksums(text: string, entries: readonly { path: string; sha256: string }[]): boolean {
  try {
    return new Set(entries.map((e) => e.path)).size === entries.length && renderChecksums(entries) === text;
  } catch {
    return false; // a path or hash renderChecksums refuses
  }
}

/** What verifyFolder found: the report, and what the archive check needs (the release's `created` and files). */
interface FolderResult {
  report: Omit<VerifyReport, 'path'>;
  created: string | null;
  files: string[];
}

/** A file of the release read whole (the descriptor, SHA256SUMS) if it is there and within the limit; null after an issue otherwise. */
async function readSmall(dir: string, rel: string, files: ReadonlyMap<string, number>, limit: number, issues: Issues, reportMissing: (file: string, what: string) => void, what: string): Promise<Buffer | null> {
  const size = files.get(rel);
  if (size === undefined) { reportMissing(rel, what); return null; }
  if (size > limit) { issues.add(issue({ code: 'file-too-large', file: rel, what: 'the file is larger than the limit; not read', expected: `at most ${limit} bytes`, got: `${size} bytes` })); return null; }
  const buf = await readRegular(path.join(dir, rel), limit);
  if (buf === null) reportMissing(rel, what);
  return buf;
}

/** A table schema verify can load: at most `columns` fields, each with a distinct string name. */
function loadableSchema(r: ResourceDescriptor, columns: number, issues: Issues): boolean {
  const schema = r.schema as { fields?: unknown } | null | undefined;
  if (typeof schema !== 'object' || schema === null || !Array.isArray(schema.fields)) return false;
  const fields = schema.fields as unknown[];
  if (fields.length > columns) {
    issues.add(issue({ code: 'too-many-columns', file: DESCRIPTOR_FILE, table: typeof r.name === 'string' ? r.name : null, field: 'schema.fields', what: 'a table schema has more fields than the limit; its rows are not read', expected: `at most ${columns} fields`, got: `${fields.length} fields` }));
    return false;
  }
  const names = fields.map((f) => (typeof f === 'object' && f !== null ? (f as { name?: unknown }).name : undefined));
  // The profile check reports malformed fields; here they only keep the rows from being loaded.
  return names.every((n) => typeof n === 'string' && n !== '' && n.length <= MAX_PATH) && new Set(names).size === names.length && typeof r.name === 'string';
}

/** Verifies an unpacked release folder; file names in issues stay relative to it. */
export async function verifyFolder(dir: string, tempDirectory: string, limits: VerifyLimits = DEFAULT_LIMITS): Promise<FolderResult> {
  const issues = new Issues();
  const missing = new Set<string>();
  const reportMissing = (file: string, what: string) => {
    if (missing.has(file)) return;
    missing.add(file);
    issues.add(issue({ code: 'missing-file', file, what, expected: 'the file', got: 'nothing' }));
  };
  // Every file is found first, without following links or opening special files; only those found are read.
  const walked = await walkRelease(dir, limits.files);
  for (const i of walked.issues) issues.add(i);
  const found = walked.files;
  let created: string | null = null;
  const done = (extra: Partial<Omit<VerifyReport, 'path'>> = {}): FolderResult => {
    const all = issues.finish();
    const errors = errorsOf(all);
    const report = { ok: errors.length === 0, exit_code: errors.length === 0 ? 0 : 1, version: null, files: 0, resources: 0, rows: {}, errors, warnings: all.filter((i) => i.severity === 'warning'), ...extra } as Omit<VerifyReport, 'path'>;
    return { report, created, files: [...found.keys()] };
  };

  const raw = await readSmall(dir, DESCRIPTOR_FILE, found, limits.descriptorBytes, issues, reportMissing, 'the release has no descriptor');
  if (raw === null) return done();
  const parsed = parseBoundedJson(raw.toString('utf8'), { depth: limits.jsonDepth, values: limits.jsonValues });
  if (!parsed.ok) {
    issues.add(issue({ code: parsed.code, file: DESCRIPTOR_FILE, line: parsed.line, what: `the descriptor is ${parsed.what}`, expected: parsed.expected, got: parsed.got }));
    return done();
  }
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    issues.add(issue({ code: 'invalid-descriptor', file: DESCRIPTOR_FILE, what: 'the descriptor is not a JSON object', expected: 'an object', got: Array.isArray(parsed.value) ? 'an array' : typeof parsed.value }));
    return done();
  }
  const descriptor = parsed.value as PackageDescriptor;
  for (const i of validateDescriptor(descriptor, DESCRIPTOR_FILE)) issues.add(i);
  const createdValue = (descriptor as { created?: unknown }).created;
  created = typeof createdValue === 'string' ? createdValue : null;
  const version = typeof descriptor.version === 'string' ? descriptor.version : null;
  const resources = Array.isArray(descriptor.resources) ? descriptor.resources.filter((r) => r && typeof r === 'object') : [];

  // SHA256SUMS: every listed file matches, and every file is listed.
  let checkedFiles = 0;
  // Each file is read once per algorithm, in chunks, however many times it is listed.
  const digests = new Map<string, Promise<FileDigest | null>>();
  const digest = (rel: string, algorithm = 'sha256'): Promise<FileDigest | null> => {
    const key = `${algorithm}\u0000${rel}`;
    if (!digests.has(key)) digests.set(key, found.has(rel) ? hashRegular(path.join(dir, rel), [algorithm]) : Promise.resolve(null));
    return digests.get(key)!;
  };
  const sums = await readSmall(dir, CHECKSUMS_FILE, found, limits.descriptorBytes, issues, reportMissing, 'the release has no checksum list');
  if (sums !== null) {
    const text = sums.toString('utf8');
    const { entries, issues: bad } = parseChecksums(text);
    for (const i of bad) issues.add(i);
    // The one form the build writes (sorted, lower-case hex, two spaces, one line each): nothing in the
    // file can change without verify seeing it, though no other file holds its hash.
    if (!bad.length && !canonicalChecksums(text, entries)) {
      issues.add(issue({ code: 'invalid-checksums', file: CHECKSUMS_FILE, what: 'the checksum list is not in its canonical form', expected: 'lines "<64 lower-case hex>  <path>" sorted by path, each path once, ending in a line break', got: 'another form' }));
    }
    const listed = new Set(entries.map((e) => e.path));
    for (const e of entries) {
      if (!safeRelative(e.path)) { issues.add(issue({ code: 'unsafe-path', file: CHECKSUMS_FILE, what: 'a listed path leaves the release folder', expected: 'a relative path inside the release', value: e.path })); continue; }
      const d = await digest(e.path);
      if (d === null) { reportMissing(e.path, `a file listed in ${CHECKSUMS_FILE} is missing`); continue; }
      checkedFiles++;
      const got = d.hex.sha256;
      if (got !== e.sha256) issues.add(issue({ code: 'checksum-mismatch', file: e.path, what: `the file does not match ${CHECKSUMS_FILE}`, expected: e.sha256, got }));
    }
    for (const f of found.keys()) {
      if (f !== CHECKSUMS_FILE && !listed.has(f)) issues.add(issue({ code: 'unlisted-file', file: f, what: `a file of the release is not in ${CHECKSUMS_FILE}`, expected: 'every file listed', got: 'not listed' }));
    }
  }

  // Resources: the file is there, with the recorded size and hash. A multipart resource (`path` an
  // array, the partitioned Parquet copy) has every file there; `bytes` is then their total, and its
  // files' hashes are checked through SHA256SUMS only (a `hash` names one file).
  const present: TableResource[] = [];
  for (const r of resources) {
    const multipart = Array.isArray(r.path) && r.path.length > 0 && r.path.every((p) => typeof p === 'string');
    if (typeof r.path !== 'string' && !multipart) {
      issues.add(issue({ code: 'unsupported-resource', severity: 'warning', file: DESCRIPTOR_FILE, table: r.name ?? null, what: 'resource is not one local file; not checked', expected: 'a path string', value: r.path }));
      continue;
    }
    const files = multipart ? (r.path as string[]) : [r.path as string];
    const unsafe = files.filter((f) => !safeRelative(f));
    if (unsafe.length) { issues.add(issue({ code: 'unsafe-path', file: DESCRIPTOR_FILE, table: r.name, field: 'path', what: 'resource path leaves the release folder', expected: 'a relative path inside the release', value: multipart ? unsafe[0] : r.path })); continue; }
    let bytes = 0;
    let complete = true;
    for (const f of files) {
      const d = await digest(f);
      if (d === null) { reportMissing(f, `resource ${r.name} has no file`); complete = false; continue; }
      bytes += d.bytes;
    }
    if (!complete) continue;
    const shown = multipart ? files[0].replace(/\/[^/]*$/, '') : files[0];
    if (typeof r.bytes === 'number' && r.bytes !== bytes) {
      issues.add(issue({ code: 'bytes-mismatch', file: shown, table: r.name, what: `the file's size differs from ${DESCRIPTOR_FILE}`, expected: `${r.bytes} bytes`, got: `${bytes} bytes` }));
    }
    if (typeof r.hash === 'string' && multipart) {
      issues.add(issue({ code: 'unsupported-hash', severity: 'warning', file: shown, table: r.name, what: 'hash of a multipart resource not checked (its files are checked against SHA256SUMS)', expected: 'no hash', value: r.hash }));
    } else if (typeof r.hash === 'string') {
      const m = /^(?:([a-z0-9]+):)?([0-9a-fA-F]+)$/.exec(r.hash);
      const algorithm = m ? (m[1] ?? 'md5') : null;
      if (!m || !['md5', 'sha1', 'sha256', 'sha512'].includes(algorithm!)) {
        issues.add(issue({ code: 'unsupported-hash', severity: 'warning', file: shown, table: r.name, what: 'hash not checked', expected: 'md5, sha1, sha256 or sha512', value: r.hash }));
      } else {
        const d = await digest(files[0], algorithm!);
        if (d === null) { reportMissing(files[0], `resource ${r.name} has no file`); continue; }
        const got = `${m[1] ? `${algorithm}:` : ''}${d.hex[algorithm!]}`;
        if (got !== r.hash.toLowerCase()) issues.add(issue({ code: 'hash-mismatch', file: shown, table: r.name, what: `the file does not match its hash in ${DESCRIPTOR_FILE}`, expected: r.hash, got }));
      }
    }
    if (loadableSchema(r, limits.columns, issues)) present.push({ ...(r as TableResource), files });
  }

  // Rows and keys, in DuckDB.
  const rows: Record<string, number> = {};
  const db = await openDatabase({ tempDirectory, memoryLimit: limits.memoryLimit });
  // DuckDB reads the Parquet files itself: a damaged or hostile file makes it throw, which is a problem of that file.
  const guarded = async (r: TableResource, what: string, run: () => Promise<unknown>): Promise<boolean> => {
    try {
      await run();
      return true;
    } catch (e) {
      if (e instanceof BuildError) throw e;
      issues.add(issue({ code: 'unreadable-file', file: shownPath(r), table: r.name, what, got: String((e as Error)?.message ?? e).split('\n')[0].slice(0, 300) }));
      return false;
    }
  };
  try {
    const loaded = new Map<string, { table: string; resource: TableResource }>();
    const isFormat = (r: TableResource, format: string) => r.format === format || (r.format === undefined && r.files.every((f) => f.endsWith(`.${format}`)));
    const csv = present.filter((r) => isFormat(r, 'csv'));
    for (const r of csv.filter((x) => Array.isArray(x.path))) {
      issues.add(issue({ code: 'unsupported-resource', severity: 'warning', file: DESCRIPTOR_FILE, table: r.name, what: 'multipart CSV resource; its rows are not checked', expected: 'one CSV file', value: r.path }));
    }
    for (const [k, r] of csv.filter((x) => !Array.isArray(x.path)).entries()) {
      const table = `t${k}`;
      if (await guarded(r, 'the CSV rows cannot be loaded', async () => { rows[r.name] = await checkCsvRows(db.connection, r, dir, table, issues, limits); })) loaded.set(r.name, { table, resource: r });
    }
    for (const r of csv.filter((x) => loaded.has(x.name))) await guarded(r, 'the primary key cannot be checked', () => checkPrimaryKey(db.connection, r, loaded.get(r.name)!.table, issues));
    for (const r of csv.filter((x) => loaded.has(x.name))) await guarded(r, 'the foreign keys cannot be checked', () => checkForeignKeys(db.connection, r, loaded, issues));
    for (const r of present.filter((x) => isFormat(x, 'parquet'))) {
      let readable = false;
      const read = await guarded(r, 'the file cannot be read as Parquet', async () => { readable = await checkParquet(db.connection, r, dir, loaded.get(csvTwinName(r.name)), issues); });
      if (read && readable && Array.isArray(r.path) && r.files.every((f) => yearOfPath(f) !== undefined)) await guarded(r, 'the files cannot be read as Hive-partitioned Parquet', () => checkPartitions(db.connection, r, dir, loaded, issues));
    }
  } finally {
    db.close();
  }
  for (const f of [...found.keys()].filter((x) => x.endsWith('.xlsx'))) await checkWorkbook(dir, f, rows, issues, limits);
  return done({ version, files: checkedFiles, resources: resources.length, rows });
}

/**
 * A workbook of the release (spreadsheet/*.xlsx, see src/publish/workbook.ts) opens, and each
 * sheet named after a CSV resource holds as many rows as that resource. Its bytes are checked
 * through SHA256SUMS; its cells were compared with the tables when it was written.
 */
async function checkWorkbook(dir: string, file: string, rows: Readonly<Record<string, number>>, issues: Issues, limits: VerifyLimits): Promise<void> {
  let read: Awaited<ReturnType<typeof readWorkbookDigests>>;
  try {
    // The archive limits hold inside the workbook too (it is a zip): its entries may inflate to at
    // most `ratio` times its size, past the ratio floor.
    const size = (await stat(path.join(dir, file))).size;
    read = await readWorkbookDigests(path.join(dir, file), [], Math.min(limits.totalBytes, Math.max(limits.ratioFloor, size * limits.ratio)));
  } catch (e) {
    issues.add(issue({ code: 'invalid-workbook', file, what: 'the workbook cannot be read', expected: 'an .xlsx file', got: (e as Error).message }));
    return;
  }
  for (const sheet of read.sheets) {
    const expected = rows[sheet];
    const got = read.digests[sheet]?.rows;
    if (expected !== undefined && got !== expected) {
      issues.add(issue({ code: 'workbook-mismatch', file, table: sheet, what: `sheet ${sheet} does not hold the rows of csv resource ${sheet}`, expected: `${expected} rows`, got: `${got ?? 0} rows` }));
    }
  }
}

function withPath(target: string, r: Omit<VerifyReport, 'path'>): VerifyReport {
  const { ok, exit_code, ...rest } = r;
  return { ok, exit_code, path: target, ...rest };
}

/** The release folder latest.json in `target` points at, if it is a plain folder inside `target`; else null. */
async function latestRelease(target: string): Promise<string | null> {
  const pointerFile = path.join(target, LATEST_FILE);
  if (!(await lstat(pointerFile).catch(() => null))?.isFile()) return null;
  const raw = await readRegular(pointerFile, 1 << 16);
  if (raw === null) return null;
  const parsed = parseBoundedJson(raw.toString('utf8'), { depth: 4, values: 100 });
  const pointer = parsed.ok ? (parsed.value as { path?: unknown } | null) : null;
  if (typeof pointer?.path !== 'string' || !safeRelative(pointer.path)) return null;
  // Each step a real folder, not a link: a pointer may not lead out of `target`.
  let dir = target;
  for (const part of pointer.path.split('/')) {
    dir = path.join(dir, part);
    if (!(await lstat(dir).catch(() => null))?.isDirectory()) return null;
  }
  return dir;
}

/**
 * The archive is byte-identical to what writeArchive makes of the files it holds, with the release's
 * `created`. The reader checks what can be read (headers, CRC-32, sizes, layout); this covers what
 * reading ignores: a changed time, attribute, version or extra field, and deflate data that inflates
 * to the same bytes, so that no byte of the archive goes unchecked.
 */
async function canonicalArchive(target: string, root: string, created: string | null, files: readonly string[], temp: string): Promise<Issue | null> {
  const label = path.basename(target);
  if (created === null || Number.isNaN(Date.parse(created))) {
    return issue({ code: 'invalid-archive', file: label, what: 'the descriptor has no valid created time to check the archive\'s entry times against', expected: 'an ISO 8601 created', got: String(created) });
  }
  const canonical = path.join(temp, 'canonical.zip');
  await writeArchive(root, files, canonical, path.basename(root), created);
  if (await sameBytes(target, canonical)) return null;
  if (files.some((f) => storedEntry(f) !== storedEntryBeforeWorkbook(f))) {
    // an archive of an earlier release, which deflated its workbook
    await writeArchive(root, files, canonical, path.basename(root), created, { stored: storedEntryBeforeWorkbook });
    if (await sameBytes(target, canonical)) return null;
  }
  return issue({ code: 'invalid-archive', file: label, what: 'the archive is not byte-identical to the archive of its files as a release writes it (a header or extra field, the entry times or order, or the compressed bytes differ)', expected: 'the canonical archive', got: 'other bytes' });
}

/**
 * Verifies `target`: a release folder, a folder with latest.json (its newest release), or a `.zip`
 * archive (read strictly and extracted to a temporary folder first). Throws BuildError (exit 2)
 * `missing-path` when there is nothing at `target`, `unsupported-path` for another kind of file,
 * `write-failed`/`read-failed` when the machine fails, `internal-error` for a bug.
 */
export async function verify(target: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const info = await stat(target).catch(() => null);
  if (!info) throw BuildError.of({ code: 'missing-path', what: 'nothing to verify', expected: 'a release folder or a .zip release archive', got: JSON.stringify(target) });
  // Only a folder or a regular file is opened: a FIFO or device named *.zip is refused, not read.
  if (!info.isDirectory() && !(info.isFile() && target.endsWith('.zip'))) {
    throw BuildError.of({ code: 'unsupported-path', what: 'cannot verify this file', expected: 'a release folder or a .zip release archive', got: JSON.stringify(target) });
  }
  let temp: string;
  try {
    temp = await makeTempFolder('verify');
  } catch (e) {
    throw BuildError.of({ code: 'write-failed', file: os.tmpdir(), what: 'cannot create a temporary folder', expected: 'a writable temporary folder', got: (e as Error).message });
  }
  try {
    if (info.isDirectory()) {
      const hasDescriptor = (await lstat(path.join(target, DESCRIPTOR_FILE)).catch(() => null)) !== null;
      const dir = (hasDescriptor ? null : await latestRelease(target)) ?? target;
      return withPath(target, (await verifyFolder(dir, temp, limits)).report);
    }
    const { root, issues } = await extractArchive(target, path.join(temp, 'archive'), path.basename(target), limits);
    if (!root) {
      return { ok: false, exit_code: 1, path: target, version: null, files: 0, resources: 0, rows: {}, errors: issues, warnings: [] };
    }
    const { report, created, files } = await verifyFolder(root, temp, limits);
    if (report.ok) {
      const different = await canonicalArchive(target, root, created, files, temp);
      if (different) Object.assign(report, { ok: false, exit_code: 1, errors: [different] });
    }
    return withPath(target, report);
  } catch (e) {
    if (e instanceof BuildError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.syscall === 'string') {
      throw BuildError.of({ code: 'write-failed', file: err.path ?? null, what: 'verify failed on the machine (disk, permissions or I/O)', expected: 'a readable release and a writable temporary folder', got: err.message });
    }
    throw BuildError.of({ code: 'internal-error', what: 'verify stopped on an unexpected exception (a bug, not the release: please report it with the release)', got: String(err?.message ?? e).split('\n')[0] });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
