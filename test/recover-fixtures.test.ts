// Golden fixtures for recoverPage: every folder in test/fixtures/pages holds input.txt (a raw page)
// and expected.json (the hand-checked RecoveredPage, without character-level provenance). Folders whose name starts with `skip.` are skipped.
// On a mismatch the actual output is written next to the fixture as actual-changed.json (gitignored)
// so it can be diffed against expected.json; a stale one is removed when the case passes again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { recoverPage } from '../src/recover/index.ts';
import { withoutProvenance, type PlainArticle as RecoveredArticle, type PlainPage as RecoveredPage } from './support/without-provenance.ts';


const root = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'pages');
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

test('fixture folder is not empty', () => {
  assert.ok(cases.filter((c) => !c.startsWith('skip.')).length > 0, `no fixtures in ${root}`);
});

function label(a: RecoveredArticle | undefined): string {
  if (!a) return '(missing)';
  if (a.headline) return a.headline;
  return (a.isContinuation ? 'continuation: ' : '') + a.anchor.slice(0, 16);
}

for (const name of cases) {
  const dir = join(root, name);
  // A skipped folder is one skipped test: node:test's summary counts nothing for a skipped describe.
  if (name.startsWith('skip.')) {
    test(`page fixture ${name}`, { skip: 'folder name starts with skip.' }, () => {});
    continue;
  }

  describe(`page fixture ${name}`, () => {
    const input = readFileSync(join(dir, 'input.txt'), 'utf8');
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as RecoveredPage;
    const changedPath = join(dir, 'actual-changed.json');
    let actual: RecoveredPage | undefined;
    let failure: unknown;

    before(() => {
      try {
        actual = withoutProvenance(recoverPage(input));
      } catch (e) {
        failure = e;
      }
    });

    after(() => {
      if (actual !== undefined && !isDeepStrictEqual(actual, expected)) {
        writeFileSync(changedPath, JSON.stringify(actual, null, 2) + '\n');
      } else if (actual !== undefined && existsSync(changedPath)) {
        rmSync(changedPath);
      }
    });

    const got = (): RecoveredPage => {
      if (failure !== undefined) throw failure;
      assert.ok(actual, 'recoverPage returned nothing');
      return actual;
    };

    test('layout, headlinePosition, lineCount', () => {
      const a = got();
      assert.deepStrictEqual(
        { layout: a.layout, headlinePosition: a.headlinePosition, lineCount: a.lineCount },
        { layout: expected.layout, headlinePosition: expected.headlinePosition, lineCount: expected.lineCount },
      );
    });

    test('article count', () => {
      const a = got();
      assert.equal(
        a.articles.length,
        expected.articles.length,
        `got ${a.articles.length} articles: ${a.articles.map((x) => label(x)).join(' | ')}`,
      );
    });

    expected.articles.forEach((exp, i) => {
      test(`article ${exp.seq} (lines ${exp.lineStart}-${exp.lineEnd}): ${label(exp)}`, () => {
        assert.deepStrictEqual(got().articles[i], exp);
      });
    });

    test('unassigned lines', () => {
      assert.deepStrictEqual(got().unassigned, expected.unassigned);
    });
  });
}
