/**
 * Facts of one article: runs every extractor over the article's text and headline (and takes
 * the byline's contributors as people), and turns what they find into table rows with stable
 * ids and the sentence each fact stands in. Pure: the gazetteer and the issue date come in.
 */
import type {
  ArticlesRow,
  DatesRow,
  OrganizationsRow,
  PeopleRow,
  PlacesRow,
  QuantitiesRow,
  SourcesRow,
} from '../generated/tables.ts';
import { extractDates } from './dates.ts';
import { CODE_VINTAGE, type Gazetteer, isNationalName } from './divisions.ts';
import { extractOrganizations } from './organizations.ts';
import { extractPeople } from './people.ts';
import { extractPlaces } from './places.ts';
import { extractQuantities } from './quantities.ts';
import { TRANSLITERATION, isOrgHead, segmentedNames, type SegmentedName } from './segmented-names.ts';
import { tokensOf, wordTag, type Tokens } from './segmenter.ts';
import { CharSet, charClass, codePoints, codePointTextOf, countBelow, cpLength, cpStartsWith, unitIs } from './span.ts';
import { sliceChars } from './gazetteer-text.ts';

export interface FactRows {
  quantities: QuantitiesRow[];
  dates: DatesRow[];
  people: PeopleRow[];
  organizations: OrganizationsRow[];
  places: PlacesRow[];
}
export type FactTable = keyof FactRows;
export const FACT_TABLES: readonly FactTable[] = ['quantities', 'dates', 'people', 'organizations', 'places'];

/** The fact-type word in fact ids, one per table. */
const KIND: Record<FactTable, string> = {
  quantities: 'quantity',
  dates: 'date',
  people: 'person',
  organizations: 'organization',
  places: 'place',
};

export type FactField = 'text' | 'headline' | 'byline';

export interface FactContext {
  source: Pick<SourcesRow, 'issue_date' | 'issue_date_earliest' | 'issue_date_latest'>;
  gazetteer: Gazetteer;
}

/**
 * `<article_id>.<kind>.<field>.<start>-<end>`: depends on the article and the span only. Offsets
 * are zero-padded to six digits so that ids, and rows ordered by them, sort in reading order.
 */
export function factId(articleId: string, table: FactTable, field: FactField, start: number, end: number): string {
  return `${articleId}.${KIND[table]}.${field}.${pad6(start)}-${pad6(end)}`;
}

/** The padded offsets made so far, by offset: an article's facts ask for the same few hundred again and again. */
const PADDED_MAX = 1 << 14;
const PADDED: (string | undefined)[] = new Array<string | undefined>(PADDED_MAX).fill(undefined);

function pad6(n: number): string {
  if (n >= 0 && n < PADDED_MAX && (n | 0) === n) return (PADDED[n] ??= String(n).padStart(6, '0'));
  return String(n).padStart(6, '0');
}

/** A code point's class in sentenceBounds, by its char code (one-unit code points only). */
const END = 1;
const CLOSER = 2;
const LINE_FEED = 4;
const SENTENCE_ENDS = '。！？!?…';
const CLOSERS = '”’」』）)';
const CLASS_OF_UNIT = new Uint8Array(0x10000);
for (const ch of SENTENCE_ENDS) CLASS_OF_UNIT[ch.charCodeAt(0)] = END;
for (const ch of CLOSERS) CLASS_OF_UNIT[ch.charCodeAt(0)] = CLOSER;
CLASS_OF_UNIT[10] = LINE_FEED;

/**
 * A run of sentence ends and closers (as long as it goes), or a line feed: the only places a
 * sentence bound can stand next to (the characters of CLASS_OF_UNIT, each one unit).
 */
const MARKS = new RegExp(`${charClass(SENTENCE_ENDS + CLOSERS)}+|\n`, 'g');

/**
 * The sentence bounds of a text, as the two sorted lists of positions where a sentence may
 * begin and end. A sentence ends right before index i after a line feed, or after a sentence end
 * and its closing quotes when no other end or closer follows at i; it also ends before a line
 * feed. `starts` holds the first kind (i ≥ 1), `ends` both (i < n), in order; `n` is the
 * text's length in code points.
 */
