import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Lunar, LunarYear } from 'lunar-typescript';
import { extractDates, lunarNewYearsEve, springFestival, type DateContext, type DateFact } from '../src/extract/dates.ts';
import { cpSlice } from '../src/extract/span.ts';

const ctx = (issueDate: string | null, issueDateEarliest: string | null = null, issueDateLatest: string | null = null): DateContext => ({ issueDate, issueDateEarliest, issueDateLatest });
const I2020 = ctx('2020-02-14');
const I2021 = ctx('2021-01-14');

function only(text: string, c: DateContext): DateFact {
  const ds = extractDates(text, c);
  assert.equal(ds.length, 1, `expected one fact in ${text}, got ${JSON.stringify(ds.map((d) => d.quote))}`);
  return ds[0];
}
const pick = (d: DateFact) => [d.quote, d.date, d.time, d.precision, d.calendar, d.year_source];

/** Seed page as the pipeline would give it: line breaks joined, justification spaces removed. */
function seed(name: string): string {
  const raw = readFileSync(new URL(`../data/raw/${name}`, import.meta.url), 'utf8');
  return raw.split(/\n\s*\n/).map((p) => p.replace(/\n/g, '').replace(/[ \u3000]+/g, '')).join('\n');
}

describe('extractDates: gregorian', () => {
  it('1月4日 / 1月4日晚', () => {
    assert.deepEqual(pick(only('1月4日，焦作交警', I2021)), ['1月4日', '2021-01-04', null, 'day', 'gregorian', 'issue_date']);
    const d = only('1月4日晚，晋新高速焦作南站迎宾路出口，近20名疫情防控人员正在雪中坚守。', I2021);
    assert.deepEqual(pick(d), ['1月4日晚', '2021-01-04', null, 'day', 'gregorian', 'issue_date']);
    assert.equal(d.part_of_day, '晚');
  });
  it('1月11日22时40分 → 22:40, minute precision', () => {
    const d = only('1月11日22时40分，马村区疾控中心值班人员接到电话', I2021);
    assert.deepEqual(pick(d), ['1月11日22时40分', '2021-01-11', '22:40', 'minute', 'gregorian', 'issue_date']);
  });
  it('2月12日24时 → the next day 00:00', () => {
    const d = only('截至2月12日24时，孟州市无确诊病例报告。', I2020);
    assert.deepEqual(pick(d), ['2月12日24时', '2020-02-13', '00:00', 'hour', 'gregorian', 'issue_date']);
  });
  it('自1月4日14时起 → 14:00', () => {
    assert.deepEqual(pick(only('自1月4日14时起，为有效防止疫情输入和传播', I2021)), ['1月4日14时', '2021-01-04', '14:00', 'hour', 'gregorian', 'issue_date']);
  });
  it('晚上8时 / 下午5点半 convert to the 24-hour clock', () => {
    assert.equal(only('2月3日晚上8时', I2020).time, '20:00');
    const d = only('2月3日下午5点半', I2020);
    assert.deepEqual([d.time, d.precision], ['17:30', 'minute']);
  });
  it('今年3月 → month precision, year from the issue date', () => {
    const d = only('今年3月即将退休的琚春生工作起来一丝不苟', I2021);
    assert.deepEqual(pick(d), ['今年3月', '2021-03-01', null, 'month', 'gregorian', 'issue_date']);
  });
  it('2020年年初 → year precision, printed year', () => {
    const d = only('郭连生从2020年年初疫情防控开始，已记不得多少次在卡点值守。', I2021);
    assert.deepEqual(pick(d), ['2020年年初', '2020-01-01', null, 'year', 'gregorian', 'text']);
  });
  it('2016 年 (justification space) → year', () => {
    assert.deepEqual(pick(only('2016 年，王晋豫等人响应号召', I2020)), ['2016 年', '2016-01-01', null, 'year', 'gregorian', 'text']);
  });
  it('spaced dates from raw layout: 1 月 27 日', () => {
    assert.deepEqual(pick(only('1 月 27 日，焦作市新冠肺炎中医防治技术指导组专家', I2020)), ['1 月 27 日', '2020-01-27', null, 'day', 'gregorian', 'issue_date']);
  });
  it('full printed date → year_source text', () => {
    assert.deepEqual(pick(only('2022年1月3日，', I2020)), ['2022年1月3日', '2022-01-03', null, 'day', 'gregorian', 'text']);
  });
  it('2020年1月23日至2月8日: the printed year carries within the sentence; 2月1日至7日', () => {
    const ds = extractDates('2020年1月23日至2月8日，全市实行封闭管理。', I2021);
    assert.deepEqual(ds.map((d) => [d.quote, d.date, d.year_source]), [['2020年1月23日', '2020-01-23', 'text'], ['2月8日', '2020-02-08', 'text']]);
    const r = extractDates('2月1日至7日，连续发放', I2020);
    assert.deepEqual(r.map((d) => [d.quote, d.date, d.relative_to]), [['2月1日', '2020-02-01', null], ['7日', '2020-02-07', 0]]);
  });
  it('day alone at a sentence start: 12日，… (issue month)', () => {
    assert.deepEqual(pick(only('12日，记者从市卫健委获悉', I2020)), ['12日', '2020-02-12', null, 'day', 'gregorian', 'issue_date']);
  });
  it('10日晚8时许 / 4月8日零时 / 国庆节 (previous October in a February issue)', () => {
    const d = only('10日晚8时许，一辆货车驶入检测站。', I2020);
    assert.deepEqual([d.date, d.time, d.approximate, d.part_of_day], ['2020-02-10', '20:00', true, '晚']);
    assert.deepEqual([only('4月8日零时起，武汉解除离汉通道管控。', I2020).time, only('4月8日零时起', I2020).date], ['00:00', '2020-04-08']);
    assert.equal(only('国庆节期间，全市各景区实行预约限流。', I2020).date, '2019-10-01');
  });
  it('昨日 → issue date − 1', () => {
    assert.equal(only('昨日，记者从市卫健委获悉', I2020).date, '2020-02-13');
  });
});

