import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../db/open-database.ts';
import { issue, type Issue } from '../issues.ts';
import { DUCKDB_TYPES, ident, type TableSpec } from '../schema/index.ts';
import { releaseQuery } from './write-tables.ts';
import type { TableFile } from './build-descriptor.ts';

/** A read_csv() call with the release's dialect and the schema's column types: no sniffing. */
export function readCsvSql(spec: TableSpec, file: string): string {
  const columns = spec.fields.map((f) => `${sqlString(f.name)}: ${sqlString(DUCKDB_TYPES[f.type])}`).join(', ');
  // allow_quoted_nulls = false: a quoted "" is an empty string, only an empty cell is NULL.
  return `read_csv(${sqlString(file)}, header = true, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, auto_detect = false, columns = {${columns}})`;
}

/**
 * Reads every written file back through DuckDB and compares it with its table, row for row
 * (EXCEPT ALL both ways, so counts, values and types must all survive the round trip).
 */
export async function verifyRelease(connection: DuckDBConnection, specs: readonly TableSpec[], dir: string, files: readonly TableFile[]): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const f of files) {
    const spec = specs.find((s) => s.table === f.table);
    if (!spec) throw new Error(`verifyRelease: unknown table ${f.table}`);
    const abs = path.join(dir, f.path);
    const source = f.format === 'csv' ? readCsvSql(spec, abs) : `read_parquet(${sqlString(abs)})`;
    const columns = spec.fields.map((x) => ident(x.name)).join(', ');
    const read = `SELECT ${columns} FROM ${source}`;
    const table = releaseQuery(spec).replace(/ ORDER BY .*$/, '');
    const result = await connection.runAndReadAll(
      `SELECT (SELECT count(*) FROM ${ident(spec.table)}) AS expected, (SELECT count(*) FROM ${source}) AS got,
              (SELECT count(*) FROM (${table} EXCEPT ALL ${read})) AS missing,
              (SELECT count(*) FROM (${read} EXCEPT ALL ${table})) AS extra`,
    );
    const [expected, got, missing, extra] = result.getRowsJson()[0].map(Number);
    if (expected !== got || missing !== 0 || extra !== 0) {
      issues.push(issue({ code: 'release-mismatch', file: f.path, table: spec.table, what: 'written file does not read back as its table', expected: `${expected} identical rows`, got: `${got} rows, ${missing} missing, ${extra} unexpected` }));
    }
  }
  return issues;
}
