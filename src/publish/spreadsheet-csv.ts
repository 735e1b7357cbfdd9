/**
 * The spreadsheet variant of each CSV table: `spreadsheet/<table>.csv`, for people who double-click
 * a CSV in Excel, LibreOffice or WPS. The canonical `csv/<table>.csv` stays as Frictionless
 * recommends (UTF-8 without a byte-order mark, LF) and byte-faithful to the data; this copy differs
 * in three ways, each for a spreadsheet program:
 *
 * - a UTF-8 byte-order mark, without which Excel on Windows reads UTF-8 as the ANSI code page and
 *   the Chinese text turns to mojibake;
 * - CRLF record ends (RFC 4180; line breaks inside quoted cells stay LF);
 * - formula-injection protection (OWASP, "CSV Injection"): a text cell that begins with = + - @,
 *   a tab or a carriage return gets a single quote ' in front, so the program shows it as text
 *   instead of evaluating it as a formula. Numbers, dates and booleans are never changed.
 *
 * The files are not Data Package resources (their values are not the data's), but they are listed
 * in SHA256SUMS like every file of the release. A table longer than a sheet has no copy: Excel and
 * LibreOffice Calc show at most 1,048,576 rows and would cut the rest off.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../db/open-database.ts';
import { ident, type TableSpec } from '../schema/index.ts';
import type { ReleaseFile } from './build-descriptor.ts';
import { fileStat } from './write-tables.ts';

export const SPREADSHEET_DIR = 'spreadsheet';

/** First characters that make a spreadsheet program read a cell as a formula (OWASP CSV Injection). */
export const FORMULA_TRIGGERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

/** The prefix that makes a spreadsheet program show the cell as text. */
export const TEXT_PREFIX = "'";

/** U+FEFF: UTF-8's byte-order mark, EF BB BF. */
const BOM = '\ufeff';

/** Rows per sheet in Excel and LibreOffice Calc (the header takes one). */
export const SHEET_ROWS = 1_048_576;

/** Whether a table of `rows` rows gets a spreadsheet copy: only when the whole of it fits in a sheet. */
export function fitsInSheet(rows: number): boolean {
  return rows + 1 <= SHEET_ROWS;
}

/** `spreadsheet/<table>.csv`. */
export function spreadsheetPath(table: string): string {
  return `${SPREADSHEET_DIR}/${table}.csv`;
}

/** The value as the spreadsheet variant holds it; null stays null. Mirrors protectedColumnSql. */
export function protectCell(value: string | null): string | null {
  return value !== null && value.length > 0 && FORMULA_TRIGGERS.includes(value[0]) ? TEXT_PREFIX + value : value;
}

/** The SQL expression of one column of the spreadsheet variant, named `alias`: text columns protected, others as they are. */
export function protectedColumnSql(name: string, type: string, alias = name): string {
  if (type !== 'string') return alias === name ? ident(name) : `${ident(name)} AS ${ident(alias)}`;
  // starts_with, not left(x, 1): left counts grapheme clusters, and CR LF is one.
  const starts = FORMULA_TRIGGERS.map((c) => `starts_with(${ident(name)}, chr(${c.codePointAt(0)}))`).join(' OR ');
  return `CASE WHEN ${starts} THEN ${sqlString(TEXT_PREFIX)} || ${ident(name)} ELSE ${ident(name)} END AS ${ident(alias)}`;
}

/** COPY options of the spreadsheet variant: the canonical dialect with CRLF record ends. */
const COPY_OPTIONS = `FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NULL '', NEW_LINE '\r\n'`;

/**
 * Writes `spreadsheet/<table>.csv` for every published table under `dir`: DuckDB writes the
 * protected rows (same order and columns as the canonical CSV), the byte-order mark first.
 */
export async function writeSpreadsheetTables(connection: DuckDBConnection, specs: readonly TableSpec[], dir: string, counts: Readonly<Record<string, number>>): Promise<ReleaseFile[]> {
  await mkdir(path.join(dir, SPREADSHEET_DIR), { recursive: true });
  const files: ReleaseFile[] = [];
  for (const spec of specs.filter((s) => s.publish && fitsInSheet(counts[s.table] ?? 0))) {
    const rel = spreadsheetPath(spec.table);
    const target = path.join(dir, rel);
    // The byte-order mark is the first character of the first column's name: DuckDB writes the
    // whole file, which is not copied again behind the mark.
    const columns = spec.fields.map((f, k) => protectedColumnSql(f.name, f.type, k === 0 ? BOM + f.name : f.name)).join(', ');
    const query = `SELECT ${columns} FROM ${ident(spec.table)} ORDER BY ${spec.primaryKey.map(ident).join(', ')}`;
    await connection.run(`COPY (${query}) TO ${sqlString(target)} (${COPY_OPTIONS})`);
    files.push(await fileStat(dir, rel));
  }
  return files;
}
