/**
 * `npx tsx bench/load-cost.ts --db FILE [--batch PAGES] [--flush PAGES] [--repo DIR]`: the CPU
 * time of the load alone (`TableLoader`: every page's rows appended, the appenders flushed every
 * `--flush` pages as the build does), on the rows of a build cache's database file (a copy: the
 * file is opened read-only, and a build holding it would lock it).
 *
 * The rows are read from that file into a second DuckDB, page by page, and handed to the
 * loader as the workers hand them to the build (integers as numbers, dates as `YYYY-MM-DD`); only
 * the loader's calls are timed, with the process's CPU clock (all threads: DuckDB's flushing too),
 * which a busy machine inflates far less than wall time. `--repo DIR` loads the `TableLoader` of
 * another checkout (e.g. a `git worktree` of an older commit), so two versions compare on the same
 * rows: run it once per checkout, back to back. The loaded tables are hashed (`tables_sha256`), so
 * a change meant only to be faster shows that it loads the same values.
 *
 * Printed: `cpu_seconds` (inside the loader's calls), `flush_cpu_seconds` (of it, inside `flush`
 * and `close`) and `process_cpu_seconds` (the whole run, reading the rows included: DuckDB work
 * a call leaves to its threads after it returns shows only here). Compare a change on both.
 * `--flush` other than the build's 500 shows what flushing costs; a loader that flushes by
 * itself is run with `--flush` past the page count.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDatabase, sqlString } from '../src/db/open-database.ts';
import { ident, loadSchemas, pageLink, type TableSpec } from '../src/schema/index.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    batch: { type: 'string', default: '500' },
    flush: { type: 'string', default: '500' },
    repo: { type: 'string', default: '.' },
    'memory-limit': { type: 'string', default: '256MB' },
  },
});
if (!values.db) throw new Error('--db FILE: a build cache database (build-*.duckdb in a --cache folder), copied');
const repo = path.resolve(values.repo!);
const flushEvery = Number(values.flush);
const batch = Number(values.batch);
const { TableLoader, createTables } = await import(pathToFileURL(path.join(repo, 'src', 'db', 'table-loader.ts')).href);
const specs: TableSpec[] = loadSchemas();

// The rows, each with the number of its page in source id order.
const source = await (await DuckDBInstance.create(':memory:')).connect();
await source.run(`SET TimeZone = 'UTC'`);
const pageTables: TableSpec[] = [];
const otherTables: TableSpec[] = [];
await source.run(`ATTACH ${sqlString(values.db)} AS rows (READ_ONLY)`);
await source.run(`CREATE TABLE _pages AS SELECT source_id, (row_number() OVER (ORDER BY source_id)) - 1 AS _page FROM rows.main.sources`);
for (const s of specs) {
  const file = `rows.main.${ident(s.table)}`;
  const link = pageLink(s.fields.map((f) => f.name));
  const cols = s.fields.map((f) => `t.${ident(f.name)}`).join(', ');
  if (link === 'source') await source.run(`CREATE TABLE _${s.table} AS SELECT ${cols}, p._page FROM ${file} t JOIN _pages p USING (source_id) ORDER BY p._page`);
  else if (link === 'article') await source.run(`CREATE TABLE _${s.table} AS SELECT ${cols}, p._page FROM ${file} t JOIN rows.main.articles a USING (article_id) JOIN _pages p ON p.source_id = a.source_id ORDER BY p._page`);
  else await source.run(`CREATE TABLE _${s.table} AS SELECT ${cols}, 0 AS _page FROM ${file} t`);
  (link ? pageTables : otherTables).push(s);
}
const pageCount = Number((await source.runAndReadAll('SELECT count(*) FROM _pages')).getRows()[0][0]);

/** A table's rows as the workers hand them over: integers as numbers, dates as text. */
async function rowsOf(s: TableSpec, from: number, to: number): Promise<Record<string, unknown>[][]> {
  const reader = await source.runAndReadAll(`SELECT * FROM _${s.table} WHERE _page >= ${from} AND _page < ${to}`);
  const byPage: Record<string, unknown>[][] = Array.from({ length: Math.max(1, to - from) }, () => []);
  for (const r of reader.getRowObjectsJS()) {
    const row: Record<string, unknown> = {};
    for (const f of s.fields) {
      const v = r[f.name];
      row[f.name] = v === null ? null : f.type === 'integer' ? Number(v) : f.type === 'date' ? (v as Date).toISOString().slice(0, 10) : v;
    }
    byPage[Number(r._page) - from].push(row);
  }
  return byPage;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'load-cost-'));
const db = await openDatabase({ tempDirectory: tmp, memoryLimit: values['memory-limit'] });
await createTables(db.connection, specs);
let cpu = 0;
let wall = 0;
let flushCpu = 0;
let rows = 0;
const timed = (f: () => void) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const c = process.cpuUsage(c0);
  cpu += (c.user + c.system) / 1e6;
  wall += (performance.now() - t0) / 1000;
  return (c.user + c.system) / 1e6;
};
const loader = await TableLoader.open(db.connection, specs);
for (const s of otherTables) {
  const [all] = await rowsOf(s, 0, 1);
  rows += all.length;
  timed(() => loader.append(s.table, all));
}
let done = 0;
for (let from = 0; from < pageCount; from += batch) {
  const to = Math.min(pageCount, from + batch);
  const tables = await Promise.all(pageTables.map(async (s) => [s.table, await rowsOf(s, from, to)] as const));
  for (let p = 0; p < to - from; p++) {
    timed(() => {
      for (const [t, pages] of tables) if (pages[p].length) loader.append(t, pages[p]);
    });
    if (++done % flushEvery === 0) flushCpu += timed(() => loader.flush());
    for (const [, pages] of tables) rows += pages[p].length;
  }
}
flushCpu += timed(() => loader.close());

// What was loaded, hashed table by table in a fixed order.
const hash = createHash('sha256');
for (const s of specs) {
  const order = s.fields.map((f) => ident(f.name)).join(', ');
  const summary = await db.connection.runAndReadAll(`SELECT md5(string_agg(md5(CAST(t AS VARCHAR)), ',' ORDER BY ${order})) FROM ${ident(s.table)} t`);
  hash.update(`${s.table}:${String(summary.getRows()[0][0])}\n`);
}
db.close();
rmSync(tmp, { recursive: true, force: true });
const all = process.cpuUsage();
console.log(JSON.stringify({ repo: values.repo, pages: pageCount, rows, process_cpu_seconds: Number(((all.user + all.system) / 1e6).toFixed(2)), cpu_seconds: Number(cpu.toFixed(2)), flush_cpu_seconds: Number(flushCpu.toFixed(2)), wall_seconds: Number(wall.toFixed(2)), tables_sha256: hash.digest('hex') }));