describe('extractDates: year resolution rule (~2 months after the issue → previous year)', () => {
  it('January issue: 11月5日 is last year, 3月 is this year', () => {
    assert.equal(only('11月5日，', I2021).date, '2020-11-05');
    assert.equal(only('3月8日，', I2021).date, '2021-03-08');
    assert.equal(only('4月8日，', ctx('2021-01-14')).date, '2020-04-08');
  });
  it('December issue: 1月5日 is the coming January', () => {
    assert.equal(only('1月5日起施行', ctx('2021-12-20')).date, '2022-01-05');
  });
  it('no issue date, but earliest/latest in the same year → issue_date', () => {
    const d = only('2月3日，', ctx(null, '2020-02-01', '2020-02-20'));
    assert.deepEqual([d.date, d.year_source], ['2020-02-03', 'issue_date']);
  });
  it('earliest/latest in different years: page_evidence when one candidate fits, else null', () => {
    const d = only('1月20日，', ctx(null, '2020-12-28', '2021-01-05'));
    assert.deepEqual([d.date, d.year_source], ['2021-01-20', 'page_evidence']);
    const n = only('12月1日，', ctx(null, '2019-12-01', '2021-06-01'));
    assert.deepEqual([n.date, n.year_source], [null, null]);
  });
  it('no context at all → date null', () => {
    const d = only('2月3日，', ctx(null));
    assert.deepEqual([d.date, d.year_source, d.precision], [null, null, 'day']);
  });
});

