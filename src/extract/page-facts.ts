/**
 * The facts stage for one page: every article's facts as located rows, each pointing at the raw
 * line its paragraph starts on, so that a validation problem names the place on the page.
 */
import type { PageRows } from '../rows.ts';
import { articleFacts, FACT_TABLES } from './article-facts.ts';
import type { Gazetteer } from './divisions.ts';

/** Rows grouped by article_id, in page order (one pass, not one filter per article). */
function byArticle<R extends { article_id: string }>(rows: readonly { row: R }[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const { row } of rows) {
    const list = out.get(row.article_id);
    if (list) list.push(row);
    else out.set(row.article_id, [row]);
  }
  return out;
}

export function addPageFacts(rows: PageRows, gazetteer: Gazetteer): void {
  const source = rows.sources[0]?.row;
  if (!source) return;
  const contributorsOf = byArticle(rows.contributors);
  const paragraphsOf = byArticle(rows.paragraphs);
  for (const { row: article, at } of rows.articles) {
    const contributors = contributorsOf.get(article.article_id) ?? [];
    const paragraphs = paragraphsOf.get(article.article_id) ?? [];
    const lineOf = (field: string, start: number): number | null => {
      if (field !== 'text') return at.line;
      return paragraphs.find((p) => start >= p.start && start <= p.end)?.line_start ?? at.line;
    };
    const facts = articleFacts(article, contributors, { source, gazetteer });
    for (const table of FACT_TABLES) {
      const located = (rows[table] as unknown as { row: unknown; at: unknown }[]);
      for (const row of facts[table]) located.push({ row, at: { file: at.file, line: lineOf(row.field, row.start) } });
    }
  }
}
