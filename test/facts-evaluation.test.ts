/**
 * Evaluation of fact extraction against hand-checked answers for the seed pages
 * (test/fixtures/facts-gold/<source_id>.json; annotation conventions in its README.md).
 *
 * Machine facts are computed exactly as the build computes them — raw page → recoverPage →
 * pageRows (manifest entry from data/manifest.csv) → addPageFacts with the gazetteer of
 * data/reference/ — and BEFORE curation: the evaluation measures the rules, not the reviewed
 * corrections in data/curation/.
 *
 * Matching rules
 * - A fact is identified by (article_id, field, quote, occurrence). field is text, headline or
 *   byline (gold default: text). occurrence is 1-based: the n-th place, by position, where the
 *   quote string is printed in that field of the article, counting every place (a fact or not,
 *   overlapping ones included; e.g. the 市委 inside 市委老干部局 counts). Gold omits it (= 1) only
 *   when the quote is printed once in the field.
 * - A machine fact and a gold fact match (true positive) when their identities are equal: the
 *   span must be exact. A quote that is one character too long or too short is a false
 *   positive AND a miss.
 * - precision = true positives / machine facts; recall = true positives / gold facts.
 * - Field accuracy, over true positives only: the share whose key normalized fields equal the
 *   gold's — quantities: value, value_max, unit, qualifier; dates: date, time; people: title,
 *   organization; organizations: canonical, where a null canonical stands for the quote itself
 *   (the printed name is the full name); places: code.
 * - Each threshold is the measured figure minus 0.03, so a regression fails the suite while a
 *   one-fact change does not. When the extractor improves, raise BASELINE.
 *
 * The table is printed on every run; FACTS_EVAL_VERBOSE=1 also prints every false positive,
 * miss and wrong field.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  FACT_TABLES,
  fieldText,
  goldFacts,
  machineFacts,
  machinePages,
  positions,
  readGold,
  score,
  type EvalFact,
  type GoldFile,
  type Score,
  type SeedPage,
} from './support/evaluate-facts.ts';
import type { FactTable } from '../src/extract/article-facts.ts';
import { FACTS_EVALUATION_FILE, readFactsEvaluation, renderFactsEvaluation } from '../src/publish/known-limits.ts';
import { measureFacts } from './support/evaluate-facts.ts';

/** Figures measured when the gold was written (rounded down): TP / machine / gold facts. */
const BASELINE: Record<FactTable, { precision: number; recall: number; fieldAccuracy: number }> = {
  quantities: { precision: 0.988, recall: 0.956, fieldAccuracy: 1 }, // 87 TP of 88 machine, 91 gold; 87/87 fields
  dates: { precision: 1, recall: 1, fieldAccuracy: 0.977 }, // 45 / 45 / 45; 44/45
  people: { precision: 1, recall: 0.966, fieldAccuracy: 0.929 }, // 57 / 57 / 59; 53/57
  organizations: { precision: 0.986, recall: 0.925, fieldAccuracy: 0.918 }, // 74 / 75 / 80; 68/74
  places: { precision: 0.991, recall: 0.952, fieldAccuracy: 1 }, // 119 / 120 / 125; 119/119
};
const SLACK = 0.03;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const where = (f: EvalFact) => `${f.article_id} ${f.field} «${f.quote}»#${f.occurrence}`;

function table(scores: readonly Score[]): string {
  const head = ['type', 'gold', 'machine', 'TP', 'precision', 'recall', 'fields ok', 'field acc.'];
  const rows = scores.map((s) => [s.table, String(s.gold), String(s.machine), String(s.truePositives), pct(s.precision), pct(s.recall), `${s.fieldsCorrect}/${s.truePositives}`, pct(s.fieldAccuracy)]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return ['Fact extraction vs hand-checked gold (seed pages, before curation)', line(head), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function details(s: Score): string {
  const out: string[] = [];
  for (const f of s.falsePositives) out.push(`  FP    ${where(f)} ${f.key}`);
  for (const f of s.misses) out.push(`  MISS  ${where(f)} ${f.key}`);
  for (const w of s.wrongFields) out.push(`  FIELD ${where(w.gold)} gold ${w.gold.key} machine ${w.machine.key}`);
  return `${s.table}:\n${out.join('\n')}`;
}

describe('fact extraction evaluation (seed pages)', () => {
  let pages: SeedPage[];
  let gold: Map<string, GoldFile>;
  let scores: Score[];

  before(async () => {
    pages = await machinePages();
    gold = readGold();
    scores = FACT_TABLES.map((t) => score(t, goldFacts(gold, t), machineFacts(pages, t)));
    console.log(table(scores));
    if (process.env.FACTS_EVAL_VERBOSE === '1') console.log(scores.map(details).join('\n'));
  });

  it('the gold covers every article of every seed page, and only those', () => {
    assert.deepEqual([...gold.keys()].sort(), pages.map((p) => p.sourceId).sort());
    for (const p of pages) {
      const file = gold.get(p.sourceId)!;
      assert.deepEqual(Object.keys(file).sort(), p.rows.articles.map((a) => a.row.article_id).sort(), `articles of ${p.sourceId}`);
      for (const { row: a } of p.rows.articles) assert.equal(file[a.article_id].headline, a.headline, `headline of ${a.article_id}`);
    }
  });

  it('every gold fact points at a printed quote, unambiguously and once', () => {
    const articles = new Map(pages.flatMap((p) => p.rows.articles.map((a) => [a.row.article_id, a.row] as const)));
    const problems: string[] = [];
    for (const t of FACT_TABLES) {
      const seen = new Set<string>();
      for (const g of goldFacts(gold, t)) {
        const printed = positions(fieldText(articles.get(g.article_id)!, g.field), g.quote).length;
        const explicit = (g.detail as { occurrence?: number }).occurrence !== undefined;
        if (g.occurrence < 1 || g.occurrence > printed) problems.push(`${t}: ${where(g)} is printed ${printed} times`);
        if (printed > 1 && !explicit) problems.push(`${t}: ${where(g)} needs an occurrence (printed ${printed} times)`);
        const id = where(g);
        if (seen.has(id)) problems.push(`${t}: ${id} twice`);
        seen.add(id);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('the figures every release publishes (src/generated/facts-evaluation.json) are the measured ones', async () => {
    const committed = readFactsEvaluation(FACTS_EVALUATION_FILE);
    assert.ok(committed, 'src/generated/facts-evaluation.json is missing: run `npm run evaluate:facts`');
    assert.equal(renderFactsEvaluation(committed), renderFactsEvaluation(await measureFacts(pages, gold)), 'stale figures: run `npm run evaluate:facts` and commit the result');
  });

  for (const t of FACT_TABLES) {
    it(`${t}: precision, recall and field accuracy hold their baseline`, () => {
      const s = scores.find((x) => x.table === t)!;
      const b = BASELINE[t];
      const why = details(s);
      assert.ok(s.precision >= b.precision - SLACK, `precision ${pct(s.precision)} < ${pct(b.precision)} - ${SLACK}\n${why}`);
      assert.ok(s.recall >= b.recall - SLACK, `recall ${pct(s.recall)} < ${pct(b.recall)} - ${SLACK}\n${why}`);
      assert.ok(s.fieldAccuracy >= b.fieldAccuracy - SLACK, `field accuracy ${pct(s.fieldAccuracy)} < ${pct(b.fieldAccuracy)} - ${SLACK}\n${why}`);
    });
  }
});
