import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { buildGazetteer, candidateCodes, loadDivisions, loadGazetteer, lookupDivision } from '../src/extract/divisions.ts';
import { extractPlaces, type Place } from '../src/extract/places.ts';

const g = loadGazetteer();

/** quote → code for every place found. */
function codes(text: string): [string, string | null][] {
  return extractPlaces(text, g).map((p) => [p.quote, p.code]);
}

function assertSpans(text: string, places: Place[]) {
  const chars = Array.from(text);
  for (const p of places) {
    assert.equal(chars.slice(p.start, p.end).join(''), p.quote, `quote of ${p.quote}`);
    assert.equal(p.name, p.quote);
  }
}

describe('divisions gazetteer', () => {
  it('reads the same divisions, in the same order, without building the rest of the gazetteer', () => {
    assert.deepEqual([...loadDivisions().entries()], [...g.divisions.entries()]);
  });

  it('loads every row of both reference files', () => {
    const csv = readFileSync(new URL('../data/reference/jiaozuo_divisions.csv', import.meta.url), 'utf8');
    const rows = csv.trim().split('\n').length - 1;
    assert.equal(rows, 2148);
    assert.ok(g.divisions.size >= rows);
    assert.deepEqual(g.divisions.get('410811'), {
      code: '410811',
      name: '山阳区',
      level: 'county',
      parent_code: '4108',
      in_2022: true,
    });
  });

  it('returns every candidate of a shared name', () => {
    assert.deepEqual(candidateCodes(g, '太行街道'), ['410811004', '410882003']);
    assert.deepEqual(candidateCodes(g, '西水寨村'), ['410821204207', '410823004205']);
    assert.deepEqual(candidateCodes(g, '西水寨'), ['410821204207', '410823004205']);
  });

  it('keeps 月山街道 and 博爱县月山镇 apart and strips the 博爱县 prefix', () => {
    assert.deepEqual(candidateCodes(g, '月山街道'), ['410803006']);
    assert.deepEqual(candidateCodes(g, '月山镇'), ['410822102']);
    assert.deepEqual(candidateCodes(g, '博爱县月山镇'), ['410822102']);
    assert.deepEqual(candidateCodes(g, '清化镇街道'), ['410822001']);
    assert.equal(lookupDivision(g, '月山镇')[0].kind, 'prefix-stripped');
  });

  it('maps 示范区 and 城乡一体化示范区 to 410871', () => {
    assert.deepEqual(candidateCodes(g, '示范区'), ['410871']);
    assert.deepEqual(candidateCodes(g, '城乡一体化示范区'), ['410871']);
    assert.deepEqual(candidateCodes(g, '焦作城乡一体化示范区'), ['410871']);
  });

  it('builds village and community aliases, and takes names from other vintages', () => {
    assert.deepEqual(candidateCodes(g, '恩村三街'), ['410811009206']);
    assert.deepEqual(candidateCodes(g, '灵泉陂村'), ['410802009203']);
    assert.deepEqual(candidateCodes(g, '梅苑社区'), ['410803003001', '410804001007']);
    assert.deepEqual(candidateCodes(g, '道清里社区'), ['410802002002']); // 2023 name
    assert.deepEqual(candidateCodes(g, '圪当店镇'), ['410823108']); // 2020-2021 name
    assert.deepEqual(candidateCodes(g, '圪垱店镇'), ['410823108']);
    assert.equal(lookupDivision(g, '山阳').length, 0);
  });

  it('reports a malformed row with its record number', () => {
    assert.throws(
      () => buildGazetteer('code,name,level,parent_code\n4108,焦作市,city,41\n410802,解放区,district,4108\n'),
      /gazetteer jiaozuo_divisions\.csv: expected code,name,level\(city\|county\|township\|village\),parent_code, got .* on record 2/,
    );
  });
});

