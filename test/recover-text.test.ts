import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bigrams,
  cleanHeadline,
  compactWidth,
  displayWidth,
  endsSentence,
  hasOpenQuote,
  isJustified,
  isWhitespace,
  joinWrapped,
  removeJustificationSpaces,
  WHITESPACE,
} from '../src/recover/text.ts';

test('endsSentence: sentence-final punctuation, also behind closing quotes', () => {
  assert.equal(endsSentence('晋豫就是其中一员。'), true);
  assert.equal(endsSentence('一定能够打赢这场阻击战。”'), true);
  assert.equal(endsSentence('果断上岗……'), true);
  assert.equal(endsSentence('更是示范！'), true);
  assert.equal(endsSentence('一个战斗堡垒。”王晋豫说，'), false);
  assert.equal(endsSentence('山阳区：科学防控巧念“中药经”'), false, 'a quoted word at the end is not a sentence end');
  assert.equal(endsSentence('快速摸清核心信'), false);
  assert.equal(endsSentence('涨价两倍多的原材料 ； 不 讲 价 钱 ，'), false);
});

test('displayWidth: CJK 1, ASCII 0.5, whitespace 0', () => {
  assert.equal(displayWidth('责任。在疫情防控的关键时'), 12);
  assert.equal(displayWidth('2016 年，王晋豫等人响'), 10);
  assert.equal(displayWidth('区 是 疫 情'), 4);
  assert.equal(displayWidth('John Smith'), 4.5);
});

test('compactWidth: full-width punctuation 0.5, as a paper that compresses it prints it', () => {
  assert.equal(compactWidth('山路，水路、“新路”。'), 8.5);
  assert.equal(compactWidth('2016 年，新路'), 5.5);
});

test('isJustified: characters spaced out to fill a column, not spaces around numbers', () => {
  assert.equal(isJustified('区 是 疫 情 防 控 工 作 的 重 中 之'), true);
  assert.equal(isJustified('当 新 使 命 、 发 挥 正 能 量 ” 活'), true);
  assert.equal(isJustified('该村 140 户贫困户、550'), false);
  assert.equal(isJustified('1 月 27 日，焦作市新冠肺炎'), false);
  assert.equal(isJustified('众志成城 共抗疫情'), false);
});

test('removeJustificationSpaces: CJK and digits close up, Latin words keep their spaces', () => {
  assert.equal(removeJustificationSpaces('担 当 新 使 命 、 发 挥'), '担当新使命、发挥');
  assert.equal(removeJustificationSpaces('闫根德捐款 2 万元'), '闫根德捐款2万元');
  assert.equal(removeJustificationSpaces('该村 140 户贫困户、550'), '该村140户贫困户、550');
  assert.equal(removeJustificationSpaces('本报讯（记者刘婧） 2 月 12'), '本报讯（记者刘婧）2月12');
  assert.equal(removeJustificationSpaces('建设 5G 基站'), '建设5G 基站', 'a digit closes up to CJK, a Latin letter keeps its space');
  assert.equal(removeJustificationSpaces('会见了 John Smith 先生'), '会见了 John Smith 先生');
  assert.equal(removeJustificationSpaces('全天\u300024\u00a0小时'), '全天24小时', 'full-width space and NBSP are whitespace too');
});

test('cleanHeadline: phrase spaces stay, character spacing goes', () => {
  assert.equal(cleanHeadline('焦作亮度：遍地英雄 照亮怀川'), '焦作亮度：遍地英雄 照亮怀川');
  assert.equal(cleanHeadline('众志成城  共抗疫情'), '众志成城 共抗疫情');
  assert.equal(cleanHeadline('担 当 新 使 命'), '担当新使命');
  // In a letter-spaced headline the spacing between figures goes too.
  assert.equal(cleanHeadline('欢 度 “ 6 .1 8 ” 购 物 节'), '欢度“6.18”购物节');
});

test('joinWrapped: no space in Chinese, a space inside broken English', () => {
  assert.equal(joinWrapped('快速摸清核心信', '息。'), '快速摸清核心信息。');
  assert.equal(joinWrapped('共捐赠6', '万多个口罩'), '共捐赠6万多个口罩');
  assert.equal(joinWrapped('met John', 'Smith'), 'met John Smith');
});

