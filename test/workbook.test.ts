/**
 * The release workbook (src/publish/workbook.ts): a sample table with every type and the values
 * spreadsheets get wrong (formula-looking text, codes with leading zeros, characters outside the
 * BMP, text longer than a cell), and the workbook of every table of the synthetic page. Read back three ways: our
 * streaming reader (what publish runs), exceljs's whole-file reader, and LibreOffice headless with
 * its default filters (one run converts both workbooks to flat ODF, which keeps each cell's type).
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { openDatabase, sqlString, type Database } from '../src/db/open-database.ts';
import { readWorkbookDigests } from '../src/publish/read-workbook.ts';
import { CELL_CHARS, cellText, cellValue, columnLetter, CUT_MARK, DICTIONARY_SHEET, dictionaryRows, workbookPath, workbookTables, writeWorkbook, type SheetDigests } from '../src/publish/workbook.ts';
import { SHEET_ROWS } from '../src/publish/spreadsheet-csv.ts';
import { STYLE, XlsxWriter } from '../src/publish/xlsx-writer.ts';
import { createAjv, createTableSql, deriveTableSpec, loadSchemas, type TableSpec } from '../src/schema/index.ts';
import { loadedDatabase, removeDir, syntheticRows, tempDir } from './helpers/fixtures.ts';
import { run, skipUnless, SOFFICE } from './helpers/tools.ts';

const CREATED = '2026-11-25T00:00:00Z';
const FORMULAS = ['=1+1', '+86 138', '-5', '@SUM(A1:A2)', '=HYPERLINK("http://example.invalid","x")'];
const LONG = '疫'.repeat(CELL_CHARS + 10);

const SAMPLE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'samples',
  title: 'Samples',
  description: 'Every type, and values spreadsheets get wrong.',
  type: 'object',
  additionalProperties: false,
  'x-primaryKey': ['id'],
  'x-publish': true,
  required: ['id', 'code', 'label', 'count', 'share', 'flag', 'day'],
  properties: {
    id: { type: 'string', description: 'Key.' },
    code: { type: 'string', description: 'A division code: text, whatever its digits.' },
    label: { type: ['string', 'null'], description: 'Text.' },
    count: { type: ['integer', 'null'], description: 'A whole number.' },
    share: { type: ['number', 'null'], description: 'A number.' },
    flag: { type: ['boolean', 'null'], description: 'True or false.' },
    day: { type: ['string', 'null'], format: 'date', description: 'A day.' },
  },
};
const sample: TableSpec = deriveTableSpec('schema/samples.schema.json', SAMPLE_SCHEMA, createAjv().compile(SAMPLE_SCHEMA));

type Sample = [id: string, code: string, label: string | null, count: number | null, share: number | null, flag: boolean | null, day: string | null];
const SAMPLES: Sample[] = [
  ['r01', '0410', FORMULAS[0], 1, 0.5, true, '2022-01-04'],
  ['r02', '410802001001', FORMULAS[1], 1_099_511_627_776, -1.25, false, '1999-12-31'],
  ['r03', '4108', FORMULAS[2], null, null, null, null],
  ['r04', '410802', FORMULAS[3], 0, 0, true, '2022-02-28'],
  ['r05', '007', '解放区𠀀“战疫”\n第二行', 2, 3.25, false, '2020-02-29'],
  ['r06', '1E5', 'TRUE', 3, 1e-3, true, '2022-01-27'],
  ['r07', '00', FORMULAS[4], 4, 100, false, '2023-12-31'],
  ['r08', '41', LONG, 5, 2.5, true, '2022-06-01'],
];

function sqlValue(v: unknown, type: string): string {
  if (v === null) return 'NULL';
  if (type === 'date') return `DATE ${sqlString(String(v))}`;
  if (type === 'string') return sqlString(String(v));
  return String(v);
}

async function sampleDatabase(dir: string): Promise<Database> {
  const db = await openDatabase({ tempDirectory: dir, memoryLimit: '256MB' });
  await db.connection.run(createTableSql(sample));
  const rows = SAMPLES.map((r) => `(${r.map((v, k) => sqlValue(v, sample.fields[k].type)).join(', ')})`);
  await db.connection.run(`INSERT INTO samples VALUES ${rows.join(', ')}`);
  return db;
}

/** The DOS date and time of every local file header of a zip, as `YYYY-MM-DD HH:MM:SS`. */
function zipEntryTimes(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let i = bytes.indexOf(0x04034b50 & 0xff); i >= 0 && i + 30 <= bytes.length; i = bytes.indexOf(0x50, i + 1)) {
    if (bytes.readUInt32LE(i) !== 0x04034b50) continue;
    const time = bytes.readUInt16LE(i + 10);
    const date = bytes.readUInt16LE(i + 12);
    const pad = (n: number) => String(n).padStart(2, '0');
    out.push(`${1980 + (date >> 9)}-${pad((date >> 5) & 15)}-${pad(date & 31)} ${pad(time >> 11)}:${pad((time >> 5) & 63)}:${pad((time & 31) * 2)}`);
  }
  return out;
}