describe('extractPlaces', () => {
  it('resolves a chain county → township → unlisted community', () => {
    const text = '中站区月山街道月山社区党委书记刘芳的女儿张芷钰';
    const ps = extractPlaces(text, g);
    assertSpans(text, ps);
    assert.deepEqual(
      ps.map((p) => [p.quote, p.code, p.level, p.rule]),
      [
        ['中站区', '410803', 'county', 'gazetteer'],
        ['月山街道', '410803006', 'township', 'gazetteer'],
        ['月山社区', null, 'village', 'community-pattern'],
      ],
    );
    assert.equal(ps[2].in_jiaozuo, true);
  });

  it('resolves a shared village name by the township written before it', () => {
    const text = '焦作移动派驻武陟县木栾街道西水寨村扶贫工作组组长兼第一书记王晋豫就是其中一员。2016年，王晋豫等人响应号召，奔赴西水寨村开展驻村帮扶工作';
    const ps = extractPlaces(text, g);
    assertSpans(text, ps);
    const villages = ps.filter((p) => p.quote === '西水寨村');
    assert.equal(villages.length, 2);
    assert.deepEqual(
      villages.map((p) => [p.code, p.rule, p.ambiguous]),
      [
        ['410823004205', 'gazetteer-prefix', false],
        ['410823004205', 'gazetteer-context', false],
      ],
    );
    assert.deepEqual(villages[0].candidates, ['410821204207', '410823004205']);
    assert.deepEqual(
      ps.map((p) => p.quote),
      ['焦作', '武陟县', '木栾街道', '西水寨村', '西水寨村'],
    );
  });

  it('leaves 太行街道 unresolved without context and never guesses', () => {
    const [p] = extractPlaces('太行街道组织志愿者开展消杀。', g);
    assert.equal(p.code, null);
    assert.equal(p.ambiguous, true);
    assert.equal(p.level, 'township');
    assert.deepEqual(p.candidates, ['410811004', '410882003']);
    assert.equal(p.rule, 'gazetteer-ambiguous');
  });

  it('resolves 太行街道 by the county written before it or earlier in the article', () => {
    assert.deepEqual(codes('沁阳市太行街道'), [
      ['沁阳市', '410882'],
      ['太行街道', '410882003'],
    ]);
    const ps = extractPlaces('山阳区召开会议。会后，太行街道迅速行动。', g);
    assert.deepEqual(
      ps.map((p) => [p.quote, p.code, p.rule]),
      [
        ['山阳区', '410811', 'gazetteer'],
        ['太行街道', '410811004', 'gazetteer-context'],
      ],
    );
  });

  it('resolves a shared community by the township before it (梅苑社区 in 朱村街道)', () => {
    assert.deepEqual(codes('中站区朱村街道梅苑社区的志愿者吴华和岳玮'), [
      ['中站区', '410803'],
      ['朱村街道', '410803003'],
      ['梅苑社区', '410803003001'],
    ]);
  });

  it('maps 示范区 and 城乡一体化示范区 inside organization names', () => {
    assert.deepEqual(codes('负责带班的市城乡一体化示范区城管局副局长郭连生'), [['城乡一体化示范区', '410871']]);
    assert.deepEqual(codes('来自示范区苏家作乡卫生院。'), [
      ['示范区', '410871'],
      ['苏家作乡', '410871203'],
    ]);
  });

  it('finds villages written with 村, bare stems and listed communities', () => {
    assert.deepEqual(codes('在新城街道张庄村、恩村三街等村，各村都安排专人加紧熬制中药汤剂'), [
      ['新城街道', '410811009'],
      ['张庄村', '410811009207'],
      ['恩村三街', '410811009206'],
    ]);
    assert.deepEqual(codes('在中星街道巡返村，该村党总支统一购置'), [
      ['中星街道', '410811008'],
      ['巡返村', '410811008207'],
    ]);
    assert.deepEqual(codes('他们主动请缨到人流量、车流量大的灵泉陂村口卡点。'), [['灵泉陂村', '410802009203']]);
    assert.deepEqual(codes('在解放区民主街道道清里社区民政巷口的疫情防控卡点'), [
      ['解放区', '410802'],
      ['民主街道', '410802002'],
      ['道清里社区', '410802002002'],
    ]);
  });

  it('matches 月山镇 (博爱县) and 月山街道 (中站区) as different places', () => {
    assert.deepEqual(codes('博爱县月山镇和中站区月山街道'), [
      ['博爱县月山镇', '410822102'],
      ['中站区', '410803'],
      ['月山街道', '410803006'],
    ]);
    assert.deepEqual(codes('月山镇'), [['月山镇', '410822102']]);
  });

  it('marks places outside 焦作 with in_jiaozuo false and no code', () => {
    const text = '一辆山西牌照的货车向武汉运送医疗物资；每天为武汉、湖北返乡居家隔离人员熬制中药；焦作国药控股承担着全市及济源市的医药配送任务；郑州81号确诊病例；商丘师范学院';
    const ps = extractPlaces(text, g);
    assertSpans(text, ps);
    const outside = ps.filter((p) => !p.in_jiaozuo);
    assert.deepEqual(
      outside.map((p) => p.quote),
      ['山西', '武汉', '武汉', '湖北', '济源市', '郑州', '商丘'],
    );
    for (const p of outside) {
      assert.equal(p.code, null);
      assert.equal(p.level, null);
      assert.equal(p.ambiguous, false);
    }
    // their national codes (province, prefecture), from data/reference/china_divisions.csv
    assert.deepEqual(
      outside.map((p) => [p.national_code, p.national_level]),
      [['14', 'province'], ['4201', 'city'], ['4201', 'city'], ['42', 'province'], ['419001', 'county'], ['4101', 'city'], ['4114', 'city']],
    );
  });

  it('a division elsewhere gets its national code by context; a 焦作 homonym there gets no 焦作 code', () => {
    const rows = (text: string) => extractPlaces(text, g).map((p) => [p.quote, p.code, p.national_code, p.in_jiaozuo]);
    assert.deepEqual(rows('武汉市江夏区龙泉街道发生疫情'), [['武汉市', null, '4201', false], ['江夏区', null, '420115', false], ['龙泉街道', null, null, false]]);
    assert.deepEqual(rows('武陟县龙泉街道组织核酸检测'), [['武陟县', '410823', '410823', true], ['龙泉街道', '410823003', '410823003', true]]);
    // 新华区 is in 石家庄, 沧州 and 平顶山: the city written before it decides, else the paper's province
    assert.deepEqual(rows('河北省石家庄市新华区'), [['河北省', null, '13', false], ['石家庄市', null, '1301', false], ['新华区', null, '130105', false]]);
    assert.deepEqual(rows('他去了新华区'), [['新华区', null, '410402', false]]);
    // a short name only where the segmenter sees a word: 成都 in 完成都江堰 is not 成都
    assert.deepEqual(rows('已经完成都江堰的调查'), [['都江堰', null, '510181', false]]);
  });

  it('a district named without 区 only after its city; a later mention decides a shared name', () => {
    const rows = (text: string) => extractPlaces(text, g).map((p) => [p.quote, p.national_code, p.rule]);
    // 金川 is 金川县 (四川) by name, but 金川区 under 金昌市 named before it
    assert.deepEqual(rows('金昌市举行表彰会，金川交警代表发言'), [['金昌市', '6203', 'national'], ['金川', '620302', 'national-context']]);
    // a district stem with no city before it is no place (城关 is a town in most counties)
    assert.deepEqual(rows('会宁县城关中学的学生'), [['会宁县', '620422', 'national']]);
    // nor where a level word makes it another division (集美镇)
    assert.deepEqual(rows('厦门市集美镇龙舟池'), [['厦门市', '3502', 'national']]);
    // a road or a community named after a place is not the place
    assert.deepEqual(rows('住在兴平路的居民'), []);
    assert.deepEqual(rows('龙山社区组织居民体检'), []);
    // 鼓楼区 is in 南京, 徐州, 福州 and 开封: 福州 written after it decides before the paper's province
    assert.deepEqual(rows('鼓楼区的老街区是福州的名片'), [['鼓楼区', '350102', 'national-context'], ['福州', '3501', 'national']]);
  });

  it('does not report roads, stations, bare county stems or ordinary words', () => {
    assert.deepEqual(codes('是山阳公安分局网安大队民警'), []);
    assert.deepEqual(codes('赶到最近的经三路南段加气站'), []);
    assert.deepEqual(codes('在新华南街北口疫情防控卡点值守'), []);
    assert.deepEqual(codes('1月4日晚，晋新高速焦作南站迎宾路出口'), [], 'a station named after the city is not the city');
    assert.deepEqual(codes('千村万户齐动员，完成都很顺利'), []);
    assert.deepEqual(codes('中站高速路口检测站'), []);
  });

  it('counts offsets in code points (astral characters before the match)', () => {
    const text = '𠀀𠀁孟州市南庄镇';
    const ps = extractPlaces(text, g);
    assert.deepEqual(
      ps.map((p) => [p.start, p.end, p.quote, p.code]),
      [
        [2, 5, '孟州市', '410883'],
        [5, 8, '南庄镇', '410883101'],
      ],
    );
    assertSpans(text, ps);
  });
});

