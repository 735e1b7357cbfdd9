/**
 * A worker thread that makes the pages the main thread sends it (processPages, a batch of the
 * pages queued at once: the same results as processPage page by page). Its context is
 * built from the same inputs as the main thread's (schemas, gazetteer, curation entries), passed
 * in workerData, so a page gives the same rows whichever thread ran it.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { loadGazetteer } from '../extract/divisions.ts';
import { loadSegmenter } from '../extract/segmenter.ts';
import { loadSchemas } from '../schema/index.ts';
import { pageContext, processPages, type PageContext, type PageInput } from './page-job.ts';
import type { JobClock, WorkerSetup } from './page-pool.ts';

const setup = workerData as WorkerSetup & { clock: JobClock };
const { running, startedAt } = setup.clock;
const recover = setup.recoverModule ? ((await import(setup.recoverModule)) as { recover: PageContext['recover'] }).recover : undefined;
const ctx = pageContext(loadSchemas(setup.schemaDir), loadGazetteer(setup.referenceDir), setup.factEntries, setup.layoutEntries, recover, setup.limits);
// Loaded before the first page: the pool's clock would count it against that page's time limit.
loadSegmenter();

/** Pages taken in one batch at most: the jobs already queued when one arrives (the pool keeps a few per worker). */
const BATCH = 8;

interface Job {
  seq: number;
  input: PageInput;
}

const port = parentPort!;
port.on('message', (first: Job) => {
  // The pages already waiting join this one: processPages cuts their texts in one run.
  const jobs = [first];
  while (jobs.length < BATCH) {
    const next = receiveMessageOnPort(port);
    if (next === undefined) break;
    jobs.push(next.message as Job);
  }
  // The main thread times each page's own work from these and ends this worker if one overruns
  // (page-pool.ts): a page's clock runs while its work does, from where it stopped.
  const spent = new Float64Array(jobs.length);
  let current = -1;
  let since = 0;
  const clock = (index: number | null) => {
    const now = Date.now();
    if (current >= 0) {
      spent[current] += now - since;
      Atomics.store(running, 0, 0);
      current = -1;
    }
    if (index === null) return;
    current = index;
    since = now;
    startedAt[0] = now - spent[index];
    Atomics.store(running, 0, jobs[index].seq + 1);
  };
  const answered = new Set<number>();
  try {
    processPages(ctx, jobs.map((j) => j.input), clock, (index, result) => {
      answered.add(index);
      port.postMessage({ seq: jobs[index].seq, result });
    });
  } catch (e) {
    Atomics.store(running, 0, 0);
    for (let i = 0; i < jobs.length; i++) if (!answered.has(i)) port.postMessage({ seq: jobs[i].seq, error: (e as Error)?.stack ?? String(e) });
  }
});
