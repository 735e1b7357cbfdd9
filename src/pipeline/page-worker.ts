/**
 * A worker thread that runs processPage for the pages the main thread sends it. Its context is
 * built from the same inputs as the main thread's (schemas, gazetteer, curation entries), passed
 * in workerData, so a page gives the same rows whichever thread ran it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadGazetteer } from '../extract/divisions.ts';
import { loadSchemas } from '../schema/index.ts';
import { pageContext, processPage, type PageContext, type PageInput } from './page-job.ts';
import type { JobClock, WorkerSetup } from './page-pool.ts';

const setup = workerData as WorkerSetup & { clock: JobClock };
const { running, startedAt } = setup.clock;
const recover = setup.recoverModule ? ((await import(setup.recoverModule)) as { recover: PageContext['recover'] }).recover : undefined;
const ctx = pageContext(loadSchemas(setup.schemaDir), loadGazetteer(setup.referenceDir), setup.factEntries, setup.layoutEntries, recover, setup.limits);

parentPort!.on('message', (job: { seq: number; input: PageInput }) => {
  // The main thread times the job from these and ends this worker if it overruns (page-pool.ts).
  startedAt[0] = Date.now();
  Atomics.store(running, 0, job.seq + 1);
  try {
    const result = processPage(ctx, job.input, 'pool');
    Atomics.store(running, 0, 0);
    parentPort!.postMessage({ seq: job.seq, result });
  } catch (e) {
    Atomics.store(running, 0, 0);
    parentPort!.postMessage({ seq: job.seq, error: (e as Error)?.stack ?? String(e) });
  }
});
