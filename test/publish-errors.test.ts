/**
 * Environment and configuration limits of publishing, as coded errors instead of stack traces:
 * a `created` date the zip archive cannot record (2108 on), and DuckDB's temporary folder filling up.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { reportBuild } from '../src/cli.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { duckdbResourceError } from '../src/db/resource-errors.ts';
import { BuildError } from '../src/issues.ts';
import { parseDatasetMetadata, resolveCreated } from '../src/publish/dataset-metadata.ts';
import { writeArchive } from '../src/release/archive.ts';
import { removeDir, REPO, tempDir } from './helpers/fixtures.ts';
import { syntheticData, syntheticRecover } from './helpers/release.ts';

let dir: string;
before(async () => { dir = await tempDir('publish-errors'); });
after(async () => { await removeDir(dir); });

const codeAndMessage = (e: unknown) => (e instanceof BuildError ? [e.issues[0].code, e.issues[0].message] : [String(e)]);

describe('a created date the archive cannot record', () => {
  const dataset = parseDatasetMetadata(JSON.parse(readFileSync(path.join(REPO, 'data/dataset.json'), 'utf8')));

  it('from dataset.json, 2108 or later: created-out-of-range naming dataset.json and created, exit 2, before any work', async () => {
    const data = await syntheticData(path.join(dir, 'late'), '0.1.0');
    const file = path.join(data, 'dataset.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/"created": "[^"]*"/, '"created": "2108-01-01T00:00:00Z"'));
    const out = path.join(dir, 'late', 'dist');
    let stdout = '';
    const code = await reportBuild({ dataDir: data, outDir: out, recover: syntheticRecover() }, true, { stdout: (t) => (stdout += t), stderr: () => {}, env: {} });
    assert.equal(code, 2);
    assert.deepEqual(JSON.parse(stdout).errors.map((e: { code: string; message: string }) => [e.code, e.message]), [[
      'created-out-of-range',
      'the release date in dataset.json is too late for the release archive (zip timestamps end with the year 2107): expected a date before 2108-01-01T00:00:00Z, got "2108-01-01T00:00:00Z" (dataset.json, created)',
    ]]);
    assert.ok(!(await readdir(path.join(dir, 'late'))).includes('dist'), 'nothing written');
  });

  it('from --created or SOURCE_DATE_EPOCH: the same code, naming the flag or variable', () => {
    assert.throws(() => resolveCreated('2200-05-01', {}, dataset), (e: unknown) => {
      assert.deepEqual(codeAndMessage(e), ['created-out-of-range', '--created 2200-05-01 is too late for the release archive (zip timestamps end with the year 2107): expected a date before 2108-01-01T00:00:00Z, got "2200-05-01T00:00:00.000Z"']);
      return true;
    });
    assert.throws(() => resolveCreated(null, { SOURCE_DATE_EPOCH: '4354819200' }, dataset), (e: unknown) => codeAndMessage(e)[0] === 'created-out-of-range' && /^SOURCE_DATE_EPOCH 4354819200 is too late/.test(codeAndMessage(e)[1]));
    // Past what a JavaScript date holds: not a timestamp at all.
    assert.throws(() => resolveCreated(null, { SOURCE_DATE_EPOCH: '99999999999999999' }, dataset), (e: unknown) => codeAndMessage(e)[0] === 'invalid-created');
  });

  it('the last second the archive can record is accepted and written as 2107-12-31 23:59:58 (two-second DOS time)', async () => {
    assert.equal(resolveCreated('2107-12-31T23:59:59Z', {}, dataset), '2107-12-31T23:59:59Z');
    const folder = path.join(dir, 'zip-2107');
    await mkdir(folder);
    await writeFile(path.join(folder, 'a.txt'), 'a\n');
    const zip = path.join(dir, 'zip-2107.zip');
    await writeArchive(folder, ['a.txt'], zip, 'top', '2107-12-31T23:59:59Z');
    const header = await readFile(zip);
    const [time, date] = [header.readUInt16LE(10), header.readUInt16LE(12)];
    assert.deepEqual([1980 + (date >> 9), (date >> 5) & 15, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2], [2107, 12, 31, 23, 59, 58]);
    // Called directly with a later date, the archive writer refuses too (no RangeError from the header).
    await assert.rejects(writeArchive(folder, ['a.txt'], path.join(dir, 'zip-2108.zip'), 'top', '2108-06-01T00:00:00Z'), (e: unknown) => codeAndMessage(e)[0] === 'created-out-of-range');
  });
});

describe("DuckDB's temporary folder filling up", () => {
  it('DuckDB spilling a table past max_temp_directory_size (its real error): temp-directory-full naming the step, the folder and the fixes', async () => {
    const tempDirectory = path.join(dir, 'duckdb-temp');
    await mkdir(tempDirectory);
    // What the build's in-memory tables do past --memory-limit: offload blocks to the temporary folder, here with room for 1MB.
    const db = await openDatabase({ tempDirectory, memoryLimit: '16MB', threads: 1, maxTempDirectorySize: '1MB' });
    let caught: unknown = null;
    try {
      await db.connection.run('CREATE TABLE t AS SELECT range AS i, md5(range::VARCHAR) AS s FROM range(400000)');
      await db.connection.runAndReadAll('SELECT s, count(*) FROM t GROUP BY s ORDER BY s LIMIT 3');
    } catch (e) {
      caught = e;
    } finally {
      db.close();
    }
    assert.ok(caught, 'DuckDB did not fill its temporary folder');
    const [code, message] = codeAndMessage(await duckdbResourceError(caught, 'loading the pages', { tempDirectory, memoryLimit: '16MB', maxTempDirectorySize: '1MB' }));
    assert.equal(code, 'temp-directory-full');
    assert.match(message, new RegExp(`^DuckDB's temporary folder filled up in loading the pages: past its memory limit of 16MB DuckDB spills tables to this folder, and it has no room left \\(it holds \\d+\\.\\d MiB of at most 1MB, \\d+\\.\\d MiB free on its disk\\); nothing was published: expected more free disk space for the temporary folder \\(free some, or point TMPDIR at a larger disk\\), or a larger --memory-limit so that less is spilled, got Out of Memory Error: failed to offload data block`));
    assert.ok(message.endsWith(`(${tempDirectory})`));
    assert.match((caught as Error).message, /^Out of Memory Error: failed to offload data block/);
  });

  it('an out-of-memory error while the folder is at its limit is the folder filling up; with room left it is memory', async () => {
    const tempDirectory = path.join(dir, 'duckdb-temp-2');
    await mkdir(tempDirectory);
    const oom = new Error('Out of Memory Error: could not allocate block of size 256.0 KiB (15.0 MiB/15.2 MiB used)');
    const ctx = { tempDirectory, memoryLimit: '16MB', maxTempDirectorySize: '1MB' };
    assert.equal(codeAndMessage(await duckdbResourceError(oom, 'the checks', ctx))[0], 'out-of-memory');
    await writeFile(path.join(tempDirectory, 'duckdb_temp_storage-0.tmp'), Buffer.alloc(900_000));
    const [code, message] = codeAndMessage(await duckdbResourceError(oom, 'the checks', ctx));
    assert.equal(code, 'temp-directory-full');
    assert.match(message, /\(it holds 0\.9 MiB of at most 1MB, /);
  });

  it("DuckDB's own text for a full disk under its folder maps the same; other errors pass unchanged", async () => {
    const ctx = { tempDirectory: '/tmp/jiaozuo-build-1-abcdef', memoryLimit: '512MB' };
    const full = new Error('IO Error: Could not write file "/tmp/jiaozuo-build-1-abcdef/duckdb_temp_storage_DEFAULT-0.tmp": No space left on device');
    assert.equal(codeAndMessage(await duckdbResourceError(full, 'writing the release', ctx))[0], 'temp-directory-full');
    const other = new Error('IO Error: Could not write file "/out/x.parquet": No space left on device');
    assert.equal(await duckdbResourceError(other, 'writing the release', ctx), other);
  });
});
