/**
 * Machine facts for the seed pages, computed exactly as the build computes them (recovery, rows,
 * facts) but BEFORE curation, so the evaluation measures the rules, not the reviewed corrections;
 * and the scoring of those facts against the hand-checked gold in test/fixtures/facts-gold/.
 */
import { fileURLToPath } from 'node:url';
import { readFileSync, readdirSync } from 'node:fs';
import { FACT_TABLES, type FactTable } from '../../src/extract/article-facts.ts';
import { loadGazetteer } from '../../src/extract/divisions.ts';
import { addPageFacts } from '../../src/extract/page-facts.ts';
import { listRawFiles, readManifest, readRawFile } from '../../src/inputs/index.ts';
import { recoverPage } from '../../src/recover/index.ts';
import { pageRows, sourceId, type PageRows } from '../../src/rows.ts';
import type { FactsEvaluation } from '../../src/publish/known-limits.ts';

export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));
export const GOLD_DIR = new URL('../fixtures/facts-gold/', import.meta.url);

export type Field = 'text' | 'headline' | 'byline';

/** One fact reduced to what the evaluation compares. */
export interface EvalFact {
  article_id: string;
  field: Field;
  quote: string;
  /** 1-based: the n-th place, by position, where the quote is printed in that field (fact or not). */
  occurrence: number;
  /** Normalized fields compared for matched facts, as a canonical JSON string. */
  key: string;
  /** The machine row or gold entry, for reports. */
  detail: Record<string, unknown>;
}

/**
 * The normalized fields compared per fact type (for matched facts). value_max is compared with
 * the quantity's value, unit and qualifier so that a range is only right with both ends.
 */
export const KEY_FIELDS: Record<FactTable, readonly string[]> = {
  quantities: ['value', 'value_max', 'unit', 'qualifier'],
  dates: ['date', 'time'],
  people: ['title', 'organization'],
  organizations: ['canonical'],
  places: ['code'],
};

/**
 * The compared fields as a canonical string. An organization's canonical name counts as its
 * quote when null: a null canonical says "the printed name is the name", so a machine row that
 * writes out an already full name (焦作市商务局 → 焦作市商务局) and one that leaves it null agree.
 */
export function keyOf(table: FactTable, o: Record<string, unknown>, quote: string): string {
  if (table === 'organizations') return JSON.stringify([o.canonical ?? quote]);
  return JSON.stringify(KEY_FIELDS[table].map((f) => o[f] ?? null));
}

export interface SeedPage {
  sourceId: string;
  rows: PageRows;
}

/** Every seed page, recovered and with its facts extracted (no curation applied). */
export async function machinePages(): Promise<SeedPage[]> {
  const listing = await listRawFiles(DATA_DIR);
  const manifest = await readManifest(DATA_DIR, new Set(listing.names));
  const gazetteer = loadGazetteer();
  const pages: SeedPage[] = [];
  for (const name of listing.names) {
    const raw = await readRawFile(DATA_DIR, name);
    if (raw.text === null) throw new Error(`cannot read raw/${name}`);
    const rows = pageRows({ name, sha256: raw.sha256, bytes: raw.bytes, manifest: manifest.entries.get(name) ?? null }, raw.text, recoverPage(raw.text));
    addPageFacts(rows, gazetteer);
    pages.push({ sourceId: sourceId(name), rows });
  }
  return pages;
}

/** Positions (code points) where `quote` starts in `text`, overlapping ones included. */
export function positions(text: string, quote: string): number[] {
  const h = [...text];
  const q = [...quote];
  const out: number[] = [];
  for (let i = 0; i + q.length <= h.length; i++) {
    let same = true;
    for (let j = 0; j < q.length && same; j++) same = h[i + j] === q[j];
    if (same) out.push(i);
  }
  return out;
}

/** The text of an article's field (text, headline or byline), '' when absent. */
export function fieldText(article: { text: string; headline: string | null; byline: string | null }, field: Field): string {
  return (field === 'text' ? article.text : field === 'headline' ? article.headline : article.byline) ?? '';
}

type FactRow = Record<string, unknown> & { article_id: string; field: Field; quote: string; start: number };

/**
 * Machine facts of one type. A fact's occurrence is the rank of its start among every place the
 * same quote is printed in that field of the article (fact or not), as in the gold.
 */
