/**
 * `verify` as a security boundary (issue 19): a damaged or hostile archive is never verified, nothing
 * outside a release folder is read, limits end with coded errors while reading, no input gives a
 * stack trace, and a seeded sample of random byte damage is all detected without a crash. The limits
 * are lowered through `verify`'s options so small generated inputs reach them; bench/verify-limits.ts
 * measures the full-size cases and bench/verify-mutations.ts runs thousands of mutations.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../src/cli.ts';
import { stableJson } from '../src/publish/build-descriptor.ts';
import { writeArchive } from '../src/release/archive.ts';
import { verify, type VerifyReport } from '../src/release/verify.ts';
import { removeDir } from './helpers/fixtures.ts';
import { reseal, resealChecksums, sharedSyntheticRelease } from './helpers/release.ts';
import { seededRandom } from './support/seeded-random.ts';
import { randomMutation, runMutation } from './support/verify-mutations.ts';

let dir: string;
let release: string;
let archive: string;
let zip: Buffer;
let n = 0;

before(async () => {
  // A copy of the shared release: the mutation sample changes its files in place (and undoes each change).
  const shared = await sharedSyntheticRelease('verify-hostile');
  dir = shared.dir;
  await cp(path.dirname(shared.release), path.join(dir, 'dist'), { recursive: true });
  release = path.join(dir, 'dist', path.basename(shared.release));
  archive = path.join(dir, 'dist', path.basename(shared.report.release!.archive));
  zip = await readFile(archive);
});
after(async () => { await removeDir(dir); });

async function damaged(damage: (copy: string) => Promise<void>): Promise<string> {
  const copy = path.join(dir, `case-${++n}`);
  await cp(release, copy, { recursive: true });
  await damage(copy);
  return copy;
}

async function zipOf(bytes: Buffer): Promise<string> {
  const file = path.join(dir, `case-${++n}.zip`);
  await writeFile(file, bytes);
  return file;
}

const codes = (r: VerifyReport) => r.errors.map((e) => e.code);

/** The central directory's entries of a zip without comment: name, local header offset, central header offset. */
function entriesOf(buf: Buffer): { name: string; local: number; central: number }[] {
  const end = buf.length - 22;
  const [count, cdOffset] = [buf.readUInt16LE(end + 10), buf.readUInt32LE(end + 16)];
  const out = [];
  for (let i = 0, at = cdOffset; i < count; i++) {
    const [nl, xl, cl] = [buf.readUInt16LE(at + 28), buf.readUInt16LE(at + 30), buf.readUInt16LE(at + 32)];
    out.push({ name: buf.subarray(at + 46, at + 46 + nl).toString(), local: buf.readUInt32LE(at + 42), central: at });
    at += 46 + nl + xl + cl;
  }
  return out;
}

