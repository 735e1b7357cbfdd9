/**
 * The Parquet copy partitioned by issue year (src/publish/partition.ts), on a small release built
 * with a low threshold: the Hive layout, the rows read back with hive_partitioning, the descriptor,
 * `verify`, the README and byte-identical rebuilds.
 */
import assert from 'node:assert/strict';
import { cp, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Unzip, UnzipInflate } from 'fflate';
import type { BuildReport } from '../src/build.ts';
import { sqlString } from '../src/db/open-database.ts';
import { byYearSnippets } from '../src/publish/loading-snippets.ts';
import { parseDatasetMetadata } from '../src/publish/dataset-metadata.ts';
import type { Format, TableFile } from '../src/publish/build-descriptor.ts';
import { DEFAULT_PARTITION_MIN_ARTICLES, NULL_PARTITION, yearOfPath } from '../src/publish/partition.ts';
import { partitionDecision } from '../src/publish/publish-release.ts';
import { validateDescriptor } from '../src/publish/validate-descriptor.ts';
import { verifyRelease } from '../src/publish/verify-release.ts';
import { listFiles } from '../src/release/list-files.ts';
import { verify } from '../src/release/verify.ts';
import { loadSchemas } from '../src/schema/index.ts';
import { build } from '../src/build.ts';
import { hashTree, PAGE_TEXT, removeDir, REPO, tempDir } from './helpers/fixtures.ts';
import { buildSynthetic, quiet, resealChecksums, syntheticData } from './helpers/release.ts';

const specs = loadSchemas().filter((s) => s.publish);
/** The published tables with rows but divisions (the gazetteer has no page): a table without rows has no partitioned copy. */
const partitionedOf = (report: BuildReport) => specs.map((s) => s.table).filter((t) => t !== 'divisions' && report.tables[t] > 0);

/** Four pages: one per year 2021 and 2022, one dated to a range starting in 2019, one of unknown date. */
const PAGES = ['p01_a.txt', 'p02_b.txt', 'p03_c.txt', 'p04_d.txt'];
const MANIFEST = [
  'file,newspaper,issue_date,issue_date_earliest,issue_date_latest,page,notes',
  'p01_a.txt,焦作日报,2021-03-01,,,1,test page',
  'p02_b.txt,焦作日报,2022-01-27,,,1,test page',
  'p03_c.txt,焦作日报,,2019-12-30,2020-01-02,1,dated to a range',
  'p04_d.txt,焦作日报,,,,1,date unknown',
].join('\n') + '\n';
const YEARS = ['year=2019', 'year=2021', 'year=2022', `year=${NULL_PARTITION}`];

async function partitionedData(dir: string, minArticles: number | undefined): Promise<string> {
  const data = await syntheticData(dir, '0.1.0', Object.fromEntries(PAGES.map((p) => [p, PAGE_TEXT])));
  await writeFile(path.join(data, 'manifest.csv'), MANIFEST);
  if (minArticles !== undefined) {
    const file = path.join(data, 'dataset.json');
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), partitionMinArticles: minArticles }, null, 2) + '\n');
  }
  return data;
}

