import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface Database {
  connection: DuckDBConnection;
  close(): void;
}

export interface DatabaseOptions {
  /** A database file (the build cache); in memory when not given. */
  path?: string;
  /** Where DuckDB may spill when the working set passes memoryLimit. */
  tempDirectory: string;
  memoryLimit?: string;
  /** Worker threads; DuckDB's default (the number of cores) when not given. */
  threads?: number;
}

/**
 * The DuckDB of one build: in memory, or the build cache's file (the release is the artifact, the
 * database only a means). Time zone pinned to UTC so nothing depends on the machine's zone.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', {
    memory_limit: options.memoryLimit ?? '2GB',
    temp_directory: options.tempDirectory,
    ...(options.threads !== undefined ? { threads: String(options.threads) } : {}),
  });
  const connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`);
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
