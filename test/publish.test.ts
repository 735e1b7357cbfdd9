import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { build, type BuildReport } from '../src/build.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { BuildError } from '../src/issues.ts';
import { resourceName } from '../src/publish/build-descriptor.ts';
import { parseDatasetMetadata, resolveCreated } from '../src/publish/dataset-metadata.ts';
import { validateDescriptor } from '../src/publish/validate-descriptor.ts';
import { readCsvSql, verifyRelease } from '../src/publish/verify-release.ts';
import { writeTables } from '../src/publish/write-tables.ts';
import { archiveName } from '../src/release/archive.ts';
import { listReleases } from '../src/release/releases.ts';
import { compareVersions } from '../src/release/semver.ts';
import { loadSchemas, type TableSpec } from '../src/schema/index.ts';
import { hashTree, loadedDatabase, removeDir, REPO, syntheticRows, tempDir } from './helpers/fixtures.ts';

const specs = loadSchemas();
const published = specs.filter((s) => s.publish);
const quiet = { log: () => {}, env: {} };

const dataset = parseDatasetMetadata(JSON.parse(readFileSync(path.join(REPO, 'data/dataset.json'), 'utf8')));
const version = dataset.version;
const archive = archiveName(dataset.name, version);

let dir: string;
let root: string; // like the repo: root/datapackage.json, root/CHANGELOG.md and root/dist/
let dist: string;
let release: string; // root/dist/<version>
let report: BuildReport;
let descriptor: any;
let earlier: string[]; // committed releases before this version, copied in so the diff is the committed one

before(async () => {
  dir = await tempDir('publish');
  root = path.join(dir, 'root');
  dist = path.join(root, 'dist');
  await mkdir(dist, { recursive: true });
  earlier = (await listReleases(path.join(REPO, 'dist'))).map((r) => r.version).filter((v) => compareVersions(v, version) < 0);
  for (const v of earlier) {
    await cp(path.join(REPO, 'dist', v), path.join(dist, v), { recursive: true });
    const zip = archiveName(dataset.name, v);
    if (existsSync(path.join(REPO, 'dist', zip))) await cp(path.join(REPO, 'dist', zip), path.join(dist, zip));
  }
  release = path.join(dist, version);
  // The repo's own data and the defaults of `npm run build`, so the result must equal the committed dist/.
  report = await build({ dataDir: path.join(REPO, 'data'), outDir: dist, rootDescriptor: path.join(root, 'datapackage.json'), rootChangelog: path.join(root, 'CHANGELOG.md') }, quiet);
  descriptor = JSON.parse(await readFile(path.join(release, 'datapackage.json'), 'utf8'));
});
after(async () => { await removeDir(dir); });

