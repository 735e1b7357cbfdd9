import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../db/open-database.ts';
import { hashFile } from '../release/file-bytes.ts';
import { ident, type TableSpec } from '../schema/index.ts';
import { tablePath, type Format, type ReleaseFile, type TableFile } from './build-descriptor.ts';
import { PARTITION_COLUMN, partitionPath, yearKey, yearLink, yearMapSql, type YearLink } from './partition.ts';

/**
 * COPY options, pinned so the bytes do not depend on DuckDB defaults. CSV: RFC 4180 quoting
 * (quotes doubled, fields with commas, quotes or line breaks quoted), empty cell = NULL and an
 * empty string written as "". Parquet: zstd at a fixed level and a fixed row-group size; DuckDB
 * writes column statistics (min, max, null count) by default, and the table's descriptions are added
 * as key-value metadata (parquetKvMetadata).
 *
 * ROW_GROUP_SIZE 16384: on a 100,000-article release (unique Chinese text) DuckDB writes all tables
 * about a third faster than with 100,000 rows per group (articles 2.1 s → 0.9 s of CPU, paragraphs
 * 1.7 s → 0.9 s), with a lower peak memory (≈ 100 MB), for files 3 % larger in all (the narrow
 * tables compress a little less: text_segments 3.4 → 6.1 MB). 8192 is no faster; 32768 is as
 * fast overall but not on the long-text tables, which dominate a large release.
 */
export const COPY_OPTIONS: Record<Format, string> = {
  csv: `FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NULL ''`,
  parquet: `FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 3, ROW_GROUP_SIZE 16384`,
};

/** `SELECT <columns in schema order> FROM <table> ORDER BY <primary key>`: the released row order. */
export function releaseQuery(spec: TableSpec): string {
  return `SELECT ${spec.fields.map((f) => ident(f.name)).join(', ')} FROM ${ident(spec.table)} ORDER BY ${spec.primaryKey.map(ident).join(', ')}`;
}

/** Size and `sha256:<hex>` of a file, read in chunks (never whole: release files reach gigabytes). */
export async function fileStat(dir: string, rel: string): Promise<ReleaseFile> {
  const { bytes, hex } = await hashFile(path.join(dir, rel));
  return { path: rel, bytes, hash: 'sha256:' + hex.sha256 };
}

/**
 * The key-value metadata written into a table's Parquet file, so a notebook that only has the file
 * still knows what it holds: `title` and `description` of the table, `description:<field>` for every
 * column (from the schema), and `license` (SPDX ids or LicenseRef, `;`-separated) when given.
 */
export function parquetKvMetadata(spec: TableSpec, license?: string): [string, string][] {
  return [
    ['title', spec.title],
    ['description', spec.description],
    ...spec.fields.map((f): [string, string] => [`description:${f.name}`, f.description]),
    ...(license ? [['license', license] as [string, string]] : []),
  ];
}

/** `KV_METADATA {"key": 'value', …}` for DuckDB's Parquet COPY. */
export function kvMetadataSql(entries: readonly [string, string][]): string {
  return `KV_METADATA {${entries.map(([k, v]) => `${ident(k)}: ${sqlString(v)}`).join(', ')}}`;
}

export interface WriteTablesOptions {
  /** Also write the Parquet copy partitioned by issue year (see partition.ts). */
  byYear?: boolean;
}

/**
 * Writes every published table as CSV and Parquet under `dir`, and with `byYear` the partitioned
 * Parquet copy. `license(table)` gives the licence recorded in a Parquet file's key-value metadata
 * (none when omitted).
 */
