import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../db/open-database.ts';
import { ident, type TableSpec } from '../schema/index.ts';
import { tablePath, type Format, type ReleaseFile, type TableFile } from './build-descriptor.ts';

/**
 * COPY options, pinned so the bytes do not depend on DuckDB defaults. CSV: RFC 4180 quoting
 * (quotes doubled, fields with commas, quotes or line breaks quoted), empty cell = NULL and an
 * empty string written as "". Parquet: zstd at a fixed level and a fixed row-group size; DuckDB
 * writes column statistics (min, max, null count) by default, and the table's descriptions are added
 * as key-value metadata (parquetKvMetadata).
 */
export const COPY_OPTIONS: Record<Format, string> = {
  csv: `FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NULL ''`,
  parquet: `FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 3, ROW_GROUP_SIZE 100000`,
};

/** `SELECT <columns in schema order> FROM <table> ORDER BY <primary key>`: the released row order. */
export function releaseQuery(spec: TableSpec): string {
  return `SELECT ${spec.fields.map((f) => ident(f.name)).join(', ')} FROM ${ident(spec.table)} ORDER BY ${spec.primaryKey.map(ident).join(', ')}`;
}

/** Size and `sha256:<hex>` of a file. */
export async function fileStat(dir: string, rel: string): Promise<ReleaseFile> {
  const buf = await readFile(path.join(dir, rel));
  return { path: rel, bytes: buf.length, hash: 'sha256:' + createHash('sha256').update(buf).digest('hex') };
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

/**
 * Writes every published table as CSV and Parquet under `dir`. `license(table)` gives the licence
 * recorded in a Parquet file's key-value metadata (none when omitted).
 */
export async function writeTables(connection: DuckDBConnection, specs: readonly TableSpec[], dir: string, license?: (spec: TableSpec) => string): Promise<TableFile[]> {
  // One thread while writing: row groups and chunk boundaries then never depend on scheduling.
  await connection.run('SET threads = 1');
  await connection.run('SET preserve_insertion_order = true');
  const files: TableFile[] = [];
  for (const format of ['csv', 'parquet'] as const) {
    await mkdir(path.join(dir, format), { recursive: true });
    for (const spec of specs.filter((s) => s.publish)) {
      const rel = tablePath(spec.table, format);
      const options = format === 'parquet' ? `${COPY_OPTIONS.parquet}, ${kvMetadataSql(parquetKvMetadata(spec, license?.(spec)))}` : COPY_OPTIONS.csv;
      await connection.run(`COPY (${releaseQuery(spec)}) TO ${sqlString(path.join(dir, rel))} (${options})`);
      files.push({ table: spec.table, format, ...(await fileStat(dir, rel)) });
    }
  }
  return files;
}
