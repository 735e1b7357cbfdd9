/**
 * Reviewed corrections to how a page is cut into articles, kept in `<data>/curation/layout.csv`
 * (fact corrections live in the other curation files). Each entry is anchored by text, never by
 * line number: `quote` is the beginning of one raw line of the page (whitespace ignored), and an
 * entry that matches no line or several fails the build with its file and line.
 *
 * Columns: action, source_id, quote, field, value, note
 * - split:   an article starts at the quoted line.
 * - merge:   the article that starts at the quoted line belongs to the one before it.
 * - retitle: set `field` (kicker, headline, subtitle) of the article holding the quoted line to
 *            `value` (`null` clears it).
 */
import type { Issue } from '../issues.ts';
import type { LayoutCorrections } from '../recover/index.ts';
import type { PageRows } from '../rows.ts';
import { readCurationCsv } from './read-curation-csv.ts';

export const LAYOUT_FILE = 'layout.csv';
export const LAYOUT_COLUMNS = ['action', 'source_id', 'quote', 'field', 'value', 'note'] as const;
const ACTIONS = ['split', 'merge', 'retitle'] as const;
const FIELDS = ['kicker', 'headline', 'subtitle'] as const;

export interface LayoutEntry {
  file: string;
  line: number;
  action: (typeof ACTIONS)[number];
  sourceId: string;
  quote: string;
  field: (typeof FIELDS)[number] | null;
  value: string | null;
}

export function parseLayoutCsv(file: string, text: string | Uint8Array): { entries: LayoutEntry[]; issues: Issue[] } {
  const entries: LayoutEntry[] = [];
  const { records, issues, complain: bad } = readCurationCsv(file, text, LAYOUT_COLUMNS);
  for (const { record: r, line } of records) {
    const before = issues.length;
    if (!(ACTIONS as readonly string[]).includes(r.action)) bad(line, 'action', 'unknown layout action', ACTIONS.join(' | '), r.action);
    if (r.source_id === '') bad(line, 'source_id', 'empty source_id', 'the raw page, e.g. 002_ecc4107209b7bf27', '');
    if (r.quote.trim() === '') bad(line, 'quote', 'empty quote', 'the beginning of a raw line of the page', r.quote);
    if (r.note === '') bad(line, 'note', 'empty note', 'why the correction is right', '');
    if (r.action === 'retitle' && !(FIELDS as readonly string[]).includes(r.field)) bad(line, 'field', 'not a headline field', FIELDS.join(' | '), r.field);
    if (issues.length > before) continue;
    entries.push({
      file,
      line,
      action: r.action as LayoutEntry['action'],
      sourceId: r.source_id,
      quote: r.quote,
      field: r.action === 'retitle' ? (r.field as LayoutEntry['field']) : null,
      value: r.value === '' || r.value === 'null' ? null : r.value,
    });
  }
  return { entries, issues };
}

const squeeze = (s: string) => s.replace(/[\s\u00a0\u3000]+/gu, '');

/** Layout entries for one page, resolved to raw line numbers, with how many lines each matched. */
export class LayoutCuration {
  readonly matches = new Map<LayoutEntry, number>();

  constructor(readonly entries: readonly LayoutEntry[]) {
    for (const e of entries) this.matches.set(e, 0);
  }

  /** The corrections for one page; entries whose quote does not match exactly one line are left out. */
  forPage(sourceId: string, rawLines: readonly string[]): LayoutCorrections {
    const out = { splitAt: [] as number[], mergeAt: [] as number[], retitle: [] as NonNullable<LayoutCorrections['retitle']>[number][] };
    for (const e of this.entries.filter((x) => x.sourceId === sourceId)) {
      const quote = squeeze(e.quote);
      const lines = rawLines.flatMap((text, i) => (squeeze(text).startsWith(quote) ? [i + 1] : []));
      this.matches.set(e, lines.length);
      if (lines.length !== 1) continue;
      if (e.action === 'split') out.splitAt.push(lines[0]);
      else if (e.action === 'merge') out.mergeAt.push(lines[0]);
      else out.retitle.push({ line: lines[0], field: e.field!, value: e.value });
    }
    return out;
  }

  entryRows(): PageRows['curation_entries'] {
    return this.entries.map((e) => ({
      at: { file: e.file, line: e.line },
      row: { file: e.file, line: e.line, action: e.action, table_name: 'articles', target: e.sourceId, quote: e.quote, matches: this.matches.get(e) ?? 0 },
    }));
  }
}
