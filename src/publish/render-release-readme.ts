import { renderDictionary, type TableSpec } from '../schema/index.ts';
import { resourceName, tablePath } from './build-descriptor.ts';
import type { DatasetMetadata, License } from './dataset-metadata.ts';
import { byYearSnippets, loadingSnippets } from './loading-snippets.ts';
import { BY_YEAR_DIR, NULL_PARTITION, PARTITION_COLUMN } from './partition.ts';
import { figureMarkdown, orderFigures, type QualityFigure } from './quality-figures.ts';
import { fitsInSheet, FORMULA_TRIGGERS, SHEET_ROWS, spreadsheetPath, TEXT_PREFIX } from './spreadsheet-csv.ts';
import { DICTIONARY_SHEET, FIRST_SHEET, workbookPath } from './workbook.ts';

const licenseLine = (l: License) => `${l.title ?? l.name} (\`${l.name}\`${l.path ? `, ${l.path}` : ''})`;

/** Raw pages listed by name in the README and on the release page; an archive's others are in the sources table. */
export const LISTED_SOURCES = 100;

/** The release's raw pages as the docs list them: how many, and the first LISTED_SOURCES by source_id. */
export interface SourceList {
  total: number;
  listed: readonly SourcePage[];
}

/** A raw page of the release, as the README lists it (from the sources table). */
export interface SourcePage {
  source_id: string;
  file: string;
  newspaper: string | null;
  issue_date: string | null;
  issue_date_earliest: string | null;
  issue_date_latest: string | null;
  page: number | null;
}

/** What the docs say beyond the schemas and counts; every part optional, so tests can leave it out. */
export interface ReleaseDocsContext {
  /** The raw pages, from the sources table. */
  sources?: SourceList;
  /** The consistency checks the build ran, all passed. */
  checks?: readonly { name: string; description: string }[];
  /** Pages left out of the release (quarantined), with why; their `sources` rows say the same. */
  leftOut?: readonly { file: string; reason: string }[];
  /** Items of `<data>/known-limits.md`; null when there is none. */
  knownLimits?: readonly string[] | null;
  /** Every quality figure the release states (quality-figures.ts releaseFigures); none when absent. */
  figures?: readonly QualityFigure[] | null;
  /** The partitioned Parquet copy: the threshold, this release's articles and the files written (none below the threshold). */
  partition?: PartitionContext | null;
}

export interface PartitionContext {
  /** Releases with at least this many articles have the copy. */
  minArticles: number;
  articles: number;
  files: readonly { table: string; year: number | null; path: string }[];
}

/** The quality figures of a release, outside text first. */
export function docsFigures(context: ReleaseDocsContext): QualityFigure[] {
  return orderFigures(context.figures ?? []);
}

/** The sentence before the figures: which come first, or that none was measured outside the release. */
export function figuresLead(figures: readonly QualityFigure[]): string {
  return figures.some((f) => !f.inside_release)
    ? 'Quality, as measured; figures measured on text outside this release come first:'
    : 'Quality, as measured: no figure has been measured on text outside this release yet, so the figures below come from its own pages and are optimistic.';
}

/** 100000 → `100,000`: digits grouped by hand, so the text does not depend on the machine's locale. */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The README section on the Parquet copy partitioned by issue year: what it is, or when it would exist. */
export function partitionSection(p: PartitionContext): string[] {
  const layout = `\`${BY_YEAR_DIR}/<table>/${PARTITION_COLUMN}=<YYYY>/part-0.parquet\``;
  if (!p.files.length) {
    return [
      '## Parquet partitioned by issue year',
      '',
      `Releases of at least ${grouped(p.minArticles)} articles also give every table with a page as Parquet partitioned by the issue year`,
      `of the page, Hive-style (${layout}), for Spark, Trino, BigQuery external tables, pyarrow and`,
      `DuckDB's \`read_parquet(…, hive_partitioning = true)\`. This release has ${grouped(p.articles)} article${p.articles === 1 ? '' : 's'}, so it has none:`,
      '`parquet/<table>.parquet` holds each whole table.',
      '',
    ];
  }
  const tables = [...new Set(p.files.map((f) => f.table))];
  const years = [...new Set(p.files.map((f) => f.year))].map((y) => (y === null ? `unknown (\`${NULL_PARTITION}\`)` : String(y)));
  const lines = [
    '## Parquet partitioned by issue year',
    '',
    `This release has ${grouped(p.articles)} articles (the copy is written from ${grouped(p.minArticles)} on), so every table with a page is also given`,
    `as Parquet partitioned by the issue year of its page, Hive-style, one file per table and year: ${layout}.`,
    'Spark, Trino, Hive, BigQuery external tables, pyarrow and DuckDB read a table\'s folder directly and read only the years a',
    'query asks for.',
    '',
    `- Tables: ${tables.map((t) => `\`${t}\``).join(', ')}. Years: ${years.join(', ')}.`,
    '- The year is that of the page\'s `sources.issue_date`, else of `issue_date_earliest` (a page dated to a range belongs to',
    `  the year the range starts in). Rows whose page has no known date are in \`${PARTITION_COLUMN}=${NULL_PARTITION}\`, which`,
    `  Hive, Spark, Trino, pyarrow and DuckDB read as a null \`${PARTITION_COLUMN}\`.`,
    '- The files hold exactly the table\'s columns (`year` comes from the folder name), each sorted by primary key; together',
    '  they hold the same rows as `parquet/<table>.parquet`. A table without a page (`divisions`) or without rows is only in',
    '  `parquet/`.',
    `- In \`datapackage.json\` each is the resource \`<table>-parquet-by-year\`, whose \`path\` lists its files; their sizes`,
    '  and SHA-256 are in `SHA256SUMS`.',
    '',
  ];
  for (const s of byYearSnippets()) lines.push(`### ${s.title}`, '', '```' + s.language, s.code, '```', '', s.tested, '');
  return lines;
}

