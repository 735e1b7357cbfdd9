import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../db/open-database.ts';
import { issue, type Issue } from '../issues.ts';
import { DUCKDB_TYPES, ident, type TableSpec } from '../schema/index.ts';
import { isPartitionFile, type TableFile } from './build-descriptor.ts';
import { HIVE_READ_OPTIONS, PARTITION_COLUMN, rowsWithYearSql } from './partition.ts';
import { partitionedTables, releaseQuery } from './write-tables.ts';

/** A read_csv() call with the release's dialect and the schema's column types: no sniffing. */
export function readCsvSql(spec: TableSpec, file: string): string {
  const columns = spec.fields.map((f) => `${sqlString(f.name)}: ${sqlString(DUCKDB_TYPES[f.type])}`).join(', ');
  // allow_quoted_nulls = false: a quoted "" is an empty string, only an empty cell is NULL.
  return `read_csv(${sqlString(file)}, header = true, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, auto_detect = false, columns = {${columns}})`;
}

/**
 * SQL of one row: the number of rows of `relation` and two order-independent checksums of them
 * (sum and xor of each row's 64-bit hash over `columns`). Equal for the same multiset of rows; for
 * different ones, equal only by a chance of about 2^-64. One streaming pass, in constant memory.
 */
export function fingerprintSql(relation: string, columns: readonly string[]): string {
  return fingerprintsSql(relation, [columns]);
}

/**
 * fingerprintSql of several sets of `relation`'s columns in one pass: the row count, then the two
 * checksums of each set in turn (`s0, x0, s1, x1, …`).
 */
function fingerprintsSql(relation: string, columnSets: readonly (readonly string[])[]): string {
  const sums = columnSets.map((_, k) => `coalesce(sum(h${k}), 0)::VARCHAR AS s${k}, coalesce(bit_xor(h${k}), 0)::VARCHAR AS x${k}`);
  const hashes = columnSets.map((columns, k) => `hash(${columns.map(ident).join(', ')}) AS h${k}`);
  return `SELECT count(*) AS n, ${sums.join(', ')} FROM (SELECT ${hashes.join(', ')} FROM (${relation}))`;
}

/** A relation's fingerprint (fingerprintSql's row) per set of columns, from one pass over it. */
async function fingerprints(connection: DuckDBConnection, relation: string, columnSets: readonly (readonly string[])[]): Promise<string[][]> {
  const [n, ...sums] = (await connection.runAndReadAll(fingerprintsSql(relation, columnSets))).getRowsJson()[0].map(String);
  return columnSets.map((_, k) => [n, sums[2 * k], sums[2 * k + 1]]);
}

/** Whether two relations have equal fingerprints (see fingerprintSql), with their row count. */
export async function sameFingerprint(connection: DuckDBConnection, a: string, b: string, columns: readonly string[]): Promise<{ same: boolean; rows: number }> {
  const [fa, fb] = [fingerprintSql(a, columns), fingerprintSql(b, columns)];
  const [ra, rb] = [(await connection.runAndReadAll(fa)).getRowsJson()[0], (await connection.runAndReadAll(fb)).getRowsJson()[0]];
  return { same: ra.every((v, i) => String(v) === String(rb[i])), rows: Number(ra[0]) };
}

/**
 * The row counts of `expected` and `got` and what each lacks of the other. `got`'s fingerprint is
 * compared with `expectedPrint`, `expected`'s (fingerprints): equal, the rows are the same. Only
 * when they differ are the rows matched with EXCEPT ALL both ways, which holds every row in
 * memory, to say how many differ.
 */
async function compareRows(connection: DuckDBConnection, expected: string, expectedPrint: readonly string[], got: string, columns: readonly string[]): Promise<[number, number, number, number]> {
  const [gotPrint] = await fingerprints(connection, got, [columns]);
  if (gotPrint.every((v, i) => v === expectedPrint[i])) return [Number(gotPrint[0]), Number(gotPrint[0]), 0, 0];
  const result = await connection.runAndReadAll(
    `SELECT (SELECT count(*) FROM (${expected})) AS expected, (SELECT count(*) FROM (${got})) AS got,
            (SELECT count(*) FROM (${expected} EXCEPT ALL ${got})) AS missing,
            (SELECT count(*) FROM (${got} EXCEPT ALL ${expected})) AS extra`,
  );
  return result.getRowsJson()[0].map(Number) as [number, number, number, number];
}

