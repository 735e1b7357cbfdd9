import type { ValidateFunction } from 'ajv';
import { BuildError, issue, type Issue } from '../issues.ts';

/** Frictionless field types this project uses; `date` is a JSON string with `format: date`. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** True when the JSON type includes `null`; the column is then NULL-able and optional in Table Schema. */
  nullable: boolean;
  description: string;
  /** `examples[0]`, when the schema gives one. */
  example?: unknown;
  enum?: readonly unknown[];
  minimum?: number;
  pattern?: string;
  /** In code points, as ajv and DuckDB's length() count. */
  minLength?: number;
  maxLength?: number;
}

export interface ForeignKey {
  fields: string[];
  reference: { resource: string; fields: string[] };
}

/** Everything the build knows about one table, all derived from `schema/<table>.schema.json`. */
export interface TableSpec {
  /** Table name: the schema's `$id` and file name; snake_case so DuckDB needs no quoting. */
  table: string;
  /** Path of the schema, relative to the repo, for messages. */
  file: string;
  title: string;
  description: string;
  /** Fields in `properties` order, which is the column order everywhere. */
  fields: FieldSpec[];
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  /** False for build-internal tables (loaded into DuckDB for checks, never released). */
  publish: boolean;
  /** The table holds the newspaper's own text, which is not openly licensed. */
  textLicense: boolean;
  validate: ValidateFunction;
}

// Keywords the derivations understand. Anything else would be silently dropped from the
// Table Schema or DDL, so it makes the schema invalid instead.
const TABLE_KEYWORDS = new Set([
  '$schema', '$id', 'title', 'description', 'type', 'additionalProperties', 'required', 'properties',
  'x-primaryKey', 'x-foreignKeys', 'x-publish', 'x-textLicense',
]);
const FIELD_KEYWORDS = new Set([
  'type', 'format', 'description', 'examples', 'enum', 'minimum', 'pattern', 'minLength', 'maxLength',
]);
const JSON_TYPES = new Set(['string', 'integer', 'number', 'boolean']);
const SNAKE = /^[a-z][a-z0-9_]*$/;

type Json = Record<string, unknown>;

/**
 * How a table's rows belong to a raw page: by their own `source_id`, through their `article_id`
 * (whose article has the page's source_id), or not at all (reference tables, curation entries).
 * The build cache, the scoped checks and the partitioned copy all group rows by page this way.
 */
export function pageLink(fields: readonly string[]): 'source' | 'article' | null {
  if (fields.includes('source_id')) return 'source';
  if (fields.includes('article_id')) return 'article';
  return null;
}

/**
 * Derives a TableSpec from a parsed schema that ajv has already compiled.
 * Collects every structural problem and throws one BuildError (`invalid-schema`) naming the file.
 */