/** A cell's text as exceljs reads it (rich text joined). */
function textOf(v: ExcelJS.CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return typeof v === 'string' ? v : null;
}

// ───────────── LibreOffice's flat ODF, read just enough to see each cell's type and text ─────────────

interface OdfCell { type: string | null; value: string | null; text: string; formula: string | null }

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e]);
}

function paragraphText(p: string): string {
  return unescapeXml(p
    .replace(/<text:s(?:\s+text:c="(\d+)")?\s*\/>/g, (_, n?: string) => ' '.repeat(n ? Number(n) : 1))
    .replace(/<text:tab\s*\/>/g, '\t')
    .replace(/<text:line-break\s*\/>/g, '\n')
    .replace(/<[^>]+>/g, ''));
}

/** Sheets of a .fods file: name → rows of cells (trailing repeated empty cells dropped). */
function readFods(xml: string): Map<string, OdfCell[][]> {
  const sheets = new Map<string, OdfCell[][]>();
  for (const t of xml.matchAll(/<table:table table:name="([^"]*)"[^>]*>([\s\S]*?)<\/table:table>/g)) {
    const rows: OdfCell[][] = [];
    for (const r of t[2].matchAll(/<table:table-row(?:\s[^>]*)?>([\s\S]*?)<\/table:table-row>/g)) {
      const cells: OdfCell[] = [];
      for (const c of r[1].matchAll(/<table:table-cell(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)) {
        const attrs = c[1] ?? '';
        const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1] ?? null;
        const repeat = Math.min(Number(attr('table:number-columns-repeated') ?? 1), 64);
        const type = attr('office:value-type');
        const cell = { type, value: attr('office:date-value') ?? attr('office:value'), formula: attr('table:formula'), text: [...(c[2] ?? '').matchAll(/<text:p(?:\s[^>]*)?>([\s\S]*?)<\/text:p>|<text:p\s*\/>/g)].map((p) => paragraphText(p[1] ?? '')).join('\n') };
        for (let k = 0; k < repeat; k++) cells.push(cell);
      }
      while (cells.length && cells[cells.length - 1].type === null) cells.pop();
      if (cells.length) rows.push(cells);
    }
    sheets.set(unescapeXml(t[1]), rows);
  }
  return sheets;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────

let dir: string;
let db: Database;
let file: string;
let digests: SheetDigests;

before(async () => {
  dir = await tempDir('workbook');
  db = await sampleDatabase(dir);
  const written = await writeWorkbook({ connection: db.connection, specs: [sample], counts: { samples: SAMPLES.length }, dir: path.join(dir, 'a'), name: 'test', version: '1.0.0', created: CREATED });
  file = path.join(dir, 'a', written.file.path);
  digests = written.digests;
});
after(async () => {
  db.close();
  await removeDir(dir);
});

