/**
 * README.md's Errors table documents every issue code the sources use, and nothing else: a code
 * added in src/ without a row there, or a row left for a code no longer used, fails here.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadSqlChecks } from '../src/db/checks.ts';
import { REPO } from './helpers/fixtures.ts';

/**
 * Codes in the sources: `code: '…'` (issue and BuildError literals), `bad('…'` / `fail('…'` (the
 * input readers' helpers, code first), and template codes (`code: \`row-${…}\``, `code = \`check-failed:${…}\``).
 */
function sourceCodes(): Map<string, string[]> {
  const src = path.join(REPO, 'src');
  const found = new Map<string, string[]>();
  for (const file of readdirSync(src, { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).sort()) {
    const text = readFileSync(path.join(src, file), 'utf8');
    for (const m of text.matchAll(/\bcode: '([a-z][a-z0-9-]*)'|\b(?:bad|fail)\('([a-z][a-z0-9-]*)'|\bcode(?::| =) `([^`]*)`/g)) {
      const code = m[1] ?? m[2] ?? m[3].replace(/\$\{.*\}/s, '${}');
      found.set(code, [...(found.get(code) ?? []), `src/${file.split(path.sep).join('/')}`]);
    }
  }
  return found;
}

/** What each template code stands for in the README: one row per placeholder name or per check. */
function expand(code: string): string[] {
  if (code === 'row-${}') return ['row-<keyword>'];
  if (code === 'check-failed:${}') {
    return ['check-failed:primary-key-<table>', 'check-failed:foreign-key-<table>-<fields>', ...loadSqlChecks().map((c) => `check-failed:${c.name}`)];
  }
  if (code.includes('${}')) throw new Error(`a template issue code the README table cannot list: ${code}; teach expand() its placeholder`);
  return [code];
}

/** The first-column codes of the table under `## Errors`. */
function readmeCodes(): string[] {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = /\n## Errors\n([\s\S]*?)(?=\n## )/.exec(readme)?.[1];
  assert.ok(section, 'README.md has no "## Errors" section');
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
}

describe('error codes', () => {
  const used = new Set([...sourceCodes().keys()].flatMap(expand));
  const listed = readmeCodes();

  it('finds the codes in the sources (the extraction itself works)', () => {
    for (const code of ['empty-file', 'manifest-invalid-date', 'invalid-schema', 'write-failed', 'row-<keyword>', 'check-failed:raw-lines-covered-once']) assert.ok(used.has(code), code);
  });

  it('every code used in src/ has a row in the README Errors table', () => {
    assert.deepEqual([...used].filter((c) => !listed.includes(c)).sort(), []);
  });

  it('every code in the README Errors table is still used, once', () => {
    assert.deepEqual(listed.filter((c) => !used.has(c)), []);
    assert.deepEqual(listed.filter((c, i) => listed.indexOf(c) !== i), [], 'listed twice');
  });

  it('every row gives an exit code and a meaning', () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    for (const m of readme.matchAll(/^\| `([^`]+)` \| ([^|]*) \| ([^|]*) \|/gm)) {
      if (!listed.includes(m[1])) continue;
      assert.match(m[2], /^(build |verify )?[012]( \(warning\))?(, verify [012])?$/, `${m[1]}: exit ${m[2]}`);
      assert.ok(m[3].trim().length > 10, `${m[1]}: no meaning`);
    }
  });
});
