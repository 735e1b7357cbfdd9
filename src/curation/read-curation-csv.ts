/**
 * Reads a reviewed curation file: a CSV with a header row that must hold exactly `columns`.
 * Shared by fact and layout corrections, so both report a bad file the same way: every problem
 * is an `invalid-curation` issue naming the file, the line and the column.
 */
import { parse } from 'csv-parse/sync';
import { issue, type Issue } from '../issues.ts';

export interface CurationRecord {
  /** Line of the record in the file (the header is line 1). */
  line: number;
  record: Record<string, string>;
}

export type Complain = (line: number | null, field: string | null, what: string, expected: string, value: unknown) => void;

export function readCurationCsv(file: string, text: string, columns: readonly string[]): { records: CurationRecord[]; issues: Issue[]; complain: Complain } {
  const issues: Issue[] = [];
  const complain: Complain = (line, field, what, expected, value) => issues.push(issue({ code: 'invalid-curation', file, line, field, what, expected, value }));
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
  return { records, issues, complain };
}
