/**
 * Recovery of forms other papers print (made-up text, written for these tests): bylines and
 * datelines of every position, page furniture in the page head, headline-first pages whose
 * bylines close their articles, and the confidence each article records.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPageFurniture, isStandaloneByline, isTrailingCredit, parseStandaloneByline, takeInlineByline, takeTrailingByline } from '../src/recover/bylines.ts';
import { articleConfidence } from '../src/recover/confidence.ts';
import { recoverPage } from '../src/recover/index.ts';
import { classifyLines, columnWidth, splitRawLines } from '../src/recover/lines.ts';
import { blankLinesSetApart, kickerAcross } from '../src/recover/segment.ts';

test('own-line bylines of other papers', () => {
  assert.equal(isStandaloneByline('■记者 王小明 通讯员 李四 赵五'), true);
  assert.equal(isStandaloneByline('东方晚报记者 张三'), true);
  assert.equal(isStandaloneByline('新江南·江南法治报记者 钱多多'), true);
  assert.equal(isStandaloneByline('东方晚报特派北城记者 孙一'), true);
  assert.equal(isStandaloneByline('周二/摄'), true);
  assert.equal(isStandaloneByline('记者从市政府获悉，全市'), false);
  assert.deepEqual(
    parseStandaloneByline('■记者 王小明 通讯员 李四 赵五').contributors.map((c) => [c.name, c.role]),
    [['王小明', 'reporter'], ['李四', 'correspondent'], ['赵五', 'correspondent']],
  );
  assert.equal(parseStandaloneByline('东方晚报记者 张三').byline, '东方晚报记者 张三');
});

test('datelines with a place, an agency or a paper name open the article', () => {
  assert.equal(takeInlineByline('本报南城3月8日电（记者王五）今天上午')?.rest, '今天上午');
  assert.equal(takeInlineByline('新华社北城1月5日电 记者从会上获悉')?.parsed.byline, '新华社北城1月5日电');
  assert.equal(takeInlineByline('东方晚报讯 近日，市里')?.rest, '近日，市里');
  assert.equal(takeInlineByline('本报讯 近年来，该县')?.parsed.byline, '本报讯');
  assert.equal(takeInlineByline('据本报讯，近日'), null);
  // A credit without brackets closed by 报道, letter-spaced as extractors print it.
  const reported = takeInlineByline('本 报 讯 东 方 晚 报 记 者 王 五 报 道 昨日，市里');
  assert.equal(reported?.parsed.byline, '本报讯 东方晚报记者王五报道');
  assert.deepEqual(reported?.parsed.contributors.map((c) => c.name), ['王五']);
  assert.equal(reported?.rest, '昨日，市里');
  assert.equal(takeInlineByline('本报讯 记者从会上获悉，报道称')?.rest, '记者从会上获悉，报道称');
});

test('trailing credits close the article', () => {
  assert.equal(isTrailingCredit('（王 五）'), true);
  assert.equal(isTrailingCredit('（一）'), false);
  const t = takeTrailingByline('活动圆满结束。（赵 六）');
  assert.equal(t?.byline, '（赵 六）');
  assert.equal(t?.rest, '活动圆满结束。');
  assert.equal(takeTrailingByline('见附件（二）'), null);
});

test('page furniture: spaced dates, weekdays, editor and contact lines, folios', () => {
  for (const line of ['2030 年 1 月 2 日 星期三', '2030.1.2 星期三', '星期三', '责编：某某 版式：某某甲 检校：某乙', '统筹 某某 责编 某某甲', '邮箱：news@example.com', '新闻热线：0000-1234567', 'A06', '12']) {
    assert.equal(isPageFurniture(line), true, line);
  }
  for (const line of ['2030 年 1 月 2 日，某某因家庭琐事', '编辑部的同志们', '全县共有 12 个乡镇']) {
    assert.equal(isPageFurniture(line), false, line);
  }
});

/** A headline-first page as a layout-ordering extractor prints it: blocks apart, byline after the body. */
const HEADLINE_FIRST = [
  '2030 年 1 月 2 日 星期三',
  '',
  '9',
  '',
  '城市新闻',
  '',
  '小城开通首条公交线路',
  '',
  '本报讯 近日，小城首条公交线',
  '路正式开通运营，全程十二公里',
  '设站二十个。',
  '',
  '市民纷纷表示出行方便多了。',
  '',
  '（王 五）',
  '',
  '老街改造完成',
  '',
  '经过半年施工，老街改造工程日',
  '前全部完成，沿街店铺陆续开业',
  '迎客。',
  '',
  '东方晚报记者 张三',
  '',
  '河边公园向市民开放',
  '',
  '东方晚报讯 河边公园昨日起向',
  '市民免费开放，园内新种树木三',
  '千余株。',
].join('\n');

