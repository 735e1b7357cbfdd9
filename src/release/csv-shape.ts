/**
 * A byte-level pass ahead of the CSV parser that holds a CSV file from anywhere to its limits while
 * streaming: columns per record, bytes per field and per record. The parser is quadratic in the
 * columns of one record (10^5 columns: a minute), so a record is stopped here, linearly, at the
 * first column past the limit. The delimiter and quote are single ASCII bytes, which never occur
 * inside a UTF-8 multi-byte character; a doubled quote inside quotes toggles twice and stays quoted.
 */
import { Transform, type TransformCallback } from 'node:stream';

export interface CsvShapeLimits {
  columns: number;
  fieldBytes: number;
  rowBytes: number;
}

/** A CSV file past a limit: the code, the 1-based line and what was found. */
export class CsvShapeError extends Error {
  constructor(readonly code: 'too-many-columns' | 'field-too-large', readonly line: number, readonly expected: string, readonly got: string) {
    super(`${code} on line ${line}`);
  }
}

export class CsvShape extends Transform {
  private line = 1;
  private quoted = false;
  private columns = 1;
  private field = 0;
  private row = 0;

  constructor(private readonly delimiter: number, private readonly quote: number, private readonly limits: CsvShapeLimits) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const { delimiter, quote, limits } = this;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 0x0a) {
        this.line++;
        if (!this.quoted) { this.columns = 1; this.field = 0; this.row = 0; continue; }
      } else if (b === quote) {
        this.quoted = !this.quoted;
      } else if (b === delimiter && !this.quoted) {
        this.field = 0;
        if (++this.columns > limits.columns) return done(new CsvShapeError('too-many-columns', this.line, `at most ${limits.columns} columns`, `more`));
      }
      if (++this.field > limits.fieldBytes) return done(new CsvShapeError('field-too-large', this.line, `fields of at most ${limits.fieldBytes} bytes`, 'a longer field'));
      if (++this.row > limits.rowBytes) return done(new CsvShapeError('field-too-large', this.line, `records of at most ${limits.rowBytes} bytes`, 'a longer record'));
    }
    done(null, chunk);
  }
}
