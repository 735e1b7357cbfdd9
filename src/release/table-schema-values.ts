/**
 * Reading and checking one CSV cell against its Table Schema field (Data Package v2): the field's
 * type and its constraints (required, enum, pattern, minimum/maximum, minLength/maxLength). Pure;
 * `verify` uses it on every row of a release it knows nothing else about.
 */
import type { FieldDescriptor } from './schema-diff.ts';

/** A problem with one cell: an issue code (`row-type`, `row-required`, …) and what was expected. */
export interface CellProblem {
  code: string;
  what: string;
  expected: string;
}

/** The logical value: bigint for integers, number, boolean, `{year, month, day}` for dates, else the string. */
export type CellValue = string | number | bigint | boolean | { year: number; month: number; day: number } | null;

export type CellReader = (cell: string | null) => { value: CellValue; problems: CellProblem[] };

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^(NaN|INF|-INF)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const TIME = /^\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const YEAR = /^-?\d{4}$/;

function validDate(text: string): { year: number; month: number; day: number } | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? { year, month, day } : null;
}

/** Number of Unicode code points: Table Schema lengths count characters, not UTF-16 units. */
function length(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A comparable form of a logical value, for enum and minimum/maximum. */
function comparable(v: CellValue): number | string | boolean {
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object') return `${String(v.year).padStart(4, '0')}-${String(v.month).padStart(2, '0')}-${String(v.day).padStart(2, '0')}`;
  return v as number | string | boolean;
}

/** A Table Schema pattern (implicitly anchored) as a JS RegExp; null when JS cannot read it. */
function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return null;
  }
}

/**
 * Compiles the reader of one field: parses a cell (null = a missing value) into its logical value
 * and lists its problems. Types without a parser here (object, array, geopoint, …) are read as text.
 */
export function cellReader(field: FieldDescriptor): CellReader {
  const type = field.type ?? 'any';
  const c = (field.constraints ?? {}) as Record<string, unknown>;
  const trueValues = (field.trueValues as string[] | undefined) ?? ['true', 'True', 'TRUE', '1'];
  const falseValues = (field.falseValues as string[] | undefined) ?? ['false', 'False', 'FALSE', '0'];
  const pattern = typeof c.pattern === 'string' ? compilePattern(c.pattern) : null;

  const parse = (text: string): { value: CellValue } | null => {
    switch (type) {
      case 'integer': return INTEGER.test(text) ? { value: BigInt(text) } : null;
      case 'number': return NUMBER.test(text) ? { value: text === 'INF' ? Infinity : text === '-INF' ? -Infinity : Number(text) } : null;
      case 'boolean': return trueValues.includes(text) ? { value: true } : falseValues.includes(text) ? { value: false } : null;
      case 'date': { const d = validDate(text); return d ? { value: d } : null; }
      case 'datetime': return DATETIME.test(text) && validDate(text.slice(0, 10)) ? { value: text } : null;
      case 'time': return TIME.test(text) ? { value: text } : null;
      case 'year': return YEAR.test(text) ? { value: Number(text) } : null;
      default: return { value: text };
    }
  };
  const enumValues = Array.isArray(c.enum) ? new Set((c.enum as unknown[]).map((v) => String(v))) : null;

  return (cell) => {
    const problems: CellProblem[] = [];
    if (cell === null) {
      if (c.required === true) problems.push({ code: 'row-required', what: `${field.name} is missing`, expected: 'a value (the field is required)' });
      return { value: null, problems };
    }
    const parsed = parse(cell);
    if (!parsed) {
      problems.push({ code: 'row-type', what: `${field.name} is not of type ${type}`, expected: `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}${type === 'date' ? ' YYYY-MM-DD' : ''}` });
      return { value: null, problems };
    }
    const value = parsed.value;
    const v = comparable(value);
    if (enumValues && !enumValues.has(String(v))) problems.push({ code: 'row-enum', what: `${field.name} is not an allowed value`, expected: `one of ${[...enumValues].map((x) => JSON.stringify(x)).join(', ')}` });
    if (pattern && typeof value === 'string' && !pattern.test(value)) problems.push({ code: 'row-pattern', what: `${field.name} does not match its pattern`, expected: `a value matching ${JSON.stringify(c.pattern)}` });
    const bound = (key: string, ok: (limit: number | string) => boolean, words: string) => {
      if (c[key] !== undefined && typeof v !== 'boolean' && !ok(c[key] as number | string)) {
        problems.push({ code: `row-${key.replace(/[A-Z]/g, (m) => '-' + m.toLowerCase())}`, what: `${field.name} is out of range`, expected: `${words} ${JSON.stringify(c[key])}` });
      }
    };
    bound('minimum', (l) => v >= l, 'at least');
    bound('maximum', (l) => v <= l, 'at most');
    bound('exclusiveMinimum', (l) => v > l, 'more than');
    bound('exclusiveMaximum', (l) => v < l, 'less than');
    if (typeof value === 'string') {
      const n = length(value);
      if (typeof c.minLength === 'number' && n < c.minLength) problems.push({ code: 'row-min-length', what: `${field.name} is too short`, expected: `at least ${c.minLength} characters` });
      if (typeof c.maxLength === 'number' && n > c.maxLength) problems.push({ code: 'row-max-length', what: `${field.name} is too long`, expected: `at most ${c.maxLength} characters` });
    }
    return { value, problems };
  };
}
