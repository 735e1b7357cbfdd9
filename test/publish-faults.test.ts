/**
 * Fault injection at every publish step (PUBLISH_STEPS, src/release/publish-state.ts), the way
 * SQLite tests itself: at each step, once a failure (the hook throws ENOSPC, as a full disk would)
 * and once a kill (a child process sends itself SIGKILL at that step, so none of its cleanup runs).
 * After each: the output folder is consistent (version 0.2.0 absent, or complete and byte for byte
 * the clean build's; 0.1.0 untouched; every pointer names a complete release; an archive without
 * its folder only with the intent that finishes it), and the report says what is on disk. Then
 * the build is run again: it succeeds, says what it recovered, and the whole folder (pointers and
 * root files included) equals a clean build's bytes.
 *
 * One fixture is built once (0.1.0, then a clean 0.2.0 on a copy); each case copies it. Failures
 * are injected in this process: at `stage` through the whole build, at the later steps through what
 * the build does once the release is staged (publishStaged), which is also how they are published
 * again. Kills run that in a child process, and the whole build runs again after each. Cases run
 * four at a time.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BuildOptions, BuildReport } from '../src/build.ts';
import { bundleJavaScript } from '../src/pipeline/worker-bundle.ts';
import { BuildError } from '../src/issues.ts';
import { acquireLock } from '../src/release/lock.ts';
import { commitRelease, INTENT_FILE, PUBLISH_STEPS, recoverOutput, type CommitResult, type PublishStep, type RecoveryAction } from '../src/release/publish-state.ts';
import { hashTree, PAGE_TEXT, removeDir, REPO, tempDir } from './helpers/fixtures.ts';
import { buildSynthetic, syntheticData } from './helpers/release.ts';

const ARCHIVE_1 = 'jiaozuo-daily-epidemic-0.1.0.zip';
const ARCHIVE_2 = 'jiaozuo-daily-epidemic-0.2.0.zip';
/** The steps at and after which the release folder is in place. */
const PUBLISHED_FROM = PUBLISH_STEPS.indexOf('root descriptor');

let dir: string;
/** The 0.2.0 inputs: the 0.1.0 page and one more. */
let data: string;
/** A case folder holding `dist/` with release 0.1.0 and the root datapackage.json and CHANGELOG.md. */
let base: string;
let baseHashes: Record<string, string>;
/** A copy of `base` after a clean build of 0.2.0, and its hashes. */
let clean: string;
let cleanHashes: Record<string, string>;
/** Holds `0.2.0/` and its archive, copied from the clean build. */
let staged: string;
let caseNo = 0;

const root = (caseDir: string): Partial<BuildOptions> => ({ rootDescriptor: path.join(caseDir, 'datapackage.json'), rootChangelog: path.join(caseDir, 'CHANGELOG.md') });
const buildCase = (caseDir: string, inputs: string, extra: Partial<BuildOptions> = {}): Promise<BuildReport> => buildSynthetic(inputs, path.join(caseDir, 'dist'), { ...root(caseDir), ...extra });

before(async () => {
  dir = await tempDir('faults');
  base = path.join(dir, 'base');
  const first = await buildCase(base, await syntheticData(path.join(dir, 'in-1'), '0.1.0'));
  assert.equal(first.exit_code, 0, JSON.stringify(first.errors));
  baseHashes = await hashTree(base);
  data = await syntheticData(path.join(dir, 'in-2'), '0.2.0', { 'p01_test.txt': PAGE_TEXT, 'p02_test.txt': PAGE_TEXT });
  clean = await newCase();
  const second = await buildCase(clean, data);
  assert.equal(second.exit_code, 0, JSON.stringify(second.errors));
  cleanHashes = await hashTree(clean);
  // The clean build's 0.2.0 as a publish stages it.
  staged = path.join(dir, 'staged');
  await cp(path.join(clean, 'dist', '0.2.0'), path.join(staged, '0.2.0'), { recursive: true });
  await cp(path.join(clean, 'dist', ARCHIVE_2), path.join(staged, ARCHIVE_2));
  assert.ok(cleanHashes[`dist/${ARCHIVE_2}`] && cleanHashes['dist/0.2.0/datapackage.json']);
});
after(async () => { await removeDir(dir); });

async function newCase(): Promise<string> {
  const caseDir = path.join(dir, `case-${++caseNo}`);
  await cp(base, caseDir, { recursive: true });
  return caseDir;
}

