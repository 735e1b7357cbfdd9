/**
 * Reading a release archive received from anywhere: strict, bounded, streaming. The archive is read
 * through its central directory, which must describe exactly the whole file: the end record ends the
 * file (no comment, nothing appended), the first entry starts at byte 0 (nothing prepended), every
 * entry's local header repeats its central header (name, flags, method, time, CRC-32, sizes) and the
 * entries follow each other without gap or overlap up to the central directory. Names are checked
 * (relative, no `..`, one top folder, no duplicate, no file that is also a folder) before any byte is
 * written. The limits (entries, uncompressed bytes per entry and in all, compression ratio) are
 * checked on the declared sizes before extracting, then held while inflating: an entry that inflates
 * past its declared size is stopped there, so a zip bomb never costs more than the limits allow.
 * Each entry's CRC-32 and size are checked against both headers.
 *
 * What the reader lets through and the container could still hide (a time, an attribute, an extra
 * field, a comment, or deflate bytes that inflate to the same data) is caught by `verify`, which
 * requires the archive to be byte-identical to writeArchive's serialization of what it holds.
 */
import { constants } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { BuildError, issue, type Issue } from '../issues.ts';
import { crc32 } from './archive.ts';

export interface ArchiveLimits {
  /** Entries in the central directory. */
  entries: number;
  /** Uncompressed bytes of one entry. */
  entryBytes: number;
  /** Uncompressed bytes of all entries. */
  totalBytes: number;
  /** Uncompressed / compressed bytes, of an entry past `ratioFloor` bytes and of the whole archive past it. */
  ratio: number;
  /** Below this many uncompressed bytes the ratio is not checked: a small file of blanks compresses 1000-fold and harms nothing. */
  ratioFloor: number;
}

/**
 * A release holds about 40 files, its CSV compresses 2-10 times (README: Scale), and at a million
 * articles the release is some GB: these bounds refuse no real release.
 */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { entries: 10_000, entryBytes: 16 * 2 ** 30, totalBytes: 64 * 2 ** 30, ratio: 100, ratioFloor: 16 << 20 };

/** Longest entry name (bytes) and deepest path: far past any release file, short of the OS's path limits. */
const MAX_NAME = 1024;
const MAX_DEPTH = 32;
/** The central directory is read in one piece: at most this many bytes. */
const MAX_CENTRAL_DIRECTORY = 64 << 20;
const CHUNK = 1 << 20;
/** Entries of at most this many compressed bytes (and 64 times as many inflated) are read and inflated in one piece. */
const SMALL = 1 << 20;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;

export interface CentralEntry {
  name: string;
  rawName: Buffer;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** A problem that ends reading: the archive is damaged or hostile. */
class ArchiveProblem extends Error {
  constructor(readonly init: { code?: string; what: string; expected?: string; got?: string; value?: unknown }) {
    super(init.what);
  }
}

const problem = (what: string, expected?: string, got?: string, value?: unknown): never => {
  throw new ArchiveProblem({ what, expected, got, ...(value !== undefined ? { value } : {}) });
};

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let n = 0;
  while (n < length) {
    const { bytesRead } = await fh.read(buf, n, length - n, position + n);
    if (bytesRead === 0) problem('the archive ends inside a record', `${length} bytes at offset ${position}`, `${n}`);
    n += bytesRead;
  }
  return buf;
}

const u64 = (b: Buffer, at: number): number => {
  const v = b.readBigUInt64LE(at);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
};

