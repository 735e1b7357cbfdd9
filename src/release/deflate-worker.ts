/**
 * A deflate worker of writeArchive: takes the next job from the shared counter (the jobs come largest
 * first), deflates its file into its part file with streamEntry, the routine the main thread uses
 * too, and posts the CRC-32 and size it read. Stops at the first failure, which it posts. Started by
 * a BackgroundDeflater instead, it serves the jobs posted to it, one at a time, until terminated.
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { streamEntry, type DeflateJob, type DeflateMessage, type DeflateService, type DeflateSetup } from './archive.ts';
import { writeAll } from './file-bytes.ts';

const setup = workerData as DeflateSetup | DeflateService;
const { level } = setup;

function deflateJob(job: DeflateJob): { crc: number; size: number } {
  const source = openSync(job.source, 'r');
  try {
    const part = openSync(job.part, 'w');
    try {
      return streamEntry(source, true, (data) => {
        try {
          writeAll(part, data);
        } catch (e) {
          // A failed write (a full disk) names no file by itself.
          (e as NodeJS.ErrnoException).path ??= job.part;
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
function runJob(job: DeflateJob): DeflateMessage {
  try {
    return { index: job.index, ...deflateJob(job) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // A failed read names no file by itself either: it is the source.
    return { index: job.index, error: { message: String(err?.message ?? e), stack: err?.stack, code: err?.code, errno: err?.errno, syscall: err?.syscall, path: err?.path ?? job.source } };
  }
}

if ('serve' in setup) {
  // BackgroundDeflater: jobs come one message at a time, each answered when done.
  parentPort!.on('message', (job: DeflateJob) => parentPort!.postMessage(runJob(job)));
} else {
  const { jobs, next } = setup;
  for (let k = Atomics.add(next, 0, 1); k < jobs.length; k = Atomics.add(next, 0, 1)) {
    const message = runJob(jobs[k]);
    parentPort!.postMessage(message);
    if ('error' in message) break;
  }
}
