/**
 * Parquet for notebooks: the right types (DATE, BIGINT, DOUBLE, BOOLEAN, VARCHAR), the table's and
 * every field's description in the file's key-value metadata, column statistics, and identical values
 * through three independent readers: DuckDB, hyparquet (pure JavaScript) and nodejs-polars (the
 * polars engine, in Rust).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import pl from 'nodejs-polars';
import { openDatabase, sqlString, type Database } from '../src/db/open-database.ts';
import { parquetKvMetadata } from '../src/publish/write-tables.ts';
import { DUCKDB_TYPES, loadSchemas, type TableSpec } from '../src/schema/index.ts';
import { removeDir } from './helpers/fixtures.ts';
import { sharedSeedRelease, type SeedRelease } from './helpers/seed-release.ts';

const specs = loadSchemas();
const published = specs.filter((s) => s.publish);

let seed: SeedRelease;
let db: Database;
const file = (table: string) => path.join(seed.release, `parquet/${table}.parquet`);

before(async () => {
  seed = await sharedSeedRelease('parquet');
  db = await openDatabase({ tempDirectory: seed.dir });
});
after(async () => {
  db.close();
  await removeDir(seed.dir);
});

const rowsOf = async (c: DuckDBConnection, sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson();

/** One value as a string every reader agrees on: integers and numbers in decimal, dates as YYYY-MM-DD. */
function canonical(type: TableSpec['fields'][number]['type'], v: unknown): string | boolean | null {
  if (v === null || v === undefined) return null;
  if (type === 'boolean') return v as boolean;
  if (type === 'date') return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  if (type === 'integer') return BigInt(v as string | number | bigint).toString();
  if (type === 'number') return String(Number(v));
  return String(v);
}
const canonicalRows = (spec: TableSpec, rows: Record<string, unknown>[]) => rows.map((r) => spec.fields.map((f) => canonical(f.type, r[f.name])));

describe('Parquet files', () => {
  it('have the schema\'s columns with DuckDB types DATE, BIGINT, DOUBLE, BOOLEAN, VARCHAR', async () => {
    for (const s of published) {
      const got = (await rowsOf(db.connection, `DESCRIBE SELECT * FROM read_parquet(${sqlString(file(s.table))})`)).map((r) => [r.column_name, r.column_type]);
      assert.deepEqual(got, s.fields.map((f) => [f.name, DUCKDB_TYPES[f.type]]), s.table);
    }
    const types = new Set(published.flatMap((s) => s.fields.map((f) => DUCKDB_TYPES[f.type])));
    assert.deepEqual([...types].sort(), ['BIGINT', 'BOOLEAN', 'DATE', 'DOUBLE', 'VARCHAR']);
  });

  it('carry the table and field descriptions (and licence) as key-value metadata, read by DuckDB and hyparquet alike', async () => {
    for (const s of published) {
      const fromDuck = (await rowsOf(db.connection, `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${sqlString(file(s.table))})`)).map((r) => [r.k, r.v]);
      const meta = await parquetMetadataAsync(await asyncBufferFromFile(file(s.table)));
      const fromHyparquet = (meta.key_value_metadata ?? []).map((e) => [e.key, e.value]);
      const license = s.textLicense ? 'LicenseRef-Jiaozuo-Daily-text' : 'CC-BY-4.0';
      assert.deepEqual(fromDuck, parquetKvMetadata(s, license), s.table);
      assert.deepEqual(fromHyparquet, fromDuck, s.table);
      const kv = Object.fromEntries(fromDuck);
      assert.equal(kv.description, s.description);
      for (const f of s.fields) assert.equal(kv[`description:${f.name}`], f.description, `${s.table}.${f.name}`);
    }
  });

  it('keep column statistics: null counts for every column, min and max wherever there is a value (short strings)', async () => {
    for (const s of published) {
      // A table with no rows (lines: the seed pages are text, not PDF) has no row group to keep statistics in.
      if (seed.report.tables[s.table] === 0) continue;
      const chunks = await rowsOf(db.connection, `SELECT path_in_schema AS col, stats_min, stats_max, stats_null_count, num_values FROM parquet_metadata(${sqlString(file(s.table))})`);
      assert.deepEqual([...new Set(chunks.map((c) => c.col))], s.fields.map((f) => f.name), s.table);
      const [longest] = await rowsOf(db.connection, `SELECT ${s.fields.map((f) => `max(length(CAST("${f.name}" AS VARCHAR))) AS "${f.name}"`).join(', ')} FROM read_parquet(${sqlString(file(s.table))})`);
      for (const c of chunks) {
        assert.notEqual(c.stats_null_count, null, `${s.table}.${c.col}`);
        const type = s.fields.find((f) => f.name === c.col)!.type;
        // DuckDB leaves out min and max of long strings (article texts), where they would say nothing.
        const worth = type !== 'string' || Number(longest[String(c.col)]) <= 64;
        if (Number(c.stats_null_count) < Number(c.num_values) && worth) assert.ok(c.stats_min !== null && c.stats_max !== null, `${s.table}.${c.col}`);
      }
    }
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(file('sources')));
    const issueDate = meta.row_groups[0].columns.find((c) => c.meta_data?.path_in_schema.join('.') === 'issue_date')!.meta_data!.statistics!;
    assert.equal((issueDate.min_value as Date).toISOString().slice(0, 10), '2022-01-27', 'hyparquet reads the statistics too');
  });

  it('read back identically through DuckDB, hyparquet and nodejs-polars', async () => {
    for (const s of published) {
      const duck = canonicalRows(s, await rowsOf(db.connection, `SELECT * FROM read_parquet(${sqlString(file(s.table))})`));
      const hy = canonicalRows(s, await parquetReadObjects({ file: await asyncBufferFromFile(file(s.table)), compressors }));
      const polars = canonicalRows(s, pl.readParquet(file(s.table)).toRecords() as Record<string, unknown>[]);
      assert.equal(duck.length, seed.report.tables[s.table], s.table);
      assert.deepEqual(hy, duck, `${s.table}: hyparquet`);
      assert.deepEqual(polars, duck, `${s.table}: nodejs-polars`);
    }
  });

  it('nodejs-polars sees the notebook types: Date, Int64, Float64, Bool, String', () => {
    const schema = pl.readParquet(file('sources')).schema as Record<string, unknown>;
    assert.equal(String(schema.issue_date), 'DataType(Date)');
    assert.equal(String(schema.bytes), 'DataType(Int64)');
    assert.equal(String(schema.in_manifest), 'DataType(Bool)');
    assert.equal(String(schema.source_id), 'DataType(String)');
    assert.equal(String((pl.readParquet(file('quantities')).schema as Record<string, unknown>).value), 'DataType(Float64)');
    const q = pl.readParquet(file('quantities')).filter(pl.col('quote').eq(pl.lit('86万余名'))).toRecords()[0];
    assert.equal(q.value, 860000);
    assert.equal(q.value_max, null);
  });
});