/** The end records: the count, offset and size of the central directory, and where it must end. */
async function readEnd(fh: FileHandle, size: number): Promise<{ count: number; cdOffset: number; cdSize: number; cdEnd: number }> {
  if (size < 22) problem('not a zip archive: too short for an end of central directory record', 'at least 22 bytes', `${size} bytes`);
  const end = await readAt(fh, size - 22, 22);
  // Release archives have no comment, so the end record is the file's last 22 bytes.
  if (end.readUInt32LE(0) !== SIG_END) problem('no end of central directory record at the end of the file: the archive is truncated, has bytes appended, or is not a zip', 'signature 504b0506 in the last 22 bytes', end.subarray(0, 4).toString('hex'));
  if (end.readUInt16LE(20) !== 0) problem('the archive has a comment', 'none', `${end.readUInt16LE(20)} bytes`);
  if (end.readUInt16LE(4) !== 0 || end.readUInt16LE(6) !== 0 || end.readUInt16LE(8) !== end.readUInt16LE(10)) problem('a multi-disk archive', 'one disk', 'several');
  let count = end.readUInt16LE(10);
  let cdSize = end.readUInt32LE(12);
  let cdOffset = end.readUInt32LE(16);
  let cdEnd = size - 22;
  if (size >= 22 + 20 + 56 && (await readAt(fh, size - 42, 4)).readUInt32LE(0) === SIG_ZIP64_LOCATOR) {
    const locator = await readAt(fh, size - 42, 20);
    const recordAt = size - 42 - 56;
    if (locator.readUInt32LE(4) !== 0 || locator.readUInt32LE(16) !== 1 || u64(locator, 8) !== recordAt) problem('the Zip64 locator does not point at the Zip64 end record before it', `offset ${recordAt}`, `${u64(locator, 8)}`);
    const record = await readAt(fh, recordAt, 56);
    if (record.readUInt32LE(0) !== SIG_ZIP64_END || u64(record, 4) !== 44) problem('malformed Zip64 end of central directory record', 'signature 504b0606, size 44', record.subarray(0, 4).toString('hex'));
    if (record.readUInt32LE(16) !== 0 || record.readUInt32LE(20) !== 0 || u64(record, 24) !== u64(record, 32)) problem('a multi-disk archive', 'one disk', 'several');
    const [c, s, o] = [u64(record, 32), u64(record, 40), u64(record, 48)];
    // The 16- and 32-bit fields of the end record hold the value, or all ones when it does not fit.
    if ((count !== MAX16 && count !== c) || (cdSize !== MAX32 && cdSize !== s) || (cdOffset !== MAX32 && cdOffset !== o)) problem('the end record and the Zip64 end record disagree', `${c} entries, ${s} bytes at ${o}`, `${count} entries, ${cdSize} bytes at ${cdOffset}`);
    [count, cdSize, cdOffset, cdEnd] = [c, s, o, recordAt];
  }
  if (cdOffset + cdSize !== cdEnd) problem('the central directory does not end where the end records start: bytes were added, removed or changed', `${cdEnd - cdOffset} bytes`, `${cdSize} bytes`);
  return { count, cdOffset, cdSize, cdEnd };
}

/** The sizes and offset a Zip64 extra field gives, in its fixed order, for the fields set to all ones. */
function applyZip64(e: CentralEntry, extra: Buffer): void {
  const needed = [e.size === MAX32, e.compressed === MAX32, e.offset === MAX32];
  for (let at = 0; at < extra.length;) {
    if (at + 4 > extra.length) problem('malformed extra field', 'whole records', `${extra.length - at} stray bytes`, e.name);
    const [id, length] = [extra.readUInt16LE(at), extra.readUInt16LE(at + 2)];
    if (at + 4 + length > extra.length) problem('malformed extra field', `${length} bytes`, `${extra.length - at - 4}`, e.name);
    if (id === 0x0001) {
      let p = at + 4;
      const take = () => {
        if (p + 8 > at + 4 + length) problem('Zip64 extra field too short', 'a value for every field set to all ones', `${length} bytes`, e.name);
        const v = u64(extra, p);
        p += 8;
        return v;
      };
      if (needed[0]) e.size = take();
      if (needed[1]) e.compressed = take();
      if (needed[2]) e.offset = take();
      needed.fill(false);
    }
    at += 4 + length;
  }
  if (needed.some(Boolean)) problem('a size or offset is all ones without a Zip64 extra field', 'a Zip64 extra field', 'none', e.name);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The entries of the central directory, in its order, with names decoded and checked. */
function readCentral(cd: Buffer, count: number): CentralEntry[] {
  const entries: CentralEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cd.length || cd.readUInt32LE(at) !== SIG_CENTRAL) problem(`central directory entry ${i + 1} is missing or malformed`, 'signature 504b0102', at + 4 <= cd.length ? cd.subarray(at, at + 4).toString('hex') : 'the end of the directory');
    const [nameLength, extraLength, commentLength] = [cd.readUInt16LE(at + 28), cd.readUInt16LE(at + 30), cd.readUInt16LE(at + 32)];
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > cd.length) problem(`central directory entry ${i + 1} runs past the directory`, `${cd.length - at} bytes`, `${next - at}`);
    const rawName = Buffer.from(cd.subarray(at + 46, at + 46 + nameLength));
    const flags = cd.readUInt16LE(at + 8);
    let name: string;
    try {
      name = decoder.decode(rawName);
    } catch {
      problem('an entry name is not UTF-8', 'a UTF-8 name', rawName.toString('hex'));
    }
    if (!(flags & FLAG_UTF8) && /[^\x00-\x7f]/.test(name!)) problem('a non-ASCII entry name without the UTF-8 flag', 'flag bit 11 set', 'not set', name!);
    if (cd.readUInt16LE(at + 34) !== 0) problem('an entry on another disk', 'disk 0', String(cd.readUInt16LE(at + 34)), name!);
    const e: CentralEntry = {
      name: name!, rawName, flags, method: cd.readUInt16LE(at + 10), time: cd.readUInt16LE(at + 12), date: cd.readUInt16LE(at + 14),
      crc: cd.readUInt32LE(at + 16), compressed: cd.readUInt32LE(at + 20), size: cd.readUInt32LE(at + 24), offset: cd.readUInt32LE(at + 42),
    };
    applyZip64(e, cd.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(e);
    at = next;
  }
  if (at !== cd.length) problem('bytes after the last central directory entry', `${count} entries in ${cd.length} bytes`, `${cd.length - at} bytes left`);
  return entries;
}

