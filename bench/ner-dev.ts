/**
 * Scores fact extraction on the People's Daily 1998 NER dev split (../shared/ner-dev/dev.jsonl,
 * read at run time, never copied: it states no licence). Each sentence is run through
 * `articleFacts` as the text of an article with no headline, byline or issue date, and the
 * people, organizations and places found are compared with the corpus's PER, ORG and LOC spans:
 * strict spans (same type, same start and end).
 *
 * Mapping our output to the corpus's conventions (its README):
 * - PER is the name only: people rows already quote the name without title (江泽民主席 → 江泽民).
 * - Flat spans: a place or person lying inside an organization span is dropped (北京市体委 is one
 *   ORG; we also report 北京市 as a place). Of two overlapping spans of one type the longer is kept.
 * - No organization ending in 政府 is tagged in the corpus (中国政府 → 中国 LOC; 两国政府, 市政府
 *   untagged): such an organization row is dropped, and a listed place before 政府 (a country,
 *   a Chinese division, a one-character country abbreviation) is kept as a place.
 * - Our anonymized people (张某) are kept as PER; the corpus has none of that form.
 */
import { readFileSync } from 'node:fs';
import type { ArticlesRow } from '../src/generated/tables.ts';
import { articleFacts } from '../src/extract/article-facts.ts';
import type { Gazetteer } from '../src/extract/divisions.ts';

export const NER_DEV_FILE = new URL('../../shared/ner-dev/dev.jsonl', import.meta.url);
export const NER_TYPES = ['PER', 'ORG', 'LOC'] as const;
export type NerType = (typeof NER_TYPES)[number];

export interface NerSpan {
  type: NerType;
  start: number;
  end: number;
  text: string;
  /** The rule that found it (our spans only; shown in the error list). */
  rule?: string;
}

export interface NerSentence {
  text: string;
  entities: NerSpan[];
}

export const NER_MAPPING_NOTES = [
  'people → PER (the name only, no title); organizations → ORG; places → LOC',
  'flat spans: a place or person inside an organization span is dropped; of overlapping spans of one type the longer is kept',
  'the corpus tags no organization ending in 政府 (中国政府 → 中国 LOC; 两国政府, 市政府 untagged): such organizations are dropped, and a listed place before 政府 is kept as LOC',
];

export function readNerSentences(file: URL | string = NER_DEV_FILE): NerSentence[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as NerSentence);
}

const GOVERNMENT = '政府';
/** One-character country abbreviations that name a government's country (俄政府, 美政府). */
const COUNTRY_ABBREVIATIONS = new Set([...'中美日俄英法德意韩朝印巴以越泰菲澳加']);

/** Our facts of one sentence as flat corpus-style spans. */
export function nerSpansOf(text: string, gazetteer: Gazetteer): NerSpan[] {
  const article = { article_id: 'ner', text, headline: null, byline: null } as unknown as ArticlesRow;
  const facts = articleFacts(article, [], {
    source: { issue_date: null, issue_date_earliest: null, issue_date_latest: null },
    gazetteer,
  });
  const places = facts.places.map((p): NerSpan => ({ type: 'LOC', start: p.start, end: p.end, text: p.quote, rule: p.rule }));
  const isPlace = (w: string) => gazetteer.world.has(w) || gazetteer.national.index.has(w) || (w.length === 1 && COUNTRY_ABBREVIATIONS.has(w));
  const orgs: NerSpan[] = [];
  for (const o of facts.organizations) {
    if (!o.quote.endsWith(GOVERNMENT)) {
      orgs.push({ type: 'ORG', start: o.start, end: o.end, text: o.quote, rule: o.rule });
      continue;
    }
    // the corpus tags no organization ending in 政府: 中国政府 is 中国 (LOC), 两国政府 nothing
    const head = o.quote.slice(0, -GOVERNMENT.length);
    if (head !== '' && isPlace(head) && !places.some((p) => p.start === o.start && p.end === o.end - 2)) {
      places.push({ type: 'LOC', start: o.start, end: o.end - 2, text: head, rule: `${o.rule}-government` });
    }
  }
  const people = facts.people.map((p): NerSpan => ({ type: 'PER', start: p.start, end: p.end, text: p.quote, rule: p.rule }));
  return flatten([...orgs, ...places, ...people]);
}