/**
 * Evaluation over the two seed pages (whole page text with every line break and space removed,
 * so neighbouring articles run together; good enough for counting mentions). Gold: every place
 * mention a reader would mark, checked by hand, as quote → [code, count]. Roads, stations and
 * 我市 are not places (policy); bare 中站 and 芦堡 are, and are known misses.
 */
describe('evaluation on the seed pages', () => {
  const page = (file: string) => readFileSync(new URL(`../data/raw/${file}`, import.meta.url), 'utf8').replace(/\s+/gu, '');
  const gold: Record<string, Record<string, [string | null, number]>> = {
    '000_0f81d0fce9b36645.txt': {
      // 焦作南站 (a station) is not the city; 怀川 is the city's literary name.
      焦作: ['4108', 8], 怀川: ['4108', 3], 城乡一体化示范区: ['410871', 1], 示范区: ['410871', 1], 苏家作乡: ['410871203', 1],
      中站区: ['410803', 2], 朱村街道: ['410803003', 1], 梅苑社区: ['410803003001', 1], 解放区: ['410802', 2],
      灵泉陂村: ['410802009203', 1], 马村区: ['410804', 1], 郑州: [null, 1], 月山街道: ['410803006', 1],
      月山社区: [null, 1], 商丘: [null, 1], 山阳区: ['410811', 2], 东方红街道: ['410811001', 2],
      民主街道: ['410802002', 1], 道清里社区: ['410802002002', 1], 焦东街道: ['410811002', 1],
      六号院社区: ['410811002002', 1],
    },
    '002_ecc4107209b7bf27.txt': {
      焦作: ['4108', 13], 焦作市: ['4108', 13], 武陟县: ['410823', 1], 木栾街道: ['410823004', 1],
      西水寨村: ['410823004205', 3], 孟州市: ['410883', 11], 温县: ['410825', 1], 山阳区: ['410811', 6],
      中州社区: ['410802005001', 1], 鑫源社区: ['410802003001', 1], 武汉: [null, 7], 山西: [null, 1],
      中站区: ['410803', 2], 中站: ['410803', 3], 南庄镇: ['410883101', 1], 湖北: [null, 1],
      艺新街道: ['410811005', 4], 群英新村社区: ['410811005004', 4], 示范区: ['410871', 6],
      苏家作乡: ['410871203', 1], 济源市: [null, 1], 芦堡: ['410871061203', 2], 新城街道: ['410811009', 2],
      张庄村: ['410811009207', 1], 恩村三街: ['410811009206', 1], 中星街道: ['410811008', 1],
      巡返村: ['410811008207', 1], 解放区: ['410802', 1], 焦南街道: ['410802005', 2],
    },
  };

  it('precision, recall and code accuracy', () => {
    let tp = 0;
    let predicted = 0;
    let expected = 0;
    let codeRight = 0;
    let codeChecked = 0;
    for (const [file, want] of Object.entries(gold)) {
      const found = extractPlaces(page(file), g);
      predicted += found.length;
      expected += Object.values(want).reduce((n, [, c]) => n + c, 0);
      const got = new Map<string, number>();
      for (const p of found) got.set(p.quote, (got.get(p.quote) ?? 0) + 1);
      for (const [q, [, c]] of Object.entries(want)) tp += Math.min(c, got.get(q) ?? 0);
      for (const p of found) {
        const w = want[p.quote];
        if (!w) continue;
        codeChecked++;
        if (p.code === w[0]) codeRight++;
      }
    }
    const precision = tp / predicted;
    const recall = tp / expected;
    const codeAccuracy = codeRight / codeChecked;
    console.log(
      `places: precision ${precision.toFixed(3)} (${tp}/${predicted}), recall ${recall.toFixed(3)} (${tp}/${expected}), code accuracy ${codeAccuracy.toFixed(3)} (${codeRight}/${codeChecked})`,
    );
    assert.ok(precision >= 0.98, `precision ${precision}`);
    assert.ok(recall >= 0.94, `recall ${recall}`);
    assert.equal(codeAccuracy, 1);
  });
});

