/**
 * Reviewed corrections, kept as data in `<data>/curation/*.csv` (layout.csv holds corrections to
 * how pages are cut into articles: see layout-curation.ts). Each row is anchored by an
 * article and a quote (never a row number or an offset), so it survives rebuilds; one that no
 * longer matches fails the build, naming its file and line.
 *
 * Columns: action, table, article_id, quote, occurrence, field, value, note
 * - reject  <fact table>: drop the fact whose quote is `quote`.
 * - correct <fact table>: set `field` to `value` on the fact whose quote is `quote`.
 * - add     <fact table>: add a fact over the `occurrence`-th appearance (1 when empty) of
 *           `quote` in the article text; `value` is a JSON object with its fields.
 * - article articles: set `field` (kicker, headline, subtitle, byline) to `value`; `quote` is
 *           the value the build found, so the entry fails once recovery changes it.
 * `value` is read as the field's type: a number, true/false, `null`, or text. `note` says why.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { appendAll, type Issue } from '../issues.ts';
import { readCurationCsv } from './read-curation-csv.ts';
import { LAYOUT_FILE, parseLayoutCsv, type LayoutEntry } from './layout-curation.ts';

export type CurationAction = 'reject' | 'correct' | 'add' | 'article';

export interface CurationEntry {
  /** Relative to the data folder, e.g. `curation/facts.csv`. */
  file: string;
  line: number;
  action: CurationAction;
  table: string;
  articleId: string;
  quote: string;
  /**
   * 1-based; which one is meant when several facts of the article have the quote (counted in
   * reading order: headline, text, byline), or, for `add`, which appearance in the text.
   */
  occurrence: number | null;
  field: string | null;
  value: string | null;
  note: string;
}

export const CURATION_COLUMNS = ['action', 'table', 'article_id', 'quote', 'occurrence', 'field', 'value', 'note'] as const;
const ACTIONS: readonly CurationAction[] = ['reject', 'correct', 'add', 'article'];
export const ARTICLE_FIELDS = ['kicker', 'headline', 'subtitle', 'byline'] as const;

export interface CurationInput {
  entries: CurationEntry[];
  issues: Issue[];
}

/** Reads every curation file; a missing folder means no corrections. */
export async function readCuration(dataDir: string, factTables: readonly string[]): Promise<CurationInput> {
  const dir = path.join(dataDir, 'curation');
  const names = await readdir(dir).then(
    (all) => all.filter((n) => n.endsWith('.csv') && n !== LAYOUT_FILE).sort(),
    () => [] as string[],
  );
  const out: CurationInput = { entries: [], issues: [] };
  for (const name of names) {
    const file = `curation/${name}`;
    const parsed = parseCurationCsv(file, await readFile(path.join(dir, name)), factTables);
    appendAll(out.entries, parsed.entries);
    appendAll(out.issues, parsed.issues);
  }
  return out;
}

/** Reads `curation/layout.csv`, the reviewed corrections to how pages are cut into articles. */
export async function readLayoutCuration(dataDir: string): Promise<{ entries: LayoutEntry[]; issues: Issue[] }> {
  const text = await readFile(path.join(dataDir, 'curation', LAYOUT_FILE)).catch(() => null);
  return text === null ? { entries: [], issues: [] } : parseLayoutCsv(`curation/${LAYOUT_FILE}`, text);
}

/** Parses one curation file; every problem names the file, line and field. Pure. */
export function parseCurationCsv(file: string, text: string | Uint8Array, factTables: readonly string[]): CurationInput {
  const read = readCurationCsv(file, text, CURATION_COLUMNS);
  const out: CurationInput = { entries: [], issues: read.issues };
  const bad = read.complain;
  const records = read.records;

  for (const { record: r, line } of records) {
    const before = out.issues.length;
    const action = r.action as CurationAction;
    if (!ACTIONS.includes(action)) bad(line, 'action', 'unknown action', ACTIONS.join(' | '), r.action);
    const tables = action === 'article' ? ['articles'] : factTables;
    if (!tables.includes(r.table)) bad(line, 'table', `no such table for action ${r.action}`, tables.join(' | '), r.table);
    if (r.article_id === '') bad(line, 'article_id', 'empty article_id', 'the article_id of the article corrected', '');
    if (r.quote === '' && action !== 'article') bad(line, 'quote', 'empty quote', 'the words of the fact, as they stand in the article', '');
    if (r.note === '') bad(line, 'note', 'empty note', 'why the correction is right', '');
    let occurrence: number | null = null;
    if (r.occurrence !== '') {
      occurrence = Number(r.occurrence);
      if (!Number.isInteger(occurrence) || occurrence < 1) bad(line, 'occurrence', 'not a positive integer', '1, 2, …', r.occurrence);
    }
    if ((action === 'correct' || action === 'article') && r.field === '') bad(line, 'field', 'empty field', 'the field to set', '');
    if (action === 'article' && r.field !== '' && !(ARTICLE_FIELDS as readonly string[]).includes(r.field)) {
      bad(line, 'field', 'not an article field that can be corrected', ARTICLE_FIELDS.join(' | '), r.field);
    }
    if (action === 'add') {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(r.value);
      } catch {
        parsed = null;
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        bad(line, 'value', 'an added fact needs its fields', 'a JSON object such as {"value": 2000, "unit": "平方米"}', r.value);
      }
    }
    if (out.issues.length > before) continue;
    out.entries.push({
      file,
      line,
      action,
      table: r.table,
      articleId: r.article_id,
      quote: r.quote,
      occurrence,
      field: r.field === '' ? null : r.field,
      value: r.value === '' ? null : r.value,
      note: r.note,
    });
  }
  return out;
}