const pick = (hashes: Record<string, string>, keep: (f: string) => boolean) => Object.fromEntries(Object.entries(hashes).filter(([f]) => keep(f)));
const ofVersion = (v: string, archive: string) => (f: string) => f.startsWith(`dist/${v}/`) || f === `dist/${archive}`;

/** The consistency every state must have, whatever step the publish stopped at. */
async function assertConsistent(caseDir: string): Promise<void> {
  const h = await hashTree(caseDir);
  const names = await readdir(path.join(caseDir, 'dist'));
  assert.deepEqual(pick(h, ofVersion('0.1.0', ARCHIVE_1)), pick(baseHashes, ofVersion('0.1.0', ARCHIVE_1)), 'the earlier release changed');
  const published = names.includes('0.2.0');
  if (published) {
    assert.deepEqual(pick(h, ofVersion('0.2.0', ARCHIVE_2)), pick(cleanHashes, ofVersion('0.2.0', ARCHIVE_2)), '0.2.0 is visible but not complete');
  } else if (names.includes(ARCHIVE_2)) {
    assert.ok(names.includes(INTENT_FILE), 'an archive without its folder and nothing to finish it');
    assert.equal(h[`dist/${ARCHIVE_2}`], cleanHashes[`dist/${ARCHIVE_2}`]);
  }
  for (const f of ['dist/latest.json', 'datapackage.json', 'CHANGELOG.md']) {
    assert.ok(h[f] === baseHashes[f] || (published && h[f] === cleanHashes[f]), `${f} names no complete release`);
  }
  for (const n of names) assert.ok(['0.1.0', '0.2.0', ARCHIVE_1, ARCHIVE_2, 'latest.json', '.lock', INTENT_FILE].includes(n) || /^\.tmp-\d+$/.test(n), `unexpected ${n}`);
}

/** Builds again without a fault: succeeds, and the folder is the clean build's, byte for byte and file for file. */
async function rerun(caseDir: string, recovered: (a: RecoveryAction[]) => void): Promise<void> {
  const r = await buildCase(caseDir, data);
  assert.equal(r.exit_code, 0, JSON.stringify(r.errors));
  assert.deepEqual(await hashTree(caseDir), cleanHashes);
  recovered(r.recovered ?? []);
}

const enospc = (step: string) => Object.assign(new Error(`ENOSPC: no space left on device, write (injected at ${step})`), { errno: -28, code: 'ENOSPC', syscall: 'write' });
const actions = (a: RecoveryAction[]) => a.map((x) => `${x.action} ${x.version ?? x.path.replace(/\d+$/, 'PID')}`);

/**
 * What publishRelease does once the release is written, in this process, with the clean build's
 * 0.2.0 as the staged release: lock, recover, stage (a copy), commit, clean up.
 */
async function publishStaged(caseDir: string, fault?: (s: PublishStep) => void): Promise<CommitResult & { recovered: RecoveryAction[] }> {
  const out = path.join(caseDir, 'dist');
  const lock = await acquireLock(out);
  const staging = path.join(out, `.tmp-${process.pid}`);
  const rootOutputs = { descriptor: path.join(caseDir, 'datapackage.json'), changelog: path.join(caseDir, 'CHANGELOG.md') };
  try {
    const recovered = await recoverOutput(out, rootOutputs);
    await cp(path.join(staged, '0.2.0'), path.join(staging, '0.2.0'), { recursive: true });
    await cp(path.join(staged, ARCHIVE_2), path.join(staging, ARCHIVE_2));
    return { ...(await commitRelease({ outDir: out, staging, version: '0.2.0', archive: ARCHIVE_2, root: rootOutputs, fault })), recovered };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await lock.release();
  }
}