export async function writeTables(connection: DuckDBConnection, specs: readonly TableSpec[], dir: string, license?: (spec: TableSpec) => string, options: WriteTablesOptions = {}): Promise<TableFile[]> {
  // One thread while writing: row groups and chunk boundaries then never depend on scheduling.
  await connection.run('SET threads = 1');
  await connection.run('SET preserve_insertion_order = true');
  const parquetOptions = (spec: TableSpec) => `${COPY_OPTIONS.parquet}, ${kvMetadataSql(parquetKvMetadata(spec, license?.(spec)))}`;
  const files: TableFile[] = [];
  for (const format of ['csv', 'parquet'] as const) {
    await mkdir(path.join(dir, format), { recursive: true });
    for (const spec of specs.filter((s) => s.publish)) {
      const rel = tablePath(spec.table, format);
      const options = format === 'parquet' ? parquetOptions(spec) : COPY_OPTIONS.csv;
      await connection.run(`COPY (${releaseQuery(spec)}) TO ${sqlString(path.join(dir, rel))} (${options})`);
      files.push({ table: spec.table, format, ...(await fileStat(dir, rel)) });
    }
  }
  if (options.byYear) files.push(...(await writeByYear(connection, specs, dir, parquetOptions)));
  return files;
}

/** The tables of the partitioned copy and how each reaches its page: published, with a page, and with the tables the link needs. */
export function partitionedTables(specs: readonly TableSpec[]): { spec: TableSpec; link: YearLink }[] {
  const names = new Set(specs.map((s) => s.table));
  if (!names.has('sources')) return [];
  return specs.filter((s) => s.publish).flatMap((spec) => {
    const link = yearLink(spec.table, spec.fields.map((f) => f.name));
    return link && (link !== 'article' || names.has('articles')) ? [{ spec, link }] : [];
  });
}

const YEAR_MAPS: Record<YearLink, string> = { self: '__release_year_of_source', source: '__release_year_of_source', article: '__release_year_of_article' };

/**
 * One Parquet file per table and issue year, each its own COPY of the rows of that year in primary
 * key order, with the same options as parquet/<table>.parquet: the bytes depend on nothing but the
 * rows. A year without rows in a table has no file there.
 */
async function writeByYear(connection: DuckDBConnection, specs: readonly TableSpec[], dir: string, parquetOptions: (spec: TableSpec) => string): Promise<TableFile[]> {
  const tables = partitionedTables(specs);
  if (!tables.length) return [];
  const relations = { sources: ident('sources'), articles: ident('articles') };
  const links = new Set(tables.map((t) => (t.link === 'article' ? 'article' : 'self') as YearLink));
  const files: TableFile[] = [];
  try {
    // The year of every page and article, once: each COPY below joins it.
    for (const link of links) await connection.run(`CREATE OR REPLACE TEMP TABLE ${YEAR_MAPS[link]} AS ${yearMapSql(link, relations)}`);
    for (const { spec, link } of tables) {
      if (spec.fields.some((f) => f.name === PARTITION_COLUMN)) throw new Error(`writeTables: ${spec.table} has a column named ${PARTITION_COLUMN}, the partition column`);
      const from = `FROM ${ident(spec.table)} t LEFT JOIN ${YEAR_MAPS[link]} y ON y.key = t.${ident(yearKey(link))}`;
      const years = (await connection.runAndReadAll(`SELECT DISTINCT y.year ${from} ORDER BY 1 NULLS LAST`)).getRowsJson().map(([y]) => (y === null ? null : Number(y)));
      const columns = spec.fields.map((f) => `t.${ident(f.name)}`).join(', ');
      const order = spec.primaryKey.map((k) => `t.${ident(k)}`).join(', ');
      for (const year of years) {
        const rel = partitionPath(spec.table, year);
        await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
        const where = year === null ? 'y.year IS NULL' : `y.year = ${year}`;
        await connection.run(`COPY (SELECT ${columns} ${from} WHERE ${where} ORDER BY ${order}) TO ${sqlString(path.join(dir, rel))} (${parquetOptions(spec)})`);
        files.push({ table: spec.table, format: 'parquet', year, ...(await fileStat(dir, rel)) });
      }
    }
  } finally {
    for (const link of links) await connection.run(`DROP TABLE IF EXISTS ${YEAR_MAPS[link]}`);
  }
  return files;
}
