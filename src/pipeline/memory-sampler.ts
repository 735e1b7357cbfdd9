/**
 * The process's peak memory per build phase, sampled: RSS (all threads, DuckDB included) and the
 * main thread's JavaScript heap. The difference tells whether DuckDB or JavaScript holds a peak,
 * which process-wide figures (maxRSS) cannot. Sampling every 250 ms can miss a shorter spike.
 */
export interface PhaseMemory {
  rss_mb: number;
  js_heap_mb: number;
}

const SAMPLE_MS = 250;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

export class MemorySampler {
  private readonly peaks: Record<string, PhaseMemory> = {};
  private current: string | null = null;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor() {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  /** From now on samples count for `name` (null: for no phase). */
  phase(name: string | null): void {
    this.sample();
    this.current = name;
    this.sample();
  }

  private sample(): void {
    if (this.current === null) return;
    const { rss, heapTotal } = process.memoryUsage();
    const peak = (this.peaks[this.current] ??= { rss_mb: 0, js_heap_mb: 0 });
    peak.rss_mb = Math.max(peak.rss_mb, mb(rss));
    peak.js_heap_mb = Math.max(peak.js_heap_mb, mb(heapTotal));
  }

  /** Peaks per phase so far. */
  result(): Record<string, PhaseMemory> {
    this.sample();
    return Object.fromEntries(Object.entries(this.peaks).map(([k, v]) => [k, { ...v }]));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
