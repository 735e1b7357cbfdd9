/**
 * The row side of the changelog: per table, the rows added, removed and changed between the
 * previous release (read from its files with DuckDB) and the tables of this build, matched by
 * primary key. Runs as SQL joins inside DuckDB: only the counts and the first MAX_LISTED_KEYS
 * differing keys of each kind reach JavaScript, however many rows differ (a first release of a
 * million articles adds tens of millions of rows, whose keys would not even fit in one string).
 */
import type { DuckDBConnection, Json } from '@duckdb/node-api';
import { ident } from '../schema/index.ts';
import { readableResource, resourceRelation } from './read-resource.ts';
import { change, primaryKeyOf, tableResources, type Change, type PackageDescriptor, type TableSchemaDescriptor } from './schema-diff.ts';

/** A primary key value: the key fields' values in primary key order. */
export type Key = (string | number | boolean | null)[];

/**
 * At most this many keys are listed per table and kind of change (added, removed, changed), the
 * first in primary key order; `count` is always exact, so a list shorter than its count is cut.
 */
export const MAX_LISTED_KEYS = 1000;

export interface TableRowChanges {
  primary_key: string[];
  /** Rows in the previous release; null when the table is new. */
  previous_rows: number | null;
  /** Rows in this release; null when the table was removed. */
  rows: number | null;
  /** `keys`, `rows`: the first MAX_LISTED_KEYS by primary key; `count`: all of them. */
  added: { count: number; keys: Key[] };
  removed: { count: number; keys: Key[] };
  changed: { count: number; rows: { key: Key; fields: string[] }[] };
}

export interface PreviousRelease {
  descriptor: PackageDescriptor;
  /** The release folder its resource paths are relative to. */
  dir: string;
}

/** JSON key values: integers as numbers (DuckDB's JSON gives BIGINT as a string), the rest as read. */
function keyOf(row: Json[], types: readonly (string | undefined)[]): Key {
  return row.map((v, i) => {
    if (v === null) return null;
    if (types[i] === 'integer' || types[i] === 'number') {
      const n = Number(v);
      return Number.isSafeInteger(n) || types[i] === 'number' ? n : String(v);
    }
    return v as string | number | boolean;
  });
}

async function rows(connection: DuckDBConnection, sql: string): Promise<Json[][]> {
  return (await connection.runAndReadAll(sql)).getRowsJson();
}

async function count(connection: DuckDBConnection, relation: string): Promise<number> {
  return Number((await rows(connection, `SELECT count(*) FROM ${relation}`))[0][0]);
}

const none = () => ({ count: 0, keys: [] as Key[] });

/**
 * The first `limit` rows of `select` in the order of its first `orderBy` columns, and how many rows
 * it has in all, in one query: the count is a window over the whole result, taken before the limit.
 */
async function firstRows(connection: DuckDBConnection, select: string, orderBy: number, limit: number): Promise<{ count: number; rows: Json[][] }> {
  const order = Array.from({ length: orderBy }, (_, i) => i + 1).join(', ');
  const result = await rows(connection, `SELECT *, count(*) OVER () AS __total FROM (${select}) ORDER BY ${order} LIMIT ${limit}`);
  return { count: result.length ? Number(result[0][result[0].length - 1]) : 0, rows: result.map((r) => r.slice(0, -1)) };
}

/**
 * Diffs every table of `next` (the descriptor being released; its tables are loaded in DuckDB under
 * their names) against `previous`. With no previous release every row is added. A table whose key
 * fields are missing from the previous release is compared as all rows removed and all added.
 */
