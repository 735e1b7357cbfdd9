/**
 * DuckDB running out of a resource of the machine, as the environment errors they are (exit 2)
 * instead of `internal-error`: its temporary folder (what it spills past the memory limit no
 * longer fits: the disk is full, or DuckDB's max_temp_directory_size, which defaults to the disk's
 * free space, is reached), or its memory limit (a query that cannot spill).
 *
 * DuckDB does not always say which: with its folder full it reports "failed to offload data
 * block", or just "could not allocate block" as when memory alone runs out. So on any of its
 * out-of-memory errors the folder is looked at: nearly at max_temp_directory_size, or its disk
 * nearly full (the spilled tables stay there), means the folder filled up.
 */
import { readdir, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { BuildError } from '../issues.ts';

export interface SpillContext {
  /** DuckDB's temporary folder. */
  tempDirectory: string;
  /** DuckDB's memory limit (--memory-limit). */
  memoryLimit: string;
  /** DuckDB's max_temp_directory_size when set (default: the disk's free space). */
  maxTempDirectorySize?: string;
}

/** Less free space than this on the temporary folder's disk counts as full. */
const NEARLY_FULL_BYTES = 64 * 2 ** 20;

/** `1MB`, `976.5 KiB`, `10GiB` as DuckDB reads them (KB = 1000, KiB = 1024), in bytes; null if not a size. */
export function parseDuckdbSize(size: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?\s*$/i.exec(size);
  if (!m) return null;
  const unit = (m[2] ?? 'B').toLowerCase();
  const factor = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 }[unit]!;
  return Number(m[1]) * factor;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** What the temporary folder holds and what its disk has left, and whether that is full. */
async function tempFolderState(ctx: SpillContext): Promise<{ full: boolean; used: number; free: number | null }> {
  let used = 0;
  for (const e of await readdir(ctx.tempDirectory, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (e.isFile()) used += await stat(path.join(e.parentPath, e.name)).then((s) => s.size, () => 0);
  }
  const disk = await statfs(ctx.tempDirectory).catch(() => null);
  const free = disk ? disk.bavail * disk.bsize : null;
  const limit = ctx.maxTempDirectorySize ? parseDuckdbSize(ctx.maxTempDirectorySize) : null;
  const full = (limit !== null && used >= 0.75 * limit) || (free !== null && free < NEARLY_FULL_BYTES);
  return { full, used, free };
}

/** DuckDB's texts that name the temporary folder itself: a failed offload, or a write in it failing for space. */
export function namesFullTempDirectory(message: string, tempDirectory: string): boolean {
  if (/failed to offload data block|max_temp_directory_size/i.test(message)) return true;
  return /No space left on device|Disk quota exceeded/i.test(message) && (message.includes(tempDirectory) || /duckdb_temp/i.test(message));
}

/**
 * The BuildError for DuckDB's temporary folder filling up (`temp-directory-full`) or its memory
 * running out (`out-of-memory`) in `step`; anything else is returned unchanged.
 */
export async function duckdbResourceError(e: unknown, step: string, ctx: SpillContext): Promise<unknown> {
  if (e instanceof BuildError) return e;
  const message = (e as Error)?.message ?? '';
  const first = message.split('\n')[0];
  const named = namesFullTempDirectory(message, ctx.tempDirectory);
  if (!named && !/Out of Memory Error/i.test(message)) return e;
  const state = await tempFolderState(ctx);
  if (named || state.full) {
    const room = `it holds ${mib(state.used)}${ctx.maxTempDirectorySize ? ` of at most ${ctx.maxTempDirectorySize}` : ''}${state.free === null ? '' : `, ${mib(state.free)} free on its disk`}`;
    return BuildError.of({
      code: 'temp-directory-full',
      file: ctx.tempDirectory,
      what: `DuckDB's temporary folder filled up in ${step}: past its memory limit of ${ctx.memoryLimit} DuckDB spills tables to this folder, and it has no room left (${room}); nothing was published`,
      expected: 'more free disk space for the temporary folder (free some, or point TMPDIR at a larger disk), or a larger --memory-limit so that less is spilled',
      got: first,
    });
  }
  return BuildError.of({ code: 'out-of-memory', what: `DuckDB ran out of memory in ${step} under its memory limit of ${ctx.memoryLimit}; nothing was published`, expected: 'a larger --memory-limit (or more free disk for spilling)', got: first });
}