test('hasOpenQuote: an opened quotation keeps the paragraph going', () => {
  assert.equal(hasOpenQuote('到2月7日首批产品下线，“正常建一个口罩厂，最少也得1年。'), true);
  assert.equal(hasOpenQuote('“我上！保证短时间投入生产。”'), false);
});

test('isWhitespace agrees with WHITESPACE on every BMP code point, and on astral characters', () => {
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    assert.equal(isWhitespace(ch), WHITESPACE.test(ch), `U+${c.toString(16).padStart(4, '0')}`);
  }
  for (const ch of ['𠀀', '😀', '']) assert.equal(isWhitespace(ch), WHITESPACE.test(ch), ch);
});

test('bigrams: the same two letters are the same pair in any text, other pairs never are; widths count a surrogate pair once', () => {
  const pairs = (text: string) => [...bigrams(text)];
  // Letters only, read across what lies between them.
  assert.equal(bigrams('河边，柳树 ab').size, 5);
  const shared = (a: string, b: string) => pairs(a).filter((w) => bigrams(b).has(w)).length;
  assert.equal(shared('河边柳树', '柳树河边'), 2);
  assert.equal(shared('河边柳树', '边河树柳'), 0);
  // Letters outside the BMP, and a pair of letters met after tens of thousands of others.
  assert.equal(shared('𠀀𠀁河', '河𠀀𠀁'), 1);
  let many = '';
  for (const [from, to] of [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xac00, 0xd7a3]]) for (let cp = from; cp <= to; cp++) many += String.fromCodePoint(cp);
  assert.equal(bigrams(many).size, [...many].length - 1);
  assert.equal(shared('𠀂𠀃河', '河𠀂𠀃'), 1);
  assert.equal(shared('河𠀂', '𠀂河'), 0);
  assert.equal(shared('𠀃𠀂', '𠀂𠀃'), 0);
  assert.equal(displayWidth('𠀀a'), 1.5);
  assert.equal(compactWidth('𠀀，'), 1.5);
});

test('endsOnMark and hasMoreAsciiAlnum read the end of the line and count Latin letters and figures as their patterns do', async () => {
  const { endsOnMark, hasMoreAsciiAlnum } = await import('../src/recover/lines.ts');
  const ends = (text: string) => endsOnMark({ text } as Parameters<typeof endsOnMark>[0]);
  for (const text of ['', '春风', '春风，', '春风。”', 'abc!', '春风𠀀', '春风\ud800', '春风\udc00', '（李明）', '风 ']) assert.equal(ends(text), /\p{P}$/u.test(text), text);
  for (const text of ['', '风', 'a1', 'ab3', '５Ｇ基站', 'A-B-C', 'x y z w']) assert.equal(hasMoreAsciiAlnum(text, 2), (text.match(/[A-Za-z0-9]/gu)?.length ?? 0) > 2, text);
});

test('appendLineTraced appends a raw line as joinWrappedTraced joins its traced line', async () => {
  const { appendLineTraced, joinWrappedTraced, tracedLine } = await import('../src/recover/text.ts');
  const raws = ['  春风 十里 ', '\u3000\u3000John', 'Smith 说：', '   ', '', '𠀀河\u00a0𠀁 ', 'a\ud800b', '\udc00 x', 'end\ud83d'];
  for (const first of raws) {
    for (const second of raws) {
      const a = joinWrappedTraced(joinWrappedTraced({ chars: [], origins: [] }, tracedLine(first, 1)), tracedLine(second, 2));
      const b = appendLineTraced(appendLineTraced({ chars: [], origins: [] }, first, 1), second, 2);
      assert.deepEqual(b, a, JSON.stringify([first, second]));
    }
  }
});

test('isJustified: a line with fewer than two spaces is never spaced out', () => {
  for (const line of ['春风', '春 风', ' 春 风 ', '春 风 十', '春 风 十 里', '春\u3000\u3000风\u3000里', 'a 春 b 风']) {
    const pairs = line.trim().match(/[^\x00-\x7f][\s\u00a0\u3000]+(?=[^\x00-\x7f][\s\u00a0\u3000])/gu)?.length ?? 0;
    assert.equal(isJustified(line), pairs >= 2, line);
  }
});
