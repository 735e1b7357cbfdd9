/**
 * One build at a time per output folder: `<out>/.lock` is created exclusively and names its holder
 * (pid and host). A lock whose holder died (a killed build) is taken over; a live holder's is not.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BuildError } from '../issues.ts';

export const LOCK_FILE = '.lock';

interface Holder {
  pid: number;
  host: string;
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<{ text: string; holder: Holder | null } | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const h = JSON.parse(text);
    return { text, holder: Number.isInteger(h.pid) && typeof h.host === 'string' ? { pid: h.pid, host: h.host } : null };
  } catch {
    return { text, holder: null };
  }
}

export interface Lock {
  file: string;
  /** Removes the lock if it is still ours. */
  release(): Promise<void>;
}

/**
 * Takes `<outDir>/.lock`. Throws BuildError `release-locked` naming the holder when another live
 * build holds it; takes the lock over when its holder is gone (same host, no such process). A lock
 * from another host, or one that cannot be read, is never taken over: it says how to remove it.
 */
export async function acquireLock(outDir: string, pid: number = process.pid, host: string = os.hostname()): Promise<Lock> {
  const file = path.join(outDir, LOCK_FILE);
  const mine = JSON.stringify({ pid, host }) + '\n';
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, mine, { flag: 'wx' });
      return {
        file,
        async release() {
          const now = await readHolder(file);
          if (now?.text === mine) await rm(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const current = await readHolder(file);
    if (current === null) continue; // removed meanwhile: try again
    const h = current.holder;
    if (h && h.host === host && h.pid !== pid && !alive(h.pid)) {
      // Stale: re-read just before removing, so a lock taken meanwhile by a live build survives.
      if ((await readHolder(file))?.text === current.text) await rm(file, { force: true });
      continue;
    }
    const who = h ? `build ${h.pid} on ${h.host}` : `an unreadable lock ${JSON.stringify(current.text.slice(0, 80))}`;
    throw BuildError.of({
      code: 'release-locked',
      file: path.join(outDir, LOCK_FILE),
      what: `another build is writing ${outDir}`,
      expected: `no other build (wait for it to finish; if none is running, delete ${path.join(outDir, LOCK_FILE)})`,
      got: who,
    });
  }
  throw BuildError.of({ code: 'release-locked', file: path.join(outDir, LOCK_FILE), what: `could not take the lock of ${outDir}`, expected: 'the lock to be free', got: 'it kept changing hands' });
}
