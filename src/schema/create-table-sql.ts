import type { FieldType, TableSpec } from './table-spec.ts';

/**
 * DuckDB column types. Integers are BIGINT, not INTEGER: byte sizes, offsets and line counts
 * summed over an archive of many years of pages can pass 2^31, and one width keeps reads simple.
 */
export const DUCKDB_TYPES: Record<FieldType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
};

/**
 * A quoted identifier. Field names such as `end` and `position` are SQL keywords, so every
 * generated statement quotes them rather than keeping a list of reserved words.
 */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * `CREATE TABLE` for one table: columns in schema order, NOT NULL for non-nullable fields.
 * Deliberately no PRIMARY KEY / FOREIGN KEY / CHECK constraints: a violation would abort the load,
 * whereas the checks report every violating row as an issue with its location.
 */
export function createTableSql(spec: TableSpec): string {
  const columns = spec.fields.map((f) => `  ${ident(f.name)} ${DUCKDB_TYPES[f.type]}${f.nullable ? '' : ' NOT NULL'}`);
  return `CREATE TABLE ${ident(spec.table)} (\n${columns.join(',\n')}\n)`;
}