/**
 * Places in the text of real pages of five other papers (../shared/realpages/gold.json, read
 * there, never copied): none of them is in 焦作, so no mention may get a 焦作 code, and every
 * full official name of a division elsewhere (沈阳市, 晴隆县) gets its national code and level.
 */
describe('places on real pages of other papers', () => {
  const goldFile = new URL('../../shared/realpages/gold.json', import.meta.url);
  const present = existsSync(goldFile);
  it('gives no 焦作 code, and a national code to every full division name', { skip: !present && 'no ../shared/realpages' }, () => {
    const gold = JSON.parse(readFileSync(goldFile, 'utf8')) as { pages: { articles: { headline: string; body_text: string }[] }[] };
    let fullNames = 0;
    for (const page of gold.pages) {
      for (const article of page.articles) {
        for (const text of [article.headline, article.body_text]) {
          for (const p of extractPlaces(text, g)) {
            assert.equal(p.in_jiaozuo, false, `${p.quote} in ${text.slice(0, 20)}…`);
            assert.equal(p.code, null, `${p.quote} got the 焦作 code ${p.code}`);
            assert.ok(!p.national_code?.startsWith('4108'), `${p.quote} got the 焦作 code ${p.national_code}`);
            if (g.national.fullNames.has(p.quote)) {
              fullNames++;
              assert.ok(p.national_code !== null && p.national_level !== null, `${p.quote} has no national code`);
            }
          }
        }
      }
    }
    assert.ok(fullNames >= 30, `${fullNames} full division names`);
  });
});
