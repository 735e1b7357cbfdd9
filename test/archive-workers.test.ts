/**
 * The archive's deflate workers: whatever the number of workers (0 = the main thread), the archive
 * has the same bytes, those of the committed releases too; a failing entry rejects and leaves
 * neither the archive nor its temporary files behind.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { archiveBase, archiveName, BackgroundDeflater, extractArchive, storedEntry, storedEntryBeforeWorkbook, writeArchive, type BackgroundDeflate } from '../src/release/archive.ts';
import { verify } from '../src/release/verify.ts';
import { CHUNK } from '../src/release/file-bytes.ts';
import { listFiles } from '../src/release/list-files.ts';
import { hashTree, noiseBytes, removeDir, REPO, tempDir } from './helpers/fixtures.ts';

let dir: string;
let src: string;
let files: string[];

before(async () => {
  dir = await tempDir('archive-workers');
  src = path.join(dir, 'src');
  await mkdir(path.join(src, 'csv'), { recursive: true });
  await mkdir(path.join(src, 'parquet'), { recursive: true });
  await writeFile(path.join(src, 'csv/large.csv'), 'id,text\n' + Array.from({ length: 120_000 }, (_, i) => `${i},第${i % 977}段文字 ${i * 7919 % 104729}\n`).join(''));
  await writeFile(path.join(src, 'csv/noise.bin'), noiseBytes(CHUNK + CHUNK / 2, 3));
  await writeFile(path.join(src, 'csv/one-chunk.txt'), Buffer.alloc(CHUNK, 'a'));
  await writeFile(path.join(src, 'empty.txt'), '');
  await writeFile(path.join(src, 'parquet/a.parquet'), noiseBytes(2 * CHUNK + 5, 1));
  await writeFile(path.join(src, '说明.md'), '# 说明\n');
  files = await listFiles(src);
});
after(async () => { await removeDir(dir); });

/** Files in `dir` other than the archives the test keeps: temporary files or part folders left behind. */
async function leftovers(): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.includes('.tmp-') || f.includes('.parts-'));
}

describe('deflating on worker threads', () => {
  it('gives the same bytes as the main thread, with 1, 2 or 3 workers, and reads back', async () => {
    assert.ok((await readFile(path.join(src, 'csv/large.csv'))).length > 2 * CHUNK, 'an entry of several chunks');
    const zips: Buffer[] = [];
    for (const workers of [0, 1, 2, 3, undefined]) {
      const file = path.join(dir, `w${workers}.zip`);
      await writeArchive(src, files, file, 'x-1.0.0', '2026-11-25T00:00:00Z', workers === undefined ? {} : { workers });
      zips.push(await readFile(file));
    }
    for (const z of zips.slice(1)) assert.ok(z.equals(zips[0]));
    const { root, issues } = await extractArchive(path.join(dir, 'w2.zip'), path.join(dir, 'out'));
    assert.deepEqual(issues, []);
    assert.deepEqual(await hashTree(root!), await hashTree(src));
    assert.deepEqual(await leftovers(), []);
  });

  it('files deflated by one shared BackgroundDeflater, each at its own level, the first ones ahead, give the bytes writeArchive makes itself', async () => {
    const parts = path.join(dir, 'shared-parts');
    await mkdir(parts);
    const deflater = new BackgroundDeflater(6, 1);
    try {
      const at = (level: number, first = false) => {
        const deflated = new Map<string, BackgroundDeflate>();
        for (const rel of ['csv/large.csv', 'csv/noise.bin', 'csv/one-chunk.txt']) deflated.set(rel, deflater.deflate(path.join(src, rel), path.join(parts, `${level}-${path.basename(rel)}`), { level, first }));
        return deflated;
      };
      const six = at(6);
      const one = at(1, true);
      for (const [level, deflated] of [[6, six], [1, one]] as const) {
        const [shared, own] = [path.join(dir, `shared-${level}.zip`), path.join(dir, `own-${level}.zip`)];
        await writeArchive(src, files, shared, 'x-1.0.0', '2026-11-25T00:00:00Z', { level, deflated });
        await writeArchive(src, files, own, 'x-1.0.0', '2026-11-25T00:00:00Z', { level, workers: 0 });
        assert.ok((await readFile(shared)).equals(await readFile(own)), `level ${level}`);
      }
      assert.ok((await readFile(path.join(dir, 'shared-1.zip'))).length > (await readFile(path.join(dir, 'shared-6.zip'))).length, 'level 1 deflates less');
      assert.throws(() => deflater.deflate(path.join(src, 'empty.txt'), path.join(parts, 'x'), { level: 0 }), /level 0 is not 1-9/);
    } finally {
      await deflater.close();
      await removeDir(parts);
    }
  });

  it('the same with Zip64 records forced', async () => {
    const [a, b] = [path.join(dir, 'z64-0.zip'), path.join(dir, 'z64-2.zip')];
    await writeArchive(src, files, a, 'x-1.0.0', '2026-11-25T00:00:00Z', { forceZip64: true, workers: 0 });
    await writeArchive(src, files, b, 'x-1.0.0', '2026-11-25T00:00:00Z', { forceZip64: true, workers: 2 });
    assert.ok((await readFile(a)).equals(await readFile(b)));
  });

  // The latest one: older archives in dist/ were written by earlier versions of the writer.
  it('re-archives the newest committed release to its committed bytes', async () => {
    const { version, archive } = JSON.parse(await readFile(path.join(REPO, 'dist/latest.json'), 'utf8')) as { version: string; archive: string };
    const release = path.join(REPO, 'dist', version);
    const { name, created } = JSON.parse(await readFile(path.join(release, 'datapackage.json'), 'utf8')) as { name: string; created: string };
    assert.equal(archive, archiveName(name, version));
    const file = path.join(dir, 'dist.zip');
    await writeArchive(release, await listFiles(release), file, archiveBase(name, version), created, { workers: 2 });
    assert.ok((await readFile(file)).equals(await readFile(path.join(REPO, 'dist', archive))));
  });

  // 0.2.1 is the last release whose archive deflated its workbook; verify must accept it as it is.
  it('verify accepts an archive of a release written before the workbook was stored, and only in one of the two forms', async () => {
    const old = path.join(REPO, 'dist', 'jiaozuo-daily-epidemic-0.2.1.zip');
    const report = await verify(old);
    assert.deepEqual(report.errors, []);
    assert.equal(report.ok, true);
    assert.equal(storedEntry('spreadsheet/x.xlsx'), true);
    assert.equal(storedEntryBeforeWorkbook('spreadsheet/x.xlsx'), false);
  });

  it('an entry that cannot be read rejects with its error, writes no archive and leaves no temporary files', async () => {
    await mkdir(path.join(src, 'csv/a-folder'));
    try {
      for (const workers of [0, 2]) {
        const file = path.join(dir, `failed-${workers}.zip`);
        await assert.rejects(writeArchive(src, [...files, 'csv/a-folder'], file, 'x-1.0.0', '2026-11-25T00:00:00Z', { workers }), (e: NodeJS.ErrnoException) => {
          assert.equal(e.code, 'EISDIR', String(e));
          return true;
        });
        await assert.rejects(readFile(file), { code: 'ENOENT' });
      }
      assert.deepEqual(await leftovers(), []);
    } finally {
      await removeDir(path.join(src, 'csv/a-folder'));
    }
  });
});
