/**
 * Runs processPage over pages on worker threads and hands the results back in page order, so
 * everything downstream (loading, issue order, counts) is exactly what the single-threaded build
 * does. A fixed window of pages is in flight: memory stays bounded by a few pages' rows.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CurationEntry } from '../curation/read-curation.ts';
import type { LayoutEntry } from '../curation/layout-curation.ts';
import { processPage, type PageContext, type PageInput, type PageResult } from './page-job.ts';
import type { PageLimits } from './page-limits.ts';

/** What a worker builds its context from (see page-worker.ts). */
export interface WorkerSetup {
  schemaDir?: string;
  /** Folder of the gazetteer CSV files. */
  referenceDir: string;
  factEntries: readonly CurationEntry[];
  layoutEntries: readonly LayoutEntry[];
  limits: PageLimits;
}

/** Runs pages somewhere and resolves with their results. */
export interface PageRunner {
  run(input: PageInput): Promise<PageResult>;
  /** Workers running pages (0 on the main thread). */
  readonly threads: number;
  close(): Promise<void>;
}

/** Worker threads to use by default: one per core, none for a handful of pages (starting one costs ~0.5 s). */
export function defaultWorkers(pages: number): number {
  return pages < 64 ? 0 : os.availableParallelism();
}

/** Runs pages on the main thread. */
export function inThreadRunner(ctx: PageContext): PageRunner {
  return { threads: 0, run: async (input) => processPage(ctx, input), close: async () => {} };
}

interface Pending {
  resolve(r: PageResult): void;
  reject(e: Error): void;
}

/** Runs pages on `count` worker threads, each page on the least busy worker. */
export function workerRunner(count: number, setup: WorkerSetup): PageRunner {
  const workers = Array.from({ length: count }, () => ({
    worker: new Worker(new URL('./page-worker.mjs', import.meta.url), { workerData: setup }),
    busy: 0,
  }));
  const pending = new Map<number, Pending>();
  let seq = 0;
  let failure: Error | null = null;
  for (const w of workers) {
    w.worker.on('message', (m: { seq: number; result?: PageResult; error?: string }) => {
      const p = pending.get(m.seq)!;
      pending.delete(m.seq);
      w.busy--;
      if (m.error !== undefined) p.reject(new Error(`page worker failed: ${m.error}`));
      else p.resolve(m.result!);
    });
    w.worker.on('error', (e) => {
      failure = e;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
  }
  return {
    threads: count,
    run(input) {
      if (failure) return Promise.reject(failure);
      const w = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      w.busy++;
      const id = seq++;
      return new Promise<PageResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // The page's bytes move to the worker instead of being copied.
        const transfer = input.bytes.byteOffset === 0 && input.bytes.byteLength === input.bytes.buffer.byteLength ? [input.bytes.buffer as ArrayBuffer] : [];
        w.worker.postMessage({ seq: id, input }, transfer);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}

/**
 * Feeds `inputs` to the runner with at most `window` pages in flight and calls `consume` with
 * each result in input order. Stops at the first failure (a bug, not bad data) and rethrows it.
 */
export async function runInOrder<T>(
  inputs: AsyncIterable<T>,
  window: number,
  start: (item: T) => Promise<PageResult> | null,
  consume: (item: T, result: PageResult | null) => Promise<void> | void,
): Promise<void> {
  const queue: { item: T; result: Promise<PageResult> | null }[] = [];
  const drainOne = async () => {
    const { item, result } = queue.shift()!;
    await consume(item, result === null ? null : await result);
  };
  try {
    for await (const item of inputs) {
      const result = start(item);
      // Rejections are awaited in order below; until then, keep them from counting as unhandled.
      result?.catch(() => {});
      queue.push({ item, result });
      while (queue.length > window) await drainOne();
    }
    while (queue.length) await drainOne();
  } finally {
    for (const q of queue) q.result?.catch(() => {});
  }
}