/**
 * Reads every written file back through DuckDB and compares it with its table, row for row
 * (fingerprints of the typed rows, then EXCEPT ALL both ways when they differ: counts, values and
 * types must all survive the round trip). The
 * partitioned copy is compared per table, all its files read as one Hive-partitioned dataset: the
 * rows with their year must be the table's rows with their page's year, and every file must hold
 * exactly the table's columns.
 */
export async function verifyRelease(connection: DuckDBConnection, specs: readonly TableSpec[], dir: string, files: readonly TableFile[]): Promise<Issue[]> {
  const issues: Issue[] = [];
  const links = new Map(partitionedTables(specs).map(({ spec, link }) => [spec.table, link]));
  const relations = { sources: ident('sources'), articles: ident('articles') };
  const specOf = (table: string) => {
    const spec = specs.find((s) => s.table === table);
    if (!spec) throw new Error(`verifyRelease: unknown table ${table}`);
    return spec;
  };
  const partitioned = new Set(files.filter(isPartitionFile).map((f) => f.table));
  for (const table of partitioned) if (!links.has(table)) throw new Error(`verifyRelease: ${table} has no partitioned copy`);
  // Each table is read once for the fingerprints its files are compared with: of its rows, and for
  // a partitioned copy of its rows with their page's year, both from the same pass.
  const expected = new Map<string, { rows: string; print: string[]; withYear?: { rows: string; print: string[] } }>();
  for (const table of [...new Set(files.map((f) => f.table))]) {
    const names = specOf(table).fields.map((x) => x.name);
    const rows = releaseQuery(specOf(table)).replace(/ ORDER BY .*$/, '');
    const link = links.get(table);
    if (partitioned.has(table) && link) {
      const withYear = rowsWithYearSql(ident(table), link, names, relations);
      const [print, yearPrint] = await fingerprints(connection, withYear, [names, [...names, PARTITION_COLUMN]]);
      expected.set(table, { rows, print, withYear: { rows: withYear, print: yearPrint } });
    } else {
      const [print] = await fingerprints(connection, rows, [names]);
      expected.set(table, { rows, print });
    }
  }
  for (const f of files.filter((x) => !isPartitionFile(x))) {
    const spec = specOf(f.table);
    const abs = path.join(dir, f.path);
    // hive_partitioning off: DuckDB would otherwise add a column for every key=value folder of the path.
    const source = f.format === 'csv' ? readCsvSql(spec, abs) : `read_parquet(${sqlString(abs)}, hive_partitioning = false)`;
    const columns = spec.fields.map((x) => ident(x.name)).join(', ');
    const read = `SELECT ${columns} FROM ${source}`;
    const table = expected.get(spec.table)!;
    const [want, got, missing, extra] = await compareRows(connection, table.rows, table.print, read, spec.fields.map((x) => x.name));
    if (want !== got || missing !== 0 || extra !== 0) {
      issues.push(issue({ code: 'release-mismatch', file: f.path, table: spec.table, what: 'written file does not read back as its table', expected: `${want} identical rows`, got: `${got} rows, ${missing} missing, ${extra} unexpected` }));
    }
  }
  for (const table of partitioned) {
    const spec = specOf(table);
    const parts = files.filter((f) => f.table === table && isPartitionFile(f));
    const names = spec.fields.map((x) => x.name);
    for (const f of parts) {
      const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path.join(dir, f.path))}, hive_partitioning = false)`)).getRowObjectsJson().map((c) => String(c.column_name));
      if (columns.join('\u0000') !== names.join('\u0000')) {
        issues.push(issue({ code: 'release-mismatch', file: f.path, table, what: 'partition file does not hold exactly the table\'s columns', expected: names.join(','), got: columns.join(',') }));
      }
    }
    const list = `[${parts.map((f) => sqlString(path.join(dir, f.path))).join(', ')}]`;
    const read = `SELECT ${[...names, PARTITION_COLUMN].map(ident).join(', ')} FROM read_parquet(${list}, ${HIVE_READ_OPTIONS})`;
    const withYear = expected.get(table)!.withYear!;
    const [want, got, missing, extra] = await compareRows(connection, withYear.rows, withYear.print, read, [...names, PARTITION_COLUMN]);
    if (want !== got || missing !== 0 || extra !== 0) {
      issues.push(issue({ code: 'release-mismatch', file: parts[0].path.replace(/\/[^/]+\/[^/]+$/, ''), table, what: 'the partitioned copy does not read back as its table, each row under its page\'s year', expected: `${want} identical rows`, got: `${got} rows, ${missing} missing, ${extra} unexpected` }));
    }
  }
  return issues;
}
