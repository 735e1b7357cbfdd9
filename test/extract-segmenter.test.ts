/**
 * Names suggested by the segmenter (src/extract/segmented-names.ts) and how article facts take
 * them in (src/extract/article-facts.ts). Sentences written for these tests.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { articleFacts } from '../src/extract/article-facts.ts';
import { loadGazetteer } from '../src/extract/divisions.ts';
import { isHan, isHanWord } from '../src/extract/gazetteer-text.ts';
import { segmentedNames } from '../src/extract/segmented-names.ts';
import type { ArticlesRow } from '../src/generated/tables.ts';

const names = (text: string, type?: string) =>
  segmentedNames(text).filter((n) => !type || n.type === type).map((n) => n.quote);

describe('segmented names', () => {
  it('a foreign name joined by a middle dot is one person', () => {
    assert.deepEqual(names('美国歌手迈克尔·杰克逊昨天到达上海。', 'person'), ['迈克尔·杰克逊']);
  });

  it('a two-character name needs a title or a verb of saying next to it; common words tagged as names are not people', () => {
    assert.deepEqual(names('外交部长王毅会见了来访客人。', 'person'), ['王毅']);
    assert.deepEqual(names('今天多云转晴，傍晚有雷阵雨。'), []);
  });

  it('a name followed by 思想 or 理论 is the name', () => {
    assert.deepEqual(names('毛泽东思想是我们的指导思想。', 'person'), ['毛泽东']);
  });

  it('organizations: teams, bodies ending with a head, a body named by its head title', () => {
    assert.deepEqual(names('北京国安队昨天战胜了山东鲁能队。', 'organization'), ['北京国安队', '山东鲁能队']);
    assert.deepEqual(names('国务院法制办公室负责人介绍了情况。', 'organization'), ['国务院法制办公室']);
    assert.deepEqual(names('外交部长王毅会见了来访客人。', 'organization'), ['外交部']);
  });

  it('words that end with a head but name no organization are not taken (干部)', () => {
    assert.deepEqual(names('镇里的干部都来了。', 'organization'), []);
  });

  it('a one-character country or region: the side of a country, a visit', () => {
    assert.deepEqual(names('中方表示，美方应当尽快访华。', 'place'), ['中', '美', '华']);
  });

  it('a surname with a form of address is the person (老张, 胡老, 王小姐)', () => {
    assert.deepEqual(names('老张和胡老都来了。', 'person'), ['张', '胡']);
    assert.deepEqual(names('王小姐这样说。', 'person'), ['王']);
  });

  it('a surname the segmenter cut from its given name, in a list of names', () => {
    assert.deepEqual(names('（记者袁步兵、刘谦）', 'person'), ['袁步兵', '刘谦']);
  });

  it('abbreviated organizations; generic ones (村两委) are not', () => {
    assert.deepEqual(names('欧盟和北大的代表，还有村两委干部。', 'organization'), ['欧盟', '北大']);
  });

  it('a listed place is never a person; its people name the place; a region without 地区', () => {
    const isPlace = (w: string) => w === '荷兰' || w === '伊拉克';
    assert.deepEqual(segmentedNames('伊拉克总统说。', isPlace).map((n) => [n.type, n.quote]), [['place', '伊拉克']]);
    assert.deepEqual(segmentedNames('中东地区的荷兰人很多。', isPlace).map((n) => [n.type, n.quote]), [['place', '中东'], ['place', '荷兰']]);
  });

  it('two one-character abbreviations are two places; a route named by them is not', () => {
    assert.deepEqual(names('中美两国的代表在纽约签署协议。', 'place'), ['中', '美', '纽约']);
    assert.deepEqual(names('晋新高速今天通车。', 'place'), []);
  });
});

describe('isHanWord', () => {
  it('answers as isHan of every code point does, a character beyond the BMP being one code point', () => {
    const slow = (w: string) => w.length > 0 && Array.from(w).every((ch) => isHan(ch));
    // 𠀀 (U+20000) and 𪚥 (U+2A6A5) are Han characters written as surrogate pairs; 😀 is not Han
    const words = ['', '张', '张三', '𠀀', '王𠀀', '𪚥𪚥', '😀', '王😀', 'A王', '王 ', '\ud840', '王\ud840', '\udc00王', '\ud840\ud840\udc00', '㐀', '丽'];
    for (const w of words) assert.equal(isHanWord(w), slow(w), JSON.stringify(w));
  });

  it('a name or an organization holding a character beyond the BMP is found, with code-point offsets', () => {
    const found = (text: string) => segmentedNames(text).map((n) => [n.type, n.start, n.end, n.quote]);
    assert.deepEqual(found('外交部长王𠀀会见了𪚥𪚥队的队员。'), [['organization', 0, 3, '外交部'], ['person', 4, 6, '王𠀀']]);
    assert.deepEqual(found('北京国安𠀀队昨天战胜了山东鲁能队。'), [['organization', 0, 6, '北京国安𠀀队'], ['organization', 11, 16, '山东鲁能队']]);
  });
});

describe('article facts with the segmenter', () => {
  const gazetteer = loadGazetteer();
  const facts = (text: string) =>
    articleFacts({ article_id: 'a', text, headline: null, byline: null } as unknown as ArticlesRow, [], {
      source: { issue_date: null, issue_date_earliest: null, issue_date_latest: null },
      gazetteer,
    });

  it('a country gets its ISO code and kind, a continent its kind; 焦作 divisions keep their code with its vintage', () => {
    const places = facts('联合国代表团访问了美国和非洲，又到了焦作市温县。').places;
    const by = new Map(places.map((p) => [p.quote, p]));
    assert.equal(by.get('美国')?.country, 'US');
    assert.equal(by.get('美国')?.place_kind, 'country');
    assert.equal(by.get('美国')?.in_jiaozuo, false);
    assert.equal(by.get('非洲')?.place_kind, 'continent');
    assert.equal(by.get('非洲')?.country, null);
    assert.equal(by.get('温县')?.code, '410825');
    assert.equal(by.get('温县')?.code_vintage, '2022');
    assert.equal(by.get('温县')?.country, 'CN');
  });

  it("the rules' facts win: a segmenter name overlapping one is not added, and rows stay in text order", () => {
    const f = facts('孟州市南庄镇党委书记刘建忠说，中美两国友谊长存。');
    assert.deepEqual(f.people.map((p) => [p.quote, p.rule]), [['刘建忠', 'title']]);
    for (const t of [f.people, f.organizations, f.places]) {
      assert.deepEqual(t.map((r) => r.start), [...t.map((r) => r.start)].sort((a, b) => a - b));
    }
    assert.ok(f.places.some((p) => p.quote === '中' && p.rule === 'segmenter-abbreviation'));
  });

  it('an organization found by its suffix: a kind of organization is none; a run-on span starts after a verb before a proper name', () => {
    assert.deepEqual(facts('昨天，保险公司的人来了。').organizations, []);
    assert.deepEqual(facts('西南贝尔公司宣布收购太平洋电信公司。').organizations.map((o) => o.quote), ['西南贝尔公司', '太平洋电信公司']);
    assert.deepEqual(facts('他去了孟州市人民医院。').organizations.map((o) => o.quote), ['孟州市人民医院']);
  });

  it('a rule person the segmenter reads as function words only is dropped', () => {
    assert.deepEqual(facts('这件事应当说清楚。').people, []);
  });

  const quotes = (rows: readonly { quote: string }[]) => rows.map((r) => r.quote);

  it('people: foreign names whole, names with no title after a common surname, no things named like people', () => {
    assert.deepEqual(quotes(facts('芬兰总统玛尔蒂·阿赫蒂萨里今天抵达上海。').people), ['玛尔蒂·阿赫蒂萨里']);
    assert.deepEqual(quotes(facts('会议由刘杰主持，李昕和王芳出席。').people), ['刘杰', '李昕', '王芳']);
    assert.deepEqual(facts('尤伯杯的比赛开始了。').people, []);
    assert.deepEqual(facts('他戴好口罩出了门。').people, []);
  });

  it('places: a capital by its context, buildings, paired country abbreviations, a country before a people word or a title', () => {
    assert.deepEqual(quotes(facts('首都内罗毕今天下雨。').places), ['内罗毕']);
    assert.deepEqual(quotes(facts('代表团参观了中国美术馆和北京图书大厦。').places), ['中国美术馆', '北京', '北京图书大厦']);
    assert.deepEqual(quotes(facts('日俄两国领导人会晤，美中关系也有改善。').places), ['日', '俄', '美', '中']);
    assert.deepEqual(quotes(facts('意大利人喜欢足球，法国总理也来了。').places), ['意大利', '法国']);
  });

  it('organizations: sports meets, counts and kinds of bodies are none', () => {
    assert.deepEqual(facts('这届亚运会在曼谷举行，四大支柱产业发展很快。').organizations, []);
    assert.deepEqual(facts('立春以后，党政机关开展了活动。').organizations, []);
  });
});