describe('verify never passes a damaged archive', () => {
  it('truncated, with a byte appended or bytes prepended: invalid-archive', async () => {
    for (const bytes of [zip.subarray(0, zip.length - 1), Buffer.concat([zip, Buffer.from([0])]), Buffer.concat([Buffer.from('PK\x03\x04junk'), zip])]) {
      const r = await verify(await zipOf(bytes));
      assert.deepEqual([r.exit_code, codes(r)], [1, ['invalid-archive']]);
    }
  });

  it('a changed byte of a stored entry: its CRC-32', async () => {
    const parquet = entriesOf(zip).find((e) => e.name.endsWith('/parquet/articles.parquet'))!;
    const bytes = Buffer.from(zip);
    bytes[parquet.local + 30 + parquet.name.length + 100] ^= 0x10;
    const r = await verify(await zipOf(bytes));
    assert.deepEqual(codes(r), ['invalid-archive']);
    assert.match(r.errors[0].message, /^an archive entry does not match its CRC-32: expected [0-9a-f]{8}, got [0-9a-f]{8} \(.*\.zip\)$/);
    assert.match(String(r.errors[0].value), /parquet\/articles\.parquet$/);
  });

  it('a header field changed in both headers, which reading ignores: not byte-identical to the canonical archive', async () => {
    const bytes = Buffer.from(zip);
    for (const e of entriesOf(zip)) {
      bytes[e.local + 10] ^= 0x02; // the DOS time, in the local and the central header alike
      bytes[e.central + 12] ^= 0x02;
    }
    const r = await verify(await zipOf(bytes));
    assert.deepEqual(codes(r), ['invalid-archive']);
    assert.match(r.errors[0].message, /^the archive is not byte-identical to the archive of its files as a release writes it/);
  });

  it('a duplicate entry name', async () => {
    const [first, second] = entriesOf(zip).filter((e) => /\/(CHANGELOG\.md|CITATION\.cff)$/.test(e.name));
    assert.equal(first.name.length, second.name.length);
    const bytes = Buffer.from(zip);
    bytes.write(first.name, second.local + 30);
    bytes.write(first.name, second.central + 46);
    const r = await verify(await zipOf(bytes));
    assert.deepEqual(r.errors.map((e) => [e.code, e.message.split(':')[0], e.value]), [['invalid-archive', 'duplicate archive entry', first.name]]);
  });

  describe('a zip bomb ends with a coded error before it is inflated', () => {
    let bomb: Buffer;
    before(async () => {
      const src = path.join(dir, 'bomb-src');
      await mkdir(src, { recursive: true });
      await writeFile(path.join(src, 'zeros.csv'), Buffer.alloc(2 << 20));
      const file = path.join(dir, 'bomb.zip');
      await writeArchive(src, ['zeros.csv'], file, 'bomb-0.1.0', '2026-01-01T00:00:00Z');
      bomb = await readFile(file);
    });

    it('past the compression ratio', async () => {
      const r = await verify(await zipOf(bomb), { limits: { ratio: 50, ratioFloor: 1 << 20 } });
      assert.deepEqual(codes(r), ['compression-ratio']);
      assert.match(r.errors[0].message, /^an archive entry inflates more than the limit allows \(a zip bomb\?\): expected at most 50 times its \d+ compressed bytes, got 2097152 bytes/);
    });

    it('past the size of an entry, of all entries, or the number of entries', async () => {
      const file = await zipOf(bomb);
      assert.deepEqual(codes(await verify(file, { limits: { entryBytes: 1 << 20 } })), ['file-too-large']);
      assert.deepEqual(codes(await verify(file, { limits: { totalBytes: 1 << 20 } })), ['file-too-large']);
      assert.deepEqual(codes(await verify(archive, { limits: { entries: 3 } })), ['too-many-files']);
    });

    it('lying about its size: stopped at the declared size', async () => {
      const bytes = Buffer.from(bomb);
      const [e] = entriesOf(bytes);
      bytes.writeUInt32LE(1000, e.local + 22);
      bytes.writeUInt32LE(1000, e.central + 24);
      const r = await verify(await zipOf(bytes));
      assert.deepEqual(r.errors.map((x) => [x.code, x.message.split(':')[0]]), [['invalid-archive', 'an archive entry inflates past its declared size (a zip bomb, or a damaged entry)']]);
    });
  });
});

