/**
 * The verify mutation run: `npx tsx bench/verify-mutations.ts [--runs N] [--seed S] [--release DIR --archive ZIP]`.
 * Damages a release N times (one random single-byte change, truncation, or appended or prepended
 * bytes, over the archive and every file of the folder: descriptor, SHA256SUMS, CSV, Parquet, docs;
 * test/support/verify-mutations.ts), runs verify on each and prints how many were detected (exit 1
 * with coded errors) and how many crashed (an exception, or an exit other than 1), by target and
 * operation, with every case missed. Without --release it builds the tests' small synthetic release.
 * Exits 1 unless every case was detected and none crashed.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { walkRelease } from '../src/release/release-files.ts';
import { buildSynthetic, syntheticData } from '../test/helpers/release.ts';
import { seededRandom } from '../test/support/seeded-random.ts';
import { randomMutation, runMutation, type MutationOutcome } from '../test/support/verify-mutations.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' }, release: { type: 'string' }, archive: { type: 'string' } } });
const runs = Number(values.runs);
const seed = Number(values.seed);

const scratch = await mkdtemp(path.join(os.tmpdir(), 'verify-mutations-'));
try {
  let release = values.release;
  let archive = values.archive;
  if (!release || !archive) {
    const r = await buildSynthetic(await syntheticData(scratch, '0.1.0'), path.join(scratch, 'dist'));
    release = r.release!.path;
    archive = r.release!.archive;
  } else {
    // Mutated in place and restored: work on copies.
    const { cp } = await import('node:fs/promises');
    await cp(release, path.join(scratch, 'release'), { recursive: true });
    await cp(archive, path.join(scratch, path.basename(archive)));
    [release, archive] = [path.join(scratch, 'release'), path.join(scratch, path.basename(archive))];
  }
  const targets = new Map((await walkRelease(release, 10_000)).files);
  // The archive holds every file once more: as many cases on it as on all the folder's files.
  const archiveSize = (await stat(archive)).size;
  const random = seededRandom(seed);
  const outcomes: MutationOutcome[] = [];
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const onArchive = random() < 0.5;
    const m = randomMutation(random, onArchive ? new Map([['archive', archiveSize]]) : targets);
    outcomes.push(await runMutation(release, archive, m));
  }
  const seconds = (performance.now() - started) / 1000;
  const kind = (t: string) => (t === 'archive' ? 'archive' : t === 'datapackage.json' || t === 'SHA256SUMS' ? t : t.endsWith('.parquet') ? 'parquet' : t.endsWith('.csv') ? 'csv' : 'other files');
  const groups = new Map<string, { n: number; detected: number; crashed: number }>();
  for (const o of outcomes) {
    for (const key of [kind(o.mutation.target), o.mutation.op]) {
      const g = groups.get(key) ?? { n: 0, detected: 0, crashed: 0 };
      g.n++;
      if (o.detected) g.detected++;
      if (o.crashed) g.crashed++;
      groups.set(key, g);
    }
  }
  const detected = outcomes.filter((o) => o.detected).length;
  const crashed = outcomes.filter((o) => o.crashed).length;
  console.log(`verify mutations: ${runs} cases (seed ${seed}) in ${seconds.toFixed(1)} s (${(runs / seconds).toFixed(1)} cases/s)`);
  console.log(`detected ${detected}/${runs} (${((100 * detected) / runs).toFixed(2)}%), crashed ${crashed}`);
  for (const [key, g] of groups) console.log(`  ${key.padEnd(16)} ${String(g.n).padStart(6)} cases, ${g.detected} detected, ${g.crashed} crashed`);
  const codes = new Map<string, number>();
  for (const o of outcomes) for (const c of new Set(o.codes)) codes.set(c, (codes.get(c) ?? 0) + 1);
  console.log(`codes: ${[...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  for (const o of outcomes.filter((x) => !x.detected || x.crashed)) console.log(`MISSED ${JSON.stringify(o.mutation)} codes=${o.codes.join(',')} crashed=${o.crashed ?? ''}`);
  process.exitCode = detected === runs && crashed === 0 ? 0 : 1;
} finally {
  await rm(scratch, { recursive: true, force: true });
}
