/**
 * What the release page (index.html) shows, read from the checked tables in DuckDB: a preview of
 * every table, the headlines, and for the article reader the first articles with their facts, text
 * positions and raw lines. Every query has a total order, so the page's bytes depend only on the data.
 */
import type { DuckDBConnection, Json } from '@duckdb/node-api';
import { sqlString } from '../db/open-database.ts';
import { parseSmallInteger } from '../extract/chinese-numerals.ts';
import { groupBy } from '../group-by.ts';
import { continuationMarker } from '../recover/bylines.ts';
import { ident, type TableSpec } from '../schema/index.ts';
import { LISTED_SOURCES, type SourceList, type SourcePage } from './render-release-readme.ts';
import { releaseQuery } from './write-tables.ts';

/** Caps that keep the page small enough to open quickly, however large the release. */
export interface PageLimits {
  /** Rows shown per table in the preview. */
  previewRows: number;
  /** Articles in the reader, in reading order (page, then position on the page). */
  articles: number;
  /** Total article text (code points) in the reader; the first article is always included. */
  textChars: number;
  /** Headlines in the search. */
  headlines: number;
}

export const PAGE_LIMITS: PageLimits = { previewRows: 10, articles: 400, textChars: 1_500_000, headlines: 20_000 };

export type Cell = string | number | boolean | null;

export interface PagePreview {
  table: string;
  columns: string[];
  rows: Cell[][];
}

export interface PageArticle {
  id: string;
  source: string;
  seq: number;
  kicker: string | null;
  headline: string | null;
  subtitle: string | null;
  byline: string | null;
  text: string;
  /** Raw lines of the article, inclusive. */
  lines: [number, number];
  /** For a continued article (no headline of its own): what it continues from. */
  continues: Continuation | null;
}

/** What a continued article continues from, read from the marker on its first raw line. */
export interface Continuation {
  /** The marker as printed, e.g. `（上接第一版）`. */
  marker: string;
  /** The page it names, e.g. 1; null when the number cannot be read. */
  page: number | null;
  /** The source_id of that page of the same issue (same newspaper, same exact issue date), when it is in the release. */
  source: string | null;
}

export interface PageHeadline {
  id: string;
  source: string;
  seq: number;
  kicker: string | null;
  headline: string | null;
  subtitle: string | null;
  /** True when the article is in the reader. */
  inReader: boolean;
  continues: Continuation | null;
}

export interface FactType {
  /** The fact table: quantities, dates, … */
  table: string;
  title: string;
  /** The normalized fields shown for each fact, in schema order. */
  fields: string[];
}

export interface PageFact {
  /** Index into articles. */
  article: number;
  /** Index into factTypes. */
  type: number;
  id: string;
  field: string;
  start: number;
  end: number;
  rule: string;
  curated: boolean;
  /** Values of the type's fields, in order. */
  values: Cell[];
  /** Names of referenced rows, e.g. the division a place code names: [field, name]. */
  names: [string, string][];
}

export interface PageData {
  /** How many raw pages the release has, and the first LISTED_SOURCES of them by source_id. */
  sources: SourceList;
  /** The raw pages the headlines and the reader's articles are on, by source_id. */
  shownSources: SourcePage[];
  previews: PagePreview[];
  headlines: PageHeadline[];
  headlineTotal: number;
  articles: PageArticle[];
  articleTotal: number;
  factTypes: FactType[];
  facts: PageFact[];
  /** Per article id: [field, start, end, line_no, column] runs (text_segments). */
  segments: Record<string, [string, number, number, number, number][]>;
  /** Per source id: the raw lines the reader's articles cover, by line number. */
  raw: Record<string, Record<string, string>>;
}

/**
 * What an article whose first raw line is `firstLine` continues from: the marker, the page it
 * names, and that page of the same issue among `sources` (same newspaper and exact issue date;
 * an issue known only as a date range cannot be matched). Null when the line has no marker.
 */
