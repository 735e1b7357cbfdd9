/**
 * Recovery of pages as other extractors print them (made-up text, written for these tests):
 * `pdftotext -raw` (no blank lines, content-stream order, lines cut at quotation marks and
 * commas), `pdftotext` in reading order and `mutool`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recoverPage } from '../src/recover/index.ts';
import { classifyLines, creditAfterLastLine, splitRawLines } from '../src/recover/lines.ts';
import { assignHeadlines, headingLinesOf } from '../src/recover/headlines.ts';
import { isPageFurniture } from '../src/recover/bylines.ts';

test('pdftotext -raw: a vertical headline among other lines and a headline cut at its quotation are one headline each', () => {
  // No blank lines; two untitled news items, then their headlines in a pile, one set vertically.
  const text = [
    '本报讯 近日，东湖小学组织学生开展',
    '植树节主题活动，师生共栽下树苗两百余株，',
    '校园里处处是忙碌的身影。',
    '（李 明）',
    '本报讯 日前，西山村举办首届农民丰收节，',
    '村民展示了自家种植的苹果和核桃，',
    '吸引了不少游客前来选购。',
    '（王 芳）',
    '东湖小学开展',
    '“植树节”',
    '活动',
    '西',
    '山',
    '村',
    '丰',
    '收',
    '节',
  ].join('\n');
  const lines = classifyLines(splitRawLines(text));
  assert.ok(lines.slice(11).every((l) => l.vertical));
  assert.equal(headingLinesOf(lines.slice(8, 11)).length, 1);
  const page = recoverPage(text);
  assert.deepEqual(page.articles.map((a) => a.headline), ['东湖小学开展“植树节”活动', '西山村丰收节']);
});

test('mutool: headlines printed after the bodies go to the articles they name; the one left without a headline takes the lines right after its last sentence', () => {
  // Content-stream order on a headline-first page: the last item's kicker and headline after its
  // body, then the headlines of two items above, which share their words.
  const text = [
    '社区义诊进楼院',
    '',
    '■记者 钱七',
    '',
    '东方晚报讯 近日，市人民医院医生走进北街社区，',
    '为居民免费测量血压、讲解用药知识。',
    '',
    '■记者 王五',
    '',
    '东方晚报讯 近日，东湖小学组织学生开展植树活动，',
    '东湖小学师生共栽下树苗两百余株，校园绿化覆盖率明显提高。',
    '',
    '■记者 孙八',
    '',
    '东方晚报讯 昨日，南湖公园新修的环湖步道正式开放，',
    '环湖步道全长三公里，市民可以沿湖散步健身。',
    '',
    '■记者 赵六',
    '',
    '东方晚报讯 日前，西山村',
    '举办首届农民丰收节，村民',
    '展示了自家种植的苹果、核',
    '桃和板栗，吸引了不少城里',
    '游客前来选购。',
    '',
    '看过来',
    '',
    '金秋时节乡间集市好热闹',
    '',
    '东湖小学师生植树两百余株',
    '',
    '南湖公园环湖步道开放',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.kicker, a.headline]),
    [
      [null, '社区义诊进楼院'],
      [null, '东湖小学师生植树两百余株'],
      [null, '南湖公园环湖步道开放'],
      ['看过来', '金秋时节乡间集市好热闹'],
    ],
  );
});

test('a credit closing the last sentence, on its line or broken over two, ends an article whose headline another article takes; each headline goes where its words are', () => {
  // Headlines after bodies by the page's edges, but each stands over the item it names: the
  // first one leaves the untitled item above it for the item below, whose own leaves for the next.
  for (const credit of [['小木牌。（李 明）'], ['小木牌。', '（ 李 明', '王 芳 ）']]) {
    const text = [
      '为迎接植树节，北湖中学组织学生',
      '在校园内栽种树苗三十余株，并为',
      `每棵树挂上了写有名字的${credit[0]}`,
      ...credit.slice(1),
      '',
      '东湖小学师生植树两百余株',
      '',
      '本报讯（记者 王五）近日，东湖',
      '小学组织师生开展植树活动，东湖',
      '小学师生共栽下树苗两百余株，校',
      '园绿化覆盖率明显提高。',
      '',
      '西山村举办首届农民丰收节',
      '',
      '本报讯（记者 赵六）日前，西山',
      '村举办首届农民丰收节，村民展示',
      '了自家种植的苹果和核桃，西山村',
      '农民丰收节吸引了不少游客。',
    ].join('\n');
    const page = recoverPage(text);
    assert.deepEqual(page.articles.map((a) => a.headline), [null, '东湖小学师生植树两百余株', '西山村举办首届农民丰收节'], credit.join(' / '));
  }
  const lines = classifyLines(splitRawLines('活动圆满结束。\n（ 李 明\n王 芳 ）\n'));
  assert.deepEqual(lines.map((l) => [l.headingLike, l.endsSentence]), [[false, true], [false, false], [false, true]]);
});

test('pdftotext -raw: figures printed as lines of their own are pieces of a number in the sentence, not folios', () => {
  const lines = classifyLines(splitRawLines(['本报讯 近日，东湖小学于', '5', '月 1', '8', '日组织学生植树，共栽下', '2', '0', '0', '余株。', '7', '要闻'].join('\n')));
  assert.deepEqual(lines.map((l) => l.kind), ['inline-byline', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'furniture', 'furniture']);
  // `月 1` is cut in the middle of a date: no heading.
  assert.equal(lines[2].headingLike, false);
});

test('pdftotext -raw: figures after a decimal point cut off alone, or before a closing quotation mark alone, are pieces of the number', () => {
  const lines = classifyLines(splitRawLines(['本报讯 “3', '.', '1', '5”当天，西湖社区于', '上午 9', ':', '3', '0', '”', '开展消费维权宣传活动。', '7', '要闻'].join('\n')));
  assert.deepEqual(lines.map((l) => l.kind).slice(0, 10), Array(10).fill('text').map((k, i) => (i === 0 ? 'inline-byline' : k)));
  // A folio at the page foot is still furniture.
  assert.deepEqual(lines.slice(10).map((l) => l.kind), ['furniture', 'furniture']);
});

test('pdftotext -raw: a photo credit cut after its slash closes what is above; a short line cut before a quotation opens a headline of its own', () => {
  const lines = classifyLines(splitRawLines(['游客在花海中拍照留念。', '张伟/', '摄', '花海迎客来', '我市', '“赏花经济”', '持续升温', '本报讯（记者 李 华）近日，记者走访多个景区了解到，', '前来赏花的游客络绎不绝。'].join('\n')));
  // Neither half of the credit is a heading; its second half ends what is above.
  assert.deepEqual([lines[1].headingLike, lines[2].headingLike, lines[2].endsSentence], [false, false, true]);
  // The photo's title and the next headline are two units, not one headline broken after the title.
  assert.deepEqual(headingLinesOf(lines.slice(3, 7)).map((u) => u.map((l) => l.text).join('')), ['花海迎客来', '我市“赏花经济”持续升温']);
  // A headline broken after a short first piece still runs on into its quotation.
  const broken = classifyLines(splitRawLines(['东湖小学开展', '“植树节”', '活动'].join('\n')));
  assert.equal(headingLinesOf(broken).length, 1);
});

test('pdftotext -raw, headlines after bodies: a credit right after a sentence end with a headline directly under it closes the article above with that headline', () => {
  // Content-stream order, no blank lines: body, credit, kicker and headline, then the next article's text.
  const text = [
    '东湖公园的樱花林已进入盛花期，',
    '公园管理处增派了保洁人员，',
    '并在入口处设置了分流引导牌。',
    '管理处提醒游客文明赏花，',
    '不要攀折花枝。',
    '东方晚报记者 王小明',
    '东湖樱花进入盛花期',
    '赏花游客一天超过两万人',
    '本周东湖公园迎来赏花高峰，',
    '周末单日游客超过两万人次。',
    '西山村的农民专业合作社今年种下了',
    '三百亩高山茶园，',
    '预计明年春天就能采摘第一批新茶。',
    '合作社负责人表示，',
    '茶园将带动村里四十多户增收。',
    '东方晚报特派记者 李大成',
    '西山村三百亩茶园助农增收',
    '走进西山村，',
    '满山的茶树郁郁葱葱。',
    '北湖小学的学生们走进田间，',
    '跟着农技员学习插秧。',
    '北湖小学开展农耕体验课',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.kicker, a.headline, a.byline]),
    [
      ['东湖樱花进入盛花期', '赏花游客一天超过两万人', '东方晚报记者 王小明'],
      [null, '西山村三百亩茶园助农增收', '东方晚报特派记者 李大成'],
      [null, '北湖小学开展农耕体验课', null],
    ],
  );
  assert.deepEqual(page.articles.map((a) => [a.lineStart, a.lineEnd]), [[1, 8], [9, 17], [18, 22]]);
});

test('pdfminer defaults: a credit under its headline, a mark and a piece split off the headline, then the dateline open one article', () => {
  // The byline's mark (`■`) and a piece of the headline stand apart between credit and dateline.
  const text = [
    '东湖小学师生植树两百余株',
    '',
    '记者 王五 通讯员 李四',
    '',
    '■',
    '',
    '两百余株',
    '',
    '东方晚报讯 近日，东湖小学',
    '组织师生开展植树活动，师生',
    '共栽下树苗两百余株，校园绿',
    '化覆盖率明显提高。',
    '',
    '西山村举办首届农民丰收节',
    '',
    '记者 赵六',
    '',
    '■',
    '',
    '东方晚报讯 日前，西山村举办',
    '首届农民丰收节，村民展示了',
    '自家种植的苹果和核桃。',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.headline, a.byline]),
    [
      // The mark printed apart leads its credit again, as printed (`■记者 X`).
      ['东湖小学师生植树两百余株', '东方晚报讯 ■记者 王五 通讯员 李四'],
      ['西山村举办首届农民丰收节', '东方晚报讯 ■记者 赵六'],
    ],
  );
  assert.equal(classifyLines(splitRawLines(text)).find((l) => l.text === '■')?.kind, 'furniture');
});

test('a headline closed by its own mark is no half of a pair or of a broken headline: a pile of headlines stays apart', () => {
  const lines = classifyLines(splitRawLines(['西山公园迎客来', '', '夏粮丰收了！', ''].join('\n'))).filter((l) => l.kind !== 'blank');
  assert.equal(headingLinesOf(lines).length, 2);
  const pair = classifyLines(splitRawLines(['东湖步道今起开放', '夏粮丰收了！'].join('\n')));
  assert.equal(headingLinesOf(pair).length, 2);
});

test('mutool: a headline and deck printed after an article\'s credit are that article\'s when the deck shares its words; a credit above a dateline naming another reporter closes the article above', () => {
  // Content-stream order: body, credit, headline, the deck set across the columns, then the next
  // article's narrow column; its credit, a dateline with a credit of its own, and a pile of headlines.
  const text = [
    '步道全线贯通',
    '',
    '东湖步道改造工程从去年秋天开',
    '工，施工方先后铺设了透水路面、',
    '修建了观景平台和休息座椅，沿',
    '途还种植了樱花和海棠。',
    '',
    '据介绍，东湖步道全长十二公里，',
    '改造后增设了夜间照明和饮水点，',
    '方便市民晨练和夜跑。',
    '',
    '东方晚报记者 王五',
    '',
    '东湖步道改造完工',
    '',
    '东湖步道改造工程日前全部完工，全长十二公里的步道增设了观景平台、夜间照明和饮水点。',
    '市民可以沿湖散步健身。',
    '',
    '西山村举办首届农民丰收节，村',
    '民展示了自家种植的苹果和核桃，',
    '吸引了不少城里游客前来选购。',
    '',
    '丰收节期间，村里还安排了农事',
    '体验和民俗表演，游客可以亲手',
    '采摘果实。',
    '',
    '东方晚报记者 钱七',
    '',
    '本报讯 东方晚报记者赵六报道 昨日，市图书馆新馆正式开放，',
    '新馆藏书八十万册，设有少儿阅览',
    '区和自习区，每天开放十二小时。',
    '',
    '市图书馆新馆今起开放迎读者',
    '',
    '西山村农民过丰收节',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.headline, a.byline]),
    [
      ['东湖步道改造完工', '东方晚报记者 王五'],
      ['西山村农民过丰收节', '东方晚报记者 钱七'],
      ['市图书馆新馆今起开放迎读者', '本报讯 东方晚报记者赵六报道'],
    ],
  );
  // The deck reads first.
  assert.ok(page.articles[0].paragraphs[0].text.startsWith('东湖步道改造工程日前全部完工'));
});

test('the page head printed as one block amid the articles: letter-spaced date and editor lines, and the short labels against them, are furniture', () => {
  assert.equal(isPageFurniture('2030.1.2 星 期 三'), true);
  assert.equal(isPageFurniture('责 任 编 辑 ：某 某 某 / 版 式 设 计 ：某 某 甲'), true);
  assert.equal(isPageFurniture('东 湖 小 学 师 生 植 树'), false);
  const lines = classifyLines(splitRawLines(['活动圆满结束。', '', '2030.1.2 星 期 三', '', '责 任 编 辑 ：某 某 某', '王 五', '要闻', '7', 'N E W', 'S I T Y', '', '简讯', ''].join('\n')));
  assert.deepEqual(
    lines.filter((l) => l.kind !== 'blank').map((l) => l.kind),
    ['text', 'furniture', 'furniture', 'furniture', 'furniture', 'furniture', 'furniture', 'furniture', 'text'],
  );
});

test('pdftotext -raw: a headline cut at its brackets and a kicker cut at its quotation are one line each', () => {
  const lines = classifyLines(splitRawLines(['东湖公园', '（', '北区', '）', '今起开放', '南湖两岸新建12座凉亭启用', '“智慧灯杆”', '夜间照明更亮堂'].join('\n')));
  assert.ok(lines.every((l) => l.headingLike));
  assert.deepEqual(
    headingLinesOf(lines).map((unit) => unit.map((l) => l.text).join('')),
    ['东湖公园（北区）今起开放', '南湖两岸新建12座凉亭启用“智慧灯杆”夜间照明更亮堂'],
  );
});

test('pdftotext -raw: a headline broken after its colon, editors\' credits cut at each colon, a folio before its label and a caption ending on its credit', () => {
  const text = [
    '本报讯 近日，东湖小学组织学生开展植树活动，',
    '师生共栽下树苗两百余株。',
    '某区教育：',
    '植树添绿美校园',
    '本报讯 日前，西山村举办首届农民丰收节，',
    '村民展示了自家种植的苹果和核桃。',
    '8 要闻',
    '邮箱：',
    'news@example.com 新闻热线：',
    '0000-1234567 责编：',
    '某某 版式：',
    '某某甲',
    '游客在果园采摘。9 月 6 日，',
    '西山村的果园迎来采摘季。 东方晚报通讯员 某某乙 摄',
  ].join('\n');
  const lines = classifyLines(splitRawLines(text));
  assert.deepEqual(
    lines.map((l) => (l.kind === 'furniture' ? l.furniture ?? 'furniture' : l.headingLike ? 'heading' : l.kind)),
    ['inline-byline', 'text', 'heading', 'heading', 'inline-byline', 'text', 'furniture', 'furniture', 'furniture', 'furniture', 'furniture', 'furniture', 'caption', 'caption'],
  );
  assert.equal(headingLinesOf(lines.slice(2, 4)).length, 1);
});

test('pdftotext: a kicker cut at its quotation counts as one line of the headline group above the credit', () => {
  const text = [
    '南湖两岸新建 12 座凉亭启用',
    '“智慧灯杆”',
    '夜间照明更亮堂',
    '',
    '凉亭灯杆今起亮灯',
    '■记者 王五',
    '东方晚报讯 近日，南湖两岸新建的十二座凉亭',
    '全部完工，凉亭旁的智慧灯杆也在当晚亮灯。',
    '',
    '市民在凉亭里休息、下棋，十分惬意。',
  ].join('\n');
  const [article] = recoverPage(text).articles;
  assert.equal(article.kicker, '南湖两岸新建12座凉亭启用“智慧灯杆”夜间照明更亮堂');
  assert.equal(article.headline, '凉亭灯杆今起亮灯');
  assert.equal(isPageFurniture('某某甲 美 编：'), true);
});

test('pdftotext: a page opening on a kicker and a headline set apart by a blank line prints headlines first, though it ends on a headline', () => {
  // Reading order: the first article's kicker and headline, its body run straight under them;
  // the page ends on the headline of a piece whose body the extractor printed elsewhere.
  const text = [
    '东湖区全面推行垃圾分类',
    '',
    '新建分类站点 居民积分可兑换',
    '今年以来，东湖区在全区推行生活垃圾',
    '分类，新建分类投放站点三百余个，居民',
    '按要求投放可获得积分，积分可兑换日用',
    '品。区城管局相关负责人介绍，下一步将',
    '继续完善收运体系。',
    '东方晚报记者 王 五',
    '',
    '西山村举办首届农民丰收节，村民展示了',
    '自家种植的苹果和核桃，吸引不少游客。',
    '',
    '西山村迎来丰收节',
  ].join('\n');
  const page = recoverPage(text);
  assert.equal(page.headlinePosition, 'before');
  assert.equal(page.articles[0].kicker, '东湖区全面推行垃圾分类');
  assert.equal(page.articles[0].headline, '新建分类站点 居民积分可兑换');
});

test('a block closed by a credit of its own, set apart inside an article whose dateline names its reporters, is a piece of its own', () => {
  // A photo caption (or a brief) the extractor printed after the article's last paragraph.
  const text = [
    '本报讯（记者 王五）近日，东湖小学组织学生',
    '开展植树活动，师生共栽下树苗两百余株。',
    '',
    '校园绿化覆盖率因此明显提高，师生们',
    '纷纷表示今后会好好爱护这些树苗。',
    '',
    '图为志愿者在街头向过往市民发放',
    '防汛知识宣传资料。（赵 六）',
    '',
    '西山村举办首届农民丰收节',
    '',
    '本报讯（记者 钱七）日前，西山村举办首届',
    '农民丰收节，村民展示了自家种植的苹果和',
    '核桃，吸引了不少城里游客前来选购。',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.headline, a.byline]),
    [
      [null, '本报讯（记者王五）'],
      [null, '（赵六）'],
      ['西山村举办首届农民丰收节', '本报讯（记者钱七）'],
    ],
  );
  assert.equal(page.articles[1].paragraphs[0].text, '图为志愿者在街头向过往市民发放防汛知识宣传资料。');
});

test('pdftotext: a headline after an article closed by its credit heads the next article, and a piece ending on a second credit is split at the headline set apart above it', () => {
  // Reading order on a headline-first page: the first article closes on its credit; the second's
  // headline stands over its last column, printed before its credit and first column; the third
  // article's headline follows a column of the second cut in mid-sentence, its credit closes it.
  const text = [
    '东湖区全面推行垃圾分类',
    '',
    '新建分类站点 居民积分可兑换',
    '今年以来，东湖区在全区推行生活垃圾',
    '分类，新建分类投放站点三百余个，居民',
    '按要求投放可获得积分。',
    '东方晚报记者 王 五',
    '',
    '南湖公园环湖步道今起开放 市民可沿湖健身',
    '公园管理处提醒，步道夜间开放至晚上',
    '十点，请市民注意安全。',
    '东方晚报记者 孙 八',
    '',
    '南湖公园新修的环湖步道昨日正式开放，',
    '步道全长三公里，沿途设有休息亭和饮水',
    '点，不少市民一早就来到湖边散步，一位',
    '',
    '西山村迎来丰收节',
    '果农喜摘苹果核桃',
    '西山村昨日举办首届农民丰收节，村民展',
    '示了自家种植的苹果和核桃，吸引了不少',
    '游客前来选购。',
    '东方晚报记者 钱 七',
  ].join('\n');
  const page = recoverPage(text);
  assert.equal(page.headlinePosition, 'before');
  assert.deepEqual(
    page.articles.map((a) => [a.headline, a.byline]),
    [
      ['新建分类站点 居民积分可兑换', '东方晚报记者 王 五'],
      ['南湖公园环湖步道今起开放 市民可沿湖健身', '东方晚报记者 孙 八'],
      ['西山村迎来丰收节 果农喜摘苹果核桃', '东方晚报记者 钱 七'],
    ],
  );
  assert.match(page.articles[1].paragraphs[0].text, /^南湖公园新修的环湖步道/u);
});

test('pdftotext -raw: where an article\'s headline stood above its dateline, the headlines after the next bodies head the articles under them, a comma-broken one and an exclamation too', () => {
  // No blank lines; the page opens on the end of an untitled item closed by its credit.
  const text = [
    '为迎接世界读书日，市图书馆举办了',
    '读书分享会。',
    '（李明）',
    '北湖中学开展植树活动',
    '本报讯（记者 王五）近日，北湖中学开展植树',
    '活动，组织学生栽种树苗三十余株。',
    '文明进校园，',
    '我们在行动',
    '本报讯（记者 赵六）日前，西湖小学开展文明',
    '进校园活动，师生们积极行动起来。',
    '夏粮丰收了！',
    '本报讯（记者 钱七）日前，西山村夏粮喜获丰收，',
    '亩产比去年提高一成。',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(page.articles.map((a) => a.headline), [null, '北湖中学开展植树活动', '文明进校园，我们在行动', '夏粮丰收了！']);
});

test('pdftotext: a title spaced out letter by letter right over a block that goes on from another column heads an article of its own, not the dateline piece after it', () => {
  // Reading order: a feature; then the headline of a second feature, printed right over a later
  // column of that feature (its first line ends a sentence begun elsewhere); then a news item.
  const text = [
    '强化社区服务 提升治理水平',
    '——东湖区民政局推进社区服务提质增效',
    '',
    '东方日报记者 王 五',
    '今年以来，东湖区民政局坚持问题导向，',
    '把好服务关口，推进社区服务提质增效，',
    '为全区经济社会发展提供坚强保障。',
    '区民政局持续开展便民服务专项行动，',
    '组织工作人员走进小区，面对面答疑解惑，',
    '居民满意度明显提升。',
    '',
    '西 山 林 场 ：护 林 防 火 守 护 绿 水 青 山',
    '线。护林员每天巡山两次，记录火险隐患，',
    '及时清理林下可燃物，今年以来林场未发',
    '生一起火情，护林防火工作得到上级肯定。',
    '',
    '本报讯（记者 钱七）日前，南湖公园新修的',
    '环湖步道正式开放，步道全长三公里，沿途',
    '设有休息亭和饮水点。',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.headline, a.byline]),
    [
      ['强化社区服务 提升治理水平', '东方日报记者 王 五'],
      ['西山林场：护林防火守护绿水青山', null],
      [null, '本报讯（记者钱七）'],
    ],
  );
});

test('pdftotext -raw: a credit closing a sentence in the middle of an item opened by a dateline ends the item; the text after it is another piece', () => {
  // No blank lines: a photo's caption and its credit follow the news item.
  const text = ['东湖小学植树两百余株', '本报讯 近日，东湖小学组织学生开展植树活动，', '师生共栽下树苗两百余株。（李明）', '近日，在西山村的果园里，村民正在采摘苹果，', '今年苹果喜获丰收。', '王五/摄'].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.headline, a.byline, a.lineStart, a.lineEnd]),
    [
      ['东湖小学植树两百余株', '本报讯 （李明）', 1, 3],
      [null, '王五/摄', 4, 6],
    ],
  );
});

test('pdftotext: a price tag cut after its label into two lines is an advertisement, not an article\'s text', () => {
  const text = [
    '南湖公园环湖步道开放',
    '■记者 王五',
    '东方晚报讯 昨日，南湖公园新修的环湖步道正式开放，',
    '步道全长三公里，市民可以沿湖散步健身。',
    '',
    '会员价：',
    '36 元 /斤',
    '',
    '特惠价：',
    '12.5 元/克',
  ].join('\n');
  const lines = classifyLines(splitRawLines(text));
  assert.deepEqual(lines.slice(5).filter((l) => l.kind !== 'blank').map((l) => l.furniture), ['advert', 'advert', 'advert', 'advert']);
  const page = recoverPage(text);
  assert.equal(page.articles.length, 1);
  assert.equal(page.articles[0].paragraphs.map((p) => p.text).join(''), '昨日，南湖公园新修的环湖步道正式开放，步道全长三公里，市民可以沿湖散步健身。');
});

test('pdftotext: two headlines printed over each other\'s articles, each sharing no words with the dateline under it, go to the articles they name', () => {
  const text = [
    '西山村丰收节吸引游客',
    '本报讯（记者 王五）近日，东湖小学组织学生开展植树',
    '活动，师生共栽下树苗两百余株，校园绿化明显改善。',
    '',
    '东湖小学师生植树',
    '本报讯（记者 钱七）日前，西山村举办首届农民丰收节，',
    '村民展示了自家种植的苹果和核桃，吸引了不少游客。',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.headline, a.byline]),
    [
      ['东湖小学师生植树', '本报讯（记者王五）'],
      ['西山村丰收节吸引游客', '本报讯（记者钱七）'],
    ],
  );
});

test('pdftotext -raw, headlines after bodies: the deck printed under the headline, its lines cut into pieces, is the lead of the article above; a caption closed by its photo source is furniture', () => {
  // Content-stream order, no blank lines, printed lines cut at clause marks and around a
  // quotation: body (narrow column), credit, headline, the deck set across the columns, a
  // caption ending on its source, then the next article's narrow column.
  const column = [
    '南湖街道今年新建了三处',
    '社区食堂，',
    '每天为老人提供午餐和晚',
    '餐。食堂的菜价比市场低',
    '两成，',
    '还有专人送餐上门。',
    '街道负责人说，',
    '明年还将再建两处食堂，',
    '让更多老人吃上热乎饭。',
  ];
  const text = [
    ...column,
    '东方晚报记者 周小红',
    '社区食堂开到家门口',
    '南湖街道的老人们，',
    '如今走几步路就能吃上一顿可口的饭菜，',
    '还能在食堂里和老邻居',
    '“拉家常”',
    '，',
    '一顿饭吃得热热闹闹。',
    '老人们在社区食堂里排队打饭。 街道供图',
    '北山村今年种下两百亩',
    '高粱，',
    '预计秋天就能收获。村',
    '里还请来农技员，',
    '手把手教村民防治病虫',
    '害。合作社负责人说，',
    '高粱收获后将直接卖给',
    '附近的酒厂。',
    '东方晚报记者 钱大海',
    '北山村两百亩高粱喜获丰收',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(page.articles.map((a) => a.headline), ['社区食堂开到家门口', '北山村两百亩高粱喜获丰收']);
  const [first, second] = page.articles.map((a) => a.paragraphs.map((p) => p.text).join(''));
  assert.ok(first.startsWith('南湖街道的老人们，'), first);
  assert.ok(first.includes('一顿饭吃得热热闹闹。'), first);
  assert.ok(!first.includes('供图') && !second.includes('供图'));
  assert.ok(second.startsWith('北山村'), second);
  assert.ok(page.unassigned.some((u) => u.reason === 'caption' && u.text.endsWith('街道供图')));
});

test('pdftotext -raw: an item opened by a dateline naming its reporters, ending on a credit in brackets that names someone else, ends before that credit\'s block', () => {
  // No blank lines: the photo caption closed by its own credit follows the item's last sentence.
  const text = [
    '本报讯',
    '（记者 林小雨 通讯员 赵一鸣）',
    '日前，',
    '青石镇卫生院为辖区老人开展免费体检，',
    '共为三百余名老人测量血压、',
    '血糖。',
    '卫生院还为每位老人建立了健康档案，',
    '方便今后跟踪随访。',
    '6',
    '月 2',
    '日，',
    '县图书馆在青石镇文化站设立流动书屋，',
    '为村民送去各类图书两千余册。图为村民在',
    '书屋挑选图书。',
    '（周海峰）',
  ].join('\n');
  const page = recoverPage(text);
  const bodies = page.articles.map((a) => a.paragraphs.map((p) => p.text).join(''));
  assert.equal(page.articles.length, 2, JSON.stringify(bodies));
  assert.ok(bodies[0].endsWith('方便今后跟踪随访。'), bodies[0]);
  assert.ok(bodies[1].includes('流动书屋'), bodies[1]);
  assert.equal(page.articles[1].byline, '（周海峰）');
});

test('pdftotext -raw: the names under an editors\' credit cut after its colon, and the labels after them, are furniture with it', () => {
  const text = [
    '本报讯 近日，东湖街道组织志愿者清理河道垃圾，',
    '共清运垃圾三吨多。',
    '（刘 洋）',
    '责任编辑：',
    '马小青 /',
    '版式设计：',
    '何 方 /',
    '文字校对：',
    '钟一鸣 韩雪梅',
    '社会新闻',
    '3 NE',
    'W S',
    '本报讯 日前，西湖社区举办邻里节，',
    '居民们带来了自家做的美食。',
    '（赵 刚）',
  ].join('\n');
  const lines = classifyLines(splitRawLines(text));
  assert.deepEqual(lines.slice(3, 12).map((l) => l.kind), Array(9).fill('furniture'));
  const page = recoverPage(text);
  assert.ok(page.articles.every((a) => !a.paragraphs.some((p) => /马小青|钟一鸣|社会新闻/u.test(p.text))));
});

test('pdftotext -raw: a short line whose sentence goes on after a quotation cut out of it is no subheading', () => {
  const text = [
    '本报讯（记者 孙晓月）',
    '青石镇今年新修了一条环山公路，',
    '全长十二公里，',
    '把五个村子连在了一起。',
    '小镇位于群山之',
    '“心”',
    '，',
    '过去村民出山要走大半天，',
    '如今开车只要二十分钟。',
  ].join('\n');
  const page = recoverPage(text);
  const [article] = page.articles;
  assert.ok(article.paragraphs.every((p) => p.kind !== 'subheading'));
  assert.ok(article.paragraphs.map((p) => p.text).join('').replace(/\s+/gu, '').includes('小镇位于群山之“心”，过去'));
});

test('pdftotext -raw: the quotation marks of a vertical headline printed alone on their lines are part of it; a line breaking off a date is no subheading', () => {
  // Headlines after bodies, no blank lines: the body, then the vertical headline a character a
  // line with its vertical quotation marks, then the next article's dateline.
  const text = [
    '本报讯（记者 田小禾）',
    '日前，',
    '南山镇举办了首届茶文化节，',
    '吸引游客五千余人次。',
    '2031 年 4 月',
    '12 日，',
    '文化节在茶园广场开幕，',
    '持续三天。',
    ...'南山茶香引客来'.split(''),
    '﹃',
    ...'一片叶子'.split(''),
    '﹄',
    ...'富一方'.split(''),
    '本报讯（记者 钟晴）',
    '北湖街道近日开展防汛演练，',
    '二百余人参加。',
    '东方晚报记者 钟晴',
    '北湖街道开展防汛演练',
  ].join('\n');
  const lines = classifyLines(splitRawLines(text));
  assert.ok(lines.slice(8, 24).every((l) => l.vertical));
  const page = recoverPage(text);
  const first = page.articles[0];
  assert.ok(first.headline?.startsWith('南山茶香引客来'), String(first.headline));
  const body = first.paragraphs.map((p) => p.text).join('').replace(/\s+/gu, '');
  assert.ok(!body.includes('﹃'), body);
  assert.ok(first.paragraphs.every((p) => p.kind !== 'subheading'));
  assert.ok(body.includes('2031年4月12日，文化节'), body);
});

test('pdftotext -raw: a page date printed a figure a line is furniture; briefs closed by their own credits, set apart from an article only by the page head, are a piece of their own', () => {
  const text = [
    '文明楼道评比启动',
    '本报讯 （记者 方小雅）',
    '东城社区近日启动文明楼道评比，',
    '各楼栋居民踊跃报名。',
    '社区还将评出十个',
    '“最美楼道”',
    '，',
    '每个奖励一千元。',
    '2', '0', '3', '1', '.', '6', '.', '1',
    '8星期三',
    '责任编辑：',
    '马小青 /',
    '版式设计：',
    '何 方',
    '近日，',
    '县文化馆组织文艺骨干下乡演出，',
    '观众达两千余人次。 （王一 李二）',
    '为迎接端午节，',
    '县老年大学举办包粽子比赛。 （赵三）',
  ].join('\n');
  const lines = classifyLines(splitRawLines(text));
  assert.ok(lines.slice(8, 21).every((l) => l.kind === 'furniture'));
  const page = recoverPage(text);
  const bodies = page.articles.map((a) => a.paragraphs.map((p) => p.text).join('').replace(/\s+/gu, ''));
  assert.equal(bodies.length, 2, JSON.stringify(bodies));
  assert.ok(bodies[0].endsWith('每个奖励一千元。'), bodies[0]);
  assert.ok(bodies[1].startsWith('近日，县文化馆'), bodies[1]);
  assert.ok(bodies[1].includes('包粽子比赛'), bodies[1]);
});

test('pdftotext: the cells of a table printed in short runs between the lines of the column beside it are table too, once the page has a table', () => {
  // A weather table read together with the article beside it: one long run of cells, then pieces
  // of two to four cells between the article's lines. The lone short line of prose stays.
  const table = ['今天', '晴', '12~3', '甲市', '明天', '多云', '10~1', '今天', '阴', '9~2', '乙市', '明天', '晴转多云 11~4'];
  const text = [
    '东湖区举办春季招聘会',
    '',
    '本报讯（记者 李明）昨日，东湖区在体育馆举办春季招聘会，',
    ...table,
    '八十余家企业提供岗位两千余个，吸引了',
    '今天',
    '晴转多云',
    '14~6',
    '丙市',
    '众多求职者到场咨询。招聘会现场还设有',
    '明天',
    '多云 13~2',
    '政策咨询台，工作人员为求职者讲解就业',
    '补贴',
    '政策和创业扶持办法。',
  ].join('\n');
  const page = recoverPage(text);
  assert.equal(page.articles.length, 1);
  assert.equal(page.articles[0].paragraphs.map((p) => p.text).join(''), '昨日，东湖区在体育馆举办春季招聘会，八十余家企业提供岗位两千余个，吸引了众多求职者到场咨询。招聘会现场还设有政策咨询台，工作人员为求职者讲解就业补贴政策和创业扶持办法。');
  // Inside the article's lines, the cells are left out of its text, not listed as unassigned.
  const tables = classifyLines(splitRawLines(text)).filter((l) => l.furniture === 'table').map((l) => l.text);
  assert.deepEqual(tables.slice(table.length), ['今天', '晴转多云', '14~6', '丙市', '明天', '多云 13~2']);
});

test('short runs of cells on a page without a table stay where they are', () => {
  const lines = classifyLines(splitRawLines(['本报讯 昨日，东湖区举办春季招聘会，吸引了', '今天', '多云', '众多求职者到场咨询。'].join('\n')));
  assert.deepEqual(lines.map((l) => l.kind), ['inline-byline', 'text', 'text', 'text']);
});

test('pdftotext: a block closed by its own credit is short counting printed lines: the figures of a number split onto lines of their own do not count', () => {
  // The caption of photo news after an article, eleven raw lines of which two are pieces of a number.
  const text = [
    '本报讯（记者 王五）近日，东湖小学组织学生',
    '开展植树活动，师生共栽下树苗两百余株。',
    '',
    '校园绿化覆盖率因此明显提高，师生们',
    '纷纷表示今后会好好爱护这些树苗。',
    '',
    '上周六，北湖书院邀请三位儿童作家',
    '与小读者面对面交流，家长们带着孩子',
    '排起长队请作家签名，书院当天还收到',
    '热心市民捐赠的绘本和童话故事书',
    '一共 2',
    '4',
    '0',
    '0册，将全部放进新开的儿童阅览',
    '角。小读者们围坐在地毯上听作家',
    '讲故事，不时发出阵阵笑声，直到',
    '傍晚才依依不舍地离开。（赵 六）',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.headline, a.byline]),
    [
      [null, '本报讯（记者王五）'],
      [null, '（赵六）'],
    ],
  );
  assert.match(page.articles[1].paragraphs[0].text, /^上周六，北湖书院.*一共2400册，/u);
});

test('pdftotext: after an item whose dateline names its reporters, the first block set apart holding a credit in brackets that names others starts a column of briefs', () => {
  // The briefs' credits printed a line above their block's last line, as pdftotext sets them.
  const text = [
    '东湖区老旧小区改造工程启动',
    '',
    '本报讯（记者 王五）近日，东湖区启动老旧小区',
    '改造工程，首批十二个小区将加装电梯、',
    '更换管网、整修道路。',
    '',
    '区住建局负责人介绍，改造工程预计年底',
    '完工，届时将惠及居民三千余户。',
    '',
    '日前，区图书馆为社区老人开办智能手机',
    '培训班，讲解移动支付、网上挂号等',
    '（钱小明 孙小红）',
    '常用功能，四十余位老人参加了培训。',
    '',
    '上周，西山镇举办农产品展销会，二十余家',
    '合作社带来了蔬菜、水果和土特产品，',
    '（李小华）',
    '吸引了周边群众前来选购。',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.headline, a.byline]),
    [
      ['东湖区老旧小区改造工程启动', '本报讯（记者王五）'],
      [null, null],
    ],
  );
  assert.equal(page.articles[0].paragraphs.length, 2);
  // Each brief's credit, printed a line early, closes its brief.
  assert.deepEqual(
    page.articles[1].paragraphs.map((p) => p.text),
    ['日前，区图书馆为社区老人开办智能手机培训班，讲解移动支付、网上挂号等常用功能，四十余位老人参加了培训。（钱小明孙小红）', '上周，西山镇举办农产品展销会，二十余家合作社带来了蔬菜、水果和土特产品，吸引了周边群众前来选购。（李小华）'],
  );
});

test('a block holding a credit in brackets that names the dateline\'s own reporter stays in the item', () => {
  const text = [
    '本报讯（记者 王五）近日，东湖区启动老旧小区',
    '改造工程，首批十二个小区将加装电梯。',
    '',
    '区住建局负责人介绍，改造工程预计年底',
    '完工，届时将惠及居民三千余户。',
    '（王五）',
    '',
  ].join('\n');
  assert.equal(recoverPage(text).articles.length, 1);
});

test('pdftotext: a brief\'s credit printed inside its last sentence still closes it, so the next credit alone after a sentence end closes a brief too, not opens an article', () => {
  const text = [
    '东湖区老旧小区改造工程启动',
    '',
    '本报讯（记者 王五）近日，东湖区启动老旧小区',
    '改造工程，首批十二个小区将加装电梯、',
    '更换管网、整修道路。',
    '',
    '日前，区图书馆为社区老人开办智能手机',
    '培训班，讲解移动支付、网上挂号、',
    '（钱小明 孙小红）',
    '生活缴费等常用功能。',
    '',
    '上周，西山镇举办农产品展销会，二十余家',
    '合作社带来了蔬菜、水果和土特产品。',
    '（李小华）',
    '',
    '近日，北湖中学举行消防疏散演练，',
    '警报响起后，全校师生在老师的',
    '带领下沿指定路线有序撤离，',
    '八分钟内全部到达操场集合，',
    '演练结束后消防员还讲解了',
    '灭火器的使用方法。',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(
    page.articles.map((a) => [a.headline, a.byline]),
    [
      ['东湖区老旧小区改造工程启动', '本报讯（记者王五）'],
      [null, null],
    ],
  );
  assert.deepEqual(
    page.articles[1].paragraphs.map((p) => p.text.slice(0, 4)),
    ['日前，区', '上周，西', '近日，北'],
  );
  assert.match(page.articles[1].paragraphs[0].text, /生活缴费等常用功能。（钱小明孙小红）$/u);
  assert.match(page.articles[1].paragraphs[1].text, /（李小华）$/u);
});

test('mutool: a headline left after an article\'s last sentence goes to the article it names when that article\'s own headline names another one, which takes it', () => {
  // Headlines printed before their bodies on a page cut as headlines-after: the photo news took
  // the next article's headline, and its own stands after the body of the article under it.
  const text = [
    '东湖公园郁金香花展日前开幕，二十余个品种',
    '的郁金香竞相开放，吸引众多市民前来赏花',
    '拍照。图为市民在东湖公园花展现场留影。',
    '',
    '西山村举办首届农民丰收节',
    '',
    '本报讯（记者 王五）日前，西山村举办首届农民',
    '丰收节，村民在丰收节上展示了自家种植的苹果',
    '和核桃，西山村丰收节吸引了不少游客前来选购。',
    '',
    '本报讯（记者 赵六）近日，北湖小学组织师生',
    '开展植树活动，北湖小学师生共栽下树苗两百余',
    '株，校园绿化覆盖率明显提高。',
    '',
    '东湖公园郁金香花展开幕',
  ].join('\n');
  const lines = classifyLines(splitRawLines(text));
  const at = (...nos: number[]) => nos.map((n) => lines[n - 1]);
  const regions = [
    { lines: at(1, 2, 3, 5), heading: at(5) },
    { lines: at(7, 8, 9), heading: [] },
    { lines: at(11, 12, 13, 15), heading: [] },
  ];
  const { displaced } = assignHeadlines(regions);
  assert.deepEqual(
    regions.map((r) => r.heading.map((l) => l.text)),
    [['东湖公园郁金香花展开幕'], ['西山村举办首届农民丰收节'], []],
  );
  assert.deepEqual(displaced.map((l) => l.no), [15]);
});

test('pdftotext: a short line ending on a figure over a line opening with one is a number cut across lines, no subheading', () => {
  const text = [
    '东湖小学举办校庆文艺汇演',
    '',
    '本报讯（记者 王五）近日，东湖小学举办校庆文艺汇演，',
    '师生和家长共八百余人观看了演出。',
    '',
    '为庆祝建校 6',
    '0周年，学校还编印了校史画册，收录',
    '老照片两百余幅。',
  ].join('\n');
  const [article] = recoverPage(text).articles;
  assert.deepEqual(
    article.paragraphs.map((p) => [p.kind, p.text]),
    [
      ['body', '近日，东湖小学举办校庆文艺汇演，师生和家长共八百余人观看了演出。'],
      ['body', '为庆祝建校60周年，学校还编印了校史画册，收录老照片两百余幅。'],
    ],
  );
});

test('pdftotext: a page date cut into pieces of figures over its weekday line, and a label with an editors\' credit cut after its colon over the names, are furniture', () => {
  const text = [
    '2',
    '',
    '030.',
    '1.',
    '2 星期三',
    '要闻 3责任编辑：',
    '王小明 /版式设计：李小红 /文字校对：赵小刚',
    '',
    '东湖小学举办校庆文艺汇演',
    '',
    '本报讯（记者 王五）近日，东湖小学举办校庆文艺汇演，',
    '师生和家长共八百余人观看了演出。',
  ].join('\n');
  const page = recoverPage(text);
  assert.deepEqual(page.articles.map((a) => a.headline), ['东湖小学举办校庆文艺汇演']);
  assert.deepEqual(page.unassigned.map((u) => u.line), [1, 3, 4, 5, 6, 7]);
});

test('a weekday line under figures that make no date with it stays text', () => {
  const lines = classifyLines(splitRawLines(['12', '3.', '每逢 星期三'].join('\n')));
  assert.deepEqual(lines.map((l) => l.kind), ['furniture', 'text', 'text']);
});

test('pdftotext: a brief\'s credit printed before the last pieces of its last sentence reads after them; a credit inside a sentence that goes on in a longer block stays', () => {
  const text = [
    '本报讯（记者 王五）近日，东湖区启动老旧小区改造工程。',
    '',
    '上周，西山镇举办农产品展销会，',
    '（李小华）',
    '被评为',
    '“优秀展销会”',
    '，吸引了周边群众。',
    '',
    '北湖中学举行演练，',
    '（赵小刚）',
    '全校师生',
    '在老师的带领下',
    '沿指定路线',
    '有序撤离。',
  ].join('\n');
  const lines = classifyLines(splitRawLines(text));
  const order = creditAfterLastLine(lines.filter((l) => l.kind !== 'blank')).map((l) => l.no);
  assert.deepEqual(order, [1, 3, 5, 6, 7, 4, 9, 10, 11, 12, 13, 14]);
});

test('pdftotext: a picture\'s name printed a few characters a line is its caption; the lead printed first, over the credit of an article without a headline where it stands, leads that article', () => {
  const text = [
    '城市',
    '',
    'A06',
    '2030 年 1 月 2 日 星期三',
    '责编 李四 校对 王二',
    '',
    '春天到了，城市的公园又热闹起来。',
    '从清晨到傍晚，来公园散步、锻炼的市民',
    '络绎不绝，公园管理处也迎来了一年中',
    '最忙碌的时节。',
    '',
    '东湖新',
    '',
    '城规',
    '划效',
    '',
    '果图',
    '',
    '东方晚报记者 王五 见习记者 赵六',
    '',
    '东湖公园今年新增步道三公里，沿湖种植',
    '樱花、海棠等花木两千余株，市民可以',
    '沿湖散步赏花。公园管理处负责人介绍，',
    '今年还将新建两处儿童游乐场。',
  ].join('\n');
  const lines = classifyLines(splitRawLines(text));
  assert.deepEqual(lines.filter((l) => l.furniture === 'caption').map((l) => l.text), ['东湖新', '城规', '划效', '果图']);
  const page = recoverPage(text);
  assert.equal(page.articles.length, 1);
  assert.equal(page.articles[0].byline, '东方晚报记者 王五 见习记者 赵六');
  assert.match(page.articles[0].paragraphs[0].text, /^春天到了/u);
});

test('short lines that do not end as a picture\'s name stay text', () => {
  const lines = classifyLines(splitRawLines(['上一句。', '', '东湖', '', '西山', '', '南湖', '', '下一句。'].join('\n')));
  assert.ok(lines.every((l) => l.furniture !== 'caption'));
});

test('pdftotext: a block ending with the advert mark alone on its line is an advertisement, however many short lines the extractor cut it into', () => {
  // The shop's address and its bus routes, cut at every comma: more lines than any small block, little text.
  const text = [
    '南湖公园环湖步道开放',
    '■记者 王五',
    '东方晚报讯 昨日，南湖公园新修的环湖步道正式开放，',
    '步道全长三公里，市民可以沿湖散步健身。',
    '',
    '百草堂药材行：城东区新华路八号店面（东湖中学对面）',
    '可乘3、',
    '15、',
    '27、',
    '41、',
    '106、',
    '212路公交车到新华路口站下，',
    '也可乘8、',
    '33、',
    '67、',
    '90、',
    '118路公交车到东湖站下。',
    '（广告）',
  ].join('\n');
  const lines = classifyLines(splitRawLines(text));
  assert.ok(lines.slice(5, 17).every((l) => l.furniture === 'advert'));
  const page = recoverPage(text);
  assert.equal(page.articles.length, 1);
  assert.equal(page.articles[0].paragraphs.map((p) => p.text).join(''), '昨日，南湖公园新修的环湖步道正式开放，步道全长三公里，市民可以沿湖散步健身。');
});

test('pdftotext: a caption set across the columns, printed in one block with its credit under another article\'s headline, is a caption', () => {
  const body = [
    '东湖新区近日启动老旧小区改造工程，',
    '计划在今年年底前完成十二个小区的外',
    '墙保温、管网更新和道路修补，惠及居',
    '民三千余户。工程由区住建局统一组织',
    '实施，各街道负责协调居民意见，施工',
    '单位每周向居民公示进度和安全措施。',
    '区住建局负责人表示，改造将优先解决',
    '居民反映最多的停车难和雨天积水问',
    '题，并在每个小区增设充电桩和休闲座',
    '椅，让老旧小区焕发新的活力。',
  ];
  const caption = [
    '消防员开展水域救援演练。7 月 2 日，南岸区消防救援大队在江边组织水域救援实战演练，检验',
    '队员在急流中搜索、救援落水人员和操作救生艇的能力，提升应对汛期险情的水平。',
  ];
  const text = (heading: string) =>
    [
      '老旧小区改造惠及三千余户',
      '本报记者 王五',
      ...body,
      '',
      heading,
      '',
      ...caption,
      '晚报通讯员 李四 摄',
      '',
    ].join('\n');
  // The headline over the picture is another article's: it names nothing the caption tells.
  const lines = classifyLines(splitRawLines(text('图书馆延长周末开放时间')));
  assert.deepEqual(lines.slice(15, 18).map((l) => l.furniture), ['caption', 'caption', 'caption']);
  const page = recoverPage(text('图书馆延长周末开放时间'));
  assert.ok(page.articles.every((a) => a.paragraphs.every((p) => !p.text.includes('演练'))));
  // Photo news: its headline names what the caption tells, and the caption is its text.
  const photoNews = classifyLines(splitRawLines(text('消防员江边练救援')));
  assert.deepEqual(photoNews.slice(15, 17).map((l) => l.kind), ['text', 'text']);
});

test('mutool: a caption under the page\'s editor line, its last line printed in one block with its credit, is a caption', () => {
  const text = [
    '老旧小区改造惠及三千余户',
    '',
    '本报记者 王五',
    '',
    '东湖新区近日启动老旧小区改造工程，',
    '计划在今年年底前完成十二个小区的外',
    '墙保温、管网更新和道路修补，惠及居',
    '民三千余户。工程由区住建局统一组织',
    '实施，各街道负责协调居民意见，施工',
    '单位每周向居民公示进度和安全措施。',
    '区住建局负责人表示，改造将优先解决',
    '居民反映最多的停车难和雨天积水问',
    '题，并在每个小区增设充电桩和休闲座',
    '椅，让老旧小区焕发新的活力。',
    '',
    '责编：张三 版式：李四 检校：赵六',
    '',
    '消防员开展水域救援演练。7 月 2 日，南岸区消防救援大队在江边组织水域救援实战演练，检验',
    '',
    '队员在急流中搜索、救援落水人员和操作救生艇的能力，提升应对汛期险情的水平。',
    '晚报通讯员 李四 摄',
    '',
  ].join('\n');
  const lines = classifyLines(splitRawLines(text));
  assert.deepEqual(lines.slice(17, 21).map((l) => l.furniture ?? l.kind), ['caption', 'blank', 'caption', 'caption']);
  const page = recoverPage(text);
  assert.equal(page.articles.length, 1);
  assert.ok(page.articles[0].paragraphs.every((p) => !p.text.includes('演练')));
});

test('a credit\'s mark printed alone right over it leads it; a mark standing under another credit is that one\'s', () => {
  const text = [
    '南湖公园新建三条步道',
    '',
    '■',
    '',
    '记者 孙八',
    '',
    '东方晚报讯 昨日，南湖公园新建的',
    '三条步道正式向市民开放，全长',
    '共计四公里。',
  ].join('\n');
  assert.deepEqual(recoverPage(text).articles.map((a) => a.byline), ['东方晚报讯 ■记者 孙八']);
  const unmarked = text.replace('■', '南湖');
  assert.deepEqual(recoverPage(unmarked).articles.map((a) => a.byline), ['东方晚报讯 记者 孙八']);
});
