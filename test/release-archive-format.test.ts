/**
 * What large releases need of the file handling: hashing and comparing in chunks (file-bytes.ts),
 * and an archive whose entries carry their sizes in the local header (Parquet stored, the rest
 * deflated) and that switches to Zip64 records when it must (forced here on small files).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { extractArchive, storedEntry, writeArchive } from '../src/release/archive.ts';
import { CHUNK, hashFile, sameBytes } from '../src/release/file-bytes.ts';
import { hashTree, noiseBytes, removeDir, tempDir } from './helpers/fixtures.ts';

const has = (tool: string, args = ['--help']) => spawnSync(tool, args, { stdio: 'ignore' }).status === 0;

let dir: string;
let src: string;

/** Bytes that do not compress, with the zip signatures in them, as a Parquet file may have. */
function noise(n: number, seed: number): Buffer {
  const out = noiseBytes(n, seed);
  for (const at of [100, Math.floor(n / 2)]) Buffer.from([0x50, 0x4b, 0x07, 0x08, 0x50, 0x4b, 0x01, 0x02]).copy(out, at);
  return out;
}

before(async () => {
  dir = await tempDir('archive-format');
  src = path.join(dir, 'src');
  await mkdir(path.join(src, 'parquet'), { recursive: true });
  await mkdir(path.join(src, 'csv'), { recursive: true });
  await writeFile(path.join(src, 'parquet/a.parquet'), noise(3 * CHUNK + 17, 1));
  await writeFile(path.join(src, 'parquet/empty.parquet'), '');
  await writeFile(path.join(src, 'csv/a.csv'), 'id,text\n' + Array.from({ length: 50_000 }, (_, i) => `${i},第${i}段文字\n`).join(''));
  await writeFile(path.join(src, 'README.md'), '# x\n');
});
after(async () => { await removeDir(dir); });

describe('hashing and comparing in chunks', () => {
  it('hashFile gives the size and digest of the whole file, over several chunks', async () => {
    const file = path.join(src, 'parquet/a.parquet');
    const buf = await readFile(file);
    const d = await hashFile(file, ['sha256', 'md5']);
    assert.equal(d.bytes, buf.length);
    assert.equal(d.hex.sha256, createHash('sha256').update(buf).digest('hex'));
    assert.equal(d.hex.md5, createHash('md5').update(buf).digest('hex'));
    await assert.rejects(hashFile(path.join(src, 'missing')));
  });

  it('sameBytes: equal files, another size, one byte changed in a later chunk, empty files', async () => {
    const a = path.join(src, 'parquet/a.parquet');
    const buf = await readFile(a);
    const copy = path.join(dir, 'copy.bin');
    await writeFile(copy, buf);
    assert.equal(await sameBytes(a, copy), true);
    const changed = Buffer.from(buf);
    changed[2 * CHUNK + 5] ^= 1;
    await writeFile(copy, changed);
    assert.equal(await sameBytes(a, copy), false);
    await writeFile(copy, buf.subarray(0, buf.length - 1));
    assert.equal(await sameBytes(a, copy), false);
    assert.equal(await sameBytes(path.join(src, 'parquet/empty.parquet'), path.join(src, 'parquet/empty.parquet')), true);
  });
});

describe('the archive format', () => {
  const files = ['README.md', 'csv/a.csv', 'parquet/a.parquet', 'parquet/empty.parquet'];

  for (const forceZip64 of [false, true]) {
    describe(forceZip64 ? 'with Zip64 records (forced)' : 'as written for a release under 4 GiB', () => {
      let file: string;
      before(async () => {
        file = path.join(dir, `x${forceZip64 ? '-zip64' : ''}.zip`);
        await writeArchive(src, files, file, 'x-1.0.0', '2026-11-25T00:00:00Z', { forceZip64 });
      });

      it('streams back through fflate\'s Unzip (what verify uses), though the stored bytes hold zip signatures', async () => {
        const { root, issues } = await extractArchive(file, path.join(dir, `out${forceZip64 ? '-zip64' : ''}`));
        assert.deepEqual(issues, []);
        assert.deepEqual(await hashTree(root!), await hashTree(src));
      });

      it('reads back through the central directory too (fflate unzipSync)', async () => {
        const entries = unzipSync(await readFile(file));
        assert.deepEqual(Object.keys(entries), files.map((f) => `x-1.0.0/${f}`));
        for (const f of files) assert.ok(Buffer.from(entries[`x-1.0.0/${f}`]).equals(await readFile(path.join(src, f))), f);
      });

      it('stores the Parquet files, deflates the rest, with sizes in each local header (no data descriptor)', async () => {
        const zip = await readFile(file);
        const seen: string[] = [];
        const unzip = new Unzip((entry) => {
          seen.push(entry.name);
          assert.equal(entry.compression, storedEntry(entry.name) ? 0 : 8, entry.name);
        });
        unzip.register(UnzipInflate);
        unzip.push(new Uint8Array(zip), true);
        assert.equal(seen.length, files.length);
        for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04])), n = 0; n < files.length; n++) {
          const flags = zip.readUInt16LE(at + 6);
          assert.equal(flags & 8, 0, 'no data descriptor');
          const nameLength = zip.readUInt16LE(at + 26);
          const extraLength = zip.readUInt16LE(at + 28);
          const name = zip.subarray(at + 30, at + 30 + nameLength).toString();
          const compressed = forceZip64 ? Number(zip.readBigUInt64LE(at + 30 + nameLength + 12)) : zip.readUInt32LE(at + 18);
          if (storedEntry(name)) assert.equal(compressed, (await readFile(path.join(src, name.slice('x-1.0.0/'.length)))).length, name);
          at += 30 + nameLength + extraLength + compressed;
        }
      });

      it('passes unzip -t', { skip: !has('unzip', ['-v']) && 'unzip is not installed' }, () => {
        execFileSync('unzip', ['-tq', file]);
        const listing = execFileSync('unzip', ['-Z', file], { encoding: 'utf8' });
        assert.match(listing, /x-1\.0\.0\/parquet\/a\.parquet/);
        assert.match(listing, / stor /);
        assert.match(listing, / defN /);
      });

      it('is read by Python\'s zipfile', { skip: !has('python3', ['--version']) && 'python3 is not installed' }, async () => {
        const out = execFileSync('python3', ['-c', 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(",".join(f"{i.filename}:{i.compress_type}:{i.file_size}" for i in z.infolist()))', file], { encoding: 'utf8' });
        const sizes = await Promise.all(files.map(async (f) => (await readFile(path.join(src, f))).length));
        assert.equal(out.trim(), files.map((f, i) => `x-1.0.0/${f}:${storedEntry(f) ? 0 : 8}:${sizes[i]}`).join(','));
      });
    });
  }

  it('the same files give the same bytes, with or without Zip64 forced each time', async () => {
    const [a, b] = [path.join(dir, 'again-a.zip'), path.join(dir, 'again-b.zip')];
    await writeArchive(src, files, a, 'x-1.0.0', '2026-11-25T00:00:00Z');
    await writeArchive(src, [...files].reverse(), b, 'x-1.0.0', '2026-11-25T00:00:00Z');
    assert.ok((await readFile(a)).equals(await readFile(b)));
    assert.ok((await readFile(a)).equals(await readFile(path.join(dir, 'x.zip'))));
  });
});