async function query(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

describe('the Parquet copy partitioned by issue year', () => {
  let dir: string;
  let report: BuildReport;
  let release: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let PARTITIONED: string[];

  before(async () => {
    dir = await tempDir('partition');
    const data = await partitionedData(dir, 1);
    report = await buildSynthetic(data, path.join(dir, 'dist'), { rootDescriptor: path.join(dir, 'datapackage.json'), created: '2026-11-25T00:00:00Z' });
    assert.equal(report.exit_code, 0, JSON.stringify(report.errors));
    release = report.release!.path;
    // The synthetic page has no facts: articles, contributors, paragraphs, people, sources, text_segments.
    PARTITIONED = partitionedOf(report);
    assert.ok(PARTITIONED.length >= 5, PARTITIONED.join());
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
  });
  after(async () => {
    connection?.closeSync();
    instance?.closeSync();
    await removeDir(dir);
  });

  it('lays out parquet-by-year/<table>/year=<YYYY>/part-0.parquet, unknown dates under __HIVE_DEFAULT_PARTITION__', async () => {
    const files = (await listFiles(release)).filter((f) => f.startsWith('parquet-by-year/'));
    const expected = PARTITIONED.flatMap((t) => YEARS.map((y) => `parquet-by-year/${t}/${y}/part-0.parquet`)).sort();
    // Every page has rows in each of these tables, so every table has every year.
    assert.deepEqual(files, expected);
    assert.ok(!files.some((f) => f.includes('/divisions/')));
  });

  it('read with hive_partitioning, each table holds the rows of parquet/<table>.parquet, each under its page\'s year', async () => {
    for (const table of PARTITIONED) {
      const whole = `read_parquet(${sqlString(path.join(release, 'parquet', `${table}.parquet`))})`;
      const parts = `read_parquet(${sqlString(path.join(release, 'parquet-by-year', table, '*', '*.parquet'))}, hive_partitioning = true, hive_types = {'year': BIGINT})`;
      const [c] = await query(connection, `SELECT (SELECT count(*) FROM ${whole}) AS whole, (SELECT count(*) FROM ${parts}) AS parts,
        (SELECT count(*) FROM (SELECT * FROM ${whole} EXCEPT ALL SELECT * EXCLUDE (year) FROM ${parts})) AS missing,
        (SELECT count(*) FROM (SELECT * EXCLUDE (year) FROM ${parts} EXCEPT ALL SELECT * FROM ${whole})) AS extra`);
      assert.deepEqual([c.missing, c.extra], ['0', '0'], table);
      assert.equal(c.whole, c.parts, table);
      assert.ok(Number(c.whole) > 0, table);
    }
    const years = await query(connection, `SELECT source_id, year FROM read_parquet(${sqlString(path.join(release, 'parquet-by-year/sources/*/*.parquet'))}, hive_partitioning = true) ORDER BY source_id`);
    assert.deepEqual(years.map((r) => [r.source_id, r.year === null ? null : Number(r.year)]), [['p01_a', 2021], ['p02_b', 2022], ['p03_c', 2019], ['p04_d', null]]);
    const articles = await query(connection, `SELECT year, count(*) AS n FROM read_parquet(${sqlString(path.join(release, 'parquet-by-year/articles/*/*.parquet'))}, hive_partitioning = true) GROUP BY year ORDER BY year NULLS LAST`);
    assert.deepEqual(articles.map((r) => [r.year === null ? null : Number(r.year), Number(r.n)]), [[2019, 2], [2021, 2], [2022, 2], [null, 2]]);
  });

  it('every file holds exactly the table\'s columns, sorted by primary key', async () => {
    for (const spec of specs.filter((s) => PARTITIONED.includes(s.table))) {
      for (const year of YEARS) {
        const file = sqlString(path.join(release, 'parquet-by-year', spec.table, year, 'part-0.parquet'));
        const columns = (await query(connection, `DESCRIBE SELECT * FROM read_parquet(${file}, hive_partitioning = false)`)).map((c) => c.column_name);
        assert.deepEqual(columns, spec.fields.map((f) => f.name), `${spec.table}/${year}`);
        const pk = spec.primaryKey.map((k) => `"${k}"`).join(', ');
        const [o] = await query(connection, `SELECT count(*) AS n FROM (SELECT file_row_number AS r, row_number() OVER (ORDER BY ${pk}) - 1 AS sorted FROM read_parquet(${file}, hive_partitioning = false, file_row_number = true)) WHERE r <> sorted`);
        assert.equal(o.n, '0', `${spec.table}/${year} is not in primary key order`);
      }
    }
  });

  it('the descriptor gives each partitioned table as a resource whose path lists its files; it validates', async () => {
    const descriptor = JSON.parse(await readFile(path.join(release, 'datapackage.json'), 'utf8'));
    assert.deepEqual(validateDescriptor(descriptor), []);
    const byName = new Map(descriptor.resources.map((r: { name: string }) => [r.name, r]));
    assert.deepEqual(descriptor.resources.map((r: { name: string }) => r.name), [
      ...specs.map((s) => s.table), ...specs.map((s) => `${s.table}-parquet`), ...PARTITIONED.map((t) => `${t}-parquet-by-year`),
    ]);
    const resources = descriptor.resources as { name: string }[];
    const files = (await listFiles(release)).filter((f) => f.startsWith('parquet-by-year/'));
    for (const table of PARTITIONED) {
      const r = byName.get(`${table}-parquet-by-year`) as Record<string, unknown> & { schema: { fields: unknown[]; foreignKeys?: { reference: { resource: string } }[] } };
      const parquet = byName.get(`${table}-parquet`) as typeof r;
      assert.deepEqual(r.path, files.filter((f) => f.startsWith(`parquet-by-year/${table}/`)));
      assert.equal(r.format, 'parquet');
      assert.equal(r.bytes, undefined, 'no bytes for a multipart resource: SHA256SUMS has each file\'s');
      assert.equal(r.hash, undefined);
      assert.deepEqual(r.schema.fields, parquet.schema.fields);
      assert.deepEqual(r.licenses, parquet.licenses);
      for (const fk of r.schema.foreignKeys ?? []) {
        // The partitioned copy of the referenced table, or its Parquet resource when it has none.
        const target = fk.reference.resource.replace(/-parquet(-by-year)?$/, '');
        assert.equal(fk.reference.resource, PARTITIONED.includes(target) ? `${target}-parquet-by-year` : `${target}-parquet`);
        assert.ok(resources.some((x) => x.name === fk.reference.resource));
      }
    }
    const root = JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8'));
    assert.deepEqual(validateDescriptor(root), []);
    const rootPaths = root.resources.find((r: { name: string }) => r.name === 'articles-parquet-by-year').path;
    assert.ok(rootPaths.every((p: string) => p.startsWith('dist/0.1.0/parquet-by-year/articles/')), 'the root descriptor prefixes every path of the array');
  });

  it('verify covers the partitioned files: the folder and the archive are valid; SHA256SUMS lists them', async () => {
    const sums = await readFile(path.join(release, 'SHA256SUMS'), 'utf8');
    assert.ok(PARTITIONED.every((t) => sums.includes(`  parquet-by-year/${t}/year=2021/part-0.parquet\n`)));
    for (const target of [release, report.release!.archive]) {
      const r = await verify(target);
      assert.deepEqual([...r.errors, ...r.warnings], [], target);
      assert.equal(r.files, (await listFiles(release)).length - 1);
      assert.equal(r.resources, specs.length * 2 + PARTITIONED.length);
    }
  });

  it('the archive stores the Parquet files and the workbook as they are and deflates the rest', async () => {
    const methods = new Map<string, number>();
    const unzip = new Unzip((file) => { methods.set(file.name.replace(/^[^/]+\//, ''), file.compression); });
    unzip.register(UnzipInflate);
    unzip.push(new Uint8Array(await readFile(report.release!.archive)), true);
    const files = await listFiles(release);
    assert.deepEqual([...methods.keys()], files);
    assert.ok(files.some((f) => f.endsWith('.xlsx')), 'the release has a workbook');
    for (const [f, method] of methods) assert.equal(method, f.endsWith('.parquet') || f.endsWith('.xlsx') ? 0 : 8, f);
  });

  it('the README says what the copy is and gives a DuckDB snippet, which runs', async () => {
    const readme = await readFile(path.join(release, 'README.md'), 'utf8');
    assert.ok(readme.includes('## Parquet partitioned by issue year'));
    assert.ok(readme.includes('This release has 8 articles (the copy is written from 1 on)'));
    assert.ok(readme.includes(`- Tables: ${PARTITIONED.map((t) => `\`${t}\``).join(', ')}. Years: 2019, 2021, 2022, unknown (\`${NULL_PARTITION}\`).`));
    const snippet = byYearSnippets().find((s) => s.id === 'duckdb-by-year')!.code;
    assert.ok(readme.includes(snippet));
    // Relative paths in the snippet resolve against the release folder, as when run from inside it.
    const rows = await query(connection, snippet.replaceAll("'parquet-by-year/", `'${release}/parquet-by-year/`));
    assert.deepEqual(rows.map((r) => [r.year === null ? null : Number(r.year), Number(r.articles)]), [[2019, 2], [2021, 2], [2022, 2], [null, 2]]);
    const page = await readFile(path.join(release, 'index.html'), 'utf8');
    assert.ok(page.includes('articles: Parquet, issue year 2021') && page.includes('articles: Parquet, issue year unknown'));
  });

  it('a row moved to another year\'s folder is reported by verify', async () => {
    const copy = path.join(dir, 'tampered');
    await cp(release, copy, { recursive: true });
    // Swap the 2021 and 2022 files of articles: each file still holds valid rows, in the wrong year.
    const at = (y: string) => path.join(copy, 'parquet-by-year/articles', y);
    await rename(at('year=2021'), at('tmp'));
    await rename(at('year=2022'), at('year=2021'));
    await rename(at('tmp'), at('year=2022'));
    await resealChecksums(copy);
    const r = await verify(copy);
    assert.deepEqual(r.errors.map((e) => [e.code, e.file, e.table, e.field]), [['parquet-mismatch', 'parquet-by-year/articles', 'articles-parquet-by-year', 'year']]);
    assert.match(r.errors[0].message, /got 4 rows elsewhere/);
  });

  it('the publish step\'s read back compares each file with its table, and finds a partition file under the wrong year', async () => {
    // The tables as the build held them, read from the release's own Parquet files.
    for (const s of specs) await connection.run(`CREATE OR REPLACE TABLE ${s.table} AS SELECT * FROM read_parquet(${sqlString(path.join(release, `parquet/${s.table}.parquet`))})`);
    const filesOf = async (root: string): Promise<TableFile[]> => (await listFiles(root)).flatMap((f) => {
      const m = /^(csv|parquet)\/([a-z_]+)\.(?:csv|parquet)$/.exec(f) ?? /^parquet-by-year\/([a-z_]+)\//.exec(f);
      if (!m) return [];
      const year = yearOfPath(f);
      return [{ path: f, bytes: 0, hash: '', table: m.length === 3 ? m[2] : m[1], format: m.length === 3 ? (m[1] as Format) : 'parquet', ...(year === undefined ? {} : { year }) }];
    });
    assert.deepEqual(await verifyRelease(connection, specs, release, await filesOf(release)), []);
    const copy = path.join(dir, 'tampered-read-back');
    await cp(release, copy, { recursive: true });
    const at = (y: string) => path.join(copy, 'parquet-by-year/articles', y);
    await rename(at('year=2021'), at('tmp'));
    await rename(at('year=2022'), at('year=2021'));
    await rename(at('tmp'), at('year=2022'));
    await writeFile(path.join(copy, 'csv/people.csv'), (await readFile(path.join(copy, 'csv/people.csv'), 'utf8')).replace(/\n[^\n]*\n$/, '\n'));
    const issues = await verifyRelease(connection, specs, copy, await filesOf(copy));
    assert.deepEqual(issues.map((i) => [i.code, i.file, i.table]), [['release-mismatch', 'csv/people.csv', 'people'], ['release-mismatch', 'parquet-by-year/articles', 'articles']]);
    assert.match(issues[1].message, /expected 8 identical rows, got 8 rows, 4 missing, 4 unexpected/);
  });

  it('two builds of the same inputs are byte-identical, archive included', async () => {
    const again = await buildSynthetic(await partitionedData(path.join(dir, 'again'), 1), path.join(dir, 'again', 'dist'), { created: '2026-11-25T00:00:00Z' });
    assert.equal(again.exit_code, 0, JSON.stringify(again.errors));
    assert.deepEqual(await hashTree(again.release!.path), await hashTree(release));
    assert.ok((await readFile(again.release!.archive)).equals(await readFile(report.release!.archive)));
  });
});

describe('the seed pages with a low threshold: every table with facts', () => {
  it('partitions every table but divisions into 2020 (a page dated to a range) and 2022; verify passes', async () => {
    const dir = await tempDir('partition-seed');
    try {
      const data = path.join(dir, 'data');
      await cp(path.join(REPO, 'data'), data, { recursive: true });
      const file = path.join(data, 'dataset.json');
      await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), partitionMinArticles: 1 }, null, 2) + '\n');
      const r = await build({ dataDir: data, outDir: path.join(dir, 'dist') }, quiet);
      assert.equal(r.exit_code, 0, JSON.stringify(r.errors));
      const partitioned = partitionedOf(r);
      // The lines table holds rows of pages read from PDFs only; the seed pages are text.
      assert.deepEqual(partitioned, specs.map((s) => s.table).filter((t) => t !== 'divisions' && t !== 'lines'), 'the seed pages have rows in every other table');
      const files = (await listFiles(r.release!.path)).filter((f) => f.startsWith('parquet-by-year/'));
      assert.deepEqual(files, partitioned.flatMap((t) => ['year=2020', 'year=2022'].map((y) => `parquet-by-year/${t}/${y}/part-0.parquet`)).sort());
      const descriptor = JSON.parse(await readFile(path.join(r.release!.path, 'datapackage.json'), 'utf8'));
      assert.deepEqual(validateDescriptor(descriptor), []);
      const places = descriptor.resources.find((x: { name: string }) => x.name === 'places-parquet-by-year');
      assert.deepEqual(places.schema.foreignKeys.map((fk: { reference: { resource: string } }) => fk.reference.resource), ['articles-parquet-by-year', 'divisions-parquet']);
      const v = await verify(r.release!.path);
      assert.deepEqual([...v.errors, ...v.warnings], []);
    } finally {
      await removeDir(dir);
    }
  });
});