/** Why `name` cannot be extracted under one top folder, or null when it can. */
function unsafeName(name: string): string | null {
  if (name.endsWith('/')) return 'a directory entry (a release archive holds files only)';
  const parts = name.split('/');
  if (name.startsWith('/') || name.includes('\\') || parts.some((p) => p === '..' || p === '.' || p === '') || parts.length < 2) return 'unsafe or misplaced archive entry';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return 'an entry name with a control character';
  if (Buffer.byteLength(name) > MAX_NAME || parts.length > MAX_DEPTH) return `an entry name longer than ${MAX_NAME} bytes or deeper than ${MAX_DEPTH} folders`;
  return null;
}

/** Every name safe, under one top folder, once, and no file that is also a folder; returns the top folder. */
function checkNames(entries: readonly CentralEntry[]): string {
  let top: string | null = null;
  const files = new Set<string>();
  const folders = new Set<string>();
  for (const { name } of entries) {
    const why = unsafeName(name);
    if (why) problem(why, 'files under one top folder, relative paths without ..', undefined, name);
    const parts = name.split('/');
    top ??= parts[0];
    if (parts[0] !== top) problem('archive entry outside the top folder', `files under ${top}/`, undefined, name);
    if (files.has(name)) problem('duplicate archive entry', 'each name once', undefined, name);
    if (folders.has(name)) problem('an entry named like a folder of other entries', 'distinct file and folder names', undefined, name);
    files.add(name);
    for (let k = 1; k < parts.length; k++) folders.add(parts.slice(0, k).join('/'));
  }
  for (const name of files) if (folders.has(name)) problem('an entry named like a folder of other entries', 'distinct file and folder names', undefined, name);
  if (top === null) problem('archive is empty', 'a release folder', 'no files');
  return top!;
}

/** The entry's flags, method and declared sizes, against the limits: before a byte is inflated. */
function checkEntry(e: CentralEntry, limits: ArchiveLimits): void {
  if (e.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) problem('an encrypted entry', 'no encryption', undefined, e.name);
  if (e.flags & FLAG_DESCRIPTOR) problem('an entry with a data descriptor', 'the CRC-32 and sizes in the local header', undefined, e.name);
  if (e.method !== 0 && e.method !== 8) problem('an entry compressed with an unsupported method', 'stored (0) or deflated (8)', String(e.method), e.name);
  if (e.method === 0 && e.compressed !== e.size) problem('a stored entry whose sizes differ', `${e.size} bytes`, `${e.compressed}`, e.name);
  if (e.size > limits.entryBytes) throw new ArchiveProblem({ code: 'file-too-large', what: 'an archive entry is larger than the limit', expected: `at most ${limits.entryBytes} bytes`, got: `${e.size} bytes`, value: e.name });
  if (e.size > limits.ratioFloor && e.size > limits.ratio * e.compressed) {
    throw new ArchiveProblem({ code: 'compression-ratio', what: 'an archive entry inflates more than the limit allows (a zip bomb?)', expected: `at most ${limits.ratio} times its ${e.compressed} compressed bytes`, got: `${e.size} bytes`, value: e.name });
  }
}

/**
 * The local header at `e.offset` repeats the central one; returns where its data starts. With
 * `descriptors`, an entry flagged as followed by a data descriptor (as exceljs writes workbooks)
 * may leave its CRC-32 and sizes out of the local header.
 */
