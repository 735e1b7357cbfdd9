/**
 * The real pages in ../shared/realpages are for evaluation only: none of their text may be copied
 * into the project (code, comments, tests, docs, word lists, generated figures). When they are
 * there, this scans the project's own files for the gold's headlines, bylines and body phrases of
 * eight characters or more. Examples in comments and tests are to be invented text of the same form.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from './helpers/fixtures.ts';

const GOLD = path.join(REPO, '../shared/realpages/gold.json');
const SCANNED = ['src', 'test', 'bench', 'schema', 'data/reference', 'README.md', 'datapackage.json'];
const SKIPPED_DIRS = new Set(['node_modules', 'corpus']);
const TEXT_FILE = /\.(?:ts|mts|mjs|js|json|md|sql|csv|css|html)$/;

function filesUnder(rel: string): string[] {
  const full = path.join(REPO, rel);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) ? [] : filesUnder(path.join(rel, e.name));
    return TEXT_FILE.test(e.name) ? [path.join(full, e.name)] : [];
  });
}

describe('evaluation text stays out of the project', () => {
  it('no file holds a headline, byline or body phrase of the real pages', { skip: !existsSync(GOLD) && 'no ../shared/realpages' }, () => {
    const gold = JSON.parse(readFileSync(GOLD, 'utf8')) as { pages: { articles: Record<string, unknown>[] }[] };
    const needles = new Set<string>();
    for (const page of gold.pages) {
      for (const a of page.articles) {
        for (const k of ['headline', 'kicker', 'subtitle', 'byline_raw']) {
          const v = a[k];
          if (typeof v === 'string' && [...v].length >= 5) needles.add(v);
        }
        for (const phrase of String(a.body_text ?? '').split(/[，。、；：！？\s]+/u)) if ([...phrase].length >= 8) needles.add(phrase);
      }
    }
    assert.ok(needles.size > 100, `${needles.size} phrases`);
    const found: string[] = [];
    for (const file of SCANNED.flatMap(filesUnder)) {
      if (file === new URL(import.meta.url).pathname) continue;
      const text = readFileSync(file, 'utf8');
      for (const n of needles) if (text.includes(n)) found.push(`${path.relative(REPO, file)}: ${n}`);
    }
    assert.deepEqual(found, []);
  });
});