describe('the partition threshold', () => {
  it('defaults to 100,000 articles; dataset.json and the publish option override it', () => {
    assert.equal(DEFAULT_PARTITION_MIN_ARTICLES, 100_000);
    assert.deepEqual(partitionDecision(99_999, undefined, {}), { byYear: false, minArticles: 100_000 });
    assert.deepEqual(partitionDecision(100_000, undefined, {}), { byYear: true, minArticles: 100_000 });
    assert.deepEqual(partitionDecision(8, undefined, { partitionMinArticles: 8 }), { byYear: true, minArticles: 8 });
    assert.deepEqual(partitionDecision(8, 9, { partitionMinArticles: 8 }), { byYear: false, minArticles: 9 });
    assert.deepEqual(partitionDecision(0, 0, {}), { byYear: true, minArticles: 0 });
  });

  it('below it there is no partitioned copy, and the README says when there would be', async () => {
    const dir = await tempDir('partition-below');
    try {
      const r = await buildSynthetic(await partitionedData(dir, 9), path.join(dir, 'dist'));
      assert.equal(r.exit_code, 0, JSON.stringify(r.errors));
      assert.ok(!(await listFiles(r.release!.path)).some((f) => f.startsWith('parquet-by-year/')));
      const descriptor = JSON.parse(await readFile(path.join(r.release!.path, 'datapackage.json'), 'utf8'));
      assert.ok(descriptor.resources.every((x: { path: unknown }) => typeof x.path === 'string'));
      const readme = await readFile(path.join(r.release!.path, 'README.md'), 'utf8');
      assert.ok(readme.includes('Releases of at least 9 articles also give every table with a page as Parquet partitioned by the issue year'));
      assert.ok(readme.includes('This release has 8 articles, so it has none'));
    } finally {
      await removeDir(dir);
    }
  });

  it('dataset.json\'s partitionMinArticles must be a whole number ≥ 0', async () => {
    const dataset = JSON.parse(await readFile(new URL('../data/dataset.json', import.meta.url), 'utf8'));
    assert.equal(parseDatasetMetadata({ ...dataset, partitionMinArticles: 0 }).partitionMinArticles, 0);
    for (const bad of [-1, 1.5, '100']) {
      assert.throws(() => parseDatasetMetadata({ ...dataset, partitionMinArticles: bad }), (e: { issues?: { code: string; field: string }[] }) => e.issues?.[0].code === 'invalid-dataset-metadata' && e.issues[0].field === 'partitionMinArticles');
    }
  });
});
