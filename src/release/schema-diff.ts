/**
 * The schema side of the Data Package version recipe
 * (https://datapackage.org/recipes/data-package-version/): compares two descriptors and lists what
 * changed, each change with the version bump it needs. Pure, and it reads only the descriptors, so
 * it works on any two releases, whatever tables they hold.
 */
import type { Bump } from './semver.ts';

/** Every kind of change and the bump it needs. The recipe's rules, in one place. */
export const CHANGE_BUMPS = {
  // MAJOR: "Change the data package, resource or field name", "Add, remove or re-order fields",
  // "Change a field type or format", "Change a field constraint to be more restrictive".
  'package-renamed': 'major',
  'table-removed': 'major',
  'field-removed': 'major',
  'fields-reordered': 'major',
  'field-type-changed': 'major',
  'field-format-changed': 'major',
  'constraint-tightened': 'major',
  'primary-key-changed': 'major',
  /** Anything else that changes how a table's values are read (missingValues, uniqueKeys, trueValues, a CSV dialect…). */
  'table-format-changed': 'major',
  'field-definition-changed': 'major',
  // "Combine, split, delete or change the meaning of data that is referenced by another data resource."
  'rows-removed-referenced': 'major',
  // MINOR: "Add a new data resource", "Add new data to an existing data resource",
  // "Change a field constraint to be less restrictive", "Update a reference to another data resource".
  'table-added': 'minor',
  // The recipe counts an appended field as major (positional CSV readers break); this project's
  // release contract (issue 5) makes it minor: readers address columns by name, and columns are
  // only ever appended, never inserted, so existing positions hold.
  'field-added': 'minor',
  'rows-added': 'minor',
  'constraint-loosened': 'minor',
  'foreign-keys-changed': 'minor',
  // PATCH: "Correct errors in existing data", "Change descriptive metadata properties".
  'rows-changed': 'patch',
  'rows-removed': 'patch',
  'field-metadata-changed': 'patch',
  'table-metadata-changed': 'patch',
  'package-metadata-changed': 'patch',
} as const satisfies Record<string, Bump>;

export type ChangeKind = keyof typeof CHANGE_BUMPS;

export interface Change {
  kind: ChangeKind;
  bump: Bump;
  table: string | null;
  field: string | null;
  message: string;
}

export function change(kind: ChangeKind, table: string | null, field: string | null, message: string): Change {
  return { kind, bump: CHANGE_BUMPS[kind], table, field, message };
}

type Json = Record<string, unknown>;

export interface FieldDescriptor extends Json {
  name: string;
  type?: string;
  format?: string;
  constraints?: Json;
}

export interface TableSchemaDescriptor extends Json {
  fields: FieldDescriptor[];
  primaryKey?: string | string[];
  foreignKeys?: unknown[];
}

export interface ResourceDescriptor extends Json {
  name: string;
  path?: unknown;
  format?: string;
  schema?: TableSchemaDescriptor | string;
}

export interface PackageDescriptor extends Json {
  name?: string;
  version?: string;
  resources: ResourceDescriptor[];
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Json).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  ) ?? 'undefined';
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * The tables of a package: its CSV resources with an inline schema. In this project every table is
 * also given as Parquet with the same schema (`<table>-parquet`); comparing one format avoids
 * reporting each change twice. A package without CSV resources is compared on all its tables.
 */
export function tableResources(descriptor: PackageDescriptor): Map<string, ResourceDescriptor & { schema: TableSchemaDescriptor }> {
  const withSchema = (descriptor.resources ?? []).filter(
    (r): r is ResourceDescriptor & { schema: TableSchemaDescriptor } => typeof r.schema === 'object' && r.schema !== null && Array.isArray(r.schema.fields),
  );
  const csv = withSchema.filter((r) => r.format === 'csv');
  return new Map((csv.length ? csv : withSchema).map((r) => [r.name, r]));
}

