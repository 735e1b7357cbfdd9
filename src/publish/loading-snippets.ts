/**
 * Copy-paste snippets that load a release in DuckDB, pandas, polars and R. One definition, shown in
 * the release README and on the release page, and run by the tests where the tool exists
 * (test/release-docs.test.ts): every snippet runs from inside the release folder.
 */
import type { TableSpec } from '../schema/index.ts';
import { tablePath } from './build-descriptor.ts';
import { BY_YEAR_DIR, HIVE_READ_OPTIONS, partitionRoot } from './partition.ts';

export interface Snippet {
  /** Stable id: duckdb, pandas, polars, r. */
  id: string;
  title: string;
  /** Markdown fence language. */
  language: string;
  code: string;
  /** How the tests run it, or why they cannot; shown under the snippet. */
  tested: string;
}

/** The snippets for a release with these tables. */
export function loadingSnippets(specs: readonly TableSpec[]): Snippet[] {
  const published = specs.filter((s) => s.publish);
  const views = published.map((s) => `CREATE VIEW ${s.table} AS SELECT * FROM '${tablePath(s.table, 'parquet')}';`);
  return [
    {
      id: 'duckdb',
      title: 'DuckDB (SQL)',
      language: 'sql',
      code: [
        '-- In the release folder: duckdb, then paste. One view per table, on the Parquet files.',
        ...views,
        '',
        '-- The largest counts printed, with the headline of their article and their sentence.',
        'SELECT a.headline, q.quote, q.value, q.unit, q.subject,',
        '       substring(a.text, q.sentence_start + 1, q.sentence_end - q.sentence_start) AS sentence',
        'FROM quantities q JOIN articles a USING (article_id)',
        "WHERE q.unit_class = 'count' AND q.field = 'text'",
        'ORDER BY q.value DESC, q.fact_id',
        'LIMIT 5;',
        '',
        "-- CSV instead of Parquet: read_csv('csv/articles.csv', allow_quoted_nulls = false)",
      ].join('\n'),
      tested: 'Tested: every statement is run with DuckDB (@duckdb/node-api) against a freshly built release. The duckdb command-line program runs it as pasted; where it is not installed (Debian 12 has no package for it), the same SQL runs through the Node package @duckdb/node-api or the Python package duckdb (`duckdb.sql(...)`), which read the same files.',
    },
    {
      id: 'pandas',
      title: 'pandas (Python)',
      language: 'python',
      code: [
        'import json',
        'import pandas as pd',
        '',
        '# CSV, with each column typed from datapackage.json; run in the release folder.',
        'package = json.load(open("datapackage.json", encoding="utf-8"))',
        'DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}',
        '',
        'def read_table(name):',
        '    resource = next(r for r in package["resources"] if r["name"] == name)',
        '    fields = resource["schema"]["fields"]',
        '    return pd.read_csv(',
        '        resource["path"], encoding="utf-8", keep_default_na=False, na_values=[""],',
        '        dtype={f["name"]: DTYPES[f["type"]] for f in fields if f["type"] in DTYPES},',
        '        parse_dates=[f["name"] for f in fields if f["type"] == "date"],',
        '    )',
        '',
        'articles = read_table("articles")',
        'quantities = read_table("quantities")',
        'facts = quantities.merge(articles[["article_id", "headline"]], on="article_id")',
        '',
        '# Parquet keeps the types by itself (needs pyarrow or fastparquet):',
        '# articles = pd.read_parquet("parquet/articles.parquet")',
      ].join('\n'),
      tested: "Tested: the CSV part runs under python3 with Debian's python3-pandas (1.5) against a freshly built release, in a UTF-8 locale and under LANG=C. The Parquet line is not run: Debian has no pyarrow or fastparquet package.",
    },
    {
      id: 'polars',
      title: 'polars (Python)',
      language: 'python',
      code: [
        'import polars as pl',
        '',
        '# Run in the release folder.',
        'articles = pl.read_parquet("parquet/articles.parquet")',
        'quantities = pl.read_parquet("parquet/quantities.parquet")',
        'facts = quantities.join(articles.select("article_id", "headline"), on="article_id")',
        '',
        '# CSV instead: pl.read_csv("csv/articles.csv", try_parse_dates=True)',
      ].join('\n'),
      tested: 'Not run as Python (Python polars is not installed here); the tests read the same Parquet files with nodejs-polars, the same engine, and compare every value.',
    },
    {
      id: 'r',
      title: 'R',
      language: 'r',
      code: [
        '# CSV with base R; run in the release folder.',
        'read_table <- function(name) {',
        '  # encoding = "UTF-8" marks the text as UTF-8 in any locale; fileEncoding would convert it to',
        '  # the locale\'s character set and, under LANG=C, silently stop at the first Chinese character.',
        '  df <- read.csv(file.path("csv", paste0(name, ".csv")), encoding = "UTF-8", na.strings = "")',
        '  # Booleans are written true/false, which read.csv leaves as text.',
        '  for (col in names(df)) if (is.character(df[[col]]) && all(df[[col]] %in% c("true", "false", NA))) df[[col]] <- df[[col]] == "true"',
        '  df',
        '}',
        'articles <- read_table("articles")',
        'quantities <- read_table("quantities")',
        'facts <- merge(quantities, articles[, c("article_id", "headline")], by = "article_id")',
        '',
        '# Parquet, with the arrow package:',
        '# articles <- arrow::read_parquet("parquet/articles.parquet")',
      ].join('\n'),
      tested: "Tested: the CSV part runs with Debian's r-base-core (Rscript) against a freshly built release, in a UTF-8 locale and under LANG=C: every row and every Chinese character comes back. The arrow line is not run: Debian has no arrow package for R.",
    },
  ];
}

/**
 * Snippets for the Parquet copy partitioned by issue year (partition.ts), shown only in releases
 * that have it; the DuckDB one is run by the tests (test/release-partition.test.ts).
 */
export function byYearSnippets(): Snippet[] {
  const root = partitionRoot('articles');
  return [
    {
      id: 'duckdb-by-year',
      title: 'DuckDB, by issue year',
      language: 'sql',
      code: [
        `-- In the release folder. The year comes from the folder names; a filter on it reads only that year's files.`,
        `SELECT year, count(*) AS articles`,
        `FROM read_parquet('${root}/*/*.parquet', ${HIVE_READ_OPTIONS})`,
        `GROUP BY year ORDER BY year;`,
      ].join('\n'),
      tested: 'Tested: run with DuckDB (@duckdb/node-api) against a freshly built partitioned release.',
    },
    {
      id: 'spark-pyarrow-by-year',
      title: 'Spark, pyarrow',
      language: 'python',
      code: [
        `# Point the reader at a table's folder: the year partitions are discovered from the folder names,`,
        `# and year=__HIVE_DEFAULT_PARTITION__ is read as a null year.`,
        `articles = spark.read.parquet("${root}")`,
        ``,
        `import pyarrow.dataset as ds`,
        `articles = ds.dataset("${root}", format="parquet", partitioning="hive").to_table()`,
        ``,
        `# Trino/Hive, BigQuery: an external table over ${BY_YEAR_DIR}/<table>/ with Hive partitioning on year.`,
      ].join('\n'),
      tested: 'Not run here (neither Spark nor pyarrow is installed); the layout is the one both read by default.',
    },
  ];
}