export function continuation(firstLine: string, own: SourcePage, sources: readonly SourcePage[]): Continuation | null {
  const found = continuationMarker(firstLine);
  if (!found) return null;
  const page = parseSmallInteger(found.page);
  const target = page === null || own.issue_date === null
    ? undefined
    : sources.find((s) => s.source_id !== own.source_id && s.newspaper === own.newspaper && s.issue_date === own.issue_date && s.page === page);
  return { marker: found.marker, page, source: target?.source_id ?? null };
}

/** Fields every fact table has; the rest are its normalized values. */
const FACT_COMMON = ['fact_id', 'article_id', 'field', 'start', 'end', 'quote', 'sentence_start', 'sentence_end', 'rule', 'curated'];

/** Published tables that hold facts: they point into an article with field, start, end and quote. */
export function factSpecs(specs: readonly TableSpec[]): TableSpec[] {
  return specs.filter((s) => s.publish && FACT_COMMON.every((f) => s.fields.some((x) => x.name === f)));
}

async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, Json>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson();
}

const hasTable = (specs: readonly TableSpec[], table: string) => specs.some((s) => s.table === table);

/** A sources row as a SourcePage: `SOURCE_COLUMNS` of `s`, read by `sourcePage`. */
const SOURCE_COLUMNS = 's.source_id, s.file, s.newspaper, CAST(s.issue_date AS VARCHAR) AS issue_date, CAST(s.issue_date_earliest AS VARCHAR) AS issue_date_earliest, CAST(s.issue_date_latest AS VARCHAR) AS issue_date_latest, s.page';

function sourcePage(r: Record<string, Json>): SourcePage {
  return { source_id: String(r.source_id), file: String(r.file), newspaper: r.newspaper as string | null, issue_date: r.issue_date as string | null, issue_date_earliest: r.issue_date_earliest as string | null, issue_date_latest: r.issue_date_latest as string | null, page: r.page === null ? null : Number(r.page) };
}

/** The sources rows `where` (a condition on `s`; every row without one) selects, by source_id, the first `limit` of them. */
async function sourcePages(connection: DuckDBConnection, where: string | null, limit: number | null = null): Promise<SourcePage[]> {
  return (await rows(connection, `SELECT ${SOURCE_COLUMNS} FROM sources s ${where === null ? '' : `WHERE ${where}`} ORDER BY s.source_id ${limit === null ? '' : `LIMIT ${limit}`}`)).map(sourcePage);
}

/** Which of `ids` are rows of the sources table (an empty set when there is none). */
export async function sourcesPresent(connection: DuckDBConnection, specs: readonly TableSpec[], ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length || !hasTable(specs, 'sources')) return new Set();
  return new Set((await rows(connection, `SELECT source_id FROM sources WHERE source_id IN (${ids.map(sqlString).join(', ')})`)).map((r) => String(r.source_id)));
}

/** A cell as JSON for the page: integers (BIGINT, read as strings) become numbers. */
function cell(v: Json, type: string): Cell {
  if (v === null || v === undefined) return null;
  if (type === 'integer') return Number(v);
  return v as Cell;
}

/**
 * Reads everything the page shows. `specs` are all tables (internal ones too: raw_lines). Only what
 * the page shows is read into memory, so it stays the same size however many pages the release has.
 */