describe('the workbook of a sample table', () => {
  it('is spreadsheet/<name>-<version>.xlsx, byte for byte the same when written again, with every time the release\'s created', async () => {
    assert.equal(path.relative(path.join(dir, 'a'), file), workbookPath('test', '1.0.0'));
    assert.equal(workbookPath('test', '1.0.0'), 'spreadsheet/test-1.0.0.xlsx');
    // Every entry's time is the release's created (below), so no wait is needed to tell a clock time apart.
    const again = await writeWorkbook({ connection: db.connection, specs: [sample], counts: { samples: SAMPLES.length }, dir: path.join(dir, 'b'), name: 'test', version: '1.0.0', created: CREATED });
    const [a, b] = [await readFile(file), await readFile(path.join(dir, 'b', again.file.path))];
    assert.ok(a.equals(b), 'two writes give identical bytes');
    const times = zipEntryTimes(a);
    assert.ok(times.length >= 6, `zip entries found: ${times.length}`);
    assert.deepEqual([...new Set(times)], ['2026-11-25 00:00:00']);
    const core = strFromU8(unzipSync(new Uint8Array(a), { filter: (f) => f.name === 'docProps/core.xml' })['docProps/core.xml']);
    assert.match(core, /<dcterms:created[^>]*>2026-11-25T00:00:00Z<\/dcterms:created>/);
    assert.match(core, /<dcterms:modified[^>]*>2026-11-25T00:00:00Z<\/dcterms:modified>/);
  });

  it('holds no formula and no shared string: text is inline', async () => {
    const entries = unzipSync(new Uint8Array(await readFile(file)));
    const sheets = Object.keys(entries).filter((n) => n.startsWith('xl/worksheets/sheet'));
    assert.equal(sheets.length, 2);
    for (const n of sheets) {
      const xml = strFromU8(entries[n]);
      assert.doesNotMatch(xml, /<f[ >]/, `${n} has a formula`);
      assert.doesNotMatch(xml, /\bt="(s|str)"/, `${n} has a shared or formula string`);
    }
  });

  it('reads back with exceljs: types, frozen header, filter, widths, and the dictionary sheet last', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['samples', DICTIONARY_SHEET]);
    const ws = wb.getWorksheet('samples')!;
    assert.equal(ws.views[0].state, 'frozen');
    assert.equal((ws.views[0] as ExcelJS.WorksheetViewFrozen).ySplit, 1);
    assert.equal(String(ws.autoFilter), `A1:G${SAMPLES.length + 1}`);
    assert.deepEqual(sample.fields.map((_, k) => textOf(ws.getRow(1).getCell(k + 1).value)), sample.fields.map((f) => f.name));
    assert.ok(ws.columns.every((c) => typeof c.width === 'number' && c.width >= 8 && c.width <= 60), 'every column has a width');
    SAMPLES.forEach((r, i) => {
      const row = ws.getRow(i + 2);
      const cells = sample.fields.map((_, k) => row.getCell(k + 1));
      for (const c of cells) assert.notEqual(c.type, ExcelJS.ValueType.Formula, `${c.address} is a formula`);
      assert.equal(textOf(cells[0].value), r[0]);
      assert.equal(textOf(cells[1].value), r[1], 'a code stays text, leading zeros and all');
      assert.equal(textOf(cells[2].value), r[2] === null ? null : cellText(r[2]));
      assert.equal(cells[3].value ?? null, r[3]);
      assert.equal(cells[4].value ?? null, r[4]);
      assert.equal(cells[5].value ?? null, r[5]);
      if (r[6] === null) assert.equal(cells[6].value ?? null, null);
      else {
        assert.ok(cells[6].value instanceof Date, `${cells[6].address} is a date`);
        assert.equal((cells[6].value as Date).toISOString().slice(0, 10), r[6]);
        assert.equal(cells[6].numFmt, 'yyyy-mm-dd');
      }
    });
    const dictionary = wb.getWorksheet(DICTIONARY_SHEET)!;
    const texts = (row: number, n: number) => Array.from({ length: n }, (_, k) => textOf(dictionary.getRow(row).getCell(k + 1).value));
    assert.deepEqual(texts(2, 3), ['samples', null, 'table']);
    assert.deepEqual(texts(4, 4), ['samples', 'code', 'text', 'no']);
  });

  it('a text longer than a cell is cut with a mark; characters XML cannot carry become U+FFFD', () => {
    const cut = cellText(LONG);
    assert.equal(cut.length, CELL_CHARS);
    assert.ok(cut.endsWith(CUT_MARK));
    assert.equal(cellText('a\u0007b\rc\u007fd\ud800e\tf\ng𠀀'), 'a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng𠀀');
    assert.equal(cellText('𠀀'.repeat(CELL_CHARS)).length <= CELL_CHARS, true, 'never longer than a cell, never half a pair');
    assert.doesNotMatch(cellText('𠀀'.repeat(CELL_CHARS)), /[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('the streaming read back gives the digests written, and finds a changed cell', async () => {
    const read = await readWorkbookDigests(file, [sample]);
    assert.deepEqual(read.sheets, ['samples', DICTIONARY_SHEET]);
    assert.deepEqual(read.headers.samples, sample.fields.map((f) => f.name));
    assert.deepEqual(read.digests.samples, digests.samples);
    assert.equal(digests.samples.rows, SAMPLES.length);
    const entries = unzipSync(new Uint8Array(await readFile(file)));
    const name = 'xl/worksheets/sheet1.xml';
    entries[name] = strToU8(strFromU8(entries[name]).replace('解放区', '解放县'));
    const tampered = path.join(dir, 'tampered.xlsx');
    await writeFile(tampered, zipSync(entries));
    const bad = await readWorkbookDigests(tampered, [sample]);
    assert.equal(bad.digests.samples.rows, SAMPLES.length);
    assert.notEqual(bad.digests.samples.sha256, digests.samples.sha256);
  });

  it('a sheet deflated on a worker while the next is written gives the same bytes as one deflated at the end', async () => {
    const write = async (file: string, backgroundBytes: number) => {
      const xlsx = new XlsxWriter(file, { creator: 'test', created: CREATED, backgroundBytes });
      for (const name of ['one', 'two']) {
        const sheet = xlsx.addSheet(name, [{ header: 'text', width: 20, style: STYLE.plain }, { header: 'day', width: 12, style: STYLE.date }], 2000);
        for (let i = 0; i < 2000; i++) sheet.addRow([`${name} 疫情 ${i} <&>`, { date: 18_000 + i }]);
        sheet.close();
      }
      await xlsx.commit();
      return readFile(file);
    };
    const inBackground = await write(path.join(dir, 'background.xlsx'), 0);
    const atTheEnd = await write(path.join(dir, 'at-the-end.xlsx'), Infinity);
    assert.ok(inBackground.equals(atTheEnd));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'background.xlsx'));
    assert.equal(textOf(wb.getWorksheet('two')!.getRow(2001).getCell(1).value), 'two 疫情 1999 <&>');
    assert.deepEqual((await readdir(dir)).filter((f) => f.includes('.parts-') || f.includes('.tmp-')), [], 'no part folder left');
  });

  it('rows made by DuckDB (rowSql) are byte for byte the rows addRow makes from the same values, and read back as written', async () => {
    const TRICKY_SCHEMA = {
      ...SAMPLE_SCHEMA, $id: 'tricky', 'x-primaryKey': ['id'], required: ['id', 'text', 'whole', 'number', 'flag', 'day'],
      properties: {
        id: { type: 'integer', description: 'Key.' },
        text: { type: ['string', 'null'], description: 'Text.' },
        whole: { type: ['integer', 'null'], description: 'A whole number.' },
        number: { type: ['number', 'null'], description: 'A number.' },
        flag: { type: ['boolean', 'null'], description: 'True or false.' },
        day: { type: ['string', 'null'], format: 'date', description: 'A day.' },
      },
    };
    const tricky = deriveTableSpec('schema/tricky.schema.json', TRICKY_SCHEMA, createAjv().compile(TRICKY_SCHEMA));
    // Each column's values cycle on their own: texts with edge spaces of every kind, markup, characters
    // XML cannot carry, text past a cell; numbers at the edges of where DuckDB formats them as JavaScript does.
    const texts = [null, '', ' 前', '后 ', '\u3000全角', '\u00a0x', 'x\ufeff', 'a&b<c>d', '响\u0007铃', 'r\r\nn', 't\tb', '𠀀𠀁', '乡'.repeat(CELL_CHARS), 'x'.repeat(CELL_CHARS + 1), '\u2028', 'plain'];
    const wholes = [null, 0, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 1_099_511_627_776];
    const numbers = [null, 0, -0, 0.1, 1e-4, 9.99e-5, 1e-7, 123456.789, 1e15 - 0.5, 1e15, 1e21, -1.5, 2 / 3, 860000];
    const flags = [null, true, false];
    const days = [null, '1970-01-01', '1900-03-01', '0999-12-31', '2024-02-29', '9999-12-31'];
    const n = texts.length * numbers.length;
    const tdb = await openDatabase({ tempDirectory: dir, memoryLimit: '256MB' });
    try {
      await tdb.connection.run(createTableSql(tricky));
      const values = Array.from({ length: n }, (_, i) => [i, texts[i % texts.length], wholes[i % wholes.length], numbers[i % numbers.length], flags[i % flags.length], days[i % days.length]]);
      await tdb.connection.run(`INSERT INTO tricky VALUES ${values.map((r) => `(${r.map((v, k) => sqlValue(v, tricky.fields[k].type)).join(', ')})`).join(', ')}`);
      const written = await writeWorkbook({ connection: tdb.connection, specs: [tricky], counts: { tricky: n }, dir: path.join(dir, 'tricky'), name: 'tricky', version: '1.0.0', created: CREATED });
      const file = path.join(dir, 'tricky', written.file.path);
      const sheetData = (xml: string) => xml.slice(xml.indexOf('<row r="2">'), xml.indexOf('</sheetData>'));
      const bySql = sheetData(strFromU8(unzipSync(new Uint8Array(await readFile(file)))['xl/worksheets/sheet1.xml']));
      // The same rows by JavaScript alone: cellValue, then addRow.
      const plain = (await tdb.connection.runAndReadAll('SELECT * FROM tricky ORDER BY id')).getRows();
      const js = new XlsxWriter(path.join(dir, 'tricky-js.xlsx'), { creator: 'test', created: CREATED });
      const sheet = js.addSheet('tricky', tricky.fields.map((f) => ({ header: f.name, width: 10, style: f.type === 'date' ? STYLE.date : STYLE.plain })), n);
      for (const r of plain) sheet.addRow(tricky.fields.map((f, k) => cellValue(r[k], f.type)));
      sheet.close();
      await js.commit();
      const byJs = sheetData(strFromU8(unzipSync(new Uint8Array(await readFile(path.join(dir, 'tricky-js.xlsx'))))['xl/worksheets/sheet1.xml']));
      assert.equal(bySql.length, byJs.length);
      assert.ok(bySql === byJs, 'the same sheet rows');
      const read = await readWorkbookDigests(file, [tricky]);
      assert.deepEqual(read.digests.tricky, written.digests.tricky);
      assert.equal(written.digests.tricky.rows, n);
    } finally {
      await tdb.close();
    }
  });

  it('a table longer than a sheet is left out, and the dictionary says where to find it', () => {
    const specs = loadSchemas();
    const counts = Object.fromEntries(specs.map((s) => [s.table, 10]));
    assert.equal(workbookTables(specs, counts)[0].table, 'facts', 'the facts sheet comes first');
    const long = { ...counts, text_segments: SHEET_ROWS };
    assert.ok(!workbookTables(specs, long).some((s) => s.table === 'text_segments'));
    const inWorkbook = new Set(workbookTables(specs, long).map((s) => s.table));
    const line = dictionaryRows(specs, long, inWorkbook).find((r) => r[0] === 'text_segments' && r[2] === 'table')!;
    assert.match(line[4], /not in this workbook; open csv\/text_segments\.csv or parquet\/text_segments\.parquet/);
    assert.equal(columnLetter(1), 'A');
    assert.equal(columnLetter(26), 'Z');
    assert.equal(columnLetter(27), 'AA');
    assert.equal(columnLetter(16_384), 'XFD');
  });
});

