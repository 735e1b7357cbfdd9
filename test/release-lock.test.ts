/**
 * Safety of the output folder: one build at a time (a lock naming its holder, taken over from a
 * dead or stale holder). A build killed midway by a real signal is in test/errors-catalogue.test.ts
 * (SIGKILL and SIGTERM while the release is written) and test/publish-faults.test.ts (at each
 * publish step).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BuildError } from '../src/issues.ts';
import { acquireLock, processStartTime, removeStaleGuards } from '../src/release/lock.ts';
import { lockStress } from './support/lock-stress.ts';
import { removeDir } from './helpers/fixtures.ts';
import { buildSynthetic, sharedSyntheticRelease, syntheticData } from './helpers/release.ts';

let dir: string;
let data: string;
let out: string;

before(async () => {
  // Release 0.1.0 of the synthetic page, copied from the run's shared build of these inputs: the tests build into it.
  const shared = await sharedSyntheticRelease('lock');
  dir = shared.dir;
  data = await syntheticData(dir, '0.1.0');
  out = path.join(dir, 'dist');
  await cp(path.dirname(shared.release), out, { recursive: true });
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

describe('taking over a stale lock', () => {
  it('records pid, host and the process start time; a recycled pid (another start time) is stale', async () => {
    const folder = path.join(dir, 'recycled');
    await mkdir(folder);
    const lock = await acquireLock(folder);
    const written = JSON.parse(await readFile(lock.file, 'utf8'));
    assert.deepEqual([written.pid, written.host, written.started], [process.pid, os.hostname(), processStartTime(process.pid)]);
    assert.match(written.started, /^\d{4}-\d\d-\d\dT/);
    await lock.release();
    // This process's pid, but a process that started at another time: not this one.
    await writeFile(path.join(folder, '.lock'), JSON.stringify({ pid: process.pid, host: os.hostname(), started: '2001-01-01T00:00:00.000Z' }) + '\n');
    const taken = await acquireLock(folder, process.ppid);
    await taken.release();
    assert.deepEqual(await readdir(folder), []);
  });

  it('a lock from another host, or one that cannot be read, is never taken over', async () => {
    const folder = path.join(dir, 'foreign');
    await mkdir(folder);
    await writeFile(path.join(folder, '.lock'), JSON.stringify({ pid: await deadPid(), host: 'another-host' }) + '\n');
    await assert.rejects(acquireLock(folder), (e: unknown) => e instanceof BuildError && /got build \d+ on another-host/.test(e.message));
    await writeFile(path.join(folder, '.lock'), 'not json');
    await assert.rejects(acquireLock(folder), (e: unknown) => e instanceof BuildError && /got an unreadable lock "not json"/.test(e.message));
  });

  it('a takeover guard left by a process killed mid-takeover is itself taken over, and cleaned as a leftover', async () => {
    const folder = path.join(dir, 'guard');
    await mkdir(folder);
    const stale = JSON.stringify({ pid: await deadPid(), host: os.hostname() }) + '\n';
    await writeFile(path.join(folder, '.lock'), stale);
    const { createHash } = await import('node:crypto');
    const guard = path.join(folder, `.lock.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`);
    await writeFile(guard, JSON.stringify({ pid: await deadPid(), host: os.hostname() }) + '\n');
    const lock = await acquireLock(folder);
    assert.deepEqual((await readdir(folder)).sort(), ['.lock']);
    // A guard of a dead process that is still lying around (its lock long gone) is removed by the holder.
    await writeFile(`${guard}x`, JSON.stringify({ pid: await deadPid(), host: os.hostname() }) + '\n');
    assert.deepEqual(await removeStaleGuards(folder), [path.basename(guard) + 'x']);
    await lock.release();
    assert.deepEqual(await readdir(folder), []);
  });

  // The full 1,000 trials: `npx tsx bench/lock-stress.ts` (README, Safety).
  it('150 trials of 9 concurrent takeovers (3 processes, 3 attempts each): exactly one holder every time', async () => {
    const r = await lockStress({ trials: 150, processes: 3, attemptsPerProcess: 3, inFlight: 6, dir: path.join(dir, 'stress') });
    assert.deepEqual(r.failures, []);
    assert.equal(r.passed, 150);
  });
});