export async function releasePageData(connection: DuckDBConnection, specs: readonly TableSpec[], limits: PageLimits = PAGE_LIMITS): Promise<PageData> {
  const published = specs.filter((s) => s.publish);
  const previews: PagePreview[] = [];
  for (const spec of published) {
    const got = await rows(connection, `${releaseQuery(spec)} LIMIT ${limits.previewRows}`);
    previews.push({ table: spec.table, columns: spec.fields.map((f) => f.name), rows: got.map((r) => spec.fields.map((f) => cell(r[f.name], f.type))) });
  }

  const withSources = hasTable(specs, 'sources');
  const sources: SourceList = withSources
    ? { total: Number((await rows(connection, 'SELECT count(*) AS n FROM sources'))[0].n), listed: await sourcePages(connection, null, LISTED_SOURCES) }
    : { total: 0, listed: [] };

  const empty: PageData = { sources, shownSources: [], previews, headlines: [], headlineTotal: 0, articles: [], articleTotal: 0, factTypes: [], facts: [], segments: {}, raw: {} };
  if (!hasTable(specs, 'articles')) return empty;

  // The reader's articles: reading order, until either cap; the first one always.
  await connection.run(`CREATE OR REPLACE TEMP TABLE page_articles AS
    SELECT article_id, row_number() OVER w AS n, sum(char_count) OVER w AS chars
    FROM articles WINDOW w AS (ORDER BY source_id, seq, article_id ROWS UNBOUNDED PRECEDING)
    QUALIFY n = 1 OR (n <= ${limits.articles} AND chars <= ${limits.textChars})`);
  try {
    // The articles the page names: the headlines' and the reader's.
    await connection.run(`CREATE OR REPLACE TEMP TABLE page_shown AS
      SELECT article_id, source_id, is_continuation FROM (SELECT * FROM articles ORDER BY source_id, seq, article_id LIMIT ${limits.headlines})
      UNION SELECT a.article_id, a.source_id, a.is_continuation FROM articles a JOIN page_articles USING (article_id)`);
    const articleTotal = Number((await rows(connection, 'SELECT count(*) AS n FROM articles'))[0].n);
    const shownSources = withSources ? await sourcePages(connection, 's.source_id IN (SELECT source_id FROM page_shown)') : [];
    // Continued articles: their marker is on their first raw line (recovery takes it off the text).
    const continues = new Map<string, Continuation>();
    if (withSources && hasTable(specs, 'raw_lines')) {
      const continued = await rows(connection, `SELECT a.article_id, a.source_id, r.text FROM page_shown c JOIN articles a USING (article_id)
        JOIN raw_lines r ON r.source_id = a.source_id AND r.line_no = a.line_start WHERE c.is_continuation ORDER BY a.article_id`);
      // Their own pages, and the other pages of the same issues: where a marker's page is looked for.
      const issuePages = continued.length ? await sourcePages(connection, `s.source_id IN (SELECT source_id FROM page_shown WHERE is_continuation)
        OR EXISTS (SELECT 1 FROM page_shown c JOIN sources o USING (source_id)
          WHERE c.is_continuation AND o.issue_date = s.issue_date AND o.newspaper IS NOT DISTINCT FROM s.newspaper)`) : [];
      const byId = new Map(issuePages.map((s) => [s.source_id, s]));
      const issueKey = (s: SourcePage) => JSON.stringify([s.newspaper, s.issue_date]);
      const byIssue = groupBy(issuePages, issueKey);
      for (const r of continued) {
        const own = byId.get(String(r.source_id));
        const c = own ? continuation(String(r.text), own, byIssue.get(issueKey(own)) ?? []) : null;
        if (c) continues.set(String(r.article_id), c);
      }
    }
    const headlines = (await rows(connection, `SELECT a.article_id, a.source_id, a.seq, a.kicker, a.headline, a.subtitle, p.article_id IS NOT NULL AS in_reader
      FROM articles a LEFT JOIN page_articles p USING (article_id) ORDER BY a.source_id, a.seq, a.article_id LIMIT ${limits.headlines}`))
      .map((r) => ({ id: String(r.article_id), source: String(r.source_id), seq: Number(r.seq), kicker: r.kicker as string | null, headline: r.headline as string | null, subtitle: r.subtitle as string | null, inReader: r.in_reader === true, continues: continues.get(String(r.article_id)) ?? null }));
    const articles = (await rows(connection, `SELECT a.* FROM articles a JOIN page_articles p USING (article_id) ORDER BY p.n`))
      .map((r) => ({ id: String(r.article_id), source: String(r.source_id), seq: Number(r.seq), kicker: r.kicker as string | null, headline: r.headline as string | null, subtitle: r.subtitle as string | null, byline: r.byline as string | null, text: String(r.text), lines: [Number(r.line_start), Number(r.line_end)] as [number, number], continues: continues.get(String(r.article_id)) ?? null }));
    const index = new Map(articles.map((a, i) => [a.id, i]));

    const factTypes: FactType[] = [];
    const facts: PageFact[] = [];
    for (const spec of factSpecs(specs)) {
      const fields = spec.fields.filter((f) => !FACT_COMMON.includes(f.name));
      // Names of what a fact refers to (a place's division), for single-field keys into a table with a name.
      const refs = spec.foreignKeys.filter((fk) => fk.fields.length === 1 && fk.fields[0] !== 'article_id' && fk.reference.resource !== spec.table && specs.find((s) => s.table === fk.reference.resource)?.fields.some((f) => f.name === 'name'));
      const joins = refs.map((fk, i) => `LEFT JOIN ${ident(fk.reference.resource)} r${i} ON r${i}.${ident(fk.reference.fields[0])} = f.${ident(fk.fields[0])}`).join(' ');
      const names = refs.map((_, i) => `r${i}.name AS ${ident(`ref_name_${i}`)}`);
      const got = await rows(connection, `SELECT f.*${names.length ? ', ' + names.join(', ') : ''} FROM ${ident(spec.table)} f JOIN page_articles p USING (article_id) ${joins} ORDER BY f.fact_id`);
      const type = factTypes.length;
      factTypes.push({ table: spec.table, title: spec.title, fields: fields.map((f) => f.name) });
      for (const r of got) {
        facts.push({
          article: index.get(String(r.article_id))!,
          type,
          id: String(r.fact_id),
          field: String(r.field),
          start: Number(r.start),
          end: Number(r.end),
          rule: String(r.rule),
          curated: r.curated === true,
          values: fields.map((f) => cell(r[f.name], f.type)),
          names: refs.flatMap((fk, i): [string, string][] => (r[`ref_name_${i}`] == null ? [] : [[fk.fields[0], String(r[`ref_name_${i}`])]])),
        });
      }
    }
    // Reading order of facts: article, then position; the id breaks ties.
    facts.sort((a, b) => a.article - b.article || a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    const segments: PageData['segments'] = {};
    if (hasTable(specs, 'text_segments')) {
      for (const r of await rows(connection, `SELECT s.* FROM text_segments s JOIN page_articles p USING (article_id) ORDER BY p.n, s.field, s.start`)) {
        (segments[String(r.article_id)] ??= []).push([String(r.field), Number(r.start), Number(r.end), Number(r.line_no), Number(r.column)]);
      }
    }

    // The raw lines the articles stand on (their line range and every line a segment is on): the
    // newspaper's text like the articles themselves, so nothing beyond the articles is embedded.
    const raw: PageData['raw'] = {};
    if (hasTable(specs, 'raw_lines')) {
      const segmentLines = hasTable(specs, 'text_segments') ? `UNION SELECT a.source_id, s.line_no FROM text_segments s JOIN articles a USING (article_id) JOIN page_articles p USING (article_id)` : '';
      const got = await rows(connection, `WITH wanted AS (
          SELECT a.source_id, unnest(range(a.line_start, a.line_end + 1)) AS line_no FROM articles a JOIN page_articles p USING (article_id)
          ${segmentLines}
        )
        SELECT r.source_id, r.line_no, r.text FROM raw_lines r JOIN (SELECT DISTINCT source_id, line_no FROM wanted) w USING (source_id, line_no)
        ORDER BY r.source_id, r.line_no`);
      for (const r of got) (raw[String(r.source_id)] ??= {})[String(Number(r.line_no))] = String(r.text);
    }
    return { sources, shownSources, previews, headlines, headlineTotal: articleTotal, articles, articleTotal, factTypes, facts, segments, raw };
  } finally {
    await connection.run('DROP TABLE IF EXISTS page_articles; DROP TABLE IF EXISTS page_shown');
  }
}
