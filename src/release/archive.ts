/**
 * The release archive: one zip of the whole release folder, written so the same folder always gives
 * the same bytes. Entries are sorted by path under one top folder `<name>-<version>/`, every entry
 * has the release's `created` time (UTC) as mtime and mode 0644, there are no directory entries and
 * no extra fields (but the Zip64 ones an archive past 4 GiB needs). Parquet files, compressed
 * already (zstd inside), are stored as they are; every other file is compressed with fflate's
 * pure-JS deflate (pinned), so the bytes depend neither on the machine's zlib build nor on its time
 * zone.
 *
 * The container is written here rather than by fflate's Zip: each entry's CRC-32 and sizes go into
 * its local header (patched in once the data is written), never into a trailing data descriptor.
 * fflate's Zip always uses descriptors, with which a stored entry can only be found through the
 * central directory: streaming readers (fflate's Unzip; Java's ZipInputStream)
 * would scan the Parquet bytes for the descriptor's signature. And fflate writes no Zip64 records,
 * which a release past 4 GiB (a million articles) needs.
 *
 * Deflating is most of the time, so with 64 MiB or more to deflate and more than one core, the
 * entries are deflated on worker threads (deflate-worker.mjs), largest first, each into a part file
 * in a temporary folder beside the archive; the main thread writes the container in entry order,
 * copying each entry's data from its part. The bytes do not change: every deflated entry, on a
 * worker or not, is made by the same routine (streamEntry: fflate's Deflate at level 6, fed the same
 * 1 MiB chunks in the same order), and an entry's deflate stream depends on its file alone.
 */
