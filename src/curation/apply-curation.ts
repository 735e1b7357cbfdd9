/**
 * Applies reviewed corrections to one page's rows. Pure apart from counting, per entry, how
 * many rows it matched: a check then requires exactly one, so an entry that no longer matches
 * (or matches twice) fails the build with its file and line.
 */
import type { FieldSpec, TableSpec } from '../schema/index.ts';
import { issue, type Issue } from '../issues.ts';
import type { PageRows } from '../rows.ts';
import { factId, sentenceAround, type FactTable } from '../extract/article-facts.ts';
import { codePoints } from '../extract/span.ts';
import type { CurationEntry } from './read-curation.ts';

/** Fields that locate a fact; a correction changes what a fact says, never where it is. */
const FIXED_FIELDS = new Set(['fact_id', 'article_id', 'field', 'start', 'end', 'quote', 'sentence_start', 'sentence_end', 'curated']);

type Row = Record<string, unknown>;

/**
 * A quote may carry context: `名叫[樊燕梅]，来自` means the fact 樊燕梅 where the text around it
 * reads 名叫…，来自. Context anchors a correction to one mention without counting positions.
 */
export function parseQuote(quote: string): { before: string[]; core: string; after: string[] } {
  const m = /^([^[\]]*)\[([^[\]]+)\]([^[\]]*)$/u.exec(quote);
  return m ? { before: codePoints(m[1]), core: m[2], after: codePoints(m[3]) } : { before: [], core: quote, after: [] };
}

/** True when the code points around [start, end) of `chars` read as the quote's context. */
function contextMatches(chars: readonly string[], start: number, end: number, q: ReturnType<typeof parseQuote>): boolean {
  const before = chars.slice(Math.max(0, start - q.before.length), start).join('');
  const after = chars.slice(end, end + q.after.length).join('');
  return before === q.before.join('') && after === q.after.join('');
}

/** Reads a curation value as the field's type; throws a message when it cannot. */
function coerce(value: string | null, f: FieldSpec): unknown {
  if (value === null || value === 'null') return null;
  switch (f.type) {
    case 'integer':
    case 'number': {
      const n = Number(value);
      if (!Number.isFinite(n) || (f.type === 'integer' && !Number.isInteger(n))) throw new Error(`a ${f.type === 'integer' ? 'whole ' : ''}number`);
      return n;
    }
    case 'boolean':
      if (value === 'true' || value === 'false') return value === 'true';
      throw new Error('true or false');
    default:
      return value;
  }
}

export class Curation {
  /** How many rows each entry matched so far. */
  readonly matches = new Map<CurationEntry, number>();
  private readonly byArticle = new Map<string, CurationEntry[]>();

  constructor(readonly entries: readonly CurationEntry[], private readonly specs: ReadonlyMap<string, TableSpec>) {
    for (const e of entries) {
      this.matches.set(e, 0);
      const list = this.byArticle.get(e.articleId) ?? [];
      list.push(e);
      this.byArticle.set(e.articleId, list);
    }
  }

  /** Applies the entries anchored to this page's articles, in file order. Returns problems with values. */
  apply(rows: PageRows): Issue[] {
    const issues: Issue[] = [];
    for (const { row: article } of rows.articles) {
      for (const entry of this.byArticle.get(article.article_id) ?? []) {
        try {
          if (entry.action === 'article') this.applyToArticle(entry, article as unknown as Row);
          else if (entry.action === 'add') this.add(entry, rows, article.text);
          else this.changeFact(entry, rows);
        } catch (e) {
          const spec = this.specs.get(entry.table);
          const f = spec?.fields.find((x) => x.name === entry.field);
          issues.push(issue({
            code: 'invalid-curation',
            file: entry.file,
            line: entry.line,
            table: entry.table,
            field: entry.field,
            what: `correction cannot be applied`,
            expected: (e as Error).message + (f ? ` (${entry.table}.${f.name} is ${f.type}${f.nullable ? ' or null' : ''})` : ''),
            value: entry.value,
          }));
        }
      }
    }
    return issues;
  }