test('a headline-first page: furniture apart, trailing bylines close their articles', () => {
  const page = recoverPage(HEADLINE_FIRST);
  assert.equal(page.headlinePosition, 'before');
  assert.deepEqual(
    page.articles.map((a) => [a.headline, a.byline, a.paragraphs.length]),
    [
      ['小城开通首条公交线路', '本报讯 （王 五）', 2],
      ['老街改造完成', '东方晚报记者 张三', 1],
      ['河边公园向市民开放', '东方晚报讯', 1],
    ],
  );
  assert.deepEqual(page.unassigned.map((u) => u.line), [1, 3, 5]);
  assert.equal(page.articles[0].paragraphs[1].text, '市民纷纷表示出行方便多了。');
});

test('layout confidence: each doubt costs, and is named', () => {
  const sure = articleConfidence({ hasHeadline: true, headlineNextToByline: true, hasByline: true, hasBody: true, orderMargin: 3, longestParagraphLines: 5 });
  assert.deepEqual(sure, { confidence: 1, doubts: [] });
  const weak = articleConfidence({ hasHeadline: true, headlineNextToByline: false, hasByline: false, hasBody: true, orderMargin: 0, longestParagraphLines: 5 });
  assert.deepEqual(weak.doubts, ['headline-not-next-to-byline', 'no-byline', 'headline-order-by-habit']);
  assert.ok(weak.confidence < 0.6 && weak.confidence > 0);
  const page = recoverPage(HEADLINE_FIRST);
  assert.ok(page.articles.every((a) => a.layoutConfidence > 0 && a.layoutConfidence <= 1));
  assert.ok(page.articles[2].layoutConfidence >= page.articles[1].layoutConfidence, 'a headline next to its dateline is surer');
});

test('reflow stays linear on a paragraph of many short lines', () => {
  // 20,000 one-character lines in one paragraph: quadratic joins would take minutes.
  const text = Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? '“' : '字')).join('\n');
  const page = recoverPage(text);
  assert.equal(page.articles.length, 1);
  assert.equal([...page.articles[0].paragraphs.map((p) => p.text).join('')].length, 20_000);
});

