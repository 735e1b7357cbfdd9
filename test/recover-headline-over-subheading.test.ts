import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPage } from '../src/recover/index.ts';

/** Invented prose set in a column of `width` characters, each printed line its own raw line. */
function set(text: string, width = 16): string[] {
  const chars = [...text];
  const out: string[] = [];
  while (chars.length > 0) out.push(chars.splice(0, width).join(''));
  return out;
}

/**
 * A page as a reading-order extractor prints it: the first article's first column breaks off
 * mid-sentence at the column's end; the second article's headline (set vertically beside its
 * subtitle on the page) is printed there, set apart, right over the first article's next
 * subheading; the rest of the broken sentence comes after the second article's body; the
 * second article's subtitle, letter-spaced, heads its own body further down.
 */
function page(): string {
  return [
    '“三张网”织密平安防线',
    '——南岭镇派出所探索社区警务新路子',
    '',
    '本报记者 陶明远',
    '',
    ...set('今年以来，南岭镇派出所坚持把警力沉到一线，不断夯实基层基础，探索出一条社区警务的新路子，群众的安全感持续提升。'),
    '',
    '“巡逻网”守住大街小巷',
    ...set('南岭镇共有九个社区和二十个村，居住着八万多名群众，外来务工人员多，管理任务繁重。南岭的警员每天坚'),
    '',
    '青河警方侦破一起特大网络赌博案',
    '',
    '“联防网”连起千家万户',
    ...set('把居民的难处挂在心头，是南岭镇警员们每天的功课。他们每周走访商铺，听取大家的意见。'),
    '',
    ...set('如今，南岭镇每个社区都建起了联防队伍，群众参与平安建设的热情越来越高。'),
    '',
    '“科技网”跑出加速度',
    ...set('派出所整合辖区监控资源，建成智慧安防小区十二个，今年以来辖区可防性案件同比下降三成。'),
    '',
    '打 掉 一 个﹃网 络 赌 博 平 台 推 广﹄犯 罪 团 伙',
    '',
    '本报讯（记者 严晓帆）',
    ...set('近日，记者从青河县公安局获悉，该局侦破一起特大网络赌博案，共有四十余名嫌疑人落网，打掉了一个网络赌博平台推广犯罪团伙。', 8),
    ...set('今年三月，青河县公安局网安大队从一条举报入手，查到有人在网上推广赌博平台，涉案金额巨大。经过三个月的侦查，警方摸清了团伙架构，一举将其捣毁。', 8),
    '',
    ...set('持走街串巷，入户走访，及时化解矛盾纠纷，把问题解决在萌芽状态。', 8),
    '',
    '田间课堂送技术',
    '',
    '本报讯（记者 庞欣悦）',
    ...set('日前，东坡乡农技站的技术员走进田间地头，为种植户讲解果树修剪和病虫害防治技术，受到群众欢迎。'),
    '',
  ].join('\n');
}

test('recover: a headline printed set apart right over a subheading of another article heads the article it names; the line heading that article is its subtitle', () => {
  const { articles } = recoverPage(page());
  const heads = articles.map((a) => [a.headline, a.subtitle]);
  assert.deepEqual(heads, [
    ['“三张网”织密平安防线', '——南岭镇派出所探索社区警务新路子'],
    ['青河警方侦破一起特大网络赌博案', '打掉一个﹃网络赌博平台推广﹄犯罪团伙'],
    ['田间课堂送技术', null],
  ]);
  const first = articles[0].paragraphs.map((p) => p.text);
  assert.ok(!first.some((t) => t.includes('青河警方')), 'the headline left the first article');
  assert.ok(first.includes('“联防网”连起千家万户'), 'the subheading under it stays');
  assert.ok(first.some((t) => t.includes('每天坚持走街串巷')), 'the broken sentence reads on in its rest');
});

test('recover: prose broken across a blank line, filling the column, stays prose', () => {
  const text = [
    '山 村 小 学 添 新 书',
    '',
    '本报讯（记者 严晓帆）',
    ...set('近日，县图书馆向西岭村小学捐赠图书两千册，还为孩子们送去了书架和台灯。'),
    ...set('县图书馆负责人说，今后将每年为山村学校送一次书，让孩子们'),
    '',
    ...set('读上好书，图书馆', 12),
    '',
    ...set('还将组织志愿者', 12),
    ...set('到学校讲故事。'),
    '',
  ].join('\n');
  const { articles } = recoverPage(text);
  assert.equal(articles.length, 1);
});
