/**
 * pdftotext in its reading order on invented pages: a table printed after the articles above it,
 * with an article's last lines between its cells, and a headline group printed under its credit.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPage } from '../src/recover/index.ts';

const bodyOf = (a: { paragraphs: { kind: string; text: string }[] }) =>
  a.paragraphs
    .filter((p) => p.kind === 'body')
    .map((p) => p.text)
    .join('');

describe('an article\'s last lines printed between a table\'s cells', () => {
  const page = [
    '城北菜市场改造完工',
    '本报记者 孙丽',
    '城北菜市场改造工程昨天完工，市场内新装了',
    '排风设备和照明灯，地面也重新铺了防滑砖。',
    '摊主们说，改造后的市场干净明亮，来买菜',
    '',
    '春季植树活动本周末举行',
    '市园林局昨天发布消息，本周末将在城东湿地',
    '公园举办春季植树活动，欢迎市民报名参加。',
    '本报记者 赵强',
    '',
    '全市五个区今明天气',
    '区名 时段 天况 温度',
    ...['东城区', '今天', '晴', '16~5', '明天', '多云', '14~4', '西城区', '今天', '阴', '12~6', '明天', '小雨', '11~5'],
    '市民在新市场里挑选蔬菜。',
    '市场供图',
    '南湖区',
    '今天',
    '晴 17~6',
    '的市民比改造前多了不少。城北菜市场的负',
    '明天',
    '多云 15~5',
    '责人介绍，改造后的菜市场还设了公平秤，',
    '北湖区',
    '今天',
    '阴 13~4',
    '摊主们的生意也比改造前好了。',
    '明天',
    '小雨 12~5',
    '',
  ].join('\n');

  it('the credit before the table closes its article; the lines between the cells go back to the article that broke off; the caption and cells are furniture', () => {
    const { articles } = recoverPage(page);
    assert.deepEqual(
      articles.map((a) => ({ headline: a.headline, byline: a.byline, body: bodyOf(a) })),
      [
        {
          headline: '城北菜市场改造完工',
          byline: '本报记者 孙丽',
          body: '城北菜市场改造工程昨天完工，市场内新装了排风设备和照明灯，地面也重新铺了防滑砖。摊主们说，改造后的市场干净明亮，来买菜的市民比改造前多了不少。城北菜市场的负责人介绍，改造后的菜市场还设了公平秤，摊主们的生意也比改造前好了。',
        },
        { headline: '春季植树活动本周末举行', byline: '本报记者 赵强', body: '市园林局昨天发布消息，本周末将在城东湿地公园举办春季植树活动，欢迎市民报名参加。' },
      ],
    );
  });
});

describe('a headline group printed under its credit, after the lead', () => {
  it('the lead before the credit is the body\'s; the kicker and headline set apart under the credit head the article', () => {
    const page = [
      '家门口多了一片绿，老人带着孙子散步，',
      '年轻人下班后来跑步，公园成了街坊们最爱去的地方。',
      '',
      '本报记者 钱文 通讯员 李平',
      '',
      '全市今年计划在老城区新建口袋公园二十座，年底前全部向市民开放',
      '',
      '家门口的公园多起来了',
      '',
      '记者昨天从市园林局了解到，今年全市将在老城区',
      '新建二十座口袋公园，每座公园都配有健身器材和',
      '儿童游乐设施，首批八座已经开工建设。',
      '',
    ].join('\n');
    const [article, ...rest] = recoverPage(page).articles;
    assert.equal(rest.length, 0);
    assert.equal(article.kicker, '全市今年计划在老城区新建口袋公园二十座，年底前全部向市民开放');
    assert.equal(article.headline, '家门口的公园多起来了');
    assert.equal(article.byline, '本报记者 钱文 通讯员 李平');
    assert.equal(
      bodyOf(article),
      '家门口多了一片绿，老人带着孙子散步，年轻人下班后来跑步，公园成了街坊们最爱去的地方。记者昨天从市园林局了解到，今年全市将在老城区新建二十座口袋公园，每座公园都配有健身器材和儿童游乐设施，首批八座已经开工建设。',
    );
  });
});
