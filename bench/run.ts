/**
 * `npm run bench -- --articles N [--seed S] [--workers W] [--incremental]`: the real build on a
 * generated corpus of N articles (bench/generate-corpus.ts, kept in bench/corpus/), against the
 * floor: DuckDB alone loading the same final rows and writing the same CSV and Parquet with the
 * build's own writer. Prints per-stage figures; the last line is one JSON object for workflows;
 * each run is appended to bench/results/runs.jsonl.
 *
 * --incremental also measures the one-page correction: the clean build keeps a cache, one page
 * is edited (and restored afterwards), and the rebuild's time is reported beside its export time.
 * Output goes to a temp folder, never to the repo's dist/.
 *
 * --shards N also builds the corpus as N shards (`build --shard K/N`, each in its own process, one
 * after another) and merges them (`build --from-shards`, in this process): it reports each
 * shard's seconds, the merge's, the critical path with one machine per shard (the slowest shard
 * plus the merge) against the floor, and whether the merged release and archive are byte-identical
 * to the build without shards.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { build, type BuildReport } from '../src/build.ts';
import { DEFAULT_MEMORY_LIMIT, sqlString } from '../src/db/open-database.ts';
import { createTableSql, DUCKDB_TYPES, ident, loadSchemas } from '../src/schema/index.ts';
import { writeTables } from '../src/publish/write-tables.ts';
import { cpuSeconds } from '../src/pipeline/phase-meter.ts';
import { STAGES } from '../src/pipeline/stage-timer.ts';
import { generateCorpus } from './generate-corpus.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string' },
    incremental: { type: 'boolean', default: false },
    shards: { type: 'string' },
  },
});
const shardCount = values.shards === undefined ? 0 : Number(values.shards);
if (values.shards !== undefined && !(Number.isSafeInteger(shardCount) && shardCount >= 1)) throw new Error(`--shards takes a whole number of shards ≥ 1, got ${JSON.stringify(values.shards)}`);
const articles = Number(values.articles);
const seed = Number(values.seed);
const corpus = path.join('bench', 'corpus', `${articles}-${seed}`);
if (!existsSync(path.join(corpus, 'manifest.csv'))) {
  console.error(`generating ${articles} articles into ${corpus}`);
  generateCorpus(corpus, articles, seed);
}
const rawDir = path.join(corpus, 'raw');
const rawBytes = readdirSync(rawDir).reduce((n, f) => n + statSync(path.join(rawDir, f)).size, 0);
const work = mkdtempSync(path.join(os.tmpdir(), 'jiaozuo-bench-'));
const specs = loadSchemas();
const fixed = (x: number, d = 2) => Number(x.toFixed(d));

/** Peak RSS of this process and of its worker threads (they share the process). */
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function timedBuild(cacheDir: string | null, out: string): Promise<{ report: BuildReport; seconds: number }> {
  const t0 = performance.now();
  const report = await build(
    { dataDir: corpus, outDir: path.join(work, out), created: '2026-01-01T00:00:00Z', cacheDir, workers: values.workers === undefined ? undefined : Number(values.workers) },
    { log: (line) => console.error(`  ${((performance.now() - t0) / 1000).toFixed(1)} s  ${line}`), env: {} },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (!report.ok || !report.release) {
    console.error(JSON.stringify(report.errors.slice(0, 5), null, 2));
    throw new Error(`the build failed (${report.errors.length} errors)`);
  }
  return { report, seconds };
}

/** The floor: DuckDB loads the released rows (typed, from the CSV files) and writes them as the build does. */
async function floor(releaseDir: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const t0 = performance.now();
  const cpu0 = cpuSeconds();
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: DEFAULT_MEMORY_LIMIT, temp_directory: path.join(work, 'floor-spill') });
  const connection = await instance.connect();
  // As the build's checks do: a load need not keep the files' row order, and keeping it made the
  // million-article floor run out of memory under the build's limit. writeTables orders what it writes.
  await connection.run('SET preserve_insertion_order = false');
  for (const spec of specs.filter((s) => s.publish)) {
    await connection.run(createTableSql(spec));
    const csv = path.join(releaseDir, 'csv', `${spec.table}.csv`);
    await connection.run(`INSERT INTO ${ident(spec.table)} SELECT * FROM read_csv(${sqlString(csv)}, header = true, columns = {${spec.fields.map((f) => `${sqlString(f.name)}: ${sqlString(DUCKDB_TYPES[f.type])}`).join(', ')}})`);
  }
  await writeTables(connection, specs, path.join(work, 'floor'));
  connection.closeSync();
  instance.closeSync();
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSeconds() - cpu0 };
}

