import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Ajv, CodeOptions, ErrorObject, ValidateFunction } from 'ajv';
import { profileValidatorAhead } from '../generated/profile-validator.js';
import { issue, type Issue } from '../issues.ts';
import { createAjv, schemaSha256 } from '../schema/load-schemas.ts';

/** The vendored Frictionless 2.0 profiles (schema/profiles/frictionless-2.0/). */
export const PROFILE_DIR = fileURLToPath(new URL('../../schema/profiles/frictionless-2.0/', import.meta.url));

/** The Data Package profile's file: the one schema descriptors are validated against. */
export const PROFILE_FILE = PROFILE_DIR + 'datapackage.json';

/**
 * The ajv instance the profile is compiled with (ajv is loaded only then: while the profile's text is
 * the one src/generated/profile-validator.js was compiled from, it is not). The profiles are draft-07
 * with UI keywords (propertyOrder, format: textarea): strict mode would reject them. `code` adds ajv
 * code options (codegen makes standalone code with it).
 */
export function createProfileAjv(code: CodeOptions = {}): Ajv {
  return createAjv(code, { tableKeywords: false, strict: false });
}

let validateProfile: ValidateFunction | undefined;

/**
 * The profile's validator: the one compiled ahead (`npm run codegen`) when the profile file's text
 * has the sha256 it was compiled from, else compiled here (about 0.7 s of CPU, once per process).
 */
function profileValidator(): ValidateFunction {
  if (!validateProfile) {
    const text = readFileSync(PROFILE_FILE, 'utf8');
    validateProfile = profileValidatorAhead.sha256 === schemaSha256(text)
      ? profileValidatorAhead.validate
      : createProfileAjv().compile(JSON.parse(text));
  }
  return validateProfile;
}

/**
 * A oneOf failure (a field descriptor matches none of the field types) makes ajv report every
 * branch's errors. Keep those of the branch that came closest (fewest errors), which is the one
 * the author meant, and drop the rest and the oneOf summary.
 */
export function closestBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  for (const summary of errors.filter((e) => e.keyword === 'oneOf')) {
    const prefix = `${summary.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of kept) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0];
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    if (branches.size === 0) continue;
    const closest = [...branches.values()].reduce((a, b) => (b.length < a.length ? b : a));
    kept = kept.filter((e) => e !== summary && (!e.schemaPath.startsWith(prefix) || closest.includes(e)));
  }
  return kept;
}

const MAX_PROFILE_ERRORS = 1000;

/**
 * Validates a descriptor against the Data Package 2.0 profile, plus what the profile cannot see:
 * foreign keys must name a resource of the package. Returns [] when valid.
 */
export function validateDescriptor(descriptor: unknown, file = 'datapackage.json'): Issue[] {
  const validate = profileValidator();
  const issues: Issue[] = [];
  if (!validate(descriptor)) {
    // A descriptor from anywhere may fail on every one of its values: the first errors are examined
    // (closestBranchErrors is quadratic in them), the rest only counted.
    const all = validate.errors ?? [];
    if (all.length > MAX_PROFILE_ERRORS) {
      issues.push(issue({ code: 'invalid-descriptor', file, what: `descriptor does not match the Data Package 2.0 profile in ${all.length} places; the first ${MAX_PROFILE_ERRORS} are examined`, expected: 'a valid descriptor', got: `${all.length} profile errors` }));
    }
    for (const e of closestBranchErrors(all.slice(0, MAX_PROFILE_ERRORS))) {
      issues.push(issue({ code: 'invalid-descriptor', file, field: e.instancePath || null, what: `descriptor does not match the Data Package 2.0 profile (${e.schemaPath})`, expected: e.message ?? e.keyword, got: JSON.stringify(e.params) }));
    }
  }
  // The profile errors above cover malformed parts; here they are skipped (`verify` reads descriptors from anywhere).
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const resources = list((descriptor as { resources?: unknown } | null)?.resources) as { name: string; schema?: { foreignKeys?: { reference?: { resource?: string } }[] } }[];
  const names = new Set(resources.map((r) => r?.name));
  for (const r of resources) {
    for (const fk of list(r?.schema?.foreignKeys) as { reference?: { resource?: string } }[]) {
      if (fk?.reference?.resource !== undefined && !names.has(fk.reference.resource)) {
        issues.push(issue({ code: 'invalid-descriptor', file, field: `resources.${r.name}.schema.foreignKeys`, what: 'foreign key references a missing resource', expected: 'a resource of this package', value: fk.reference.resource }));
      }
    }
  }
  return issues;
}
