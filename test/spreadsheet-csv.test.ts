/**
 * The spreadsheet variant (spreadsheet/<table>.csv): a UTF-8 byte-order mark, CRLF, and formula
 * cells defused with a leading ' (OWASP), while the canonical CSV keeps every value as it is. Opened
 * with a real spreadsheet program: LibreOffice, headless, converts the files and the Chinese text
 * and the defused cells come out as they should.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sqlString } from '../src/db/open-database.ts';
import { existsSync } from 'node:fs';
import { fitsInSheet, FORMULA_TRIGGERS, protectCell, protectedColumnSql, SHEET_ROWS, spreadsheetPath, writeSpreadsheetTables } from '../src/publish/spreadsheet-csv.ts';
import { writeTables } from '../src/publish/write-tables.ts';
import { verify } from '../src/release/verify.ts';
import { loadSchemas } from '../src/schema/index.ts';
import { loadedDatabase, removeDir, syntheticRows, tempDir } from './helpers/fixtures.ts';
import { sharedSeedRelease, type SeedRelease } from './helpers/seed-release.ts';
import { run, skipUnless, SOFFICE } from './helpers/tools.ts';

const specs = loadSchemas();
const published = specs.filter((s) => s.publish);
const BOM = '\uFEFF';

/** Values that must be defused, and look-alikes that must not be touched. */
const FORMULAS = ['=1+1', '+1+1', '-1+1', '@SUM(1,2)', '=HYPERLINK("http://example.invalid","x")', '\t=1+1', '\r\n=1+1'];
const HARMLESS = ['张三', ' =1+1', '＝1+1', '1-1', "'=1+1", 'a=b', ''];

const csvRows = (text: string): string[][] => parse(text, { bom: true, relax_column_count: false }) as string[][];

