/**
 * The release archive: one zip of the whole release folder, written so the same folder always gives
 * the same bytes. Entries are sorted by path under one top folder `<name>-<version>/`, every entry
 * has the release's `created` time (UTC) as mtime and mode 0644, there are no directory entries and
 * no extra fields, and compression is fflate's pure-JS deflate (pinned), so the bytes depend neither
 * on the machine's zlib build nor on its time zone.
 */
import { closeSync, createReadStream, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Unzip, UnzipInflate, Zip, ZipDeflate } from 'fflate';
import { issue, type Issue } from '../issues.ts';
import { comparePaths } from './checksums.ts';

/** `jiaozuo-daily-epidemic-0.1.0`: the archive's top folder and, with `.zip`, its file name. */
export function archiveBase(name: string, version: string): string {
  return `${name}-${version}`;
}

export function archiveName(name: string, version: string): string {
  return `${archiveBase(name, version)}.zip`;
}

const UNIX = 3;
const FILE_MODE = (0o100644 << 16) >>> 0;
const LEVEL = 6;
const CHUNK = 1 << 20;
const DOS_EPOCH = Date.UTC(1980, 0, 1);

/**
 * Runs `fn` with the process time zone set to UTC. fflate writes the zip's MS-DOS timestamps from
 * the local-time fields of the Date it is given; under UTC those are the UTC fields. `fn` must be
 * synchronous, so no other code runs while the zone is changed.
 */
function inUtc<T>(fn: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = 'UTC';
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

/**
 * Writes `files` (paths relative to `dir`, forward slashes) into the zip `file` under `top/`.
 * Streams each file in 1 MiB chunks; written to `<file>.tmp-<pid>` and renamed, so a reader never
 * sees half an archive.
 */
export function writeArchive(dir: string, files: readonly string[], file: string, top: string, created: string): void {
  const time = Date.parse(created);
  if (Number.isNaN(time)) throw new Error(`writeArchive: invalid created ${created}`);
  // Zip (MS-DOS) times start in 1980: an earlier `created` (SOURCE_DATE_EPOCH=0 is common) is clamped.
  const mtime = new Date(Math.max(time, DOS_EPOCH));
  const tmp = `${file}.tmp-${process.pid}`;
  const out = openSync(tmp, 'w');
  try {
    inUtc(() => {
      let failure: Error | null = null;
      // A write that throws inside fflate's callback would be swallowed by fflate, which then
      // fails on the next push with "no stream handler": keep the first error and stop at once.
      const zip = new Zip((err, chunk) => {
        if (failure) return;
        if (err) { failure = err; return; }
        try {
          writeSync(out, chunk);
        } catch (e) {
          failure = e as Error;
        }
      });
      const buffer = Buffer.alloc(CHUNK);
      for (const rel of [...files].sort(comparePaths)) {
        const entry = new ZipDeflate(`${top}/${rel}`, { level: LEVEL });
        entry.mtime = mtime;
        entry.os = UNIX;
        entry.attrs = FILE_MODE;
        zip.add(entry);
        const fd = openSync(path.join(dir, rel), 'r');
        try {
          // Read one chunk ahead, so the last chunk is pushed with final = true (an empty file too).
          let n = readSync(fd, buffer, 0, CHUNK, null);
          for (;;) {
            const chunk = Uint8Array.from(buffer.subarray(0, n)); // a copy: the buffer is reused
            n = n === 0 ? 0 : readSync(fd, buffer, 0, CHUNK, null);
            entry.push(chunk, n === 0);
            if (failure) throw failure;
            if (n === 0) break;
          }
        } finally {
          closeSync(fd);
        }
      }
      zip.end();
      if (failure) throw failure;
    });
    closeSync(out);
    renameSync(tmp, file);
  } catch (e) {
    try { closeSync(out); } catch { /* already closed */ }
    rmSync(tmp, { force: true });
    // A failed write (a full disk) names no file by itself: name the archive being written.
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.syscall === 'string' && err.path === undefined) err.path = tmp;
    throw e;
  }
}

/**
 * Extracts a release archive into `dest` (which must be empty or absent), streaming. Refuses what a
 * release archive never holds: absolute paths, `..`, backslashes, duplicates, or entries outside one
 * top folder. Returns the extracted release folder, or null with issues.
 */
export async function extractArchive(file: string, dest: string, label = path.basename(file)): Promise<{ root: string | null; issues: Issue[] }> {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  let top: string | null = null;
  const bad = (what: string, value: string) => issues.push(issue({ code: 'invalid-archive', file: label, what, expected: 'files under one top folder, relative paths without ..', value }));
  mkdirSync(dest, { recursive: true });
  const unzip = new Unzip((entry) => {
    const name = entry.name;
    if (name.endsWith('/')) return; // a directory entry
    const parts = name.split('/');
    if (name.startsWith('/') || name.includes('\\') || parts.some((p) => p === '..' || p === '.' || p === '') || parts.length < 2) {
      bad('unsafe or misplaced archive entry', name);
      return;
    }
    if (top === null) top = parts[0];
    if (parts[0] !== top) { bad('archive entry outside the top folder', name); return; }
    if (seen.has(name)) { bad('duplicate archive entry', name); return; }
    seen.add(name);
    const target = path.join(dest, ...parts);
    mkdirSync(path.dirname(target), { recursive: true });
    const fd = openSync(target, 'w');
    entry.ondata = (err, data, final) => {
      if (err) { bad(`unreadable archive entry (${err.message})`, name); closeSync(fd); return; }
      writeSync(fd, data);
      if (final) closeSync(fd);
    };
    try {
      entry.start();
    } catch (e) {
      closeSync(fd);
      bad(`unreadable archive entry (${(e as Error).message})`, name);
    }
  });
  unzip.register(UnzipInflate);
  try {
    for await (const chunk of createReadStream(file)) unzip.push(chunk as Uint8Array);
    unzip.push(new Uint8Array(0), true);
  } catch (e) {
    issues.push(issue({ code: 'invalid-archive', file: label, what: 'not a readable zip archive', got: (e as Error).message }));
  }
  if (top === null && issues.length === 0) issues.push(issue({ code: 'invalid-archive', file: label, what: 'archive is empty', expected: 'a release folder', got: 'no files' }));
  return { root: issues.length || top === null ? null : path.join(dest, top), issues };
}
