/**
 * The one routine that makes an archive entry's bytes (streamEntry), with what it needs (crc32,
 * writeAll, CHUNK), in plain JavaScript: archive.ts calls it on the main thread and the deflate
 * workers (deflate-worker.mjs) load it without tsx, so a worker starts without a TypeScript loader
 * (its own module-hooks thread and compiled modules: about 25 MB of RSS and 0.3 s of CPU a
 * worker). Types: stream-entry.d.mts.
 */
import { fstatSync, readSync, writeSync } from 'node:fs';
import zlib from 'node:zlib';
import { Deflate } from 'fflate';

/** Bytes read (and hashed, compared, deflated) at a time. */
export const CHUNK = 1 << 20;

/** The deflate level of the release archive. */
export const ARCHIVE_LEVEL = 6;

/** @type {Int32Array | null} */
let crcTable = null;

/**
 * CRC-32 (the zip one) of `data` continuing `crc`: node:zlib's (Node ≥ 20.15), else a table-driven one.
 * @param {Uint8Array} data
 * @param {number} crc
 * @returns {number}
 */
export function crc32(data, crc) {
  const native = /** @type {{ crc32?: (data: Uint8Array, value?: number) => number }} */ (zlib).crc32;
  if (native) return native(data, crc);
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * Writes all of `data` to the open file `fd` (at `position`, or at the file's current offset
 * when it is undefined): writeSync may write less than it is given.
 * @param {number} fd
 * @param {Uint8Array} data
 * @param {number} [position]
 */
export function writeAll(fd, data, position) {
  for (let done = 0; done < data.length;) done += writeSync(fd, data, done, data.length - done, position === undefined ? null : position + done);
}

/**
 * Reads the open file `fd` in 1 MiB chunks and hands `write` its bytes, deflated or as they are;
 * returns the CRC-32 and size of what was read. The one routine for every entry, on the main thread
 * or a worker, so an entry's bytes do not depend on where it was made.
 * @param {number} fd
 * @param {boolean} deflated
 * @param {(data: Uint8Array) => void} write
 * @param {number} [level]
 * @returns {{ crc: number; size: number }}
 */
export function streamEntry(fd, deflated, write, level = ARCHIVE_LEVEL) {
  // No larger than the file: most of a release's files are far smaller than a chunk, and a 1 MiB
  // buffer zeroed for each of them was about a tenth of a small build's CPU. A file is read in the
  // same chunks either way (one, when it is no larger than a chunk), and to its end whatever fstat said.
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, fstatSync(fd).size)));
  let crc = 0;
  let size = 0;
  const deflate = deflated ? new Deflate({ level: /** @type {1} */ (level) }, (chunk) => write(chunk)) : null;
  // Read one chunk ahead, so the last chunk is pushed with final = true (an empty file too).
  let n = readSync(fd, buffer, 0, buffer.length, null);
  for (;;) {
    const chunk = buffer.subarray(0, n);
    crc = crc32(chunk, crc);
    size += n;
    if (deflate) {
      const copy = Uint8Array.from(chunk); // fflate may keep the input: the buffer is reused
      n = n === 0 ? 0 : readSync(fd, buffer, 0, buffer.length, null);
      deflate.push(copy, n === 0);
    } else {
      write(chunk);
      n = n === 0 ? 0 : readSync(fd, buffer, 0, buffer.length, null);
    }
    if (n === 0) break;
  }
  return { crc: crc >>> 0, size };
}
