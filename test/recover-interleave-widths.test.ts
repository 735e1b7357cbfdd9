import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyLines } from '../src/recover/lines.ts';
import { interleaveWork, separateInterleaved } from '../src/recover/interleave.ts';

// Invented text. A narrow column (12 characters, first lines indented by two) and two wide ones
// (18 characters), as a box-ordering extractor prints columns of different widths side by side:
// a line of each in turn, each line a block of its own.
const NARROW = [
  '河湾村今年春天修通了',
  '一条通往镇上的水泥路，村',
  '民出行比过去方便了许多。',
  '村里的合作社借着新路',
  '开起了农产品直销点，每天',
  '都有城里的客人开车来采购',
  '新鲜蔬菜和土鸡蛋。合作社',
  '负责人说，下一步打算在路',
  '边建一座小型冷库，让蔬菜',
  '保鲜的时间更长一些，也方',
  '便外地客商批量订货。',
  '说起今后的打算，村干',
  '部显得信心十足。他告诉记',
  '者，村里还准备把闲置的老',
  '校舍改造成民宿，吸引周边',
  '城市的游客周末前来体验乡',
  '村生活。',
];
const WIDE = [
  '在县城的另一头，新建的体育公园上',
  '个月正式向市民开放，园内设有篮球场、',
  '羽毛球场和一条环形健身步道。每到傍晚，',
  '前来锻炼的居民络绎不绝，不少家长带着',
  '孩子在草坪上放风筝，老人们则沿着步道',
  '慢慢散步聊天。',
  '公园管理处介绍，周末还会举办免费',
  '的健身讲座，邀请专业教练为大家指导运',
  '动方法，帮助居民科学锻炼身体，减少运',
  '动损伤。管理处还在入口处设置了饮水点',
  '和休息长椅，方便前来锻炼的居民随时补',
  '充水分。',
];
const OTHER = [
  '此外，县里的老年活动中心也完成了',
  '翻新，增加了书画室、棋牌室和康复理疗',
  '室，老人们在这里可以写字作画，也可以',
  '下棋聊天。活动中心每天早上八点开门，',
  '晚上九点关门，节假日照常开放。',
  '活动中心的工作人员表示，今后将定',
  '期组织文艺演出和健康义诊，让老人们的',
  '晚年生活更加丰富多彩，也欢迎年轻志愿',
  '者报名参与服务，陪伴老人读书看报。',
];

const bodyOf = (raw: readonly string[]) => classifyLines(raw).filter((l) => l.kind !== 'blank');
const apart = (lines: readonly string[]) => lines.flatMap((l) => [l, '']);

/**
 * The narrow column beside the first wide one for eight rows; then it stops (a picture beside it)
 * while the two wide columns go on in turn for four rows; then it goes on beside the second wide
 * one, its line first (`narrowFirst`) or second in each row. The narrow column breaks off inside
 * a word (路 / 边) where it stops.
 */
function withPause(narrowFirst: boolean): string[] {
  const raw: string[] = [];
  for (let i = 0; i < 8; i++) raw.push(NARROW[i], WIDE[i]);
  for (let i = 0; i < 4; i++) raw.push(WIDE[8 + i], OTHER[i]);
  for (let i = 0; i < 5; i++) raw.push(...(narrowFirst ? [NARROW[8 + i], OTHER[4 + i]] : [OTHER[4 + i], NARROW[8 + i]]));
  raw.push(...NARROW.slice(13));
  return apart(raw);
}

test('interleave widths: a narrow column that stops beside a picture while two wide ones go on is read in full, then each wide one', () => {
  assert.deepEqual(
    separateInterleaved(bodyOf(withPause(true))).map((l) => l.text),
    [...NARROW, ...WIDE, ...OTHER],
  );
});

test('interleave widths: the same where the narrow column goes on second in its rows', () => {
  assert.deepEqual(
    separateInterleaved(bodyOf(withPause(false))).map((l) => l.text),
    [...NARROW, ...WIDE, ...OTHER],
  );
});

test('interleave widths: the three columns one after the other, each line apart, stay as they are', () => {
  const body = bodyOf(apart([...NARROW, ...WIDE, ...OTHER]));
  assert.equal(separateInterleaved(body), body);
});

// The work is counted (joins weighed), not timed; the runner's timeout is only a hang guard.
test('interleave widths: a long body of columns of two widths printed in turn is weighed a bounded number of joins per line', { timeout: 120_000 }, () => {
  const long = (blocks: number) => {
    const raw: string[] = [];
    for (let k = 0; k < blocks; k++) raw.push(...withPause(k % 2 === 0));
    return bodyOf(raw);
  };
  const weigh = (body: readonly ReturnType<typeof bodyOf>[number][]) => {
    const before = interleaveWork.joins;
    const read = separateInterleaved(body);
    assert.equal(read.length, body.length);
    return interleaveWork.joins - before;
  };
  // 52 blocks, 1,976 lines, under the line cap: about 11 joins a line (the window, each piece's reach).
  const under = long(52);
  const joins = weigh(under);
  assert.ok(joins > 0 && joins <= 12 * under.length, `${joins} joins for ${under.length} lines`);
  // 60 blocks, 2,280 lines, over the line cap: left as it is, no join weighed.
  assert.equal(weigh(long(60)), 0);
});
