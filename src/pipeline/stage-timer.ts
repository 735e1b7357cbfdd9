/**
 * Where a build's time goes. Page stages run on several threads at once, so their seconds are
 * summed over threads (CPU-like time); phases are wall-clock seconds of the whole build.
 */
export const STAGES = ['decode', 'layout', 'extract', 'validate', 'load', 'check', 'write'] as const;
export type Stage = (typeof STAGES)[number];

export interface BuildTimings {
  /** Seconds per stage, summed over the threads that ran it. */
  stages: Record<Stage, number>;
  /**
   * Wall-clock seconds: `pages` (read, make and load every page), `write.<step>` per writing step
   * (`write.tables`, `write.workbook`, `write.read_back`, `write.spreadsheet_CSV`, `write.docs`, `write.release_page`,
   * `write.archive`, `write.workbook_read_back`), `total` (the whole build).
   */
  wall: Record<string, number>;
  /**
   * CPU seconds (user + system, every thread of the process) per phase: `pages`, `check`, `write` and
   * `write.<step>`, as in the report's `memory` (src/pipeline/phase-meter.ts). Unlike the stages'
   * seconds, a busy machine does not inflate them.
   */
  cpu?: Record<string, number>;
}

const round = (s: number) => Math.round(s * 1000) / 1000;

export class StageTimer {
  private readonly stages = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  private readonly walls: Record<string, number> = {};
  private readonly started = new Map<Stage, number>();
  private readonly t0 = performance.now();
  private running: { name: string; t0: number } | null = null;

  add(stage: Stage, seconds: number): void {
    this.stages[stage] += seconds;
  }

  start(stage: Stage): void {
    this.started.set(stage, performance.now());
  }

  stop(stage: Stage): void {
    const t = this.started.get(stage);
    if (t === undefined) return;
    this.started.delete(stage);
    this.add(stage, (performance.now() - t) / 1000);
  }

  wall(phase: string, seconds: number): void {
    this.walls[phase] = seconds;
  }

  /** Ends the running wall-clock phase (recording its seconds) and starts `name`, if not null. */
  phase(name: string | null): void {
    const now = performance.now();
    if (this.running) this.wall(this.running.name, (now - this.running.t0) / 1000);
    this.running = name === null ? null : { name, t0: now };
  }

  result(): BuildTimings {
    const stages = Object.fromEntries(STAGES.map((s) => [s, round(this.stages[s])])) as Record<Stage, number>;
    const wall = Object.fromEntries(Object.entries(this.walls).map(([k, v]) => [k, round(v)]));
    return { stages, wall: { ...wall, total: round((performance.now() - this.t0) / 1000) } };
  }
}
