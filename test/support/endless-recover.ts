/**
 * A page recovery for worker tests (WorkerSetup's `recoverModule`): a page whose text starts with
 * `LOOPS` never ends, as a runaway recovery would; any other page is recovered as usual.
 */
import { recoverPage } from '../../src/recover/index.ts';
import type { PageContext } from '../../src/pipeline/page-job.ts';

export const recover: PageContext['recover'] = (text, corrections) => {
  // eslint-disable-next-line no-empty
  if (text.startsWith('LOOPS')) for (;;) {}
  return recoverPage(text, corrections);
};
