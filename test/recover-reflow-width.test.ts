import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyLines } from '../src/recover/lines.ts';
import { reflowParagraphs } from '../src/recover/reflow.ts';

const HAN = '春风吹过田野花开满山河水长流远方城市灯火通明';
/** A line of `han` ideographs with `marks` commas set among them, ending on an ideograph (or on `end`). */
function line(han: number, marks: number, end = ''): string {
  const chars = [...HAN.repeat(2)].slice(0, han);
  for (let k = 0; k < marks; k++) chars.splice(2 + k * 3, 0, '，');
  return chars.join('') + end;
}

test('reflow: on a paper that compresses its punctuation, a full line ending a sentence does not end the paragraph', () => {
  // Every wrapping line prints 16 em with commas at half width, while counted at full width
  // they spread over 16 to 18: the line ending a sentence (15 ideographs and `。`) is full.
  const wrapping = [line(16, 0), line(15, 2), line(14, 4)];
  const raw = [...wrapping, ...wrapping, ...wrapping, line(15, 0, '。'), ...wrapping, line(6, 0, '。')];
  const lines = classifyLines(raw);
  const paragraphs = reflowParagraphs(lines, lines, 'narrow');
  assert.equal(paragraphs.length, 1);
});

test('reflow: where punctuation prints at full width, a line two characters short ending a sentence ends the paragraph', () => {
  // The same page set with full-width punctuation: every wrapping line is 16 em counted so.
  const wrapping = [line(16, 0), line(14, 2), line(12, 4)];
  const raw = [...wrapping, ...wrapping, ...wrapping, line(13, 0, '。'), ...wrapping, line(6, 0, '。')];
  const lines = classifyLines(raw);
  assert.equal(reflowParagraphs(lines, lines, 'narrow').length, 2);
});

test('reflow: a short line standing apart whose only mark is an enumeration comma inside it is a subheading, not the start of the paragraph under it', () => {
  const para = (text: string) => {
    const chars = [...text];
    const out = [chars.splice(0, 14).join('')];
    while (chars.length > 0) out.push(chars.splice(0, 16).join(''));
    return out;
  };
  const before = '今年春天，南山镇的果农们早早来到园子里修剪枝条，为新一季的丰收认真做好各项准备工作。';
  const after = '县农业农村局的技术人员也来到田间地头，为农户讲解机具保养和安全操作的要领，帮助大家解决春耕中遇到的难题。';
  const raw = [...para(before), '', '良种、农机、化肥', '保障春耕生产', '', ...para(after)];
  const lines = classifyLines(raw);
  const body = lines.filter((l) => l.kind !== 'blank');
  const paragraphs = reflowParagraphs(body, lines, 'narrow');
  assert.deepEqual(
    paragraphs.map((p) => [p.kind, p.lines.map((l) => l.text).join('')]),
    [
      ['body', before],
      ['subheading', '良种、农机、化肥'],
      ['subheading', '保障春耕生产'],
      ['body', after],
    ],
  );
});

test('reflow: lines of letters and figures (a list of number plates) do not decide how the page sets its punctuation', () => {
  // A paper that compresses its punctuation: every wrapping line of ideographs prints 16 em with
  // commas at half width. A long list of plates agrees with itself under either count and would
  // leave the decision to the default, full width; the ideographs decide.
  const wrapping = [line(16, 0), line(15, 2), line(14, 4)];
  const plates = Array.from({ length: 30 }, (_, i) => `闽AB${1000 + i}、闽BC${2000 + i}、闽CD${3000 + i}、闽`);
  // The second paragraph's first line is 14.5 em with five commas at half width (17 counted at full).
  const raw = [...wrapping, ...wrapping, line(15, 2, '。'), line(12, 5), ...wrapping, ...plates, line(6, 0, '。')];
  const lines = classifyLines(raw);
  assert.equal(reflowParagraphs(lines, lines, 'narrow').length, 2);
});
