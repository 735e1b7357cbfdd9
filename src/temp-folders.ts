/**
 * The temporary folders the build and verify make in os.tmpdir() (DuckDB's spill files, an
 * unpacked archive) carry their process id: `jiaozuo-<kind>-<pid>-XXXXXX`. A process killed before
 * it could remove its folder leaves it behind; the next build or verify removes every such folder
 * whose process is gone, and never one of a live process.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pidAlive } from './release/lock.ts';

export type TempKind = 'build' | 'verify';

const OWNED = /^jiaozuo-(build|verify)-(\d+)-[A-Za-z0-9]{6}$/;

/** Removes the temporary folders of dead processes in `dir` (default os.tmpdir()); returns their names. */
export async function removeDeadTempFolders(dir: string = os.tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const m = OWNED.exec(name);
    if (!m || pidAlive(Number(m[2]))) continue;
    await rm(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** A new temporary folder of this process, after removing those of dead ones (logged). */
export async function makeTempFolder(kind: TempKind, log: (line: string) => void = () => {}): Promise<string> {
  for (const name of await removeDeadTempFolders()) log(`removed ${path.join(os.tmpdir(), name)}, left by a process that is gone`);
  return mkdtemp(path.join(os.tmpdir(), `jiaozuo-${kind}-${process.pid}-`));
}
