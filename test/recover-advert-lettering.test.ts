/**
 * Lines printed around an advertisement's box (invented text): a label-short line alone in its
 * block right above the box is a piece of the advertisement's lettering (lines.ts
 * markLabelsOverAdverts), and a heading group never spans the box (segment.ts, RawLine.underBox).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPage } from '../src/recover/index.ts';

/** Two articles with an advertisement's price tags between them, `over` printed right above the tags. */
function page(over: readonly string[]): string {
  return [
    '城东菜市场今起试营业',
    '■记者 林晓',
    '本报讯 城东菜市场今天起试营业，首批入驻',
    '商户六十多家，市民可以在这里买到新鲜的',
    '蔬菜和水果。',
    '',
    ...over.flatMap((l) => [l, '']),
    '市场价：',
    '198 元 /斤',
    '直销价：',
    '80 元 /斤',
    '',
    '春季运动会开幕',
    '■记者 方圆',
    '本报讯 昨天上午，市第一中学春季运动会在',
    '学校操场开幕，一千多名学生参加了比赛。',
    '',
  ].join('\n');
}

const heads = (text: string) => recoverPage(text).articles.map((a) => ({ kicker: a.kicker, headline: a.headline, paragraphs: a.paragraphs.map((p) => p.text) }));

test('label-short lines alone in their blocks right above an advertisement are its lettering: no kicker, no last words of the article above', () => {
  const text = page(['七', '山 货']);
  assert.deepEqual(heads(text), [
    { kicker: null, headline: '城东菜市场今起试营业', paragraphs: ['城东菜市场今天起试营业，首批入驻商户六十多家，市民可以在这里买到新鲜的蔬菜和水果。'] },
    { kicker: null, headline: '春季运动会开幕', paragraphs: ['昨天上午，市第一中学春季运动会在学校操场开幕，一千多名学生参加了比赛。'] },
  ]);
  assert.deepEqual(
    recoverPage(text).unassigned.filter((u) => u.line <= 9).map((u) => [u.line, u.reason]),
    [
      [7, 'advert'],
      [9, 'advert'],
    ],
  );
});

test('a heading-like line above an advertisement is not taken into the headline group printed under it', () => {
  const second = heads(page(['山货节限时特卖'])).find((a) => a.paragraphs.some((p) => p.includes('运动会')));
  assert.equal(second?.kicker, null);
  assert.equal(second?.headline, '春季运动会开幕');
});
