import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPage } from '../src/recover/index.ts';

/** Invented prose set in an 18-character column, each printed line a block of its own (blank lines between). */
function set(text: string, width = 18): string[] {
  const chars = [...text];
  const out: string[] = [];
  while (chars.length > 0) out.push(chars.splice(0, width).join(''), '');
  return out;
}

const PARAGRAPHS = [
  '青石湾湿地公园改造工程日前进入收尾阶段，新铺设的木栈道沿着湖岸延伸了三公里多，沿途种下了芦苇和菖蒲。',
  '公园管理处负责人介绍，改造后的湿地将开放观鸟平台和科普长廊，周末还会安排讲解员为市民介绍候鸟的习性。',
  '附近居民老郑每天清晨都来散步，他说湖水比以前清了不少，傍晚常能看到成群的白鹭落在浅滩上觅食。',
];
/** A picture's caption, letter-spaced, printed alone between two lines of the body. */
const CAPTION = '青 石 湾 湿 地 公 园 改 造 示 意 图';

test('recover: a picture caption standing alone inside a body is left out of its paragraphs', () => {
  const first = set(PARAGRAPHS[0]);
  const text = [
    '湿地公园换新颜',
    '',
    '本报记者 林晓',
    '',
    ...first.slice(0, 4),
    CAPTION,
    '',
    ...first.slice(4),
    ...set(PARAGRAPHS[1]),
    ...set(PARAGRAPHS[2]),
  ].join('\n');
  const { articles } = recoverPage(text);
  assert.equal(articles.length, 1);
  const body = articles[0].paragraphs.filter((p) => p.kind !== 'subheading').map((p) => p.text);
  assert.deepEqual(body, PARAGRAPHS);
});
