/**
 * A deflate worker of writeArchive (archive.ts): takes the next job from the shared counter (the
 * jobs come largest first), deflates its file into its part file with streamEntry, the routine the
 * main thread uses too, and posts the CRC-32 and size it read. Stops at the first failure, which it
 * posts. Started by a BackgroundDeflater instead, it serves the jobs posted to it, one at a time,
 * until terminated. Plain JavaScript (stream-entry.mjs): it starts without tsx. The messages are
 * archive.ts's DeflateSetup, DeflateService, DeflateJob and DeflateMessage.
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { streamEntry, writeAll } from './stream-entry.mjs';

const setup = workerData;
const { level } = setup;

/**
 * @param {{ index: number; source: string; part: string; level?: number }} job
 * @returns {{ crc: number; size: number }}
 */
function deflateJob(job) {
  const source = openSync(job.source, 'r');
  try {
    const part = openSync(job.part, 'w');
    try {
      return streamEntry(source, true, (data) => {
        try {
          writeAll(part, data);
        } catch (e) {
          // A failed write (a full disk) names no file by itself.
          e.path ??= job.part;
          throw e;
        }
      }, job.level ?? level);
    } finally {
      closeSync(part);
    }
  } finally {
    closeSync(source);
  }
}

/** Deflates one job; its result, or the error that stopped it, as the message to post. */
function runJob(job) {
  try {
    return { index: job.index, ...deflateJob(job) };
  } catch (err) {
    // A failed read names no file by itself either: it is the source.
    return { index: job.index, error: { message: String(err?.message ?? err), stack: err?.stack, code: err?.code, errno: err?.errno, syscall: err?.syscall, path: err?.path ?? job.source } };
  }
}

if ('serve' in setup) {
  // BackgroundDeflater: jobs come one message at a time, each answered when done.
  parentPort.on('message', (job) => parentPort.postMessage(runJob(job)));
} else {
  const { jobs, next } = setup;
  for (let k = Atomics.add(next, 0, 1); k < jobs.length; k = Atomics.add(next, 0, 1)) {
    const message = runJob(jobs[k]);
    parentPort.postMessage(message);
    if ('error' in message) break;
  }
}
