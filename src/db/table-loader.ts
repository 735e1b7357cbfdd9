import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { duckdb } from './open-database.ts';
import { createTableSql, type FieldSpec, type TableSpec } from '../schema/index.ts';

/** Creates every table from the DDL derived from its schema. */
export async function createTables(connection: DuckDBConnection, specs: readonly TableSpec[]): Promise<void> {
  for (const s of specs) await connection.run(createTableSql(s));
}

function appendValue(appender: DuckDBAppender, f: FieldSpec, v: unknown): void {
  if (v === null || v === undefined) return appender.appendNull();
  switch (f.type) {
    case 'string': return appender.appendVarchar(v as string);
    case 'integer': return appender.appendBigInt(BigInt(v as number));
    case 'number': return appender.appendDouble(v as number);
    case 'boolean': return appender.appendBoolean(v as boolean);
    case 'date': {
      const [year, month, day] = (v as string).split('-').map(Number);
      return appender.appendDate(duckdb.dateValue({ year, month, day }));
    }
  }
}

/**
 * Loads rows page by page through one appender per table, so the build never holds more than
 * one page's rows in JS. Rows must have been validated: the appender trusts their types.
 */
export class TableLoader {
  private readonly appenders = new Map<string, DuckDBAppender>();
  private constructor(private readonly specs: readonly TableSpec[]) {}

  static async open(connection: DuckDBConnection, specs: readonly TableSpec[]): Promise<TableLoader> {
    const loader = new TableLoader(specs);
    for (const s of specs) loader.appenders.set(s.table, await connection.createAppender(s.table));
    return loader;
  }

  append(table: string, rows: readonly Record<string, unknown>[]): void {
    const spec = this.specs.find((s) => s.table === table);
    const appender = this.appenders.get(table);
    if (!spec || !appender) throw new Error(`append: unknown table ${table}`);
    for (const row of rows) {
      for (const f of spec.fields) appendValue(appender, f, row[f.name]);
      appender.endRow();
    }
  }

  /**
   * Hands the buffered rows to the table: without it DuckDB keeps every appended row in the
   * appender's uncommitted storage, which cannot be spilled, and a large corpus runs out of memory.
   */
  flush(): void {
    for (const a of this.appenders.values()) a.flushSync();
  }

  /** Flushes and closes every appender; the rows are visible to queries afterwards. */
  close(): void {
    for (const a of this.appenders.values()) a.closeSync();
    this.appenders.clear();
  }
}
