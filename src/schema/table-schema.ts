import type { FieldSpec, TableSpec } from './table-spec.ts';

/** A Frictionless Data Package v2 Table Schema field descriptor. */
export interface TableSchemaField {
  name: string;
  type: string;
  description: string;
  example?: unknown;
  constraints?: Record<string, unknown>;
}

export interface TableSchema {
  fields: TableSchemaField[];
  missingValues: string[];
  primaryKey: string[];
  foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
}

/** `^body$` → `body`: Table Schema patterns (XML Schema syntax) are implicitly anchored. */
export function unanchor(pattern: string): string {
  return pattern.replace(/^\^/, '').replace(/\$$/, '');
}

export function tableSchemaField(f: FieldSpec): TableSchemaField {
  const constraints: Record<string, unknown> = {};
  if (!f.nullable) constraints.required = true;
  // null is how JSON Schema admits a missing value; Table Schema says that with `required` and missingValues.
  if (f.enum) constraints.enum = f.enum.filter((v) => v !== null);
  if (f.minimum !== undefined) constraints.minimum = f.minimum;
  if (f.minLength !== undefined) constraints.minLength = f.minLength;
  if (f.maxLength !== undefined) constraints.maxLength = f.maxLength;
  if (f.pattern !== undefined) constraints.pattern = unanchor(f.pattern);
  return {
    name: f.name,
    type: f.type,
    description: f.description,
    // Table Schema examples are strings, whatever the field's type (as a CSV cell would hold them).
    ...(f.example !== undefined ? { example: String(f.example) } : {}),
    ...(Object.keys(constraints).length ? { constraints } : {}),
  };
}

/**
 * The Table Schema of one table, fields in schema order. `resourceName` maps a referenced table
 * to the resource that holds it in the release (CSV and Parquet resources reference their own format).
 */
export function tableSchema(spec: TableSpec, resourceName: (table: string) => string = (t) => t): TableSchema {
  return {
    fields: spec.fields.map(tableSchemaField),
    // Empty cells are nulls; empty strings are written quoted ("") so they stay distinct.
    missingValues: [''],
    primaryKey: spec.primaryKey,
    ...(spec.foreignKeys.length
      ? {
          foreignKeys: spec.foreignKeys.map((fk) => ({
            fields: fk.fields,
            reference: { resource: resourceName(fk.reference.resource), fields: fk.reference.fields },
          })),
        }
      : {}),
  };
}