import { closeSync, mkdtempSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { comparePaths } from './checksums.ts';
import { ARCHIVE_LEVEL, CHUNK, streamEntry, writeAll } from './stream-entry.mjs';
import { checkCreatedRange } from '../publish/dataset-metadata.ts';

/** The routine of every entry's bytes and the archive's level: stream-entry.mjs (plain JavaScript, for the workers). */
export { ARCHIVE_LEVEL, crc32, streamEntry } from './stream-entry.mjs';

/** `jiaozuo-daily-epidemic-0.1.0`: the archive's top folder and, with `.zip`, its file name. */
export function archiveBase(name: string, version: string): string {
  return `${name}-${version}`;
}

export function archiveName(name: string, version: string): string {
  return `${archiveBase(name, version)}.zip`;
}

const UNIX = 3;
const FILE_MODE = (0o100644 << 16) >>> 0;
const DOS_EPOCH = Date.UTC(1980, 0, 1);
const STORED = 0;
const DEFLATED = 8;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
/** Past this size an entry's sizes go into Zip64 fields: deflate may expand incompressible data a little. */
const ZIP64_SIZE = MAX32 - (1 << 26);

/** Entries stored without compression: formats that are compressed already (Parquet: zstd inside; .xlsx: a zip). */
export function storedEntry(rel: string): boolean {
  return rel.endsWith('.parquet') || rel.endsWith('.xlsx');
}

/**
 * The rule of archives written before the workbook was stored (releases up to 0.2.1 of the seed
 * data deflated it): `verify` accepts an archive in either canonical form, both being one exact
 * function of the files.
 */
export function storedEntryBeforeWorkbook(rel: string): boolean {
  return rel.endsWith('.parquet');
}

/** The MS-DOS date and time of `date`'s UTC fields (two-second resolution), as zip headers hold them. */
function dosDateTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/** Little-endian 64-bit: archive offsets stay below 2^53. */
function writeU64(buf: Buffer, value: number, at: number): void {
  buf.writeBigUInt64LE(BigInt(value), at);
}

interface Entry {
  name: Buffer;
  utf8: boolean;
  method: number;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
  /** Sizes in Zip64 fields (local and central header). */
  zip64Sizes: boolean;
}

/** Local header with placeholders for the CRC and sizes, which are patched in after the data. */
function localHeader(e: Entry, dos: { time: number; date: number }): Buffer {
  const extra = e.zip64Sizes ? 20 : 0;
  const h = Buffer.alloc(30 + e.name.length + extra);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(e.zip64Sizes ? 45 : 20, 4);
  h.writeUInt16LE(e.utf8 ? 0x0800 : 0, 6);
  h.writeUInt16LE(e.method, 8);
  h.writeUInt16LE(dos.time, 10);
  h.writeUInt16LE(dos.date, 12);
  if (e.zip64Sizes) { h.writeUInt32LE(MAX32, 18); h.writeUInt32LE(MAX32, 22); }
  h.writeUInt16LE(e.name.length, 26);
  h.writeUInt16LE(extra, 28);
  e.name.copy(h, 30);
  if (e.zip64Sizes) { h.writeUInt16LE(0x0001, 30 + e.name.length); h.writeUInt16LE(16, 32 + e.name.length); }
  return h;
}

/** The CRC and sizes of a written entry, at their places in its local header (sizes in the Zip64 field after the name when it has one). */
function localPatches(e: Entry): { at: number; bytes: Buffer }[] {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(e.crc, 0);
  if (!e.zip64Sizes) {
    head.writeUInt32LE(e.compressed, 4);
    head.writeUInt32LE(e.size, 8);
    return [{ at: e.offset + 14, bytes: head }];
  }
  const sizes = Buffer.alloc(16);
  writeU64(sizes, e.size, 0);
  writeU64(sizes, e.compressed, 8);
  return [{ at: e.offset + 14, bytes: head.subarray(0, 4) }, { at: e.offset + 30 + e.name.length + 4, bytes: sizes }];
}

function centralHeader(e: Entry, dos: { time: number; date: number }): Buffer {
  const bigOffset = e.offset >= MAX32;
  const fields = [...(e.zip64Sizes ? [e.size, e.compressed] : []), ...(bigOffset ? [e.offset] : [])];
  const extra = fields.length ? 4 + 8 * fields.length : 0;
  const zip64 = extra > 0;
  const h = Buffer.alloc(46 + e.name.length + extra);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((UNIX << 8) | (zip64 ? 45 : 20), 4);
  h.writeUInt16LE(zip64 ? 45 : 20, 6);
  h.writeUInt16LE(e.utf8 ? 0x0800 : 0, 8);
  h.writeUInt16LE(e.method, 10);
  h.writeUInt16LE(dos.time, 12);
  h.writeUInt16LE(dos.date, 14);
  h.writeUInt32LE(e.crc, 16);
  h.writeUInt32LE(e.zip64Sizes ? MAX32 : e.compressed, 20);
  h.writeUInt32LE(e.zip64Sizes ? MAX32 : e.size, 24);
  h.writeUInt16LE(e.name.length, 28);
  h.writeUInt16LE(extra, 30);
  // comment length, disk number start, internal attributes: 0
  h.writeUInt32LE(FILE_MODE, 38);
  h.writeUInt32LE(bigOffset ? MAX32 : e.offset, 42);
  e.name.copy(h, 46);
  if (zip64) {
    const at = 46 + e.name.length;
    h.writeUInt16LE(0x0001, at);
    h.writeUInt16LE(8 * fields.length, at + 2);
    fields.forEach((v, i) => writeU64(h, v, at + 4 + 8 * i));
  }
  return h;
}

/** End of central directory, preceded by the Zip64 record and locator when a count or offset needs them. */
function endRecords(count: number, cdOffset: number, cdSize: number, forceZip64: boolean): Buffer {
  const zip64 = forceZip64 || count >= MAX16 || cdOffset >= MAX32 || cdSize >= MAX32;
  const parts: Buffer[] = [];
  if (zip64) {
    const r = Buffer.alloc(56);
    r.writeUInt32LE(0x06064b50, 0);
    writeU64(r, 44, 4);
    r.writeUInt16LE((UNIX << 8) | 45, 12);
    r.writeUInt16LE(45, 14);
    // this disk, the central directory's disk: 0
    writeU64(r, count, 24);
    writeU64(r, count, 32);
    writeU64(r, cdSize, 40);
    writeU64(r, cdOffset, 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    writeU64(locator, cdOffset + cdSize, 8);
    locator.writeUInt32LE(1, 16);
    parts.push(r, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, MAX16), 8);
  end.writeUInt16LE(Math.min(count, MAX16), 10);
  end.writeUInt32LE(Math.min(cdSize, MAX32), 12);
  end.writeUInt32LE(Math.min(cdOffset, MAX32), 16);
  parts.push(end);
  return Buffer.concat(parts);
}

export interface ArchiveOptions {
  /** Zip64 records for every entry and the end, whatever the sizes: lets tests check them on small archives. */
  forceZip64?: boolean;
  /**
   * Worker threads that deflate (0: the main thread). Default: one per core; none on one core or
   * for less than 64 MiB to deflate. The bytes are the same whatever the number.
   */
  workers?: number;
  /** fflate's deflate level, 1-9 (default ARCHIVE_LEVEL): the bytes depend on it, never on the machine. */
  level?: number;
  /** Which entries are stored as they are (default storedEntry). */
  stored?: (rel: string) => boolean;
  /** Entries already being deflated (BackgroundDeflater), by path: their parts are copied, not made again. */
  deflated?: ReadonlyMap<string, BackgroundDeflate>;
}

/**
 * Below this many bytes to deflate, workers are not started by default: halving 60 MB of
 * deflating (~30 MB/s) saves about a second, and a worker takes wall time to start on a busy machine.
 */
const MIN_PARALLEL = 64 << 20;

/** One file for a deflate worker: `source` deflated into `part`, at `level` (else the worker's level). */
export interface DeflateJob {
  index: number;
  source: string;
  part: string;
  level?: number;
}

/** What deflate-worker.mjs gets: the jobs, largest first, and the shared index of the next one to take. */
export interface DeflateSetup {
  jobs: DeflateJob[];
  next: Int32Array;
  level: number;
}

/** A worker's message: a job done, or the error that stopped it. */
export type DeflateMessage =
  | { index: number; crc: number; size: number }
  | { index: number; error: { message: string; stack?: string; code?: string; errno?: number; syscall?: string; path?: string } };

interface DeflatePool {
  /** By entry index: resolves once the entry's part file is complete. */
  results: Map<number, Promise<{ crc: number; size: number }>>;
  /** Terminates the workers (they may still be running after a failure). */
  close(): Promise<void>;
}

/** The error a worker posted: an OS error keeps its code and path (a full disk stays `write-failed`). */
function workerError(m: Extract<DeflateMessage, { error: unknown }>['error'], rel: string): Error {
  if (typeof m.code === 'string' && typeof m.syscall === 'string') {
    return Object.assign(new Error(m.message), { code: m.code, errno: m.errno, syscall: m.syscall, path: m.path });
  }
  const err = new Error(`writeArchive: deflating ${rel} on a worker failed: ${m.message}`);
  if (m.stack) err.stack = `${err.message}\n(worker) ${m.stack}`;
  return err;
}

/**
 * Starts `count` workers on `jobs` (sorted largest first): each takes the next job from a shared
 * counter when it is free, so no worker waits for the main thread to hand it one. The first failure
 * rejects every result not yet in.
 */
function deflateOnWorkers(jobs: DeflateJob[], rels: readonly string[], count: number, level: number): DeflatePool {
  const next = new Int32Array(new SharedArrayBuffer(4));
  const pending = new Map<number, { resolve(r: { crc: number; size: number }): void; reject(e: Error): void }>();
  const results = new Map<number, Promise<{ crc: number; size: number }>>();
  for (const job of jobs) {
    const result = new Promise<{ crc: number; size: number }>((resolve, reject) => pending.set(job.index, { resolve, reject }));
    result.catch(() => {}); // awaited in entry order; until then, not an unhandled rejection
    results.set(job.index, result);
  }
  const fail = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  let closing = false;
  let running = count;
  const setup: DeflateSetup = { jobs, next, level };
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(new URL('./deflate-worker.mjs', import.meta.url), { workerData: setup });
    worker.on('message', (m: DeflateMessage) => {
      if ('error' in m) { fail(workerError(m.error, rels[m.index])); return; }
      const p = pending.get(m.index);
      pending.delete(m.index);
      p?.resolve({ crc: m.crc, size: m.size });
    });
    worker.on('error', (e) => fail(new Error(`writeArchive: a deflate worker failed: ${e.message}`, { cause: e })));
    worker.on('exit', (code) => {
      running--;
      if (!closing && (code !== 0 || running === 0)) fail(new Error(`writeArchive: a deflate worker exited (code ${code}) before its entries were done`));
    });
    return worker;
  });
  return {
    results,
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** One file being deflated on a worker into `part`, by the routine every entry uses. */
export interface BackgroundDeflate {
  part: string;
  result: Promise<{ crc: number; size: number }>;
}

/** What a serving deflate worker (deflate-worker.mjs) gets: the level; its files come as DeflateJob messages. */
export interface DeflateService {
  serve: true;
  level: number;
}

/** How BackgroundDeflater.deflate deflates one file. */
export interface BackgroundDeflateOptions {
  /** fflate's level for this file (default: the deflater's). */
  level?: number;
  /** Ahead of the files still waiting (a workbook's sheet, which the build waits for, before the archive's files, which it does not need yet). */
  first?: boolean;
}

/**
 * Deflates files on worker threads while the caller goes on (the workbook writer deflates a
 * finished sheet while it writes the next one; the publish step deflates the release archive's
 * large files as soon as each is written), each file as it comes, on at most `max` workers,
 * each started when a file finds none free and kept for the next: a worker per file paid its start
 * (0.13 s of CPU in plain JavaScript, 0.43 s when it loaded tsx) for every sheet. Hand the files to
 * writeArchive's `deflated`: an entry's bytes are those writeArchive would make itself at the
 * same level.
 */
export class BackgroundDeflater {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, { job: DeflateJob; resolve(r: { crc: number; size: number }): void; reject(e: Error): void }>();
  private readonly waiting: { job: DeflateJob; resolve(r: { crc: number; size: number }): void; reject(e: Error): void }[] = [];
  private readonly urgent = new Set<number>();
  private closing = false;
  private jobs = 0;

  constructor(private readonly level = ARCHIVE_LEVEL, private readonly max = 2) {}

  /** Starts deflating `source` into `part` (once a worker is free). */
  deflate(source: string, part: string, options: BackgroundDeflateOptions = {}): BackgroundDeflate {
    const level = options.level ?? this.level;
    if (!Number.isInteger(level) || level < 1 || level > 9) throw new Error(`BackgroundDeflater: deflate level ${level} is not 1-9`);
    const result = new Promise<{ crc: number; size: number }>((resolve, reject) => {
      const task = { job: { index: this.jobs++, source, part, level }, resolve, reject };
      if (options.first) {
        // After the other first ones already waiting, before the rest.
        const at = this.waiting.findIndex((t) => !this.urgent.has(t.job.index));
        this.urgent.add(task.job.index);
        this.waiting.splice(at < 0 ? this.waiting.length : at, 0, task);
      } else {
        this.waiting.push(task);
      }
    });
    result.catch(() => {}); // awaited by writeArchive; until then, not an unhandled rejection
    this.dispatch();
    return { part, result };
  }

  private dispatch(): void {
    while (this.waiting.length > 0 && !this.closing) {
      const worker = this.idle.pop() ?? (this.workers.length < this.max ? this.start() : null);
      if (!worker) return;
      const next = this.waiting.shift()!;
      this.urgent.delete(next.job.index);
      this.busy.set(worker, next);
      worker.postMessage(next.job);
    }
  }

  private start(): Worker {
    const worker = new Worker(new URL('./deflate-worker.mjs', import.meta.url), { workerData: { serve: true, level: this.level } satisfies DeflateService });
    worker.on('message', (m: DeflateMessage) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      if ('error' in m) task?.reject(workerError(m.error, path.basename(task.job.source)));
      else task?.resolve({ crc: m.crc, size: m.size });
      this.idle.push(worker);
      this.dispatch();
    });
    worker.on('error', (e) => this.fail(new Error(`writeArchive: a deflate worker failed: ${e.message}`, { cause: e })));
    worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`writeArchive: a deflate worker exited (code ${code}) before its entries were done`));
    });
    this.workers.push(worker);
    return worker;
  }

  /** A worker died: every file not yet deflated fails with it. */
  private fail(e: Error): void {
    for (const task of [...this.busy.values(), ...this.waiting]) task.reject(e);
    this.busy.clear();
    this.waiting.length = 0;
    this.urgent.clear();
  }

  /** Terminates the workers (after a failure one may still be running); files not yet deflated fail. */
  async close(): Promise<void> {
    this.closing = true;
    this.fail(new Error('writeArchive: the deflate workers were closed before their files were done'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Writes `files` (paths relative to `dir`, forward slashes) into the zip `file` under `top/` (at
 * the root when `top` is '', as the parts of an .xlsx).
 * Streams each file in 1 MiB chunks; written to `<file>.tmp-<pid>` and renamed, so a reader never
 * sees half an archive. Deflate workers write their parts to `<file>.parts-XXXXXX/`, removed
 * whatever happens.
 */
export async function writeArchive(dir: string, files: readonly string[], file: string, top: string, created: string, options: ArchiveOptions = {}): Promise<void> {
  const time = Date.parse(created);
  if (Number.isNaN(time)) throw new Error(`writeArchive: invalid created ${created}`);
  const level = options.level ?? ARCHIVE_LEVEL;
  if (!Number.isInteger(level) || level < 1 || level > 9) throw new Error(`writeArchive: deflate level ${level} is not 1-9`);
  // Zip (MS-DOS) times start in 1980: an earlier `created` (SOURCE_DATE_EPOCH=0 is common) is clamped;
  // they end with 2107: a later one is refused (resolveCreated refuses it before any work).
  checkCreatedRange(new Date(time).toISOString(), { what: `the archive date of ${path.basename(file)}` });
  const dos = dosDateTime(new Date(Math.max(time, DOS_EPOCH)));
  const tmp = `${file}.tmp-${process.pid}`;
  const out = openSync(tmp, 'w');
  let position = 0;
  const write = (data: Uint8Array) => {
    writeAll(out, data, position);
    position += data.length;
  };
  let parts: string | null = null;
  let pool: DeflatePool | null = null;
  try {
    const rels = [...files].sort(comparePaths);
    const sizes = rels.map((rel) => statSync(path.join(dir, rel)).size);
    const stored = options.stored ?? storedEntry;
    const toDeflate = rels.flatMap((rel, index) => (stored(rel) || options.deflated?.has(rel) ? [] : [index]));
    const deflateBytes = toDeflate.reduce((sum, i) => sum + sizes[i], 0);
    const cores = os.availableParallelism();
    const workers = Math.min(options.workers ?? (cores < 2 || deflateBytes < MIN_PARALLEL ? 0 : cores), toDeflate.length);
    if (workers > 0) {
      parts = mkdtempSync(`${file}.parts-`);
      const jobs = toDeflate
        .sort((a, b) => sizes[b] - sizes[a] || a - b)
        .map((index) => ({ index, source: path.join(dir, rels[index]), part: path.join(parts!, String(index)) }));
      pool = deflateOnWorkers(jobs, rels, workers, level);
    }
    const entries: Entry[] = [];
    const buffer = Buffer.alloc(CHUNK);
    for (const [index, rel] of rels.entries()) {
      const name = top === '' ? rel : `${top}/${rel}`;
      const entry: Entry = {
        name: Buffer.from(name, 'utf8'), utf8: /[^\x00-\x7f]/.test(name), method: stored(rel) ? STORED : DEFLATED,
        offset: position, crc: 0, compressed: 0, size: 0, zip64Sizes: options.forceZip64 === true || sizes[index] > ZIP64_SIZE,
      };
      write(localHeader(entry, dos));
      const start = position;
      const background = options.deflated?.get(rel);
      const result = background?.result ?? pool?.results.get(index);
      let read: { crc: number; size: number };
      if (result) {
        read = await result;
        const part = background?.part ?? path.join(parts!, String(index));
        const fd = openSync(part, 'r');
        try {
          for (let n; (n = readSync(fd, buffer, 0, CHUNK, null)) > 0;) write(buffer.subarray(0, n));
        } finally {
          closeSync(fd);
        }
        rmSync(part); // the disk holds the archive and at most the parts not yet copied
      } else {
        const fd = openSync(path.join(dir, rel), 'r');
        try {
          read = streamEntry(fd, entry.method === DEFLATED, write, level);
        } finally {
          closeSync(fd);
        }
      }
      Object.assign(entry, { crc: read.crc, size: read.size, compressed: position - start });
      if (!entry.zip64Sizes && (entry.size >= MAX32 || entry.compressed >= MAX32)) throw new Error(`writeArchive: ${rel} grew past 4 GiB while being written`);
      for (const p of localPatches(entry)) writeAll(out, p.bytes, p.at);
      entries.push(entry);
    }
    const cdOffset = position;
    for (const e of entries) write(centralHeader(e, dos));
    write(endRecords(entries.length, cdOffset, position - cdOffset, options.forceZip64 === true));
    closeSync(out);
    renameSync(tmp, file);
  } catch (e) {
    try { closeSync(out); } catch { /* already closed */ }
    rmSync(tmp, { force: true });
    // A failed write (a full disk) names no file by itself: name the archive being written.
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.syscall === 'string' && err.path === undefined) err.path = tmp;
    throw e;
  } finally {
    // Terminated before the parts go: a worker still running after a failure writes nothing more.
    await pool?.close();
    if (parts) rmSync(parts, { recursive: true, force: true });
  }
}

/** Reading an archive back (strict, bounded): zip-reader.ts. */
export { extractArchive } from './zip-reader.ts';
