import type { ErrorObject } from 'ajv';
import { issue, type Issue } from '../issues.ts';
import type { TableSpec } from './table-spec.ts';

/** Where a row came from, so its issues point at the raw file and line. */
export interface Provenance {
  file: string | null;
  line: number | null;
}

// What went wrong and what was expected, per ajv keyword, from ajv's structured params.
const DESCRIBE: Record<string, (p: Record<string, any>) => [what: string, expected: string]> = {
  type: (p) => ['has the wrong type', String(p.type).split(',').join(' or ')],
  enum: (p) => ['is not an allowed value', `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`],
  minimum: (p) => ['is too small', `${p.comparison} ${p.limit}`],
  maximum: (p) => ['is too large', `${p.comparison} ${p.limit}`],
  pattern: (p) => ['does not match the pattern', `/${p.pattern}/`],
  format: (p) => [`is not a valid ${p.format}`, p.format === 'date' ? 'a calendar date YYYY-MM-DD' : String(p.format)],
  minLength: (p) => ['is too short', `at least ${p.limit} characters`],
  maxLength: (p) => ['is too long', `at most ${p.limit} characters`],
  required: () => ['is missing', 'the field to be present'],
  additionalProperties: () => ['is not a declared field', 'only the schema fields'],
};

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** Maps one ajv error to an Issue: instancePath (or the missing/extra property) becomes the field. */
export function ajvErrorToIssue(table: string, row: Record<string, unknown>, e: ErrorObject, at: Provenance): Issue {
  const field =
    e.keyword === 'required' ? String(e.params.missingProperty)
    : e.keyword === 'additionalProperties' ? String(e.params.additionalProperty)
    : e.instancePath.replace(/^\//, '').split('/')[0] || null;
  const describe = DESCRIBE[e.keyword];
  const [what, expected] = describe ? describe(e.params) : [e.message ?? 'is invalid', e.keyword];
  return issue({
    code: `row-${kebab(e.keyword)}`,
    file: at.file,
    line: at.line,
    table,
    field,
    what: `${table}.${field ?? '(row)'} ${what}`,
    expected,
    value: field === null ? row : row[field],
    ...(e.keyword === 'required' ? { got: 'nothing' } : {}),
  });
}

/** Validates one row against its table's schema. Pure; returns [] for a valid row. */
export function validateRow(spec: TableSpec, row: unknown, at: Provenance): Issue[] {
  if (spec.validate(row)) return [];
  const obj = (row ?? {}) as Record<string, unknown>;
  return (spec.validate.errors ?? []).map((e) => ajvErrorToIssue(spec.table, obj, e, at));
}
