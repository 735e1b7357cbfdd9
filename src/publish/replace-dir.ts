import { rename, rm, writeFile } from 'node:fs/promises';

/** Writes a file via `<path>.tmp-<pid>` and a rename, so it is never seen half-written. */
export async function writeFileAtomic(file: string, data: string, pid: number = process.pid): Promise<void> {
  const tmp = `${file}.tmp-${pid}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
