/**
 * The release's workbook, `spreadsheet/<name>-<version>.xlsx`: what a journalist opens. The facts
 * view first, then one sheet per published table, then the data dictionary in plain words. Written
 * with exceljs's streaming writer, row by row from DuckDB, so a large table never sits in memory.
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
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { ident, type FieldSpec, type FieldType, type TableSpec } from '../schema/index.ts';
import type { ReleaseFile } from './build-descriptor.ts';
import { fitsInSheet, SHEET_ROWS, SPREADSHEET_DIR } from './spreadsheet-csv.ts';
import { fileStat } from './write-tables.ts';

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

/** What a cell holds for one DuckDB value of a field, as exceljs takes it (null: an empty cell). */
export function cellValue(value: DuckDBValue, type: FieldType): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      // A rich-text value is written as an inline string (<is>), which no program reads as a formula.
      return { richText: [{ text: cellText(String(value)) }] };
    case 'integer':
    case 'number':
      return Number(value);
    case 'boolean':
      return Boolean(value);
    case 'date':
      // A DuckDB DATE counts days since 1970-01-01; exceljs turns a UTC Date into a date serial.
      return new Date((value as { days: number }).days * 86_400_000);
  }
}

/** A cell's value as a comparable string, the same whether taken from DuckDB (written) or from the file (read back). */
export function cellKey(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return 'd' + value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'richText' in value) return 's' + value.richText.map((r) => r.text).join('');
  if (typeof value === 'string') return 's' + value;
  if (typeof value === 'number') return 'n' + String(value);
  if (typeof value === 'boolean') return 'b' + String(value);
  return 'x' + JSON.stringify(value);
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

const HEADER_FONT = { bold: true };
const DATE_FORMAT = 'yyyy-mm-dd';

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

/** Zip times are DOS times, which start in 1980. */
function zipTime(created: string): Date {
  const t = new Date(created);
  const min = Date.UTC(1980, 0, 1);
  return t.getTime() < min ? new Date(min) : t;
}

/**
 * Writes the workbook into the release folder; returns its file entry and, per sheet, the digest
 * of what was written (readWorkbookDigests must give the same).
 */
export async function writeWorkbook(input: WorkbookInput): Promise<{ file: ReleaseFile; digests: SheetDigests }> {
  const { connection, dir, created } = input;
  const rel = workbookPath(input.name, input.version);
  await mkdir(path.join(dir, SPREADSHEET_DIR), { recursive: true });
  const when = new Date(created);
  const workbook = new PinnedWorkbookWriter({ filename: path.join(dir, rel), useStyles: true, useSharedStrings: false, created: when, modified: when, creator: input.name, lastModifiedBy: input.name }, zipTime(created));

  const tables = workbookTables(input.specs, input.counts);
  const digests: SheetDigests = {};
  for (const spec of tables) digests[spec.table] = await writeSheet(workbook, connection, spec);
  writeDictionary(workbook, input.specs, input.counts, new Set(tables.map((t) => t.table)));
  await workbook.commit();
  return { file: await fileStat(dir, rel), digests };
}

/**
 * exceljs's streaming writer with every zip entry's time pinned: it adds entries to an archiver
 * zip, which takes a `date` per entry and uses the clock's now without one. The first entries
 * (theme, relationships) are added from the base constructor through addThemes, so the pin is
 * put on there; the time comes from the static field because subclass fields do not exist yet.
 */
class PinnedWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  private static pinning: Date | null = null;

  constructor(options: Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions> & { created: Date; modified: Date; creator: string; lastModifiedBy: string }, time: Date) {
    PinnedWorkbookWriter.pinning = time;
    try {
      super(options);
    } finally {
      PinnedWorkbookWriter.pinning = null;
    }
  }

  override addThemes(): Promise<void> {
    const time = PinnedWorkbookWriter.pinning;
    if (time === null) throw new Error('PinnedWorkbookWriter: addThemes called outside the constructor');
    const zip = (this as unknown as { zip: { append: (source: unknown, data: Record<string, unknown>) => unknown } }).zip;
    const append = zip.append.bind(zip);
    zip.append = (source, data) => append(source, { ...data, date: time });
    return super.addThemes();
  }
}

