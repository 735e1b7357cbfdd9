import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyLines, splitRawLines } from '../src/recover/lines.ts';
import { separateSideBySide } from '../src/recover/side-by-side.ts';
import { recoverPage } from '../src/recover/index.ts';

// Invented paragraphs: two for the left column, two for the right one.
const LEFT = [
  '河湾村今年新修了一条通往镇上的水泥路，全长六公里，沿途经过三个自然村。过去村民赶集要走两个小时的山路，如今骑车二十分钟就能到达。',
  '村委会主任介绍，修路的资金一部分来自上级补助，一部分由村民自愿筹集，工程从去年秋天开工，赶在雨季之前全部完工。',
];
const RIGHT = [
  '道路通车以后，村里的果园也迎来了新的机会。往年成熟的梨子常常因为运不出去而烂在树上，今年收购商的货车可以直接开到地头。',
  '不少外出务工的年轻人看到家乡的变化，也开始琢磨回村创业，有的办起了农家乐，有的在网上销售土特产，收入比在外打工还要高。',
];
const WIDTH = 13;
const CLOSING = '，。、；：！？”）';

/** Paragraphs set in a column `width` characters wide; a paragraph's first line is indented two characters (the extractor drops the indent). */
function column(paragraphs: readonly string[], width: number): string[] {
  const lines: string[] = [];
  for (const p of paragraphs) {
    const chars = [...p];
    let at = 0;
    let first = true;
    while (at < chars.length) {
      let n = first ? width - 2 : width;
      // A mark never opens a line: the typesetter squeezes it into the line above.
      if (CLOSING.includes(chars[at + n] ?? '')) n++;
      lines.push(chars.slice(at, at + n).join(''));
      at += n;
      first = false;
    }
  }
  return lines;
}

/**
 * The two columns as an extractor reading in rows prints them: the left column alone for `alone`
 * rows (a picture stands beside it), then in each row the left line and the right one on one
 * text line, a space between; `broken` rows print the left line's text up to its first comma on
 * a line of its own (a change of run).
 */
function sideBySide(left: readonly string[], right: readonly string[], alone: number, broken: ReadonlySet<number> = new Set()): string[] {
  const raw: string[] = [];
  for (let i = 0; i < Math.max(left.length, alone + right.length); i++) {
    const l = left[i] ?? '';
    const r = i >= alone ? right[i - alone] ?? '' : '';
    const comma = l.indexOf('，');
    if (broken.has(i) && comma > 0 && comma < l.length - 1) {
      raw.push(l.slice(0, comma + 1));
      raw.push(r ? `${l.slice(comma + 1)} ${r}` : l.slice(comma + 1));
    } else raw.push(l && r ? `${l} ${r}` : l || r);
  }
  return raw;
}

const bodyOf = (raw: readonly string[]) => classifyLines(raw).filter((l) => l.kind !== 'blank');
const squeeze = (s: string) => s.replace(/\s+/gu, '');

test('side by side: two columns printed on one line each row are read one after the other, the left first', () => {
  const body = bodyOf(sideBySide(column(LEFT, WIDTH), column(RIGHT, WIDTH), 3));
  const read = separateSideBySide(body);
  assert.equal(squeeze(read.map((l) => l.text).join('')), squeeze([...LEFT, ...RIGHT].join('')));
});

test('side by side: a left line broken at a comma onto a line of its own still reads in its column', () => {
  const body = bodyOf(sideBySide(column(LEFT, WIDTH), column(RIGHT, WIDTH), 2, new Set([3, 6, 8])));
  const read = separateSideBySide(body);
  assert.equal(squeeze(read.map((l) => l.text).join('')), squeeze([...LEFT, ...RIGHT].join('')));
});

test('side by side: one column whose lines set figures apart by spaces keeps its order', () => {
  const raw = column(
    ['今年 5 月 20 日，青石镇 120 户村民领到了新的房产证书，镇政府为此专门设立了 3 个服务窗口，方便群众办理相关手续。', '据统计，全镇共有 2300 多户需要办理，预计 8 月底前全部完成，届时将组织 2 次回访。'],
    WIDTH,
  );
  const body = bodyOf(raw);
  assert.equal(separateSideBySide(body), body);
});

test('side by side: a recovered article reads both columns, each character traced to its raw line and column', () => {
  const text = ['河湾村修通致富路', '', '本报记者 林小雨', ...sideBySide(column(LEFT, WIDTH), column(RIGHT, WIDTH), 3, new Set([5]))].join('\n');
  const page = recoverPage(text);
  assert.equal(page.articles.length, 1);
  const article = page.articles[0];
  assert.equal(article.headline, '河湾村修通致富路');
  assert.equal(squeeze(article.paragraphs.map((p) => p.text).join('')), squeeze([...LEFT, ...RIGHT].join('')));
  const raw = splitRawLines(text);
  for (const p of article.paragraphs) {
    const chars = [...p.text];
    for (const s of p.segments) assert.equal([...raw[s.line - 1]].slice(s.col, s.col + s.end - s.start).join(''), chars.slice(s.start, s.end).join(''));
  }
});

test('side by side: lines far wider than the column that no column gap explains keep their order', () => {
  // Three long notes set across the page, their words parted by spaces, under a column of prose.
  const wide = [
    '本次活动由青石镇文化站主办 镇图书馆和三所中心小学协办 全程向公众免费开放 欢迎附近居民携带家人前来参加',
    '报名时间为每周一至周五上午 报名地点设在镇文化站一楼大厅 每位居民最多可以报名参加两个项目 名额有限报满为止',
    '活动期间镇文化站将安排志愿者 在现场为老人和儿童提供引导服务 并准备饮用水和常用药品 以保障活动顺利进行',
  ];
  const body = bodyOf([...column(LEFT, WIDTH), ...wide]);
  assert.equal(separateSideBySide(body), body);
});

test('side by side: a figure set off by a space at the end of a line of the left column alone stays in its line', () => {
  // Rows 0-2 print the left column alone; row 1 ends on a figure set apart (`…的 3`).
  const left = column(LEFT, WIDTH);
  const raw = sideBySide(left, column(RIGHT, WIDTH), 3);
  raw[1] = `${raw[1]} 3`;
  const read = separateSideBySide(bodyOf(raw));
  const expected = squeeze([...left.slice(0, 2), '3', ...left.slice(2)].join('') + RIGHT.join(''));
  assert.equal(squeeze(read.map((l) => l.text).join('')), expected);
});
