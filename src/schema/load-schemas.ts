import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { BuildError, issue } from '../issues.ts';
import { addTableKeywords } from './keywords.ts';
import { checkReferences, deriveTableSpec, type TableSpec } from './table-spec.ts';

// ajv-formats is CommonJS; under NodeNext its default import is typed as the module namespace.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The repo's `schema/` folder, found from this file so the build works from any working directory. */
export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

/** The ajv instance the table schemas are compiled with: strict, all errors, `format: date` checked. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  return addTableKeywords(ajv);
}

/**
 * Loads every `<dir>/*.schema.json` (sorted by name, so all derived output is deterministic),
 * compiles it in strict mode and derives its TableSpec. Subfolders (the vendored profiles) are not read.
 * Throws BuildError `invalid-schema` naming the file when a schema is not valid.
 */
export function loadSchemas(dir: string = SCHEMA_DIR): TableSpec[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort();
  const ajv = createAjv();
  const specs = files.map((name) => {
    const file = `schema/${name}`;
    let schema: Record<string, unknown>;
    try {
      schema = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    } catch (e) {
      throw BuildError.of({ code: 'invalid-schema', file, what: 'schema is not valid JSON', got: (e as Error).message });
    }
    let validate;
    try {
      validate = ajv.compile(schema);
    } catch (e) {
      throw BuildError.of({ code: 'invalid-schema', file, what: 'schema does not compile in ajv strict mode', got: (e as Error).message });
    }
    return deriveTableSpec(file, schema, validate);
  });
  if (specs.length === 0) {
    throw new BuildError([issue({ code: 'invalid-schema', file: 'schema', what: 'no table schemas', expected: 'at least one *.schema.json', got: 'none' })]);
  }
  checkReferences(specs);
  return specs;
}
