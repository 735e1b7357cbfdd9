/**
 * Articles printed in pieces (src/recover/pieces.ts), on invented pages: an article's tail printed
 * after the next article, a start and its continuation with an article between, and pages where
 * nothing moves.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { coveredOnce } from './support/covered-once.ts';
import { recoverPage, type RecoveredPage } from '../src/recover/index.ts';
import { classifyLines, splitRawLines } from '../src/recover/lines.ts';
import { joinPrintedPieces, pieceWork } from '../src/recover/pieces.ts';
import type { Region } from '../src/recover/segment.ts';

/** Blocks separated by a blank line, as pdfminer prints its text boxes. */
const page = (...blocks: string[]) => blocks.join('\n\n') + '\n';

const OLD_STREET = [
  '青石镇老街改造完工',
  '青石镇老街改造工程日前完工，沿街二十多户商户陆续重新开张，老街又热闹起来了。',
  '改造期间，施工队修缮了老街的石板路和排水沟，李某是这支施工队的负责人，他在老街住了四十多年。',
  '李某介绍，老街的石板大多保留了原样，施工队只替换了破损的部分，排水沟则全部重新砌过。',
];
const BRIDGE = [
  '白河大桥昨日通车',
  '本报讯（记者 周明）连接南北两岸的白河大桥昨日正式通车，市民过河的时间由半小时缩短到五分钟。',
  '大桥全长一千二百米，双向四车道，设计时速六十公里，桥面两侧设有人行道和观景平台。',
  '市交通部门提醒，通车初期车流较大，请司机注意减速慢行，行人不要在桥面停留拍照。',
  '交通部门还表示，大桥南端的公交站将在下月启用，三条公交线路将调整走向经过大桥。',
];
const OLD_STREET_TAIL = ['青石镇的商户们说，老街改造后游客多了，李某的施工队还将修缮镇上另外两条老街的石板路。', '本报记者 吴刚'];
const MARKET = [
  '城西菜市场恢复营业',
  '本报讯（记者 孙红）经过两个月的整修，城西菜市场今天恢复营业，摊位由八十个增加到一百二十个。',
  '市场管理处负责人说，新市场实行统一称重，顾客可以在出口的公平秤上复秤。',
];

const BOOKS = ['旧书市集周末开市', '本报讯（记者 何平）旧书市集本周末在文化广场开市，六十多个摊位出售旧书、旧杂志和老唱片。', '市集每月开放一次，摊主大多是附近的藏书爱好者，书价从两元到几百元不等。'];
/** A park article's start under its byline, breaking off mid-word (`市|民`). */
const PARK_START = ['本报记者 林涛', '东湖公园扩建工程今年三月开工，新增绿地三十亩，园内新修了环湖步道和儿童游乐区。', '公园管理处正在招募志愿者，周末在园内引导游园的市'];
const BUSES = ['南站新增两趟夜班车', '本报讯（记者 高峰）从下周一起，南站新增两趟夜班车，末班车发车时间推迟到晚上十一点半。', '新增的夜班车途经火车站和大学城，票价与白天相同，乘客可以刷卡或扫码乘车。'];
/** Its headline and the rest, printed after the bus article: the text opens on the sentence's end. */
const PARK_REST = ['东湖公园五一前开放', '民。志愿者报名可拨打公园管理处的电话，报名截止到本月底。', '公园管理处表示，环湖步道夜间也将开放，儿童游乐区开放到晚上八点。'];

/** A wage article breaking off mid-sentence (`…派出所|求助。`), and the rest of it inside a riverside article. */
const WAGES = ['欠薪三个月终于拿到了', '本报讯（记者 韩雪）在城东一处工地干了三个月活的赵某某，工钱一直没拿到，他拨打热线电话向城东派出所'];
const RIVERSIDE = ['河堤步道完工', '本报讯（记者 罗平）沿河十公里的河堤步道日前完工，步道两侧种上了柳树和月季。', '步道每隔一公里设有一处休息亭，亭内有饮水机和应急药箱。'];
const WAGES_REST = ['求助。民警接到赵某某的电话后，找到了工地的包工头钱某某，钱某某当天就结清了赵某某的工钱。', '赵某某说，以后再遇到欠薪的事，他还会找派出所和劳动部门帮忙。'];
const RIVERSIDE_END = '河堤管理处提醒市民，夜间散步请结伴而行，注意步道上的骑行车辆。';

