import { createRequire } from 'node:module';
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * @duckdb/node-api, required rather than imported: it is CommonJS, and an ES import of it has Node
 * scan its ~180 files for their exports (cjs-module-lexer), about 0.15 s of CPU in every process.
 */
export const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');

export interface Database {
  connection: DuckDBConnection;
  close(): void;
}

/**
 * DuckDB's memory limit unless told otherwise. It bounds DuckDB's buffers, not all its memory: the
 * worker threads, the JavaScript heap and DuckDB's allocator come on top. At 1,000,245 articles the
 * whole build peaked at 1,558 MB (maxRSS) against 2,406 MB with 1GB. The build gives DuckDB half of
 * it while the pages are made and checked and while the release is written (src/build.ts, halfOf and
 * checksMemoryLimit; the checks then run in batches of pages sized for it, src/db/check-scope.ts):
 * 256MB, under which the write phase of 100,000 articles fits. Not lower by default: the write phase
 * under 128MB was not tried at that size.
 */
export const DEFAULT_MEMORY_LIMIT = '512MB';

/** A memory size as `--memory-limit` takes it and DuckDB reads it: 512MB, 1.5GiB (KB = 1000, KiB = 1024). */
export const MEMORY_SIZE = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** A memory size in bytes (512MB: 512,000,000; 1GiB: 2^30); null for a size not written so. */
export function bytesOf(size: string): number | null {
  const m = MEMORY_SIZE.exec(size.trim());
  if (!m) return null;
  const unit = m[2].toUpperCase();
  const base = unit.endsWith('IB') ? 1024 : 1000;
  return Number(m[1]) * base ** (['K', 'M', 'G', 'T'].indexOf(unit[0]) + 1);
}

/** Half of a memory limit such as 512MB or 1GiB, in its own unit (256MB, 0.5GiB); null for a size not written so. */
export function halfOf(size: string): string | null {
  const m = MEMORY_SIZE.exec(size.trim());
  return m ? `${Number(m[1]) / 2}${m[2]}` : null;
}

/**
 * DuckDB's allocator (jemalloc on Linux) keeps memory a query freed for reuse, outside the memory
 * limit: after the workbook's largest sort the process stayed ~400 MB above what DuckDB's buffers
 * held. Handing it back after any task that peaked past 16 MB (the default is 128 MB), with
 * background threads purging as they go, keeps the RSS near what DuckDB actually uses.
 */
const ALLOCATOR_SETTINGS = { allocator_flush_threshold: '16MB', allocator_background_threads: 'true' };

export interface DatabaseOptions {
  /** A database file (the build cache); in memory when not given. */
  path?: string;
  /** Where DuckDB may spill when the working set passes memoryLimit. */
  tempDirectory: string;
  /** DuckDB's memory_limit (default DEFAULT_MEMORY_LIMIT). */
  memoryLimit?: string;
  /** Worker threads; DuckDB's default (the number of cores) when not given. */
  threads?: number;
  /** DuckDB's max_temp_directory_size; by default the free space of the temporary folder's disk. */
  maxTempDirectorySize?: string;
}

/**
 * The DuckDB of one build: in memory, or the build cache's file (the release is the artifact, the
 * database only a means). Time zone pinned to UTC so nothing depends on the machine's zone.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const instance = await duckdb.DuckDBInstance.create(options.path ?? ':memory:', {
    memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
    temp_directory: options.tempDirectory,
    ...ALLOCATOR_SETTINGS,
    ...(options.threads !== undefined ? { threads: String(options.threads) } : {}),
  });
  const connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`);
  if (options.maxTempDirectorySize !== undefined) await connection.run(`SET max_temp_directory_size = ${sqlString(options.maxTempDirectorySize)}`);
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A SQL string literal; for the few values DuckDB cannot bind, such as COPY file paths. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
