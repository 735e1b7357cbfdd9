/**
 * `npm run bench -- --articles N [--seed S]`: the real build on a generated corpus of N articles
 * (bench/generate-corpus.ts, cached in bench/corpus/), against the floor: DuckDB alone loading the
 * same final rows and writing the same CSV and Parquet. Prints the figures; the last line is one
 * JSON object for workflows; each run is appended to bench/results/runs.jsonl.
 *
 * Per-stage timings (decode, layout, extract, validate, load, check, write) are not measured yet:
 * the build has no stage hooks. Time goes to a temp folder, never to the repo's dist/.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { build } from '../src/build.ts';
import { loadSchemas } from '../src/schema/index.ts';
import { generateCorpus } from './generate-corpus.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } } });
const articles = Number(values.articles);
const seed = Number(values.seed);
const corpus = path.join('bench', 'corpus', `${articles}-${seed}`);
if (!existsSync(path.join(corpus, 'manifest.csv'))) {
  console.error(`generating ${articles} articles into ${corpus}`);
  generateCorpus(corpus, articles, seed);
}
const rawBytes = readdirSync(path.join(corpus, 'raw')).reduce((n, f) => n + statSync(path.join(corpus, 'raw', f)).size, 0);
const work = mkdtempSync(path.join(os.tmpdir(), 'jiaozuo-bench-'));

try {
  const t0 = performance.now();
  const report = await build({ dataDir: corpus, outDir: path.join(work, 'release'), created: '2026-01-01T00:00:00Z' }, { log: () => {}, env: {} });
  const seconds = (performance.now() - t0) / 1000;
  if (!report.ok || !report.release) {
    console.error(JSON.stringify(report.errors.slice(0, 5), null, 2));
    throw new Error(`the build failed (${report.errors.length} errors)`);
  }
  const releaseDir = report.release.path;

  // The floor: DuckDB loads the released rows and writes them again, as the build's writer does.
  const f0 = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const floorDir = path.join(work, 'floor');
  mkdirSync(floorDir);
  for (const spec of loadSchemas().filter((s) => s.publish)) {
    const csv = path.join(releaseDir, 'csv', `${spec.table}.csv`);
    const order = spec.primaryKey.map((k) => `"${k}"`).join(', ');
    await connection.run(`CREATE TABLE "${spec.table}" AS SELECT * FROM read_csv('${csv}', header = true, all_varchar = false)`);
    await connection.run(`COPY (SELECT * FROM "${spec.table}" ORDER BY ${order}) TO '${path.join(floorDir, spec.table)}.csv' (HEADER, DELIMITER ',')`);
    await connection.run(`COPY (SELECT * FROM "${spec.table}" ORDER BY ${order}) TO '${path.join(floorDir, spec.table)}.parquet' (FORMAT parquet, COMPRESSION zstd)`);
  }
  connection.closeSync();
  const floorSeconds = (performance.now() - f0) / 1000;

  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const result = {
    articles: report.tables.articles,
    pages: report.tables.sources,
    raw_mb: Number((rawBytes / 1e6).toFixed(2)),
    seconds: Number(seconds.toFixed(2)),
    floor_seconds: Number(floorSeconds.toFixed(2)),
    ratio: Number((seconds / floorSeconds).toFixed(2)),
    articles_per_s: Math.round(report.tables.articles / seconds),
    mb_per_s: Number((rawBytes / 1e6 / seconds).toFixed(2)),
    peak_rss_mb: Math.round(peakRssMb),
    node: process.version,
    cpus: os.cpus().length,
  };
  console.log(`build   ${result.seconds} s  (${result.articles_per_s} articles/s, ${result.mb_per_s} MB/s of raw text)`);
  console.log(`floor   ${result.floor_seconds} s  (DuckDB alone: load the final rows, write CSV and Parquet)`);
  console.log(`ratio   ${result.ratio}    peak RSS ${result.peak_rss_mb} MB`);
  mkdirSync(path.join('bench', 'results'), { recursive: true });
  appendFileSync(path.join('bench', 'results', 'runs.jsonl'), JSON.stringify({ at: new Date().toISOString(), ...result }) + '\n');
  console.log(JSON.stringify(result));
} finally {
  rmSync(work, { recursive: true, force: true });
}
