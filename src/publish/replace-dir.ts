import { rename, rm, stat, writeFile } from 'node:fs/promises';

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

/**
 * Swaps a finished folder into place: out → `<out>.old-<pid>`, tmp → out, then the old one is removed.
 * Readers see either the old or the new release, never a half-written one; if the second rename
 * fails, the old release is put back.
 */
export async function replaceDir(tmp: string, out: string, pid: number = process.pid): Promise<void> {
  const old = `${out}.old-${pid}`;
  const hadOld = await exists(out);
  if (hadOld) await rename(out, old);
  try {
    await rename(tmp, out);
  } catch (e) {
    if (hadOld) await rename(old, out);
    throw e;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}

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
