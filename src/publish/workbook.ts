/**
 * The release's workbook, `spreadsheet/<name>-<version>.xlsx`: what a journalist opens. The facts
 * view first, then one sheet per published table, then the data dictionary in plain words. Written
 * with xlsx-writer.ts, streamed from DuckDB, so a large table never sits in memory. DuckDB makes
 * almost every row's XML and cell keys itself (rowSql), in parallel and as bytes: building them in
 * JavaScript, a string per cell, took 20 s of the main thread for the 715 MB of sheet XML of the
 * 20,000-article bench; the few rows it cannot format as JavaScript does are made by cellValue and
 * SheetWriter.addRow, and a test holds the two ways to the same bytes. Each table is first copied in
 * its primary key order and the rows are made from the copy in its stored order (its rowid is the
 * row number), so DuckDB never sorts or windows the rows' XML (see writeSheet).
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
import type { DuckDBBlobVector, DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { BackgroundDeflater } from '../release/archive.ts';
import { ident, type FieldSpec, type FieldType, type TableSpec } from '../schema/index.ts';
import type { ReleaseFile } from './build-descriptor.ts';
import { fitsInSheet, SHEET_ROWS, SPREADSHEET_DIR } from './spreadsheet-csv.ts';
import { fileStat } from './write-tables.ts';
import { type CellValue, columnLetter, STYLE, UNIX_EPOCH_SERIAL, XlsxWriter } from './xlsx-writer.ts';

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
  /** Workers to deflate the large sheets on, shared with the caller (XlsxWriter's `deflater`). */
  deflater?: BackgroundDeflater;
  /** XlsxWriter's backgroundBytes. */
  backgroundBytes?: number;
}

/**
 * Writes the workbook into the release folder; returns its file entry and, per sheet, the digest
 * of what was written (readWorkbookDigests must give the same).
 */