interface Bounds {
  readonly n: number;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

/**
 * The sentence bounds of the text asked about last (every fact of an article field asks about the
 * same code-point array): a WeakMap entry per text cost more to make than the bounds of the few
 * texts asked about again. Kept as lists of the few positions where a sentence begins or ends, not
 * as a table of every position: a fact finds its sentence by a binary search in them, in time
 * logarithmic in the text's sentences rather than the sentence's length (scanning per fact made a
 * long sentence of many facts, 当日当日…, quadratic).
 */
let lastBounds: { chars: readonly string[]; bounds: Bounds } | null = null;

/**
 * The bounds of `chars`, the code points of `text` when it is given. A text whose code points are
 * all one unit (no surrogate pair) is searched for its marks (MARKS) by the regex engine, which
 * skips the characters between them far faster than a loop reading each code point; any other
 * is read code point by code point.
 */
function sentenceBounds(chars: readonly string[], text?: string): Bounds {
  if (lastBounds !== null && lastBounds.chars === chars) return lastBounds.bounds;
  const bounds = text !== undefined && text.length === chars.length ? boundsOfUnits(text) : boundsOfCodePoints(chars);
  lastBounds = { chars, bounds };
  return bounds;
}

function boundsOfUnits(text: string): Bounds {
  const n = text.length;
  const starts: number[] = [];
  const ends: number[] = [];
  MARKS.lastIndex = 0;
  for (let m = MARKS.exec(text); m !== null; m = MARKS.exec(text)) {
    const a = m.index;
    const b = a + m[0].length;
    if (text.charCodeAt(a) === 10) {
      // a sentence ends before the line feed, and one begins after it
      ends.push(a);
      starts.push(b);
      if (b < n) ends.push(b);
      continue;
    }
    // a run of ends and closers (the longest: the character at b is neither) closes a sentence
    // when it holds an end: its last character other than a closer is then an end
    let closes = false;
    for (let k = a; k < b && !closes; k++) closes = CLASS_OF_UNIT[text.charCodeAt(k)] === END;
    if (!closes) continue;
    starts.push(b);
    if (b < n) ends.push(b);
  }
  return { n, starts, ends };
}

function boundsOfCodePoints(chars: readonly string[]): Bounds {
  const n = chars.length;
  const starts: number[] = [];
  const ends: number[] = [];
  // `closed`: the run of closers before i follows a sentence end (a code point of two units is
  // in no class)
  let closed = false;
  let before = 0; // class of the code point before i
  for (let i = 0; i <= n; i++) {
    let at = 0;
    if (i < n) {
      const ch = chars[i];
      at = ch.length === 1 ? CLASS_OF_UNIT[ch.charCodeAt(0)] : 0;
    }
    if (i > 0 && before !== CLOSER) closed = before === END;
    const endsBefore = before === LINE_FEED || (closed && (at & (END | CLOSER)) === 0);
    if (endsBefore && i > 0) starts.push(i);
    if ((endsBefore || at === LINE_FEED) && i < n) ends.push(i);
    before = at;
  }
  return { n, starts, ends };
}

/**
 * Sentence around [start, end) in code points: from just after the previous sentence end (or
 * line feed) to the next sentence end, its closing quotes included. `chars` must not change
 * between calls (its sentence bounds are computed once); `text`, when given, is the string of
 * `chars` (read by the faster search).
 */
export function sentenceAround(chars: readonly string[], start: number, end: number, text?: string): [number, number] {
  const bounds = sentenceBounds(chars, text);
  return [sentenceStartOf(bounds, start), sentenceEndOf(bounds, end)];
}

/** Where the sentence holding code point `start` begins (sentenceAround's first half, with no pair made per fact). */
function sentenceStartOf(bounds: Bounds, start: number): number {
  const x = Math.max(0, Math.min(start, bounds.n));
  // the last bound at or before x, else the text's start
  const k = countBelow(bounds.starts, x, true);
  return k > 0 ? bounds.starts[k - 1] : 0;
}

/** Where the sentence reaching code point `end` ends (sentenceAround's second half). */
function sentenceEndOf(bounds: Bounds, end: number): number {
  const x = Math.max(0, Math.min(end, bounds.n));
  // the first bound at or after x, else the text's end
  const k = countBelow(bounds.ends, x);
  return k < bounds.ends.length ? bounds.ends[k] : bounds.n;
}

// The rows below spell out every column: the located columns (fact_id … sentence_end), then the
// table's own. Not `{ ...located, value, … }`: a spread followed by new keys is a slow path in
// V8 (microseconds per row). The key order is the column order.

function factsOfField(article: ArticlesRow, field: 'text' | 'headline', text: string, ctx: FactContext, contributors: readonly string[]): FactRows {
  const id = article.article_id;
  const chars = codePointTextOf(text).cps;
  const bounds = sentenceBounds(chars, text);

  const quantities = extractQuantities(text).map((q): QuantitiesRow => {
    const sentenceStart = sentenceStartOf(bounds, q.start);
    const sentenceEnd = sentenceEndOf(bounds, q.end);
    return {
      fact_id: factId(id, 'quantities', field, q.start, q.end), article_id: id, field, start: q.start, end: q.end, quote: q.quote,
      sentence_start: sentenceStart, sentence_end: sentenceEnd,
      value: q.value,
      value_max: q.value_max,
      qualifier: q.qualifier,
      unit: q.unit,
      unit_class: q.unit_class,
      subject: q.subject,
      rate: q.rate,
      rule: q.rule,
      curated: false,
    };
  });

  const found = extractDates(text, {
    issueDate: ctx.source.issue_date,
    issueDateEarliest: ctx.source.issue_date_earliest,
    issueDateLatest: ctx.source.issue_date_latest,
  });
  const dateIds = found.map((d) => factId(id, 'dates', field, d.start, d.end));
  const dates = found.map((d, k): DatesRow => {
    const sentenceStart = sentenceStartOf(bounds, d.start);
    const sentenceEnd = sentenceEndOf(bounds, d.end);
    return {
      fact_id: dateIds[k], article_id: id, field, start: d.start, end: d.end, quote: d.quote,
      sentence_start: sentenceStart, sentence_end: sentenceEnd,
      date: d.date,
      time: d.time,
      precision: d.precision,
      calendar: d.calendar,
      year_source: d.year_source,
      relative_to: d.relative_to === null ? null : dateIds[d.relative_to],
      approximate: d.approximate,
      part_of_day: d.part_of_day,
      rule: d.rule,
      curated: false,
    };
  });

  const people = extractPeople(text, { contributors, gazetteer: ctx.gazetteer }).map((p): PeopleRow => {
    const sentenceStart = sentenceStartOf(bounds, p.start);
    const sentenceEnd = sentenceEndOf(bounds, p.end);
    return {
      fact_id: factId(id, 'people', field, p.start, p.end), article_id: id, field, start: p.start, end: p.end, quote: p.quote,
      sentence_start: sentenceStart, sentence_end: sentenceEnd,
      name: p.name,
      title: p.title,
      organization: p.organization,
      organization_via: p.organization_via,
      anonymized: p.anonymized,
      rule: p.rule,
      curated: false,
    };
  });

  const organizations = extractOrganizations(text, { gazetteer: ctx.gazetteer }).map((o): OrganizationsRow => {
    const sentenceStart = sentenceStartOf(bounds, o.start);
    const sentenceEnd = sentenceEndOf(bounds, o.end);
    return {
      fact_id: factId(id, 'organizations', field, o.start, o.end), article_id: id, field, start: o.start, end: o.end, quote: o.quote,
      sentence_start: sentenceStart, sentence_end: sentenceEnd,
      name: o.name,
      canonical: o.canonical,
      kind: o.kind,
      rule: o.rule,
      curated: false,
    };
  });

  const places = extractPlaces(text, ctx.gazetteer).map((p): PlacesRow => {
    const sentenceStart = sentenceStartOf(bounds, p.start);
    const sentenceEnd = sentenceEndOf(bounds, p.end);
    return {
      fact_id: factId(id, 'places', field, p.start, p.end), article_id: id, field, start: p.start, end: p.end, quote: p.quote,
      sentence_start: sentenceStart, sentence_end: sentenceEnd,
      name: p.name,
      code: p.code,
      level: p.code === null ? null : p.level,
      in_jiaozuo: p.in_jiaozuo,
      ambiguous: p.ambiguous,
      candidates: p.candidates.length > 1 ? p.candidates.join(';') : null,
      rule: p.rule,
      curated: false,
      // the gazetteer and the outside list hold Chinese divisions only
      country: 'CN',
      place_kind: 'division',
      code_vintage: p.national_code === null ? null : CODE_VINTAGE,
      national_code: p.national_code,
      national_level: p.national_level,
    };
  });

  addSegmentedNames(id, field, text, bounds, ctx.gazetteer, { people, organizations, places });
  return { quantities, dates, people, organizations, places };
}

type Spanned = { start: number; end: number };

/**
 * Rows of one table sorted by start, asked about spans whose starts never decrease: overlap in
 * amortized constant time (the rows passed so far are kept as their furthest end), plus the rows
 * added meanwhile (they start no later than the span asked about next).
 */
class Sweep {
  private next = 0;
  private passedEnd = -1;
  private addedEnd = -1;