export function primaryKeyOf(schema: TableSchemaDescriptor): string[] {
  const pk = schema.primaryKey;
  return pk === undefined ? [] : Array.isArray(pk) ? pk : [pk];
}

// Package keys that identify the release rather than describe it.
const PACKAGE_IGNORED = new Set(['version', 'created', 'resources']);
// Resource keys that follow from the data (a new path is "no change in the version number").
const RESOURCE_IGNORED = new Set(['name', 'path', 'bytes', 'hash', 'schema']);
const RESOURCE_FORMAT = new Set(['type', 'format', 'mediatype', 'encoding', 'dialect']);
const SCHEMA_HANDLED = new Set(['fields', 'primaryKey', 'foreignKeys']);
const SCHEMA_METADATA = new Set(['$schema', 'title', 'description']);
const FIELD_HANDLED = new Set(['name', 'type', 'format', 'constraints']);
const FIELD_METADATA = new Set(['title', 'description', 'example', 'examples', 'rdfType']);

const show = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v));

/** Whether a constraint moved to allow fewer values (tightened) or more (loosened). */
function compareConstraint(key: string, before: unknown, after: unknown): 'tightened' | 'loosened' {
  if (after === undefined) return 'loosened';
  if (before === undefined) return key === 'required' || key === 'unique' ? (after === true ? 'tightened' : 'loosened') : 'tightened';
  switch (key) {
    case 'required':
    case 'unique':
      return after === true ? 'tightened' : 'loosened';
    case 'minimum':
    case 'exclusiveMinimum':
    case 'minLength':
      return (after as number) > (before as number) ? 'tightened' : 'loosened';
    case 'maximum':
    case 'exclusiveMaximum':
    case 'maxLength':
      return (after as number) < (before as number) ? 'tightened' : 'loosened';
    case 'enum': {
      const now = new Set((after as unknown[]).map(canonical));
      return (before as unknown[]).every((v) => now.has(canonical(v))) ? 'loosened' : 'tightened';
    }
    default:
      // A changed pattern (or an unknown constraint) cannot be proven to allow at least the same values.
      return 'tightened';
  }
}

function diffField(table: string, a: FieldDescriptor, b: FieldDescriptor): Change[] {
  const out: Change[] = [];
  const at = `${table}.${b.name}`;
  if ((a.type ?? 'any') !== (b.type ?? 'any')) out.push(change('field-type-changed', table, b.name, `${at}: type ${a.type ?? 'any'} → ${b.type ?? 'any'}`));
  if ((a.format ?? 'default') !== (b.format ?? 'default')) out.push(change('field-format-changed', table, b.name, `${at}: format ${a.format ?? 'default'} → ${b.format ?? 'default'}`));
  const ca = a.constraints ?? {};
  const cb = b.constraints ?? {};
  for (const key of [...new Set([...Object.keys(ca), ...Object.keys(cb)])]) {
    if (same(ca[key], cb[key])) continue;
    const direction = compareConstraint(key, ca[key], cb[key]);
    out.push(change(direction === 'tightened' ? 'constraint-tightened' : 'constraint-loosened', table, b.name, `${at}: constraint ${key} ${direction} (${show(ca[key])} → ${show(cb[key])})`));
  }
  const otherKeys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !FIELD_HANDLED.has(k) && !same(a[k], b[k]));
  const metadata = otherKeys.filter((k) => FIELD_METADATA.has(k));
  const definition = otherKeys.filter((k) => !FIELD_METADATA.has(k));
  if (definition.length) out.push(change('field-definition-changed', table, b.name, `${at}: ${definition.join(', ')} changed`));
  if (metadata.length) out.push(change('field-metadata-changed', table, b.name, `${at}: ${metadata.join(', ')} changed`));
  return out;
}

