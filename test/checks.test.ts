import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allChecks, checkIssues, derivedChecks, loadSqlChecks, parseCheckFile, runCheck, type Check } from '../src/db/checks.ts';
import { BuildError } from '../src/issues.ts';
import type { RecoveredArticle, RecoveredPage } from '../src/recover/index.ts';
import { pageRows } from '../src/rows.ts';
import { ident, loadSchemas } from '../src/schema/index.ts';
import { loadedDatabase, removeDir, SOURCE, syntheticRows, tempDir } from './helpers/fixtures.ts';

const specs = loadSchemas();
const checks = allChecks(specs);
const rows = syntheticRows();
const [first, second] = rows.articles.map((a) => a.row.article_id);

/** SQL that breaks each check on the synthetic page, and what the first violating row must contain. */
const BREAKERS: Record<string, { sql: string; expect: Record<string, unknown> }> = {
  'paragraph-offsets-in-text': { sql: `UPDATE paragraphs SET "end" = 99 WHERE article_id = '${first}' AND paragraph_no = 2`, expect: { article_id: first, paragraph_no: '2', end: '99' } },
  'paragraph-text-matches-slice': { sql: `UPDATE paragraphs SET text = '改写的段落' WHERE article_id = '${first}' AND paragraph_no = 1`, expect: { article_id: first, paragraph_no: '1', slice: '第一段𠀀文字' } },
  'paragraphs-tile-text': { sql: `UPDATE paragraphs SET paragraph_no = 3 WHERE article_id = '${first}' AND paragraph_no = 2`, expect: { article_id: first, paragraph_no: '3', expected_no: '2' } },
  'article-counts-match': { sql: `UPDATE articles SET paragraph_count = 5 WHERE article_id = '${second}'`, expect: { article_id: second, paragraph_count: '5', paragraph_rows: '1' } },
  'article-line-ranges-valid': { sql: `UPDATE articles SET line_end = 99 WHERE article_id = '${second}'`, expect: { article_id: second, line_end: '99', line_count: '7' } },
  'article-seq-contiguous': { sql: `UPDATE articles SET seq = 3 WHERE article_id = '${second}'`, expect: { article_id: second, seq: '3', expected_seq: '2' } },
  'articles-do-not-overlap': { sql: `UPDATE article_pieces SET line_start = 4 WHERE article_id = '${second}'`, expect: { source_id: 'p01_test', line_start: '1', other_line_start: '4' } },
  'article-pieces-tile-range': { sql: `UPDATE article_pieces SET line_end = 3 WHERE article_id = '${first}'`, expect: { article_id: first, piece_no: '1', line_end: '3', article_line_end: '4' } },
  'paragraph-lines-within-article': { sql: `UPDATE paragraphs SET line_end = 5 WHERE article_id = '${first}' AND paragraph_no = 2`, expect: { article_id: first, line_end: '5', article_line_end: '4' } },
  'raw-lines-covered-once': { sql: `DELETE FROM unassigned_lines`, expect: { source_id: 'p01_test', line_no: '6', articles: '0', unassigned: '0' } },
  'unassigned-lines-exist': { sql: `INSERT INTO unassigned_lines VALUES ('p01_test', 5, '', 'page-furniture')`, expect: { line_no: '5', is_blank: true } },
  'source-line-count-matches': { sql: `UPDATE sources SET line_count = 8`, expect: { source_id: 'p01_test', line_count: '8', raw_lines: '7' } },
  'fact-quote-matches-slice': { sql: `UPDATE quantities SET quote = '两个'`, expect: { fact_table: 'quantities', quote: '两个', slice: '第一' } },
  'facts-one-per-span': { sql: `INSERT INTO people SELECT * REPLACE (fact_id || '-copy' AS fact_id) FROM people`, expect: { fact_table: 'people', copies: '2' } },
  'facts-view-matches-facts': { sql: `UPDATE facts SET sentence = '别的句子' WHERE fact_type = 'place'`, expect: { problem: 'differs' } },
  'quantity-ranges-valid': { sql: `UPDATE quantities SET qualifier = 'range', value_max = 0`, expect: { qualifier: 'range', value_max: 0 } },
  'dates-near-issue-date': { sql: `UPDATE sources SET issue_date_earliest = DATE '2030-01-01', issue_date_latest = DATE '2030-01-31'`, expect: { date: '2020-02-01', year_source: 'issue_date' } },
  'place-links-consistent': { sql: `UPDATE places SET level = 'village'`, expect: { level: 'village', division_level: 'city' } },
  'text-segments-match-raw': { sql: `UPDATE text_segments SET "column" = 1 WHERE article_id = '${first}' AND field = 'text' AND start = 0`, expect: { article_id: first, line_no: '3', text_slice: '第一段𠀀文字', raw_slice: '一段𠀀文字' } },
  'curation-entries-matched-once': { sql: `UPDATE curation_entries SET matches = 0`, expect: { file: 'curation/facts.csv', line: '2', matches: '0' } },
};

