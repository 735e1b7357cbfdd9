/**
 * The `facts` view: one row per fact of the five fact tables, with what a reader needs beside it
 * (the sentence, the article's headline, the page and the issue date) and the fact's value in
 * words. Derived from a page's rows after the reviewed corrections, never kept by hand, so it
 * cannot drift from the tables it is made of; a check (facts-view-matches-facts.sql) proves it.
 *
 * Each describer reads only the fields it names (a `Pick` of the row), so fields appended to a
 * fact table later leave the words unchanged until someone decides to show them.
 */
import type { DatesRow, FactsRow, OrganizationsRow, PeopleRow, PlacesRow, QuantitiesRow } from '../generated/tables.ts';
import type { PageRows } from '../rows.ts';
import { FACT_TABLES, type FactTable } from './article-facts.ts';
import { codePoints } from './span.ts';

/** `facts.fact_type` of each fact table (the same word its fact ids carry). */
export const FACT_TYPE: Record<FactTable, FactsRow['fact_type']> = {
  quantities: 'quantity',
  dates: 'date',
  people: 'person',
  organizations: 'organization',
  places: 'place',
};

/** `860000 名 (over)`, `150–200 吨`, `3 天 (about, 每天)`: the number, the unit, and what qualifies them. */
export function describeQuantity(q: Pick<QuantitiesRow, 'value' | 'value_max' | 'qualifier' | 'unit' | 'rate'>): string {
  const number = q.value_max === null ? String(q.value) : `${q.value}–${q.value_max}`;
  const notes = [q.qualifier === 'exact' || q.qualifier === 'range' ? null : q.qualifier, q.rate].filter((x) => x !== null);
  return `${number} ${q.unit}`.trim() + (notes.length ? ` (${notes.join(', ')})` : '');
}

/**
 * Parts of the day as the dates extractor prints them (dates.ts PARTS), in English. A part not
 * listed here is shown as printed.
 */
const PART_OF_DAY: Readonly<Record<string, string>> = {
  凌晨: 'before dawn',
  一大早: 'early morning',
  清晨: 'early morning',
  早: 'morning',
  早上: 'morning',
  早晨: 'morning',
  上午: 'morning',
  中午: 'noon',
  下午: 'afternoon',
  傍晚: 'dusk',
  晚: 'evening',
  晚上: 'evening',
  晚间: 'evening',
  夜: 'night',
  夜间: 'night',
  夜里: 'night',
  深夜: 'late night',
  半夜: 'midnight',
};

/** The date as precise as the text gives it: `2022`, `2022-01`, or `2022-01-04`. */
function dateAtPrecision(date: string, precision: DatesRow['precision']): string {
  return precision === 'year' ? date.slice(0, 4) : precision === 'month' ? date.slice(0, 7) : date;
}

/** `2022-01-04 evening`, `about 2022-01-04 17:00`, `2022-02-03 (lunar)`; `date not resolved` when nothing is known. */
export function describeDate(d: Pick<DatesRow, 'date' | 'time' | 'precision' | 'calendar' | 'approximate' | 'part_of_day'>): string {
  const part = d.part_of_day === null ? null : PART_OF_DAY[d.part_of_day] ?? d.part_of_day;
  const words = [d.approximate ? 'about' : null, d.date === null ? null : dateAtPrecision(d.date, d.precision), d.time, part, d.calendar === 'lunar' ? '(lunar)' : null]
    .filter((x) => x !== null);
  return d.date === null && d.time === null ? ['date not resolved', ...words].join(' ') : words.join(' ');
}

/** `郭连生, 副局长, 市城乡一体化示范区城管局`: the name, then the title and organization printed with it. */
export function describePerson(p: Pick<PeopleRow, 'name' | 'title' | 'organization' | 'anonymized'>): string {
  return [p.name, p.title, p.organization].filter((x) => x !== null && x !== '').join(', ') + (p.anonymized ? ' (name withheld)' : '');
}

/** `焦作市卫生健康委员会 (government)`: the full name where known, and the kind. */
export function describeOrganization(o: Pick<OrganizationsRow, 'name' | 'canonical' | 'kind'>): string {
  return `${o.canonical ?? o.name} (${o.kind})`;
}

/** `解放区 410802`; a place without a code says why: ambiguous (with its candidates), outside Jiaozuo, or not coded. */
export function describePlace(p: Pick<PlacesRow, 'name' | 'code' | 'in_jiaozuo' | 'ambiguous' | 'candidates'>): string {
  if (p.code !== null) return `${p.name} ${p.code}`;
  if (p.ambiguous) return `${p.name} (ambiguous: ${(p.candidates ?? '').split(';').join(', ')})`;
  return `${p.name} (${p.in_jiaozuo ? 'in Jiaozuo, no code' : 'outside Jiaozuo'})`;
}

const DESCRIBE: { [T in FactTable]: (row: PageRows[T][number]['row']) => string } = {
  quantities: describeQuantity,
  dates: describeDate,
  people: describePerson,
  organizations: describeOrganization,
  places: describePlace,
};

/** The located columns every fact row has. */
type LocatedFact = Pick<QuantitiesRow, 'fact_id' | 'article_id' | 'field' | 'quote' | 'sentence_start' | 'sentence_end'>;

/** A surrogate pair: a code point of two UTF-16 units. */
const PAIR = /[\ud800-\udbff][\udc00-\udfff]/;

/**
 * Fills `rows.facts` from the page's five fact tables (after curation), in fact-table order; the
 * release sorts by fact_id anyway. A sentence is cut from its article column by code points: a
 * column without surrogate pairs (nearly all) has one code point per unit, so its own slice is that
 * cut (the indices of an array's slice and a string's are read alike); any other is split into
 * code points once.
 */
export function addFactsView(rows: PageRows): void {
  const source = rows.sources[0]?.row;
  const articles = new Map(rows.articles.map(({ row }) => [row.article_id, row]));
  // by column text: its code points when it has a surrogate pair, else null (sliced as it is)
  const split = new Map<string, string[] | null>();
  const sentenceOf = (row: LocatedFact): string => {
    const text = articles.get(row.article_id)?.[row.field];
    // A sentence outside its column is reported by fact-quote-matches-slice; here it stays empty (and fails validation).
    if (text === undefined || text === null) return '';
    let cps = split.get(text);
    if (cps === undefined) split.set(text, (cps = PAIR.test(text) ? codePoints(text) : null));
    return cps === null ? text.slice(row.sentence_start, row.sentence_end) : cps.slice(row.sentence_start, row.sentence_end).join('');
  };
  for (const table of FACT_TABLES) {
    const describe = DESCRIBE[table] as (row: unknown) => string;
    for (const { row, at } of rows[table] as { row: LocatedFact; at: PageRows['facts'][number]['at'] }[]) {
      const article = articles.get(row.article_id);
      rows.facts.push({
        at,
        row: {
          fact_type: FACT_TYPE[table],
          quote: row.quote,
          normalized: describe(row),
          sentence: sentenceOf(row),
          headline: article?.headline ?? null,
          page: source?.page ?? null,
          issue_date: source?.issue_date ?? null,
          fact_id: row.fact_id,
          article_id: row.article_id,
        },
      });
    }
  }
}
