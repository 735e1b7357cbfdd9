/**
 * `changes.json`: what a release changes against the previous one (schema, metadata and rows by
 * primary key), the version bump that requires and the bump declared. Plus the version check that
 * fails a build whose declared version is too low for its changes.
 */
import { issue, type Issue } from '../issues.ts';
import { MAX_LISTED_KEYS, type TableRowChanges } from './row-diff.ts';
import { change, tableResources, type Change, type PackageDescriptor } from './schema-diff.ts';
import { bumpBetween, bumpRank, maxBump, nextVersion, type Bump, type RequiredBump } from './semver.ts';

export const CHANGES_FILE = 'changes.json';

export interface ReleaseChanges {
  package: string;
  version: string;
  /** The release compared with; null for the first release, where every row is "added". */
  previous_version: string | null;
  created: string;
  bump: {
    /** The step from the previous version to this one; null for the first release. */
    declared: Bump | null;
    /** The largest bump any change needs (`none` when only the version and date changed). */
    required: RequiredBump;
    /** The changes that decide `required`. */
    reasons: string[];
  };
  /** Package, table and field changes, each with the bump it needs (see schema-diff.ts). */
  schema_changes: Change[];
  /** At most this many keys are listed per table and kind of change; the counts are exact. Absent before the cap existed (every key listed). */
  max_keys?: number;
  /** Row changes per table, by primary key; every released table appears. */
  tables: Record<string, TableRowChanges>;
}

export interface ChangesInput {
  next: PackageDescriptor;
  created: string;
  previous: { version: string; descriptor: PackageDescriptor } | null;
  schemaChanges: Change[];
  rowChanges: Change[];
  tables: Record<string, TableRowChanges>;
}

/** Assembles changes.json; keys in a fixed order so its bytes are stable. */
export function releaseChanges(input: ChangesInput): ReleaseChanges {
  const { next, previous } = input;
  const version = String(next.version);
  if (!previous) {
    return {
      package: String(next.name),
      version,
      previous_version: null,
      created: input.created,
      bump: { declared: null, required: 'none', reasons: ['first release: any version'] },
      schema_changes: [...tableResources(next).keys()].map((t) => change('table-added', t, null, `table ${t} added`)),
      max_keys: MAX_LISTED_KEYS,
      tables: input.tables,
    };
  }
  const all = [...input.schemaChanges, ...input.rowChanges];
  const required = all.reduce<RequiredBump>((acc, c) => maxBump(acc, c.bump), 'none');
  return {
    package: String(next.name),
    version,
    previous_version: previous.version,
    created: input.created,
    bump: {
      declared: bumpBetween(previous.version, version),
      required,
      reasons: required === 'none' ? ['nothing changed but the version'] : all.filter((c) => c.bump === required).map((c) => c.message),
    },
    schema_changes: input.schemaChanges,
    max_keys: MAX_LISTED_KEYS,
    tables: input.tables,
  };
}

const VERSION_FIX = 'bump "version" in dataset.json';
const AT = { code: 'version-too-low', file: 'dataset.json', field: 'version' } as const;

/** `version-too-low`: the declared version is not above the newest release before it. */
export function versionNotGreater(version: string, previous: string): Issue {
  return issue({ ...AT, what: `version is not greater than the newest release ${previous}`, expected: `a version above ${previous} (${VERSION_FIX})`, got: JSON.stringify(version) });
}

/**
 * The `version-too-low` issue when the declared version is not greater than the previous one, or
 * steps up less than the changes require (e.g. rows added with a patch bump); null when it is fine.
 */
export function checkVersion(changes: ReleaseChanges): Issue | null {
  const { previous_version: previous, version, bump } = changes;
  if (previous === null) return null;
  if (bump.declared === null) return versionNotGreater(version, previous);
  if (bump.required !== 'none' && bumpRank(bump.declared) < bumpRank(bump.required)) {
    return issue({
      ...AT,
      what: `version bump too small for the changes since ${previous} (${bump.reasons.join('; ')})`,
      expected: `a ${bump.required} bump, at least ${nextVersion(previous, bump.required)} (${VERSION_FIX})`,
      got: `${JSON.stringify(version)}, a ${bump.declared} bump`,
      value: { previous, declared: bump.declared, required: bump.required, reasons: bump.reasons },
    });
  }
  return null;
}