/** Derived checks are broken generically: duplicate a row, or point a foreign key nowhere. */
function breaker(check: Check): { sql: string; expect: Record<string, unknown> } {
  if (BREAKERS[check.name]) return BREAKERS[check.name];
  const table = check.table!;
  if (check.name.startsWith('primary-key-')) return { sql: `INSERT INTO ${table} SELECT * FROM ${table} LIMIT 1`, expect: { copies: '2' } };
  const field = check.name.slice(`foreign-key-${table}-`.length);
  return { sql: `INSERT INTO ${table} SELECT * REPLACE ('dangling' AS ${ident(field)}) FROM ${table} LIMIT 1`, expect: { [field]: 'dangling' } };
}

let dir: string;
before(async () => { dir = await tempDir('checks'); });
after(async () => { await removeDir(dir); });

describe('checks', () => {
  it('are derived for every primary and foreign key', () => {
    const names = derivedChecks(specs).map((c) => c.name);
    assert.deepEqual(names.filter((n) => n.startsWith('primary-key-')), specs.map((s) => `primary-key-${s.table}`));
    assert.ok(names.includes('foreign-key-paragraphs-article_id'));
    assert.equal(names.filter((n) => n.startsWith('foreign-key-')).length, specs.reduce((n, s) => n + s.foreignKeys.length, 0));
  });

  it('every hand-written check has a description and a fixture that breaks it', () => {
    for (const c of loadSqlChecks()) {
      assert.ok(c.description.length > 20, c.name);
      assert.ok(BREAKERS[c.name], `add a breaking fixture for ${c.name} to BREAKERS`);
    }
  });

  it('all pass on consistent data', async () => {
    const db = await loadedDatabase(specs, rows, dir);
    try {
      for (const c of checks) {
        const r = await runCheck(db.connection, c);
        assert.equal(r.violations, 0, `${c.name}: ${JSON.stringify(r.rows)}`);
      }
    } finally {
      db.close();
    }
  });

  it('dates-near-issue-date lets a printed year of a career, a plan or a history pass, and stops a year no text prints', async () => {
    const check = checks.find((c) => c.name === 'dates-near-issue-date')!;
    for (const [date, passes] of [['1921-07-01', true], ['1978-07-01', true], ['2035-01-01', true], ['0980-01-01', false], ['2200-01-01', false]] as const) {
      const db = await loadedDatabase(specs, rows, dir);
      try {
        await db.connection.run(`UPDATE sources SET issue_date_earliest = DATE '2021-03-23', issue_date_latest = DATE '2021-03-23'; UPDATE dates SET year_source = 'text', date = DATE '${date}'`);
        assert.equal((await runCheck(db.connection, check)).passed, passes, date);
      } finally {
        db.close();
      }
    }
  });

  it('text-segments-match-raw stops a run off its raw line, overlapping runs, and text no run covers', async () => {
    const check = checks.find((c) => c.name === 'text-segments-match-raw')!;
    const run = `article_id = '${first}' AND field = 'text' AND start = 0`;
    const cases: [what: string, sql: string, passes: boolean][] = [
      ['a raw line that is not there', `UPDATE text_segments SET line_no = 99 WHERE ${run}`, false],
      ['a run past its raw line', `UPDATE text_segments SET "column" = "column" + 1 WHERE ${run}`, false],
      ['runs that overlap', `UPDATE text_segments SET "end" = "end" + 1 WHERE ${run}`, false],
      ['a character no run covers', `UPDATE text_segments SET start = start + 1, "column" = "column" + 1 WHERE ${run}`, false],
      ['text after the last run', `UPDATE articles SET text = text || '字' WHERE article_id = '${first}'`, false],
      ['a headline that is not there', `UPDATE articles SET headline = NULL WHERE article_id IN (SELECT article_id FROM text_segments WHERE field = 'headline' LIMIT 1)`, false],
      ['paragraph breaks after the last run', `UPDATE articles SET text = text || '\n\n' WHERE article_id = '${first}'`, true],
    ];
    for (const [what, sql, passes] of cases) {
      const db = await loadedDatabase(specs, rows, dir);
      try {
        await db.connection.run(sql);
        assert.equal((await runCheck(db.connection, check)).passed, passes, what);
      } finally {
        db.close();
      }
    }
  });

  it('text-segments-match-raw reads a raw line\'s white space as JavaScript\'s \\s does: one space in the text', async () => {
    const check = checks.find((c) => c.name === 'text-segments-match-raw')!;
    // The text has a space where its raw line has each character in turn (line breaks cannot be in a line).
    const spaces = Array.from({ length: 0x10000 }, (_, c) => c).filter((c) => /\s/.test(String.fromCharCode(c)) && c !== 0x0a && c !== 0x0d);
    const others = [0x85, 0x180e, 0x200b, 0x200c, 0x2060, 0x3164, 0x5b57];
    assert.ok(others.every((c) => !/\s/.test(String.fromCharCode(c))));
    const db = await loadedDatabase(specs, rows, dir);
    try {
      await db.connection.run(`UPDATE articles SET text = '第一 ' || substring(text, 4) WHERE article_id = '${first}'`);
      const line = (await db.connection.runAndReadAll(`SELECT r.source_id, r.line_no, r.text FROM raw_lines r JOIN articles a USING (source_id) WHERE a.article_id = '${first}' AND r.line_no = 3`)).getRowObjectsJson()[0];
      const passes = async (c: number) => {
        await db.connection.run(`UPDATE raw_lines SET text = '第一' || chr(${c}) || substring(text, 4) WHERE source_id = '${line.source_id}' AND line_no = 3`);
        return (await runCheck(db.connection, check)).passed;
      };
      const read: number[] = [];
      for (const c of [...spaces, ...others]) if (await passes(c)) read.push(c);
      assert.deepEqual(read.map((c) => c.toString(16)), spaces.map((c) => c.toString(16)));
      assert.equal(line.text, '第一段𠀀文字', 'the fixture\'s line');
    } finally {
      db.close();
    }
  });

  for (const check of checks) {
    it(`${check.name} returns the row a fixture breaks`, async () => {
      const { sql, expect } = breaker(check);
      const db = await loadedDatabase(specs, rows, dir);
      try {
        await db.connection.run(sql);
        const r = await runCheck(db.connection, check);
        assert.equal(r.passed, false);
        assert.ok(r.violations >= 1);
        for (const [k, v] of Object.entries(expect)) assert.deepEqual(r.rows[0][k], v, `${k} in ${JSON.stringify(r.rows[0])}`);
      } finally {
        db.close();
      }
    });
  }
});

