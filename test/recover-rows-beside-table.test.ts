/**
 * An article's columns printed row by row beside a table (pdftotext in its reading order, on
 * invented pages): in each row a few of the table's cells, then the left column's line, then the
 * right column's, some rows printing both columns' lines on one raw line. The cells are the
 * table's (furniture), and the body reads the left column in full, then the right one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPage } from '../src/recover/index.ts';

const left = [
  '本报讯（记者周敏）昨天，市交通局',
  '发布消息，今年全市将新建二十个',
  '公共停车场，新增车位三千多个，',
  '其中一半以上的车位将装上充电桩。',
  '据介绍，新建的停车场大多选在老',
  '城区和医院、学校附近，这些地方',
  '停车难的问题最为突出。首批六个',
  '停车场已经开工，预计九月底前投',
];
const right = [
  '入使用。市交通局的工作人员说，',
  '停车场建成后将接入全市的停车信',
  '息平台，市民用手机就能查到空余',
  '车位，还能提前预约和在线缴费。',
  '不少市民对此表示欢迎，家住老城',
  '区的王女士说，以前下班回家常常',
  '要绕好几圈才能找到车位，希望停',
  '车场早点建好。',
];
/** The table's cells printed before each row of the columns. */
const cells = [
  ['南湖区', '今天', '晴 17~5'],
  ['明天', '多云 16~4'],
  ['北山县', '今天', '小雨 12~6'],
  ['明天', '阴 11~5'],
  ['东湖区', '今天', '晴 18~7'],
  ['明天', '晴 19~8'],
  ['西山县', '今天', '多云 15~3'],
  ['明天', '小雨 10~4'],
];
/** The table's first rows, printed alone above the columns. */
const tableTop = ['全市八个区县今明天气', '区县 时段 天气 温度', '东城区', '今天', '晴', '18~6', '明天', '多云', '15~5', '西城区', '今天', '小雨', '14~7', '明天', '阴', '13~6'];

/** The page: the headline, the table's top, then each row (cells, left line, right line), the rows in `joined` printing both lines on one raw line. */
function page(joined: ReadonlySet<number>): string {
  const raw = ['市区今年新建二十个停车场', '', ...tableTop];
  left.forEach((l, k) => {
    raw.push(...cells[k]);
    if (joined.has(k)) raw.push(`${l} ${right[k]}`);
    else raw.push(l, right[k]);
  });
  return [...raw, ''].join('\n');
}

/**
 * The page with the table's long run printed after the columns, and the rows' cells a panel's
 * labels each with its value (`紫外线` / `3级`): the cells above the table are found going up.
 */
function pageTableBelow(): string {
  const labels = [['紫外线', '3级'], ['湿度', '45%'], ['风力', '2级'], ['能见度', '10公里'], ['温差', '12度'], ['体感', '18度'], ['降水', '0毫米'], ['日照', '9小时']];
  const raw = ['市区今年新建二十个停车场', ''];
  left.forEach((l, k) => raw.push(...labels[k], l, right[k]));
  return [...raw, ...tableTop.slice(2), ''].join('\n');
}

describe('columns printed row by row beside a table', () => {
  it('a label and its value in each row, the long run of the table below the columns: the labels and values are cells too', () => {
    const { articles } = recoverPage(pageTableBelow());
    assert.equal(articles.length, 1);
    assert.equal(articles[0].paragraphs.map((p) => p.text).join(''), [...left, ...right].join('').replace('本报讯（记者周敏）', ''));
  });

  for (const joined of [new Set<number>(), new Set([2, 5])]) {
    it(`the cells are the table's; the left column reads in full, then the right one (${joined.size} rows on one raw line)`, () => {
      const { articles } = recoverPage(page(joined));
      assert.equal(articles.length, 1);
      const [article] = articles;
      assert.equal(article.headline, '市区今年新建二十个停车场');
      assert.equal(article.byline, '本报讯（记者周敏）');
      const text = [...left, ...right].join('').replace('本报讯（记者周敏）', '');
      // (No cell stands in the body.)
      assert.equal(article.paragraphs.map((p) => p.text).join(''), text);
    });
  }
});