describe('the built release', () => {
  it('builds the seed pages without errors', () => {
    assert.deepEqual(report.errors, []);
    assert.equal(report.exit_code, 0);
    assert.ok(report.checks.length > 0 && report.checks.every((c) => c.passed));
    assert.ok(report.tables.articles > 0);
  });

  it('has the documented layout and leaves no temporary folders', async () => {
    assert.deepEqual(Object.keys(await hashTree(release)), [
      'CHANGELOG.md',
      'CITATION.cff',
      'README.md',
      'SHA256SUMS',
      'changes.json',
      ...published.map((s) => `csv/${s.table}.csv`),
      'datapackage.json',
      'index.html',
      ...published.map((s) => `parquet/${s.table}.parquet`),
      ...published.map((s) => `spreadsheet/${s.table}.csv`),
      `spreadsheet/${dataset.name}-${version}.xlsx`,
    ].sort());
    assert.deepEqual((await readdir(root)).sort(), ['CHANGELOG.md', 'datapackage.json', 'dist']);
    assert.deepEqual((await readdir(dist)).sort(), [...earlier, version, ...earlier.map((v) => archiveName(dataset.name, v)), archive, 'latest.json'].sort());
    assert.deepEqual(report.release?.files.map((f) => f.path), Object.keys(await hashTree(release)));
    assert.equal(report.release?.path, release);
    assert.equal(report.release?.archive, path.join(dist, archive));
    assert.equal(report.release?.status, 'created');
    assert.deepEqual(JSON.parse(await readFile(path.join(dist, 'latest.json'), 'utf8')), { version, path: version, descriptor: `${version}/datapackage.json`, archive });
  });

  it('datapackage.json validates against the vendored Data Package 2.0 profile', () => {
    assert.deepEqual(validateDescriptor(descriptor), []);
    assert.equal(descriptor.$schema, 'https://datapackage.org/profiles/2.0/datapackage.json');
    assert.equal(descriptor.created, dataset.created);
  });

  it('the profile rejects a broken descriptor', () => {
    const broken = structuredClone(descriptor);
    broken.resources[0].hash = 'sha256:not-hex';
    broken.resources[1].schema.foreignKeys = [{ fields: ['article_id'], reference: { resource: 'ghost', fields: ['article_id'] } }];
    assert.deepEqual([...new Set(validateDescriptor(broken).map((i) => i.code))], ['invalid-descriptor']);
    assert.ok(validateDescriptor(broken).length >= 2);
  });

  it('every resource records the bytes and sha256 of its file', async () => {
    for (const r of descriptor.resources) {
      const buf = await readFile(path.join(release, r.path));
      assert.equal(r.bytes, buf.length, r.path);
      assert.equal(r.hash, 'sha256:' + createHash('sha256').update(buf).digest('hex'), r.path);
    }
  });

  it('one CSV and one Parquet resource per released table; keys reference the same format; text tables carry the text licence', () => {
    assert.deepEqual(descriptor.resources.map((r: any) => r.name), [...published.map((s) => s.table), ...published.map((s) => `${s.table}-parquet`)]);
    for (const r of descriptor.resources) {
      const suffix = r.format === 'parquet' ? '-parquet' : '';
      for (const fk of r.schema.foreignKeys ?? []) assert.ok(fk.reference.resource.endsWith(suffix) && descriptor.resources.some((x: any) => x.name === fk.reference.resource));
      assert.equal(r.mediatype, r.format === 'csv' ? 'text/csv' : 'application/vnd.apache.parquet');
      assert.equal(r.encoding, r.format === 'csv' ? 'utf-8' : undefined);
      const table = specs.find((s) => resourceName(s.table, r.format) === r.name)!;
      assert.equal(r.licenses?.[0].name, table.textLicense ? 'LicenseRef-Jiaozuo-Daily-text' : undefined, r.name);
    }
  });

  it('the root descriptor is the newest release with paths under dist/<version>/', async () => {
    const rootDescriptor = JSON.parse(await readFile(path.join(root, 'datapackage.json'), 'utf8'));
    assert.deepEqual(validateDescriptor(rootDescriptor), []);
    const unprefixed = structuredClone(rootDescriptor);
    for (const r of unprefixed.resources) {
      assert.ok(r.path.startsWith(`dist/${version}/`), r.path);
      r.path = r.path.slice(`dist/${version}/`.length);
    }
    assert.deepEqual(unprefixed, descriptor);
  });

  it('DuckDB, hyparquet and csv-parse read identical rows from the CSV and Parquet files', async () => {
    const db = await openDatabase({ tempDirectory: dir });
    try {
      for (const spec of published) {
        const csvPath = path.join(release, `csv/${spec.table}.csv`);
        const parquetPath = path.join(release, `parquet/${spec.table}.parquet`);
        const fromDuckCsv = (await db.connection.runAndReadAll(`SELECT * FROM ${readCsvSql(spec, csvPath)}`)).getRowObjectsJson();
        const fromDuckParquet = (await db.connection.runAndReadAll(`SELECT * FROM read_parquet('${parquetPath}')`)).getRowObjectsJson();
        const fromHyparquet = await parquetReadObjects({ file: await asyncBufferFromFile(parquetPath), compressors });
        const fromCsvParse = parse(await readFile(csvPath, 'utf8'), {
          columns: true,
          // An unquoted empty cell is null; a quoted "" is an empty string.
          cast: (value, context) => (value === '' && !context.quoting ? null : value),
        }) as Record<string, unknown>[];
        const expected = fromDuckParquet.map((r) => normalize(spec, r));
        // The lines table holds rows of pages read from PDFs only; the seed pages are text.
        assert.ok(expected.length > 0 || spec.table === 'lines', spec.table);
        assert.deepEqual(fromDuckCsv.map((r) => normalize(spec, r)), expected, `${spec.table}: DuckDB CSV`);
        assert.deepEqual(fromHyparquet.map((r) => normalize(spec, r)), expected, `${spec.table}: hyparquet`);
        assert.deepEqual(fromCsvParse.map((r) => normalize(spec, r)), expected, `${spec.table}: csv-parse`);
        const header = parse((await readFile(csvPath, 'utf8')).split('\n', 1)[0])[0] as string[];
        assert.deepEqual(header, spec.fields.map((f) => f.name), `${spec.table}: column order`);
      }
    } finally {
      db.close();
    }
  });

  it('building twice, with another DuckDB thread count and every file deflated on the workers as soon as written, gives byte-identical files (archive included)', async () => {
    const again = path.join(dir, 'again', 'dist');
    await mkdir(again, { recursive: true });
    // The same earlier releases (and their archives) as the first build had.
    for (const v of earlier) {
      await cp(path.join(dist, v), path.join(again, v), { recursive: true });
      const zip = archiveName(dataset.name, v);
      if (existsSync(path.join(dist, zip))) await cp(path.join(dist, zip), path.join(again, zip));
    }
    // The first build used DuckDB's default (one thread per core); this one uses another count.
    const threads = os.availableParallelism() === 1 ? 3 : 1;
    // backgroundBytes 0: the archive's files and the workbook's sheets deflated on the shared workers, the sheets first.
    const second = await build({ dataDir: path.join(REPO, 'data'), outDir: again, duckdbThreads: threads, backgroundBytes: 0 }, quiet);
    assert.equal(second.exit_code, 0);
    const first = await hashTree(dist);
    const next = await hashTree(again);
    assert.deepEqual(next, first);
    assert.ok(Object.keys(first).includes(archive) && Object.keys(first).includes(`${version}/parquet/articles.parquet`));
  });

  it('equals the committed dist/<version>/, its archive, latest.json, datapackage.json and CHANGELOG.md byte for byte', async () => {
    const stale = 'the committed release is stale: run `npm run build` and commit dist/, datapackage.json and CHANGELOG.md';
    assert.ok(existsSync(path.join(REPO, 'dist', version, 'datapackage.json')), `dist/${version}/ is missing: ${stale}`);
    assert.deepEqual(await hashTree(path.join(REPO, 'dist', version)), await hashTree(release), stale);
    for (const [committed, built] of [
      [path.join(REPO, 'dist', archive), path.join(dist, archive)],
      [path.join(REPO, 'dist/latest.json'), path.join(dist, 'latest.json')],
      [path.join(REPO, 'datapackage.json'), path.join(root, 'datapackage.json')],
      [path.join(REPO, 'CHANGELOG.md'), path.join(root, 'CHANGELOG.md')],
    ]) {
      assert.ok(existsSync(committed), `${path.relative(REPO, committed)} is missing: ${stale}`);
      assert.ok((await readFile(committed)).equals(await readFile(built)), `${path.relative(REPO, committed)} differs: ${stale}`);
    }
  });
});