function diffTable(name: string, a: ResourceDescriptor & { schema: TableSchemaDescriptor }, b: ResourceDescriptor & { schema: TableSchemaDescriptor }): Change[] {
  const out: Change[] = [];
  const before = new Map(a.schema.fields.map((f) => [f.name, f]));
  const after = new Map(b.schema.fields.map((f) => [f.name, f]));
  for (const f of a.schema.fields) if (!after.has(f.name)) out.push(change('field-removed', name, f.name, `${name}.${f.name} removed`));
  for (const f of b.schema.fields) if (!before.has(f.name)) out.push(change('field-added', name, f.name, `${name}.${f.name} added`));
  const keptBefore = a.schema.fields.map((f) => f.name).filter((n) => after.has(n));
  const keptAfter = b.schema.fields.map((f) => f.name).filter((n) => before.has(n));
  if (!same(keptBefore, keptAfter)) out.push(change('fields-reordered', name, null, `${name}: fields reordered (${keptBefore.join(', ')} → ${keptAfter.join(', ')})`));
  // A field added anywhere but at the end moves the columns after it: positions change.
  else if (!same(b.schema.fields.slice(0, keptAfter.length).map((f) => f.name), keptAfter)) {
    out.push(change('fields-reordered', name, null, `${name}: a field inserted before existing ones moves their positions`));
  }
  for (const f of b.schema.fields) {
    const old = before.get(f.name);
    if (old) out.push(...diffField(name, old, f));
  }
  const pkA = primaryKeyOf(a.schema);
  const pkB = primaryKeyOf(b.schema);
  if (!same(pkA, pkB)) out.push(change('primary-key-changed', name, null, `${name}: primary key (${pkA.join(', ')}) → (${pkB.join(', ')})`));
  if (!same(a.schema.foreignKeys ?? [], b.schema.foreignKeys ?? [])) out.push(change('foreign-keys-changed', name, null, `${name}: foreign keys changed`));

  const schemaKeys = [...new Set([...Object.keys(a.schema), ...Object.keys(b.schema)])].filter((k) => !SCHEMA_HANDLED.has(k) && !same(a.schema[k], b.schema[k]));
  const formatKeys = [
    ...schemaKeys.filter((k) => !SCHEMA_METADATA.has(k)).map((k) => `schema.${k}`),
    ...[...RESOURCE_FORMAT].filter((k) => !same(a[k], b[k])),
  ];
  if (formatKeys.length) out.push(change('table-format-changed', name, null, `${name}: ${formatKeys.join(', ')} changed`));
  const metadataKeys = [
    ...schemaKeys.filter((k) => SCHEMA_METADATA.has(k)).map((k) => `schema.${k}`),
    ...[...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !RESOURCE_IGNORED.has(k) && !RESOURCE_FORMAT.has(k) && !same(a[k], b[k])),
  ];
  if (metadataKeys.length) out.push(change('table-metadata-changed', name, null, `${name}: ${metadataKeys.join(', ')} changed`));
  return out;
}

/**
 * What changed in the descriptors from `previous` to `next`: the package's name and metadata, tables
 * added or removed, and per table its fields, constraints, keys and metadata. Rows are compared
 * separately (row-diff.ts). Ordered: package, then tables in `next`'s order, then removed tables.
 */
export function diffDescriptors(previous: PackageDescriptor, next: PackageDescriptor): Change[] {
  const out: Change[] = [];
  if (previous.name !== next.name) out.push(change('package-renamed', null, null, `package renamed: ${show(previous.name)} → ${show(next.name)}`));
  const metadata = [...new Set([...Object.keys(previous), ...Object.keys(next)])].filter((k) => k !== 'name' && !PACKAGE_IGNORED.has(k) && !same(previous[k], next[k]));
  if (metadata.length) out.push(change('package-metadata-changed', null, null, `package metadata changed: ${metadata.join(', ')}`));
  const before = tableResources(previous);
  const after = tableResources(next);
  for (const [name, r] of after) {
    const old = before.get(name);
    if (!old) out.push(change('table-added', name, null, `table ${name} added`));
    else out.push(...diffTable(name, old, r));
  }
  for (const name of before.keys()) if (!after.has(name)) out.push(change('table-removed', name, null, `table ${name} removed`));
  return out;
}