describe('a failure injected at each publish step (the hook throws ENOSPC)', { concurrency: 4 }, () => {
  it('stage (the whole build): write-failed, exit 2, the folder exactly as before; the build run again equals a clean build', async () => {
    const caseDir = await newCase();
    await assert.rejects(buildCase(caseDir, data, { publishFault: (s) => { if (s === 'stage') throw enospc(s); } }),
      (e: unknown) => e instanceof BuildError && e.issues[0].code === 'write-failed' && e.issues[0].message.includes('injected at stage'));
    assert.deepEqual(await hashTree(caseDir), baseHashes);
    assert.deepEqual((await readdir(path.join(caseDir, 'dist'))).sort(), ['0.1.0', ARCHIVE_1, 'latest.json']);
    await rerun(caseDir, (a) => assert.deepEqual(actions(a), []));
  });

  for (const [k, step] of PUBLISH_STEPS.entries()) {
    if (step === 'stage') continue;
    it(`${step}: ${k < PUBLISHED_FROM ? 'the error, nothing published, the folder exactly as before' : 'the release reported with publish-incomplete, the pointers finished by the next publish'}; published again, it equals a clean build`, async () => {
      const caseDir = await newCase();
      const fault = (s: PublishStep) => { if (s === step) throw enospc(s); };
      if (k < PUBLISHED_FROM) {
        await assert.rejects(publishStaged(caseDir, fault), (e: unknown) => (e as Error).message.includes(`injected at ${step}`));
        assert.deepEqual(await hashTree(caseDir), baseHashes);
        assert.deepEqual((await readdir(path.join(caseDir, 'dist'))).sort(), ['0.1.0', ARCHIVE_1, 'latest.json']);
      } else {
        const r = await publishStaged(caseDir, fault);
        assert.equal(r.status, 'created');
        assert.deepEqual(r.issues.map((e) => e.code), ['publish-incomplete']);
        assert.match(r.issues[0].message, /^release 0\.2\.0 is published in .* with its archive, but (writing|removing) .* failed; the next build finishes it/);
        await assertConsistent(caseDir);
        assert.ok((await readdir(path.join(caseDir, 'dist'))).includes(INTENT_FILE));
      }
      const again = await publishStaged(caseDir);
      assert.deepEqual([again.status, again.issues, actions(again.recovered)], k < PUBLISHED_FROM ? ['created', [], []] : ['unchanged', [], ['finished 0.2.0']]);
      assert.deepEqual(await hashTree(caseDir), cleanHashes);
    });
  }
});

const KILL_SCRIPT = path.join(REPO, 'test/support/publish-killed.ts');
/** The bundle of KILL_SCRIPT, in node_modules/.cache so that the packages it imports resolve; removed after the tests. */
const KILL_BUNDLE = path.join(REPO, 'node_modules', '.cache', `publish-killed-${process.pid}.mjs`);
let killScript: Promise<string[]> | undefined;
after(async () => { await rm(KILL_BUNDLE, { force: true }); });

/**
 * How to start test/support/publish-killed.ts: bundled into one plain JavaScript file as the page
 * workers are (bundleJavaScript), so that each child starts without tsx (about a second of CPU
 * less each); the TypeScript through tsx when the bundle cannot be made. The code run is the same
 * either way.
 */
function killCommand(): Promise<string[]> {
  killScript ??= (async () => {
    try {
      const code = await bundleJavaScript(KILL_SCRIPT);
      await mkdir(path.dirname(KILL_BUNDLE), { recursive: true });
      await writeFile(KILL_BUNDLE, code);
      return [KILL_BUNDLE];
    } catch {
      return ['--import', 'tsx', KILL_SCRIPT];
    }
  })();
  return killScript;
}

/** Runs test/support/publish-killed.ts, which kills itself at `step`; resolves with the signal it died of. */
async function killedAt(caseDir: string, staged: string, step: PublishStep): Promise<string | null> {
  const args = [path.join(caseDir, 'dist'), staged, '0.2.0', ARCHIVE_2, path.join(caseDir, 'datapackage.json'), path.join(caseDir, 'CHANGELOG.md'), step];
  const child = spawn(process.execPath, [...(await killCommand()), ...args], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve(signal ?? `exit ${code}: ${stderr}`)));
}

/** What the next build reports having recovered after a kill at each step. */
const AFTER_KILL: Record<PublishStep, string[]> = {
  stage: ['leftover-removed .tmp-PID'],
  intent: ['leftover-removed .tmp-PID'],
  archive: ['finished 0.2.0', 'leftover-removed .tmp-PID'],
  folder: ['finished 0.2.0', 'leftover-removed .tmp-PID'],
  'root descriptor': ['finished 0.2.0', 'leftover-removed .tmp-PID'],
  'root changelog': ['finished 0.2.0', 'leftover-removed .tmp-PID'],
  latest: ['finished 0.2.0', 'leftover-removed .tmp-PID'],
  finish: ['finished 0.2.0', 'leftover-removed .tmp-PID'],
};

/** Kills after which the whole build runs again (one per kind of state); after the others, publishStaged (cheaper). */
const FULL_RERUN = new Set<PublishStep>(['stage', 'folder', 'latest']);