/** How the release is made, stage by stage; shared with the release page. */
export const PIPELINE_STAGES: readonly [string, string][] = [
  ['Load inputs', 'the raw pages (text extracted from the newspaper\'s PDF pages, UTF-8, UTF-16 or GB18030, decoded strictly), the manifest of issue dates, the dataset metadata and the reviewed corrections.'],
  ['Recover', 'each page is cut into articles: headlines, kickers, subtitles and bylines are told apart from body text, lines are re-joined into paragraphs, and every character of the text keeps its raw line and column (text_segments).'],
  ['Extract facts', 'hand-written rules find quantities, dates (lunar dates converted), people, organizations and places in each article; places are linked to the official division codes of Jiaozuo.'],
  ['Curate', 'reviewed corrections (data/curation/) reject, correct or add facts and fix article metadata; each must match exactly once, and the rows it touched say curated = true.'],
  ['Validate', 'every row is checked against its table\'s JSON Schema (ajv) before anything is written.'],
  ['Check', 'the tables are loaded into DuckDB and consistency checks run as SQL (keys, offsets, slices of the text equal to their quotes, positions that map back to the raw page); one violating row fails the build.'],
  ['Publish', 'the tables are written as CSV and Parquet by DuckDB, read back and compared row for row, described in datapackage.json (validated against the Data Package 2.0 profile), diffed against the previous release, checksummed and archived; the same inputs always give the same bytes.'],
];

/** Where the release's text comes from, per source page; shared with the release page. */
export function sourceLine(s: SourcePage): string {
  const date = s.issue_date ?? (s.issue_date_earliest ? `between ${s.issue_date_earliest} and ${s.issue_date_latest}` : 'date unknown');
  return `${s.newspaper ?? 'newspaper unknown'}, ${date}${s.page !== null ? `, page ${s.page}` : ''} (\`${s.file}\`, source_id \`${s.source_id}\`)`;
}

/** `= + - @`, a tab or a carriage return, for docs. */
export const TRIGGERS_TEXT = ((words: string[]) => `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`)(
  FORMULA_TRIGGERS.map((c) => (c === '\t' ? 'a tab' : c === '\r' ? 'a carriage return' : `\`${c}\``)),
);

/**
 * The checks as the docs list them: the ones derived from the schemas' keys summed up in two lines
 * (`primary-key-*`, `foreign-key-*`), every hand-written one by name with its description.
 */
export function checkLines(checks: readonly { name: string; description: string }[]): string[] {
  const pk = checks.filter((c) => c.name.startsWith('primary-key-')).length;
  const fk = checks.filter((c) => c.name.startsWith('foreign-key-')).length;
  return [
    ...(pk ? [`primary keys are unique, in every table (${pk} checks, \`primary-key-<table>\`)`] : []),
    ...(fk ? [`foreign keys resolve (${fk} checks, \`foreign-key-<table>-<fields>\`)`] : []),
    ...checks.filter((c) => !/^(primary|foreign)-key-/.test(c.name)).map((c) => `\`${c.name}\`: ${c.description}`),
  ];
}

/** The table-level relationships, as sentences: each foreign key, from both ends. */
export function relationships(specs: readonly TableSpec[]): string[] {
  const published = specs.filter((s) => s.publish);
  const out: string[] = [];
  for (const s of published) {
    for (const fk of s.foreignKeys) {
      const self = fk.reference.resource === s.table;
      out.push(`\`${s.table}.${fk.fields.join(', ')}\` → \`${fk.reference.resource}.${fk.reference.fields.join(', ')}\`${self ? ' (within the table)' : ''}`);
    }
  }
  return out;
}

