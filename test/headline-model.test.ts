/**
 * The headline model (src/recover/headlines.ts): the score of a run of heading lines going to an
 * article, from its features, and the assignment that gives the strongest claims first.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignHeadlines, bestAssignment, scoreOf, WEIGHTS, type Fit } from '../src/recover/headlines.ts';
import { classifyLines, splitRawLines } from '../src/recover/lines.ts';
import type { Region } from '../src/recover/segment.ts';
import { recoverPage } from '../src/recover/index.ts';

const fit = (over: Partial<Fit>): Fit => ({ shared: 0, home: false, stands: 'heading', units: 0, overByline: false, headless: false, oneUnitHeading: false, weakHeading: false, headingLeaves: false, pageApart: false, ...over });

test('a heading group naming the article it stands next to outweighs any other claim on that article', () => {
  const own = scoreOf(fit({ home: true, shared: 0.3 }));
  const other = scoreOf(fit({ shared: 1, headless: true }));
  assert.ok(own > other);
  // Right over the byline, it stays even sharing no word.
  assert.ok(scoreOf(fit({ home: true, overByline: true })) > other);
  // Otherwise only the page's order keeps it there.
  assert.equal(scoreOf(fit({ home: true, shared: 0.1 })), 0.1 + WEIGHTS.home);
});

test('a run goes elsewhere only to an article it names that may take a headline', () => {
  assert.equal(scoreOf(fit({ shared: 0.29, headless: true })), 0);
  assert.equal(scoreOf(fit({ shared: 0.6 })), 0);
  assert.equal(scoreOf(fit({ shared: 0.6, headless: true })), 0.6);
  assert.equal(scoreOf(fit({ shared: 0.6, weakHeading: true })), 0.6);
});

test('lines left in a body take a headline\'s place only from the body\'s edge, and only a headline that leaves', () => {
  assert.equal(scoreOf(fit({ stands: 'inside', shared: 0.6, weakHeading: true, headingLeaves: true })), 0);
  assert.equal(scoreOf(fit({ stands: 'edge', shared: 0.6, weakHeading: true })), 0);
  assert.equal(scoreOf(fit({ stands: 'edge', shared: 0.6, weakHeading: true, headingLeaves: true })), 0.6);
  // They head their own body only when it has no headline, and get no credit for standing there.
  assert.equal(scoreOf(fit({ stands: 'edge', home: true, shared: 0.5 })), 0);
  assert.equal(scoreOf(fit({ stands: 'edge', home: true, shared: 0.5, headless: true })), 0.5);
});

test('the strongest claim is served first, even where two weaker ones would add up to more', () => {
  // Run 0 names article 0 most clearly; run 1 names it nearly as clearly and nothing else.
  const choices = [
    { item: 0, region: 1, score: 0.4 },
    { item: 0, region: 0, score: 1 },
    { item: 1, region: 0, score: 0.9 },
  ];
  assert.deepEqual([...bestAssignment(choices)], [[0, 0]]);
  // Ties go to the earlier run.
  assert.deepEqual([...bestAssignment([{ item: 1, region: 3, score: 0.5 }, { item: 0, region: 3, score: 0.5 }])], [[0, 3]]);
});

test('heading units right after a body\'s last sentence head it on position alone, on a page that prints headlines apart, below any claim by words', () => {
  const two = scoreOf(fit({ stands: 'after', home: true, units: 2, headless: true, pageApart: true }));
  const one = scoreOf(fit({ stands: 'after', home: true, units: 1, headless: true, pageApart: true }));
  assert.ok(two > one && one > 0);
  assert.ok(two < scoreOf(fit({ home: true })));
  // Elsewhere a short line after a paragraph is prose the column cut; a continued article's
  // headline is on another page; and the units head only the body they close.
  assert.equal(scoreOf(fit({ stands: 'after', home: true, units: 2, headless: true })), 0);
  assert.equal(scoreOf(fit({ stands: 'after', home: true, units: 2, pageApart: true })), 0);
  assert.equal(scoreOf(fit({ stands: 'after', units: 2, shared: 1, headless: true, pageApart: true })), 0);
});

test('a line set apart over a subheading stands beside another article\'s one-unit heading, weaker than any other run', () => {
  const beside = scoreOf(fit({ stands: 'beside', oneUnitHeading: true, shared: 0.6 }));
  assert.ok(beside > 0 && beside < scoreOf(fit({ stands: 'after', home: true, units: 1, headless: true, pageApart: true })));
  assert.equal(scoreOf(fit({ stands: 'beside', shared: 0.6 })), 0);
  assert.equal(scoreOf(fit({ stands: 'beside', home: true, oneUnitHeading: true, shared: 0.6 })), 0);
});

test('each line goes with one run: a run taken as it stands gives way to a stronger run holding one of its lines', () => {
  const lines = [['a'], ['a', 'b'], ['b']];
  const choices = [
    { item: 0, region: 0, score: 0.5 },
    { item: 1, region: 1, score: 0.05 },
    { item: 2, region: 1, score: 0.02 },
  ];
  assert.deepEqual([...bestAssignment(choices, (i) => lines[i])], [
    [0, 0],
    [2, 1],
  ]);
});

test('on a page that prints headlines apart from their bodies, the line after an untitled body\'s last sentence heads it; elsewhere it stays in the body', () => {
  const page = [
    '南湖公园环湖步道开放',
    '',
    '本报讯（记者 孙八）昨日，南湖公园新修的环湖步道正式开放，',
    '环湖步道全长三公里，市民可以沿湖散步健身。',
    '',
    '本报讯（记者 赵六）日前，西山村举办首届农民丰收节，',
    '村民展示了自家种植的苹果和核桃。',
    '',
    '金秋时节乡间集市好热闹',
    '',
    '本报讯（记者 钱七）近日，东湖小学组织学生开展植树活动，',
    '东湖小学师生共栽下树苗两百余株。',
    '',
    '东湖小学师生植树两百余株',
  ];
  const lines = classifyLines(splitRawLines(page.join('\n')));
  const at = (...nos: number[]) => nos.map((n) => lines[n - 1]);
  const headings = (regions: Region[]) => regions.map((r) => r.heading.map((l) => l.no));
  // Every headline where cutting put it: nothing shows the page prints them apart.
  const inPlace: Region[] = [
    { lines: at(1, 3, 4), heading: at(1) },
    { lines: at(6, 7, 9), heading: [] },
  ];
  assignHeadlines(inPlace);
  assert.deepEqual(headings(inPlace), [[1], []]);
  // The last article's headline stands after its body, left there by cutting: the page prints
  // headlines after their bodies, so the line after the second body's last sentence is its headline.
  const apart: Region[] = [
    { lines: at(1, 3, 4), heading: at(1) },
    { lines: at(6, 7, 9), heading: [] },
    { lines: at(11, 12, 14), heading: [] },
  ];
  assignHeadlines(apart);
  assert.deepEqual(headings(apart), [[1], [9], [14]]);
});

test('a heading group clearly naming another article that has no headline is no direct evidence for its own; the article may take another', () => {
  // Its words shared with its own lead stay as evidence unless it names a headless article more clearly.
  assert.equal(scoreOf(fit({ home: true, shared: 0.4 })), 0.4 + WEIGHTS.home + WEIGHTS.evidence);
  assert.equal(scoreOf(fit({ home: true, shared: 0.4, namesHeadless: true })), 0.4 + WEIGHTS.home);
  assert.ok(scoreOf(fit({ home: true, shared: 0.4, namesHeadless: true })) < scoreOf(fit({ shared: 1, headless: true })));
  // …right over its byline it stays all the same.
  assert.equal(scoreOf(fit({ home: true, shared: 0.4, namesHeadless: true, overByline: true })), 0.4 + WEIGHTS.home + WEIGHTS.evidence);
  // An article whose headline leaves so may take a run that names it.
  assert.equal(scoreOf(fit({ shared: 0.8 })), 0);
  assert.equal(scoreOf(fit({ shared: 0.8, headingNamesHeadless: true })), 0.8);
});

test('headlines each printed over the wrong article go to the articles they name, a label over one going with it', () => {
  // Headlines first: a pile of two over the second article, the third article's headline (with a
  // label over it) over text of the third article printed before its credit, and the fourth
  // article without a headline.
  const text = [
    '南湖大桥今起封闭施工',
    '',
    '记者 王明',
    '',
    '东方晚报讯 记者昨日从市城建部门获悉，南湖大桥今起',
    '封闭施工，预计工期三个月，过往车辆请提前绕行。',
    '',
    '北城菜市场完成改造升级',
    '',
    '西山茶园迎来采茶季',
    '',
    '记者 李华',
    '',
    '东方晚报讯 眼下正值春茶采摘时节，西山茶园迎来采茶季，',
    '茶农们忙着采摘新茶，茶园里一派繁忙景象。',
    '',
    '提醒',
    '东湖公交新增两条线路',
    '',
    '北城菜市场营业时间调整为早六点至晚八点。',
    '',
    '记者 赵丽',
    '',
    '东方晚报讯 经过两个月的施工，北城菜市场完成改造升级，',
    '市场内新增两条通道，东湖一带的居民也专程前来选购。',
    '',
    '记者 孙强',
    '',
    '东方晚报讯 市公交集团昨日发布消息，东湖公交新增两条线路，',
    '新增线路途经东湖公园和东湖新区，方便市民出行。',
  ].join('\n');
  assert.deepEqual(
    recoverPage(text).articles.map((a) => [a.kicker, a.headline, a.subtitle]),
    [
      [null, '南湖大桥今起封闭施工', null],
      [null, '西山茶园迎来采茶季', null],
      [null, '北城菜市场完成改造升级', null],
      ['提醒', '东湖公交新增两条线路', null],
    ],
  );
});
