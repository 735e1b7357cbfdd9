/**
 * Progress of a long build, on a terminal only: one status line on stderr, redrawn in place
 * (`stage done/total`, a bar and the current item). When stderr is not a terminal (a pipe, a log
 * file) or `CI` is set, it prints nothing, so logs and CI output stay quiet and diffable; the
 * build's log lines are printed either way.
 */

/** A build reports its progress through this; every method may be a no-op. */
export interface Progress {
  /** `done` of `total` items of `stage`; `item` names the current one (a file). */
  update(stage: string, done: number, total: number, item?: string): void;
  /** Prints a log line without garbling the status line. */
  log(line: string): void;
  /** Removes the status line. */
  done(): void;
}

export interface ProgressTarget {
  write(text: string): void;
  /** True when the output is a terminal. */
  isTTY?: boolean;
  /** Terminal width in columns. */
  columns?: number;
}

/** True when progress should be drawn: a terminal, and not CI (any non-empty value but "false" and "0"). */
export function progressEnabled(target: Pick<ProgressTarget, 'isTTY'>, env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
  return target.isTTY === true && !inCi;
}

const BAR = 20;

/** The status line, cut to `width` columns (CJK file names are not expected: they are ASCII here). */
export function statusLine(stage: string, done: number, total: number, item: string | undefined, width: number): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * BAR);
  const line = `${stage} [${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${done}/${total}${item ? ` ${item}` : ''}`;
  return line.length > width - 1 ? line.slice(0, Math.max(0, width - 2)) + '…' : line;
}

/** Progress that only logs: for pipes, CI and tests. */
export function quietProgress(log: (line: string) => void): Progress {
  return { update() {}, log, done() {} };
}

/**
 * Progress on `target`: a redrawn status line when progressEnabled, else quietProgress. Redraws at
 * most every `intervalMs` (and always at a new stage's start and a stage's end), so thousands of
 * pages cost nothing.
 */
export function createProgress(target: ProgressTarget, env: Readonly<Record<string, string | undefined>>, options: { intervalMs?: number; now?: () => number } = {}): Progress {
  const log = (line: string) => target.write(line + '\n');
  if (!progressEnabled(target, env)) return quietProgress(log);
  const interval = options.intervalMs ?? 100;
  const now = options.now ?? (() => Date.now());
  let shown = '';
  let last = -Infinity;
  let lastStage = '';
  const clear = () => {
    if (shown) target.write('\r\x1b[K');
    shown = '';
  };
  return {
    update(stage, done, total, item) {
      const t = now();
      if (stage === lastStage && done < total && t - last < interval) return;
      last = t;
      lastStage = stage;
      const line = statusLine(stage, done, total, item, target.columns ?? 80);
      if (line === shown) return;
      target.write('\r\x1b[K' + line);
      shown = line;
    },
    log(line) {
      const redraw = shown;
      clear();
      target.write(line + '\n');
      if (redraw) { target.write(redraw); shown = redraw; }
    },
    done: clear,
  };
}
