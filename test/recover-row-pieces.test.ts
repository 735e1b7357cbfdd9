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

// Invented prose in a 16-character column. The page prints its second line as
// `客超过 20 万人次，新修的步道很受`: the extractor takes the figure out, to a block of its own,
// and prints the line's right piece before its left one.
const OPENING = ['近日记者从县文旅局获悉，今年一季', '度全县旅游市场持续回暖，各景区接', '待人数明显增加。'];
const ROWS = ['南山镇今年春季共接待了各地来的旅', '客超过', '万人次，新修的步道很受', '欢迎。镇文旅办负责人介绍，下一步', '还将新建一批停车场和游客服务点。'];

test('reflow: the two pieces of a printed line cut around a figure, right piece first, are read left piece first', () => {
  const [r1, left, right, r3, r4] = ROWS;
  const raw = page(OPENING, [r1, right, left, r3, r4], ['20']);
  assert.deepEqual(paragraphs(raw).slice(0, 2), [OPENING.join(''), [r1, left, right, r3, r4].join('')]);
});

test('reflow: pieces of a printed line already in order stay so', () => {
  const raw = page(OPENING, ROWS, ['20']);
  assert.deepEqual(paragraphs(raw).slice(0, 2), [OPENING.join(''), ROWS.join('')]);
});

test('reflow: a line cut at every change of font, three pieces fitting in one printed line, is read in print order', () => {
  // `pdftotext -raw` cuts `“客”超过 20 万人次` at the quotation marks and the figure and prints the
  // pieces in order: short lines in a row again, but no pair to turn round.
  const rows = ['南山镇今年春季共接待了各地来的旅', '“客”', '超过', '万人次，新修的步道很受', '欢迎。镇文旅办负责人介绍，下一步'];
  const raw = page(OPENING, rows);
  assert.deepEqual(paragraphs(raw).slice(0, 2), [OPENING.join(''), rows.join('')]);
});