export async function diffRows(connection: DuckDBConnection, next: PackageDescriptor, previous: PreviousRelease | null, maxKeys = MAX_LISTED_KEYS): Promise<Record<string, TableRowChanges>> {
  const out: Record<string, TableRowChanges> = {};
  const before = previous ? tableResources(previous.descriptor) : new Map();
  const after = tableResources(next);

  for (const [name, resource] of after) {
    const pk = primaryKeyOf(resource.schema);
    const types = pk.map((k) => resource.schema.fields.find((f) => f.name === k)?.type);
    const cur = ident(name);
    const keyList = (alias: string) => pk.map((k) => `${alias}.${ident(k)}`).join(', ');
    const total = await count(connection, cur);
    const old = before.has(name) && previous ? readableResource(previous.descriptor.resources, name) : null;
    const oldFields = new Map((old?.schema.fields ?? []).map((f) => [f.name, f]));
    if (!old || !pk.every((k) => oldFields.has(k))) {
      const keys = (await rows(connection, `SELECT ${keyList('c')} FROM ${cur} c ORDER BY ${keyList('c')} LIMIT ${maxKeys}`)).map((r) => keyOf(r, types));
      let removed = none();
      let previousRows: number | null = null;
      if (old && previous) {
        const prevRelation = resourceRelation(old, previous.dir);
        previousRows = await count(connection, prevRelation);
        const oldPk = primaryKeyOf(old.schema);
        const oldTypes = oldPk.map((k) => oldFields.get(k)?.type);
        const oldKeys = oldPk.map((k) => `p.${ident(k)}`).join(', ');
        removed = { count: previousRows, keys: (await rows(connection, `SELECT ${oldKeys} FROM ${prevRelation} p ORDER BY ${oldKeys} LIMIT ${maxKeys}`)).map((r) => keyOf(r, oldTypes)) };
      }
      out[name] = { primary_key: pk, previous_rows: previousRows, rows: total, added: { count: total, keys }, removed, changed: { count: 0, rows: [] } };
      continue;
    }
    const prev = `(SELECT * FROM ${resourceRelation(old, previous!.dir)})`;
    const on = pk.map((k) => `c.${ident(k)} = p.${ident(k)}`).join(' AND ');
    const added = await firstRows(connection, `SELECT ${keyList('c')} FROM ${cur} c ANTI JOIN ${prev} p ON ${on}`, pk.length, maxKeys);
    const removed = await firstRows(connection, `SELECT ${keyList('p')} FROM ${prev} p ANTI JOIN ${cur} c ON ${on}`, pk.length, maxKeys);
    // Fields present in both releases; a field of another type is compared as text.
    const compared = resource.schema.fields.filter((f) => !pk.includes(f.name) && oldFields.has(f.name));
    let changed = { count: 0, rows: [] as { key: Key; fields: string[] }[] };
    if (compared.length) {
      const tests = compared.map((f) => {
        const sameType = (oldFields.get(f.name)!.type ?? 'any') === (f.type ?? 'any');
        const [a, b] = sameType ? [`c.${ident(f.name)}`, `p.${ident(f.name)}`] : [`CAST(c.${ident(f.name)} AS VARCHAR)`, `CAST(p.${ident(f.name)} AS VARCHAR)`];
        return `CASE WHEN ${a} IS DISTINCT FROM ${b} THEN '${f.name.replace(/'/g, "''")}' END`;
      });
      const sql = `SELECT * FROM (SELECT ${keyList('c')}, list_filter([${tests.join(', ')}], x -> x IS NOT NULL) AS __fields FROM ${cur} c JOIN ${prev} p ON ${on}) WHERE len(__fields) > 0`;
      const found = await firstRows(connection, sql, pk.length, maxKeys);
      changed = { count: found.count, rows: found.rows.map((r) => ({ key: keyOf(r.slice(0, pk.length), types), fields: r[pk.length] as string[] })) };
    }
    out[name] = {
      primary_key: pk,
      previous_rows: await count(connection, prev),
      rows: total,
      added: { count: added.count, keys: added.rows.map((r) => keyOf(r, types)) },
      removed: { count: removed.count, keys: removed.rows.map((r) => keyOf(r, types)) },
      changed,
    };
  }

  if (previous) {
    for (const name of before.keys()) {
      if (after.has(name)) continue;
      const old = readableResource(previous.descriptor.resources, name)!;
      const oldPk = primaryKeyOf(old.schema);
      const oldTypes = oldPk.map((k) => old.schema.fields.find((f) => f.name === k)?.type);
      const relation = resourceRelation(old, previous.dir);
      const keys = oldPk.map((k) => `p.${ident(k)}`).join(', ');
      const total = await count(connection, relation);
      const removed = (await rows(connection, `SELECT ${keys} FROM ${relation} p ORDER BY ${keys} LIMIT ${maxKeys}`)).map((r) => keyOf(r, oldTypes));
      out[name] = { primary_key: oldPk, previous_rows: total, rows: null, added: none(), removed: { count: total, keys: removed }, changed: { count: 0, rows: [] } };
    }
  }
  return out;
}

/** Names of the tables some foreign key points at (a self-reference counts). */
function referencedTables(descriptors: readonly PackageDescriptor[]): Set<string> {
  const out = new Set<string>();
  for (const d of descriptors) {
    for (const [name, r] of tableResources(d)) {
      for (const fk of (r.schema as TableSchemaDescriptor).foreignKeys ?? []) {
        const target = (fk as { reference?: { resource?: string } }).reference?.resource;
        // Foreign keys of the CSV tables name CSV resources, i.e. tables; "" or none is the table itself.
        out.add(target === undefined || target === '' ? name : target);
      }
    }
  }
  return out;
}

const rowsWord = (n: number) => `${n} row${n === 1 ? '' : 's'}`;

/**
 * The version-relevant changes in the rows of tables present in both releases (tables added or
 * removed are schema changes): rows added → minor; rows changed → patch; rows removed → patch, or
 * major when another table's foreign key refers to the table (the recipe's "delete data that is
 * referenced by another data resource").
 */
export function rowChanges(tables: Readonly<Record<string, TableRowChanges>>, previous: PackageDescriptor, next: PackageDescriptor): Change[] {
  const out: Change[] = [];
  const referenced = referencedTables([previous, next]);
  for (const [name, t] of Object.entries(tables)) {
    if (t.previous_rows === null || t.rows === null) continue;
    if (t.added.count) out.push(change('rows-added', name, null, `${name}: ${rowsWord(t.added.count)} added`));
    if (t.removed.count) {
      out.push(referenced.has(name)
        ? change('rows-removed-referenced', name, null, `${name}: ${rowsWord(t.removed.count)} removed from a table other tables refer to`)
        : change('rows-removed', name, null, `${name}: ${rowsWord(t.removed.count)} removed`));
    }
    if (t.changed.count) out.push(change('rows-changed', name, null, `${name}: ${rowsWord(t.changed.count)} changed`));
  }
  return out;
}
