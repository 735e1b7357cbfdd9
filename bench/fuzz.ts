/**
 * `npm run fuzz -- --runs N [--seed S] [--workers W] [--chunk C] [--max-long-line L] [--case-limit-ms T] [--shrink]`:
 * a long fuzz run of page recovery, rows and fact extraction (the properties and page kinds of
 * test/support/fuzz-pages.ts; the test suite runs a fixed-seed sample of the same).
 *
 * `--target inputs [--full-every K]`: instead, mutated inputs of the build (raw pages, manifests,
 * curation files, dataset.json; test/support/fuzz-inputs.ts) through the build's input stages
 * in-process, and every K-th case through the whole `build` command in-process; reports crashes
 * (uncaught exceptions, stack traces, internal-error, exit codes other than 0/1/2), hangs and
 * writes outside the output folder. Case i of chunk k has seed (S + k) * 1,000,003 + i.
 *
 * The N cases are cut into chunks of C, chunk k checked with seed S + k, so a run continues past a
 * failure and every failure is reproducible alone: its seed, case and fast-check path are printed,
 * with the case as found (`--shrink`: shrunk to a small counterexample first, which can take
 * minutes on a long page). Chunks run in W worker processes; a worker whose case makes no progress
 * for the hang limit is killed and reported as a hang with its seed and case index. Prints progress
 * and the cases per second; the last line is one JSON object. Exit 1 when anything failed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { MAX_LINE_LENGTH } from '../src/inputs/index.ts';
import { fuzzCase, fuzzContext, pageViolations, type FuzzShape } from '../test/support/fuzz-pages.ts';
import { inputCase, inputsContext, runInputCase, type InputsContext } from '../test/support/fuzz-inputs.ts';

interface Job {
  seed: number;
  runs: number;
  shape: FuzzShape;
  caseLimitMs: number;
  /** Shrink a failing case to a small one (can take minutes on long pages); else report it as found. */
  shrink: boolean;
  target: 'pages' | 'inputs';
  fullEvery: number;
}

interface ChunkResult {
  type: 'done';
  seed: number;
  runs: number;
  ms: number;
  failure: null | { path: string | null; counterexample: string; error: string };
  /** Failing cases in the chunk (inputs target: a chunk goes on past a failure). */
  failed?: number;
}

const WORKER_FLAG = '--fuzz-worker';

if (process.argv.includes(WORKER_FLAG)) {
  // A worker process: runs the chunks it is sent, reporting each case started (for the watchdog).
  let ctx: ReturnType<typeof fuzzContext> | null = null;
  let inputs: { ctx: InputsContext; base: string; tmp: string } | null = null;
  const runInputs = async (job: Job) => {
    if (!inputs) {
      const base = await mkdtemp(path.join(os.tmpdir(), 'fuzz-inputs-'));
      const tmp = path.join(base, 'tmp');
      await mkdir(tmp);
      // The builds' temporary folders go here, where a leftover can be seen.
      process.env.TMPDIR = tmp;
      inputs = { ctx: inputsContext(job.caseLimitMs / 1000), base, tmp };
      process.on('SIGTERM', () => { rmSync(base, { recursive: true, force: true }); process.exit(0); });
    }
    const started = performance.now();
    let failure: ChunkResult['failure'] = null;
    let failed = 0;
    for (let i = 0; i < job.runs; i++) {
      process.send!({ type: 'case', seed: job.seed, index: i });
      const seed = job.seed * 1_000_003 + i;
      const c = inputCase(seed, i % job.fullEvery === 0);
      const root = path.join(inputs.base, `case-${seed}`);
      await mkdir(root);
      const problems = await runInputCase(c, root, inputs.tmp, inputs.ctx);
      await rm(root, { recursive: true, force: true });
      if (!problems.length) continue;
      failed++;
      process.send!({ type: 'found', seed: job.seed, index: i, kind: c.full ? 'whole build' : 'input stages', manifest: `case seed ${seed}`, characters: [...c.files.values()].reduce((n, b) => n + b.length, 0), violations: problems.slice(0, 5) });
      failure ??= { path: `case seed ${seed}`, counterexample: JSON.stringify([...c.files.keys()]), error: problems.join('\n') };
    }
    const result: ChunkResult = { type: 'done', seed: job.seed, runs: job.runs, ms: performance.now() - started, failure, failed };
    process.send!(result);
  };
  process.on('message', (job: Job) => {
    if (job.target === 'inputs') { void runInputs(job); return; }
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
      target: { type: 'string', default: 'pages' },
      'full-every': { type: 'string', default: '1000' },
    },
  });
  const target = values.target === 'inputs' ? 'inputs' : 'pages';
  const fullEvery = Number(values['full-every']);
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  const workers = Number(values.workers);
  const chunk = Number(values.chunk);
  const shape: FuzzShape = { maxLongLine: Number(values['max-long-line']) };
  const caseLimitMs = Number(values['case-limit-ms']);
  const hangMs = Number(values['hang-ms']);
  for (const [name, v] of Object.entries({ runs, seed, workers, chunk, 'max-long-line': shape.maxLongLine, 'case-limit-ms': caseLimitMs, 'hang-ms': hangMs, 'full-every': fullEvery })) {
    if (!Number.isInteger(v) || v < 1) { process.stderr.write(`--${name}: expected a positive whole number, got ${v}\n`); process.exit(2); }
  }

  const chunks: { seed: number; runs: number }[] = [];
  for (let done = 0, k = 0; done < runs; done += chunk, k++) chunks.push({ seed: seed + k, runs: Math.min(chunk, runs - done) });
  const started = performance.now();
  const failures: (NonNullable<ChunkResult['failure']> & { seed: number })[] = [];
  const hangs: { seed: number; caseIndex: number }[] = [];
  let cases = 0;
  let failedCases = 0;
  let next = 0;
  const elapsed = () => (performance.now() - started) / 1000;
  const tsx = import.meta.resolve('tsx');
  process.stderr.write(`fuzz ${target}: ${runs} cases, seed ${seed}, ${chunks.length} chunks of ${chunk} on ${workers} workers, ${target === 'inputs' ? `the whole build every ${fullEvery} cases` : `long lines up to ${shape.maxLongLine}`}, case limit ${caseLimitMs} ms\n`);

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
        failedCases += m.failed ?? (m.failure ? 1 : 0);
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
      child.send({ ...current, shape, caseLimitMs, shrink: values.shrink, target, fullEvery } satisfies Job);
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
  const summary = { target, cases, failed_cases: failedCases, seed, chunks: chunks.length, workers, seconds: Math.round(seconds), cases_per_second: Number((cases / seconds).toFixed(1)), failures: failures.length, hangs: hangs.length, max_long_line: shape.maxLongLine, case_limit_ms: caseLimitMs };
  process.stdout.write(`fuzz: ${cases} cases in ${seconds.toFixed(0)} s (${summary.cases_per_second} cases/s), ${failures.length} failures, ${hangs.length} hangs\n`);
  process.stdout.write(JSON.stringify(summary) + '\n');
  process.exitCode = failures.length || hangs.length ? 1 : 0;
}
