/**
 * Limits on the work one raw page may cost: its bytes, its lines and the seconds of work spent
 * making it (decode → recover → rows and facts → validate). A page over a limit gets a coded error
 * naming the limit and its value, and is left out of the release like any other bad page
 * (quarantine, see build.ts); it never stalls the build.
 *
 * How the time limit is kept. On the main thread (small corpora, `--workers 0`), a page job runs
 * inside `vm.Script.runInContext(…, { timeout })` (withinTime): Node's watchdog thread interrupts
 * the job's JavaScript (V8's TerminateExecution) once the budget is spent, whatever loop it is in,
 * even in code that knows nothing of deadlines (recovery, extraction, a curation rule), and the job
 * is abandoned with `page-time-limit`. Nothing has to be cooperative. That watchdog is a thread
 * started and joined per page (about 55 µs of CPU and 150 µs of wall time per page on a busy
 * 2-core machine: a few % of a page), so on worker threads the pool keeps the limit instead: it
 * times each job from the main thread and ends (and replaces) a worker whose job overran
 * (page-pool.ts). A job cut off part-way cannot leave half-written rows (its result is dropped
 * whole); module-level memo tables it filled part-way only hold entries that were complete when
 * written, and an ended worker takes its memo tables with it.
 */
import vm from 'node:vm';
import { issue, type Issue } from '../issues.ts';

export interface PageLimits {
  /** Largest raw page, in bytes. */
  maxBytes: number;
  /** Most lines on a raw page (as the recovery contract counts them). */
  maxLines: number;
  /** Seconds of work one page may take (wall clock, on its thread). */
  seconds: number;
}

/**
 * A printed broadsheet page holds about 10,000 characters in a few hundred lines (30 KB as
 * UTF-8): the defaults leave two orders of magnitude of room, and a normal page is made in well
 * under a second, so 5 s only stops runaway pages.
 */
export const DEFAULT_PAGE_LIMITS: Readonly<PageLimits> = { maxBytes: 4 * 1024 * 1024, maxLines: 20_000, seconds: 5 };

/** The `page-too-large` error when `bytes` is over the limit, else null. Checked before decoding. */
export function bytesOverLimit(file: string, bytes: number, limits: PageLimits): Issue | null {
  if (bytes <= limits.maxBytes) return null;
  return issue({ code: 'page-too-large', file, what: 'raw page is over the page size limit', expected: `at most ${limits.maxBytes} bytes (--max-page-bytes)`, got: `${bytes} bytes` });
}

/** Lines of `text` as splitRawLines counts them (LF, CRLF or CR; a final line break starts no line), without splitting. */
export function countLines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      n++;
    } else if (c === 0x0a) n++;
  }
  const last = text.charCodeAt(text.length - 1);
  return text.length === 0 ? 0 : last === 0x0a || last === 0x0d ? n : n + 1;
}

/** The `page-too-many-lines` error when the decoded page has more `lines` than the limit, else null. */
export function linesOverLimit(file: string, lines: number, limits: PageLimits): Issue | null {
  if (lines <= limits.maxLines) return null;
  return issue({ code: 'page-too-many-lines', file, what: 'raw page has more lines than the page limit', expected: `at most ${limits.maxLines} lines (--max-page-lines)`, got: `${lines} lines` });
}

/** The `page-time-limit` error for a page whose work was abandoned. */
export function timeLimitIssue(file: string, limits: PageLimits): Issue {
  return issue({ code: 'page-time-limit', file, what: 'making the page took longer than its time limit and was abandoned', expected: `at most ${limits.seconds} s of work per page (--page-seconds)`, got: `more than ${limits.seconds} s` });
}

/** Thrown by withinTime when the job ran out of time. */
export class PageTimeout extends Error {}

const context = vm.createContext({ job: null as null | (() => unknown) });
const script = new vm.Script('job()');

/**
 * Runs the synchronous `job` and returns its value, or throws PageTimeout once it has run for
 * `seconds` (see the comment at the top). Errors the job throws pass through unchanged.
 */
export function withinTime<T>(seconds: number, job: () => T): T {
  let value: T;
  context.job = () => { value = job(); };
  try {
    script.runInContext(context, { timeout: Math.max(1, Math.round(seconds * 1000)) });
  } catch (e) {
    if ((e as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new PageTimeout(`page job over ${seconds} s`);
    throw e;
  } finally {
    context.job = null;
  }
  return value!;
}