  constructor(private readonly rows: readonly Spanned[]) {}

  private passTo(start: number): void {
    while (this.next < this.rows.length && this.rows[this.next].start < start) {
      this.passedEnd = Math.max(this.passedEnd, this.rows[this.next].end);
      this.next++;
    }
  }

  overlaps(n: Spanned): boolean {
    this.passTo(n.start);
    return this.passedEnd > n.start || this.addedEnd > n.start || (this.next < this.rows.length && this.rows[this.next].start < n.end);
  }

  /** A row with exactly this span (among those starting at or after n.start). */
  hasSpan(n: Spanned): boolean {
    this.passTo(n.start);
    for (let k = this.next; k < this.rows.length && this.rows[k].start === n.start; k++) if (this.rows[k].end === n.end) return true;
    return false;
  }

  /** A row strictly inside n (a place's name holding an organization's: 中国队 is no place). */
  hasRowInside(n: Spanned): boolean {
    this.passTo(n.start);
    for (let k = this.next; k < this.rows.length && this.rows[k].start < n.end; k++) {
      const r = this.rows[k];
      if (r.end <= n.end && (r.start > n.start || r.end < n.end)) return true;
    }
    return false;
  }

  add(row: Spanned): void {
    this.addedEnd = Math.max(this.addedEnd, row.end);
  }
}

/** Function words that end a run-on organization span: what stands before them is not part of the name. */
const CUT_TAGS = new Set(['p', 'c', 'd', 'r', 'ul', 'uj', 'uz', 'ud', 'ug', 'uv', 'y', 'ad', 'vd']);
/** One-character place words that end a clause before a name's head (上, 里, 内 …). */
const LOCATIVES = new CharSet([...'上下里内外后']);
/** Tags that start a proper name: after a verb, they start a new organization (马赛战胜南非队). */
const PROPER_START = new Set(['ns', 'nt', 'nz', 'nr', 'nrt', 'j']);
/** Tags of common words: a span of two or more of these alone is a kind of organization (保险公司). */
const COMMON_TAGS = new Set(['n', 'vn', 'a', 'b', 'an']);
const LEVEL_OPENERS = new CharSet([...'市县区镇乡村省']);
/** Heads that common words before them make a kind of organization (保险公司, 美术学校). */
const GENERIC_HEADS = new Set(['公司', '学校', '银行', '医院', '协会', '中学', '小学', '大学', '学院', '酒店', '饭店', '商店', '工厂', '集团']);

/**
 * Organizations found by an organization suffix (rules `suffix`, `suffix-anchor`) checked
 * against the segmenter's words: a span that runs on over a function word (而纪委, 刚出医院) or
 * over a verb before a proper name (马赛战胜南非队) starts after it; a span of common words
 * only, with no place in it and no level word (市, 县) before its head, is a kind of
 * organization, not one (保险公司, 金融证券公司), and is dropped.
 */
function refineSuffixOrganizations(
  id: string,
  field: 'text' | 'headline',
  text: string,
  bounds: Bounds,
  organizations: OrganizationsRow[],
  places: readonly PlacesRow[],
): void {
  if (organizations.length === 0) return;
  const tokens = tokensOf(text);
  const dropped = new Uint8Array(organizations.length);
  for (let i = 0; i < organizations.length; i++) {
    const o = organizations[i];
    if (o.rule !== 'suffix' && o.rule !== 'suffix-anchor') continue;
    const first = firstTokenAfter(tokens, o.start);
    let start = o.start;
    let k = first;
    // A span that starts inside a word (自|治区科协, 该|国海岸集团): a place's or name's word is
    // the name's start (西藏自治区科协), any other word is not part of it; a level word cut
    // from a pronoun opens the name (该|市卫生健康委).
    const straddled = first; // the first token, when there is one
    const levelStart = LEVEL_OPENERS.hasAt(o.quote, 0) && tokens.tag[straddled] === 'r';
    if (straddled < tokens.length && tokens.start[straddled] < o.start && tokens.end[straddled] < o.end && !levelStart) {
      if (PROPER_START.has(tokens.tag[straddled])) start = tokens.start[straddled];
      else {
        start = tokens.end[straddled];
        k = first + 1;
      }
    }
    for (let j = k; j < tokens.length && tokens.end[j] <= o.end; j++) {
      const tStart = tokens.start[j];
      const tEnd = tokens.end[j];
      const tag = tokens.tag[j];
      if (tStart < start) continue;
      const nextInside = j + 1 < tokens.length && tokens.end[j + 1] <= o.end; // a next word, inside the span
      const verbBeforeName = tag === 'v' && tEnd - tStart >= 2 && nextInside && PROPER_START.has(tokens.tag[j + 1]);
      // a number or measure word (两所学校, 35家航空公司) or a verb opening the span (做酒店, 加快政府)
      const counted = (tag === 'm' || tag === 'q') && nextInside;
      const openingVerb = j === k && tag === 'v' && nextInside;
      // a one-character verb or one after a name ends a clause (女儿要考|大学, 张作玺主持创办|…学校)
      const clauseVerb = tag === 'v' && nextInside && (tEnd - tStart === 1 || tokens.tag[j - 1]?.startsWith('nr') || (tokens.tag[j - 1] === 'x' && tokens.end[j - 1] - tokens.start[j - 1] === 3));
      // a place word (当兵|上|大学, 国际|上|许多保险公司)
      const locative = tag === 'f' && LOCATIVES.has(tokens.word[j]) && nextInside;
      if (CUT_TAGS.has(tag) || verbBeforeName || counted || openingVerb || clauseVerb || locative) {
        start = tEnd;
        k = j + 1;
      }
    }
    if (start >= o.end - 1) {
      dropped[i] = 1;
      continue;
    }
    let common = 0;
    let all = true;
    let head = '';
    let headTag = '';
    for (let j = k; j < tokens.length && tokens.end[j] <= o.end; j++) {
      if (tokens.start[j] < start) continue;
      common++;
      head = tokens.word[j];
      headTag = tokens.tag[j];
      if (!COMMON_TAGS.has(tokens.tag[j])) all = false;
    }
    // 保险公司 as one word, or 保险 + 公司
    all &&= GENERIC_HEADS.has(head) || (common === 1 && [...GENERIC_HEADS].some((h) => head.endsWith(h) && head.length > h.length));
    // what is left is one common word: the head alone (党委, 委员会, 学会, 分局)
    const bare = common === 1 && (COMMON_TAGS.has(headTag) || headTag === 'v' || isOrgHead(head));
    const hasPlace = hasSpanInside(places, start, o.end);
    if ((all || bare) && common >= 1 && !hasPlace && !(k < tokens.length && LEVEL_OPENERS.hasAt(tokens.word[k], 0))) {
      dropped[i] = 1;
      continue;
    }
    if (start !== o.start) {
      const quote = sliceChars(codePointTextOf(text).cps, start, o.end);
      const sentenceStart = sentenceStartOf(bounds, start);
      const sentenceEnd = sentenceEndOf(bounds, o.end);
      organizations[i] = {
        fact_id: factId(id, 'organizations', field, start, o.end), article_id: id, field, start, end: o.end, quote,
        sentence_start: sentenceStart, sentence_end: sentenceEnd,
        name: quote, canonical: null, kind: o.kind, rule: o.rule, curated: false,
      };
    }
  }
  keepUnmarked(organizations, dropped);
}

/** Removes the rows marked in `dropped`, in one pass. */
function keepUnmarked<R>(rows: R[], dropped: Uint8Array): void {
  let w = 0;
  for (let r = 0; r < rows.length; r++) if (!dropped[r]) rows[w++] = rows[r];
  rows.length = w;
}

/** Is there a row of `rows` (sorted by start) lying within [start, end)? Binary search, then the rows starting inside. */
function hasSpanInside(rows: readonly Spanned[], start: number, end: number): boolean {
  let k = 0;
  for (let hi = rows.length; k < hi; ) {
    const mid = (k + hi) >> 1;
    if (rows[mid].start < start) k = mid + 1;
    else hi = mid;
  }
  for (; k < rows.length && rows[k].start < end; k++) if (rows[k].end <= end) return true;
  return false;
}

/** Index of the first token that ends after `offset` (tokens are in text order). */
function firstTokenAfter(tokens: Tokens, offset: number): number {
  let k = 0;
  for (let hi = tokens.length; k < hi; ) {
    const mid = (k + hi) >> 1;
    if (tokens.end[mid] <= offset) k = mid + 1;
    else hi = mid;
  }
  return k;
}

/** Part-of-speech tags of words that are never a name: adverbs, verbs, conjunctions, particles … */
const FUNCTION_TAGS = new Set(['d', 'v', 'vd', 'c', 'p', 'r', 'u', 'uj', 'ul', 'uz', 'ud', 'ug', 'uv', 'y', 'ad', 'm', 'q', 'f']);

/**
 * Drops people found by a rule (not by the byline) whose quote the segmenter reads as function
 * words only (应当, 都不: a speech-rule name before 说 that is no name).
 */
function dropFunctionWordPeople(text: string, people: PeopleRow[]): void {
  if (people.length === 0) return;
  const tokens = tokensOf(text);
  const dropped = new Uint8Array(people.length);
  for (let i = 0; i < people.length; i++) {
    const p = people[i];
    if (p.rule === 'byline' || p.anonymized) continue;
    // first token ending after p.start (binary search: tokens are in text order)
    let k = 0;
    for (let hi = tokens.length; k < hi; ) {
      const mid = (k + hi) >> 1;
      if (tokens.end[mid] <= p.start) k = mid + 1;
      else hi = mid;
    }
    if (k >= tokens.length || tokens.start[k] !== p.start) continue;
    let allFunction = true;
    let j = k;
    for (; j < tokens.length && tokens.end[j] <= p.end; j++) if (!FUNCTION_TAGS.has(tokens.tag[j])) allFunction = false;
    if (allFunction && j > k && tokens.end[j - 1] === p.end) dropped[i] = 1;
  }
  keepUnmarked(people, dropped);
}

const FOREIGN_DOT = '·';
const PLACE_AFTER_FOREIGN = new CharSet([...'州省市县镇港湾岛堡城']);

/** Is this quote a foreign name: parts joined by `·`, or transliteration characters only? */
function foreignName(quote: string): boolean {
  if (cpLength(quote) < 2) return false;
  for (let k = 0; k < quote.length; k++) if (!unitIs(quote, k, FOREIGN_DOT) && !TRANSLITERATION.hasAt(quote, k)) return false;
  return true;
}

/**
 * A foreign name the segmenter or a rule cut short (卡洛斯·阿马|特, 斯特罗|耶夫, 汤姆|士·史达福,
 * 松德|斯特伦): extended over the transliteration characters (and `·` parts) on its right, six at
 * most, and on its left, three at most (four for a name with a `·`). One followed by a place
 * word is dropped.
 */
function extendForeignNames(text: string, people: PeopleRow[]): void {
  if (people.length === 0) return;
  const chars = codePointTextOf(text).cps;
  const dropped = new Uint8Array(people.length);
  for (let i = 0; i < people.length; i++) {
    const p = people[i];
    if (p.rule === 'byline' || p.anonymized || !foreignName(p.quote)) continue;
    let end = p.end;
    for (let n = 0; n < 6; n++) {
      if (TRANSLITERATION.has(chars[end])) end++;
      else if (chars[end] === FOREIGN_DOT && TRANSLITERATION.has(chars[end + 1])) end += 2;
      else break;
    }
    let start = p.start;
    for (let n = 0; n < (p.quote.includes(FOREIGN_DOT) ? 4 : 3) && start > 0 && TRANSLITERATION.has(chars[start - 1]); n++) start--;
    // a transliteration followed by a place word is a place's name (斯特拉斯|堡市, 奥格朗德|州)
    if (PLACE_AFTER_FOREIGN.has(chars[end])) {
      dropped[i] = 1;
      continue;
    }
    if (start === p.start && end === p.end) continue;
    const quote = sliceChars(chars, start, end);
    const [sentenceStart, sentenceEnd] = sentenceAround(chars, start, end);
    people[i] = {
      fact_id: factId(p.article_id, 'people', p.field as FactField, start, end), article_id: p.article_id, field: p.field, start, end, quote,
      sentence_start: sentenceStart, sentence_end: sentenceEnd,
      name: quote, title: p.title, organization: p.organization, organization_via: p.organization_via, anonymized: false, rule: p.rule, curated: false,
    };
  }
  keepUnmarked(people, dropped);
}

/** Tags of the words a name is: names, and the unlisted words the segmenter's HMM makes of them. */
const NAME_WORD_TAGS = new Set(['nr', 'nrfg', 'nrt', 'x', 'nz']);
const SAYING = new Set(['说', '讲', '称', '问', '答']);

/**
 * People found by a rule (title, list, speech …) checked against the segmenter's words: a name
 * whose last character begins a longer word is cut before it (鲁宾|上周, 薛原|报道, 罗干|今天),
 * one that the segmenter reads as a longer name is that name (龚育 → 龚育之), and what is left
 * that is one common word or less than two characters is no name (向他们, 平均年龄, 都承认).
 */
function alignPeopleToWords(text: string, people: PeopleRow[]): void {
  if (people.length === 0) return;
  const tokens = tokensOf(text);
  const chars = codePointTextOf(text).cps;
  const dropped = new Uint8Array(people.length);
  for (let i = 0; i < people.length; i++) {
    const p = people[i];
    if (p.rule === 'byline' || p.anonymized || p.rule.startsWith('segmenter') || p.quote.includes(FOREIGN_DOT)) continue;
    const k = firstTokenAfter(tokens, p.start);
    if (k >= tokens.length || tokens.start[k] !== p.start) continue; // starts inside a word: left as found
    let j = k;
    while (j < tokens.length && tokens.end[j] < p.end) j++;
    const last = j; // the token the span ends in, when there is one
    if (last >= tokens.length || tokens.end[last] === p.end) {
      if (j === k && !NAME_WORD_TAGS.has(tokens.tag[k]) && p.end - p.start >= 2 && wordTag(p.quote) !== null) dropped[i] = 1;
      continue;
    }
    let end: number;
    if (j === k && NAME_WORD_TAGS.has(tokens.tag[last]) && tokens.end[last] - tokens.start[last] <= 4) end = tokens.end[last];
    // an unlisted word (张|昆同), or one whose rest after the name is a verb of saying (张征|明说): the rule's end stands
    else if (tokens.tag[last] === 'x' || SAYING.has(sliceChars(chars, p.end, tokens.end[last]))) continue;
    else end = tokens.start[last];
    if (end - p.start < 2 || (end === tokens.end[k] && !NAME_WORD_TAGS.has(tokens.tag[k]))) {
      dropped[i] = 1;
      continue;
    }
    const quote = sliceChars(chars, p.start, end);
    const [sentenceStart, sentenceEnd] = sentenceAround(chars, p.start, end);
    people[i] = {
      fact_id: factId(p.article_id, 'people', p.field as FactField, p.start, end), article_id: p.article_id, field: p.field, start: p.start, end, quote,
      sentence_start: sentenceStart, sentence_end: sentenceEnd,
      name: quote, title: p.title, organization: p.organization, organization_via: p.organization_via, anonymized: false, rule: p.rule, curated: false,
    };
  }
  keepUnmarked(people, dropped);
}

/** The kind of an organization found by the segmenter, from its head word. */
function kindOfName(name: string): OrganizationsRow['kind'] {
  if (/(?:公司|集团|银行|厂|药业|航空)$/u.test(name)) return 'company';
  if (/(?:党|党委|党组|支部|总支|[省市县区]委)$/u.test(name)) return 'party';
  if (/(?:大学|学院|中学|小学|学校|党校)$/u.test(name)) return 'school';
  if (/医院$/u.test(name)) return 'hospital';
  if (/(?:公安局|派出所|警察局)$/u.test(name)) return 'police';
  if (/(?:部|局|厅|署|办公室|政府|法院|检察院|议会|国会|参议院|众议院)$/u.test(name)) return 'government';
  return 'other';
}

/**
 * Adds the names the segmenter suggests (segmented-names.ts) where the rules found nothing: an
 * organization that overlaps no organization or person, a person that overlaps no fact of the
 * three kinds, a place that overlaps no place or person (a place inside an organization name is
 * still a place, as the rules report it). The rules' facts are kept as they are. Rows are
 * appended and the tables sorted by position again.
 */
function addSegmentedNames(
  id: string,
  field: 'text' | 'headline',
  text: string,
  bounds: Bounds,
  gazetteer: Gazetteer,
  rows: { people: PeopleRow[]; organizations: OrganizationsRow[]; places: PlacesRow[] },
): void {
  const { people, organizations, places } = rows;
  dropFunctionWordPeople(text, people);
  alignPeopleToWords(text, people);
  refineSuffixOrganizations(id, field, text, bounds, organizations, places);
  const names = segmentedNames(text, placeTest(gazetteer));
  if (names.length === 0) {
    extendForeignNames(text, people);
    return;
  }
  dropPlacesInsideNames(names, places);
  // One sweep per table over rows sorted by start, the names taken in order of start: linear in
  // the text, where asking every row for every name would not be.
  names.sort(byStart);
  const peopleSweep = new Sweep([...people].sort(byStart));
  const orgSweep = new Sweep([...organizations].sort(byStart));
  const placeSweep = new Sweep([...places].sort(byStart));
  let added = false;
  for (const n of names) {
    const clashPeople = peopleSweep.overlaps(n);
    const clashOrgs = orgSweep.overlaps(n);
    const clashPlaces = placeSweep.overlaps(n);
    if (n.type === 'organization' && !clashOrgs && !clashPeople && !placeSweep.hasSpan(n)) {
      const sentenceStart = sentenceStartOf(bounds, n.start);
      const sentenceEnd = sentenceEndOf(bounds, n.end);
      const row: OrganizationsRow = {
        fact_id: factId(id, 'organizations', field, n.start, n.end), article_id: id, field, start: n.start, end: n.end, quote: n.quote,
        sentence_start: sentenceStart, sentence_end: sentenceEnd,
        name: n.quote, canonical: null, kind: kindOfName(n.quote), rule: n.rule, curated: false,
      };
      organizations.push(row);
      orgSweep.add(row);
      added = true;
    } else if (n.type === 'person' && !clashPeople && !clashOrgs && !clashPlaces) {
      const sentenceStart = sentenceStartOf(bounds, n.start);
      const sentenceEnd = sentenceEndOf(bounds, n.end);
      const row: PeopleRow = {
        fact_id: factId(id, 'people', field, n.start, n.end), article_id: id, field, start: n.start, end: n.end, quote: n.quote,
        sentence_start: sentenceStart, sentence_end: sentenceEnd,
        name: n.quote, title: null, organization: null, organization_via: null, anonymized: false, rule: n.rule, curated: false,
      };
      people.push(row);
      peopleSweep.add(row);
      added = true;
    } else if (n.type === 'place' && (!clashPlaces || (n.rule === 'segmenter-facility' && !placeSweep.hasSpan(n))) && !clashPeople && !orgSweep.hasRowInside(n)) {
      // a building's name holds its city's (北京|图书大厦): both are places
      const w = gazetteer.world.get(n.quote) ?? null;
      const sentenceStart = sentenceStartOf(bounds, n.start);
      const sentenceEnd = sentenceEndOf(bounds, n.end);
      const row: PlacesRow = {
        fact_id: factId(id, 'places', field, n.start, n.end), article_id: id, field, start: n.start, end: n.end, quote: n.quote,
        sentence_start: sentenceStart, sentence_end: sentenceEnd,
        name: n.quote, code: null, level: null, in_jiaozuo: false, ambiguous: false, candidates: null, rule: n.rule, curated: false,
        country: w?.kind === 'country' ? w.code : null, place_kind: w?.kind ?? 'other', code_vintage: null, national_code: null, national_level: null,
      };
      places.push(row);
      placeSweep.add(row);
      added = true;
    }
  }
  extendForeignNames(text, people);
  if (!added) return;
  joinCountryToBody(id, field, text, bounds, gazetteer, organizations, places);
  people.sort(byStart);
  organizations.sort(byStart);
  places.sort(byStart);
}

function byStart(a: Spanned, b: Spanned): number {
  return a.start - b.start || a.end - b.end;
}

/** Is a word a listed place (a country, a Chinese division)? One function per gazetteer, made once. */
const PLACE_TESTS = new WeakMap<Gazetteer, (word: string) => boolean>();
function placeTest(gazetteer: Gazetteer): (word: string) => boolean {
  let test = PLACE_TESTS.get(gazetteer);
  if (test === undefined) {
    test = (w) => gazetteer.world.has(w) || isNationalName(gazetteer.national, w);
    PLACE_TESTS.set(gazetteer, test);
  }
  return test;
}

/**
 * A place the gazetteer finds in a three-character name of jieba's dictionary, as its given name
 * (许|银川, 王|济南), is part of the name: the place row is dropped so the person can be added.
 */
function dropPlacesInsideNames(names: readonly SegmentedName[], places: PlacesRow[]): void {
  if (places.length === 0) return;
  const given = new Set<number>();
  for (const n of names) if (n.type === 'person' && n.rule === 'segmenter-name' && n.end - n.start === 3) given.add(n.start + 1);
  if (given.size === 0) return;
  const dropped = new Uint8Array(places.length);
  let any = false;
  for (let i = 0; i < places.length; i++) {
    const p = places[i];
    if (p.rule === 'national' && p.end - p.start === 2 && given.has(p.start)) {
      dropped[i] = 1;
      any = true;
    }
  }
  if (any) keepUnmarked(places, dropped);
}

/** Rules whose organizations are a body's own name without its country (财政部, 国务院, 议会). */
const BARE_BODY_RULES = new Set(['known-name', 'segmenter-title-body', 'segmenter-nt', 'segmenter-abbreviation']);

/**
 * A country written right before a body's name is part of that name (美国|财政部, 美国|国务院,
 * 挪威|议会): the organization starts at the country, which stays a place of its own.
 */
function joinCountryToBody(
  id: string,
  field: 'text' | 'headline',
  text: string,
  bounds: Bounds,
  gazetteer: Gazetteer,
  organizations: OrganizationsRow[],
  places: readonly PlacesRow[],
): void {
  if (organizations.length === 0 || places.length === 0) return;
  const countryEndingAt = new Map<number, PlacesRow>();
  for (const p of places) if (gazetteer.world.get(p.quote)?.kind === 'country' && p.quote !== '中国') countryEndingAt.set(p.end, p);
  if (countryEndingAt.size === 0) return;
  const chars = codePointTextOf(text).cps;
  for (let i = 0; i < organizations.length; i++) {
    const o = organizations[i];
    const country = countryEndingAt.get(o.start);
    if (!country || !BARE_BODY_RULES.has(o.rule) || o.quote.endsWith('政府')) continue;
    const start = country.start;
    const quote = sliceChars(chars, start, o.end);
    const sentenceStart = sentenceStartOf(bounds, start);
    const sentenceEnd = sentenceEndOf(bounds, o.end);
    organizations[i] = {
      fact_id: factId(id, 'organizations', field, start, o.end), article_id: id, field, start, end: o.end, quote,
      sentence_start: sentenceStart, sentence_end: sentenceEnd,
      name: quote, canonical: o.canonical, kind: o.kind, rule: o.rule, curated: false,
    };
  }
}

/** Byline contributors are people too; their offsets count into articles.byline. */
function bylinePeople(article: ArticlesRow, contributors: readonly { name: string; role_printed: string }[]): PeopleRow[] {
  const byline = article.byline;
  if (byline === null) return [];
  const chars = codePoints(byline);
  const rows: PeopleRow[] = [];
  let from = 0;
  for (const c of contributors) {
    const name = codePoints(c.name);
    let start = -1;
    for (let i = from; i + name.length <= chars.length; i++) {
      if (cpStartsWith(chars, i, c.name)) {
        start = i;
        break;
      }
    }
    if (start < 0) continue; // a padded name (王  伟) prints differently from its merged form
    from = start + name.length;
    const [sentenceStart, sentenceEnd] = sentenceAround(chars, start, from);
    rows.push({
      fact_id: factId(article.article_id, 'people', 'byline', start, from), article_id: article.article_id, field: 'byline', start, end: from, quote: c.name,
      sentence_start: sentenceStart, sentence_end: sentenceEnd,
      name: c.name,
      title: c.role_printed,
      organization: '焦作日报',
      organization_via: 'byline',
      anonymized: false,
      rule: 'byline',
      curated: false,
    });
  }
  return rows;
}

export function articleFacts(
  article: ArticlesRow,
  contributors: readonly { name: string; role_printed: string }[],
  ctx: FactContext,
): FactRows {
  const names = contributors.map((c) => c.name);
  const text = factsOfField(article, 'text', article.text, ctx, names);
  // A headline is too short to license a name by its context (郭志立：战“疫”一线的急先锋); a
  // name the body has established is a person wherever it stands, the headline included.
  const known = [...new Set([...names, ...text.people.filter((p) => !p.anonymized).map((p) => p.name)])];
  const headline = article.headline === null ? null : factsOfField(article, 'headline', article.headline, ctx, known);
  const facts: FactRows = { quantities: [], dates: [], people: [], organizations: [], places: [] };
  for (const t of FACT_TABLES) {
    (facts[t] as unknown[]).push(...(headline?.[t] ?? []), ...text[t]);
  }
  facts.people.push(...bylinePeople(article, contributors));
  return facts;
}
