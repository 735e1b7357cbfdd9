import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validatePageRows } from '../src/build.ts';
import type { ManifestEntry } from '../src/inputs/index.ts';
import { articleId, codePointLength, pageRows, splitLines } from '../src/rows.ts';
import { loadSchemas } from '../src/schema/index.ts';
import { PAGE, PAGE_TEXT, SOURCE, syntheticRows } from './helpers/fixtures.ts';

describe('pageRows', () => {
  const rows = syntheticRows();

  it('produces rows that satisfy every table schema', () => {
    assert.deepEqual(validatePageRows(loadSchemas(), rows), []);
  });

  it('article ids: source_id + 12 hex of sha256(source_id, anchor, occurrence)', () => {
    assert.match(rows.articles[0].row.article_id, /^p01_test-[0-9a-f]{12}$/);
    assert.equal(rows.articles[0].row.article_id, articleId('p01_test', '第一段𠀀文字', 0));
  });

  it('article ids do not depend on anything else on the page', () => {
    const reordered = { ...PAGE, articles: [{ ...PAGE.articles[1], seq: 1 }, { ...PAGE.articles[0], seq: 2, headline: '改了' }] };
    const ids = pageRows(SOURCE, PAGE_TEXT, reordered).articles.map((a) => a.row.article_id).sort();
    assert.deepEqual(ids, rows.articles.map((a) => a.row.article_id).sort());
  });

  it('a repeated anchor gets a different id per occurrence', () => {
    const twice = { ...PAGE, articles: [PAGE.articles[0], { ...PAGE.articles[0], seq: 2 }] };
    const [a, b] = pageRows(SOURCE, PAGE_TEXT, twice).articles.map((x) => x.row.article_id);
    assert.notEqual(a, b);
    assert.equal(b, articleId('p01_test', '第一段𠀀文字', 1));
  });

  it('paragraph offsets count code points, so a surrogate pair is one character', () => {
    const a = rows.articles[0].row;
    assert.equal(a.text, '第一段𠀀文字\n第二段');
    assert.equal(a.char_count, 10);
    assert.deepEqual(rows.paragraphs.slice(0, 2).map((p) => [p.row.paragraph_no, p.row.start, p.row.end]), [[1, 0, 6], [2, 7, 10]]);
    const cps = [...a.text];
    for (const { row: p } of rows.paragraphs.slice(0, 2)) assert.equal(cps.slice(p.start, p.end).join(''), p.text);
  });

  it('rows carry their raw file and line', () => {
    assert.deepEqual(rows.paragraphs[1].at, { file: 'raw/p01_test.txt', line: 4 });
    assert.deepEqual(rows.sources[0].at, { file: 'raw/p01_test.txt', line: null });
  });

  it('contributors are numbered from 1; raw lines cover the page; unassigned lines are kept', () => {
    assert.deepEqual(rows.contributors.map((c) => [c.row.position, c.row.name, c.row.role]), [[1, '张三', 'reporter']]);
    assert.equal(rows.raw_lines.length, 7);
    assert.deepEqual(rows.raw_lines.filter((r) => r.row.is_blank).map((r) => r.row.line_no), [5]);
    assert.deepEqual(rows.unassigned_lines.map((u) => u.row), [{ source_id: 'p01_test', line_no: 6, text: '责任编辑：李四', reason: 'page-furniture' }]);
  });

  it('article pieces are numbered from 1 in line order', () => {
    assert.deepEqual(rows.article_pieces.map((p) => [p.row.article_id, p.row.piece_no, p.row.line_start, p.row.line_end]), [
      [rows.articles[0].row.article_id, 1, 1, 4],
      [rows.articles[1].row.article_id, 1, 7, 7],
    ]);
    const inPieces = { ...PAGE, articles: [{ ...PAGE.articles[0], lineEnd: 7, pieces: [{ lineStart: 1, lineEnd: 4 }, { lineStart: 7, lineEnd: 7 }] }] };
    assert.deepEqual(pageRows(SOURCE, PAGE_TEXT, inPieces).article_pieces.map((p) => [p.row.piece_no, p.row.line_start, p.row.line_end, p.at.line]), [[1, 1, 4, 1], [2, 7, 7, 7]]);
  });

  it('a page without manifest entry has unknown metadata', () => {
    const s = rows.sources[0].row;
    assert.deepEqual([s.newspaper, s.issue_date, s.issue_date_status, s.page, s.in_manifest], [null, null, 'unknown', null, false]);
    assert.equal(s.file, 'raw/p01_test.txt');
  });

  it('copies the manifest entry', () => {
    const manifest: ManifestEntry = { file: SOURCE.name, line: 2, newspaper: '焦作日报', issueDate: null, earliest: '2020-02-13', latest: '2020-02-29', status: 'range', note: 'n', page: 2 };
    const s = pageRows({ ...SOURCE, manifest }, PAGE_TEXT, PAGE).sources[0].row;
    assert.deepEqual([s.newspaper, s.issue_date, s.issue_date_earliest, s.issue_date_latest, s.issue_date_status, s.issue_date_note, s.page, s.in_manifest], ['焦作日报', null, '2020-02-13', '2020-02-29', 'range', 'n', 2, true]);
  });
});

describe('splitLines and codePointLength', () => {
  it('splits on LF, CRLF and CR; a final line break does not start a line', () => {
    assert.deepEqual(splitLines('a\r\nb\rc\nd'), ['a', 'b', 'c', 'd']);
    assert.deepEqual(splitLines('a\n\n'), ['a', '']);
    assert.deepEqual(splitLines('a'), ['a']);
  });

  it('counts code points, not UTF-16 units', () => {
    assert.equal('𠀀中'.length, 3);
    assert.equal(codePointLength('𠀀中'), 2);
  });
});
