/**
 * SQL to read a released table back into DuckDB from its descriptor alone (not from schema/), so
 * the diff and `verify` work on any release, including one received from elsewhere.
 */
import path from 'node:path';
import { sqlString } from '../db/open-database.ts';
import type { ResourceDescriptor, TableSchemaDescriptor } from './schema-diff.ts';

/** DuckDB column type of a Table Schema field type; types without a DuckDB counterpart stay text. */
export function duckdbType(type: string | undefined): string {
  switch (type) {
    case 'integer': return 'BIGINT';
    case 'number': return 'DOUBLE';
    case 'boolean': return 'BOOLEAN';
    case 'date': return 'DATE';
    default: return 'VARCHAR';
  }
}

/**
 * A relation over a resource file: `read_parquet(...)` or a `read_csv(...)` pinned to the
 * resource's dialect and schema (no sniffing). CSV follows the release convention: an empty cell
 * is null, a quoted "" is an empty string.
 */
export function resourceRelation(resource: ResourceDescriptor & { schema: TableSchemaDescriptor }, dir: string): string {
  const file = sqlString(path.join(dir, String(resource.path)));
  // hive_partitioning off: DuckDB would otherwise add a column for every key=value folder of the path.
  if (resource.format === 'parquet') return `read_parquet(${file}, hive_partitioning = false)`;
  const dialect = (resource.dialect ?? {}) as { delimiter?: string; quoteChar?: string };
  const columns = resource.schema.fields.map((f) => `${sqlString(f.name)}: ${sqlString(duckdbType(f.type))}`).join(', ');
  const delim = sqlString(dialect.delimiter ?? ',');
  const quote = sqlString(dialect.quoteChar ?? '"');
  return `read_csv(${file}, header = true, delim = ${delim}, quote = ${quote}, escape = ${quote}, nullstr = '', allow_quoted_nulls = false, auto_detect = false, columns = {${columns}})`;
}

/**
 * The resource holding table `name` for reading rows: its Parquet twin `<name>-parquet` when there
 * is one (typed and fast), else the CSV resource itself.
 */
export function readableResource(resources: readonly ResourceDescriptor[], name: string): (ResourceDescriptor & { schema: TableSchemaDescriptor }) | null {
  const withSchema = (r: ResourceDescriptor | undefined) => (r && typeof r.schema === 'object' && r.schema !== null ? (r as ResourceDescriptor & { schema: TableSchemaDescriptor }) : null);
  return withSchema(resources.find((r) => r.name === `${name}-parquet` && r.format === 'parquet')) ?? withSchema(resources.find((r) => r.name === name));
}
