import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface Database {
  connection: DuckDBConnection;
  close(): void;
}

/**
 * DuckDB's memory limit unless told otherwise. It bounds DuckDB's buffers, not all its memory: the
 * worker threads, the JavaScript heap and DuckDB's allocator come on top. At 1,000,245 articles the
 * whole build peaked at 1,558 MB (maxRSS) with 512MB against 2,406 MB with 1GB; at 20,000 articles
 * 256MB took the checks' peak from 895-902 to 603-647 MB and the workbook's from 1,052-1,121 to
 * 828-871 MB (with ALLOCATOR_SETTINGS), for the same CPU seconds within noise.
 */
export const DEFAULT_MEMORY_LIMIT = '256MB';

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
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', {
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