test('a pile of headlines printed after the articles goes to the articles whose words they share', () => {
  // Content-stream order: two untitled news items, then both headlines together, then a notice.
  const text = [
    '本报讯 近日，东湖小学组织学生开展',
    '植树活动，师生共栽下树苗两百余株。',
    '',
    '（李 明）',
    '',
    '本报讯 日前，西山村举办农民丰收节，',
    '村民展示了自家种植的苹果和核桃。',
    '',
    '（王 芳）',
    '',
    '东湖小学师生植树两百余株',
    '',
    '西山村举办农民丰收节',
    '',
    '某某县人民法院公告',
    '',
    '张三：本院受理原告李四诉你借款纠纷一案，现依法向你公告送达起诉状副本。',
    '',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(page.articles.map((a) => a.headline), ['东湖小学师生植树两百余株', '西山村举办农民丰收节']);
  assert.ok(page.articles.every((a) => a.layoutDoubts.includes('headline-away-from-article')));
  const reasons = new Map(page.unassigned.map((u) => [u.line, u.reason]));
  assert.equal(reasons.get(15), 'notice');
  assert.equal(reasons.get(17), 'notice');
  assert.equal(reasons.get(11), 'displaced-headline');
  assert.equal(reasons.get(13), 'displaced-headline');
});

test('a headline whose first line is only its subject is one headline; a bare dateline reads before the credit above it', () => {
  const text = [
    '某某州农业农村局',
    '',
    '推进高标准农田建设工作',
    '',
    '■记者 张华',
    '',
    '某某晚报讯 今年以来，该局新建高标准农田三万亩，',
    '带动农户增收。',
    '',
  ].join('\n');
  const [article] = recoverPage(text).articles;
  assert.equal(article.headline, '某某州农业农村局推进高标准农田建设工作');
  assert.equal(article.kicker, null);
  assert.equal(article.byline, '某某晚报讯 ■记者 张华');
});

test('a run of short cells holding figures is a table, not an article', () => {
  const cells = ['城市', '今天', '明天', '甲市', '晴', '12~3', '乙市', '多云', '10~1', '丙市', '阴', '9~2'];
  const page = recoverPage(['本报讯 今天全市晴到多云，气温回升。', '', ...cells].join('\n'));
  assert.equal(page.articles.length, 1);
  assert.ok(page.unassigned.filter((u) => u.reason === 'table').length === cells.length);
});

test('a caption and its photo credit inside an article, and an advert block of price tags, are furniture', () => {
  const text = [
    '东湖小学师生植树两百余株',
    '',
    '本报讯（记者 李明）近日，东湖小学组织学生开展植树活动，',
    '师生共栽下树苗两百余株，校园里一片忙碌的景象，孩子们',
    '',
    '师生们分组挖坑、扶苗、培土、浇水。',
    '',
    '学校供图',
    '',
    '干劲十足。活动结束后，学校还为每棵树挂上了名牌。',
    '',
    '人参',
    '会员价：2.5 元/克',
    '特价：0.9 元/克',
    '',
  ].join('\n');
  const page = recoverPage(text);
  assert.equal(page.articles.length, 1);
  assert.deepEqual(page.articles[0].paragraphs.map((p) => p.text), ['近日，东湖小学组织学生开展植树活动，师生共栽下树苗两百余株，校园里一片忙碌的景象，孩子们干劲十足。活动结束后，学校还为每棵树挂上了名牌。']);
  assert.deepEqual(page.unassigned.map((u) => [u.line, u.reason]), [[12, 'advert'], [13, 'advert'], [14, 'advert']]);
  // The caption lines lie inside the article's range: left out of its text, not listed again.
  assert.ok(page.articles[0].lineStart <= 6 && page.articles[0].lineEnd >= 8);
});

test('lettering drawn large in an advert, read glyph by glyph, takes its block out of the article above', () => {
  const text = [
    '东湖小学师生植树两百余株',
    '',
    '本报讯（记者 李明）近日，东湖小学组织学生开展植树活动，',
    '师生共栽下树苗两百余株，校园里一片忙碌的景象。',
    '',
    '人参 鹿茸',
    '灵芝 天麻等8888888888元起',
    '特惠特惠特惠参参参参参参参参参',
    '',
  ].join('\n');
  const page = recoverPage(text);
  assert.equal(page.articles.length, 1);
  assert.equal(page.articles[0].paragraphs.length, 1);
  assert.deepEqual(page.unassigned.map((u) => [u.line, u.reason]), [[6, 'advert'], [7, 'advert'], [8, 'advert']]);
});

test('a figure printed many times in a row is drawn lettering; a small block between two parts of an advert is the advert\'s', () => {
  const text = [
    '东湖小学师生植树两百余株',
    '',
    '本报讯（记者 李明）近日，东湖小学组织学生开展植树活动，',
    '师生共栽下树苗两百余株，校园里一片忙碌的景象。',
    '',
    '人参 鹿茸',
    '灵芝 天麻等5555555555555555元起',
    '',
    '优惠日期:5月1日-5月3日',
    '',
    '★',
    '',
    '会员价：2.5 元/克',
    '特价：0.9 元/克',
    '',
  ].join('\n');
  const page = recoverPage(text);
  assert.equal(page.articles.length, 1);
  assert.deepEqual(page.articles[0].paragraphs.map((p) => p.text), ['近日，东湖小学组织学生开展植树活动，师生共栽下树苗两百余株，校园里一片忙碌的景象。']);
  assert.deepEqual(
    page.unassigned.filter((u) => u.reason === 'advert').map((u) => u.line),
    [6, 7, 9, 13, 14],
  );
  // A number's own run of zeros is no lettering.
  const sum = recoverPage(text.replace('5555555555555555元起', '1000000元'));
  assert.ok(!sum.unassigned.some((u) => u.line === 7 && u.reason === 'advert'));
});

test('a headline printed after a picture\'s caption, under a kicker set across the columns, heads its article; the subheading block after it stays in the body', () => {
  // Deck, credit and a caption, then the kicker across the columns, the headline in one block of
  // two clauses, and the first section's subheading; every prose line stands apart.
  const text = [
    'A08',
    '',
    '新学期开学在即，东湖新区的孩子们将走进崭新的校园。',
    '',
    '今年以来，东湖新区加快推进学校建设，多所新建学校',
    '',
    '即将投入使用，周边居民十分期待。',
    '',
    '新区学校建设进展如何？记者近日进行了实地探访。',
    '',
    '东方晚报记者 王明 李华/文',
    '',
    '东 湖 新 区 第 一 小 学 效 果 图',
    '',
    '东湖新区今年新建学校十所，将在九月一日开学时全部投入使用',
    '',
    '新区新建学校十所',
    '孩子就近上学更方便',
    '',
    '新校舍年内交付',
    '工程进入收尾阶段',
    '',
    '近日，在东湖新区第一小',
    '',
    '学的建设现场，只见教学楼已经',
    '',
    '封顶，工人们正在进行外墙装饰',
    '',
    '和室内装修，现场一片繁忙。',
    '',
    '“主体工程已经完成，九月一日',
    '前将全部交付使用。”项目负责',
    '',
    '人介绍说，学校建成后可提供学',
    '',
    '位两千多个，将有效缓解周边孩',
    '',
    '子的上学难题。',
    '',
    '新区还将配套建设图书馆、体育馆、游泳馆、文化活动中心和社区服务中心等一批公共设施',
    '',
    '惠及',
    '',
    '周边三个街道的居民，让大家在',
    '',
    '家门口就能享受到优质服务。',
    '',
    '据了解，新区其余九所学校也',
    '',
    '在加紧建设之中，预计年内全部',
    '',
    '完工，新增学位超过一万个。',
  ].join('\n');
  assert.deepEqual(
    recoverPage(text).articles.map((a) => [a.kicker, a.headline]),
    [['东湖新区今年新建学校十所，将在九月一日开学时全部投入使用', '新区新建学校十所 孩子就近上学更方便']],
  );
});

test('a line set across the columns over a word or two alone is no kicker: the piece is part of a line an extractor split', () => {
  const lines = classifyLines(splitRawLines(['近日，新区学校建设进入收尾阶段。', '', '新区还将配套建设图书馆、体育馆和社区服务中心等公共设施', '', '惠及', '', '新区学校建设进展顺利'].join('\n'))).filter((l) => l.kind !== 'blank');
  // Even where the piece reads as a heading (it stands apart, no clause in it).
  lines[2] = { ...lines[2], headingLike: true };
  assert.equal(kickerAcross(lines, 1, 12), 0);
  lines[2] = lines[3];
  assert.equal(kickerAcross(lines, 1, 12), 1);
});

test('printed lines cut into pieces at their commas are measured whole: a sentence ending a full line goes on', () => {
  // Printed 16 to a line: 今年以来，全市各街道组织志愿者走 / 进社区，开展宣传活动一百余场次。 / …
  const pieces = [
    '垃圾分类宣传进社区',
    '本报记者 王明',
    '今年以来，',
    '全市各街道组织志愿者走',
    '进社区，',
    '开展宣传活动一百余场次。',
    '活动现场，',
    '志愿者们向居民讲解分类',
    '知识，',
    '发放宣传资料三千余份。',
    '下一步，',
    '各街道将继续开展宣传',
    '活动，',
    '让垃圾分类成为居民的生活习',
    '惯，',
    '推动全市生活垃圾减量工作再上',
    '新台阶。',
  ];
  const page = recoverPage(pieces.join('\n'));
  assert.equal(page.articles.length, 1);
  assert.deepEqual(page.articles[0].paragraphs.map((p) => [p.lineStart, p.lineEnd]), [[3, 10], [11, 17]]);
});

test('the speaker named on the line after a closed quotation stays in its paragraph, however short the line', () => {
  const text = [
    '图书馆延长周末开放时间',
    '',
    '本报讯（记者 王明）近日，市图书馆',
    '宣布周末开放时间延长两个小时，方',
    '便读者借阅。',
    '“以前周末总是找不到座位，',
    '现在晚上也能来看书了，真是方便了',
    '许多，我们学生都盼着这一天。”',
    '一位读者说。',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(page.articles[0].paragraphs.map((p) => [p.lineStart, p.lineEnd]), [[3, 5], [6, 9]]);
});

test('headlines first: the headline before a byline is what stands apart, not the prose line cut by the column above it', () => {
  const text = [
    '北城图书馆新馆开放',
    '',
    '本报记者 王明',
    '',
    '今年以来，北城图书馆新馆建设进',
    '展顺利，馆内藏书已达三十万册，',
    '阅览座位一千二百个，读者可以通',
    '过自助机办理借阅和归还手续方',
    '',
    '东湖公园完成改造',
    '——新增步道三公里',
    '',
    '本报记者 李华',
    '',
    '近日，东湖公园改造工程完成验收，',
    '公园新增步道三公里，绿地一万平方',
    '米，周边居民纷纷前来散步游玩。',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.lineStart, a.lineEnd, a.headline, a.subtitle]),
    [
      [1, 8, '北城图书馆新馆开放', null],
      [10, 17, '东湖公园完成改造', '——新增步道三公里'],
    ],
  );
});

