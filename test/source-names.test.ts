/**
 * Any raw file name works: sourceId keeps the names ids allow as they are (the seed pages' ids never
 * change) and derives a safe, stable id from any other name, so a page saved as
 * `焦作日报 2022-01-21 第2版.txt` builds like any other.
 */
import assert from 'node:assert/strict';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { build } from '../src/build.ts';
import { checkIssues } from '../src/db/checks.ts';
import { sourceId } from '../src/rows.ts';
import { copyData, removeDir, tempDir } from './helpers/fixtures.ts';

const NAME = '焦作日报 2022-01-21 第2版.txt';
const SOURCE_ID = /^[A-Za-z0-9_.-]+$/;

describe('sourceId', () => {
  it('a name of allowed characters is its own id, without .txt: the seed ids stay as they are', () => {
    assert.equal(sourceId('000_0f81d0fce9b36645.txt'), '000_0f81d0fce9b36645');
    assert.equal(sourceId('002_ecc4107209b7bf27.txt'), '002_ecc4107209b7bf27');
    assert.equal(sourceId('p01_test.txt'), 'p01_test');
    assert.equal(sourceId('page-3.v2.txt'), 'page-3.v2');
  });

  it('any other name: its allowed characters, each other run as one _, then _ and 8 hex of its hash', () => {
    const id = sourceId(NAME);
    assert.match(id, /^2022-01-21_2_[0-9a-f]{8}$/);
    assert.match(id, SOURCE_ID);
    assert.equal(sourceId(NAME), id, 'the same name, the same id');
    assert.equal(sourceId(NAME.normalize('NFD')), id, 'decomposed (as macOS stores names) or composed, the same id');
    assert.notEqual(sourceId('焦作日报 2022-01-21 第3版.txt'), id, 'names that differ only in other characters still differ');
    assert.notEqual(sourceId('a b.txt'), sourceId('a  b.txt'));
    assert.match(sourceId('第一版.txt'), /^[0-9a-f]{8}$/, 'nothing allowed: the hash alone');
    assert.match(sourceId('page 1.txt'), /^page_1_[0-9a-f]{8}$/);
  });

  it('a check\'s violation names the raw file by its own name', () => {
    const id = sourceId(NAME);
    const [problem] = checkIssues({ name: 'c', description: 'd.', table: 'articles', passed: false, violations: 1, rows: [{ article_id: `${id}-0123456789ab`, line_start: 3 }] }, new Map([[id, NAME]]));
    assert.deepEqual([problem.file, problem.line], [`raw/${NAME}`, 3]);
  });
});

describe('a page saved under a name with spaces and Chinese characters', () => {
  let dir: string;
  before(async () => { dir = await tempDir('source-names'); });
  after(async () => { await removeDir(dir); });

  it('builds with no error and no warning; its rows carry the derived id, the file keeps its name', async () => {
    const data = await copyData(dir);
    await rename(path.join(data, 'raw/002_ecc4107209b7bf27.txt'), path.join(data, 'raw', NAME));
    const manifest = path.join(data, 'manifest.csv');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('002_ecc4107209b7bf27.txt,', `${NAME},`));
    const report = await build({ dataDir: data, outDir: path.join(dir, 'dist') }, { log: () => {}, env: {} });
    assert.deepEqual([report.errors, report.warnings], [[], []]);
    const sources = parse(await readFile(path.join(report.release!.path, 'csv/sources.csv')), { columns: true }) as Record<string, string>[];
    const page = sources.find((s) => s.file === `raw/${NAME}`);
    assert.ok(page, 'the page is in sources');
    assert.equal(page.source_id, sourceId(NAME));
    assert.equal(page.in_manifest, 'true');
    const articles = parse(await readFile(path.join(report.release!.path, 'csv/articles.csv')), { columns: true }) as Record<string, string>[];
    assert.ok(articles.filter((a) => a.article_id.startsWith(`${page.source_id}-`)).length > 0);
    assert.ok(articles.every((a) => /^[A-Za-z0-9_.-]+-[0-9a-f]{12}$/.test(a.article_id)));
  });
});
