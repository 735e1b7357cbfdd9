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

const FIRST_BODY = '本报讯 近日，市交警支队又曝光了一批违停车辆，这些车辆在学校门口和医院周边多次违停，影响了正常通行，车牌号分别是：';
const HEADLINE = '城南新开两条公交线路';
const SECOND_BODY = '本报讯 为方便城南片区居民出行，市公交集团昨日新开两条公交线路，连接城南新区和火车站，首末班时间与地铁一致。';

/**
 * A page as pdfminer prints it with its default settings: Latin letters and figures pulled out of
 * their lines into boxes of their own, so the plates an article lists stand as codes, one a line,
 * then the rest of the list's line (`号：湘`), right above the next article's headline.
 */
const PAGE = [
  '一批违停车辆被曝光',
  '记者 林涛',
  set(FIRST_BODY),
  ['HB2741', 'KT9035', 'MR7716', 'QX5820'].join('\n'),
  ['AP6610', 'GD4127', 'TT3095'].join('\n'),
  '号 ：湘',
  HEADLINE,
  '记者 王敏',
  set(SECOND_BODY),
  '',
].join('\n\n');

test('recover: codes of letters and figures and a line cut one character after a colon are no heading', () => {
  const { articles } = recoverPage(PAGE);
  const second = articles.find((a) => a.headline === HEADLINE);
  assert.ok(second, 'the second article has its headline');
  assert.equal(second.kicker, null);
  assert.equal(second.subtitle, null);
  assert.deepEqual(
    second.paragraphs.map((p) => p.text),
    [SECOND_BODY.replace(/^本报讯 /u, '')],
  );
  const first = articles.find((a) => a.headline === '一批违停车辆被曝光');
  assert.ok(first, 'the first article keeps its headline');
  assert.ok(!first.paragraphs.some((p) => p.kind === 'subheading'), 'no code is a subheading of the first article');
});
