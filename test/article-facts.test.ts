import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { articleFacts, factId, FACT_TABLES, sentenceAround } from '../src/extract/article-facts.ts';
import { loadGazetteer } from '../src/extract/divisions.ts';
import type { ArticlesRow } from '../src/generated/tables.ts';

const gazetteer = loadGazetteer();
const source = { issue_date: '2022-01-27', issue_date_earliest: '2022-01-27', issue_date_latest: '2022-01-27' };

function article(text: string, headline: string | null = null, byline: string | null = null): ArticlesRow {
  const n = [...text].length;
  return {
    article_id: 'p01-0123456789ab', source_id: 'p01', seq: 1, kicker: null, headline, subtitle: null, byline,
    is_continuation: false, text, char_count: n, paragraph_count: 1, line_start: 1, line_end: 1, curated: false,
    layout_confidence: 1, layout_doubts: null,
  };
}

describe('article facts', () => {
  it('ids depend on the article and the span only, zero-padded so they sort in reading order', () => {
    assert.equal(factId('p01-0123456789ab', 'quantities', 'text', 7, 12), 'p01-0123456789ab.quantity.text.000007-000012');
    assert.ok(factId('a', 'dates', 'text', 9, 10) < factId('a', 'dates', 'text', 10, 12));
  });

  it('the sentence around a fact runs from the previous sentence end to the next, closing quotes included', () => {
    const chars = [...'第一句。“第二句，有引号。”第三句！\n第四段'];
    const sentence = (start: number, end: number) => chars.slice(...sentenceAround(chars, start, end)).join('');
    assert.equal(sentence(1, 2), '第一句。');
    assert.equal(sentence(6, 8), '“第二句，有引号。”');
    assert.equal(sentence(15, 17), '第三句！');
    assert.equal(sentence(19, 21), '第四段');
  });

  it('the sentence around any span is the same read from the string as from its code points, and as a table of every position gives it', () => {
    // The bounds as first written: a table of every position, filled by one pass forward and one back.
    const reference = (chars: readonly string[], start: number, end: number): [number, number] => {
      const cls = (ch: string | undefined) => (ch === undefined || ch.length !== 1 ? 0 : '。！？!?…'.includes(ch) ? 1 : '”’」』）)'.includes(ch) ? 2 : ch === '\n' ? 4 : 0);
      const n = chars.length;
      const starts = new Array<number>(n + 1).fill(0);
      const ends = new Array<number>(n + 1).fill(0);
      let closed = false;
      for (let i = 0; i <= n; i++) {
        const before = i > 0 ? cls(chars[i - 1]) : 0;
        const at = i < n ? cls(chars[i]) : 0;
        if (i > 0 && before !== 2) closed = before === 1;
        const endsBefore = before === 4 || (closed && (at & 3) === 0);
        ends[i] = endsBefore ? 1 : 0;
        if (i > 0) starts[i] = endsBefore ? i : starts[i - 1];
      }
      for (let i = n - 1, next = n; i >= 0; i--) {
        next = ends[i] === 1 || cls(chars[i]) === 4 ? i : next;
        ends[i] = next;
      }
      ends[n] = n;
      return [starts[Math.max(0, Math.min(start, n))], ends[Math.max(0, Math.min(end, n))]];
    };
    const pieces = ['路', '灯', '。', '！', '？', '!', '?', '…', '”', '’', '」', '』', '）', ')', '“', '\n', '，', '𠀀', ' '];
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % pieces.length;
    for (let k = 0; k < 400; k++) {
      const text = Array.from({ length: k % 23 }, () => pieces[next()]).join('');
      const chars = [...text];
      for (let start = -1; start <= chars.length + 1; start++) {
        for (let end = start; end <= chars.length + 1; end++) {
          const expected = reference(chars, start, end);
          assert.deepEqual(sentenceAround([...chars], start, end), expected, JSON.stringify([text, start, end]));
          assert.deepEqual(sentenceAround([...chars], start, end, text), expected, JSON.stringify([text, start, end, 'text']));
        }
      }
    }
  });

  it('every fact quotes its slice of the column it points into, and its sentence contains it', () => {
    const a = article(
      '1月4日晚，全市86万余名党员干部联系100余万户群众。负责带班的市城乡一体化示范区城管局副局长郭连生在卡点值守。',
      '孟州市送来2万元物资',
      '本报讯（记者王冰）',
    );
    const facts = articleFacts(a, [{ name: '王冰', role_printed: '记者' }], { source, gazetteer });
    for (const table of FACT_TABLES) {
      for (const f of facts[table]) {
        const column = [...(f.field === 'text' ? a.text : f.field === 'headline' ? a.headline! : a.byline!)];
        assert.equal(column.slice(f.start, f.end).join(''), f.quote, `${table} ${f.fact_id}`);
        assert.ok(f.sentence_start <= f.start && f.end <= f.sentence_end && f.sentence_end <= column.length, f.fact_id);
      }
    }
    const q = facts.quantities.find((x) => x.quote.startsWith('86万'));
    assert.deepEqual([q?.value, q?.qualifier, q?.unit, q?.subject], [860000, 'over', '名', '党员干部']);
    assert.ok(facts.quantities.some((x) => x.field === 'headline' && x.value === 20000), 'headlines are read too');
    const d = facts.dates.find((x) => x.quote.startsWith('1月4日'));
    assert.deepEqual([d?.date, d?.year_source], ['2022-01-04', 'issue_date']);
    const person = facts.people.find((x) => x.name === '郭连生');
    assert.deepEqual([person?.title, person?.organization], ['副局长', '市城乡一体化示范区城管局']);
    const reporter = facts.people.find((x) => x.field === 'byline');
    assert.deepEqual([reporter?.name, reporter?.quote, reporter?.start, reporter?.title, reporter?.rule], ['王冰', '王冰', 6, '记者', 'byline']);
    assert.ok(facts.places.some((x) => x.name === '孟州市' && x.code === '410883'));
  });

  it('a relative date points at the fact id of its anchor', () => {
    const facts = articleFacts(article('2月12日，一辆货车求助。当日下午17时许，货车到达。'), [], { source: { issue_date: '2020-02-14', issue_date_earliest: '2020-02-14', issue_date_latest: '2020-02-14' }, gazetteer });
    const relative = facts.dates.find((x) => x.relative_to !== null);
    const anchor = facts.dates.find((x) => x.fact_id === relative?.relative_to);
    assert.equal(anchor?.quote, '2月12日');
    assert.deepEqual([relative?.date, relative?.time, relative?.approximate], ['2020-02-12', '17:00', true]);
  });
});
