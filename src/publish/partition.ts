/**
 * The Parquet copy partitioned by issue year, for large releases: past a threshold of articles,
 * every table whose rows belong to a page is also written as
 *
 *   parquet-by-year/<table>/year=<YYYY>/part-0.parquet
 *
 * Hive-style, so Spark, Trino, Hive, BigQuery external tables, pyarrow and DuckDB
 * (`read_parquet(…, hive_partitioning = true)`) read a table's folder directly and prune by year.
 * The year is the page's: year of sources.issue_date, else of sources.issue_date_earliest (a page
 * dated only to a range belongs to the year the range starts in); rows whose page has no known date
 * go to `year=__HIVE_DEFAULT_PARTITION__`, the name Hive, Spark and DuckDB give a null partition
 * value (they read it back as null). The files hold exactly the table's columns: `year` comes from
 * the folder name only. Tables without a page (divisions, the reference gazetteer) have no
 * partitioned copy: parquet/<table>.parquet is all there is of them.
 *
 * Shared by the writer (write-tables.ts), the read-back (verify-release.ts) and `verify`, which all
 * compute a row's year with the same SQL.
 */
import { ident, pageLink } from '../schema/index.ts';

/** The folder of the partitioned copy, beside csv/ and parquet/. */
export const BY_YEAR_DIR = 'parquet-by-year';

/** The Hive partition column (a folder name, never a column inside the files). */
export const PARTITION_COLUMN = 'year';

/** Hive's value for a null partition key; DuckDB writes and reads it the same way. */
export const NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/**
 * Releases with at least this many articles get the partitioned copy. At 100,000 articles a table's
 * Parquet file reaches tens of MB and the text tables hundreds of MB at a million, where readers
 * start to gain from pruning by year; below, one file per table is simplest.
 * dataset.json's `partitionMinArticles` (or PublishInput's) overrides it.
 */
export const DEFAULT_PARTITION_MIN_ARTICLES = 100_000;

/**
 * How a table's rows reach their page: `self` (the sources table), `source` (a source_id column:
 * articles), `article` (an article_id column: paragraphs, the facts…), or null (no page).
 */
export type YearLink = 'self' | 'source' | 'article';

export function yearLink(table: string, fields: readonly string[]): YearLink | null {
  return table === 'sources' ? 'self' : pageLink(fields);
}

/** The relations (tables, or `verify`'s loaded copies) holding the sources and articles. */
export interface YearRelations {
  sources: string;
  articles: string;
}

/** The year of a sources row aliased `s`, as SQL: BIGINT, null when the page's date is unknown. */
export function sourceYearSql(s: string): string {
  return `year(coalesce(${s}.issue_date, ${s}.issue_date_earliest))`;
}

/** The column a table's rows are matched on (source_id or article_id). */
export function yearKey(link: YearLink): string {
  return link === 'article' ? 'article_id' : 'source_id';
}

/** `(key, year)` for every page (link self/source) or article (link article): one row per key. */
export function yearMapSql(link: YearLink, relations: YearRelations): string {
  const year = sourceYearSql('s');
  return link === 'article'
    ? `SELECT a.article_id AS key, ${year} AS year FROM ${relations.articles} a LEFT JOIN ${relations.sources} s ON s.source_id = a.source_id`
    : `SELECT s.source_id AS key, ${year} AS year FROM ${relations.sources} s`;
}

/**
 * SQL of `relation`'s rows (aliased `t`) with their year, as `columns…, year`: a row whose page
 * cannot be found gets null, like a page without a date.
 */
export function rowsWithYearSql(relation: string, link: YearLink, columns: readonly string[], relations: YearRelations): string {
  return `SELECT ${columns.map((c) => `t.${ident(c)}`).join(', ')}, y.year AS ${ident(PARTITION_COLUMN)} FROM ${relation} t LEFT JOIN (${yearMapSql(link, relations)}) y ON y.key = t.${ident(yearKey(link))}`;
}

/** The folder name of a partition: `year=2022`, or `year=__HIVE_DEFAULT_PARTITION__`. */
export function partitionDir(year: number | null): string {
  return `${PARTITION_COLUMN}=${year === null ? NULL_PARTITION : year}`;
}

/** `parquet-by-year/<table>/year=<YYYY>/part-0.parquet`. */
export function partitionPath(table: string, year: number | null): string {
  return `${BY_YEAR_DIR}/${table}/${partitionDir(year)}/part-0.parquet`;
}

/** `parquet-by-year/<table>`: the folder a Hive-aware reader is pointed at. */
export function partitionRoot(table: string): string {
  return `${BY_YEAR_DIR}/${table}`;
}

/** The year a partition path names: a number, null for the default partition, undefined when it is not one. */
export function yearOfPath(p: string): number | null | undefined {
  const m = new RegExp(`(?:^|/)${PARTITION_COLUMN}=([^/]+)/[^/]+$`).exec(p);
  if (!m) return undefined;
  if (m[1] === NULL_PARTITION) return null;
  return /^-?\d+$/.test(m[1]) ? Number(m[1]) : undefined;
}

/** `read_parquet([...])` options for a Hive-partitioned read with `year` typed as BIGINT. */
export const HIVE_READ_OPTIONS = `hive_partitioning = true, hive_types = {'${PARTITION_COLUMN}': BIGINT}`;
