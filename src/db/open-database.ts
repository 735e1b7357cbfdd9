import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface Database {
  connection: DuckDBConnection;
  close(): void;
}

/**
 * DuckDB's memory limit unless told otherwise. At 1,000,245 articles the whole build then peaked at
 * 1,558 MB (maxRSS) against 2,406 MB with 1GB; DuckDB's limit bounds its buffers, not all its memory.
 */
export const DEFAULT_MEMORY_LIMIT = '512MB';

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