describe('verify reads nothing outside a release folder', () => {
  it('a link out of the release (to a system file, to /dev/zero) is refused, not followed, and nothing of it is printed', async () => {
    const copy = await damaged(async (c) => {
      await rm(path.join(c, 'csv/sources.csv'));
      await symlink('/etc/passwd', path.join(c, 'csv/sources.csv'));
      await rm(path.join(c, 'CITATION.cff'));
      await symlink('/dev/zero', path.join(c, 'CITATION.cff'));
    });
    const r = await verify(copy);
    assert.deepEqual(r.errors.filter((e) => e.code === 'symlink-in-release').map((e) => e.file), ['CITATION.cff', 'csv/sources.csv']);
    assert.equal(r.errors[0].message, 'a symbolic link in the release; verify reads no file outside the release and follows no link: expected a regular file, got a symbolic link (CITATION.cff)');
    assert.doesNotMatch(JSON.stringify(r), /root:/);
  });

  it('a linked folder is refused', async () => {
    const copy = await damaged(async (c) => {
      await cp(path.join(c, 'csv'), path.join(dir, `csv-elsewhere-${n}`), { recursive: true });
      await rm(path.join(c, 'csv'), { recursive: true });
      await symlink(path.join(dir, `csv-elsewhere-${n}`), path.join(c, 'csv'));
    });
    const r = await verify(copy);
    assert.deepEqual(r.errors.filter((e) => e.code !== 'missing-file').map((e) => [e.code, e.file]), [['symlink-in-release', 'csv']]);
  });

  it('a FIFO is refused before it is opened (no hang)', { skip: process.platform === 'win32' }, async () => {
    const copy = await damaged(async (c) => {
      await rm(path.join(c, 'csv/sources.csv'));
      execFileSync('mkfifo', [path.join(c, 'csv/sources.csv')]);
    });
    const r = await verify(copy);
    assert.deepEqual(r.errors.filter((e) => e.code === 'special-file').map((e) => [e.file, e.message]), [['csv/sources.csv', 'not a regular file; not opened: expected a regular file, got a FIFO (named pipe) (csv/sources.csv)']]);
  });

  it('latest.json pointing through a link is not followed', async () => {
    const out = path.join(dir, `releases-${++n}`);
    await mkdir(out);
    await symlink(release, path.join(out, '0.1.0'));
    await writeFile(path.join(out, 'latest.json'), JSON.stringify({ path: '0.1.0' }));
    const r = await verify(out);
    assert.equal(r.exit_code, 1);
    assert.ok(codes(r).includes('symlink-in-release'));
  });
});

describe('limits on what a release may hold, with coded errors', () => {
  it('a descriptor larger than the limit is not read', async () => {
    const r = await verify(release, { limits: { descriptorBytes: 1000 } });
    assert.deepEqual(r.errors.map((e) => [e.code, e.file]), [['file-too-large', 'datapackage.json']]);
  });

  it('JSON nested past the limit, and malformed JSON, named by line', async () => {
    const deep = await damaged(async (c) => {
      await writeFile(path.join(c, 'datapackage.json'), '{\n"resources":\n' + '['.repeat(200_000) + ']'.repeat(200_000) + '}');
      await resealChecksums(c);
    });
    const r = await verify(deep);
    assert.deepEqual(r.errors.map((e) => [e.code, e.file, e.line]), [['json-too-deep', 'datapackage.json', 3]]);
    const broken = await damaged(async (c) => {
      await writeFile(path.join(c, 'datapackage.json'), '{\n"name": "x",\n"version": 1.0.0\n}');
      await resealChecksums(c);
    });
    const b = await verify(broken);
    assert.deepEqual(b.errors.map((e) => [e.code, e.file, e.line]), [['invalid-json', 'datapackage.json', 3]]);
  });

  it('a table schema with more fields than the limit is not loaded', async () => {
    const r = await verify(release, { limits: { columns: 5 } });
    assert.ok(r.errors.length > 0 && r.errors.every((e) => e.code === 'too-many-columns' && e.file === 'datapackage.json'), JSON.stringify(codes(r)));
  });

  // The runner's timeout is a hang guard; that the record is stopped at the limit is in the error
  // itself ('got more': the shape check stopped at the 1,001st column, it did not count them all).
  it('a CSV record of 100,000 columns is stopped at the limit, on its line', { timeout: 300_000 }, async () => {
    const copy = await damaged(async (c) => {
      const file = path.join(c, 'csv/sources.csv');
      const [header, ...rest] = (await readFile(file, 'utf8')).split('\n');
      await writeFile(file, [header, Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(','), ...rest].join('\n'));
      await reseal(c, { parquet: false });
    });
    const r = await verify(copy);
    const wide = r.errors.filter((e) => e.code === 'too-many-columns');
    assert.deepEqual(wide.map((e) => [e.file, e.line]), [['csv/sources.csv', 2]]);
    assert.equal(wide[0].message, 'a CSV record has more columns than the limit: expected at most 1000 columns, got more (csv/sources.csv:2)');
  });

  it('a CSV field larger than the limit', async () => {
    const r = await verify(release, { limits: { fieldBytes: 30 } });
    const big = r.errors.filter((e) => e.code === 'field-too-large');
    assert.ok(big.length > 0 && r.errors.every((e) => e.code === 'field-too-large' || e.code === 'parquet-mismatch' || e.code === 'foreign-key-violation' || e.code === 'workbook-mismatch'), JSON.stringify(codes(r)));
    assert.ok(big.every((e) => typeof e.line === 'number' && e.file!.startsWith('csv/')));
  });

  it('too many files in a release folder', async () => {
    assert.deepEqual(codes(await verify(release, { limits: { files: 5 } })).filter((c) => c === 'too-many-files'), ['too-many-files']);
  });
});