describe('extractDates: lunar', () => {
  it('春节 → 正月初一 of that year', () => {
    assert.deepEqual(pick(only('全体员工春节不放假', I2020)), ['春节', '2020-01-25', null, 'day', 'lunar', 'issue_date']);
    assert.equal(only('春节期间', ctx('2022-01-20')).date, '2022-02-01');
  });
  it('农历正月初三 / 农历大年初五 / 正月初十', () => {
    assert.equal(only('农历正月初三', I2020).date, '2020-01-27');
    assert.equal(only('农历大年初五', I2020).date, '2020-01-29');
    assert.equal(only('到正月初十每天保证', I2020).date, '2020-02-03');
  });
  it('大年三十 / 除夕 = the day before 正月初一, computed by the library', () => {
    assert.equal(only('农历大年三十', I2020).date, '2020-01-24');
    assert.equal(only('除夕夜', I2020).date, '2020-01-24');
    // 2022: 腊月 of lunar 2021 has only 29 days, so 除夕 is 腊月廿九 = 2022-01-31
    assert.equal(LunarYear.fromYear(2021).getMonth(12)!.getDayCount(), 29);
    assert.throws(() => Lunar.fromYmd(2021, 12, 30));
    assert.equal(only('大年三十', ctx('2022-02-10')).date, '2022-01-31');
    assert.equal(only('除夕', ctx('2022-02-10')).date, '2022-01-31');
    assert.equal(only('腊月三十', ctx('2022-02-10')).date, '2022-01-31');
    assert.equal(lunarNewYearsEve(2020), '2020-01-24');
    assert.equal(springFestival(2021), '2021-02-12');
  });
  it('腊月二十三 before the Spring Festival resolves into the right year', () => {
    assert.equal(only('腊月二十三', ctx('2020-01-10')).date, '2020-01-17');
    assert.equal(only('腊月二十三', I2020).date, '2020-01-17');
  });
  it('从农历大年三十到正月初十 → two lunar facts', () => {
    const ds = extractDates('60多个商户放弃休假，从农历大年三十到正月初十每天保证150吨到200吨蔬菜供应', I2020);
    assert.deepEqual(ds.map((d) => [d.quote, d.date, d.calendar]), [['农历大年三十', '2020-01-24', 'lunar'], ['正月初十', '2020-02-03', 'lunar']]);
  });
  it('1月27日（农历大年初三）: two facts that agree', () => {
    const ds = extractDates('该企业1月27日（农历大年初三）接到国家有关部门“恢复生产”的通知后', I2020);
    assert.equal(ds.length, 2);
    assert.deepEqual(ds.map((d) => [d.quote, d.calendar]), [['1月27日', 'gregorian'], ['农历大年初三', 'lunar']]);
    assert.equal(ds[0].date, ds[1].date);
    assert.equal(ds[0].date, '2020-01-27');
  });
  it('2月1日，农历正月初八: two facts that agree', () => {
    const ds = extractDates('2月1日，农历正月初八，市防控物资生产保障会议发出“挖潜能，保生产”的号召', I2020);
    assert.deepEqual(ds.map((d) => [d.quote, d.date, d.calendar]), [['2月1日', '2020-02-01', 'gregorian'], ['农历正月初八', '2020-02-01', 'lunar']]);
  });
  it('今年春节 / 元宵节当天 / 1月25日（大年初一）', () => {
    assert.deepEqual(pick(only('今年春节前后，返乡人员较多。', I2020)), ['今年春节', '2020-01-25', null, 'day', 'lunar', 'issue_date']);
    const ds = extractDates('元宵节当天，志愿者仍坚守在岗位上。', I2020);
    assert.deepEqual(ds.map((d) => [d.quote, d.date, d.relative_to]), [['元宵节', '2020-02-08', null], ['当天', '2020-02-08', 0]]);
    const two = extractDates('1月25日（大年初一）上午，市委书记到一线看望慰问医护人员。', I2020);
    assert.equal(two[0].date, two[1].date);
  });
  it('a printed year with a lunar date: 2020年春节', () => {
    assert.deepEqual(pick(only('2020年春节', ctx(null))), ['2020年春节', '2020-01-25', null, 'day', 'lunar', 'text']);
  });
});

