/**
 * `verify` on one small release: passes as built (folder, archive, releases folder) and fails,
 * naming file, line and field, on each kind of damage. Damaged copies are "re-sealed" where the
 * point is a problem in the data itself (hashes and checksums made consistent again).
 */
import assert from 'node:assert/strict';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { main } from '../src/cli.ts';
import { BuildError } from '../src/issues.ts';
import { stableJson } from '../src/publish/build-descriptor.ts';
import { verify, type VerifyReport } from '../src/release/verify.ts';
import { removeDir } from './helpers/fixtures.ts';
import { reseal, resealChecksums, sharedSyntheticRelease } from './helpers/release.ts';

let dir: string;
let out: string;
let release: string;
let archive: string;
let n = 0;

before(async () => {
  // Read only: the damaged copies are made in `dir`.
  const shared = await sharedSyntheticRelease('verify');
  dir = shared.dir;
  release = shared.release;
  out = path.dirname(release);
  archive = shared.report.release!.archive;
});
after(async () => { await removeDir(dir); });

/** A fresh copy of the release, damaged by `damage`. */
async function damaged(damage: (copy: string) => Promise<void>): Promise<string> {
  const copy = path.join(dir, `case-${++n}`);
  await cp(release, copy, { recursive: true });
  await damage(copy);
  return copy;
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const next = change(text);
  assert.notEqual(next, text, `${file} did not change`);
  await writeFile(file, next);
}

const where = (r: VerifyReport) => r.errors.map((e) => [e.code, e.file, e.line, e.field]);

describe('verify passes on a fresh build', () => {
  it('the release folder', async () => {
    const r = await verify(release);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.ok, true);
    assert.equal(r.exit_code, 0);
    assert.equal(r.version, '0.1.0');
    assert.equal(r.rows.articles, 2);
    assert.equal(r.rows.paragraphs, 3);
  });

  it('the archive', async () => {
    const r = await verify(archive);
    assert.deepEqual(r.errors, []);
    assert.equal(r.path, archive);
    assert.equal(r.files, (await verify(release)).files);
  });

  it('the releases folder, through latest.json', async () => {
    const r = await verify(out);
    assert.deepEqual([r.ok, r.version], [true, '0.1.0']);
  });
});

