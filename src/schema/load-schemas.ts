import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv, CodeOptions, ValidateFunction } from 'ajv';
import { validators } from '../generated/validators.js';
import { BuildError, issue } from '../issues.ts';
import { addTableKeywords } from './keywords.ts';
import { checkReferences, deriveTableSpec, type TableSpec } from './table-spec.ts';

/** The repo's `schema/` folder, found from this file so the build works from any working directory. */
export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

// ajv and ajv-formats are required only when a schema is compiled here: a thread whose schemas
// all have validators compiled ahead (src/generated/validators.js) never loads them.
const require = createRequire(import.meta.url);

/**
 * The ajv instance the table schemas are compiled with: strict, all errors, `format: date` checked.
 * `code` adds ajv code options (codegen makes standalone code with it); `tableKeywords: false` leaves out
 * the table schemas' own keywords (x-primaryKey, …); `strict: false` (the vendored profiles) also
 * silences ajv's warnings about keywords it does not know.
 */
export function createAjv(code: CodeOptions = {}, { tableKeywords = true, strict = true } = {}): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  // ajv-formats is CommonJS: its module.exports is the plugin.
  const addFormats = require('ajv-formats') as (ajv: Ajv) => Ajv;
  const ajv = new AjvClass(strict ? { strict: true, allErrors: true, code } : { strict: false, allErrors: true, logger: false, code });
  addFormats(ajv);
  return tableKeywords ? addTableKeywords(ajv) : ajv;
}

/** The sha256 (hex) of a schema file's text: which schema a validator compiled ahead was made from. */
export function schemaSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** One table schema file as read: its path for messages (`schema/<name>`), its text and its parsed JSON. */
export interface SchemaFile {
  file: string;
  text: string;
  schema: Record<string, unknown>;
}

/**
 * Reads every `<dir>/*.schema.json`, sorted by name (so all derived output is deterministic).
 * Subfolders (the vendored profiles) are not read. Throws BuildError `invalid-schema` naming a file that is not JSON.
 */
export function readSchemaFiles(dir: string = SCHEMA_DIR): SchemaFile[] {
  const names = readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort();
  return names.map((name) => {
    const file = `schema/${name}`;
    const text = readFileSync(path.join(dir, name), 'utf8');
    try {
      return { file, text, schema: JSON.parse(text) as Record<string, unknown> };
    } catch (e) {
      throw BuildError.of({ code: 'invalid-schema', file, what: 'schema is not valid JSON', got: (e as Error).message });
    }
  });
}

/**
 * Loads every table schema of `dir` (readSchemaFiles) and derives its TableSpec. A schema whose
 * text is the one a validator in src/generated/validators.js was compiled from (`npm run codegen`;
 * the codegen test fails when they drift) takes that validator; any other is compiled here, in
 * strict mode. Compiling all of them cost about 0.3 s of CPU in every thread that loads them.
 * Throws BuildError `invalid-schema` naming the file when a schema is not valid.
 */
export function loadSchemas(dir: string = SCHEMA_DIR): TableSpec[] {
  let ajv: Ajv | null = null;
  const specs = readSchemaFiles(dir).map(({ file, text, schema }) => {
    const ahead = validators[schemaSha256(text)];
    let validate: ValidateFunction;
    if (ahead && ahead.table === schema.$id) validate = ahead.validate;
    else {
      try {
        validate = (ajv ??= createAjv()).compile(schema);
      } catch (e) {
        throw BuildError.of({ code: 'invalid-schema', file, what: 'schema does not compile in ajv strict mode', got: (e as Error).message });
      }
    }
    return deriveTableSpec(file, schema, validate);
  });
  if (specs.length === 0) {
    throw new BuildError([issue({ code: 'invalid-schema', file: 'schema', what: 'no table schemas', expected: 'at least one *.schema.json', got: 'none' })]);
  }
  checkReferences(specs);
  return specs;
}
