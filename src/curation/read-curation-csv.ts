/**
 * Reads a reviewed curation file: a CSV with a header row that must hold exactly `columns`.
 * Shared by fact and layout corrections, so both report a bad file the same way: every problem
 * is an `invalid-curation` issue naming the file, the line and the column.
 */
import { parse } from 'csv-parse/sync';
import { firstInvalidUtf8Offset } from '../inputs/index.ts';
import { issue, type Issue } from '../issues.ts';

export interface CurationRecord {
  /** Line of the record in the file (the header is line 1). */
  line: number;
  record: Record<string, string>;
}

export type Complain = (line: number | null, field: string | null, what: string, expected: string, value: unknown) => void;

/**
 * A curation file's bytes as text: UTF-8 (a BOM allowed), or UTF-16 with a byte-order mark, as raw
 * pages may be. Anything else is said plainly: UTF-16 without its mark (a spreadsheet's "Unicode
 * text"), or where the first byte that is not UTF-8 is.
 */
export function decodeCurationBytes(bytes: Uint8Array): { text: string; problem: null } | { text: null; problem: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), problem: null };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), problem: null };
  let nul = 0;
  for (const b of bytes.subarray(0, 4096)) if (b === 0) nul++;
  if (nul * 4 >= Math.min(bytes.length, 4096) && nul > 0) return { text: null, problem: 'UTF-16 text without a byte-order mark (every other byte is 0)' };
  const at = firstInvalidUtf8Offset(bytes);
  if (at >= 0) return { text: null, problem: `an invalid UTF-8 byte sequence at byte offset ${at} (another encoding, e.g. GBK?)` };
  return { text: new TextDecoder('utf-8').decode(bytes), problem: null };
}

/** C0 controls other than tab, line feed and carriage return (NUL among them): never in a reviewed value. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function readCurationCsv(file: string, input: string | Uint8Array, columns: readonly string[]): { records: CurationRecord[]; issues: Issue[]; complain: Complain } {
  const issues: Issue[] = [];
  const complain: Complain = (line, field, what, expected, value) => issues.push(issue({ code: 'invalid-curation', file, line, field, what, expected, value }));
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    const decoded = decodeCurationBytes(input);
    if (decoded.text === null) {
      issues.push(issue({ code: 'invalid-curation', file, what: 'curation file is not UTF-8 text', expected: 'UTF-8 (or UTF-16 with a byte-order mark); save it as "CSV UTF-8"', got: decoded.problem }));
      return { records: [], issues, complain };
    }
    text = decoded.text;
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, info: true }) as unknown as typeof rows;
  } catch (e) {
    const err = e as { message: string; lines?: number };
    complain(err.lines ?? null, null, 'not a readable CSV file', 'comma-separated values with a header row', err.message);
    return { records: [], issues, complain };
  }
  const header = rows[0]?.record ?? [];
  const missing = columns.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !columns.includes(h));
  if (missing.length) complain(1, missing.join(', '), 'missing column', `the columns ${columns.join(',')}`, header.join(','));
  for (const u of unknown) complain(1, u, 'unknown column', `one of ${columns.join(', ')}`, u);
  if (missing.length || unknown.length) return { records: [], issues, complain };
  const records = rows.slice(1).map(({ record, info }) => ({ line: info.lines, record: Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])) }));
  // A value with a control character is refused here, so no rule downstream has to expect one.
  const clean = records.filter(({ line, record }) => {
    const bad = Object.entries(record).find(([, v]) => CONTROL.test(v));
    if (!bad) return true;
    const code = bad[1].match(CONTROL)![0].charCodeAt(0);
    complain(line, bad[0], `value holds a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`, 'text without NUL or other control characters (tab and line breaks allowed)', bad[1]);
    return false;
  });
  return { records: clean, issues, complain };
}
