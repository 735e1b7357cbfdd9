/**
 * Leftovers of killed processes: temporary folders in the output folder and in TMPDIR are removed
 * by the next build (or verify) when their process is gone, never while it runs.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from '../src/build.ts';
import { acquireLock } from '../src/release/lock.ts';
import { recoverOutput } from '../src/release/publish-state.ts';
import { verify } from '../src/release/verify.ts';
import { removeDeadTempFolders } from '../src/temp-folders.ts';
import { removeDir, tempDir } from './helpers/fixtures.ts';
import { buildSynthetic, syntheticData, syntheticRecover } from './helpers/release.ts';
import { deadPid } from './support/lock-stress.ts';

let dir: string;
before(async () => { dir = await tempDir('leftovers'); });
after(async () => { await removeDir(dir); });

/** Runs `fn` with TMPDIR (what os.tmpdir() returns) set to `tmp`. */
async function withTmp<T>(tmp: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/** Folders as killed builds and verifies leave them, one of a live process, and folders that are not ours. */
async function seedTmp(tmp: string): Promise<{ dead: string[]; kept: string[] }> {
  const gone = deadPid();
  const dead = [`jiaozuo-build-${gone}-a1B2c3`, `jiaozuo-verify-${gone}-Zz9yY8`];
  // Live: this process's (and its parent's); unknown owner: the old name without a pid; not ours.
  const kept = [`jiaozuo-build-${process.pid}-q1w2e3`, `jiaozuo-verify-${process.ppid}-r4t5y6`, 'jiaozuo-build-abc123', `other-${gone}-a1B2c3`];
  for (const name of [...dead, ...kept]) {
    await mkdir(path.join(tmp, name, 'sub'), { recursive: true });
    await writeFile(path.join(tmp, name, 'sub', 'spill.tmp'), 'x');
  }
  return { dead, kept };
}

describe('temporary folders in TMPDIR', () => {
  it('only those of dead processes are removed', async () => {
    const tmp = path.join(dir, 'tmp-unit');
    await mkdir(tmp);
    const { dead, kept } = await seedTmp(tmp);
    assert.deepEqual((await removeDeadTempFolders(tmp)).sort(), dead.sort());
    assert.deepEqual((await readdir(tmp)).sort(), kept.sort());
  });

  it('the next build removes them first and logs it; its own folder is gone when it ends', async () => {
    const tmp = path.join(dir, 'tmp-build');
    await mkdir(tmp);
    const { dead, kept } = await seedTmp(tmp);
    const data = await syntheticData(path.join(dir, 'build'), '0.1.0');
    const lines: string[] = [];
    const r = await withTmp(tmp, () => build({ dataDir: data, outDir: path.join(dir, 'build', 'dist'), recover: syntheticRecover() }, { log: (l) => lines.push(l), env: {} }));
    assert.equal(r.exit_code, 0, JSON.stringify(r.errors));
    assert.deepEqual(lines.filter((l) => l.startsWith('removed ')).sort(), dead.map((d) => `removed ${path.join(tmp, d)}, left by a process that is gone`).sort());
    assert.deepEqual((await readdir(tmp)).sort(), kept.sort());
  });

  it('so does the next verify', async () => {
    const tmp = path.join(dir, 'tmp-verify');
    await mkdir(tmp);
    const { kept } = await seedTmp(tmp);
    const out = path.join(dir, 'verify', 'dist');
    assert.equal((await buildSynthetic(await syntheticData(path.join(dir, 'verify'), '0.1.0'), out)).exit_code, 0);
    const report = await withTmp(tmp, () => verify(path.join(out, '0.1.0')));
    assert.equal(report.ok, true, JSON.stringify(report.errors));
    assert.deepEqual((await readdir(tmp)).sort(), kept.sort());
  });
});

describe('temporary files in the output folder', () => {
  it('a dead build\'s .tmp-<pid> folder and <file>.tmp-<pid> files are removed, a live one\'s are not', async () => {
    const out = path.join(dir, 'out');
    const gone = deadPid();
    await mkdir(path.join(out, `.tmp-${gone}`, '0.2.0'), { recursive: true });
    await mkdir(path.join(out, `.tmp-${process.ppid}`, '0.2.0'), { recursive: true });
    await writeFile(path.join(out, `latest.json.tmp-${gone}`), '{');
    await writeFile(path.join(out, `latest.json.tmp-${process.ppid}`), '{');
    const lock = await acquireLock(out);
    try {
      const actions = await recoverOutput(out, {});
      assert.deepEqual(actions.map((a) => [a.action, a.path]).sort(), [['leftover-removed', `.tmp-${gone}`], ['leftover-removed', `latest.json.tmp-${gone}`]]);
    } finally {
      await lock.release();
    }
    assert.deepEqual((await readdir(out)).sort(), [`.tmp-${process.ppid}`, `latest.json.tmp-${process.ppid}`]);
  });
});
