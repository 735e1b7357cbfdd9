import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPage } from '../src/recover/index.ts';

/** Invented prose set in a 16-character column: each printed line its own raw line, one block. */
function set(text: string, width = 16): string {
  const chars = [...text];
  const out: string[] = [];
  while (chars.length > 0) out.push(chars.splice(0, width).join(''));
  return out.join('\n');
}

const FIRST_BODY = [
  '本报讯 记者昨日从市公交集团获悉，为方便市民出行，三条公交线路从今天起调整走向，途经新建的滨江公园和体育中心。',
  '调整后，市民可以在滨江公园站换乘地铁二号线，往返城东和城西的时间缩短了一刻钟左右，出行更加便利。',
];
const KICKER = '提个醒';
const HEADLINE = '这些路段夜间施工';
/**
 * A list of vehicle plates (a province's character and a code), printed as an extractor pulls
 * Latin letters and figures out of their line: the codes in boxes of their own, the separators and
 * the province characters left in others.
 */
const CODES = ['HB2741', 'KT9035', 'MR7716', 'QX5820'];
const SEPARATORS = ['、湘', '、湘', '、湘'];
const SECOND_LEAD = '本报讯 近日，市住建部门公布了新一批夜间施工路段的名单，这些路段的施工时间为晚上十点至次日早上六点。';
const SECOND_REST = '住建部门提醒，途经以上路段的车辆请减速慢行，注意施工围挡和临时标志，服从现场人员指挥。';

/**
 * A page as pdfminer prints it with its default settings: every text box a block between blank
 * lines, and the headline of the second article set inside the first one, over a list of codes
 * that belongs to neither, while the second article opens on its byline with no headline.
 */
const PAGE = [
  '三条公交线路今起调整',
  '记者 林涛',
  set(FIRST_BODY[0]),
  set(FIRST_BODY[1]),
  `${KICKER}\n${HEADLINE}`,
  CODES.join('\n'),
  SEPARATORS.join('\n'),
  '记者 王敏',
  set(SECOND_LEAD),
  set(SECOND_REST),
  '',
].join('\n\n');

test('recover: a headline set apart inside an article, over a list and naming an article with no headline elsewhere, ends the article', () => {
  const { articles } = recoverPage(PAGE);
  const first = articles.find((a) => a.headline === '三条公交线路今起调整');
  assert.ok(first, 'the first article keeps its headline');
  const firstText = first.paragraphs.map((p) => p.text).join('\n');
  assert.equal(firstText, FIRST_BODY.map((p) => p.replace(/^本报讯 /u, '')).join('\n'));
  // The heading and the codes under it are no part of the first article.
  const headingLine = PAGE.split('\n').indexOf(HEADLINE) + 1;
  assert.ok(first.lineEnd < headingLine - 1, `first article ends at ${first.lineEnd}, before the heading on ${headingLine}`);
  // The second article's text is read whole, in one article.
  const second = articles.find((a) => a.paragraphs.some((p) => SECOND_LEAD.endsWith(p.text)));
  assert.ok(second, 'the second article is recovered');
  assert.ok(second.paragraphs.some((p) => p.text === SECOND_REST));
  assert.equal(second.headline, HEADLINE);
  assert.equal(second.kicker, KICKER);
});
