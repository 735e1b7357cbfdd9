/**
 * `npx tsx bench/page-stages.ts [--articles N] [--pages P] [--workers W] [--no-watchdog] [--tsx-worker]`: the page
 * stages alone (decode → layout → extract → validate: processPage) over the first P pages of the
 * bench corpus (`npm run bench -- --articles N` generates it), without the DuckDB side, for
 * profiling (`node --cpu-prof --import tsx bench/page-stages.ts`; worker threads write their own
 * profiles) and for comparing one change against another. W worker threads as the build runs
 * them (default 2), or 0: on this thread, under the vm watchdog, or without it (`--no-watchdog`).
 * Workers run the bundled JavaScript the build runs (worker-bundle.ts), or with `--tsx-worker`
 * the TypeScript through tsx.
 *
 * Prints the stage seconds summed over threads (wall time on each thread, as the build reports
 * them) and the process's CPU seconds (user + system, all threads: workers' startup included),
 * which a busy machine inflates less than wall time; `pages_cpu_seconds` is the part spent from
 * the first page on (without loading the modules, the gazetteer and the curation; with workers,
 * their startup is still in it).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readCuration, readLayoutCuration } from '../src/curation/read-curation.ts';
import { FACT_TABLES } from '../src/extract/article-facts.ts';
import { loadGazetteer, referenceDir } from '../src/extract/divisions.ts';
import { readManifest } from '../src/inputs/read-manifest.ts';
import { pageContext, processPage, type PageResult } from '../src/pipeline/page-job.ts';
import { DEFAULT_PAGE_LIMITS } from '../src/pipeline/page-limits.ts';
import { runInOrder, workerRunner } from '../src/pipeline/page-pool.ts';
import { pageWorkerScript, TSX_WORKER } from '../src/pipeline/worker-bundle.ts';
import { loadSchemas } from '../src/schema/index.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    pages: { type: 'string', default: '2000' },
    workers: { type: 'string', default: '2' },
    'no-watchdog': { type: 'boolean', default: false },
    'tsx-worker': { type: 'boolean', default: false },
  },
});
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const corpus = path.join('bench', 'corpus', `${values.articles}-${values.seed}`);
const names = readdirSync(path.join(corpus, 'raw')).sort().slice(0, Number(values.pages));
const manifest = await readManifest(corpus, new Set(names));
const reference = await referenceDir(corpus);
const referencePath = typeof reference === 'string' ? path.resolve(reference) : fileURLToPath(reference);
const factEntries = (await readCuration(corpus, FACT_TABLES)).entries;
const layoutEntries = (await readLayoutCuration(corpus)).entries;
const workers = Number(values.workers);
const ctx = workers === 0 ? pageContext(loadSchemas(), loadGazetteer(referencePath), factEntries, layoutEntries) : null;
const script = values['tsx-worker'] ? TSX_WORKER : await pageWorkerScript();
const runner = workers > 0 ? workerRunner(workers, { referenceDir: referencePath, factEntries, layoutEntries, limits: DEFAULT_PAGE_LIMITS }, script) : null;

const totals = { decode: 0, layout: 0, extract: 0, validate: 0 };
let articles = 0;
async function* inputs() {
  for (const name of names) {
    const bytes = readFileSync(path.join(corpus, 'raw', name));
    yield { name, bytes: new Uint8Array(bytes), sha256: createHash('sha256').update(bytes).digest('hex'), manifest: manifest.entries.get(name) ?? null };
  }
}
const cpuPages = process.cpuUsage();
await runInOrder(
  inputs(),
  8 * Math.max(1, workers), // pages in flight per worker, as the build keeps them (build.ts)
  (input) => (runner ? runner.run(input) : Promise.resolve(processPage(ctx!, input, values['no-watchdog'] ? 'pool' : 'watchdog'))),
  (_, result: PageResult | null) => {
    for (const s of Object.keys(totals) as (keyof typeof totals)[]) totals[s] += result!.timings[s];
    articles += result!.counts.articles ?? 0;
  },
);
await runner?.close();
const pagesCpu = process.cpuUsage(cpuPages);
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const stageSeconds = Object.values(totals).reduce((a, b) => a + b, 0);
const round = (x: number) => Number(x.toFixed(2));
console.log(JSON.stringify({
  pages: names.length,
  articles,
  workers,
  watchdog: workers === 0 ? !values['no-watchdog'] : 'pool',
  wall_seconds: round((performance.now() - t0) / 1000),
  cpu_seconds: round(cpuSeconds),
  pages_cpu_seconds: round((pagesCpu.user + pagesCpu.system) / 1e6),
  stage_seconds: round(stageSeconds),
  stages: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, round(v)])),
  articles_per_stage_s: Math.round(articles / stageSeconds),
  articles_per_cpu_s: Math.round(articles / cpuSeconds),
}));
