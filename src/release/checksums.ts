/**
 * SHA256SUMS: the GNU coreutils format, so `sha256sum -c SHA256SUMS` checks a release folder with
 * nothing but the standard tools. One line per file, `<64 hex>  <path>`, sorted by path.
 */
import { issue, type Issue } from '../issues.ts';

export const CHECKSUMS_FILE = 'SHA256SUMS';

export interface Checksum {
  /** Relative path, forward slashes. */
  path: string;
  /** Lower-case hex. */
  sha256: string;
}

/** Byte order of ASCII paths; the same on every machine (no locale collation). */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The file's text. Paths with a backslash or line break would need sha256sum's escaping; release
 * paths never have them, so they are refused rather than escaped.
 */
export function renderChecksums(entries: readonly Checksum[]): string {
  return [...entries]
    .sort((a, b) => comparePaths(a.path, b.path))
    .map((e) => {
      if (/[\\\n\r]/.test(e.path)) throw new Error(`renderChecksums: unsupported path ${JSON.stringify(e.path)}`);
      if (!/^[0-9a-f]{64}$/.test(e.sha256)) throw new Error(`renderChecksums: not a sha256 ${JSON.stringify(e.sha256)}`);
      return `${e.sha256}  ${e.path}\n`;
    })
    .join('');
}

/** Parses SHA256SUMS (text or binary mode lines); malformed lines are issues, not exceptions. */
export function parseChecksums(text: string, file = CHECKSUMS_FILE): { entries: Checksum[]; issues: Issue[] } {
  const entries: Checksum[] = [];
  const issues: Issue[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => {
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (!m) {
      issues.push(issue({ code: 'invalid-checksums', file, line: i + 1, what: 'not a checksum line', expected: '"<64 hex digits>  <path>"', value: line }));
      return;
    }
    entries.push({ sha256: m[1].toLowerCase(), path: m[2] });
  });
  return { entries, issues };
}
