import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyLines } from '../src/recover/lines.ts';
import { reflowParagraphs } from '../src/recover/reflow.ts';

/** Blocks of lines separated by a blank line, as the extractor prints its text boxes. */
function page(...blocks: string[][]): string[] {
  return blocks.flatMap((b, i) => (i === 0 ? b : ['', ...b]));
}

function paragraphs(raw: string[]): string[] {
  const lines = classifyLines(raw);
  const body = lines.filter((l) => l.kind !== 'blank' && l.kind !== 'furniture');
  return reflowParagraphs(body, lines, 'narrow').map((p) => p.lines.map((l) => l.text).join(''));
}

// Invented text in a 16-character column: a notice lists permit codes three a line, each after the
// prefix 东. The extractor takes every code out of its line: the codes standing under one another
// print as a block (a column), so do the separators; the first column, a line longer, comes last.
const INTRO = ['为方便居民停车，城东社区本月为辖区', '内的居民车辆办理了停车证，并在社区', '公告栏张贴了全部名单。'];
const SEP = '、东';
const LEAD_IN = '本月办理的停车证编号分别是：东';
const FIRST = ['K7M2Q1', 'H2J6L8', 'C9G3K5', 'E6H1N9'];
const SECOND = ['P3X8N4', 'B4D7F1', 'M1Q6T8'];
const THIRD = ['R5T9W6', 'S8V2Y5', 'W4Z7B2'];
const OUTRO = ['社区提醒，未办理停车证的车辆请尽', '快到社区服务中心登记办理。'];

/** The codes line by line, a separator between two, then the closing mark. */
function listed(columns: string[][]): string {
  const codes: string[] = [];
  for (let row = 0; row < columns[0].length; row++) for (const c of columns) if (row < c.length) codes.push(c[row]);
  return `${codes.join(SEP)}。`;
}

test('reflow: a list of codes whose columns the extractor printed apart is read line by line', () => {
  const raw = page(INTRO, [LEAD_IN, SEP, SEP, SEP], [SEP, SEP, SEP], SECOND, THIRD, [SEP, SEP, SEP, '。'], FIRST, OUTRO);
  assert.deepEqual(paragraphs(raw), [INTRO.join(''), LEAD_IN + listed([FIRST, SECOND, THIRD]), OUTRO.join('')]);
});

test('reflow: two lists in a row, the second printed codes first and its lead-in after them, are each read line by line', () => {
  const lead2 = '上月办理的临时停车证编号是：东';
  const first2 = ['T2N5R8', 'G6K1P4', 'D3M8V7', 'F5Q2X9'];
  const second2 = ['L8B3H6', 'N1W4C2', 'Q7E5J3'];
  const third2 = ['U4Y9A1', 'V2R6K8', 'X5S1M4'];
  const raw = page(
    INTRO,
    [LEAD_IN, SEP, SEP, SEP], [SEP, SEP, SEP], SECOND, THIRD, [SEP, SEP, SEP, '。'], FIRST,
    first2, second2, third2, [lead2, SEP, SEP, SEP], [SEP, SEP, SEP], [SEP, SEP, SEP, '。'],
    OUTRO,
  );
  assert.deepEqual(paragraphs(raw), [INTRO.join(''), LEAD_IN + listed([FIRST, SECOND, THIRD]), lead2 + listed([first2, second2, third2]), OUTRO.join('')]);
});

test('classifyLines: a long run of codes alone on their lines is a list, not a table', () => {
  const lines = classifyLines(page(INTRO, FIRST, SECOND, THIRD, FIRST, OUTRO));
  assert.ok(lines.filter((l) => /\d/u.test(l.text)).every((l) => l.kind === 'text'));
});

test('reflow: codes in sentences and a lone code stay where they are', () => {
  const prose = ['车主可凭编号K7M2Q1的停车证进入，', '另有一辆车的编号是', 'P3X8N4', '，请车主尽快到社区登记办理。'];
  const raw = page(INTRO, prose, OUTRO);
  assert.deepEqual(paragraphs(raw), [INTRO.join(''), prose.join(''), OUTRO.join('')]);
});

test('reflow: a block of prose holding a short piece of a line, right before a list, is no part of the list', () => {
  // A printed line cut around a figure leaves a piece of two characters alone on its line.
  const intro = ['为方便居民停车，城东社区本月为辖区', '内的', '居民车辆办理了停车证，并在社区', '公告栏张贴了全部名单。'];
  const raw = page(intro, [LEAD_IN, SEP, SEP, SEP], [SEP, SEP, SEP], SECOND, THIRD, [SEP, SEP, SEP, '。'], FIRST, OUTRO);
  assert.deepEqual(paragraphs(raw), [intro.join(''), LEAD_IN + listed([FIRST, SECOND, THIRD]), OUTRO.join('')]);
});
