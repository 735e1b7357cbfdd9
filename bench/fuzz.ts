/**
 * `npm run fuzz -- --runs N [--seed S] [--workers W] [--chunk C] [--max-long-line L] [--case-limit-ms T] [--shrink]`:
 * a long fuzz run of page recovery, rows and fact extraction (the properties and page kinds of
 * test/support/fuzz-pages.ts; the test suite runs a fixed-seed sample of the same).
 *
 * The N cases are cut into chunks of C, chunk k checked with seed S + k, so a run continues past a
 * failure and every failure is reproducible alone: its seed, case and fast-check path are printed,
 * with the case as found (`--shrink`: shrunk to a small counterexample first, which can take
 * minutes on a long page). Chunks run in W worker processes; a worker whose case makes no progress
 * for the hang limit is killed and reported as a hang with its seed and case index. Prints progress
 * and the cases per second; the last line is one JSON object. Exit 1 when anything failed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { MAX_LINE_LENGTH } from '../src/inputs/index.ts';
import { fuzzCase, fuzzContext, pageViolations, type FuzzShape } from '../test/support/fuzz-pages.ts';

interface Job {
  seed: number;
  runs: number;
  shape: FuzzShape;
  caseLimitMs: number;
  /** Shrink a failing case to a small one (can take minutes on long pages); else report it as found. */
  shrink: boolean;
}

interface ChunkResult {
  type: 'done';
  seed: number;
  runs: number;
  ms: number;
  failure: null | { path: string | null; counterexample: string; error: string };
}

const WORKER_FLAG = '--fuzz-worker';

