/**
 * What each build phase costs the whole process: its peak memory, sampled (RSS of all threads,
 * DuckDB included, and the main thread's JavaScript heap: the difference tells whether DuckDB or
 * JavaScript holds a peak, which process-wide figures such as maxRSS cannot), and its CPU seconds,
 * exact (user + system of every thread: page workers, DuckDB's threads, deflate workers). Sampling
 * every 250 ms can miss a shorter memory spike; the CPU seconds miss nothing.
 */
export interface PhaseMemory {
  rss_mb: number;
  js_heap_mb: number;
}

const SAMPLE_MS = 250;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
/** CPU seconds (user + system) this process has used so far, its worker threads and DuckDB's threads included. */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export class PhaseMeter {
  private readonly peaks: Record<string, PhaseMemory> = {};
  private readonly cpuOf: Record<string, number> = {};
  private current: { name: string; cpu0: number } | null = null;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor() {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  /** From now on samples and CPU time count for `name` (null: for no phase). */
  phase(name: string | null): void {
    this.sample();
    this.closeCpu();
    this.current = name === null ? null : { name, cpu0: cpuSeconds() };
    this.sample();
  }

  private closeCpu(): void {
    if (this.current === null) return;
    const now = cpuSeconds();
    this.cpuOf[this.current.name] = (this.cpuOf[this.current.name] ?? 0) + now - this.current.cpu0;
    this.current.cpu0 = now;
  }

  private sample(): void {
    if (this.current === null) return;
    const { rss, heapTotal } = process.memoryUsage();
    const peak = (this.peaks[this.current.name] ??= { rss_mb: 0, js_heap_mb: 0 });
    peak.rss_mb = Math.max(peak.rss_mb, mb(rss));
    peak.js_heap_mb = Math.max(peak.js_heap_mb, mb(heapTotal));
  }

  /** Peak memory per phase so far. */
  memory(): Record<string, PhaseMemory> {
    this.sample();
    return Object.fromEntries(Object.entries(this.peaks).map(([k, v]) => [k, { ...v }]));
  }

  /** CPU seconds per phase so far (the running phase's up to now), to the millisecond. */
  cpu(): Record<string, number> {
    this.closeCpu();
    return Object.fromEntries(Object.entries(this.cpuOf).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