export function deriveTableSpec(file: string, schema: Json, validate: ValidateFunction): TableSpec {
  const problems: Issue[] = [];
  const bad = (what: string, field: string | null, expected: string, value: unknown) =>
    problems.push(issue({ code: 'invalid-schema', file, field, what, expected, value }));

  for (const key of Object.keys(schema)) {
    if (!TABLE_KEYWORDS.has(key)) bad('unsupported table keyword', key, `one of ${[...TABLE_KEYWORDS].join(', ')}`, key);
  }
  const table = schema.$id;
  const expectedName = file.replace(/^.*\//, '').replace(/\.schema\.json$/, '');
  if (table !== expectedName) bad('$id must equal the file name', '$id', JSON.stringify(expectedName), table);
  if (typeof table === 'string' && !SNAKE.test(table)) bad('table name is not snake_case', '$id', SNAKE.source, table);
  if (schema.type !== 'object') bad('a table schema describes one row', 'type', '"object"', schema.type);
  if (schema.additionalProperties !== false) bad('rows must not carry undeclared fields', 'additionalProperties', 'false', schema.additionalProperties);
  if (typeof schema.title !== 'string') bad('missing title', 'title', 'a string', schema.title);
  if (typeof schema.description !== 'string') bad('missing description', 'description', 'a string', schema.description);
  if (typeof schema['x-publish'] !== 'boolean') bad('every table must say whether it is released', 'x-publish', 'true or false', schema['x-publish']);

  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const names = Object.keys(properties);
  const required = new Set((schema.required ?? []) as string[]);
  const fields: FieldSpec[] = [];
  for (const name of names) {
    const p = properties[name];
    if (!SNAKE.test(name)) bad('field name is not snake_case', name, SNAKE.source, name);
    // Every column is always present; "no value" is an explicit null, declared in the type.
    if (!required.has(name)) bad('field missing from required (nullable fields use type [T, "null"])', name, 'listed in required', name);
    for (const key of Object.keys(p)) {
      if (!FIELD_KEYWORDS.has(key)) bad('unsupported field keyword', name, `one of ${[...FIELD_KEYWORDS].join(', ')}`, key);
    }
    const types = Array.isArray(p.type) ? p.type : [p.type];
    const nullable = types.includes('null');
    const base = types.filter((t) => t !== 'null');
    if (base.length !== 1 || !JSON_TYPES.has(base[0] as string)) {
      bad('unsupported field type', name, 'one of string, integer, number, boolean, optionally with null', p.type);
      continue;
    }
    let type = base[0] as FieldType;
    if (p.format !== undefined) {
      if (p.format === 'date' && type === 'string') type = 'date';
      else bad('unsupported format', name, '"date" on a string field', p.format);
    }
    if (typeof p.description !== 'string' || p.description === '') bad('every field needs a description', name, 'a string', p.description);
    const f: FieldSpec = { name, type, nullable, description: String(p.description ?? '') };
    if (Array.isArray(p.examples) && p.examples.length > 0) f.example = p.examples[0];
    if (Array.isArray(p.enum)) f.enum = p.enum;
    if (typeof p.minimum === 'number') f.minimum = p.minimum;
    if (typeof p.pattern === 'string') {
      // JSON Schema patterns search; Table Schema (XML Schema syntax) patterns match the whole value.
      // Requiring ^…$ makes both mean the same, and tableSchema() strips the anchors.
      if (!/^\^.*[^\\]\$$/.test(p.pattern)) bad('pattern must be anchored', name, '^…$', p.pattern);
      f.pattern = p.pattern;
    }
    if (typeof p.minLength === 'number') f.minLength = p.minLength;
    if (typeof p.maxLength === 'number') f.maxLength = p.maxLength;
    fields.push(f);
  }
  for (const r of required) if (!names.includes(r)) bad('required names a missing field', 'required', 'a field in properties', r);

  const primaryKey = (schema['x-primaryKey'] ?? []) as string[];
  if (primaryKey.length === 0) bad('every table needs a primary key', 'x-primaryKey', 'a non-empty array of field names', schema['x-primaryKey']);
  for (const k of primaryKey) {
    const f = fields.find((x) => x.name === k);
    if (!f) bad('x-primaryKey names a missing field', 'x-primaryKey', 'a field in properties', k);
    else if (f.nullable) bad('x-primaryKey names a nullable field', 'x-primaryKey', 'a non-nullable field', k);
  }
  const foreignKeys = (schema['x-foreignKeys'] ?? []) as ForeignKey[];
  for (const fk of foreignKeys) {
    for (const k of fk.fields) if (!names.includes(k)) bad('x-foreignKeys names a missing field', 'x-foreignKeys', 'a field in properties', k);
  }

  if (problems.length) throw new BuildError(problems);
  return {
    table: table as string,
    file,
    title: schema.title as string,
    description: schema.description as string,
    fields,
    primaryKey,
    foreignKeys,
    publish: schema['x-publish'] as boolean,
    textLicense: schema['x-textLicense'] === true,
    validate,
  };
}

/**
 * Checks what one schema cannot check alone: foreign keys point at existing tables and fields,
 * and a released table never references an internal one (the release would not resolve).
 */
export function checkReferences(specs: readonly TableSpec[]): void {
  const problems: Issue[] = [];
  const byName = new Map(specs.map((s) => [s.table, s]));
  for (const s of specs) {
    for (const fk of s.foreignKeys) {
      const target = byName.get(fk.reference.resource);
      const bad = (what: string, expected: string, value: unknown) =>
        problems.push(issue({ code: 'invalid-schema', file: s.file, field: 'x-foreignKeys', what, expected, value }));
      if (!target) { bad('x-foreignKeys references a missing table', 'a table in schema/', fk.reference.resource); continue; }
      if (fk.fields.length !== fk.reference.fields.length) bad('x-foreignKeys field lists differ in length', `${fk.fields.length} fields`, fk.reference.fields);
      for (const k of fk.reference.fields) {
        if (!target.fields.some((f) => f.name === k)) bad(`x-foreignKeys names a field missing from ${target.table}`, `a field of ${target.table}`, k);
      }
      if (s.publish && !target.publish) bad('a released table references an internal table', 'a table with x-publish true', target.table);
    }
  }
  if (problems.length) throw new BuildError(problems);
}