/** The README's list of pages left out of the release (quarantined), none when every page is in. */
function leftOutLines(leftOut: readonly { file: string; reason: string }[]): string[] {
  if (!leftOut.length) return [];
  return [
    '',
    `${leftOut.length} page${leftOut.length === 1 ? ' was' : 's were'} left out of this release: none of ${leftOut.length === 1 ? 'its' : 'their'} rows is in any table, and ${leftOut.length === 1 ? 'its' : 'their'} \`sources\` row${leftOut.length === 1 ? ' has' : 's have'}`,
    '`left_out` true and the reason in `left_out_reason`:',
    '',
    ...leftOut.map((p) => `- \`${p.file}\`: ${p.reason.replace(/[\r\n]+/g, ' ')}`),
  ];
}

/** The release's README.md. Pure: built from the metadata, the schemas, the row counts and the context. */
export function renderReleaseReadme(dataset: DatasetMetadata, created: string, specs: readonly TableSpec[], counts: Readonly<Record<string, number>>, context: ReleaseDocsContext = {}): string {
  const published = specs.filter((s) => s.publish);
  const tooLong = published.filter((s) => !fitsInSheet(counts[s.table] ?? 0)).map((s) => s.table);
  const textTables = published.filter((s) => s.textLicense).map((s) => `\`${s.table}\``);
  const archive = `${dataset.name}-${dataset.version}.zip`;
  const sources = context.sources ?? { total: 0, listed: [] };
  const figures = docsFigures(context);
  const workbook = workbookPath(dataset.name, dataset.version);
  const lines: string[] = [
    `# ${dataset.title}`,
    '',
    dataset.description,
    '',
    `Version ${dataset.version}, created ${created}. This folder is a Frictionless Data Package v2: \`datapackage.json\` describes`,
    'every table file, with its schema, size and SHA-256. Each table is given twice, with identical rows:',
    '`csv/<table>.csv` (UTF-8, comma-separated, RFC 4180 quoting, header row; an empty cell is null, `""` is an empty string)',
    'and `parquet/<table>.parquet` (zstd, typed, with the descriptions in the file\'s metadata). Rows are sorted by primary key.',
    '',
    '**Start here:** open `index.html` in a browser (double-click it; no server or internet needed). It has an overview,',
    'the downloads with their sizes and SHA-256, the data dictionary, a preview of every table, a search of the articles\' text, and',
    'an article reader that highlights every extracted fact in the text and shows the raw line it was read from.',
    '',
    '## Sources',
    '',
    ...dataset.sources.map((s) => `- ${String(s.title)}`),
    ...(sources.total ? ['', `This release is built from ${sources.total} raw page${sources.total === 1 ? '' : 's'}:`, '', ...sources.listed.slice(0, LISTED_SOURCES).map((s) => `- ${sourceLine(s)}`)] : []),
    ...(sources.total > LISTED_SOURCES ? [`- … and ${sources.total - LISTED_SOURCES} more: every page is a row of the \`sources\` table.`] : []),
    ...leftOutLines(context.leftOut ?? []),
    '',
    '## Licences',
    '',
    ...dataset.licenses.map((l) => `- The package: ${licenseLine(l)}.`),
    ...dataset.textLicenses.map((l) => `- ${textTables.join(', ')}: ${licenseLine(l)}.`),
    `- The article texts, headlines and paragraph texts are 焦作日报's copyrighted work, reproduced for research; so are the raw`,
    '  lines that `index.html` shows next to each article. Everything else (identifiers, offsets, counts, facts, codes) is CC-BY-4.0.',
    '',
    '## How it was made',
    '',
    ...PIPELINE_STAGES.map(([stage, what], i) => `${i + 1}. **${stage}**: ${what}`),
    '',
    'The code is in the repository that built this release (`npx tsx src/cli.ts build`).',
    ...(context.checks?.length ? ['', `All ${context.checks.length} consistency checks passed:`, '', ...checkLines(context.checks).map((l) => `- ${l}`)] : []),
    '',
    '## Known limits',
    '',
    ...(context.knownLimits?.length ? context.knownLimits.map((l) => `- ${l}`) : ['- (The data folder states no known limits.)']),
    ...(figures.length ? ['', figuresLead(figures), ...figures.flatMap((f) => ['', figureMarkdown(f)])] : []),
    '',
    '## Files',
    '',
    '- `index.html`: the release page (see above).',
    '- `datapackage.json`: the descriptor; every table file with its size, SHA-256 and Table Schema.',
    '- `csv/<table>.csv`, `parquet/<table>.parquet`: the tables (Data Package resources).',
    ...(context.partition?.files.length ? [`- \`${BY_YEAR_DIR}/<table>/${PARTITION_COLUMN}=<YYYY>/part-0.parquet\`: the tables with a page again, partitioned by issue year (see below).`] : []),
    `- \`${workbook}\`: the workbook, every table in one file with its types, for spreadsheet programs (see below); not a resource.`,
    `- \`${spreadsheetPath('<table>')}\`: the same tables as CSV for spreadsheet programs (see below); not resources.`,
    '- `changes.json` and `CHANGELOG.md`: what changed since the previous release, rows by primary key.',
    '- `SHA256SUMS`: the SHA-256 of every other file; `sha256sum -c SHA256SUMS` checks them.',
    '- `CITATION.cff`: how to cite this release.',
    '',
    `The folder is also published as one archive beside it, \`${archive}\`, and can be checked with`,
    '`npx tsx src/cli.ts verify <folder or archive>` from the repository that built it.',
    '',
    '## Opening the data in a spreadsheet',
    '',
    `Open \`${workbook}\` in Excel, LibreOffice Calc or WPS. Its first sheet, \`${FIRST_SHEET}\`, has every fact with its`,
    'sentence, headline, page and issue date; then comes one sheet per table, and last `' + DICTIONARY_SHEET + '`, which explains every',
    'column in plain words. Cells keep their types: text stays text (division codes and ids keep every digit), dates are',
    'dates, booleans are TRUE or FALSE, numbers are numbers; no cell is a formula, so text that begins with = + - @ shows',
    'as printed. The header row is frozen and every column has a filter. A text longer than a cell holds (32,767',
    'characters) is cut and ends with a mark; the CSV and Parquet files hold it whole.',
    '',
    `The CSV copies \`${spreadsheetPath('<table>')}\` are for programs that cannot open the workbook; use \`csv/<table>.csv\``,
    'in programs. Both CSV copies hold the same rows; the spreadsheet copy differs in three ways:',
    '',
    '- it starts with a UTF-8 byte-order mark, without which Excel on Windows reads the file in the ANSI code page and shows',
    '  the Chinese text as mojibake (the canonical CSV has none, as the Frictionless specification recommends and as',
    '  programs expect: some read a byte-order mark into the first column name);',
    '- its records end with CRLF;',
    `- formula injection is defused, as OWASP recommends: a text cell that begins with ${TRIGGERS_TEXT} starts with an`,
    `  added single quote \`${TEXT_PREFIX}\`, so the program shows it as text instead of running it as a formula. Numbers, dates and`,
    '  booleans are never changed. The canonical CSV and the Parquet files keep every value exactly as it is.',
    '',
    'LibreOffice asks for the character set when it opens a CSV: choose Unicode (UTF-8). A CSV cannot say that a column is',
    'text, so a spreadsheet program turns codes such as `410802` into numbers; the workbook keeps them text.',
    '',
    ...(tooLong.length
      ? [`A sheet holds ${SHEET_ROWS.toLocaleString('en')} rows, the header included, and a spreadsheet program would cut a longer table off:`,
        `${tooLong.map((t) => `\`${t}\``).join(', ')} ${tooLong.length === 1 ? 'has' : 'have'} no sheet in the workbook and no spreadsheet copy. Open ${tooLong.length === 1 ? 'it' : 'them'} from the CSV in a program, or from Parquet.`, '']
      : []),
    '## Loading the data',
    '',
    'Run these from the release folder.',
    '',
  ];
  for (const s of loadingSnippets(specs)) {
    lines.push(`### ${s.title}`, '', '```' + s.language, s.code, '```', '', s.tested, '');
  }
  if (context.partition) lines.push(...partitionSection(context.partition));
  lines.push(
    '## Tables',
    '',
    '| table | rows | CSV | Parquet | spreadsheet |',
    '|---|---|---|---|---|',
    ...published.map((s) => `| ${s.table} | ${counts[s.table] ?? 0} | [${tablePath(s.table, 'csv')}](${tablePath(s.table, 'csv')}) (resource \`${resourceName(s.table, 'csv')}\`) | [${tablePath(s.table, 'parquet')}](${tablePath(s.table, 'parquet')}) (resource \`${resourceName(s.table, 'parquet')}\`) | ${fitsInSheet(counts[s.table] ?? 0) ? `[${spreadsheetPath(s.table)}](${spreadsheetPath(s.table)})` : 'none (longer than a sheet)'} |`),
    '',
    'Relationships (foreign keys; every value resolves, which the build checks):',
    '',
    ...relationships(specs).map((r) => `- ${r}`),
    '',
    'Facts (`quantities`, `dates`, `people`, `organizations`, `places`) point into their article: `start` and `end` are',
    'offsets in Unicode code points into `articles.text` when `field` is `text` (into `headline` or `byline` otherwise), and',
    '`text_segments` maps every such offset to the raw page\'s line and column.',
    '',
    '## Data dictionary',
    '',
    renderDictionary(specs, counts).trimEnd(),
  );
  return lines.join('\n') + '\n';
}
