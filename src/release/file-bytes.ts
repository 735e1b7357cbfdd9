/**
 * Hashing and comparing files without holding them in memory: release files reach several hundred
 * MB (several GB at a million articles), so every pass reads them in 1 MiB chunks; and writing
 * whole buffers to open files.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CHUNK } from './stream-entry.mjs';

/** CHUNK (1 MiB, the size files are read in) and writeAll (all of a buffer to an open file): stream-entry.mjs. */
export { CHUNK, writeAll } from './stream-entry.mjs';

export interface FileDigest {
  bytes: number;
  /** Lower-case hex digest per algorithm asked for. */
  hex: Record<string, string>;
}

/** Size and digests (`sha256`, `md5`, … as node:crypto names them) of a file, streaming. Rejects when the file cannot be read. */
export async function hashFile(file: string, algorithms: readonly string[] = ['sha256']): Promise<FileDigest> {
  const hashes = algorithms.map((a) => createHash(a));
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
    bytes += (chunk as Buffer).length;
    for (const h of hashes) h.update(chunk as Buffer);
  }
  return { bytes, hex: Object.fromEntries(algorithms.map((a, i) => [a, hashes[i].digest('hex')])) };
}

/** Reads up to `buffer.length` bytes at `position`, retrying short reads; fewer only at the end of the file. */
async function readFull(file: FileHandle, buffer: Buffer, position: number): Promise<number> {
  let n = 0;
  while (n < buffer.length) {
    const { bytesRead } = await file.read(buffer, n, buffer.length - n, position + n);
    if (bytesRead === 0) break;
    n += bytesRead;
  }
  return n;
}

/** True when both files hold the same bytes; compares sizes first, then chunk by chunk. */
export async function sameBytes(a: string, b: string): Promise<boolean> {
  const fa = await open(a, 'r');
  try {
    const fb = await open(b, 'r');
    try {
      if ((await fa.stat()).size !== (await fb.stat()).size) return false;
      const [ba, bb] = [Buffer.alloc(CHUNK), Buffer.alloc(CHUNK)];
      for (let position = 0; ; position += CHUNK) {
        const [na, nb] = [await readFull(fa, ba, position), await readFull(fb, bb, position)];
        if (na !== nb || !ba.subarray(0, na).equals(bb.subarray(0, nb))) return false;
        if (na < CHUNK) return true;
      }
    } finally {
      await fb.close();
    }
  } finally {
    await fa.close();
  }
}

