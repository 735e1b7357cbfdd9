import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection, Json } from '@duckdb/node-api';
import { BuildError, issue, shorten, type Issue } from '../issues.ts';
import { ident, type TableSpec } from '../schema/index.ts';
import { articleSource } from '../rows.ts';
import { pdfPageFile } from '../pdf/pdf-pages.ts';

/** A named consistency check: a SELECT returning the violating rows; zero rows means it passes. */
export interface Check {
  name: string;
  description: string;
  /** The table the violating rows come from, when there is one. */
  table: string | null;
  /** `page`: the check compares rows of one page only and may run over the changed pages alone (see check-scope.ts). */
  scope: 'page' | 'all';
  sql: string;
}

export interface CheckResult {
  name: string;
  description: string;
  table: string | null;
  passed: boolean;
  /** Total number of violating rows. */
  violations: number;
  /** The first violating rows (at most the limit passed to runCheck), JSON-safe. */
  rows: Record<string, Json>[];
}

export const CHECKS_DIR = fileURLToPath(new URL('../checks/', import.meta.url));

/** Columns that locate a row on its raw page, selected alongside the key in derived checks. */
const LOCATORS = ['source_id', 'line_no', 'line_start'];

function locatorColumns(spec: TableSpec, keys: readonly string[]): string[] {
  const names = spec.fields.map((f) => f.name);
  return [...new Set([...keys, ...LOCATORS.filter((c) => names.includes(c))])];
}

/**
 * Checks derived from the schemas, never hand-written: primary keys are unique (`primary-key-<table>`)
 * and foreign keys resolve (`foreign-key-<table>-<fields>`). Null foreign keys are not references.
 */
export function derivedChecks(specs: readonly TableSpec[]): Check[] {
  const checks: Check[] = [];
  for (const s of specs) {
    const pk = s.primaryKey.map(ident).join(', ');
    const extra = locatorColumns(s, []).filter((c) => !s.primaryKey.includes(c)).map((c) => `min(${ident(c)}) AS ${ident(c)}`);
    checks.push({
      name: `primary-key-${s.table}`,
      description: `${s.table} rows are unique by their primary key (${s.primaryKey.join(', ')}).`,
      table: s.table,
      // Keys embed their page (article ids start with the source id, fact ids with the article id).
      scope: 'page',
      sql: `SELECT ${[pk, ...extra, 'count(*) AS copies'].join(', ')} FROM ${ident(s.table)} GROUP BY ${pk} HAVING count(*) > 1 ORDER BY ${pk}`,
    });
  }
  for (const s of specs) {
    for (const fk of s.foreignKeys) {
      const ref = fk.reference;
      const on = fk.fields.map((f, i) => `p.${ident(ref.fields[i])} = c.${ident(f)}`).join(' AND ');
      const notNull = fk.fields.map((f) => `c.${ident(f)} IS NOT NULL`).join(' AND ');
      const cols = locatorColumns(s, [...s.primaryKey, ...fk.fields]).map((c) => `c.${ident(c)}`).join(', ');
      checks.push({
        name: `foreign-key-${s.table}-${fk.fields.join('-')}`,
        description: `${s.table}.${fk.fields.join(', ')} refers to an existing ${ref.resource} row (${ref.fields.join(', ')}).`,
        table: s.table,
        // A page's rows refer to rows of the same page, or to tables no page owns (divisions).
        scope: 'page',
        sql: `SELECT ${cols} FROM ${ident(s.table)} c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${ident(ref.resource)} p WHERE ${on}) ORDER BY ${s.primaryKey.map((k) => `c.${ident(k)}`).join(', ')}`,
      });
    }
  }
  return checks;
}

/**
 * Parses a hand-written check file: the first line is `-- <description>`, an optional
 * `-- table: <name>` line follows, then an optional `-- scope: all` for a check that compares
 * rows of different pages; the rest is one SELECT. The check is named after the file.
 */
