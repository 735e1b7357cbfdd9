/**
 * A full collection of this thread's JavaScript heap, on demand.
 *
 * The main thread takes every page's rows from the workers (structured clones) and appends them
 * to DuckDB. Under load a page's rows wait long enough to outlive two scavenges, so they are
 * promoted, and V8 lets the old generation grow before it collects it: at 100,000 articles the
 * main heap climbed from ~90 to ~300 MB of garbage between major collections, and whatever stood
 * when the pages were done stayed through the checks (nothing allocates enough then to trigger
 * one). Node gives no collection without `--expose-gc`, which a `tsx src/cli.ts` run cannot be
 * assumed to pass; V8 takes the flag at run time and hands the function to a new context.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null = (globalThis as { gc?: () => void }).gc ?? null;

export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Collects when the heap has grown by `growthBytes` since the last collection made here: called
 * often (at each appender flush), it collects only when there is garbage worth it.
 */
export function heapGrowthCollector(growthBytes: number): () => void {
  let after = getHeapStatistics().used_heap_size;
  return () => {
    if (getHeapStatistics().used_heap_size - after < growthBytes) return;
    collectGarbage();
    after = getHeapStatistics().used_heap_size;
  };
}
