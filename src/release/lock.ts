/**
 * One build at a time per output folder: `<out>/.lock` is created exclusively (O_EXCL) and names its
 * holder: pid, host, the process's start time and a random nonce (so no two locks ever have the same
 * bytes). A lock whose holder died (a killed build) is taken over; a live holder's is not.
 *
 * Taking over a stale lock is the racy part: several builds may find the same dead holder at once,
 * and a plain "read, see it is stale, delete" lets one of them delete the lock another has just
 * created. So a stale file is removed only under a guard: `<file>.takeover-<hash of its bytes>`,
 * created exclusively. Whoever creates the guard re-reads the file and deletes it only when it
 * still holds exactly the stale bytes; nobody else can delete it meanwhile (only a guard holder
 * deletes a stale lock, and the guard is exclusive), and the bytes cannot come back (the nonce).
 * Then everyone races for the exclusive create again, which exactly one wins. A guard whose own
 * holder died is itself a stale file, removed by the same rule one level up.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BuildError } from '../issues.ts';

export const LOCK_FILE = '.lock';
const GUARD = '.takeover-';

/** Who holds a lock (or a guard). */
export interface Holder {
  pid: number;
  host: string;
  /** When the process started (ISO), so a recycled pid is not taken for the holder; null when unknown. */
  started: string | null;
}

let bootTime: number | null | undefined;

/**
 * When process `pid` started, from /proc (Linux): the boot time plus its start in clock ticks
 * (100 per second on Linux). Null where there is no /proc or no such process.
 */
export function processStartTime(pid: number): string | null {
  try {
    if (bootTime === undefined) bootTime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? NaN) * 1000;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after its last ')' start at field 3.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    if (!Number.isFinite(bootTime) || !Number.isFinite(ticks)) return null;
    return new Date(bootTime! + ticks * 10).toISOString();
  } catch {
    return null;
  }
}

/** Whether the holder still runs on this machine: its pid exists (EPERM: as another user) and, when both are known, started when it says. */
export function holderAlive(h: Holder): boolean {
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (h.started === null) return true;
  const actual = processStartTime(h.pid);
  return actual === null || actual === h.started;
}

/** Whether a process with this pid runs on this machine (for leftovers named by pid alone). */
export function pidAlive(pid: number): boolean {
  return holderAlive({ pid, host: os.hostname(), started: null });
}

function parseHolder(text: string): Holder | null {
  try {
    const h = JSON.parse(text);
    if (!Number.isInteger(h.pid) || typeof h.host !== 'string') return null;
    return { pid: h.pid, host: h.host, started: typeof h.started === 'string' ? h.started : null };
  } catch {
    return null;
  }
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Creates `file` with `text` unless it exists; false when it does. */
async function createExclusive(file: string, text: string): Promise<boolean> {
  try {
    await writeFile(file, text, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** Stale: a readable holder on this host whose process is gone. Another host's or an unreadable lock never is. */
function isStale(text: string, host: string): boolean {
  const h = parseHolder(text);
  return h !== null && h.host === host && !holderAlive(h);
}

const guardOf = (file: string, text: string) => `${file}${GUARD}${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;

/**
 * Deletes `file` if it still holds exactly `staleText` (bytes of a dead holder), under the guard
 * described above; `me` is written into the guard. Returns false, deleting nothing, when another
 * live process holds the guard (it is doing the same); true otherwise. Depth bounds the guards of
 * dead guards.
 */
async function removeStale(file: string, staleText: string, me: string, host: string, depth = 0): Promise<boolean> {
  const guard = guardOf(file, staleText);
  if (await createExclusive(guard, me)) {
    await removeGuarded(file, staleText, guard);
    return true;
  }
  const holder = await readText(guard);
  if (holder === null) return true; // that takeover just finished
  // A guard left by a process that died while taking over: removed the same way, one level up.
  if (depth < 4 && isStale(holder, host)) return removeStale(guard, holder, me, host, depth + 1);
  return false;
}

async function removeGuarded(file: string, staleText: string, guard: string): Promise<void> {
  try {
    if ((await readText(file)) === staleText) await unlink(file).catch((e) => { if (e.code !== 'ENOENT') throw e; });
  } finally {
    await rm(guard, { force: true });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a build waits for another process's takeover of a stale lock to finish (it takes milliseconds). */
const TAKEOVER_WAIT_MS = 5000;

export interface Lock {
  file: string;
  holder: Holder;
  /** Removes the lock if it is still ours. */
  release(): Promise<void>;
}

function locked(outDir: string, got: string, what = `another build is writing ${outDir}`): BuildError {
  const file = path.join(outDir, LOCK_FILE);
  return BuildError.of({ code: 'release-locked', file, what, expected: `no other build (wait for it to finish; if none is running, delete ${file})`, got });
}

/**
 * Takes `<outDir>/.lock`. Throws BuildError `release-locked` naming the holder when another live
 * build holds it; takes the lock over when its holder is gone (same host, no such process, or the
 * pid now belongs to a process that started later). A lock from another host, or one that cannot
 * be read, is never taken over: the message says how to remove it. `pid` is for tests that stand
 * in for other processes.
 */
export async function acquireLock(outDir: string, pid: number = process.pid, host: string = os.hostname()): Promise<Lock> {
  const file = path.join(outDir, LOCK_FILE);
  const holder: Holder = { pid, host, started: processStartTime(pid) };
  const mine = JSON.stringify({ ...holder, nonce: randomBytes(8).toString('hex') }) + '\n';
  const deadline = Date.now() + TAKEOVER_WAIT_MS;
  while (Date.now() < deadline) {
    if (await createExclusive(file, mine)) {
      return {
        file,
        holder,
        async release() {
          // Only a guard holder deletes another's lock, and only a dead one's: ours cannot change under us.
          if ((await readText(file)) === mine) await rm(file, { force: true });
        },
      };
    }
    const current = await readText(file);
    if (current === null) continue; // released meanwhile: try again
    if (isStale(current, host)) {
      // Another process taking it over: give it a moment, then look again.
      if (!(await removeStale(file, current, mine, host))) await sleep(5);
      continue;
    }
    const h = parseHolder(current);
    throw locked(outDir, h ? `build ${h.pid} on ${h.host}` : `an unreadable lock ${JSON.stringify(current.slice(0, 80))}`);
  }
  throw locked(outDir, 'it kept changing hands', `could not take the lock of ${outDir}`);
}

/**
 * Guards left in `outDir` by processes that died while taking a lock over, removed by the same
 * rule (only if still dead and unchanged). Called by the lock holder when cleaning leftovers.
 */
export async function removeStaleGuards(outDir: string, host: string = os.hostname()): Promise<string[]> {
  const removed: string[] = [];
  const me = JSON.stringify({ pid: process.pid, host, started: processStartTime(process.pid), nonce: randomBytes(8).toString('hex') }) + '\n';
  for (const name of await readdir(outDir).catch(() => [] as string[])) {
    if (!name.startsWith(LOCK_FILE + GUARD)) continue;
    const file = path.join(outDir, name);
    const text = await readText(file);
    if (text === null || !isStale(text, host)) continue;
    await removeStale(file, text, me, host);
    if ((await readText(file)) === null) removed.push(name);
  }
  return removed;
}