  private field(entry: CurationEntry): FieldSpec {
    const spec = this.specs.get(entry.table)!;
    const f = spec.fields.find((x) => x.name === entry.field);
    if (!f) throw new Error(`a field of ${entry.table}: ${spec.fields.map((x) => x.name).filter((n) => !FIXED_FIELDS.has(n)).join(', ')}`);
    if (FIXED_FIELDS.has(f.name)) throw new Error(`a field that says what the fact is, not where it stands (not ${f.name})`);
    return f;
  }

  private count(entry: CurationEntry, n: number): void {
    this.matches.set(entry, (this.matches.get(entry) ?? 0) + n);
  }

  private applyToArticle(entry: CurationEntry, article: Row): void {
    const current = article[entry.field!] ?? null;
    if ((current ?? '') !== entry.quote) return; // no match: the check reports it
    this.count(entry, 1);
    article[entry.field!] = coerce(entry.value, this.field({ ...entry, table: 'articles' }));
    article.curated = true;
  }

  private changeFact(entry: CurationEntry, rows: PageRows): void {
    const table = rows[entry.table as FactTable] as unknown as { row: Row; at: unknown }[];
    const article = rows.articles.find((a) => a.row.article_id === entry.articleId)?.row as Row | undefined;
    const q = parseQuote(entry.quote);
    const hits = table
      .map((located, index) => ({ located, index }))
      .filter(({ located }) => {
        const r = located.row;
        if (r.article_id !== entry.articleId || r.quote !== q.core) return false;
        const column = codePoints(String(article?.[r.field as string] ?? ''));
        return contextMatches(column, r.start as number, r.end as number, q);
      });
    const picked = entry.occurrence === null ? hits : hits.slice(entry.occurrence - 1, entry.occurrence);
    this.count(entry, picked.length);
    if (picked.length !== 1) return; // the check reports entries matching 0 or several rows
    const { located, index } = picked[0];
    if (entry.action === 'reject') {
      table.splice(index, 1);
      return;
    }
    const f = this.field(entry);
    located.row[f.name] = coerce(entry.value, f);
    located.row.curated = true;
    located.at = { file: entry.file, line: entry.line };
  }

  private add(entry: CurationEntry, rows: PageRows, text: string): void {
    const chars = codePoints(text);
    const q = parseQuote(entry.quote);
    const quote = codePoints(q.core);
    const starts: number[] = [];
    for (let i = 0; i + quote.length <= chars.length; i++) {
      if (chars.slice(i, i + quote.length).join('') === q.core && contextMatches(chars, i, i + quote.length, q)) starts.push(i);
    }
    const picked = entry.occurrence === null ? starts : starts.slice(entry.occurrence - 1, entry.occurrence);
    this.count(entry, picked.length);
    if (picked.length !== 1) return;
    const spec = this.specs.get(entry.table)!;
    const start = picked[0];
    const end = start + quote.length;
    const [sentenceStart, sentenceEnd] = sentenceAround(chars, start, end);
    const row: Row = Object.fromEntries(spec.fields.map((f) => [f.name, null]));
    Object.assign(row, JSON.parse(entry.value!) as Row, {
      fact_id: factId(entry.articleId, entry.table as FactTable, 'text', start, end),
      article_id: entry.articleId,
      field: 'text',
      start,
      end,
      quote: q.core,
      sentence_start: sentenceStart,
      sentence_end: sentenceEnd,
      rule: 'curation',
      curated: true,
    });
    (rows[entry.table as FactTable] as unknown as { row: Row; at: unknown }[]).push({ row, at: { file: entry.file, line: entry.line } });
  }

  /** One row per entry for the build-internal table curation_entries, with its match count. */
  entryRows(): PageRows['curation_entries'] {
    return this.entries.map((e) => ({
      at: { file: e.file, line: e.line },
      row: { file: e.file, line: e.line, action: e.action, table_name: e.table, target: e.articleId, quote: e.quote, matches: this.matches.get(e) ?? 0 },
    }));
  }
}