export async function writeWorkbook(input: WorkbookInput): Promise<{ file: ReleaseFile; digests: SheetDigests }> {
  const { connection, dir, created } = input;
  const rel = workbookPath(input.name, input.version);
  const workbook = new XlsxWriter(path.join(dir, rel), { creator: input.name, created, deflater: input.deflater, backgroundBytes: input.backgroundBytes });
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

/**
 * White space as JavaScript's `\s` has it (EDGE_SPACE of xlsx-writer.ts): a text starting or ending
 * with one keeps it with xml:space. Read from `\s` itself, whose characters are all in the BMP.
 */
const JS_SPACE = String.fromCharCode(...Array.from({ length: 0x10000 }, (_, c) => c).filter((c) => /\s/.test(String.fromCharCode(c))));
/** Characters NOT_XML replaces, for RE2 (DuckDB's regular expressions); DuckDB's text holds no lone surrogate. */
const NOT_XML_RE2 = '[\\x00-\\x08\\x0b-\\x1f\\x7f\\x{fffe}\\x{ffff}]';

/** A text of white space as a DuckDB expression: chr() of each character. */
const sqlChars = (text: string) => [...text].map((ch) => `chr(${ch.codePointAt(0)})`).join(' || ');

/**
 * The SQL that makes a sheet's rows in DuckDB, in parallel and without a JavaScript string per
 * cell, from `sorted`, a copy of the table in its primary key order: read in its stored order (the
 * connection preserves insertion order), its rowid + 2 the sheet's row number. Per row `_xlsx_x` the UTF-8 of its XML exactly as SheetWriter.addRow
 * writes it (cellValue, then cellXml), `_xlsx_k` the UTF-8 of its cell keys as writeSheet hashes
 * them (cellKey), and `_xlsx_is_js` true for a row whose values DuckDB cannot format as JavaScript does: a text
 * longer than a cell might hold or with characters XML cannot carry (cellText changes those), an
 * integer past 2^53, a number outside [1e-4, 1e15) (JavaScript writes an exponent or rounds
 * differently there), a date outside the years 1000-9999. Those few rows come with their values
 * (the `v<k>` columns) and are written by cellValue and addRow as before.
 */
export function rowSql(spec: TableSpec, sorted: string): string {
  // One concat per row and one per key, of pieces that are NULL (so left out) where the value is
  // NULL: no intermediate string per cell.
  const row: string[] = [`'<row r="'`, '_xlsx_r', `'">'`];
  const keys: string[] = [];
  const exotic: string[] = [];
  spec.fields.forEach((f, k) => {
    const v = ident(f.name);
    const given = (piece: string) => `CASE WHEN ${v} IS NOT NULL THEN ${piece} END`;
    if (k > 0) keys.push('chr(1)');
    row.push(given(`'<c r="${columnLetter(k + 1)}'`), given('_xlsx_r'));
    switch (f.type) {
      case 'string': {
        const first = `substring(${v}, 1, 1)`;
        const last = `substring(${v}, length(${v}), 1)`;
        const edge = `${v} <> '' AND (contains(_xlsx_space, ${first}) OR contains(_xlsx_space, ${last}))`;
        row.push(
          given(`CASE WHEN ${edge} THEN '" t="inlineStr"><is><t xml:space="preserve">' ELSE '" t="inlineStr"><is><t>' END`),
          `CASE WHEN regexp_matches(${v}, '[&<>]') THEN replace(replace(replace(${v}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;') ELSE ${v} END`,
          given(`'</t></is></c>'`),
        );
        keys.push(given(`'s'`), v);
        exotic.push(`strlen(${v}) > ${CELL_CHARS}`, `regexp_matches(${v}, '${NOT_XML_RE2}')`);
        break;
      }
      case 'integer':
        row.push(given(`'"><v>'`), `CAST(${v} AS VARCHAR)`, given(`'</v></c>'`));
        keys.push(given(`'n'`), `CAST(${v} AS VARCHAR)`);
        exotic.push(`abs(${v}) > ${Number.MAX_SAFE_INTEGER}`);
        break;
      case 'number': {
        // JavaScript writes an integral double without a decimal point; DuckDB writes others in [1e-4, 1e15) as JavaScript does.
        const text = `CASE WHEN ${v} = trunc(${v}) THEN CAST(CAST(${v} AS BIGINT) AS VARCHAR) ELSE CAST(${v} AS VARCHAR) END`;
        row.push(given(`'"><v>'`), text, given(`'</v></c>'`));
        keys.push(given(`'n'`), text);
        exotic.push(`NOT (${v} = 0 OR (abs(${v}) >= 1e-4 AND abs(${v}) < 1e15))`);
        break;
      }
      case 'boolean':
        row.push(given(`CASE WHEN ${v} THEN '" t="b"><v>1</v></c>' ELSE '" t="b"><v>0</v></c>' END`));
        keys.push(given(`CASE WHEN ${v} THEN 'btrue' ELSE 'bfalse' END`));
        break;
      case 'date':
        row.push(given(`'" s="${STYLE.date}"><v>'`), `CAST((${v} - DATE '1970-01-01') + ${UNIX_EPOCH_SERIAL} AS VARCHAR)`, given(`'</v></c>'`));
        keys.push(given(`'d'`), `strftime(${v}, '%Y-%m-%d')`);
        exotic.push(`year(${v}) NOT BETWEEN 1000 AND 9999`);
        break;
    }
  });
  row.push(`'</row>'`);
  keys.push('chr(2)');
  const js = exotic.length ? `coalesce(${exotic.map((e) => `coalesce(${e}, false)`).join(' OR ')}, false)` : 'false';
  const values = spec.fields.map((f, k) => `CASE WHEN _xlsx_js THEN ${ident(f.name)} END AS v${k}`);
  return `SELECT CASE WHEN NOT _xlsx_js THEN encode(concat(${row.join(', ')})) END AS _xlsx_x, ` +
    `CASE WHEN NOT _xlsx_js THEN encode(concat(${keys.join(', ')})) END AS _xlsx_k, _xlsx_js AS _xlsx_is_js, ${values.join(', ')} ` +
    `FROM (SELECT *, ${js} AS _xlsx_js FROM (SELECT *, CAST(rowid + 2 AS VARCHAR) AS _xlsx_r, ${sqlChars(JS_SPACE)} AS _xlsx_space FROM ${ident(sorted)}))`;
}

/** The temporary copy of a table in its primary key order that rowSql reads (a sheet at a time). */
const SORTED_COPY = '__xlsx_sorted';

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
  // The rows sorted once into a copy, then read in its order (its rowid is the row's place): the
  // row XML made from it is streamed, never sorted, which under half the memory limit ran DuckDB
  // out of memory at 100,000 articles (the window and the sort of each row's XML over a whole table).
  await connection.run('SET preserve_insertion_order = true');
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${ident(SORTED_COPY)} AS ${select}`);
  try {
    const result = await connection.stream(rowSql(spec, SORTED_COPY));
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const xml = chunk.getColumnVector(0) as DuckDBBlobVector;
      const key = chunk.getColumnVector(1) as DuckDBBlobVector;
      const js = chunk.getColumnVector(2);
      for (let i = 0; i < chunk.rowCount; i++) {
        if (js.getItem(i) === true) {
          const values = types.map((type, k) => cellValue(chunk.getColumnVector(3 + k).getItem(i), type));
          sheet.addRow(values);
          hash.update(values.map(cellKey).join('\u0001') + '\u0002');
        } else {
          sheet.addRowBytes(xml.getItemBytes(i)!);
          hash.update(key.getItemBytes(i)!);
        }
        rows++;
      }
    }
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${ident(SORTED_COPY)}`);
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