/** One row as plain JSON-like values: integers as decimal strings, dates as YYYY-MM-DD, booleans as booleans. */
function normalize(spec: TableSpec, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const v = row[f.name];
    if (v === null || v === undefined) out[f.name] = null;
    else if (f.type === 'integer') out[f.name] = String(v);
    else if (f.type === 'number') out[f.name] = Number(v);
    else if (f.type === 'boolean') out[f.name] = v === true || v === 'true';
    else if (f.type === 'date') out[f.name] = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    else out[f.name] = v;
  }
  return out;
}

describe('release verification', () => {
  it('a written file that does not read back as its table is reported', async () => {
    const db = await loadedDatabase(specs, syntheticRows(), dir);
    const out = path.join(dir, 'tampered');
    try {
      const files = await writeTables(db.connection, specs, out);
      assert.deepEqual(await verifyRelease(db.connection, specs, out, files), []);
      const csv = path.join(out, 'csv/contributors.csv');
      await writeFile(csv, (await readFile(csv, 'utf8')).replace('张三', '张四'));
      const issues = await verifyRelease(db.connection, specs, out, files);
      assert.deepEqual(issues.map((i) => [i.code, i.file]), [['release-mismatch', 'csv/contributors.csv']]);
      assert.match(issues[0].message, /expected 1 identical rows, got 1 rows, 1 missing, 1 unexpected/);
    } finally {
      db.close();
    }
  });
});

describe('created', () => {

  it('comes from --created, else SOURCE_DATE_EPOCH, else dataset.json; never the clock', () => {
    assert.equal(resolveCreated('2027-01-02', {}, dataset), '2027-01-02T00:00:00Z');
    assert.equal(resolveCreated('2027-01-02T08:00:00+08:00', { SOURCE_DATE_EPOCH: '0' }, dataset), '2027-01-02T00:00:00Z');
    assert.equal(resolveCreated(null, { SOURCE_DATE_EPOCH: '1700000000' }, dataset), '2023-11-14T22:13:20Z');
    assert.equal(resolveCreated(null, {}, dataset), dataset.created);
  });

  it('rejects what is not a timestamp', () => {
    assert.throws(() => resolveCreated('yesterday', {}, dataset), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'invalid-created');
    assert.throws(() => resolveCreated(null, { SOURCE_DATE_EPOCH: '-1' }, dataset), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'invalid-created');
  });

  it('dataset.json is checked', () => {
    assert.throws(() => parseDatasetMetadata({ ...dataset, licenses: [] }), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'invalid-dataset-metadata' && e.issues[0].file === 'dataset.json');
  });
});
