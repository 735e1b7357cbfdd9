/**
 * Safety of the output folder: one build at a time (a lock naming its holder), and a build killed
 * midway by a real signal leaves the earlier releases intact and the next build succeeds.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BuildError } from '../src/issues.ts';
import { acquireLock } from '../src/release/lock.ts';
import { hashTree, PAGE_TEXT, removeDir, REPO, tempDir } from './helpers/fixtures.ts';
import { buildSynthetic, setVersion, syntheticData } from './helpers/release.ts';

let dir: string;
let data: string;
let out: string;

before(async () => {
  dir = await tempDir('lock');
  data = await syntheticData(dir, '0.1.0');
  out = path.join(dir, 'dist');
  const r = await buildSynthetic(data, out);
  assert.equal(r.exit_code, 0, JSON.stringify(r.errors));
});
after(async () => { await removeDir(dir); });

/** A pid that is certainly not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('the lock', () => {
  it('a live holder stops another build, which names it and says how to proceed', async () => {
    const held = path.join(dir, 'held');
    await mkdir(held);
    const lockFile = path.join(held, '.lock');
    await writeFile(lockFile, JSON.stringify({ pid: process.pid, host: os.hostname() }) + '\n');
    await assert.rejects(buildSynthetic(data, held), (e: unknown) => {
      assert.ok(e instanceof BuildError);
      assert.equal(e.issues[0].code, 'release-locked');
      assert.equal(e.issues[0].message, `another build is writing ${held}: expected no other build (wait for it to finish; if none is running, delete ${lockFile}), got build ${process.pid} on ${os.hostname()} (${lockFile})`);
      return true;
    });
    assert.deepEqual(await readdir(held), ['.lock'], 'nothing was written');
  });

  it('a second acquire in the same folder fails until the first is released', async () => {
    const folder = path.join(dir, 'twice');
    await mkdir(folder);
    const first = await acquireLock(folder, process.pid);
    const other = process.ppid; // a live process that is not this one
    await assert.rejects(acquireLock(folder, other), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'release-locked');
    await first.release();
    const second = await acquireLock(folder, other);
    await second.release();
    assert.deepEqual(await readdir(folder), []);
  });

  it('a lock left by a dead build is taken over, with its temporary folder', async () => {
    const stale = path.join(dir, 'stale');
    await mkdir(path.join(stale, '.tmp-999999999', '0.1.0'), { recursive: true });
    await writeFile(path.join(stale, '.lock'), JSON.stringify({ pid: await deadPid(), host: os.hostname() }) + '\n');
    const r = await buildSynthetic(data, stale);
    assert.equal(r.exit_code, 0, JSON.stringify(r.errors));
    assert.deepEqual((await readdir(stale)).sort(), ['0.1.0', 'jiaozuo-daily-epidemic-0.1.0.zip', 'latest.json']);
  });
});

describe('a build killed midway (SIGKILL to a child process)', () => {
  it('leaves the previous release intact, publishes nothing, and the next build succeeds', async () => {
    const previous = await hashTree(out);
    await setVersion(data, '0.2.0');
    await writeFile(path.join(data, 'raw/p02_test.txt'), PAGE_TEXT);
    await writeFile(path.join(data, 'manifest.csv'), (await readFile(path.join(data, 'manifest.csv'), 'utf8')) + 'p02_test.txt,焦作日报,2022-01-28,,,,test page\n');

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/support/build-synthetic.ts'), data, out], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const tmp = `.tmp-${child.pid}`;
    // Kill it as soon as its temporary release folder appears: the release is being written.
    const killed = await new Promise<boolean>((resolve) => {
      const done = (v: boolean) => { watcher.close(); clearInterval(poll); resolve(v); };
      const check = () => { if (existsSync(path.join(out, tmp))) { child.kill('SIGKILL'); done(true); } };
      const watcher = watch(out, check);
      const poll = setInterval(check, 2);
      child.on('exit', () => done(false));
    });
    assert.ok(killed, `the build finished before it could be killed: ${stderr}`);
    const [, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    assert.equal(signal, 'SIGKILL');

    // Left behind: the lock of a dead process and its temporary folder; nothing else changed.
    const left = await readdir(out);
    assert.ok(left.includes('.lock') && left.includes(tmp), left.join());
    assert.ok(!left.includes('0.2.0'));
    const after_ = await hashTree(out);
    for (const [file, hash] of Object.entries(previous)) assert.equal(after_[file], hash, file);

    const next = await buildSynthetic(data, out);
    assert.equal(next.exit_code, 0, JSON.stringify(next.errors));
    assert.equal(next.release?.version, '0.2.0');
    assert.deepEqual((await readdir(out)).sort(), ['0.1.0', '0.2.0', 'jiaozuo-daily-epidemic-0.1.0.zip', 'jiaozuo-daily-epidemic-0.2.0.zip', 'latest.json']);
    const final = await hashTree(out);
    for (const file of Object.keys(previous).filter((f) => f.startsWith('0.1.0/') || f.endsWith('-0.1.0.zip'))) assert.equal(final[file], previous[file], file);
  });
});
