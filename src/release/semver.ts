/**
 * Release versions: SemVer 2.0 `MAJOR.MINOR.PATCH` without pre-release or build parts, since a
 * release folder is named after its version and must sort unambiguously.
 */

export type Bump = 'major' | 'minor' | 'patch';
/** The bump a release needs: `none` when nothing but the version and `created` changed. */
export type RequiredBump = Bump | 'none';

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

/** No leading zeros, as SemVer requires: `01.2.3` would name a folder that sorts like `1.2.3`. */
export const VERSION_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseVersion(text: string): Version | null {
  const m = VERSION_PATTERN.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : null;
}

function parsed(text: string): Version {
  const v = parseVersion(text);
  if (!v) throw new Error(`not a release version: ${JSON.stringify(text)}`);
  return v;
}

/** Negative, 0 or positive, as for Array.prototype.sort. */
export function compareVersions(a: string, b: string): number {
  const x = parsed(a);
  const y = parsed(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** The kind of step from `previous` to `next`, or null when `next` is not greater. */
export function bumpBetween(previous: string, next: string): Bump | null {
  const p = parsed(previous);
  const n = parsed(next);
  if (compareVersions(next, previous) <= 0) return null;
  if (n.major !== p.major) return 'major';
  if (n.minor !== p.minor) return 'minor';
  return 'patch';
}

const RANK: Record<RequiredBump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function bumpRank(b: RequiredBump): number {
  return RANK[b];
}

/** The larger of two bumps. */
export function maxBump(a: RequiredBump, b: RequiredBump): RequiredBump {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The smallest version that makes the given bump from `previous`: `0.1.3` + minor → `0.2.0`. */
export function nextVersion(previous: string, bump: Bump): string {
  const p = parsed(previous);
  if (bump === 'major') return `${p.major + 1}.0.0`;
  if (bump === 'minor') return `${p.major}.${p.minor + 1}.0`;
  return `${p.major}.${p.minor}.${p.patch + 1}`;
}
