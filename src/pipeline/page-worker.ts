/**
 * A worker thread that runs processPage for the pages the main thread sends it. Its context is
 * built from the same inputs as the main thread's (schemas, gazetteer, curation entries), passed
 * in workerData, so a page gives the same rows whichever thread ran it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadGazetteer } from '../extract/divisions.ts';
import { loadSchemas } from '../schema/index.ts';
import { pageContext, processPage, type PageInput } from './page-job.ts';
import type { WorkerSetup } from './page-pool.ts';

const setup = workerData as WorkerSetup;
const ctx = pageContext(loadSchemas(setup.schemaDir), loadGazetteer(setup.referenceDir), setup.factEntries, setup.layoutEntries, undefined, setup.limits);

parentPort!.on('message', (job: { seq: number; input: PageInput }) => {
  try {
    const result = processPage(ctx, job.input);
    parentPort!.postMessage({ seq: job.seq, result });
  } catch (e) {
    parentPort!.postMessage({ seq: job.seq, error: (e as Error)?.stack ?? String(e) });
  }
});
