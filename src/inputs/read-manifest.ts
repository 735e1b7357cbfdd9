import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import { issue, type Issue } from '../issues.ts';
import { firstInvalidUtf8Offset } from './decode-raw-text.ts';
import { SOURCE_ID_EXPECTED, sourceIdProblem } from './list-raw-files.ts';

export const MANIFEST_FILE = 'manifest.csv';
export const MANIFEST_COLUMNS = ['file', 'newspaper', 'issue_date', 'issue_date_earliest', 'issue_date_latest', 'page', 'notes'] as const;

export type IssueDateStatus = 'exact' | 'range' | 'unknown';

/** What the manifest says about one raw page. */
export interface ManifestEntry {
  /** Raw file name, e.g. `000_0f81d0fce9b36645.txt`. */
  file: string;
  /** Line of the entry in manifest.csv. */
  line: number;
  newspaper: string | null;
  /** YYYY-MM-DD when the day is known. */
  issueDate: string | null;
  /** Bounds of the possible issue dates; both equal issueDate when it is known. */
  earliest: string | null;
  latest: string | null;
  status: IssueDateStatus;
  note: string | null;
  page: number | null;
}

export interface Manifest {
  entries: Map<string, ManifestEntry>;
  issues: Issue[];
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/**
 * True for a manifest `file` that could reach outside the data folder: an absolute path (POSIX
 * or Windows) or one with a `..` segment. Such a value is refused outright, whatever is there.
 */
export function leavesDataFolder(name: string): boolean {
  return path.posix.isAbsolute(name) || path.win32.isAbsolute(name) || name.split(/[\\/]/).includes('..');
}

/**
 * Parses manifest.csv (pure). `rawNames` are the files present in raw/, so entries for missing
 * files are reported. Entries with problems are still returned (bad values as null) so that one
 * run reports everything; their issues are errors, so nothing is released.
 */
export function parseManifest(text: string | Buffer, rawNames: ReadonlySet<string>): Manifest {
  const file = MANIFEST_FILE;
  const issues: Issue[] = [];
  const entries = new Map<string, ManifestEntry>();
  let header: string[] | null = null;
  let headerOk = false;
  // One string per distinct value: the pages of an issue repeat its newspaper, date and note, and
  // the parser makes a new string for every cell.
  const distinct = new Map<string, string>();
  const intern = (v: string | null): string | null => {
    if (v === null) return null;
    const known = distinct.get(v);
    if (known !== undefined) return known;
    distinct.set(v, v);
    return v;
  };
  // Each record is read as the parser reaches it and then dropped: at 333,000 pages, keeping
  // every parsed record and its info object first took 335 MB of heap at once.
  const onRecord = (record: string[], context: { lines: number }): undefined => {
    if (header === null) {
      header = record;
      headerOk = checkHeader(record, issues);
    } else if (headerOk) {
      // context.lines is where the record ends; a quoted value may span lines.
      const line = context.lines - record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
      readEntry(record, header, line, rawNames, entries, issues, intern);
    }
    return undefined;
  };
  try {
    parse(text, { bom: true, trim: true, skip_empty_lines: true, on_record: onRecord });
  } catch (e) {
    const line = e instanceof CsvError ? ((e as unknown as { lines?: number }).lines ?? null) : null;
    return { entries: new Map(), issues: [issue({ code: 'manifest-malformed-csv', file, line, what: 'manifest is not valid CSV', expected: 'RFC 4180 CSV with one record per line', got: (e as Error).message })] };
  }
  return { entries, issues };
}

/** Reports unknown, missing and duplicated columns; true when there are none. */
function checkHeader(header: readonly string[], issues: Issue[]): boolean {
  const file = MANIFEST_FILE;
  const before = issues.length;
  const known = new Set<string>(MANIFEST_COLUMNS);
  for (const col of header) {
    if (!known.has(col)) issues.push(issue({ code: 'manifest-unknown-column', file, line: 1, field: col, what: 'unknown manifest column', expected: `one of ${MANIFEST_COLUMNS.join(', ')}`, value: col }));
  }
  for (const col of MANIFEST_COLUMNS) {
    if (!header.includes(col)) issues.push(issue({ code: 'manifest-missing-column', file, line: 1, field: col, what: 'missing manifest column', expected: `a column named ${col}`, got: 'no such column' }));
  }
  const seen = new Set<string>();
  for (const col of header) {
    if (seen.has(col)) issues.push(issue({ code: 'manifest-duplicate-column', file, line: 1, field: col, what: 'duplicated manifest column', expected: 'each column once', value: col }));
    seen.add(col);
  }
  return issues.length === before;
}

/** Reads one manifest row at `line` into `entries`, reporting its problems. */
function readEntry(record: readonly string[], header: readonly string[], line: number, rawNames: ReadonlySet<string>, entries: Map<string, ManifestEntry>, issues: Issue[], intern: (v: string | null) => string | null): void {
  const file = MANIFEST_FILE;
  const cell = (col: string): string | null => {
    const v = record[header.indexOf(col)] ?? '';
    return v === '' ? null : v;
  };
  const bad = (code: string, field: string, what: string, expected: string, value: unknown) =>
    issues.push(issue({ code, file, line, field, what, expected, value }));

  const name = cell('file');
  if (name === null) { bad('manifest-missing-value', 'file', 'manifest row names no file', 'a raw file name', ''); return; }
  if (leavesDataFolder(name)) { bad('path-outside-data', 'file', 'manifest names a path outside the data folder', 'a file name in raw/, such as 000_0f81d0fce9b36645.txt', name); return; }
  if (sourceIdProblem(name)) { bad('invalid-source-id', 'file', 'manifest names a page whose name gives no usable source id', SOURCE_ID_EXPECTED, name); return; }
  const first = entries.get(name);
  if (first) { bad('manifest-duplicate-file', 'file', 'file listed twice in the manifest', `one row per file (first at line ${first.line})`, name); return; }
  if (!rawNames.has(name)) bad('manifest-file-not-found', 'file', 'manifest names a file that is not in raw/', 'a file in raw/', name);
  const date = (col: string): string | null => {
    const v = cell(col);
    if (v !== null && !isIsoDate(v)) { bad('manifest-invalid-date', col, 'not a valid date', 'a calendar date YYYY-MM-DD', v); return null; }
    return v;
  };
  const issueDate = date('issue_date');
  let earliest = date('issue_date_earliest');
  let latest = date('issue_date_latest');
  let status: IssueDateStatus = 'unknown';
  if (issueDate !== null) {
    for (const [col, v] of [['issue_date_earliest', earliest], ['issue_date_latest', latest]] as const) {
      if (v !== null && v !== issueDate) bad('manifest-date-conflict', col, 'date bound contradicts issue_date', `empty or ${issueDate}`, v);
    }
    earliest = latest = issueDate;
    status = 'exact';
  } else if (earliest !== null || latest !== null) {
    if (earliest === null || latest === null) {
      const col = earliest === null ? 'issue_date_earliest' : 'issue_date_latest';
      bad('manifest-incomplete-range', col, 'date range has only one bound', 'both issue_date_earliest and issue_date_latest', null);
    } else if (earliest > latest) {
      bad('manifest-date-range-reversed', 'issue_date_earliest', 'date range is reversed', `a date on or before issue_date_latest ${latest}`, earliest);
    }
    status = 'range';
  }
  const pageText = cell('page');
  let page: number | null = null;
  if (pageText !== null) {
    if (/^[1-9][0-9]{0,5}$/.test(pageText)) page = Number(pageText);
    else bad('manifest-invalid-page', 'page', 'not a page number', 'a positive integer or empty', pageText);
  }
  entries.set(name, { file: name, line, newspaper: intern(cell('newspaper')), issueDate: intern(issueDate), earliest: intern(earliest), latest: intern(latest), status, note: intern(cell('notes')), page });
}

/** Reads `<dataDir>/manifest.csv` if present; without it every page builds with unknown metadata. */
export async function readManifest(dataDir: string, rawNames: ReadonlySet<string>): Promise<Manifest> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dataDir, MANIFEST_FILE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: new Map(), issues: [] };
    throw e;
  }
  // Checked, then parsed from the bytes: a 333,000-page manifest is not held as a string as well.
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8Offset(bytes);
    return { entries: new Map(), issues: [issue({ code: 'undecodable-text', file: MANIFEST_FILE, what: 'manifest is not valid UTF-8', expected: 'UTF-8 text', got: `an invalid byte sequence at byte offset ${at}` })] };
  }
  return parseManifest(bytes, rawNames);
}
