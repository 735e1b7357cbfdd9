/**
 * The files of a release folder received from anywhere, read without leaving it: the folder is
 * walked with lstat, so a symbolic link is reported and never followed, and a FIFO, socket or device
 * is reported and never opened (opening a FIFO blocks; a device such as /dev/zero never ends). Every
 * later read goes through `openRegular`, which opens only what the walk found, with O_NOFOLLOW and
 * O_NONBLOCK, and checks it is still a regular file.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { issue, type Issue } from '../issues.ts';
import { comparePaths } from './checksums.ts';

export interface ReleaseFiles {
  /** Regular files, relative with forward slashes, to their size in bytes. */
  files: Map<string, number>;
  issues: Issue[];
}

function kindOf(info: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'a special file';
}

/**
 * Walks `dir` (not following links, breadth first, in path order) up to `maxEntries` files and
 * folders: the regular files, and an issue for each link (`symlink-in-release`), special file
 * (`special-file`) or the limit (`too-many-files`, the walk then stops).
 */
export async function walkRelease(dir: string, maxEntries: number): Promise<ReleaseFiles> {
  const files = new Map<string, number>();
  const issues: Issue[] = [];
  const queue: string[] = [''];
  let seen = 0;
  while (queue.length) {
    const rel = queue.shift()!;
    const names = (await readdir(path.join(dir, rel))).sort(comparePaths);
    for (const name of names) {
      const child = rel ? `${rel}/${name}` : name;
      if (++seen > maxEntries) {
        issues.push(issue({ code: 'too-many-files', file: child, what: 'the release folder holds more files and folders than the limit', expected: `at most ${maxEntries}`, got: 'more' }));
        return { files, issues };
      }
      const info = await lstat(path.join(dir, child));
      if (info.isSymbolicLink()) {
        issues.push(issue({ code: 'symlink-in-release', file: child, what: 'a symbolic link in the release; verify reads no file outside the release and follows no link', expected: 'a regular file', got: 'a symbolic link' }));
      } else if (info.isDirectory()) {
        queue.push(child);
      } else if (info.isFile()) {
        files.set(child, info.size);
      } else {
        issues.push(issue({ code: 'special-file', file: child, what: 'not a regular file; not opened', expected: 'a regular file', got: kindOf(info) }));
      }
    }
  }
  return { files: new Map([...files].sort(([a], [b]) => comparePaths(a, b))), issues };
}

/**
 * Opens `file` for reading only if it is a regular file: the last component is not followed if it
 * is a link (O_NOFOLLOW), a FIFO does not block the open (O_NONBLOCK), and what was opened is
 * checked with fstat. Null for anything else.
 */
export async function openRegular(file: string): Promise<FileHandle | null> {
  let fh: FileHandle;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  if ((await fh.stat()).isFile()) return fh;
  await fh.close();
  return null;
}

/** The bytes of a regular file of at most `limit` bytes; null when it is not one or cannot be read. */
export async function readRegular(file: string, limit: number): Promise<Buffer | null> {
  const fh = await openRegular(file);
  if (!fh) return null;
  try {
    const { size } = await fh.stat();
    if (size > limit) return null;
    const buf = Buffer.alloc(size);
    let n = 0;
    while (n < size) {
      const { bytesRead } = await fh.read(buf, n, size - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    return buf.subarray(0, n);
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}