describe('the workbook of every table (the synthetic page)', () => {
  const specs = loadSchemas();
  const rows = syntheticRows();
  const counts = Object.fromEntries(specs.map((s) => [s.table, rows[s.table as keyof typeof rows].length]));
  let tablesDb: Database;
  let tablesFile: string;
  let tablesDigests: SheetDigests;
  before(async () => {
    tablesDb = await loadedDatabase(specs, rows, dir);
    const written = await writeWorkbook({ connection: tablesDb.connection, specs, counts, dir: path.join(dir, 'tables'), name: 'test', version: '1.0.0', created: CREATED });
    tablesFile = path.join(dir, 'tables', written.file.path);
    tablesDigests = written.digests;
  });
  after(() => tablesDb.close());

  it('has the facts sheet first, every published table, and the dictionary last, each reading back as written', async () => {
    const read = await readWorkbookDigests(tablesFile, specs);
    const published = specs.filter((s) => s.publish).map((s) => s.table);
    assert.deepEqual(read.sheets, ['facts', ...published.filter((t) => t !== 'facts'), DICTIONARY_SHEET]);
    for (const t of published) {
      assert.equal(read.digests[t].rows, counts[t], t);
      assert.deepEqual(read.digests[t], tablesDigests[t], t);
      assert.deepEqual(read.headers[t], specs.find((s) => s.table === t)!.fields.map((f) => f.name), t);
    }
    assert.ok(counts.facts > 0 && counts.places > 0);
  });

  // verify's check of the workbook against the CSV resources: test/release-verify.test.ts (a damaged CSV).

  it('LibreOffice (headless, default filters) opens both workbooks with every character and type intact', { skip: skipUnless(SOFFICE, 'LibreOffice', 'apt-get install libreoffice-calc-nogui') }, async () => {
    const work = path.join(dir, 'soffice');
    await mkdir(path.join(work, 'in'), { recursive: true });
    await copyFile(file, path.join(work, 'in/sample.xlsx'));
    await copyFile(tablesFile, path.join(work, 'in/tables.xlsx'));
    // One run for both (LibreOffice is slow to start); flat ODF keeps each cell's type.
    run(SOFFICE!, [`-env:UserInstallation=${pathToFileURL(path.join(work, 'profile')).href}`, '--headless', '--convert-to', 'fods', '--outdir', path.join(work, 'out'), path.join(work, 'in/sample.xlsx'), path.join(work, 'in/tables.xlsx')]);

    const sampleSheets = readFods(await readFile(path.join(work, 'out/sample.fods'), 'utf8'));
    const sampleRows = sampleSheets.get('samples')!;
    assert.deepEqual(sampleRows[0].map((c) => c.text), sample.fields.map((f) => f.name));
    SAMPLES.forEach((r, i) => {
      const cells = sampleRows[i + 1];
      for (const c of cells) assert.equal(c.formula === null || /^of:=(TRUE|FALSE)\(\)$/.test(c.formula), true, `row ${i + 2}: a formula ${c.formula}`);
      assert.deepEqual([cells[0].type, cells[0].text], ['string', r[0]]);
      assert.deepEqual([cells[1].type, cells[1].text], ['string', r[1]], 'a code stays text');
      assert.deepEqual([cells[2].type, cells[2].text], ['string', cellText(r[2]!)], 'formula-looking text stays text');
      if (r[3] !== null) assert.deepEqual([cells[3].type, Number(cells[3].value)], ['float', r[3]]);
      if (r[4] !== null) assert.deepEqual([cells[4].type, Number(cells[4].value)], ['float', r[4]]);
      // LibreOffice keeps an .xlsx boolean as TRUE()/FALSE() shown as TRUE or FALSE.
      if (r[5] !== null) assert.equal(cells[5].text, r[5] ? 'TRUE' : 'FALSE');
      if (r[6] !== null) assert.deepEqual([cells[6].type, cells[6].value?.slice(0, 10), cells[6].text], ['date', r[6], r[6]]);
      else assert.equal(cells[6]?.type ?? null, null);
    });

    // Every cell of every table as DuckDB holds it.
    const sheets = readFods(await readFile(path.join(work, 'out/tables.fods'), 'utf8'));
    for (const spec of workbookTables(specs, counts)) {
      const sheet = sheets.get(spec.table)!;
      assert.deepEqual(sheet[0].map((c) => c.text), spec.fields.map((f) => f.name), spec.table);
      const expected = (await tablesDb.connection.runAndReadAll(`SELECT * FROM ${spec.table} ORDER BY ${spec.primaryKey.map((k) => `"${k}"`).join(', ')}`)).getRowsJson();
      assert.equal(sheet.length - 1, expected.length, `${spec.table}: rows`);
      expected.forEach((want, i) => {
        for (const [k, f] of spec.fields.entries()) {
          const cell = sheet[i + 1][k];
          const at = `${spec.table} row ${i + 2} ${f.name}`;
          if (want[k] === null) { assert.equal(cell?.type ?? null, null, at); continue; }
          if (f.type === 'string') assert.deepEqual([cell.type, cell.text], ['string', cellText(String(want[k]))], at);
          if (f.type === 'date') assert.deepEqual([cell.type, cell.value?.slice(0, 10)], ['date', want[k]], at);
          if (f.type === 'integer' || f.type === 'number') assert.deepEqual([cell.type, Number(cell.value)], ['float', Number(want[k])], at);
          if (f.type === 'boolean') assert.equal(cell.text, want[k] ? 'TRUE' : 'FALSE', at);
        }
      });
    }
    const places = sheets.get('places')!;
    const code = places[0].findIndex((c) => c.text === 'code');
    assert.deepEqual([places[1][code].type, places[1][code].text], ['string', '4108'], 'a division code stays text');
    assert.ok(sheets.get('articles')!.some((r) => r.some((c) => c.text.includes('第一段𠀀文字'))), 'a character outside the BMP survives');
  });
});
