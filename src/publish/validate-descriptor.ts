import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { issue, type Issue } from '../issues.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The vendored Frictionless 2.0 profiles (schema/profiles/frictionless-2.0/). */
export const PROFILE_DIR = fileURLToPath(new URL('../../schema/profiles/frictionless-2.0/', import.meta.url));

let validateProfile: ValidateFunction | undefined;

function profileValidator(): ValidateFunction {
  if (!validateProfile) {
    // The profiles are draft-07 with UI keywords (propertyOrder, format: textarea): strict mode would reject them.
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    addFormats(ajv);
    validateProfile = ajv.compile(JSON.parse(readFileSync(PROFILE_DIR + 'datapackage.json', 'utf8')));
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
