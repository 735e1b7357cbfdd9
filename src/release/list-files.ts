import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { comparePaths } from './checksums.ts';

/** Every file under `dir`, relative, with forward slashes, in byte order of the path. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort(comparePaths);
}
