/**
 * Recovery of pages as other extractors print them (made-up text, written for these tests):
 * `pdftotext -raw` (no blank lines, content-stream order, lines cut at quotation marks and
 * commas), `pdftotext` in reading order and `mutool`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recoverPage } from '../src/recover/index.ts';
import { classifyLines, splitRawLines } from '../src/recover/lines.ts';
import { headingLinesOf } from '../src/recover/headlines.ts';

test('pdftotext -raw: a vertical headline among other lines and a headline cut at its quotation are one headline each', () => {
  // No blank lines; two untitled news items, then their headlines in a pile, one set vertically.
  const text = [
    '本报讯 近日，东湖小学组织学生开展',
    '植树节主题活动，师生共栽下树苗两百余株，',
    '校园里处处是忙碌的身影。',
    '（李 明）',
    '本报讯 日前，西山村举办首届农民丰收节，',
    '村民展示了自家种植的苹果和核桃，',
    '吸引了不少游客前来选购。',
    '（王 芳）',
    '东湖小学开展',
    '“植树节”',
    '活动',
    '西',
    '山',
    '村',
    '丰',
    '收',
    '节',
  ].join('\n');
  const lines = classifyLines(splitRawLines(text));
  assert.ok(lines.slice(11).every((l) => l.vertical));
  assert.equal(headingLinesOf(lines.slice(8, 11)).length, 1);
  const page = recoverPage(text);
  assert.deepEqual(page.articles.map((a) => a.headline), ['东湖小学开展“植树节”活动', '西山村丰收节']);
});