describe('a kill at each publish step (SIGKILL, a child process)', { concurrency: 4 }, () => {
  for (const step of PUBLISH_STEPS) {
    it(`${step}: consistent after the kill; the next ${FULL_RERUN.has(step) ? 'build' : 'publish'} recovers (${AFTER_KILL[step].join(', ')}) and equals a clean build`, async () => {
      const caseDir = await newCase();
      assert.equal(await killedAt(caseDir, staged, step), 'SIGKILL');
      await assertConsistent(caseDir);
      const left = await readdir(path.join(caseDir, 'dist'));
      assert.ok(left.includes('.lock') && left.some((n) => /^\.tmp-\d+$/.test(n)), left.join());
      if (FULL_RERUN.has(step)) await rerun(caseDir, (a) => assert.deepEqual(actions(a), AFTER_KILL[step]));
      else {
        const again = await publishStaged(caseDir);
        assert.deepEqual([again.status, again.issues, actions(again.recovered)], [AFTER_KILL[step].includes('finished 0.2.0') ? 'unchanged' : 'created', [], AFTER_KILL[step]]);
        assert.deepEqual(await hashTree(caseDir), cleanHashes);
      }
    });
  }
});

describe('recovery of older states', () => {
  it('a release folder without its archive (the old order, killed between its two renames): the archive is written again, byte-identical', async () => {
    const caseDir = await newCase();
    const out = path.join(caseDir, 'dist');
    await rm(path.join(out, ARCHIVE_1));
    const lock = await acquireLock(out);
    const lines: string[] = [];
    try {
      assert.deepEqual(actions(await recoverOutput(out, {}, (l) => lines.push(l))), ['archive-rebuilt 0.1.0']);
    } finally {
      await lock.release();
    }
    assert.deepEqual(lines, [`recovered: release 0.1.0 had no archive: wrote ${ARCHIVE_1} again from its folder`]);
    assert.deepEqual(await hashTree(caseDir), baseHashes);
  });

  it('an intent whose staged files are gone and whose folder never appeared is undone (its archive removed)', async () => {
    const caseDir = await newCase();
    const out = path.join(caseDir, 'dist');
    await writeFile(path.join(out, INTENT_FILE), JSON.stringify({ version: '0.2.0', archive: ARCHIVE_2, staging: '.tmp-999999999', pid: 999999999, host: 'h', started: null }));
    await writeFile(path.join(out, ARCHIVE_2), 'a partial archive');
    const lock = await acquireLock(out);
    try {
      assert.deepEqual(actions(await recoverOutput(out, {})), ['rolled-back 0.2.0']);
    } finally {
      await lock.release();
    }
    assert.deepEqual(await hashTree(caseDir), baseHashes);
  });

  it('an interrupted publish the build cannot finish (latest.json cannot be replaced): publish-recovery-failed, exit 2, before any other work', async () => {
    const caseDir = await newCase();
    const out = path.join(caseDir, 'dist');
    await writeFile(path.join(out, INTENT_FILE), JSON.stringify({ version: '0.1.0', archive: ARCHIVE_1, staging: '.tmp-999999999', pid: 999999999, host: 'h', started: null }));
    await rm(path.join(out, 'latest.json'));
    await mkdir(path.join(out, 'latest.json'));
    await assert.rejects(buildCase(caseDir, data), (e: unknown) => {
      assert.ok(e instanceof BuildError);
      assert.equal(e.issues[0].code, 'publish-recovery-failed');
      assert.match(e.issues[0].message, /^could not finish or undo an interrupted publish in .*; nothing else was done: expected room and permission to write in .*, got EISDIR: illegal operation on a directory, rename/);
      return true;
    });
    assert.ok((await readdir(out)).includes(INTENT_FILE), 'the intent stays for the next build');
  });

  it('an unreadable intent stops the build with invalid-publish-intent (exit 2), touching nothing', async () => {
    const caseDir = await newCase();
    const out = path.join(caseDir, 'dist');
    await writeFile(path.join(out, INTENT_FILE), '{"version": "../x"');
    const before_ = await hashTree(caseDir);
    await assert.rejects(buildCase(caseDir, data), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'invalid-publish-intent'
      && e.issues[0].message.startsWith('the record of an interrupted publish cannot be read, so it can be neither finished nor undone: expected JSON naming'));
    assert.deepEqual(await hashTree(caseDir), before_);
  });
});
