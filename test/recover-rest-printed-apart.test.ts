/**
 * The rest of a sentence printed apart from its article (src/recover/pieces.ts, steps 5 and 6), on
 * invented pages in an extractor's content order: a column's last lines printed above the
 * article, under a picture's credit, and the top of another article's column printed right after
 * the break.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPage, type RecoveredPage } from '../src/recover/index.ts';

/** Blocks separated by a blank line, lines of a block in a row, as pdftotext prints its reading order. */
const page = (...blocks: string[][]) => blocks.map((b) => b.join('\n')).join('\n\n') + '\n';

const NIGHT_MARKET = [
  ['柳湾夜市重新开张'],
  ['本报讯（记者 唐宁）停办两年的柳湾夜市', '昨晚重新开张，三百多个摊位沿河一字', '排开，摊主们挂起红灯笼招揽游客。', '柳湾夜市的摊主大多是附近的村民，', '卖的是烤鱼、米糕和手编竹篮。'],
];
/** A picture's credit, and under it the last lines of the sorting article's column: they open inside its quotation. */
const CREDIT = ['钱多多/摄'];
const SORTING_REST = ['一直坚持下去。”桂花巷居民周某某', '说，现在楼下的垃圾桶干净多了。', '据了解，桂花巷社区共设了十二个垃圾', '分类投放点，每个投放点都有志愿者值守。'];
const LIBRARY = [['旧厂房变身社区图书馆'], ['本报讯（记者 孔亮）城北一座闲置多年的', '旧厂房改造成了社区图书馆，藏书两万册，', '每天上午九点开放到晚上八点。']];
/** The sorting article, breaking off inside a quotation at its column's end. */
const SORTING = [
  ['桂花巷垃圾分类见成效'],
  ['本报讯（记者 苏晴）走进桂花巷社区，', '楼下的垃圾桶按颜色分成四类，桶旁贴着', '分类指南。社区主任郑某某告诉记者，', '桂花巷社区推行垃圾分类已经半年，居民', '的分类准确率从三成提高到了八成。', '“垃圾分类要靠每一户居民，我们希望', '大家都能把这个好习惯'],
];
/** The top of the night market article's last column, printed after the break. */
const MARKET_TAIL = ['柳湾夜市的摊主钱某某说，夜市重新开张', '后生意很好，红灯笼一挂起来，游客就', '沿着河边一路逛过来，烤鱼和米糕最受', '游客欢迎，竹篮也卖出去不少。'];

const joined = (lines: readonly string[]) => lines.join('');

function summary(p: RecoveredPage) {
  return p.articles.map((a) => ({ headline: a.headline, byline: a.byline, paragraphs: a.paragraphs.map((x) => x.text) }));
}

describe('the rest of a sentence printed apart', () => {
  it('a column end printed above its article, opening inside the quotation the article leaves open, is read right after the broken line; the column after the break goes to the article it names', () => {
    const text = page(...NIGHT_MARKET, CREDIT, SORTING_REST, ...LIBRARY, ...SORTING, MARKET_TAIL);
    const p = recoverPage(text);
    assert.deepEqual(summary(p), [
      {
        headline: '柳湾夜市重新开张',
        byline: '本报讯（记者唐宁）',
        paragraphs: [joined(NIGHT_MARKET[1].slice(0, 3)).replace('本报讯（记者 唐宁）', ''), joined(NIGHT_MARKET[1].slice(3)), joined(MARKET_TAIL)],
      },
      { headline: '旧厂房变身社区图书馆', byline: '本报讯（记者孔亮）', paragraphs: [joined(LIBRARY[1]).replace('本报讯（记者 孔亮）', '')] },
      {
        headline: '桂花巷垃圾分类见成效',
        byline: '本报讯（记者苏晴）',
        paragraphs: [
          joined(SORTING[1].slice(0, 5)).replace('本报讯（记者 苏晴）', ''),
          joined([...SORTING[1].slice(5), ...SORTING_REST.slice(0, 2)]),
          joined(SORTING_REST.slice(2)),
        ],
      },
    ]);
    // The credit stands alone: a picture's, no article's.
    assert.deepEqual(p.unassigned, [{ line: 9, text: '钱多多/摄', reason: 'outside-article' }]);
  });

  it('nothing moves when the piece opens a sentence of its own', () => {
    const own = ['桂花巷居民周某某说，现在楼下的', '垃圾桶干净多了。', ...SORTING_REST.slice(2)];
    const p = recoverPage(page(...NIGHT_MARKET, CREDIT, own, ...LIBRARY, ...SORTING, MARKET_TAIL));
    assert.equal(p.articles.length, 4);
    assert.equal(p.articles[1].byline, '钱多多/摄');
    assert.equal(p.articles[3].paragraphs.at(-1)?.text.endsWith('竹篮也卖出去不少。'), true);
  });

  it('nothing moves when the article breaks off outside a quotation and the piece opens inside one', () => {
    const plain = SORTING[1].slice(0, 5).concat(['垃圾分类要靠每一户居民，我们希望', '大家都能把这个好习惯']);
    const p = recoverPage(page(...NIGHT_MARKET, CREDIT, SORTING_REST, ...LIBRARY, [SORTING[0][0]], plain, MARKET_TAIL));
    assert.equal(p.articles.length, 4);
    assert.equal(p.articles[1].byline, '钱多多/摄');
  });
});