test('a title spaced out letter by letter, alone in its block, whose words are those of the text under it, heads an article of its own', () => {
  const text = [
    '北城图书馆新馆开放',
    '',
    '本报记者 王明',
    '',
    '今年以来，北城图书馆新馆建设进',
    '展顺利，馆内藏书已达三十万册，',
    '阅览座位一千二百个，读者可以通',
    '过自助机办理借阅和归还手续。',
    '',
    '社 区 食 堂 ：让 老 人 吃 上 热 乎 饭',
    '',
    '走进南街社区食堂，老人们正围坐',
    '在餐桌旁吃午饭。社区食堂每天为',
    '辖区老人提供热乎饭菜，老人吃饭',
    '只需支付一半费用，食堂还为行动',
    '不便的老人送餐上门。',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.lineStart, a.lineEnd, a.headline]),
    [
      [1, 8, '北城图书馆新馆开放'],
      [10, 16, '社区食堂：让老人吃上热乎饭'],
    ],
  );
});

test('the column is measured on lines of ideographs: lines of codes and figures, counted at half width, measure short', () => {
  const lines = classifyLines(
    splitRawLines(
      [
        '本市公布一批新开通的公交线路，市民',
        '可以通过手机查询每条线路的首末班车',
        '时间和途经站点，线路编号分别为：K',
        'A1B2C3、D4E5F6、G7H8J9、K1L2M3',
        'N4P5Q6、R7S8T9、U1V2W3、X4Y5Z6',
        'A7B8C9、D1E2F3、G4H5J6、K7L8M9',
        'N1P2Q3、R4S5T6、U7V8W9、X1Y2Z3',
        'A4B5C6、D7E8F9、G1H2J3、K4L5M6',
        '共计二十余条，部分线路在早晚高峰',
        '时段加密班次，方便沿线居民的出行。',
      ].join('\n'),
    ),
  );
  assert.equal(columnWidth(lines), 17);
});

