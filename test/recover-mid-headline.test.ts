import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPage } from '../src/recover/index.ts';

/** Invented prose set in a 16-character column, each printed line its own raw line. */
function set(text: string, width = 16): string[] {
  const chars = [...text];
  const out: string[] = [];
  while (chars.length > 0) out.push(chars.splice(0, width).join(''));
  return out;
}

const FIRST = [
  '近日，记者来到河西新区物流园的建设工地，塔吊林立，运输车辆往来不停，一派繁忙景象。',
  '园区负责人周海说，一期工程将在今年秋天完工，届时可以容纳两百多家企业入驻。',
];
const REST = [
  '物流园是连接东西部的重要节点，承担着全省近三成的货物中转任务，这里的每一条线路都关系着千家万户的日常生活。',
  '据介绍，园区还将建设冷链仓储中心和多式联运站台，进一步提升货物周转效率，让本地的农产品更快地走向全国各地。',
  '周海表示，园区建成后预计每年可以新增就业岗位一万余个，带动周边乡镇共同发展。',
];
/** A kicker set across the columns (wider than any body line), the headline's two lines under it. */
const KICKER = '河西新区物流园一期工程总投资超过六十亿元，预计今年秋天完工';
const HEADLINE = ['一座物流园', '连起东西部'];

/** One article on a page printing headlines after bodies: its first column, then its headline group, then the rest. */
function page(closing: string[]): string {
  return [
    '本报记者 吴芳',
    ...FIRST.flatMap((p) => set(p)),
    KICKER,
    ...HEADLINE,
    ...REST.flatMap((p) => set(p)),
    ...closing,
    '',
  ].join('\n');
}

test('recover: a headline group printed between two columns of its article heads it; a code prompt and a caption after it head nothing', () => {
  const { articles } = recoverPage(page(['扫码说说你的看法', '河西新区物流园效果图']));
  assert.equal(articles.length, 1);
  const [article] = articles;
  assert.equal(article.kicker, KICKER);
  assert.equal(article.headline, HEADLINE.join(' '));
  assert.equal(article.byline, '本报记者 吴芳');
  const texts = article.paragraphs.map((p) => p.text);
  for (const p of [...FIRST, ...REST]) assert.ok(texts.includes(p), p);
  assert.ok(!texts.some((t) => t.includes(KICKER) || t.includes(HEADLINE[1])));
});

test('recover: a caption closing a headline-after page is no headline of its own', () => {
  const { articles } = recoverPage(['本报记者 吴芳', ...FIRST.flatMap((p) => set(p)), ...REST.flatMap((p) => set(p)), '河西新区物流园效果图', ''].join('\n'));
  assert.equal(articles.length, 1);
  assert.notEqual(articles[0].headline, '河西新区物流园效果图');
});

test('recover: a kicker set across the columns in two lines reads as one line; the two clauses under it are the headline', () => {
  const text = [
    '本报记者 吴芳',
    ...FIRST.flatMap((p) => set(p)),
    '河西新区物流园一期工程总投资超过六十亿元，全部建成后年吞吐量可达两千万吨，',
    '一期工程预计今年秋天完工，带动周边就业岗位一万余个',
    '一座新建的物流园',
    '要把货物“连起来”',
    ...REST.flatMap((p) => set(p)),
    '扫码说说你的看法',
    '河西新区物流园效果图',
    '',
  ].join('\n');
  const { articles } = recoverPage(text);
  assert.equal(articles.length, 1);
  assert.equal(articles[0].kicker, '河西新区物流园一期工程总投资超过六十亿元，全部建成后年吞吐量可达两千万吨，一期工程预计今年秋天完工，带动周边就业岗位一万余个');
  assert.equal(articles[0].headline, '一座新建的物流园 要把货物“连起来”');
  assert.equal(articles[0].subtitle, null);
});
