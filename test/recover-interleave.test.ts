import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyLines } from '../src/recover/lines.ts';
import { separateInterleaved } from '../src/recover/interleave.ts';
import { recoverPage } from '../src/recover/index.ts';

// Two invented columns of 15 characters, each line breaking off where the text runs on.
const LEFT = [
  '青山镇今年春天新建了一座公共图',
  '书馆，馆内藏书两万多册，每天吸',
  '引不少居民前来阅读和学习。馆长',
  '介绍，图书馆还开设了儿童阅读区',
  '和电子阅览室，方便不同年龄的读',
  '者使用，周末的借阅人数明显增',
  '加。',
  '下一步，图书馆将联合附近学校开',
  '展读书活动，进一步丰富群众的文',
  '化生活。',
];
const RIGHT = [
  '与此同时，镇上的农贸市场也完成',
  '了全面改造，摊位整齐划一，环境',
  '卫生明显改善。市场管理人员表',
  '示，改造后的市场增加了停车位和',
  '照明设施，群众买菜更加方便，商',
  '户的经营收入也有了提高。',
  '据了解，镇里还计划在今年秋天建',
  '成一处健身广场，供附近居民休',
  '闲锻炼，目前各项准备工作正在有',
  '序推进。',
];

/** The two columns as a box-ordering extractor prints them: a line of each in turn, each line a block of its own. */
function interleaved(left: readonly string[], right: readonly string[]): string[] {
  const raw: string[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (i < left.length) raw.push(left[i], '');
    if (i < right.length) raw.push(right[i], '');
  }
  return raw;
}

const bodyOf = (raw: readonly string[]) => classifyLines(raw).filter((l) => l.kind !== 'blank');

test('interleave: two columns printed a line of each in turn are read one after the other, the left first', () => {
  const body = bodyOf(interleaved(LEFT, RIGHT));
  assert.deepEqual(
    separateInterleaved(body).map((l) => l.text),
    [...LEFT, ...RIGHT],
  );
});

test('interleave: where the right column starts beside a left column already running, the left goes on first', () => {
  // Two lines of the left column above the run; the right column's first two lines print as one block.
  const above = ['镇文化站的负责人告诉记者，近年', '来全镇的文化设施建设明显加快，'];
  const raw = [...above.flatMap((l) => [l, '']), RIGHT[0], RIGHT[1], '', ...interleaved(LEFT, RIGHT.slice(2))];
  assert.deepEqual(
    separateInterleaved(bodyOf(raw)).map((l) => l.text),
    [...above, ...LEFT, ...RIGHT],
  );
});

test('interleave: one column whose lines stand apart keeps its order', () => {
  const column = [...LEFT, ...RIGHT];
  const body = bodyOf(column.flatMap((l) => [l, '']));
  assert.equal(separateInterleaved(body), body);
});

test('interleave: lines printed in blocks are never looked at', () => {
  const body = bodyOf([...LEFT, '', ...RIGHT]);
  assert.equal(separateInterleaved(body), body);
});

test('interleave: recovery reads an article whose two columns alternate line by line column after column', () => {
  const text = ['青山镇新建图书馆和农贸市场', '', '本报记者 林小川', '', ...interleaved(LEFT, RIGHT)].join('\n');
  const [article] = recoverPage(text).articles;
  assert.equal(article.headline, '青山镇新建图书馆和农贸市场');
  assert.deepEqual(
    article.paragraphs.map((p) => p.text),
    [LEFT.slice(0, 7).join(''), LEFT.slice(7).join(''), RIGHT.slice(0, 6).join(''), RIGHT.slice(6).join('')],
  );
});

/**
 * Seed article bodies set in `count` columns side by side (14-22 characters; the others as wide as
 * the first, or each of its own width), printed a line of each in turn: the first from its
 * article's start, the others from anywhere in another article.
 */
async function columnsInTurn(sets: number, count: number, ownWidth: boolean): Promise<{ exact: number; touched: number[] }> {
  const { seedArticles } = await import('./support/relaid-pages.ts');
  const { seededRandom, wrapParagraph } = await import('./support/render-page.ts');
  const random = seededRandom(count * 10 + (ownWidth ? 6 : 5));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const bodies = seedArticles.map((a) => a.paragraphs.filter((p) => p.kind === 'body').map((p) => p.text)).filter((ps) => ps.join('').length > 300);
  let exact = 0;
  const touched: number[] = [];
  for (let k = 0; k < sets; k++) {
    const first = 14 + Math.floor(random() * 9);
    const length = 10 + Math.floor(random() * 15);
    const columns: string[][] = [];
    for (let c = 0; c < count; c++) {
      const lines = pick(bodies).flatMap((p) => wrapParagraph(p, c > 0 && ownWidth ? 12 + Math.floor(random() * 13) : first));
      const from = c === 0 ? 0 : Math.floor(random() * Math.max(1, lines.length - length));
      columns.push(lines.slice(from, from + length));
    }
    const raw: string[] = [];
    for (let i = 0; i < length; i++) for (const c of columns) if (i < c.length) raw.push(c[i], '');
    const read = separateInterleaved(bodyOf(raw)).map((l) => l.text);
    if (read.join('\n') === columns.flat().join('\n')) exact++;
    const single = bodyOf(columns.flat().flatMap((l) => [l, '']));
    if (separateInterleaved(single) !== single) touched.push(k);
  }
  return { exact, touched };
}

test('interleave: seed articles set in pairs of columns printed line by line are read column after column; each set as one column stays as it is', async () => {
  const { exact, touched } = await columnsInTurn(80, 2, false);
  assert.deepEqual(touched, [], 'one column set apart line by line is left as it is');
  // 75 of 80 when written; the misses are joins the text cannot settle (a column's last line after the other's).
assert.ok(exact >= 68, `${exact} of 80 pairs read exactly`);
});

test('interleave: the same with columns of two widths side by side', async () => {
  const { exact, touched } = await columnsInTurn(80, 2, true);
  assert.deepEqual(touched, []);
  // 73 of 80 when written.
assert.ok(exact >= 64, `${exact} of 80 pairs read exactly`);
});

test('interleave: the same with three columns in turn', async () => {
  const { exact, touched } = await columnsInTurn(60, 3, false);
  assert.deepEqual(touched, []);
  // 52 of 60 when written.
assert.ok(exact >= 45, `${exact} of 60 sets read exactly`);
});
