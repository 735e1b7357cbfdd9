/**
 * `npx tsx bench/table-steps-cost.ts --db FILE [--scale N] [--memory-limit SIZE] [--steps-limit SIZE] [--partition] [--connections 2]`:
 * the write phase's table steps alone (writeTables, then verifyRelease, as `tables` and `read back`
 * run them) at N times the rows of a build cache's database file, in memory as a cold build holds
 * its tables. The rows are copied N times into an in-memory DuckDB (every `*_id` text column of copy
 * k > 0 suffixed `~k`, so keys stay unique and joins hold; divisions once), checkpointed (compressed
 * as the appender's flushes leave a build's tables), then DuckDB is set to `--steps-limit` (default
 * `--memory-limit`, 256MB: the write phase's limit) and the two steps run, one thread as in the build.
 * A 20,000-article cache at --scale 5 stands in for a 100,000-article build's tables (which a cold
 * build spills past its limit) without making 100,000 articles.
 *
 * `--connections 2` (without `--partition`) runs the CSV COPYs on one connection and the Parquet
 * COPYs on a second one at once, each single-threaded as writeTables' are (same bytes).
 *
 * Printed (JSON): wall and process CPU seconds and sampled peak RSS per step, DuckDB's temporary
 * files' peak size, and a sha256 of every file written (the same for any limit).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { duckdb, sqlString } from '../src/db/open-database.ts';
import { createTables } from '../src/db/table-loader.ts';
import { verifyRelease } from '../src/publish/verify-release.ts';
import { tablePath, type TableFile } from '../src/publish/build-descriptor.ts';
import { COPY_OPTIONS, fileStat, kvMetadataSql, parquetKvMetadata, releaseQuery, writeTables } from '../src/publish/write-tables.ts';
import { cpuSeconds as cpu } from '../src/pipeline/phase-meter.ts';
import { ident, loadSchemas } from '../src/schema/index.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    scale: { type: 'string', default: '5' },
    'memory-limit': { type: 'string', default: '256MB' },
    'steps-limit': { type: 'string' },
    partition: { type: 'boolean', default: false },
    connections: { type: 'string', default: '1' },
  },
});
if (!values.db) throw new Error('--db FILE: a build cache database (build-*.duckdb of a warm --cache folder)');
const scale = Number(values.scale);
const specs = loadSchemas();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'table-steps-cost-'));
const spill = path.join(tmp, 'spill');
// As openDatabase opens it, keeping the instance for a second connection.
const instance = await duckdb.DuckDBInstance.create(':memory:', { memory_limit: '2GB', temp_directory: spill, allocator_flush_threshold: '16MB', allocator_background_threads: 'true' });
const c = await instance.connect();
await c.run(`SET TimeZone = 'UTC'`);
const c2 = await instance.connect();
await c2.run(`SET TimeZone = 'UTC'`);
const db = { close: () => { c.closeSync(); c2.closeSync(); instance.closeSync(); } };

/** writeTables' CSV and Parquet COPYs (no partitioned copy), the CSV ones on one connection and the Parquet ones on another at once. */
async function writeTablesTwice(dir: string): Promise<TableFile[]> {
  await c.run('SET threads = 1');
  await c.run('SET preserve_insertion_order = true');
  const run = async (conn: typeof c, format: 'csv' | 'parquet') => {
    await mkdir(path.join(dir, format), { recursive: true });
    const files: TableFile[] = [];
    for (const spec of specs.filter((s) => s.publish)) {
      const rel = tablePath(spec.table, format);
      const options = format === 'parquet' ? `${COPY_OPTIONS.parquet}, ${kvMetadataSql(parquetKvMetadata(spec))}` : COPY_OPTIONS.csv;
      await conn.run(`COPY (${releaseQuery(spec)}) TO ${sqlString(path.join(dir, rel))} (${options})`);
      files.push({ table: spec.table, format, ...(await fileStat(dir, rel)) });
    }
    return files;
  };
  const [csv, parquet] = await Promise.all([run(c, 'csv'), run(c2, 'parquet')]);
  return [...csv, ...parquet];
}
await c.run(`ATTACH ${sqlString(path.resolve(values.db))} AS rows (READ_ONLY)`);
await createTables(c, specs);
for (const s of specs) {
  for (let k = 0; k < (s.table === 'divisions' ? 1 : scale); k++) {
    const cols = s.fields.map((f) => (k > 0 && f.type === 'string' && f.name.endsWith('_id') ? `${ident(f.name)} || '~${k}'` : ident(f.name)));
    await c.run(`INSERT INTO ${ident(s.table)} SELECT ${cols.join(', ')} FROM rows.main.${ident(s.table)}`);
  }
}
await c.run('DETACH rows');
await c.run('CHECKPOINT');
const held = (await c.runAndReadAll(`SELECT round(sum(memory_usage_bytes) / 2^20), round(sum(temporary_storage_bytes) / 2^20) FROM duckdb_memory()`)).getRowsJson()[0];
await c.run(`SET memory_limit = ${sqlString(values['steps-limit'] ?? values['memory-limit']!)}`);

let peakRss = 0;
let peakTemp = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  let bytes = 0;
  try { for (const f of readdirSync(spill)) bytes += statSync(path.join(spill, f)).size; } catch { /* none yet */ }
  peakTemp = Math.max(peakTemp, bytes);
}, 100);
const steps: Record<string, { wall: number; cpu: number; rss_mb: number; temp_mb: number }> = {};
const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
  peakRss = process.memoryUsage.rss();
  peakTemp = 0;
  const [w0, c0] = [performance.now(), cpu()];
  const result = await f();
  steps[name] = { wall: +((performance.now() - w0) / 1000).toFixed(2), cpu: +(cpu() - c0).toFixed(2), rss_mb: Math.round(peakRss / 2 ** 20), temp_mb: Math.round(peakTemp / 2 ** 20) };
  return result;
};
const out = path.join(tmp, 'out');
const files = await timed('tables', () => (values.connections === '2' ? writeTablesTwice(out) : writeTables(c, specs, out, undefined, { byYear: values.partition })));
const issues = await timed('read back', () => verifyRelease(c, specs, out, files));
clearInterval(sampler);
if (issues.length) throw new Error(JSON.stringify(issues));
const hash = createHash('sha256');
for (const f of (readdirSync(out, { recursive: true }) as string[]).sort()) {
  const file = path.join(out, f);
  if (statSync(file).isFile()) hash.update(f).update('\0').update(readFileSync(file)).update('\0');
}
db.close();
rmSync(tmp, { recursive: true, force: true });
console.log(JSON.stringify({ scale, connections: Number(values.connections), limit: values['steps-limit'] ?? values['memory-limit'], tables_held_mb: held[0], tables_spilled_mb: held[1], steps, files: files.length, sha256: hash.digest('hex') }));