/** Stages that run per page (on worker threads when there are several); the rest is the DuckDB side. */
/** sha256 of every file under `dir`, by relative path: two releases are the same bytes when these are equal. */
function hashFiles(dir: string): string {
  const hash = createHash('sha256');
  for (const f of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const file = path.join(dir, f);
    if (statSync(file).isFile()) hash.update(f).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** One shard in its own process, as a CI job runs it; its wall seconds and its report. */
function shardProcess(k: number, n: number, out: string): Promise<{ seconds: number; report: BuildReport }> {
  const args = ['--import', 'tsx', path.join('src', 'cli.ts'), 'build', '--data', corpus, '--out', out, '--shard', `${k}/${n}`, '--json', ...(values.workers === undefined ? [] : ['--workers', values.workers])];
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`shard ${k}/${n} exited ${code}`));
      resolve({ seconds: (performance.now() - t0) / 1000, report: JSON.parse(stdout) });
    });
  });
}

/** The corpus as `n` shards, one process each, merged here; against the build without shards. */
async function shardedBuild(n: number, release: BuildReport['release'] & object): Promise<Record<string, unknown>> {
  const shardSeconds: number[] = [];
  for (let k = 1; k <= n; k++) {
    console.error(`shard ${k} of ${n}`);
    const { seconds } = await shardProcess(k, n, path.join(work, 'shards', String(k)));
    shardSeconds.push(seconds);
  }
  console.error(`merge of ${n} shards`);
  const t0 = performance.now();
  const report = await build(
    { dataDir: corpus, outDir: path.join(work, 'merged'), created: '2026-01-01T00:00:00Z', fromShards: shardSeconds.map((_, k) => path.join(work, 'shards', String(k + 1))) },
    { log: (line) => console.error(`  ${((performance.now() - t0) / 1000).toFixed(1)} s  ${line}`), env: {} },
  );
  const mergeSeconds = (performance.now() - t0) / 1000;
  if (!report.ok || !report.release) throw new Error(`the merge failed: ${JSON.stringify(report.errors.slice(0, 5))}`);
  const identical = hashFiles(report.release.path) === hashFiles(release.path) && readFileSync(report.release.archive).equals(readFileSync(release.archive));
  const slowest = Math.max(...shardSeconds);
  return {
    shards: n,
    shard_seconds: shardSeconds.map((s) => fixed(s)),
    merge_seconds: fixed(mergeSeconds),
    merge_stages: report.timings!.stages,
    // One machine per shard: the slowest shard, then the merge.
    sharded_seconds: fixed(slowest + mergeSeconds),
    sharded_identical: identical,
  };
}

const PAGE_STAGES = ['decode', 'layout', 'extract', 'validate'] as const;
const DUCKDB_STAGES = ['load', 'check', 'write'] as const;

function printStages(report: BuildReport, seconds: number): void {
  const t = report.timings!;
  console.log(`stage      seconds   (page stages summed over ${report.pages!.workers || 1} thread${report.pages!.workers > 1 ? 's' : ''})`);
  for (const s of STAGES) console.log(`  ${s.padEnd(9)}${t.stages[s].toFixed(2).padStart(8)}`);
  console.log(`  pages wall ${t.wall.pages?.toFixed(2)} s, total ${seconds.toFixed(2)} s`);
  const phases = Object.entries(report.memory ?? {}).map(([phase, m]) => `${phase} ${m.rss_mb} MB (JS heap ${m.js_heap_mb})`);
  if (phases.length) console.log(`  peak RSS by phase, sampled: ${phases.join(', ')}`);
  const cpu = Object.entries(t.cpu ?? {}).map(([phase, s]) => `${phase} ${s.toFixed(1)}`);
  if (cpu.length) console.log(`  CPU seconds by phase (all threads): ${cpu.join(', ')}`);
}

