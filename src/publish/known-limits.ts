/**
 * What a release says about its own limits, from two sources and never copied by hand:
 *
 * - `<data>/known-limits.md`, the maintainers' hand-written list (a markdown bullet list, optional),
 *   which states limits in words and leaves figures to the generated parts;
 * - `src/generated/facts-evaluation.json`, the precision and recall of fact extraction measured
 *   against the hand-checked gold by `npm run evaluate:facts` (kept current by the
 *   facts-evaluation test), rendered with the other quality figures (quality-figures.ts), which say
 *   on what text each was measured.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stableJson } from './build-descriptor.ts';

export const KNOWN_LIMITS_FILE = 'known-limits.md';
export const FACTS_EVALUATION_FILE = fileURLToPath(new URL('../generated/facts-evaluation.json', import.meta.url));

export interface FactsEvaluation {
  /** The pages the gold covers (source_id). */
  pages: string[];
  /** Per fact table: gold facts, machine facts, exact matches, matches with the key fields right. */
  tables: { table: string; gold: number; machine: number; true_positives: number; fields_correct: number }[];
}

export function renderFactsEvaluation(e: FactsEvaluation): string {
  return stableJson({ pages: e.pages, tables: e.tables.map((t) => ({ table: t.table, gold: t.gold, machine: t.machine, true_positives: t.true_positives, fields_correct: t.fields_correct })) });
}

/** The committed figures, or null when the file is missing. */
export function readFactsEvaluation(file: string = FACTS_EVALUATION_FILE): FactsEvaluation | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as FactsEvaluation;
  } catch {
    return null;
  }
}

const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);

/** Per fact table: precision, recall and field accuracy, as printed (one decimal). */
export function factsEvaluationRows(e: FactsEvaluation): { table: string; gold: number; machine: number; precision: string; recall: string; fields: string }[] {
  return e.tables.map((t) => ({
    table: t.table,
    gold: t.gold,
    machine: t.machine,
    precision: pct(t.true_positives, t.machine),
    recall: pct(t.true_positives, t.gold),
    fields: pct(t.fields_correct, t.true_positives),
  }));
}

/** The figures as a markdown table. */
export function factsEvaluationMarkdown(e: FactsEvaluation): string {
  return [
    '| facts | gold | extracted | precision | recall | field accuracy |',
    '|---|---|---|---|---|---|',
    ...factsEvaluationRows(e).map((r) => `| ${r.table} | ${r.gold} | ${r.machine} | ${r.precision} | ${r.recall} | ${r.fields} |`),
  ].join('\n');
}

/**
 * The items of `<data>/known-limits.md`: each `- ` line starts an item and indented lines continue
 * it; any other text (a heading, a note to maintainers) is not copied. Null when there is no file.
 */
export async function readKnownLimits(dataDir: string): Promise<string[] | null> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, KNOWN_LIMITS_FILE), 'utf8');
  } catch {
    return null;
  }
  return parseKnownLimits(text);
}

export function parseKnownLimits(text: string): string[] {
  const items: string[] = [];
  let open = false;
  for (const line of text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n')) {
    if (/^[-*] /.test(line)) { items.push(line.slice(2).trim()); open = true; }
    else if (open && /^\s+\S/.test(line)) items[items.length - 1] += ' ' + line.trim();
    else open = false;
  }
  return items;
}
