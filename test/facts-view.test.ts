/**
 * The facts view (src/extract/facts-view.ts): each fact type's value in words, and the rows a page
 * gets, one per fact of the five tables, with the sentence, headline, page and issue date.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FACT_TABLES } from '../src/extract/article-facts.ts';
import { addFactsView, describeDate, describeOrganization, describePerson, describePlace, describeQuantity } from '../src/extract/facts-view.ts';
import { codePoints } from '../src/extract/span.ts';
import { syntheticRows } from './helpers/fixtures.ts';

describe('a fact in words', () => {
  it('quantities: number, unit, qualifier and rate', () => {
    assert.equal(describeQuantity({ value: 860000, value_max: null, qualifier: 'over', unit: '名', rate: null }), '860000 名 (over)');
    assert.equal(describeQuantity({ value: 150, value_max: 200, qualifier: 'range', unit: '吨', rate: null }), '150–200 吨');
    assert.equal(describeQuantity({ value: 2, value_max: null, qualifier: 'exact', unit: '个', rate: null }), '2 个');
    assert.equal(describeQuantity({ value: 0.5, value_max: null, qualifier: 'about', unit: '吨', rate: '每天' }), '0.5 吨 (about, 每天)');
    assert.equal(describeQuantity({ value: 30, value_max: null, qualifier: 'exact', unit: '', rate: null }), '30');
  });

  it('dates: as precise as printed, with the time and the part of the day in English', () => {
    const d = { date: '2022-01-04', time: null, precision: 'day', calendar: 'gregorian', approximate: false, part_of_day: '晚' } as const;
    assert.equal(describeDate(d), '2022-01-04 evening');
    assert.equal(describeDate({ ...d, time: '17:00', precision: 'minute', approximate: true, part_of_day: null }), 'about 2022-01-04 17:00');
    assert.equal(describeDate({ ...d, precision: 'month', part_of_day: null }), '2022-01');
    assert.equal(describeDate({ ...d, date: '2022-01-01', precision: 'year', part_of_day: null }), '2022');
    assert.equal(describeDate({ ...d, calendar: 'lunar', part_of_day: null }), '2022-01-04 (lunar)');
    assert.equal(describeDate({ ...d, part_of_day: '黎明' }), '2022-01-04 黎明', 'a part not in the glossary stays as printed');
    assert.equal(describeDate({ ...d, date: null, part_of_day: null }), 'date not resolved');
    assert.equal(describeDate({ ...d, date: null, time: '08:00', part_of_day: null }), '08:00');
  });

  it('people, organizations and places', () => {
    assert.equal(describePerson({ name: '郭连生', title: '副局长', organization: '市城乡一体化示范区城管局', anonymized: false }), '郭连生, 副局长, 市城乡一体化示范区城管局');
    assert.equal(describePerson({ name: '张某某', title: null, organization: null, anonymized: true }), '张某某 (name withheld)');
    assert.equal(describeOrganization({ name: '市卫健委', canonical: '焦作市卫生健康委员会', kind: 'government' }), '焦作市卫生健康委员会 (government)');
    assert.equal(describeOrganization({ name: '某公司', canonical: null, kind: 'company' }), '某公司 (company)');
    const place = { name: '解放区', code: '410802', in_jiaozuo: true, ambiguous: false, candidates: null };
    assert.equal(describePlace(place), '解放区 410802');
    assert.equal(describePlace({ ...place, name: '新村', code: null, ambiguous: true, candidates: '410811004;410882003' }), '新村 (ambiguous: 410811004, 410882003)');
    assert.equal(describePlace({ ...place, name: '武汉', code: null, in_jiaozuo: false }), '武汉 (outside Jiaozuo)');
    assert.equal(describePlace({ ...place, code: null }), '解放区 (in Jiaozuo, no code)');
  });

  it('fields appended to a fact table later do not change the words', () => {
    const place = { name: '解放区', code: '410802', in_jiaozuo: true, ambiguous: false, candidates: null };
    assert.equal(describePlace({ ...place, country: 'CN', code_vintage: 2022 } as typeof place), describePlace(place));
  });
});

describe('the facts rows of a page', () => {
  it('one per fact of the five tables, with its sentence, headline, page and issue date', () => {
    const rows = syntheticRows();
    const facts = FACT_TABLES.flatMap((t) => rows[t].map((r) => r.row as { fact_id: string; article_id: string; field: string; quote: string; sentence_start: number; sentence_end: number }));
    assert.equal(rows.facts.length, facts.length);
    assert.ok(facts.length >= 5);
    const source = rows.sources[0].row;
    for (const f of facts) {
      const view = rows.facts.find((v) => v.row.fact_id === f.fact_id)!.row;
      const article = rows.articles.find((a) => a.row.article_id === f.article_id)!.row;
      const column = article[f.field as 'text' | 'headline' | 'byline'] ?? '';
      assert.equal(view.quote, f.quote);
      assert.equal(view.sentence, codePoints(column).slice(f.sentence_start, f.sentence_end).join(''));
      assert.equal(view.headline, article.headline);
      assert.equal(view.page, source.page);
      assert.equal(view.issue_date, source.issue_date);
      assert.equal(view.article_id, f.article_id);
      assert.match(view.fact_id, new RegExp(`\\.${view.fact_type}\\.`));
    }
  });

  it('made again from scratch gives the same rows (no state between calls)', () => {
    const a = syntheticRows();
    const b = syntheticRows();
    b.facts.length = 0;
    addFactsView(b);
    assert.deepEqual(b.facts, a.facts);
  });
});