describe('no stack trace for any input: coded errors, exit 1', () => {
  it('a resource path nested thousands of folders deep', async () => {
    const copy = await damaged(async (c) => {
      const d = JSON.parse(await readFile(path.join(c, 'datapackage.json'), 'utf8'));
      d.resources[0].path = `${'a/'.repeat(5000)}x.csv`;
      await writeFile(path.join(c, 'datapackage.json'), stableJson(d));
      await resealChecksums(c);
    });
    const r = await verify(copy);
    assert.deepEqual(r.errors.map((e) => [e.code, e.file, e.field]).filter(([c]) => c === 'unsafe-path'), [['unsafe-path', 'datapackage.json', 'path']]);
  });

  it('a corrupt Parquet data page', async () => {
    const copy = await damaged(async (c) => {
      const file = path.join(c, 'parquet/articles.parquet');
      const buf = await readFile(file);
      for (let i = 8; i < Math.min(buf.length - 200, 400); i++) buf[i] ^= 0x5a;
      await writeFile(file, buf);
      await reseal(c, { parquet: false });
    });
    const r = await verify(copy);
    assert.equal(r.exit_code, 1);
    assert.ok(r.errors.some((e) => e.file === 'parquet/articles.parquet' && (e.code === 'unreadable-file' || e.code === 'parquet-mismatch')), JSON.stringify(r.errors));
  });

  it('through the CLI: exit 1, one line per problem, no stack', async () => {
    let stderr = '';
    const code = await main(['verify', release], { stdout: () => {}, stderr: (t) => (stderr += t), env: {} });
    assert.equal(code, 0);
    const copy = await damaged(async (c) => {
      await rm(path.join(c, 'csv/sources.csv'));
      execFileSync('mkfifo', [path.join(c, 'csv/sources.csv')]);
    });
    stderr = '';
    assert.equal(await main(['verify', copy], { stdout: () => {}, stderr: (t) => (stderr += t), env: {} }), 1);
    assert.match(stderr, /error special-file: /);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });
});

describe('mutation sample: random single-byte changes, truncations and added bytes are all detected, none crashes', () => {
  // A seeded sample; bench/verify-mutations.ts runs thousands.
  it('over the archive', async () => {
    const random = seededRandom(19);
    const missed = [];
    for (let i = 0; i < 150; i++) {
      const o = await runMutation(release, archive, randomMutation(random, new Map([['archive', zip.length]])));
      if (!o.detected || o.crashed) missed.push(o);
    }
    assert.deepEqual(missed, []);
  });

  it('over the descriptor, SHA256SUMS, CSV and Parquet files', async () => {
    const copy = await damaged(async () => {});
    const sizes = new Map<string, number>();
    for (const f of ['datapackage.json', 'SHA256SUMS', 'csv/articles.csv', 'csv/sources.csv', 'parquet/articles.parquet', 'parquet/paragraphs.parquet']) sizes.set(f, (await readFile(path.join(copy, f))).length);
    const random = seededRandom(1919);
    const missed = [];
    for (let i = 0; i < 16; i++) {
      const o = await runMutation(copy, archive, randomMutation(random, sizes));
      if (!o.detected || o.crashed) missed.push(o);
    }
    assert.deepEqual(missed, []);
  });
});