describe('extractDates: relative expressions', () => {
  it('当日下午17时许 → the anchor day at 17:00, approximate', () => {
    const text = '2月12日，当一辆运往武汉医疗物资的过境货车因燃料不足请求帮助时，中站高速路口检测站一线工作人员全力帮助，为驰援武汉物资加速。\n当日下午 17 时许，一辆山西牌照的货车在郑焦晋高速中站西路口检测站突然停下求救。';
    const ds = extractDates(text, I2020);
    assert.equal(ds.length, 2);
    const r = ds[1];
    assert.deepEqual(pick(r), ['当日下午 17 时许', '2020-02-12', '17:00', 'hour', 'gregorian', 'relative']);
    assert.deepEqual([r.relative_to, r.approximate, r.part_of_day, r.rule], [0, true, '下午', 'relative-day+time']);
  });
  it('第二天 / 次日 → anchor + 1 day', () => {
    const ds = extractDates('该企业1月27日（农历大年初三）接到国家有关部门“恢复生产”的通知后，连夜通知放假在家的焦作藉工人第二天上班，1月29日（农历大年初五）开始生产。', I2020);
    const second = ds.find((d) => d.quote === '第二天')!;
    assert.equal(second.date, '2020-01-28');
    assert.equal(ds[second.relative_to!].date, '2020-01-27');
    const c = extractDates('2月3日上午，次日凌晨5时', I2020);
    assert.deepEqual(c.map((d) => [d.quote, d.date, d.time, d.relative_to]), [['2月3日上午', '2020-02-03', null, null], ['次日凌晨5时', '2020-02-04', '05:00', 0]]);
  });
  it('从18时开始，到次日8时结束 → times (a recurring schedule: no date)', () => {
    const ds = extractDates('1月2日起，这对志愿者“夫妻岗”正式“上线”，每三天值夜班一次，从18时开始，到次日8时结束。', I2021);
    assert.deepEqual(ds.map((d) => [d.quote, d.date, d.time, d.precision, d.relative_to]), [
      ['1月2日', '2021-01-02', null, 'day', null],
      ['18时', null, '18:00', 'hour', null],
      ['次日8时', null, '08:00', 'hour', 1],
    ]);
  });
  it('after characters of two units, the sentence and a 每 between a date and a time are read at their code points', () => {
    const anchored = extractDates('𠀀2月3日，𠀀周一9时开会。𠀀10时散会', I2020);
    assert.deepEqual(anchored.map((d) => [d.quote, d.start, d.date, d.time, d.relative_to]), [
      ['2月3日', 1, '2020-02-03', null, null],
      ['9时', 9, '2020-02-03', '09:00', 0],
      ['10时', 15, null, '10:00', null],
    ]);
    const recurring = extractDates('𠀀2月3日，𠀀每周一9时开会', I2020);
    assert.deepEqual(recurring.map((d) => [d.quote, d.date, d.time, d.relative_to]), [['2月3日', '2020-02-03', null, null], ['9时', null, '09:00', null]]);
  });
  it('a bare time after a date in the same sentence takes that date', () => {
    const ds = extractDates('2月3日，会议从9时开始', I2020);
    assert.deepEqual(ds.map((d) => [d.quote, d.date, d.time, d.relative_to, d.year_source]), [['2月3日', '2020-02-03', null, null, 'issue_date'], ['9时', '2020-02-03', '09:00', 0, 'relative']]);
  });
  it('报到当天 → the previous day fact', () => {
    const ds = extractDates('2月2日深夜，郭志立得知消息后，第一时间通过电话向领导请战并得到批准。报到当天，郭志立就加入微信群', I2020);
    assert.deepEqual(ds.map((d) => [d.quote, d.date, d.part_of_day]), [['2月2日深夜', '2020-02-02', '深夜'], ['当天', '2020-02-02', null]]);
  });
});

describe('extractDates: not dates', () => {
  const none = [
    '该公司员工全天 24 小时加班生产。',
    '亿中弘 7 天完成生产过程',
    '最少也得 1 年。',
    '经过3年多的努力',
    '第一时间下发通知',
    '连续发放七天',
    '提出3点要求',
    '同时，开展代购服务',
    '已经坚守两个多月',
  ];
  for (const s of none) it(s, () => assert.deepEqual(extractDates(s, I2020).map((d) => d.quote), []));
});

