/**
 * Structured problems. Bad data never throws: every stage returns Issues, and the build's
 * exit code is taken from the report. Only configuration and programmer errors throw (BuildError).
 */

export type Severity = 'error' | 'warning';

export interface Issue {
  /** Stable kebab-case identifier, e.g. `manifest-invalid-date`; part of the public API. */
  code: string;
  severity: Severity;
  /** Path relative to the data folder (`raw/000_….txt`, `manifest.csv`) or to the repo (`schema/…`). */
  file: string | null;
  /** 1-based line in `file`. */
  line: number | null;
  table: string | null;
  field: string | null;
  /** The offending value (JSON-safe; long strings are shortened). */
  value: unknown;
  expected: string | null;
  /** `what: expected X, got Y (file:line, field)`. */
  message: string;
}

export interface IssueInit {
  code: string;
  severity?: Severity;
  /** What is wrong, in a few words, without location. */
  what: string;
  file?: string | null;
  line?: number | null;
  table?: string | null;
  field?: string | null;
  value?: unknown;
  expected?: string | null;
  /** How to show what was found; defaults to the JSON of `value` when one is given. */
  got?: string;
}

const MAX_SHOWN = 80;

/** Shortens long strings (by code points) so reports stay readable; JSON-safe otherwise. */
export function shorten(value: unknown): unknown {
  if (typeof value === 'string') {
    const cps = [...value];
    return cps.length > MAX_SHOWN ? cps.slice(0, MAX_SHOWN).join('') + '…' : value;
  }
  if (typeof value === 'bigint') return value.toString();
  return value === undefined ? null : value;
}

export function show(value: unknown): string {
  return JSON.stringify(shorten(value)) ?? 'undefined';
}

/** `file:line, field`, leaving out what is unknown. */
export function location(file: string | null, line: number | null, field: string | null): string {
  const at = file === null ? null : line === null ? file : `${file}:${line}`;
  return [at, field].filter((p) => p !== null).join(', ');
}

export function issue(init: IssueInit): Issue {
  const file = init.file ?? null;
  const line = init.line ?? null;
  const field = init.field ?? null;
  const expected = init.expected ?? null;
  const got = init.got ?? ('value' in init ? show(init.value) : null);
  let message = init.what;
  if (expected !== null || got !== null) {
    message += ':';
    if (expected !== null) message += ` expected ${expected}`;
    if (got !== null) message += `${expected !== null ? ',' : ''} got ${got}`;
  }
  const at = location(file, line, field);
  if (at) message += ` (${at})`;
  return {
    code: init.code,
    severity: init.severity ?? 'error',
    file,
    line,
    table: init.table ?? null,
    field,
    value: shorten(init.value ?? null),
    expected,
    message,
  };
}

/** One line for humans: `error manifest-invalid-date: …`. */
export function formatIssue(i: Issue): string {
  return `${i.severity} ${i.code}: ${i.message}`;
}

export function errorsOf(issues: readonly Issue[]): Issue[] {
  return issues.filter((i) => i.severity === 'error');
}

/** A fatal configuration or programmer error; carries the issues that explain it. */
export class BuildError extends Error {
  readonly issues: Issue[];
  constructor(issues: Issue[]) {
    super(issues.map((i) => `${i.code}: ${i.message}`).join('\n'));
    this.name = 'BuildError';
    this.issues = issues;
  }

  static of(init: IssueInit): BuildError {
    return new BuildError([issue(init)]);
  }
}

/**
 * Appends every item to `target`, one by one: `target.push(...items)` passes each item as an
 * argument, and an array of ~120,000 overflows the call stack.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
