/**
 * The output folder as part of the environment: whether a build can write there at all (checked
 * before any work, so a wrong --out fails in a second, not after the checks), and what a failed
 * write while publishing means. Both are environment errors (exit 2), never data errors, and
 * neither leaves anything behind: publishing writes into a temporary folder that is removed.
 */
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { BuildError } from '../issues.ts';

type FsError = NodeJS.ErrnoException & { dest?: string };

/** `ENOSPC: no space left on device, write`: Node's message without the paths it appends. */
function osError(e: FsError): string {
  return e.message.replace(/ '[\s\S]*$/, '');
}

function notWritable(outDir: string, got: string): BuildError {
  return BuildError.of({
    code: 'output-not-writable',
    file: outDir,
    what: 'output folder cannot be written',
    expected: 'a folder the build can create and write (--out DIR)',
    got,
  });
}

/**
 * Throws BuildError `output-not-writable` when `outDir` cannot be created or written: it, or the
 * nearest existing folder above it, is a file, or is not writable. Creates nothing.
 */
export async function checkOutputFolder(outDir: string): Promise<void> {
  let dir = path.normalize(outDir);
  for (;;) {
    const found = await stat(dir).catch((e: FsError) => e);
    if (!(found instanceof Error)) {
      if (!found.isDirectory()) throw notWritable(outDir, `${JSON.stringify(dir)} is a file, not a folder`);
      try {
        await access(dir, constants.W_OK);
      } catch (e) {
        throw notWritable(outDir, `${JSON.stringify(dir)} is not writable (${osError(e as FsError)})`);
      }
      return;
    }
    // ENOENT: not there yet, the build creates it; ENOTDIR: a file above it, found further up.
    if (found.code !== 'ENOENT' && found.code !== 'ENOTDIR') throw notWritable(outDir, osError(found));
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/**
 * The BuildError `write-failed` for a file-system error while publishing (a full disk, a quota,
 * an I/O error), naming the file and the OS error; DuckDB's own write errors too. Anything else
 * (a BuildError, a programmer error) is returned unchanged.
 */
export function writeFailure(e: unknown, outDir: string): unknown {
  if (e instanceof BuildError || !(e instanceof Error)) return e;
  const err = e as FsError;
  const isFs = typeof err.code === 'string' && /^E[A-Z0-9]+$/.test(err.code) && typeof err.syscall === 'string';
  const isDuckDb = /^IO Error: /.test(err.message);
  if (!isFs && !isDuckDb) return e;
  return BuildError.of({
    code: 'write-failed',
    file: err.path ?? outDir,
    what: 'could not write the release, so nothing was published and earlier releases are untouched',
    expected: `room and permission to write in ${outDir}`,
    got: isFs ? osError(err) : err.message,
  });
}
