/**
 * Runs processPage over pages on worker threads and hands the results back in page order, so
 * everything downstream (loading, issue order, counts) is exactly what the single-threaded build
 * does. A fixed window of pages is in flight: memory stays bounded by a few pages' rows.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CurationEntry } from '../curation/read-curation.ts';
import type { LayoutEntry } from '../curation/layout-curation.ts';
import { loadSegmenter } from '../extract/segmenter.ts';
import { pageOverTime, processPage, type PageContext, type PageInput, type PageResult } from './page-job.ts';
import type { PageLimits } from './page-limits.ts';
import { TSX_WORKER } from './worker-bundle.ts';

/** What a worker builds its context from (see page-worker.ts). */
export interface WorkerSetup {
  schemaDir?: string;
  /** Folder of the gazetteer CSV files. */
  referenceDir: string;
  factEntries: readonly CurationEntry[];
  layoutEntries: readonly LayoutEntry[];
  limits: PageLimits;
  /**
   * URL of a module whose `recover` export replaces recoverPage in the workers, as BuildOptions'
   * `recover` does on the main thread (tests: a recovery that never ends).
   */
  recoverModule?: string;
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

/** Runs pages on the main thread. The segmenter is loaded before the first page's time limit starts, as on a worker. */
export function inThreadRunner(ctx: PageContext): PageRunner {
  const run = async (input: PageInput) => {
    loadSegmenter();
    return processPage(ctx, input);
  };
  return { threads: 0, run, close: async () => {} };
}

interface Job {
  input: PageInput;
  resolve(r: PageResult): void;
  reject(e: Error): void;
}

/**
 * What a worker shares with the main thread so that the main thread can time its jobs: the
 * sequence number + 1 of the job it is running (0 between jobs) and when that job started
 * (Date.now(), written before the sequence number, so a reader that sees the number sees its time).
 */
export interface JobClock {
  running: Int32Array;
  startedAt: Float64Array;
}

function jobClock(): JobClock {
  return { running: new Int32Array(new SharedArrayBuffer(4)), startedAt: new Float64Array(new SharedArrayBuffer(8)) };
}

/**
 * Runs pages on `count` worker threads, each page on the least busy worker.
 *
 * The page time limit is kept here, not by a watchdog per page inside the worker (vm's timeout
 * starts and joins a watchdog thread for every page, see page-limits.ts).
 * Each worker marks the job it runs in shared memory; a timer on the main thread looks every
 * tenth of the limit, and when a job has run past `limits.seconds`, it ends that worker
 * (terminate() stops its JavaScript wherever it is), answers the page with `page-time-limit`
 * (pageOverTime), and starts a new worker that takes over the pages queued on the old one. Other
 * pages go on; the page order of results is unchanged (runInOrder).
 *
 * `script` is the worker's code: the bundle of pageWorkerScript() (worker-bundle.ts) or the
 * TypeScript through tsx. A `recoverModule` is TypeScript, so it always takes the latter.
 */
export function workerRunner(count: number, setup: WorkerSetup, script: URL = TSX_WORKER): PageRunner {
  const workerScript = setup.recoverModule ? TSX_WORKER : script;
  const limitMs = setup.limits.seconds * 1000;
  let seq = 0;
  let failure: Error | null = null;
  let closed = false;

  interface Slot {
    worker: Worker;
    clock: JobClock;
    /** Jobs sent to this worker and not answered yet, by sequence number (in the order sent). */
    jobs: Map<number, Job>;
  }

  const fail = (e: Error) => {
    failure ??= e;
    for (const slot of slots) {
      for (const job of slot.jobs.values()) job.reject(e);
      slot.jobs.clear();
    }
  };

  const post = (slot: Slot, id: number, input: PageInput) => {
    // Copied, not transferred: a job may have to be sent again to a new worker (a few KB a page).
    slot.worker.postMessage({ seq: id, input });
  };

  const start = (slot: Slot): void => {
    // A clock of its own: an ended worker can no longer touch the one its replacement marks.
    slot.clock = jobClock();
    const worker = new Worker(workerScript, { workerData: { ...setup, clock: slot.clock } });
    slot.worker = worker;
    worker.on('message', (m: { seq: number; result?: PageResult; error?: string }) => {
      if (slot.worker !== worker) return; // from a worker ended for overrunning: already answered
      const job = slot.jobs.get(m.seq);
      if (!job) return;
      slot.jobs.delete(m.seq);
      if (m.error !== undefined) job.reject(new Error(`page worker failed: ${m.error}`));
      else job.resolve(m.result!);
    });
    worker.on('error', (e) => {
      if (slot.worker === worker) fail(e);
    });
  };

  const slots: Slot[] = Array.from({ length: count }, () => {
    const slot = { worker: null as unknown as Worker, clock: jobClock(), jobs: new Map<number, Job>() };
    start(slot);
    return slot;
  });

  /** Ends the worker of `slot`, whose job `id` overran; its other jobs go to a new worker. */
  const abandon = (slot: Slot, id: number) => {
    const overran = slot.jobs.get(id);
    void slot.worker.terminate();
    slot.jobs.delete(id);
    start(slot);
    for (const [queued, job] of slot.jobs) post(slot, queued, job.input);
    overran?.resolve(pageOverTime(overran.input, setup.limits));
  };

  const watch = setInterval(() => {
    if (closed || failure) return;
    const now = Date.now();
    for (const slot of slots) {
      const running = Atomics.load(slot.clock.running, 0);
      if (running !== 0 && now - slot.clock.startedAt[0] > limitMs) abandon(slot, running - 1);
    }
  }, Math.min(1000, Math.max(10, limitMs / 10)));
  watch.unref();

  return {
    threads: count,
    run(input) {
      if (failure) return Promise.reject(failure);
      const slot = slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
      const id = seq++;
      return new Promise<PageResult>((resolve, reject) => {
        slot.jobs.set(id, { input, resolve, reject });
        post(slot, id, input);
      });
    },
    async close() {
      closed = true;
      clearInterval(watch);
      await Promise.all(slots.map((s) => s.worker.terminate()));
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
