/**
 * CPU seconds the calling thread has run, for the page stages' timings. Wall time on a thread
 * also counts the time other processes hold the cores: on a shared 2-core machine it doubled the
 * page stages' figures from one run to the next, while the work was the same.
 *
 * On Linux this is the first field of /proc/thread-self/schedstat (nanoseconds on a CPU), read
 * through a descriptor opened once per thread (about 1 µs a read; it is bound to the thread that
 * opened it, so every worker thread opens its own). Where that file is missing, wall-clock seconds.
 */
import { openSync, readSync } from 'node:fs';

let schedstat: number | null | undefined;
const buffer = Buffer.alloc(64);

export function threadSeconds(): number {
  if (schedstat === undefined) {
    try {
      schedstat = openSync('/proc/thread-self/schedstat', 'r');
      readSchedstat(schedstat);
    } catch {
      schedstat = null;
    }
  }
  if (schedstat !== null) {
    try {
      return readSchedstat(schedstat);
    } catch {
      schedstat = null; // never expected; timings are figures, not worth failing a page for
    }
  }
  return performance.now() / 1000;
}

function readSchedstat(fd: number): number {
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  const ns = parseInt(buffer.toString('latin1', 0, n), 10);
  if (!Number.isFinite(ns)) throw new Error('unreadable schedstat');
  return ns / 1e9;
}