describe('extractDates: seed pages', () => {
  it('page 002 (issue assumed 2020-02-14): every quote is the code-point slice; key facts', () => {
    const text = seed('002_ecc4107209b7bf27.txt');
    const ds = extractDates(text, I2020);
    for (const d of ds) assert.equal(cpSlice(text, d.start, d.end), d.quote);
    const got = ds.map((d) => `${d.quote}=${d.date}${d.time ? 'T' + d.time : ''}`);
    for (const want of [
      '2016年=2016-01-01', '1月28日=2020-01-28', '2月12日下午=2020-02-12', '当日下午17时许=2020-02-12T17:00',
      '2月12日24时=2020-02-13T00:00', '农历正月初三=2020-01-27', '农历正月初八=2020-02-01', '第二天=2020-01-28',
      '农历大年初五=2020-01-29', '春节=2020-01-25', '农历大年初七=2020-01-31', '农历大年三十=2020-01-24',
      '正月初十=2020-02-03', '2月10日=2020-02-10', '2月12日晚=2020-02-12', '2月2日深夜=2020-02-02',
    ]) assert.ok(got.includes(want), `${want} missing from ${got.join(', ')}`);
    // nothing from durations
    assert.ok(!got.some((g) => /小时|^[0-9七]+天|^1年/.test(g)), got.join(', '));
    assert.equal(ds.length, 34);
  });
  it('page 000 (issue assumed 2021-01-14)', () => {
    const text = seed('000_0f81d0fce9b36645.txt');
    const ds = extractDates(text, I2021);
    for (const d of ds) assert.equal(cpSlice(text, d.start, d.end), d.quote);
    assert.deepEqual(ds.map((d) => `${d.quote}=${d.date}${d.time ? 'T' + d.time : ''}`), [
      '1月4日晚=2021-01-04', '2020年年初=2020-01-01', '当天=2021-01-04', '1月4日14时=2021-01-04T14:00',
      '1月12日一大早=2021-01-12', '1月2日=2021-01-02', '18时=nullT18:00', '次日8时=nullT08:00',
      '1月11日22时40分=2021-01-11T22:40', '今年3月=2021-03-01', '今年=2021-01-01',
    ]);
  });
  it('offsets are code points', () => {
    const text = '𠀀𠀀1月27日（农历大年初三）';
    const ds = extractDates(text, I2020);
    assert.deepEqual(ds.map((d) => [d.start, d.end, d.quote]), [[2, 7, '1月27日'], [8, 14, '农历大年初三']]);
  });
});

describe('extractDates: lunar days without a month, solar terms', () => {
  it('初六那天 is 初六 of the issue lunar month (2020-02-14 is 正月廿一): 2020-01-30', () => {
    assert.deepEqual(pick(only('初六那天，他回到了村里。', I2020)), ['初六', '2020-01-30', null, 'day', 'lunar', 'issue_date']);
  });
  it('a lone lunar day after the issue falls in the month before (2021-01-14 is 腊月初二: 初三 is 冬月初三)', () => {
    assert.deepEqual(pick(only('初三晚上，他赶到现场。', I2021)), ['初三晚上', '2020-12-17', null, 'day', 'lunar', 'issue_date']);
  });
  it('年初, 月初 and school grades (初一学生) are no dates', () => {
    assert.deepEqual(extractDates('年初一些企业复工，初一学生开学。', I2020).map((d) => d.quote), []);
  });
  it('the second day of a list (18日、19日) and a time with 多 (中午12点多, approximate)', () => {
    assert.deepEqual(extractDates('18日、19日两天，全市开展消杀。', I2020).map(pick), [
      ['18日', '2020-01-18', null, 'day', 'gregorian', 'issue_date'],
      ['19日', '2020-01-19', null, 'day', 'gregorian', 'issue_date'],
    ]);
    const d = only('中午12点多，物资送到了。', I2020);
    assert.deepEqual([d.quote, d.time, d.approximate, d.part_of_day], ['中午12点多', '12:00', true, '中午']);
  });
  it('立春 and 冬至 are dated in the window of the issue', () => {
    assert.deepEqual(pick(only('立春以来，气温回升。', I2020)), ['立春', '2020-02-04', null, 'day', 'gregorian', 'issue_date']);
    assert.deepEqual(pick(only('冬至那天，社区送来饺子。', I2021)), ['冬至', '2020-12-21', null, 'day', 'gregorian', 'issue_date']);
  });
});

describe('extractDates: invariants on random text', () => {
  it('never throws; quotes are code-point slices; relative_to points backwards', async () => {
    const fc = (await import('fast-check')).default;
    const alphabet = Array.from('0123456789０１一二三十廿初正腊年月日号时分点半许晚上下午今去当次第天农历大除夕春节，。 𠀀');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const ds = extractDates(text, I2020);
        ds.forEach((d, i) => {
          assert.equal(cpSlice(text, d.start, d.end), d.quote);
          if (d.relative_to !== null) assert.ok(d.relative_to < i);
          if (d.date) assert.match(d.date, /^\d{4}-\d{2}-\d{2}$/);
          if (d.time) assert.match(d.time, /^\d{2}:\d{2}$/);
        });
      }),
      { numRuns: 2000, seed: 42 },
    );
  });
});