export function parseCheckFile(fileName: string, text: string): Check {
  const file = `src/checks/${fileName}`;
  const name = fileName.replace(/\.sql$/, '');
  const lines = text.split('\n');
  const bad = (what: string, expected: string, got: string, line?: number) => BuildError.of({ code: 'invalid-check', file, line, what, expected, got });
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw bad('check file name is not kebab-case', 'a name like raw-lines-covered-once.sql', fileName);
  const first = /^-- (.+)$/.exec(lines[0] ?? '');
  if (!first) throw bad('check has no description', 'a first line "-- <what the check proves>"', JSON.stringify(lines[0] ?? ''));
  const tableLine = /^-- table: ([a-z_][a-z0-9_]*)$/.exec(lines[1] ?? '');
  let next = tableLine ? 2 : 1;
  const scopeLine = /^-- scope: (\S+)$/.exec(lines[next] ?? '');
  if (scopeLine && scopeLine[1] !== 'all' && scopeLine[1] !== 'page') throw bad('check has an unknown scope', '"-- scope: all" (or "page", the default)', scopeLine[1], next + 1);
  if (scopeLine) next++;
  const sql = lines.slice(next).join('\n').trim().replace(/;$/, '');
  if (!/^(SELECT|WITH)\b/i.test(sql.replace(/^(--.*\n\s*)+/, ''))) throw bad('check is not a query', 'one SELECT statement', sql.slice(0, 40));
  return { name, description: first[1].trim(), table: tableLine ? tableLine[1] : null, scope: scopeLine?.[1] === 'all' ? 'all' : 'page', sql };
}

/** The hand-written checks in `src/checks/*.sql`, sorted by name. */
export function loadSqlChecks(dir: string = CHECKS_DIR): Check[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => parseCheckFile(f, readFileSync(path.join(dir, f), 'utf8')));
}

/** Derived checks first (keys), then the hand-written ones. */
export function allChecks(specs: readonly TableSpec[], dir: string = CHECKS_DIR): Check[] {
  return [...derivedChecks(specs), ...loadSqlChecks(dir)];
}

/** Violating rows a check lists; the rest are counted. */
export const LISTED_VIOLATIONS = 20;

/** Runs one check: counts the violations and reads the first `limit` rows in the check's order. */
export async function runCheck(connection: DuckDBConnection, check: Check, limit = LISTED_VIOLATIONS): Promise<CheckResult> {
  const count = await connection.runAndReadAll(`SELECT count(*) AS n FROM (${check.sql})`);
  const violations = Number(count.getRowsJson()[0][0]);
  let rows: Record<string, Json>[] = [];
  if (violations > 0) {
    const reader = await connection.runAndReadUntil(check.sql, limit);
    rows = reader.getRowObjectsJson().slice(0, limit);
  }
  return { name: check.name, description: check.description, table: check.table, passed: violations === 0, violations, rows };
}

/**
 * One check's results over two batches of pages as one: violations add up, and the listed rows
 * are the earlier batch's first, up to `limit`.
 */
export function mergeCheckResults(earlier: CheckResult | undefined, later: CheckResult, limit = LISTED_VIOLATIONS): CheckResult {
  if (!earlier) return later;
  const violations = earlier.violations + later.violations;
  return { ...earlier, passed: violations === 0, violations, rows: [...earlier.rows, ...later.rows].slice(0, limit) };
}

/**
 * Where a violating row is: its raw page (from source_id, or the article_id prefix; `fileNames`
 * maps a source_id to its file name, which differs for names with other characters) and line.
 */
function locate(row: Record<string, Json>, fileNames?: ReadonlyMap<string, string>): { file: string | null; line: number | null } {
  // Rows that come from a file of their own (curation entries) name it directly.
  if (typeof row.file === 'string') return { file: row.file, line: row.line == null ? null : Number(row.line) };
  let source = typeof row.source_id === 'string' ? row.source_id : null;
  if (source === null && typeof row.article_id === 'string') source = articleSource(row.article_id);
  const line = row.line_no ?? row.line_start ?? null;
  return { file: source === null ? null : (pdfPageFile(source) ?? `raw/${fileNames?.get(source) ?? `${source}.txt`}`), line: line === null ? null : Number(line) };
}

/** One error issue per listed violating row, plus one saying how many were not listed. */
export function checkIssues(result: CheckResult, fileNames?: ReadonlyMap<string, string>): Issue[] {
  if (result.passed) return [];
  const code = `check-failed:${result.name}`;
  const issues = result.rows.map((row, k) => {
    const value = Object.fromEntries(Object.entries(row).map(([key, v]) => [key, shorten(v)]));
    return issue({
      code,
      ...locate(row, fileNames),
      table: result.table,
      what: `check ${result.name} failed (violation ${k + 1} of ${result.violations})`,
      expected: result.description.replace(/\.$/, ''),
      value,
    });
  });
  const unlisted = result.violations - result.rows.length;
  if (unlisted > 0) {
    issues.push(issue({ code, table: result.table, what: `check ${result.name} failed: ${unlisted} more violations not listed`, expected: result.description.replace(/\.$/, ''), got: `${result.violations} violating rows in all` }));
  }
  return issues;
}
