/**
 * Property-based fuzzing of page recovery, rows and fact extraction (test/support/fuzz-pages.ts):
 * a fixed-seed sample runs with the tests; `npm run fuzz -- --runs N [--seed S]` runs longer.
 * Every bug the fuzzer found has its page here as a regression test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadSqlChecks, runCheck } from '../src/db/checks.ts';
import { articleFacts } from '../src/extract/article-facts.ts';
import { decodeRawText } from '../src/inputs/index.ts';
import { recoverPage } from '../src/recover/index.ts';
import { pageRows } from '../src/rows.ts';
import { loadSchemas } from '../src/schema/index.ts';
import { loadedDatabase, removeDir, tempDir } from './helpers/fixtures.ts';
import { RELATIVE_DATE_UNITS, relativeDates } from '../bench/pathological.ts';
import { fuzzContext, pageProperty, pageViolations, SEED_PAGES } from './support/fuzz-pages.ts';
import { inputCase, inputsContext, runInputCase } from './support/fuzz-inputs.ts';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

const SEED = 20261125;
const RUNS = 200;
// No time limit on a case here: the runner's timeout of each test is the hang guard.
const ctx = fuzzContext(Infinity);

describe('fuzzing recovery and extraction', () => {
  it('the seed pages themselves keep every property', { timeout: 120_000 }, () => {
    for (const [k, text] of SEED_PAGES.entries()) {
      for (const manifest of ['none', 'exact', 'range'] as const) assert.deepEqual(pageViolations({ kind: `seed ${k}`, text, manifest }, ctx), [], `seed page ${k}`);
    }
  });

  it(`${RUNS} random and mutated pages (seed ${SEED}) keep every property`, { timeout: 600_000 }, () => {
    fc.assert(pageProperty({ maxLongLine: 3000 }, ctx), { seed: SEED, numRuns: RUNS });
  });
});

describe('fuzzing the build inputs', () => {
  const INPUT_RUNS = 20;
  let dir: string;
  before(async () => { dir = await tempDir('fuzz-inputs'); });
  after(async () => { await removeDir(dir); });

  it(`${INPUT_RUNS} mutated data folders (raw pages, manifest, curation, dataset.json; seed ${SEED}) pass the input stages without a crash`, { timeout: 600_000 }, async () => {
    // `npm run fuzz -- --target inputs --runs N` runs more, the whole build every K-th case.
    // No hang limit on a case here (a clock): the runner's timeout of the test is the hang guard.
    const context = inputsContext(undefined, false);
    const tmp = path.join(dir, 'tmp');
    await mkdir(tmp);
    for (let i = 0; i < INPUT_RUNS; i++) {
      const root = path.join(dir, `case-${i}`);
      await mkdir(root);
      assert.deepEqual(await runInputCase(inputCase(SEED * 1_000_003 + i, false), root, tmp, context), [], `case seed ${SEED * 1_000_003 + i}`);
    }
  });
});

/** Runs one check of src/checks/ on a page's rows in DuckDB; returns its violating rows. */
async function checkRows(dir: string, text: string, check: string) {
  const decoded = decodeRawText(Buffer.from(text), 'raw/f01_fuzz.txt');
  assert.equal(decoded.issue, null);
  const rows = pageRows({ name: 'f01_fuzz.txt', sha256: '0'.repeat(64), bytes: Buffer.byteLength(text), manifest: null }, decoded.text!, recoverPage(decoded.text!));
  const db = await loadedDatabase(loadSchemas(), rows, dir);
  try {
    return (await runCheck(db.connection, loadSqlChecks().find((c) => c.name === check)!)).rows;
  } finally {
    db.close();
  }
}

/** The facts of every article of `text`, extracted as the build does. */
function facts(text: string) {
  const rows = pageRows({ name: 'f01_fuzz.txt', sha256: '0'.repeat(64), bytes: 1, manifest: null }, text, recoverPage(text));
  return rows.articles.map(({ row }) => articleFacts(row, [], { source: rows.sources[0].row, gazetteer: ctx.gazetteer }));
}

describe('regressions the fuzzer found', () => {
  let dir: string;
  before(async () => { dir = await tempDir('fuzz'); });
  after(async () => { await removeDir(dir); });

  // The runner's timeout is a hang guard, not a measure of speed: the growth of the time with the
  // length is printed by `npm run bench:pathological` (its relative-date shapes).
  it('a long sentence of many relative dates (当日当日…, 次日焦作市…, 24时24时…) is extracted, not stalled on', { timeout: 120_000 }, () => {
    // Each date looked back over its whole sentence (its start, the year it carries, its anchor), and
    // each fact's sentence was found by scanning: 20,000 characters of 次日 took 35 s.
    assert.deepEqual(pageViolations({ kind: 'regression', text: relativeDates('次日', 20_000), manifest: 'exact' }, ctx), []);
    // The last: one fact before a long run of closing brackets, each of which looked back over the run.
    for (const unit of RELATIVE_DATE_UNITS) {
      const text = relativeDates(unit, 12_000);
      assert.deepEqual(pageViolations({ kind: 'regression', text, manifest: 'none' }, ctx), [], unit);
      assert.equal(facts(text).length, 1, unit);
    }
  });

  it('whitespace other than tab, NBSP and U+3000 inside a line (U+2029, U+2002, a form feed) maps back to its raw line', async () => {
    // Recovery collapses any JavaScript \s to a space; text-segments-match-raw only knew three of them.
    for (const text of ['\n党\u2029旗飘飘\n\n', '疫情\u2002防控\n', '标题\f一\n\n正文第一段。\n']) {
      assert.deepEqual(pageViolations({ kind: 'regression', text, manifest: 'none' }, ctx), [], JSON.stringify(text));
      assert.deepEqual(await checkRows(dir, text, 'text-segments-match-raw'), [], JSON.stringify(text));
    }
  });
});