/** Header cells: inline text, bold. */
function headerRow(sheet: ExcelJS.Worksheet, names: readonly string[]): void {
  const row = sheet.addRow(names.map((name) => ({ richText: [{ text: name }] })));
  row.font = HEADER_FONT;
  row.commit();
}

function newSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: { header: string; width: number; type?: FieldType }[], rows: number): ExcelJS.Worksheet {
  const last = columnLetter(columns.length);
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    autoFilter: `A1:${last}${rows + 1}`,
  } as Partial<ExcelJS.AddWorksheetOptions>);
  sheet.columns = columns.map((c) => ({ width: c.width, ...(c.type === 'date' ? { style: { numFmt: DATE_FORMAT } } : {}) }));
  headerRow(sheet, columns.map((c) => c.header));
  return sheet;
}

/** A, B, …, Z, AA, … for a 1-based column number. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

async function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, connection: DuckDBConnection, spec: TableSpec): Promise<{ rows: number; sha256: string }> {
  const order = spec.primaryKey.map(ident).join(', ');
  const select = `SELECT ${spec.fields.map((f) => ident(f.name)).join(', ')} FROM ${ident(spec.table)} ORDER BY ${order}`;
  const total = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${ident(spec.table)}`)).getRowsJson()[0][0]);
  const sample = (await connection.runAndReadAll(`${select} LIMIT ${WIDTH_SAMPLE_ROWS}`)).getRows();
  const widths = spec.fields.map((f, k) => columnWidth(f, sample.map((r) => (r[k] === null ? '' : f.type === 'string' ? String(r[k]) : ''))));
  const sheet = newSheet(workbook, spec.table, spec.fields.map((f, k) => ({ header: f.name, width: widths[k], type: f.type })), total);
  const hash = createHash('sha256');
  let rows = 0;
  // One style object per column, shared by its cells: exceljs caches a style's id by object, and
  // a fresh object per cell (its default) costs a style lookup per cell, a third of the writing time.
  const styles: Partial<ExcelJS.Style>[] = spec.fields.map((f) => (f.type === 'date' ? { numFmt: DATE_FORMAT } : {}));
  const result = await connection.stream(select);
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    for (const raw of chunk.getRows()) {
      const values = spec.fields.map((f, k) => cellValue(raw[k], f.type));
      const row = sheet.addRow(values);
      for (let k = 0; k < styles.length; k++) row.getCell(k + 1).style = styles[k];
      row.commit();
      hash.update(values.map(cellKey).join('\u0001') + '\u0002');
      rows++;
    }
    // Let the zip stream drain what the sheet wrote before the next chunk.
    await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
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

function writeDictionary(workbook: ExcelJS.stream.xlsx.WorkbookWriter, specs: readonly TableSpec[], counts: Readonly<Record<string, number>>, inWorkbook: ReadonlySet<string>): void {
  const rows = dictionaryRows(specs, counts, inWorkbook);
  const headers = ['table', 'column', 'type', 'can be empty', 'what it holds', 'example'];
  const widths = [16, 20, 14, 12, 100, 30];
  const sheet = newSheet(workbook, DICTIONARY_SHEET, headers.map((header, k) => ({ header, width: widths[k] })), rows.length);
  const plain = {};
  const wrapped = { alignment: { wrapText: true, vertical: 'top' } } as Partial<ExcelJS.Style>;
  for (const r of rows) {
    const row = sheet.addRow(r.map((text) => (text === '' ? null : { richText: [{ text: cellText(text) }] })));
    for (let k = 1; k <= headers.length; k++) row.getCell(k).style = k === 5 ? wrapped : plain;
    row.commit();
  }
  sheet.commit();
}