test('a headline broken at its comma, above a dateline, is one headline without a space', () => {
  const page = [
    '全市夏粮收购工作启动',
    '本报讯（记者 张三）今天，全市夏粮收购',
    '工作正式启动，各收购点人头攒动，一派',
    '繁忙景象。据了解，今年收购价格稳中有',
    '升，农民售粮积极性很高。',
    '',
    '春风进万家，',
    '服务在身边',
    '本报讯（记者 王五）近日，某社区在广场上',
    '开展便民服务活动，为居民义诊、理发、',
    '修理家电，受到群众欢迎。',
    '活动持续了一整天，来参加的居民络绎不',
    '绝，大家纷纷点赞。',
  ].join('\n');
  const { articles } = recoverPage(page);
  assert.deepEqual(articles.map((a) => a.headline), ['全市夏粮收购工作启动', '春风进万家，服务在身边']);
});

test('headlines first: a headline, its own-line credit, a few lines, then a dateline are one article that reads from the dateline', () => {
  // The extractor printed the end of the article (from the column beside its start) before the dateline.
  const text = [
    '东湖公园完成改造',
    '',
    '■记者 王明 通讯员 李华',
    '',
    '园方表示，下一步将继续完善周边配',
    '套设施，让市民有更好的游园体验。',
    '',
    '东城晚报讯 近日，东湖公园改造工程',
    '完成验收，公园新增步道三公里，绿地',
    '一万平方米，周边居民纷纷前来散步游',
    '玩。改造期间，园方还新建了两座公共',
    '卫生间和一处儿童游乐场。',
    '',
    '北城图书馆新馆开放',
    '',
    '■记者 赵丽',
    '',
    '东城晚报讯 昨日，北城图书馆新馆正式',
    '开放，馆内藏书已达三十万册，阅览座',
    '位一千二百个，读者可以通过自助机办',
    '理借阅和归还手续。',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(page.articles.map((a) => [a.lineStart, a.lineEnd, a.headline]), [[1, 12, '东湖公园完成改造'], [14, 21, '北城图书馆新馆开放']]);
  assert.deepEqual(page.articles[0].paragraphs.map((p) => [p.lineStart, p.lineEnd]), [[8, 12], [5, 6]], 'the text reads from the dateline, the lines before it last');
});

test('blank lines set blocks apart only where most lines are not followed by one', () => {
  const lines = (text: string) => classifyLines(splitRawLines(text)).filter((l) => l.kind !== 'blank');
  const blocks = '标题一行\n\n正文第一行文字\n正文第二行文字\n正文第三行文字\n\n另一篇的标题\n正文第四行文字\n正文第五行文字';
  assert.equal(blankLinesSetApart(lines(blocks)), true);
  // an extractor that writes each printed line as its own block
  const everyLine = blocks.split('\n').filter((l) => l !== '').join('\n\n');
  assert.equal(blankLinesSetApart(lines(everyLine)), false);
});