describe('verify fails (exit 1) with a precise message', () => {
  it('on a tampered CSV byte', async () => {
    const copy = await damaged((c) => edit(path.join(c, 'csv/contributors.csv'), (t) => t.replace('张三', '张四')));
    const r = await verify(copy);
    assert.equal(r.exit_code, 1);
    assert.deepEqual(where(r), [
      ['checksum-mismatch', 'csv/contributors.csv', null, null],
      ['hash-mismatch', 'csv/contributors.csv', null, null],
      ['parquet-mismatch', 'parquet/contributors.parquet', null, null],
    ]);
    const hash = r.errors[1];
    assert.match(hash.message, /^the file does not match its hash in datapackage\.json: expected sha256:[0-9a-f]{64}, got sha256:[0-9a-f]{64} \(csv\/contributors\.csv\)$/);
    assert.equal(r.errors[2].message, 'the Parquet rows differ from csv/contributors.csv: expected the same 1 rows, got 1 rows, 1 of the CSV rows missing, 1 not in the CSV (parquet/contributors.parquet)');
  });

  it('on a wrong hash in the descriptor', async () => {
    const copy = await damaged(async (c) => {
      await edit(path.join(c, 'datapackage.json'), (t) => {
        const d = JSON.parse(t);
        d.resources.find((r: { name: string }) => r.name === 'sources').hash = `sha256:${'0'.repeat(64)}`;
        return stableJson(d);
      });
      await resealChecksums(c);
    });
    const r = await verify(copy);
    assert.deepEqual(where(r), [['hash-mismatch', 'csv/sources.csv', null, null]]);
    assert.match(r.errors[0].message, new RegExp(`^the file does not match its hash in datapackage\\.json: expected sha256:${'0'.repeat(64)}, got sha256:[0-9a-f]{64} \\(csv/sources\\.csv\\)$`));
  });

  it('on a missing file', async () => {
    const copy = await damaged((c) => rm(path.join(c, 'parquet/articles.parquet')));
    const r = await verify(copy);
    assert.deepEqual(where(r), [['missing-file', 'parquet/articles.parquet', null, null]]);
    assert.equal(r.errors[0].message, 'a file listed in SHA256SUMS is missing: expected the file, got nothing (parquet/articles.parquet)');
  });

  it('on a file that SHA256SUMS does not list', async () => {
    const copy = await damaged((c) => writeFile(path.join(c, 'csv/extra.csv'), 'a\n1\n'));
    assert.deepEqual(where(await verify(copy)), [['unlisted-file', 'csv/extra.csv', null, null]]);
  });

  it('on a duplicate primary key row', async () => {
    const copy = await damaged(async (c) => {
      await edit(path.join(c, 'csv/sources.csv'), (t) => t + t.split('\n')[1] + '\n');
      await reseal(c);
    });
    const r = await verify(copy);
    const workbook = `spreadsheet/${(await readdir(path.join(copy, 'spreadsheet'))).find((f) => f.endsWith('.xlsx'))}`;
    // The workbook still holds the rows as built, so it no longer matches the CSV either.
    assert.deepEqual(where(r), [['primary-key-duplicate', 'csv/sources.csv', 3, 'source_id'], ['workbook-mismatch', workbook, null, null]]);
    assert.equal(r.errors[0].message, 'duplicate primary key in sources (first on line 2): expected unique (source_id), got "p01_test" (csv/sources.csv:3, source_id)');
  });

  it('on a dangling foreign key', async () => {
    const copy = await damaged(async (c) => {
      await edit(path.join(c, 'csv/contributors.csv'), (t) => t.replace('\np01_test-8f08495bb4f0,', '\np01_test-000000000000,'));
      await reseal(c);
    });
    const r = await verify(copy);
    assert.deepEqual(where(r), [['foreign-key-violation', 'csv/contributors.csv', 2, 'article_id']]);
    assert.equal(r.errors[0].message, 'contributors.article_id refers to a missing articles row: expected a value of articles.article_id, got "p01_test-000000000000" (csv/contributors.csv:2, article_id)');
  });

  it('on a descriptor that violates the Data Package profile', async () => {
    const copy = await damaged(async (c) => {
      await edit(path.join(c, 'datapackage.json'), (t) => stableJson({ ...JSON.parse(t), keywords: 'epidemic' }));
      await resealChecksums(c);
    });
    const r = await verify(copy);
    assert.ok(r.errors.length > 0);
    assert.deepEqual([...new Set(where(r).map(([code, file, , field]) => [code, file, field].join(' ')))], ['invalid-descriptor datapackage.json /keywords']);
    assert.match(r.errors[0].message, /^descriptor does not match the Data Package 2\.0 profile \(.*\): expected must be array, got .* \(datapackage\.json, \/keywords\)$/);
  });

  it('on a value of the wrong type, naming line and field', async () => {
    const copy = await damaged(async (c) => {
      await edit(path.join(c, 'csv/contributors.csv'), (t) => t.replace(',1,张三,', ',one,张三,'));
      await reseal(c, { parquet: false });
    });
    const r = await verify(copy);
    assert.deepEqual(where(r), [
      ['row-type', 'csv/contributors.csv', 2, 'position'],
      ['parquet-mismatch', 'parquet/contributors.parquet', null, null],
    ]);
    assert.equal(r.errors[0].message, 'contributors.position is not of type integer: expected an integer, got "one" (csv/contributors.csv:2, position)');
  });

  it('on an enum violation, with a multi-line row before it counted right', async () => {
    const copy = await damaged(async (c) => {
      await edit(path.join(c, 'csv/contributors.csv'), (t) => t.replace(',reporter,', ',editor,'));
      await reseal(c, { parquet: false });
    });
    assert.deepEqual(where(await verify(copy)).slice(0, 1), [['row-enum', 'csv/contributors.csv', 2, 'role']]);
    const articles = await damaged(async (c) => {
      // The first article's text spans lines 2-3, so the second article starts on line 4.
      await edit(path.join(c, 'csv/articles.csv'), (t) => t.replace(/\n(p01_test-b1947f6b5fe3,p01_test,)2,/, '\n$1-2,'));
      await reseal(c, { parquet: false });
    });
    assert.deepEqual(where(await verify(articles)).slice(0, 1), [['row-minimum', 'csv/articles.csv', 4, 'seq']]);
  });

  it('on an archive entry that would leave the release folder', async () => {
    const evil = path.join(dir, 'evil.zip');
    await writeFile(evil, zipSync({ 'r-0.1.0/datapackage.json': new Uint8Array([123, 125]), 'r-0.1.0/../../escaped.txt': new Uint8Array([1]) }));
    const r = await verify(evil);
    assert.deepEqual(r.errors.map((e) => [e.code, e.value]), [['invalid-archive', 'r-0.1.0/../../escaped.txt']]);
  });
});

describe('verify via main()', () => {
  const run = async (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
    return { code, stdout, stderr };
  };

  it('exit 1 lists each problem; --json prints the report', async () => {
    const copy = await damaged((c) => rm(path.join(c, 'CITATION.cff')));
    const r = await run(['verify', copy]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `errors (1):\n  error missing-file: a file listed in SHA256SUMS is missing: expected the file, got nothing (CITATION.cff)\ninvalid: ${copy} (1 problems)\n`);
    const json = await run(['verify', copy, '--json']);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout).errors.map((e: { code: string }) => e.code), ['missing-file']);
  });

  it('exit 0 says what was checked', async () => {
    const r = await run(['verify', release]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, new RegExp(`^valid: ${release.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(version 0\\.1\\.0, \\d+ files, \\d+ resources, \\d+ CSV rows\\)\n$`));
  });

  it('exit 2 for a file that is neither a folder nor a zip', async () => {
    await assert.rejects(verify(path.join(release, 'README.md')), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'unsupported-path');
    assert.equal((await run(['verify', path.join(release, 'README.md')])).code, 2);
  });
});
