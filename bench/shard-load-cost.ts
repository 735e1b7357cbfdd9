/**
 * `npx tsx bench/shard-load-cost.ts FILE [SHARDS] [novalidate]`: the load of `build --from-shards` alone, on the
 * rows of a build cache's database file (FILE, opened read-only): every page table written as SHARDS
 * Parquet row files as writeShard writes them (contiguous slices of the pages in source id order),
 * then loaded as loadShards loads them (a pass over each file, then INSERT … SELECT FROM read_parquet)
 * into a fresh in-memory DuckDB under 256MB, the build's limit while pages are made. Printed (JSON):
 * CPU seconds of the writing and of the load, what DuckDB holds and has spilled after it
 * (duckdb_memory()), and a pass over every table. Compare with bench/load-cost.ts (the appender) on
 * the same file. The pass over each file stands in for loadShards' schema check (`invalidRows`).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, sqlString } from '../src/db/open-database.ts';
import { createTables } from '../src/db/table-loader.ts';
import { cpuSeconds as cpu } from '../src/pipeline/phase-meter.ts';
import { ident, loadSchemas } from '../src/schema/index.ts';
const dbFile = process.argv[2]; const shards = Number(process.argv[3] ?? 4); const validate = process.argv[4] !== 'novalidate';
const specs = loadSchemas();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'shard-load-'));
// 1. The row files, per shard (pages split by source id order into contiguous slices), as writeShard writes them.
const w = await openDatabase({ tempDirectory: path.join(tmp, 'spill0'), memoryLimit: '512MB' });
await w.connection.run(`ATTACH ${sqlString(dbFile)} AS rows (READ_ONLY)`);
await w.connection.run(`CREATE TEMP TABLE _p AS SELECT source_id, ntile(${shards}) OVER (ORDER BY source_id) AS k FROM rows.main.sources`);
await w.connection.run(`CREATE TEMP TABLE _a AS SELECT a.article_id, p.k FROM rows.main.articles a JOIN _p p USING (source_id)`);
let c0 = cpu(); let written = 0;
for (let k = 1; k <= shards; k++) {
  const dir = path.join(tmp, `s${k}`);
  mkdirSync(dir);
  for (const s of specs) {
    if (s.table === 'divisions' || s.table === 'curation_entries') continue;
    const names = s.fields.map((f) => f.name);
    const where = names.includes('source_id') ? `source_id IN (SELECT source_id FROM _p WHERE k = ${k})` : names.includes('article_id') ? `article_id IN (SELECT article_id FROM _a WHERE k = ${k})` : 'true';
    await w.connection.run(`COPY (SELECT * FROM rows.main.${ident(s.table)} WHERE ${where}) TO ${sqlString(path.join(dir, `${s.table}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
    written += statSync(path.join(dir, `${s.table}.parquet`)).size;
  }
}
const writeCpu = cpu() - c0;
w.close();
// 2. Loaded as loadShards loads them, into a fresh in-memory DuckDB under 256MB (the build's limit while pages are made).
const db = await openDatabase({ tempDirectory: path.join(tmp, 'spill'), memoryLimit: '256MB' });
await createTables(db.connection, specs);
c0 = cpu(); const t0 = performance.now();
let validateCpu = 0;
for (let k = 1; k <= shards; k++) {
  for (const f of readdirSync(path.join(tmp, `s${k}`)).sort()) {
    const table = f.replace(/\.parquet$/, '');
    const spec = specs.find((s) => s.table === table)!;
    const file = path.join(tmp, `s${k}`, f);
    const cols = spec.fields.map((x) => ident(x.name)).join(', ');
    if (validate) { const v0 = cpu(); await db.connection.run(`SELECT count(*) FROM read_parquet(${sqlString(file)}) WHERE ${spec.fields.map((x) => `${ident(x.name)} IS NULL`).join(' OR ')}`); validateCpu += cpu() - v0; }
    await db.connection.run(`INSERT INTO ${ident(table)} (${cols}) SELECT ${cols} FROM read_parquet(${sqlString(file)})`);
  }
}
const loadCpu = cpu() - c0; const loadWall = (performance.now() - t0) / 1000;
const held = (await db.connection.runAndReadAll(`SELECT round(sum(memory_usage_bytes) / 2^20), round(sum(temporary_storage_bytes) / 2^20) FROM duckdb_memory()`)).getRowsJson()[0];
// 3. A pass over every table afterwards (as a check reads them): what the tables left behind cost later queries.
c0 = cpu();
for (const s of specs) await db.connection.run(`SELECT count(*), sum(hash(${s.fields.map((f) => ident(f.name)).join(', ')})) FROM ${ident(s.table)}`);
const scanCpu = cpu() - c0;
db.close();
rmSync(tmp, { recursive: true, force: true });
console.log(JSON.stringify({ shards, parquet_mb: Math.round(written / 2 ** 20), write_cpu: +writeCpu.toFixed(2), load_cpu: +loadCpu.toFixed(2), of_it_validate_cpu: +validateCpu.toFixed(2), load_wall: +loadWall.toFixed(2), held_mb: held[0], spilled_mb: held[1], scan_cpu: +scanCpu.toFixed(2) }));