describe('checkIssues', () => {
  const result = { name: 'demo', description: 'Rows are fine.', table: 'raw_lines', passed: false, violations: 3, rows: [{ source_id: 'p01', line_no: '6' }] };

  it('one error per listed row, located on the raw page, plus a count of the rest', () => {
    const issues = checkIssues(result);
    assert.deepEqual(issues.map((i) => [i.code, i.file, i.line]), [['check-failed:demo', 'raw/p01.txt', 6], ['check-failed:demo', null, null]]);
    assert.equal(issues[0].message, 'check demo failed (violation 1 of 3): expected Rows are fine, got {"source_id":"p01","line_no":"6"} (raw/p01.txt:6)');
    assert.equal(issues[1].message, 'check demo failed: 2 more violations not listed: expected Rows are fine, got 3 violating rows in all');
  });

  it('caps the listed rows', async () => {
    const db = await loadedDatabase(specs, rows, dir);
    try {
      const r = await runCheck(db.connection, { name: 'all-lines', description: 'x', table: 'raw_lines', scope: 'page', sql: 'SELECT * FROM raw_lines ORDER BY line_no' }, 5);
      assert.equal(r.violations, 7);
      assert.deepEqual(r.rows.map((x) => x.line_no), ['1', '2', '3', '4', '5']);
    } finally {
      db.close();
    }
  });

  it('a check file must start with a description and hold a query', () => {
    assert.deepEqual(parseCheckFile('ok-check.sql', '-- Lines are fine.\n-- table: raw_lines\nSELECT 1;\n'), { name: 'ok-check', description: 'Lines are fine.', table: 'raw_lines', scope: 'page', sql: 'SELECT 1' });
    assert.equal(parseCheckFile('cross.sql', '-- Across pages.\n-- table: raw_lines\n-- scope: all\nSELECT 1').scope, 'all');
    assert.throws(() => parseCheckFile('bad.sql', '-- Odd.\n-- scope: some\nSELECT 1'), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'invalid-check' && e.issues[0].line === 2);
    assert.throws(() => parseCheckFile('bad.sql', 'SELECT 1'), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'invalid-check');
    assert.throws(() => parseCheckFile('bad.sql', '-- Drops.\nDROP TABLE x'), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'invalid-check');
  });
});