try {
  const cacheDir = values.incremental ? path.join(work, 'cache') : null;
  console.error(`build of ${corpus} (${(rawBytes / 1e6).toFixed(1)} MB)`);
  const buildCpu0 = cpuSeconds();
  const { report, seconds } = await timedBuild(cacheDir, 'release');
  const buildCpuSeconds = cpuSeconds() - buildCpu0;
  const releaseDir = report.release!.path;
  const peakBuild = peakRssMb();
  console.error('floor');
  const { seconds: floorSeconds, cpuSeconds: floorCpuSeconds } = await floor(releaseDir);
  printStages(report, seconds);

  let incremental: Record<string, number> | null = null;
  if (values.incremental) {
    // One page corrected: a digit changed, restored afterwards so the corpus stays as generated.
    const page = path.join(rawDir, readdirSync(rawDir).sort()[Math.floor(readdirSync(rawDir).length / 2)]);
    const original = readFileSync(page);
    writeFileSync(page, original.toString('utf8').replace(/\d/, (d) => String((Number(d) + 1) % 10)));
    try {
      console.error(`rebuild after editing ${path.basename(page)}`);
      rmSync(path.join(work, 'release'), { recursive: true, force: true });
      const again = await timedBuild(cacheDir, 'release');
      const write = again.report.timings!.stages.write;
      incremental = {
        rebuild_seconds: fixed(again.seconds),
        rebuild_made_pages: again.report.pages!.made,
        rebuild_export_seconds: fixed(write),
        rebuild_beyond_export_seconds: fixed(again.seconds - write),
        rebuild_checked_pages: again.report.pages!.checked,
        rebuild_check_seconds: fixed(again.report.timings!.stages.check),
      };
      console.log(`rebuild  ${incremental.rebuild_seconds} s after one page changed (${incremental.rebuild_made_pages} page made): export ${incremental.rebuild_export_seconds} s, the rest ${incremental.rebuild_beyond_export_seconds} s (checks ${incremental.rebuild_check_seconds} s over ${incremental.rebuild_checked_pages} page)`);
    } finally {
      writeFileSync(page, original);
    }
  }

  let sharded: Record<string, unknown> | null = null;
  if (shardCount) {
    sharded = await shardedBuild(shardCount, report.release!);
    sharded.sharded_ratio = fixed((sharded.sharded_seconds as number) / floorSeconds);
    console.log(`sharded ${sharded.sharded_seconds} s with one machine per shard (slowest of ${shardCount} shards + merge ${sharded.merge_seconds} s): ${sharded.sharded_ratio}× the floor; byte-identical: ${sharded.sharded_identical}`);
  }

  const stages = report.timings!.stages;
  const pageThreadSeconds = PAGE_STAGES.reduce((n, s) => n + stages[s], 0);
  const duckdbSideSeconds = DUCKDB_STAGES.reduce((n, s) => n + stages[s], 0);
  const result = {
    articles: report.tables.articles,
    pages: report.tables.sources,
    raw_mb: fixed(rawBytes / 1e6),
    workers: report.pages!.workers,
    seconds: fixed(seconds),
    floor_seconds: fixed(floorSeconds),
    ratio: fixed(seconds / floorSeconds),
    articles_per_s: Math.round(report.tables.articles / seconds),
    mb_per_s: fixed(rawBytes / 1e6 / seconds),
    peak_rss_mb: Math.max(peakBuild, peakRssMb()),
    peak_rss_build_mb: peakBuild,
    stages: report.timings!.stages,
    wall: report.timings!.wall,
    memory: report.memory,
    ...incremental,
    // The two costs the scale target keeps apart: the DuckDB side (load + check + write, main
    // thread wall seconds) against the floor, and the page stages' throughput per core (their
    // seconds are summed over the threads that ran them, so they are core-seconds).
    duckdb_side_seconds: fixed(duckdbSideSeconds),
    duckdb_side_ratio: fixed(duckdbSideSeconds / floorSeconds),
    page_thread_seconds: fixed(pageThreadSeconds),
    page_articles_per_core_s: Math.round(report.tables.articles / pageThreadSeconds),
    cpu_seconds: fixed(buildCpuSeconds),
    floor_cpu_seconds: fixed(floorCpuSeconds),
    // CPU, which a busy machine does not inflate: the build's against the floor's, and per phase.
    cpu_ratio: fixed(buildCpuSeconds / floorCpuSeconds),
    cpu_by_phase: report.timings!.cpu,
    ...sharded,
    node: process.version,
    cpus: os.availableParallelism(),
  };
  console.log(`build   ${result.seconds} s  (${result.articles_per_s} articles/s, ${result.mb_per_s} MB/s of raw text)`);
  console.log(`floor   ${result.floor_seconds} s  (DuckDB alone: load the final rows, write the same CSV and Parquet)`);
  console.log(`ratio   ${result.ratio}    peak RSS ${result.peak_rss_mb} MB (build ${peakBuild} MB)`);
  console.log(`duckdb  ${result.duckdb_side_seconds} s load + check + write: ${result.duckdb_side_ratio}× the floor`);
  console.log(`pages   ${result.page_articles_per_core_s} articles/s per core (${result.page_thread_seconds} thread-seconds of ${PAGE_STAGES.join(' + ')})`);
  console.log(`cpu     ${result.cpu_seconds} s for the build, ${result.floor_cpu_seconds} s for the floor (user + system, all threads): ${result.cpu_ratio}×`);
  mkdirSync(path.join('bench', 'results'), { recursive: true });
  appendFileSync(path.join('bench', 'results', 'runs.jsonl'), JSON.stringify({ at: new Date().toISOString(), ...result }) + '\n');
  console.log(JSON.stringify(result));
} finally {
  rmSync(work, { recursive: true, force: true });
}
