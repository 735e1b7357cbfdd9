import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyLines } from '../src/recover/lines.ts';
import { reflowParagraphs } from '../src/recover/reflow.ts';

/** Invented prose set in a 16-character column: an indented first line of 14, full lines of 16, the rest. */
function set(text: string, firstWidth = 14, width = 16): string[] {
  const chars = [...text];
  const out = [chars.splice(0, firstWidth).join('')];
  while (chars.length > 0) out.push(chars.splice(0, width).join(''));
  return out;
}

/** Blocks of lines separated by a blank line, as the extractor prints its text boxes. */
function page(...blocks: string[][]): string[] {
  return blocks.flatMap((b, i) => (i === 0 ? b : ['', ...b]));
}

function paragraphs(raw: string[]): string[] {
  const lines = classifyLines(raw);
  const body = lines.filter((l) => l.kind !== 'blank');
  return reflowParagraphs(body, lines, 'narrow').map((p) => p.lines.map((l) => l.text).join(''));
}

const FIRST = '今年春天，南山镇的果农们早早来到园子里修剪枝条，为新一季的丰收认真做好各项准备工作。镇里还请来了县里的专家，手把手地教大家科学管理果树的办法。';
const QUOTED = '“今年的花开得特别好，我们对收成很有信心。”果农张大山一边修剪枝条一边告诉记者，他家的果园已经种了二十多年，每年都能卖个好价钱。';
const LAST = '镇农技站的工作人员也来到果园，为大家讲解病虫害防治的方法和注意事项，受到果农们的欢迎。';

test('reflow: a paragraph whose first block the extractor printed after its continuation is read from its start', () => {
  const quoted = set(QUOTED);
  // The paragraph's first three lines (an indented one, two full ones breaking off in mid-sentence)
  // come after the block that goes on from them, which starts with a full line after a sentence end.
  const raw = page(set(FIRST), quoted.slice(3), quoted.slice(0, 3), set(LAST));
  assert.deepEqual(paragraphs(raw), [FIRST, QUOTED, LAST]);
});

test('reflow: a displaced line leaving a quotation open goes before the block that closes it, not before the line that ends another sentence', () => {
  const quoted = set(QUOTED);
  const last = set(LAST);
  // The last paragraph breaks off; between its lines stands the quotation's first line, and the
  // short line after that ends the last paragraph, not the quotation.
  const raw = page(set(FIRST), quoted.slice(1), last.slice(0, -1), quoted.slice(0, 1), last.slice(-1));
  assert.deepEqual(paragraphs(raw), [FIRST, QUOTED, LAST]);
});

test('reflow: a block breaking off in mid-sentence before a block that goes on from it stays where it is', () => {
  const quoted = set(QUOTED);
  const raw = page(set(FIRST), quoted.slice(0, 3), quoted.slice(3), set(LAST));
  assert.deepEqual(paragraphs(raw), [FIRST, QUOTED, LAST]);
});

test('reflow: a deck line set across the columns after a sentence end is no block going on from elsewhere', () => {
  const deck = '本报记者近日走访了南山镇多个果园，看到果农们正忙着修剪枝条迎接新一年的丰收季节。';
  // The deck prints as one line far wider than the column; the quotation that breaks off after
  // it has no block to go back in front of, and the deck stays a paragraph of its own.
  const raw = page(set(FIRST), [deck], set(QUOTED).slice(0, 3));
  assert.deepEqual(paragraphs(raw).slice(0, 2), [FIRST, deck]);
});

test('reflow: a short piece whose last block is a paragraph\'s displaced first line is read from that line', () => {
  // A photo caption of two paragraphs: the second one's first line is printed last, alone.
  const caption = '近日，南山镇果园里的桃花竞相开放，吸引了众多游客。';
  const second = '二〇二三年，南山镇开始发展乡村旅游，把果园打造成集观光、采摘于一体的景区。';
  const lines = set(second);
  const raw = page(set(caption), lines.slice(1), lines.slice(0, 1));
  assert.deepEqual(paragraphs(raw), [caption, second]);
});