async function checkLocal(fh: FileHandle, e: CentralEntry, descriptors = false): Promise<number> {
  const h = await readAt(fh, e.offset, 30);
  if (h.readUInt32LE(0) !== SIG_LOCAL) problem('no local header where the central directory puts an entry', 'signature 504b0304', h.subarray(0, 4).toString('hex'), e.name);
  const [nameLength, extraLength] = [h.readUInt16LE(26), h.readUInt16LE(28)];
  const rest = await readAt(fh, e.offset + 30, nameLength + extraLength);
  const local: CentralEntry = {
    ...e, rawName: rest.subarray(0, nameLength), flags: h.readUInt16LE(6), method: h.readUInt16LE(8), time: h.readUInt16LE(10), date: h.readUInt16LE(12),
    crc: h.readUInt32LE(14), compressed: h.readUInt32LE(18), size: h.readUInt32LE(22), offset: 0,
  };
  if (local.compressed === MAX32 || local.size === MAX32) applyZip64(local, rest.subarray(nameLength));
  const fields = descriptors && e.flags & FLAG_DESCRIPTOR ? (['flags', 'method', 'time', 'date'] as const) : (['flags', 'method', 'time', 'date', 'crc', 'compressed', 'size'] as const);
  const differ = fields.filter((k) => local[k] !== e[k]);
  if (!local.rawName.equals(e.rawName)) differ.unshift('name' as never);
  if (differ.length) problem('the local header and the central directory disagree', `the same ${differ.join(', ')}`, differ.map((k) => `${k} ${k === ('name' as never) ? JSON.stringify(local.rawName.toString()) : local[k]}`).join(', '), e.name);
  return e.offset + 30 + nameLength + extraLength;
}

export async function* slices(fh: FileHandle, start: number, end: number): AsyncGenerator<Buffer> {
  for (let at = start; at < end;) {
    const n = Math.min(CHUNK, end - at);
    yield await readAt(fh, at, n);
    at += n;
  }
}

/** Streams one entry's data into `target`, holding its declared size and checking its CRC-32. */
async function extractEntry(fh: FileHandle, e: CentralEntry, start: number, target: string): Promise<void> {
  const out = await open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  let size = 0;
  let crc = 0;
  const sink = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > e.size) problem('an archive entry inflates past its declared size (a zip bomb, or a damaged entry)', `${e.size} bytes`, `more`, e.name);
      crc = crc32(chunk, crc);
      for (let done = 0; done < chunk.length;) done += (await out.write(chunk, done, chunk.length - done)).bytesWritten;
    }
  };
  try {
    if (e.compressed <= SMALL && e.size <= SMALL * 64) {
      // Small entries (all but the largest CSV files) in one read: a stream per entry costs more than its bytes.
      const data = await readAt(fh, start, e.compressed);
      let out: Buffer = data;
      if (e.method === 8) {
        try {
          out = zlib.inflateRawSync(data, { maxOutputLength: e.size + 1 });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') problem('an archive entry inflates past its declared size (a zip bomb, or a damaged entry)', `${e.size} bytes`, 'more', e.name);
          throw err;
        }
      }
      await sink((async function* () { yield out; })());
    } else {
      const source = Readable.from(slices(fh, start, start + e.compressed), { objectMode: false });
      if (e.method === 0) await pipeline(source, sink);
      else await pipeline(source, zlib.createInflateRaw({ chunkSize: 1 << 16 }), sink);
    }
  } catch (err) {
    if (err instanceof ArchiveProblem) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && !code.startsWith('Z_') && (err as NodeJS.ErrnoException).syscall) throw err;
    problem('an archive entry cannot be inflated (damaged data)', 'a deflate stream', (err as Error).message, e.name);
  } finally {
    await out.close();
  }
  if (size !== e.size) problem('an archive entry holds another number of bytes than its headers say', `${e.size} bytes`, `${size} bytes`, e.name);
  if ((crc >>> 0) !== e.crc) problem('an archive entry does not match its CRC-32', e.crc.toString(16).padStart(8, '0'), (crc >>> 0).toString(16).padStart(8, '0'), e.name);
}

/**
 * The entries of a zip that is no release archive (a workbook, whose names need no top folder), in
 * central directory order, each with where its data starts: the end records, central directory and
 * local headers read and checked as extractArchive checks them. A problem throws an Error saying
 * what was expected and what was found.
 */