export function machineFacts(pages: readonly SeedPage[], table: FactTable): EvalFact[] {
  const articles = new Map(pages.flatMap((p) => p.rows.articles.map((a) => [a.row.article_id, a.row] as const)));
  const rows = pages.flatMap((p) => (p.rows[table] as unknown as { row: FactRow }[]).map((r) => r.row));
  return rows.map((r) => {
    const article = articles.get(r.article_id);
    if (!article) throw new Error(`fact ${String(r.fact_id)} points at no article`);
    const at = positions(fieldText(article, r.field), r.quote);
    return {
      article_id: r.article_id,
      field: r.field,
      quote: r.quote,
      occurrence: at.filter((i) => i <= r.start).length,
      key: keyOf(table, r, r.quote),
      detail: r,
    };
  });
}

export interface GoldEntry {
  quote: string;
  field?: Field;
  occurrence?: number;
  [k: string]: unknown;
}
export type GoldArticle = { headline: string | null } & { [T in FactTable]: GoldEntry[] };
export type GoldFile = Record<string, GoldArticle>;

export function readGold(): Map<string, GoldFile> {
  const files = readdirSync(GOLD_DIR).filter((f) => f.endsWith('.json')).sort();
  return new Map(files.map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(new URL(f, GOLD_DIR), 'utf8')) as GoldFile]));
}

/** Gold facts of one type; a missing occurrence means 1, a missing field means text. */
export function goldFacts(gold: ReadonlyMap<string, GoldFile>, table: FactTable): EvalFact[] {
  const out: EvalFact[] = [];
  for (const file of gold.values()) {
    for (const [articleId, article] of Object.entries(file)) {
      for (const g of article[table] ?? []) {
        out.push({ article_id: articleId, field: g.field ?? 'text', quote: g.quote, occurrence: g.occurrence ?? 1, key: keyOf(table, g, g.quote), detail: g });
      }
    }
  }
  return out;
}

export interface Score {
  table: FactTable;
  gold: number;
  machine: number;
  truePositives: number;
  precision: number;
  recall: number;
  /** Matched facts whose key normalized fields agree. */
  fieldsCorrect: number;
  fieldAccuracy: number;
  falsePositives: EvalFact[];
  misses: EvalFact[];
  wrongFields: { gold: EvalFact; machine: EvalFact }[];
}

const identity = (f: EvalFact) => `${f.article_id}\u0000${f.field}\u0000${f.quote}\u0000${f.occurrence}`;

/**
 * A machine fact matches a gold fact when article, field, quote and occurrence number are equal
 * (exact span match: a quote that is too long or too short is a false positive AND a miss).
 */
export function score(table: FactTable, gold: readonly EvalFact[], machine: readonly EvalFact[]): Score {
  const byId = new Map(machine.map((m) => [identity(m), m]));
  const goldIds = new Set(gold.map(identity));
  const misses: EvalFact[] = [];
  const wrongFields: { gold: EvalFact; machine: EvalFact }[] = [];
  let tp = 0;
  let correct = 0;
  for (const g of gold) {
    const m = byId.get(identity(g));
    if (!m) { misses.push(g); continue; }
    tp++;
    if (m.key === g.key) correct++;
    else wrongFields.push({ gold: g, machine: m });
  }
  const falsePositives = machine.filter((m) => !goldIds.has(identity(m)));
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    table,
    gold: gold.length,
    machine: machine.length,
    truePositives: tp,
    precision: ratio(tp, machine.length),
    recall: ratio(tp, gold.length),
    fieldsCorrect: correct,
    fieldAccuracy: ratio(correct, tp),
    falsePositives,
    misses,
    wrongFields,
  };
}

export { FACT_TABLES };

/**
 * The figures published with every release (src/generated/facts-evaluation.json): per fact type,
 * the gold, machine, true-positive and correct-field counts on the seed pages, before curation.
 */
export async function measureFacts(pages?: readonly SeedPage[], gold?: ReadonlyMap<string, GoldFile>): Promise<FactsEvaluation> {
  const p = pages ?? (await machinePages());
  const g = gold ?? readGold();
  return {
    pages: p.map((x) => x.sourceId).sort(),
    tables: FACT_TABLES.map((t) => {
      const s = score(t, goldFacts(g, t), machineFacts(p, t));
      return { table: t, gold: s.gold, machine: s.machine, true_positives: s.truePositives, fields_correct: s.fieldsCorrect };
    }),
  };
}
