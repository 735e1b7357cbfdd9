/**
 * Concurrent takeovers of a stale lock, counted: the harness behind test/release-lock.test.ts and
 * bench/lock-stress.ts. Each trial is a folder holding a `.lock` of a dead process; every contender
 * (several child processes, several attempts at once in each) calls acquireLock on it at the same
 * moment and keeps what it got until every contender of the trial has answered, so a second holder
 * could not hide behind the first one's release. A trial passes when exactly one contender holds
 * the lock and every other got `release-locked`.
 *
 * Run as a child (`fork` of this file), it answers `{ trial, dir, attempts }` messages with
 * `{ trial, held, locked, other }` and releases its locks on `{ release: trial }`.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildError } from '../../src/issues.ts';
import { acquireLock, LOCK_FILE, type Lock } from '../../src/release/lock.ts';

interface TrialMessage { trial: number; dir: string; attempts: number }
interface ReleaseMessage { release: number }
export interface TrialAnswer { trial: number; held: number; locked: number; other: string[] }

export interface StressOptions {
  /** Trials, each on its own stale lock. */
  trials: number;
  /** Child processes contending. */
  processes: number;
  /** Attempts at once in each child process. */
  attemptsPerProcess: number;
  /** Trials run at the same time (each still waits for all its contenders). */
  inFlight: number;
  /** Folder for the trial folders. */
  dir: string;
}

export interface StressResult {
  trials: number;
  contenders: number;
  /** Trials with exactly one holder and every other contender refused. */
  passed: number;
  /** Trials with no holder, or more than one, or another error: at most 10 shown. */
  failures: { trial: number; held: number; other: string[] }[];
  failed: number;
  seconds: number;
}

/** A pid no process has: a child that has exited. */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/** Runs the trials; resolves with the counts (never throws for a failed trial). */
export async function lockStress(options: StressOptions): Promise<StressResult> {
  const started = performance.now();
  const children: ChildProcess[] = [];
  for (let i = 0; i < options.processes; i++) {
    children.push(fork(fileURLToPath(import.meta.url), ['--child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }
  const pending = new Map<number, { answers: TrialAnswer[]; done: (a: TrialAnswer[]) => void }>();
  for (const child of children) {
    child.on('message', (m: TrialAnswer) => {
      const p = pending.get(m.trial)!;
      p.answers.push(m);
      if (p.answers.length === children.length) p.done(p.answers);
    });
  }
  const dead = deadPid();
  const host = os.hostname();
  const result: StressResult = { trials: options.trials, contenders: options.processes * options.attemptsPerProcess, passed: 0, failures: [], failed: 0, seconds: 0 };
  const runTrial = async (trial: number) => {
    const dir = path.join(options.dir, `trial-${trial}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: dead, host }) + '\n');
    const answers = await new Promise<TrialAnswer[]>((done) => {
      pending.set(trial, { answers: [], done });
      for (const child of children) child.send({ trial, dir, attempts: options.attemptsPerProcess } satisfies TrialMessage);
    });
    pending.delete(trial);
    for (const child of children) child.send({ release: trial } satisfies ReleaseMessage);
    const held = answers.reduce((n, a) => n + a.held, 0);
    const locked = answers.reduce((n, a) => n + a.locked, 0);
    const other = answers.flatMap((a) => a.other);
    if (held === 1 && locked === result.contenders - 1 && other.length === 0) result.passed++;
    else {
      result.failed++;
      if (result.failures.length < 10) result.failures.push({ trial, held, other });
    }
  };
  let next = 0;
  const lanes = Array.from({ length: Math.min(options.inFlight, options.trials) }, async () => {
    while (next < options.trials) await runTrial(next++);
  });
  try {
    await Promise.all(lanes);
  } finally {
    for (const child of children) child.disconnect();
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** The child: contends for each trial's lock with several attempts at once. */
function child(): void {
  const held = new Map<number, Lock[]>();
  process.on('message', async (m: TrialMessage | ReleaseMessage) => {
    if ('release' in m) {
      for (const lock of held.get(m.release) ?? []) await lock.release();
      held.delete(m.release);
      return;
    }
    const outcomes = await Promise.all(Array.from({ length: m.attempts }, () => acquireLock(m.dir).then(
      (lock) => ({ lock, error: null as string | null }),
      (e: unknown) => ({ lock: null, error: e instanceof BuildError && e.issues[0].code === 'release-locked' && !/changing hands/.test(e.message) ? null : String((e as Error).message ?? e) }),
    )));
    const locks = outcomes.flatMap((o) => (o.lock ? [o.lock] : []));
    held.set(m.trial, locks);
    process.send!({ trial: m.trial, held: locks.length, locked: outcomes.filter((o) => !o.lock && o.error === null).length, other: outcomes.flatMap((o) => (o.error ? [o.error] : [])) } satisfies TrialAnswer);
  });
}

if (process.argv.includes('--child')) child();
