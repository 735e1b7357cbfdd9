/**
 * The release's workbook, `spreadsheet/<name>-<version>.xlsx`: what a journalist opens. The facts
 * view first, then one sheet per published table, then the data dictionary in plain words. Written
 * with xlsx-writer.ts, row by row from DuckDB, so a large table never sits in memory.
 *
 * Types survive because an .xlsx cell says its type, where a CSV cell does not: text stays text
 * (division codes keep their leading digits, ids are never numbers), dates are dates, booleans
 * are booleans, integers and numbers are numbers. Text is written as inline strings, never as a
 * formula, so a cell beginning with = + - @ shows as typed and nothing is prefixed (unlike the
 * CSV copies, see spreadsheet-csv.ts). Each sheet has its header row frozen, a filter on every
 * column and column widths from its first rows.
 *
 * Byte for byte reproducible: the document properties (created, modified) and every zip entry's
 * time are the release's `created`, and the entries come in a fixed order.
 *
 * Limits of the format, each said in the dictionary sheet: a table longer than a sheet
 * (SHEET_ROWS) is left out, as from the CSV copies; a text longer than a cell holds (CELL_CHARS)
 * is cut and ends with CUT_MARK; characters XML cannot carry (control characters other than tab
 * and line feed) become U+FFFD.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { ident, type FieldSpec, type FieldType, type TableSpec } from '../schema/index.ts';
import type { ReleaseFile } from './build-descriptor.ts';
import { fitsInSheet, SHEET_ROWS, SPREADSHEET_DIR } from './spreadsheet-csv.ts';
import { fileStat } from './write-tables.ts';
import { type CellValue, STYLE, XlsxWriter } from './xlsx-writer.ts';

export { columnLetter } from './xlsx-writer.ts';

/** The view journalists start from: its sheet comes first. */
export const FIRST_SHEET = 'facts';
/** The sheet that explains every table and column. */
export const DICTIONARY_SHEET = 'dictionary';
/** Characters a cell holds in Excel (and LibreOffice keeps on import). */
export const CELL_CHARS = 32_767;
/** The end of a text cut at CELL_CHARS. */
export const CUT_MARK = '…[cut: the full text is in csv/ and parquet/]';
/** First rows of a table (in release order) measured for its column widths. */
const WIDTH_SAMPLE_ROWS = 1000;

/** `spreadsheet/<name>-<version>.xlsx`. */
export function workbookPath(name: string, version: string): string {
  return `${SPREADSHEET_DIR}/${name}-${version}.xlsx`;
}

/** The tables in the workbook, in sheet order: the facts view first, then the others as in specs; only those that fit in a sheet. */
export function workbookTables(specs: readonly TableSpec[], counts: Readonly<Record<string, number>>): TableSpec[] {
  const published = specs.filter((s) => s.publish && fitsInSheet(counts[s.table] ?? 0));
  return [...published.filter((s) => s.table === FIRST_SHEET), ...published.filter((s) => s.table !== FIRST_SHEET)];
}

/** Field types in plain words, for the dictionary sheet. */
export const TYPE_WORDS: Record<FieldType, string> = {
  string: 'text',
  integer: 'whole number',
  number: 'number',
  boolean: 'TRUE or FALSE',
  date: 'date (year-month-day)',
};

// XML 1.0 has no place for C0 controls other than tab, LF and CR, nor for lone surrogates; a raw CR
// reads back as LF and exceljs drops DEL, so both are replaced too.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A text as its cell holds it: characters XML cannot carry replaced, cut at CELL_CHARS (never inside a surrogate pair). */
export function cellText(value: string): string {
  const clean = value.replace(NOT_XML, '\ufffd');
  if (clean.length <= CELL_CHARS) return clean;
  let cut = CELL_CHARS - CUT_MARK.length;
  if (/[\ud800-\udbff]/.test(clean[cut - 1])) cut--;
  return clean.slice(0, cut) + CUT_MARK;
}

/** What a cell holds for one DuckDB value of a field (null: an empty cell). */
export function cellValue(value: DuckDBValue, type: FieldType): CellValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      return cellText(String(value));
    case 'integer':
    case 'number':
      return Number(value);
    case 'boolean':
      return Boolean(value);
    case 'date':
      // A DuckDB DATE counts days since 1970-01-01.
      return { date: (value as { days: number }).days };
  }
}

/** A cell's value as a comparable string, the same whether taken from DuckDB (written) or from the file (read back, read-workbook.ts). */
export function cellKey(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return 's' + value;
  if (typeof value === 'number') return 'n' + String(value);
  if (typeof value === 'boolean') return 'b' + String(value);
  return 'd' + new Date(value.date * 86_400_000).toISOString().slice(0, 10);
}

/** Display width of a text: CJK and other wide characters count two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! >= 0x1100 ? 2 : 1;
  return w;
}

/** Column width for a field, from its header and its first rows' texts. */
function columnWidth(f: FieldSpec, texts: readonly string[]): number {
  const fixed: Partial<Record<FieldType, number>> = { date: 12, boolean: 8 };
  const widest = Math.max(displayWidth(f.name), ...texts.map((t) => displayWidth(t.split('\n')[0])));
  return Math.min(60, Math.max(fixed[f.type] ?? 8, widest + 2));
}

