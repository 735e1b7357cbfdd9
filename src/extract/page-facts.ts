/**
 * The facts stage for one page: every article's facts as located rows, each pointing at the raw
 * line its paragraph starts on, so that a validation problem names the place on the page.
 */
import type { PageRows } from '../rows.ts';
import { articleFacts, FACT_TABLES } from './article-facts.ts';
import type { Gazetteer } from './divisions.ts';

export function addPageFacts(rows: PageRows, gazetteer: Gazetteer): void {
  const source = rows.sources[0]?.row;
  if (!source) return;
  for (const { row: article, at } of rows.articles) {
    const contributors = rows.contributors.filter((c) => c.row.article_id === article.article_id).map((c) => c.row);
    const paragraphs = rows.paragraphs.filter((p) => p.row.article_id === article.article_id).map((p) => p.row);
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