/** Drops spans inside an organization, and the shorter of overlapping spans of one type. */
export function flatten(spans: readonly NerSpan[]): NerSpan[] {
  const orgs = spans.filter((s) => s.type === 'ORG');
  const insideOrg = (s: NerSpan) => s.type !== 'ORG' && orgs.some((o) => o.start <= s.start && s.end <= o.end);
  const kept = spans.filter((s) => !insideOrg(s)).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: NerSpan[] = [];
  const seen = new Set<string>();
  for (const s of kept) {
    const key = `${s.type}:${s.start}:${s.end}`;
    if (seen.has(key)) continue;
    if (out.some((o) => o.type === s.type && o.start < s.end && s.start < o.end)) continue; // longer one came first
    seen.add(key);
    out.push(s);
  }
  return out;
}

export interface NerScore {
  type: NerType | 'all';
  gold: number;
  machine: number;
  true_positives: number;
}

export interface NerErrors {
  falsePositives: { sentence: number; span: NerSpan }[];
  misses: { sentence: number; span: NerSpan }[];
}

export function scoreNer(sentences: readonly NerSentence[], predict: (text: string) => NerSpan[]): { scores: NerScore[]; errors: NerErrors } {
  const counts = new Map<NerType, NerScore>(NER_TYPES.map((t) => [t, { type: t, gold: 0, machine: 0, true_positives: 0 }]));
  const errors: NerErrors = { falsePositives: [], misses: [] };
  sentences.forEach((s, k) => {
    const machine = predict(s.text);
    const key = (e: NerSpan) => `${e.type}:${e.start}:${e.end}`;
    const gold = new Set(s.entities.map(key));
    const found = new Set(machine.map(key));
    for (const e of s.entities) {
      counts.get(e.type)!.gold++;
      if (!found.has(key(e))) errors.misses.push({ sentence: k, span: e });
    }
    for (const e of machine) {
      counts.get(e.type)!.machine++;
      if (gold.has(key(e))) counts.get(e.type)!.true_positives++;
      else errors.falsePositives.push({ sentence: k, span: e });
    }
  });
  const scores = [...counts.values()];
  const all = scores.reduce((a, s) => ({ type: 'all' as const, gold: a.gold + s.gold, machine: a.machine + s.machine, true_positives: a.true_positives + s.true_positives }), { type: 'all' as const, gold: 0, machine: 0, true_positives: 0 });
  return { scores: [...scores, all], errors };
}

/** One line per false positive (`+`) and miss (`-`) of `type`, with the sentence around it. */
export function nerErrorList(sentences: readonly NerSentence[], errors: NerErrors, type: NerType): string {
  const around = (k: number, e: NerSpan) => {
    const t = sentences[k].text;
    return `${t.slice(Math.max(0, e.start - 12), e.start)}[${e.text}]${t.slice(e.end, e.end + 12)}`;
  };
  const lines = [
    ...errors.falsePositives.filter((e) => e.span.type === type).map((e) => `+ ${e.span.text}\t${e.span.rule ?? ''}\t${around(e.sentence, e.span)}`),
    ...errors.misses.filter((e) => e.span.type === type).map((e) => `- ${e.span.text}\t${around(e.sentence, e.span)}`),
  ];
  return lines.join('\n');
}

export const precisionOf = (s: NerScore) => (s.machine === 0 ? 0 : s.true_positives / s.machine);
export const recallOf = (s: NerScore) => (s.gold === 0 ? 0 : s.true_positives / s.gold);
export const f1Of = (s: NerScore) => {
  const p = precisionOf(s);
  const r = recallOf(s);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
};

export function nerTable(title: string, scores: readonly NerScore[]): string {
  const f = (x: number) => x.toFixed(3);
  const head = ['type', 'gold', 'machine', 'TP', 'precision', 'recall', 'F1'];
  const rows = scores.map((s) => [s.type, String(s.gold), String(s.machine), String(s.true_positives), f(precisionOf(s)), f(recallOf(s)), f(f1Of(s))]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return [title, line(head), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