describe('checks on an article printed in pieces', () => {
  // Article 1 begins on lines 1–2, article 2 stands on lines 3–5, and article 1 ends on line 6.
  const text = ['远山村修路', '远山村今年修通了进村的', '桥头小学开学', '桥头小学新学期开学了。', '', '水泥路，村民出行方便多了。'].join('\n') + '\n';
  const article = (over: Partial<RecoveredArticle>): RecoveredArticle => ({
    seq: 1, kicker: null, headline: null, headlineSegments: [], subtitle: null, byline: null, contributors: [], isContinuation: false,
    paragraphs: [], lineStart: 1, lineEnd: 1, pieces: [], anchor: '', layoutConfidence: 1, layoutDoubts: [], ...over,
  });
  const page = (): RecoveredPage => ({
    layout: 'wide',
    headlinePosition: 'before',
    lineCount: 6,
    articles: [
      article({
        headline: '远山村修路', headlineSegments: [{ start: 0, end: 5, line: 1, col: 0 }],
        // One paragraph goes on from the first piece to the second.
        paragraphs: [{ kind: 'body', text: '远山村今年修通了进村的水泥路，村民出行方便多了。', lineStart: 2, lineEnd: 6, segments: [{ start: 0, end: 11, line: 2, col: 0 }, { start: 11, end: 24, line: 6, col: 0 }] }],
        lineStart: 1, lineEnd: 6, pieces: [{ lineStart: 1, lineEnd: 2 }, { lineStart: 6, lineEnd: 6 }], anchor: '远山村今年修通了进村的',
      }),
      article({
        seq: 2, headline: '桥头小学开学', headlineSegments: [{ start: 0, end: 6, line: 3, col: 0 }],
        paragraphs: [{ kind: 'body', text: '桥头小学新学期开学了。', lineStart: 4, lineEnd: 4, segments: [{ start: 0, end: 11, line: 4, col: 0 }] }],
        lineStart: 3, lineEnd: 5, pieces: [{ lineStart: 3, lineEnd: 5 }], anchor: '桥头小学新学期开学了。',
      }),
    ],
    unassigned: [],
  });
  const violations = async (alter: (p: RecoveredPage) => void): Promise<string[]> => {
    const p = page();
    alter(p);
    const db = await loadedDatabase(specs, pageRows(SOURCE, text, p), dir);
    try {
      const failed: string[] = [];
      for (const c of checks) if (!(await runCheck(db.connection, c)).passed) failed.push(c.name);
      return failed;
    } finally {
      db.close();
    }
  };

  it('pass: each line is in one piece, and the paragraph stands on both of its article\'s pieces', async () => {
    assert.deepEqual(await violations(() => {}), []);
  });

  it('one range for the article holds the other article: its lines are in two articles', async () => {
    assert.deepEqual(await violations((p) => { p.articles[0].pieces = [{ lineStart: 1, lineEnd: 6 }]; }), ['articles-do-not-overlap', 'raw-lines-covered-once']);
  });

  it('a piece too short leaves a line of the article in no article', async () => {
    assert.deepEqual(await violations((p) => { p.articles[0].pieces = [{ lineStart: 1, lineEnd: 1 }, { lineStart: 6, lineEnd: 6 }]; }), ['paragraph-lines-within-article', 'raw-lines-covered-once']);
  });

  it('pieces that touch, or stand out of order, or miss the article\'s ends, are not its pieces', async () => {
    const tile = async (pieces: RecoveredArticle['pieces']) => (await violations((p) => { p.articles[1].pieces = pieces; })).includes('article-pieces-tile-range');
    assert.equal(await tile([{ lineStart: 3, lineEnd: 3 }, { lineStart: 4, lineEnd: 5 }]), true);
    assert.equal(await tile([{ lineStart: 5, lineEnd: 5 }, { lineStart: 3, lineEnd: 3 }]), true);
    assert.equal(await tile([{ lineStart: 3, lineEnd: 4 }]), true);
    assert.equal(await tile([]), true);
    assert.equal(await tile([{ lineStart: 3, lineEnd: 3 }, { lineStart: 5, lineEnd: 5 }]), false);
  });

  it('a paragraph whose text stands on another article\'s line leaves its article', async () => {
    assert.ok((await violations((p) => { p.articles[0].paragraphs[0].segments[1].line = 4; })).includes('paragraph-lines-within-article'));
  });
});