/** Converts CSV files with LibreOffice (UTF-8 in and out, comma, double quote) into `outDir`, same names. */
function libreOfficeConvert(files: string[], outDir: string, profile: string): void {
  const filter = 'Text - txt - csv (StarCalc)';
  // Tokens: field separator 44 (,), text delimiter 34 ("), character set 76 (UTF-8), first line 1.
  run(SOFFICE!, [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', `--infilter=${filter}:44,34,76,1`, '--convert-to', `csv:${filter}:44,34,76,1`, '--outdir', outDir, ...files]);
}

/** The seed pages built once for the file: the spreadsheet copies of a real release. */
let seed: SeedRelease;
before(async () => { seed = await sharedSeedRelease('spreadsheet'); });
after(async () => { await removeDir(seed.dir); });

/** The fixture table's release folder, once its before hook has written it. */
let fixtureRelease: string | undefined;

/**
 * The files both LibreOffice tests open, each copied in under its own name and converted in one
 * run (LibreOffice takes seconds of CPU to start): the folder of the converted files, made at the
 * first call.
 */
let converted: Promise<string> | undefined;
function libreOfficeConverted(): Promise<string> {
  converted ??= (async () => {
    const work = path.join(seed.dir, 'lo');
    await mkdir(path.join(work, 'in'), { recursive: true });
    const names = Object.entries({
      // The fixture table's two files, when its tests run (its folder is made by its before hook).
      ...(fixtureRelease === undefined ? {} : { 'canonical.csv': path.join(fixtureRelease, 'csv/contributors.csv'), 'spreadsheet.csv': path.join(fixtureRelease, spreadsheetPath('contributors')) }),
      'articles.csv': path.join(seed.release, spreadsheetPath('articles')),
    });
    for (const [name, source] of names) await copyFile(source, path.join(work, 'in', name));
    libreOfficeConvert(names.map(([name]) => path.join(work, 'in', name)), path.join(work, 'out'), path.join(work, 'profile'));
    return path.join(work, 'out');
  })();
  return converted;
}

describe('formula-injection protection', () => {
  it('a text cell beginning with = + - @, a tab or a carriage return gets a leading quote; nothing else changes', () => {
    assert.deepEqual(FORMULA_TRIGGERS, ['=', '+', '-', '@', '\t', '\r']);
    for (const v of FORMULAS) assert.equal(protectCell(v), `'${v}`, JSON.stringify(v));
    for (const v of HARMLESS) assert.equal(protectCell(v), v, JSON.stringify(v));
    assert.equal(protectCell(null), null);
  });

  it('the SQL that writes the files does exactly what protectCell says', async () => {
    const dir = await tempDir('protect-sql');
    const db = await loadedDatabase(specs, syntheticRows(), dir);
    try {
      const values = [...FORMULAS, ...HARMLESS, '-', '=', '\r', '\n=1'];
      await db.connection.run(`CREATE TABLE t AS SELECT * FROM (VALUES ${values.map((v) => `(${sqlString(v)})`).join(', ')}, (NULL)) v(s)`);
      const got = (await db.connection.runAndReadAll(`SELECT ${protectedColumnSql('s', 'string')} FROM t`)).getRowsJson().map((r) => r[0]);
      assert.deepEqual(got, [...values, null].map(protectCell));
      assert.equal(protectedColumnSql('value', 'number'), '"value"', 'numbers are never changed');
    } finally {
      db.close();
      await removeDir(dir);
    }
  });
});

describe('a fixture table with formula cells', () => {
  let dir: string;
  let out: string;
  const names = [...FORMULAS, '张三'];

  before(async () => {
    dir = await tempDir('spreadsheet-fixture');
    out = path.join(dir, 'release');
    const rows = syntheticRows();
    const { article_id } = rows.contributors[0].row;
    rows.contributors = names.map((name, i) => ({ at: rows.contributors[0].at, row: { article_id, position: i + 1, name, role: 'reporter', role_printed: '记者' } }));
    rows.quantities[0].row.value = -5; // a negative number: numbers are never prefixed
    const db = await loadedDatabase(specs, rows, dir);
    try {
      await writeTables(db.connection, specs, out);
      fixtureRelease = out;
      const counts = Object.fromEntries(Object.entries(rows).map(([t, r]) => [t, r.length]));
      await writeSpreadsheetTables(db.connection, specs, out, counts);
      // A table said to be longer than a sheet gets no copy (the count is what decides).
      await writeSpreadsheetTables(db.connection, specs, path.join(dir, 'long'), { ...counts, contributors: SHEET_ROWS });
    } finally {
      db.close();
    }
  });
  after(async () => {
    fixtureRelease = undefined;
    await removeDir(dir);
  });

  it('a table longer than a sheet (1,048,576 rows with the header) has no spreadsheet copy', () => {
    assert.equal(fitsInSheet(SHEET_ROWS - 1), true);
    assert.equal(fitsInSheet(SHEET_ROWS), false);
    assert.equal(existsSync(path.join(dir, 'long', spreadsheetPath('contributors'))), false);
    assert.equal(existsSync(path.join(dir, 'long', spreadsheetPath('quantities'))), true);
  });

  it('the canonical CSV keeps every value byte for byte; the spreadsheet copy defuses the formulas', async () => {
    const canonical = await readFile(path.join(out, 'csv/contributors.csv'), 'utf8');
    const sheet = await readFile(path.join(out, spreadsheetPath('contributors')), 'utf8');
    assert.deepEqual(csvRows(canonical).slice(1).map((r) => r[2]), names);
    assert.deepEqual(csvRows(sheet).slice(1).map((r) => r[2]), names.map(protectCell));
    assert.ok(canonical.includes(',=1+1,'), 'the canonical cell is =1+1');
    assert.ok(sheet.includes(",'=1+1,"));
    const q = csvRows(await readFile(path.join(out, spreadsheetPath('quantities')), 'utf8'));
    assert.equal(q[1][q[0].indexOf('value')], '-5.0', 'the number is not prefixed');
  });

  it('LibreOffice evaluates =1+1 in the canonical CSV, and shows the spreadsheet copy\'s cell as text', { skip: skipUnless(SOFFICE, 'LibreOffice', 'apt-get install libreoffice-calc-nogui') }, async () => {
    const converted = await libreOfficeConverted();
    const name = (file: string) => readFile(path.join(converted, file), 'utf8').then((t) => csvRows(t).slice(1).map((r) => r[2]));
    const [canonical, sheet] = [await name('canonical.csv'), await name('spreadsheet.csv')];
    // The risk the copy is for: opened as is, =1+1 is a formula, and its result 2 is what the cell holds.
    assert.equal(canonical[0], '2');
    // Defused: the cell holds the text, quote included, and nothing is evaluated.
    assert.deepEqual(sheet.slice(0, 5), ["'=1+1", "'+1+1", "'-1+1", "'@SUM(1,2)", `'=HYPERLINK("http://example.invalid","x")`]);
    assert.equal(sheet[sheet.length - 1], '张三');
  });
});

describe('the spreadsheet copies of the seed release', () => {
  it('one per table: a byte-order mark, CRLF record ends, the canonical rows with text cells protected', async () => {
    assert.deepEqual((await readdir(path.join(seed.release, 'spreadsheet'))).filter((f) => f.endsWith('.csv')).sort(), published.map((s) => `${s.table}.csv`).sort());
    for (const s of published) {
      const raw = await readFile(path.join(seed.release, spreadsheetPath(s.table)));
      assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], s.table);
      const text = raw.toString('utf8');
      assert.ok(text.startsWith(BOM + s.fields.map((f) => f.name).join(',') + '\r\n'), s.table);
      assert.ok(text.endsWith('\r\n'), s.table);
      const canonical = await readFile(path.join(seed.release, `csv/${s.table}.csv`), 'utf8');
      assert.ok(!canonical.startsWith(BOM) && !canonical.includes('\r\n'), `${s.table}: the canonical CSV has no BOM and LF ends`);
      const want = csvRows(canonical).map((r, i) => (i === 0 ? r : r.map((v, k) => (s.fields[k].type === 'string' ? protectCell(v) : v))));
      assert.deepEqual(csvRows(text), want, s.table);
    }
  });

  it('are listed in SHA256SUMS, are not resources, and the release verifies', async () => {
    const sums = await readFile(path.join(seed.release, 'SHA256SUMS'), 'utf8');
    for (const s of published) assert.match(sums, new RegExp(`  ${spreadsheetPath(s.table)}\\n`));
    const descriptor = JSON.parse(await readFile(path.join(seed.release, 'datapackage.json'), 'utf8'));
    assert.ok(descriptor.resources.every((r: { path: string }) => !r.path.startsWith('spreadsheet/')));
    const report = await verify(seed.release);
    assert.deepEqual(report.errors, []);
    assert.equal(report.ok, true);
  });

  it('LibreOffice opens spreadsheet/articles.csv as UTF-8: header intact, every headline and text identical', { skip: skipUnless(SOFFICE, 'LibreOffice', 'apt-get install libreoffice-calc-nogui') }, async () => {
    const converted = csvRows(await readFile(path.join(await libreOfficeConverted(), 'articles.csv'), 'utf8'));
    const canonical = csvRows(await readFile(path.join(seed.release, 'csv/articles.csv'), 'utf8'));
    assert.deepEqual(converted[0], canonical[0], 'the byte-order mark does not leak into the first column name');
    const col = (rows: string[][], name: string) => rows.slice(1).map((r) => r[rows[0].indexOf(name)]);
    assert.deepEqual(col(converted, 'headline'), col(canonical, 'headline'));
    assert.deepEqual(col(converted, 'text'), col(canonical, 'text'));
    assert.ok(col(converted, 'headline').includes('孟州市做好“未病先防”文章'));
  });
});