function summary(p: RecoveredPage) {
  return p.articles.map((a) => ({ headline: a.headline, byline: a.byline, pieces: a.pieces.map((x) => [x.lineStart, x.lineEnd]), paragraphs: a.paragraphs.map((x) => x.text) }));
}


describe('articles printed in pieces', () => {
  it('a tail printed after the next article, whose names and places it shares, goes back to its article with the credit under it', () => {
    const text = page(...OLD_STREET, ...BRIDGE, ...OLD_STREET_TAIL, ...MARKET);
    const p = recoverPage(text);
    assert.deepEqual(summary(p), [
      { headline: OLD_STREET[0], byline: '本报记者 吴刚', pieces: [[1, 7], [19, 21]], paragraphs: [...OLD_STREET.slice(1), OLD_STREET_TAIL[0]] },
      { headline: BRIDGE[0], byline: '本报讯（记者周明）', pieces: [[9, 17]], paragraphs: [BRIDGE[1].replace('本报讯（记者 周明）', ''), ...BRIDGE.slice(2)] },
      { headline: MARKET[0], byline: '本报讯（记者孙红）', pieces: [[23, 27]], paragraphs: [MARKET[1].replace('本报讯（记者 孙红）', ''), MARKET[2]] },
    ]);
    assert.deepEqual([p.articles[0].lineStart, p.articles[0].lineEnd], [1, 21]);
    coveredOnce(text, p);
  });

  it('a block under a headline that opens on the end of a sentence another article broke off joins it, the headline with it', () => {
    const text = page(...BOOKS, ...PARK_START, ...BUSES, ...PARK_REST);
    const p = recoverPage(text);
    assert.deepEqual(summary(p)[1], {
      headline: PARK_REST[0],
      byline: '本报记者 林涛',
      pieces: [[7, 11], [19, 23]],
      // The paragraph cut at the column end goes on across the pieces.
      paragraphs: [PARK_START[1], PARK_START[2] + PARK_REST[1], PARK_REST[2]],
    });
    assert.deepEqual(summary(p).map((a) => a.headline), [BOOKS[0], PARK_REST[0], BUSES[0]]);
    assert.deepEqual(summary(p)[2].pieces, [[13, 17]]);
    coveredOnce(text, p);
  });

  it('a start without a headline joins the piece that goes on from it past a whole article, as cutting made them', () => {
    const text = page(...BOOKS, ...PARK_START, ...BUSES, ...PARK_REST);
    const lines = classifyLines(splitRawLines(text));
    const at = (...nos: number[]) => nos.map((no) => lines[no - 1]);
    const regions: Region[] = [
      { lines: at(1, 3, 5), heading: at(1) },
      { lines: at(7, 9, 11), heading: [] },
      { lines: at(13, 15, 17), heading: at(13) },
      { lines: at(19, 21, 23), heading: at(19) },
    ];
    const joined = joinPrintedPieces(regions);
    assert.deepEqual(joined.map((r) => [r.lines.map((l) => l.no), r.heading.map((l) => l.no)]), [
      [[1, 3, 5], [1]],
      [[7, 9, 11, 19, 21, 23], [19]],
      [[13, 15, 17], [13]],
    ]);
  });

  it('an extractor printing in content order may set the continuation several articles further on', () => {
    const text = page(...PARK_START, ...BOOKS, ...BUSES, ...MARKET, ...PARK_REST);
    const lines = classifyLines(splitRawLines(text));
    const at = (...nos: number[]) => nos.map((no) => lines[no - 1]);
    const regions: Region[] = [
      { lines: at(1, 3, 5), heading: [] },
      { lines: at(7, 9, 11), heading: at(7) },
      { lines: at(13, 15, 17), heading: at(13) },
      { lines: at(19, 21, 23), heading: at(19) },
      { lines: at(25, 27, 29), heading: at(25) },
    ];
    assert.deepEqual(joinPrintedPieces(regions).map((r) => r.lines[0].no), [1, 7, 13, 19]);
    assert.deepEqual(joinPrintedPieces(regions)[0].heading.map((l) => l.no), [25]);
  });

  it('the rest of a broken-off sentence printed inside the next article goes back, with the block after it that names the same people', () => {
    const text = page(...WAGES, ...RIVERSIDE, ...WAGES_REST, RIVERSIDE_END);
    const p = recoverPage(text);
    assert.deepEqual(summary(p), [
      { headline: WAGES[0], byline: '本报讯（记者韩雪）', pieces: [[1, 3], [11, 13]], paragraphs: [WAGES[1].replace('本报讯（记者 韩雪）', '') + WAGES_REST[0], WAGES_REST[1]] },
      { headline: RIVERSIDE[0], byline: '本报讯（记者罗平）', pieces: [[5, 9], [15, 15]], paragraphs: [RIVERSIDE[1].replace('本报讯（记者 罗平）', ''), RIVERSIDE[2], RIVERSIDE_END] },
    ]);
    coveredOnce(text, p);
    // After a line of the host that does not end its sentence, the block goes on from that line: nothing moves.
    const wrapped = recoverPage(page(...WAGES, ...RIVERSIDE, '步道修好以后，不少市民打电话给河堤管理处', ...WAGES_REST, RIVERSIDE_END));
    assert.ok(wrapped.articles.every((a) => a.pieces.length === 1), JSON.stringify(summary(wrapped)));
  });

  it('nothing moves when the start ends on a full sentence, or the text under the headline opens one', () => {
    const ended = page(...BOOKS, PARK_START[0], PARK_START[1], '公园管理处正在招募志愿者。', ...BUSES, PARK_REST[0], '志愿者报名可拨打公园管理处的电话，报名截止到本月底。', PARK_REST[2]);
    assert.ok(recoverPage(ended).articles.every((a) => a.pieces.length === 1));
    const lines = classifyLines(splitRawLines(page(...BOOKS, ...PARK_START, ...BUSES, PARK_REST[0], '志愿者报名可拨打公园管理处的电话。', PARK_REST[2])));
    const at = (...nos: number[]) => nos.map((no) => lines[no - 1]);
    const regions: Region[] = [{ lines: at(7, 9, 11), heading: [] }, { lines: at(13, 15, 17), heading: at(13) }, { lines: at(19, 21, 23), heading: at(19) }];
    assert.equal(joinPrintedPieces(regions).length, 3);
  });

  it('a last paragraph that shares only common words with the article before stays where it is', () => {
    const tail = ['市民们说，大桥通车后出行方便多了，周末还可以到桥上的观景平台看看风景。', '本报记者 吴刚'];
    const p = recoverPage(page(...OLD_STREET, ...BRIDGE, ...tail, ...MARKET));
    assert.ok(p.articles.every((a) => a.pieces.length === 1));
    assert.equal(p.articles[1].paragraphs.at(-1)?.text, tail[0]);
  });

  it('a tail repeating a sentence of the article before word for word is a second printing, not a piece of it', () => {
    const reprint = [OLD_STREET[3], '本报记者 吴刚'];
    const p = recoverPage(page(...OLD_STREET, ...BRIDGE, ...reprint, ...MARKET));
    assert.ok(p.articles.every((a) => a.pieces.length === 1));
  });

  it('a long article after one broken off mid-sentence is weighed a few blocks at a time, not each against the whole of it', { timeout: 120_000 }, () => {
    // Every block opens on a sentence's end after a finished sentence: each is a candidate piece.
    const blocks = ['远山村修路', '本报讯（记者 周明）远山村今年修通了进村的', '桥头小学开学', '本报讯（记者 孙红）桥头小学新学期开学了。'];
    for (let i = 0; i < 8000; i++) blocks.push(`路。第${i}段说的是学校里别的事情。`);
    const readsBefore = pieceWork.hostReads;
    const p = recoverPage(page(...blocks));
    // Weighing every block against the whole article took minutes (the work grew as the square of its
    // blocks): each of its 8,000 blocks read the whole article again. A few reads now, not thousands.
    const reads = pieceWork.hostReads - readsBefore;
    assert.ok(reads <= 50, `${reads} reads of the host for 8,000 blocks`);
    assert.ok(p.articles.every((a) => a.pieces.length === 1));
  });
});
