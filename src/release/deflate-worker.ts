/**
 * A deflate worker of writeArchive: takes the next job from the shared counter (the jobs come largest
 * first), deflates its file into its part file with streamEntry, the routine the main thread uses
 * too, and posts the CRC-32 and size it read. Stops at the first failure, which it posts.
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { streamEntry, type DeflateJob, type DeflateMessage, type DeflateSetup } from './archive.ts';
import { writeAll } from './file-bytes.ts';

const { jobs, next, level } = workerData as DeflateSetup;

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
      }, level);
    } finally {
      closeSync(part);
    }
  } finally {
    closeSync(source);
  }
}

for (let k = Atomics.add(next, 0, 1); k < jobs.length; k = Atomics.add(next, 0, 1)) {
  const job = jobs[k];
  let message: DeflateMessage;
  try {
    message = { index: job.index, ...deflateJob(job) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // A failed read names no file by itself either: it is the source.
    message = { index: job.index, error: { message: String(err?.message ?? e), stack: err?.stack, code: err?.code, errno: err?.errno, syscall: err?.syscall, path: err?.path ?? job.source } };
  }
  parentPort!.postMessage(message);
  if ('error' in message) break;
}