/** Per table: rows written and a sha256 of every written cell (cellKey), to compare with a read back. */
export type SheetDigests = Record<string, { rows: number; sha256: string }>;

export interface WorkbookInput {
  connection: DuckDBConnection;
  specs: readonly TableSpec[];
  counts: Readonly<Record<string, number>>;
  /** Release folder. */
  dir: string;
  name: string;
  version: string;
  /** The release's `created` (RFC 3339): the workbook's document dates and zip times. */
  created: string;
}

/**
 * Writes the workbook into the release folder; returns its file entry and, per sheet, the digest
 * of what was written (readWorkbookDigests must give the same).
 */
export async function writeWorkbook(input: WorkbookInput): Promise<{ file: ReleaseFile; digests: SheetDigests }> {
  const { connection, dir, created } = input;
  const rel = workbookPath(input.name, input.version);
  const workbook = new XlsxWriter(path.join(dir, rel), { creator: input.name, created });
  try {
    const tables = workbookTables(input.specs, input.counts);
    const digests: SheetDigests = {};
    for (const spec of tables) digests[spec.table] = await writeSheet(workbook, connection, spec);
    writeDictionary(workbook, input.specs, input.counts, new Set(tables.map((t) => t.table)));
    await workbook.commit();
    return { file: await fileStat(dir, rel), digests };
  } catch (e) {
    await workbook.abandon();
    throw e;
  }
}

async function writeSheet(workbook: XlsxWriter, connection: DuckDBConnection, spec: TableSpec): Promise<{ rows: number; sha256: string }> {
  const order = spec.primaryKey.map(ident).join(', ');
  const select = `SELECT ${spec.fields.map((f) => ident(f.name)).join(', ')} FROM ${ident(spec.table)} ORDER BY ${order}`;
  const total = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${ident(spec.table)}`)).getRowsJson()[0][0]);
  const sample = (await connection.runAndReadAll(`${select} LIMIT ${WIDTH_SAMPLE_ROWS}`)).getRows();
  const widths = spec.fields.map((f, k) => columnWidth(f, sample.map((r) => (r[k] === null ? '' : f.type === 'string' ? String(r[k]) : ''))));
  const sheet = workbook.addSheet(spec.table, spec.fields.map((f, k) => ({ header: f.name, width: widths[k], style: f.type === 'date' ? STYLE.date : STYLE.plain })), total);
  const hash = createHash('sha256');
  let rows = 0;
  const types = spec.fields.map((f) => f.type);
  const result = await connection.stream(select);
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    for (const raw of chunk.getRows()) {
      const values = types.map((type, k) => cellValue(raw[k], type));
      sheet.addRow(values);
      hash.update(values.map(cellKey).join('\u0001') + '\u0002');
      rows++;
    }
  }
  sheet.close();
  return { rows, sha256: hash.digest('hex') };
}

/** The dictionary sheet's rows: per table one line saying what it is, then one per column. */
export function dictionaryRows(specs: readonly TableSpec[], counts: Readonly<Record<string, number>>, inWorkbook: ReadonlySet<string>): string[][] {
  const out: string[][] = [];
  for (const s of specs.filter((x) => x.publish)) {
    const n = counts[s.table] ?? 0;
    const where = inWorkbook.has(s.table)
      ? `Sheet ${s.table}, ${n} rows.`
      : `${n} rows: longer than a sheet holds (${SHEET_ROWS.toLocaleString('en')} rows with the header), so not in this workbook; open csv/${s.table}.csv or parquet/${s.table}.parquet.`;
    out.push([s.table, '', 'table', '', `${s.title}. ${s.description} ${where}`, '']);
    for (const f of s.fields) {
      const values = f.enum ? ` One of: ${f.enum.filter((v) => v !== null).join(', ')}.` : '';
      out.push([s.table, f.name, TYPE_WORDS[f.type], f.nullable ? 'yes' : 'no', f.description + values, f.example === undefined ? '' : String(f.example)]);
    }
  }
  out.push(['', '', 'note', '', `Text longer than a cell holds (${CELL_CHARS.toLocaleString('en')} characters) is cut and ends with ${CUT_MARK}; control characters other than tab and line feed show as \ufffd. The CSV and Parquet files hold every value exactly.`, '']);
  return out;
}

function writeDictionary(workbook: XlsxWriter, specs: readonly TableSpec[], counts: Readonly<Record<string, number>>, inWorkbook: ReadonlySet<string>): void {
  const rows = dictionaryRows(specs, counts, inWorkbook);
  const headers = ['table', 'column', 'type', 'can be empty', 'what it holds', 'example'];
  const widths = [16, 20, 14, 12, 100, 30];
  // the explanations (column 5) wrap, top-aligned, in their wide column
  const sheet = workbook.addSheet(DICTIONARY_SHEET, headers.map((header, k) => ({ header, width: widths[k], style: k === 4 ? STYLE.wrapped : STYLE.plain })), rows.length);
  for (const r of rows) sheet.addRow(r.map((text) => (text === '' ? null : cellText(text))));
  sheet.close();
}