if (process.argv.includes(WORKER_FLAG)) {
  // A worker process: runs the chunks it is sent, reporting each case started (for the watchdog).
  let ctx: ReturnType<typeof fuzzContext> | null = null;
  process.on('message', (job: Job) => {
    const context = (ctx ??= fuzzContext(job.caseLimitMs));
    const started = performance.now();
    let index = 0;
    let found = false;
    const property = fc.property(fuzzCase(job.shape), (c) => {
      process.send!({ type: 'case', seed: job.seed, index: index++ });
      const violations = pageViolations(c, context);
      if (violations.length === 0) return;
      // Said at once: shrinking a long page can take minutes.
      if (!found) process.send!({ type: 'found', seed: job.seed, index: index - 1, kind: c.kind, manifest: c.manifest, characters: Array.from(c.text).length, violations: violations.slice(0, 5) });
      found = true;
      throw new Error(`${c.kind} page (${c.manifest} manifest) breaks ${violations.length} properties:\n  ${violations.slice(0, 10).join('\n  ')}`);
    });
    const details = fc.check(property, { seed: job.seed, numRuns: job.runs, endOnFailure: !job.shrink });
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const result: ChunkResult = {
      type: 'done',
      seed: job.seed,
      runs: details.numRuns,
      ms: performance.now() - started,
      failure: details.failed ? { path: details.counterexamplePath, counterexample: JSON.stringify(details.counterexample?.[0] ?? null), error } : null,
    };
    process.send!(result);
  });
} else {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '10000' },
      seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
      workers: { type: 'string', default: String(Math.max(1, os.availableParallelism() - 1)) },
      chunk: { type: 'string', default: '500' },
      'max-long-line': { type: 'string', default: String(MAX_LINE_LENGTH) },
      'case-limit-ms': { type: 'string', default: '10000' },
      'hang-ms': { type: 'string', default: '120000' },
      shrink: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  const workers = Number(values.workers);
  const chunk = Number(values.chunk);
  const shape: FuzzShape = { maxLongLine: Number(values['max-long-line']) };
  const caseLimitMs = Number(values['case-limit-ms']);
  const hangMs = Number(values['hang-ms']);
  for (const [name, v] of Object.entries({ runs, seed, workers, chunk, 'max-long-line': shape.maxLongLine, 'case-limit-ms': caseLimitMs, 'hang-ms': hangMs })) {
    if (!Number.isInteger(v) || v < 1) { process.stderr.write(`--${name}: expected a positive whole number, got ${v}\n`); process.exit(2); }
  }

  const chunks: { seed: number; runs: number }[] = [];
  for (let done = 0, k = 0; done < runs; done += chunk, k++) chunks.push({ seed: seed + k, runs: Math.min(chunk, runs - done) });
  const started = performance.now();
  const failures: (NonNullable<ChunkResult['failure']> & { seed: number })[] = [];
  const hangs: { seed: number; caseIndex: number }[] = [];
  let cases = 0;
  let next = 0;
  const elapsed = () => (performance.now() - started) / 1000;
  const tsx = import.meta.resolve('tsx');
  process.stderr.write(`fuzz: ${runs} cases, seed ${seed}, ${chunks.length} chunks of ${chunk} on ${workers} workers, long lines up to ${shape.maxLongLine}, case limit ${caseLimitMs} ms\n`);

  const runWorker = () => new Promise<void>((resolve) => {
    let child: ChildProcess;
    let current: { seed: number; runs: number } | null = null;
    let last = { seed: -1, index: -1, at: performance.now() };
    const spawnChild = () => {
      child = fork(fileURLToPath(import.meta.url), [WORKER_FLAG], { execArgv: ['--import', tsx], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.on('message', (m: ChunkResult | { type: 'case'; seed: number; index: number } | { type: 'found'; seed: number; index: number; kind: string; manifest: string; characters: number; violations: string[] }) => {
        if (m.type === 'case') { last = { seed: m.seed, index: m.index, at: performance.now() }; return; }
        if (m.type === 'found') {
          process.stderr.write(`FOUND seed ${m.seed}, case ${m.index}: a ${m.kind} page of ${m.characters} characters (${m.manifest} manifest)\n  ${m.violations.join('\n  ').slice(0, 2000)}\n`);
          return;
        }
        cases += m.runs;
        if (m.failure) {
          failures.push({ ...m.failure, seed: m.seed });
          process.stderr.write(`FAILURE seed ${m.seed} path ${m.failure.path}\n  ${m.failure.counterexample.slice(0, 400)}\n  ${m.failure.error.split('\n').slice(0, 6).join('\n  ')}\n`);
        }
        process.stderr.write(`  ${cases}/${runs} cases, ${(cases / elapsed()).toFixed(1)} cases/s, ${failures.length} failures, ${hangs.length} hangs\n`);
        feed();
      });
    };
    const feed = () => {
      if (next >= chunks.length) { clearInterval(watchdog); child.kill(); resolve(); return; }
      current = chunks[next++];
      last = { seed: current.seed, index: -1, at: performance.now() };
      child.send({ ...current, shape, caseLimitMs, shrink: values.shrink } satisfies Job);
    };
    // A case running past the hang limit: kill the worker, report the case, go on with a new one.
    const watchdog = setInterval(() => {
      if (!current || performance.now() - last.at <= hangMs) return;
      hangs.push({ seed: last.seed, caseIndex: last.index });
      process.stderr.write(`HANG seed ${last.seed}, case ${last.index} of its chunk (no progress for ${hangMs} ms)\n`);
      cases += Math.max(0, last.index + 1);
      child.kill('SIGKILL');
      spawnChild();
      feed();
    }, 1000);
    spawnChild();
    feed();
  });

  await Promise.all(Array.from({ length: Math.min(workers, chunks.length) }, runWorker));
  const seconds = elapsed();
  const summary = { cases, seed, chunks: chunks.length, workers, seconds: Math.round(seconds), cases_per_second: Number((cases / seconds).toFixed(1)), failures: failures.length, hangs: hangs.length, max_long_line: shape.maxLongLine, case_limit_ms: caseLimitMs };
  process.stdout.write(`fuzz: ${cases} cases in ${seconds.toFixed(0)} s (${summary.cases_per_second} cases/s), ${failures.length} failures, ${hangs.length} hangs\n`);
  process.stdout.write(JSON.stringify(summary) + '\n');
  process.exitCode = failures.length || hangs.length ? 1 : 0;
}