export async function zipEntries(fh: FileHandle): Promise<(CentralEntry & { start: number })[]> {
  try {
    const { count, cdOffset, cdSize } = await readEnd(fh, (await fh.stat()).size);
    if (cdSize > MAX_CENTRAL_DIRECTORY) problem('the central directory is larger than the limit', `at most ${MAX_CENTRAL_DIRECTORY} bytes`, `${cdSize} bytes`);
    const entries = readCentral(await readAt(fh, cdOffset, cdSize), count);
    const out: (CentralEntry & { start: number })[] = [];
    for (const e of entries) {
      if (e.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) problem('an encrypted entry', 'no encryption', undefined, e.name);
      if (e.method !== 0 && e.method !== 8) problem('an entry compressed with an unsupported method', 'stored (0) or deflated (8)', String(e.method), e.name);
      const start = await checkLocal(fh, e, true);
      if (start + e.compressed > cdOffset) problem('an entry runs into the central directory', `data ending by offset ${cdOffset}`, `${start + e.compressed}`, e.name);
      out.push({ ...e, start });
    }
    return out;
  } catch (e) {
    if (!(e instanceof ArchiveProblem)) throw e;
    const { what, expected, got, value } = e.init;
    throw new Error(`${what}${value === undefined ? '' : ` (${String(value)})`}${expected === undefined ? '' : `: expected ${expected}`}${got === undefined ? '' : `, got ${got}`}`);
  }
}

/**
 * Extracts a release archive into `dest` (created; must be empty or absent): see the file comment for
 * what is checked. Returns the extracted release folder, or null with the problem as an issue:
 * `invalid-archive`, or `too-many-files`, `file-too-large`, `compression-ratio` for a limit. Throws
 * BuildError `write-failed` (exit 2) when `dest` cannot be written.
 */
export async function extractArchive(file: string, dest: string, label = path.basename(file), limits: Partial<ArchiveLimits> = {}): Promise<{ root: string | null; issues: Issue[] }> {
  const lim = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  let fh: FileHandle | null = null;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await fh.stat();
    if (!info.isFile()) problem('not a regular file', 'a .zip file', 'another kind of file');
    const { count, cdOffset, cdSize } = await readEnd(fh, info.size);
    if (count > lim.entries) throw new ArchiveProblem({ code: 'too-many-files', what: 'the archive has more entries than the limit', expected: `at most ${lim.entries}`, got: String(count) });
    if (cdSize > MAX_CENTRAL_DIRECTORY) problem('the central directory is larger than the limit', `at most ${MAX_CENTRAL_DIRECTORY} bytes`, `${cdSize} bytes`);
    const entries = readCentral(await readAt(fh, cdOffset, cdSize), count);
    const top = checkNames(entries);
    let total = 0;
    for (const e of entries) {
      checkEntry(e, lim);
      total += e.size;
    }
    if (total > lim.totalBytes) throw new ArchiveProblem({ code: 'file-too-large', what: 'the archive\'s entries are larger in all than the limit', expected: `at most ${lim.totalBytes} bytes`, got: `${total} bytes` });
    if (total > lim.ratioFloor && total > lim.ratio * info.size) {
      throw new ArchiveProblem({ code: 'compression-ratio', what: 'the archive inflates more than the limit allows (a zip bomb?)', expected: `at most ${lim.ratio} times its ${info.size} bytes`, got: `${total} bytes` });
    }
    // The entries tile the file from byte 0 to the central directory: nothing before, between or after them.
    const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
    const starts: number[] = [];
    let expected = 0;
    for (const e of byOffset) {
      if (e.offset !== expected) problem(e.offset > expected ? 'bytes outside any entry before an entry' : 'archive entries overlap', `the entry at offset ${expected}`, `offset ${e.offset}`, e.name);
      const start = await checkLocal(fh, e);
      starts.push(start);
      expected = start + e.compressed;
      if (expected > cdOffset) problem('an entry runs into the central directory', `data ending by offset ${cdOffset}`, `${expected}`, e.name);
    }
    if (expected !== cdOffset) problem('bytes outside any entry before the central directory', `the central directory at offset ${expected}`, `offset ${cdOffset}`);
    await mkdir(dest, { recursive: true });
    for (const [k, e] of byOffset.entries()) {
      const target = path.join(dest, ...e.name.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      await extractEntry(fh, e, starts[k], target);
    }
    return { root: path.join(dest, top), issues: [] };
  } catch (e) {
    if (e instanceof ArchiveProblem) {
      const { code = 'invalid-archive', ...rest } = e.init;
      return { root: null, issues: [issue({ code, file: label, ...rest })] };
    }
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.syscall !== 'string') throw e;
    // The machine, not the archive: a full disk, a folder that cannot be written, an I/O error.
    const inDest = typeof err.path === 'string' && !path.relative(dest, err.path).startsWith('..');
    throw BuildError.of(inDest
      ? { code: 'write-failed', file: err.path, what: 'extracting the archive failed', expected: 'a writable temporary folder with space', got: err.message }
      : { code: 'read-failed', file: label, what: 'the archive cannot be read', expected: 'a readable file', got: err.message });
  } finally {
    await fh?.close();
  }
}
