export { createAjv, loadSchemas, SCHEMA_DIR } from './load-schemas.ts';
export { createTableSql, DUCKDB_TYPES, ident } from './create-table-sql.ts';
export { renderDictionary } from './render-dictionary.ts';
export { renderRowTypes, rowTypeName } from './render-row-types.ts';
export { tableSchema, type TableSchema } from './table-schema.ts';
export { checkReferences, deriveTableSpec, pageLink, type FieldSpec, type FieldType, type ForeignKey, type TableSpec } from './table-spec.ts';
export { validateRow, type Provenance } from './validate-row.ts';
