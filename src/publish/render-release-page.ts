/**
 * The release page, `index.html`: one static file that works opened from disk (file://) and from
 * any static host, with no server, no network and no external resources. The overview, downloads,
 * loading snippets, data dictionary and table previews are plain HTML; the full-text search and the
 * article reader are a small inline script over the data embedded as JSON in the page (a
 * `<script type="application/json">`, since a page opened from disk may not fetch files), with
 * MiniSearch's browser build inlined before it.
 *
 * Pure and deterministic: the same inputs give the same bytes. A Content-Security-Policy allows only
 * this page's own script and style (by hash), so nothing in the data can run or load anything.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { TableSpec } from '../schema/index.ts';
import { tablePath, type ReleaseFile } from './build-descriptor.ts';
import type { DatasetMetadata } from './dataset-metadata.ts';
import { loadingSnippets } from './loading-snippets.ts';
import { partitionRoot, yearOfPath } from './partition.ts';
import { figureIntro } from './quality-figures.ts';
import type { PageData } from './release-page-data.ts';
import { checkLines, docsFigures, figuresLead, LISTED_SOURCES, PIPELINE_STAGES, relationships, sourceLine, TRIGGERS_TEXT, type ReleaseDocsContext } from './render-release-readme.ts';
import { SPREADSHEET_DIR, TEXT_PREFIX } from './spreadsheet-csv.ts';
import { workbookPath } from './workbook.ts';

export const PAGE_FILE = 'index.html';

const ASSETS = new URL('./release-page/', import.meta.url);
const PAGE_SCRIPT = readFileSync(new URL('page.js', ASSETS), 'utf8');
const PAGE_STYLE = readFileSync(new URL('page.css', ASSETS), 'utf8');

/**
 * MiniSearch's browser build (UMD: it defines `MiniSearch` on the page), read from the pinned
 * package at build time and inlined before the page script, since the page may load nothing. Its
 * source-map comment is dropped (there is no map beside the page); the bytes depend only on the
 * package version.
 */
function searchLibrary(): string {
  const cjs = createRequire(import.meta.url).resolve('minisearch');
  const umd = readFileSync(new URL('../umd/index.js', pathToFileURL(cjs)), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', pathToFileURL(cjs)), 'utf8')) as { version: string; license: string };
  if (/<\/script/i.test(umd)) throw new Error('minisearch\'s browser build contains </script and cannot be inlined');
  return `/*! MiniSearch ${pkg.version}, ${pkg.license} licence (node_modules/minisearch/dist/umd/index.js) */\n${umd}`;
}
export const SEARCH_LIBRARY = searchLibrary();

/** Highlight colours of the fact types, in FACT order; further types reuse them. */
const FACT_COLOURS = ['#ffd166', '#8ecae6', '#b5e48c', '#f4a6c6', '#cdb4db', '#ffb4a2'];

export interface ReleasePageInput {
  dataset: DatasetMetadata;
  created: string;
  specs: readonly TableSpec[];
  counts: Readonly<Record<string, number>>;
  /** Every file of the release written before the page, with size and hash. */
  files: readonly ReleaseFile[];
  data: PageData;
  context?: ReleaseDocsContext;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Inline markdown of the docs' sentences: `code` and **bold**; everything else is text. */
function inline(s: string): string {
  return escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

/** JSON that can stand inside a <script> element: nothing in it can close the element or open a comment. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** `12.3 KiB`, for people; the exact byte count stands beside it. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let n = bytes / 1024;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
  return `${n.toFixed(1)} ${units[u]}`;
}

const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function cellHtml(v: unknown): string {
  if (v === null || v === undefined) return '<td class="null">null</td>';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const cps = [...s];
  const shown = cps.length > 60 ? cps.slice(0, 60).join('') + '…' : s;
  return `<td${typeof v === 'number' ? ' class="num"' : ''}>${escapeHtml(shown)}</td>`;
}

function table(head: string[], rows: string[][], cls = ''): string {
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${rows.map((r) => `<tr>${r.join('')}</tr>`).join('\n')}\n</tbody></table>`;
}

const FILE_NOTES: Record<string, string> = {
  'datapackage.json': 'Data Package descriptor: every table file with its schema, size and SHA-256',
  'README.md': 'this release described in text, with the data dictionary',
  'CHANGELOG.md': 'changes since the previous release',
  'changes.json': 'changes since the previous release, for programs',
  'CITATION.cff': 'how to cite this release',
};

function downloads(input: ReleasePageInput): string {
  const { dataset, files, specs } = input;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const row = (f: ReleaseFile, what: string) =>
    [`<td><a href="${escapeHtml(f.path)}">${escapeHtml(f.path)}</a></td>`, `<td>${escapeHtml(what)}</td>`, `<td class="num" title="${f.bytes} bytes">${humanSize(f.bytes)}</td>`, `<td><code class="hash">${escapeHtml(f.hash.replace(/^sha256:/, ''))}</code></td>`];
  const tables: string[][] = [];
  const workbook = byPath.get(workbookPath(dataset.name, dataset.version));
  if (workbook) tables.push(row(workbook, 'the workbook: every table with its types, the facts sheet first, the data dictionary last'));
  for (const s of specs.filter((x) => x.publish)) {
    for (const [p, what] of [[tablePath(s.table, 'csv'), 'CSV (canonical)'], [tablePath(s.table, 'parquet'), 'Parquet'], [`${SPREADSHEET_DIR}/${s.table}.csv`, 'CSV for spreadsheets']] as const) {
      const f = byPath.get(p);
      if (f) tables.push(row(f, `${s.table}: ${what}`));
    }
    // The partitioned copy of large releases (partition.ts): one file per issue year.
    for (const f of files.filter((x) => x.path.startsWith(`${partitionRoot(s.table)}/`))) {
      const year = yearOfPath(f.path);
      if (year !== undefined) tables.push(row(f, `${s.table}: Parquet, issue year ${year ?? 'unknown'}`));
    }
  }
  const meta = Object.keys(FILE_NOTES).flatMap((p) => (byPath.has(p) ? [row(byPath.get(p)!, FILE_NOTES[p])] : []));
  const archive = `${dataset.name}-${dataset.version}.zip`;
  return [
    '<h3>Tables</h3>',
    table(['file', 'what', 'size', 'SHA-256'], tables, 'files'),
    '<h3>Metadata</h3>',
    table(['file', 'what', 'size', 'SHA-256'], [
      ...meta,
      ['<td><a href="SHA256SUMS">SHA256SUMS</a></td>', '<td>the SHA-256 of every file of this folder, this page included (<code>sha256sum -c SHA256SUMS</code>)</td>', '<td></td>', '<td></td>'],
    ], 'files'),
    `<p>Everything at once: <a href="../${escapeHtml(archive)}">${escapeHtml(archive)}</a>, the whole folder as one zip archive, published beside it (an archive cannot list its own hash in the files it holds; check it with <code>npx tsx src/cli.ts verify ${escapeHtml(archive)}</code>). Sizes are exact in the tooltip.</p>`,
  ].join('\n');
}

function dictionary(input: ReleasePageInput): string {
  const out: string[] = [];
  for (const s of input.specs.filter((x) => x.publish)) {
    out.push(`<section class="table-doc" id="table-${escapeHtml(s.table)}">`, `<h3>${escapeHtml(s.table)}</h3>`);
    out.push(`<p><strong>${escapeHtml(s.title)}.</strong> ${escapeHtml(s.description)} <span class="count">${input.counts[s.table] ?? 0} rows.</span></p>`);
    const keys = [`Primary key: ${s.primaryKey.map((k) => `<code>${escapeHtml(k)}</code>`).join(', ')}`];
    for (const fk of s.foreignKeys) keys.push(`Foreign key: ${fk.fields.map((k) => `<code>${escapeHtml(k)}</code>`).join(', ')} → <a href="#table-${escapeHtml(fk.reference.resource)}"><code>${escapeHtml(`${fk.reference.resource}.${fk.reference.fields.join(', ')}`)}</code></a>`);
    if (s.textLicense) keys.push("Licence: contains 焦作日报's text, which is not openly licensed");
    out.push(`<ul>${keys.map((k) => `<li>${k}</li>`).join('')}</ul>`);
    out.push(table(['field', 'type', 'nullable', 'description', 'example'], s.fields.map((f) => {
      let d = escapeHtml(f.description);
      if (f.enum) d += ` One of: ${f.enum.filter((v) => v !== null).map((v) => `<code>${escapeHtml(String(v))}</code>`).join(', ')}.`;
      if (f.pattern) d += ` Pattern: <code>${escapeHtml(f.pattern)}</code>.`;
      return [`<td><code>${escapeHtml(f.name)}</code></td>`, `<td>${f.type}</td>`, `<td>${f.nullable ? 'yes' : 'no'}</td>`, `<td>${d}</td>`, `<td>${f.example === undefined ? '' : `<code>${escapeHtml(String(f.example))}</code>`}</td>`];
    }), 'dict'));
    out.push('</section>');
  }
  return out.join('\n');
}

function previews(input: ReleasePageInput): string {
  return input.data.previews.map((p, i) => {
    const total = input.counts[p.table] ?? 0;
    const which = p.rows.length < total ? `first ${p.rows.length} of ${total} rows` : `all ${total} row${total === 1 ? '' : 's'}`;
    return `<details class="preview"${i === 0 ? ' open' : ''}><summary><strong>${escapeHtml(p.table)}</strong>: ${which}</summary><div class="scroll">${table(p.columns.map((c) => escapeHtml(c)), p.rows.map((r) => r.map(cellHtml)), 'data')}</div></details>`;
  }).join('\n');
}

function factCss(types: readonly { table: string }[]): string {
  return types.map((t, i) => {
    const c = FACT_COLOURS[i % FACT_COLOURS.length];
    return `mark.f-${t.table}{background:${c}}\n.legend .f-${t.table}{background:${c}}\n#reader.hide-${t.table} mark.f-${t.table}{background:transparent;box-shadow:none}`;
  }).join('\n');
}

/** The page. */
export function renderReleasePage(input: ReleasePageInput): string {
  const { dataset, created, specs, counts, data } = input;
  const context = input.context ?? {};
  const published = specs.filter((s) => s.publish);
  const style = `${PAGE_STYLE}\n${factCss(data.factTypes)}\n`;
  const script = `${SEARCH_LIBRARY}\n${PAGE_SCRIPT}`;
  const csp = `default-src 'none'; script-src ${cspHash(script)}; style-src ${cspHash(style)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const payload = {
    name: dataset.name,
    version: dataset.version,
    // Only the pages the headlines and the reader refer to: an archive has hundreds of thousands.
    sources: Object.fromEntries(data.shownSources.map((s) => [s.source_id, { file: s.file, issue_date: s.issue_date, page: s.page }])),
    headlines: data.headlines,
    headlineTotal: data.headlineTotal,
    articles: data.articles,
    articleTotal: data.articleTotal,
    factTypes: data.factTypes,
    facts: data.facts,
    segments: data.segments,
    raw: data.raw,
  };
  const figures = docsFigures(context);
  const capped = data.articles.length < data.articleTotal;

  const body = [
    '<header>',
    `<h1>${escapeHtml(dataset.title)}</h1>`,
    `<p class="meta">Version <strong>${escapeHtml(dataset.version)}</strong> · created ${escapeHtml(created)} · <a href="README.md">README.md</a> · <a href="datapackage.json">datapackage.json</a> · <a href="CITATION.cff">CITATION.cff</a></p>`,
    '<nav><a href="#overview">Overview</a> <a href="#articles">Articles</a> <a href="#method">Method and limits</a> <a href="#downloads">Downloads</a> <a href="#loading">Loading</a> <a href="#dictionary">Data dictionary</a> <a href="#preview">Preview</a></nav>',
    '</header>',
    '<main>',
    '<section id="overview">',
    '<h2>Overview</h2>',
    `<p>${escapeHtml(dataset.description)}</p>`,
    table(['table', 'rows', 'what'], published.map((s) => [`<td><a href="#table-${escapeHtml(s.table)}"><code>${escapeHtml(s.table)}</code></a></td>`, `<td class="num">${counts[s.table] ?? 0}</td>`, `<td>${escapeHtml(s.title)}</td>`]), 'overview'),
    '<h3>Sources</h3>',
    `<ul>${dataset.sources.map((s) => `<li>${escapeHtml(String(s.title))}</li>`).join('')}${data.sources.listed.slice(0, LISTED_SOURCES).map((s) => `<li>${inline(sourceLine(s))}</li>`).join('')}${data.sources.total > LISTED_SOURCES ? `<li>… and ${data.sources.total - LISTED_SOURCES} more: every page is a row of the <code>sources</code> table.</li>` : ''}</ul>`,
    '<h3>Licences</h3>',
    '<ul>',
    ...dataset.licenses.map((l) => `<li>The package: ${escapeHtml(l.title ?? l.name)} (<code>${escapeHtml(l.name)}</code>)</li>`),
    ...dataset.textLicenses.map((l) => `<li>${published.filter((s) => s.textLicense).map((s) => `<code>${escapeHtml(s.table)}</code>`).join(', ')}: ${escapeHtml(l.title ?? l.name)} (<code>${escapeHtml(l.name)}</code>)</li>`),
    "<li>The article texts and the raw lines shown in the reader below are 焦作日报's copyrighted work, reproduced for research.</li>",
    '</ul>',
    '<p>See <a href="#method">how it was made and its known limits</a> before relying on the facts.</p>',
    '</section>',
    '<section id="articles">',
    '<h2>Articles</h2>',
    `<p>Search the ${data.headlineTotal} articles${data.headlines.length < data.headlineTotal ? ` (the first ${data.headlines.length} are searchable here)` : ''} by their headline, text and facts${capped ? ` (the text and facts of the ${data.articles.length} in the reader, the headlines of the rest)` : ''}, then read an article with its extracted facts highlighted: point at or click a highlight for its normalized value and rule, and follow it to the line of the raw page it was read from.${capped ? ` The reader holds the first ${data.articles.length} of ${data.articleTotal} articles, to keep this page small; every article is in <code>csv/articles.csv</code>.` : ''}</p>`,
    '<noscript><p class="warn">The search and the article reader need JavaScript; the rest of this page works without it.</p></noscript>',
    '<div id="reader">',
    '<div id="finder"><label for="search">Search the articles</label> <input id="search" type="search" placeholder="e.g. 口罩 or 未病先防" autocomplete="off"><p id="search-status" aria-live="polite"></p><ol id="search-results"></ol></div>',
    '<div id="article-view"><div id="fact-filters" class="legend" aria-label="fact types"></div><article id="article"><p class="hint">Choose an article on the left.</p></article><aside id="side"><div id="fact-details" aria-live="polite"><p class="hint">Point at or click a highlighted fact.</p></div><section id="raw-view"></section></aside></div>',
    '</div>',
    '</section>',
    '<section id="method">',
    '<h2>How it was made, and known limits</h2>',
    `<ol>${PIPELINE_STAGES.map(([stage, what]) => `<li><strong>${escapeHtml(stage)}</strong>: ${escapeHtml(what)}</li>`).join('')}</ol>`,
    ...(context.checks?.length ? [`<details><summary>All ${context.checks.length} consistency checks passed</summary><ul>${checkLines(context.checks).map((l) => `<li>${inline(l)}</li>`).join('')}</ul></details>`] : []),
    '<h3>Known limits</h3>',
    `<ul>${(context.knownLimits?.length ? context.knownLimits : ['(The data folder states no known limits.)']).map((l) => `<li>${inline(l)}</li>`).join('')}</ul>`,
    ...(figures.length ? [`<p>${inline(figuresLead(figures))}</p>`] : []),
    // Each figure says on what text it was measured; the first column names the row, the others are figures.
    ...figures.flatMap((f) => [`<p>${inline(figureIntro(f))}</p>`, table(f.metrics.columns.map(escapeHtml), f.metrics.rows.map((r) => r.map((v, k) => (k === 0 ? `<td>${escapeHtml(String(v))}</td>` : `<td class="num">${escapeHtml(String(v))}</td>`))), `evaluation${f.inside_release ? ' inside-release' : ''}`)]),
    '</section>',
    '<section id="downloads">',
    '<h2>Downloads</h2>',
    `<p>Open the workbook <code>${escapeHtml(workbookPath(dataset.name, dataset.version))}</code> in Excel, LibreOffice Calc or WPS: the facts sheet first, one sheet per table, the data dictionary last; text stays text (codes keep their digits), dates are dates, and no cell is a formula.</p>`,
    `<p>Use <code>csv/</code> in programs: UTF-8 without a byte-order mark, LF, values exactly as they are. The CSV copies in <code>${SPREADSHEET_DIR}/</code> are for spreadsheet programs without the workbook: the same rows with a UTF-8 byte-order mark (so Excel reads the Chinese text right) and CRLF, and a text cell beginning with ${inline(TRIGGERS_TEXT)} starts with an added <code>${escapeHtml(TEXT_PREFIX)}</code> so that it is never run as a formula. Parquet keeps the types (dates, integers, numbers, booleans) and the descriptions.</p>`,
    downloads(input),
    '</section>',
    '<section id="loading">',
    '<h2>Loading the data</h2>',
    '<p>Run these from the release folder.</p>',
    ...loadingSnippets(specs).map((s) => `<h3>${escapeHtml(s.title)}</h3>\n<pre><code class="language-${s.language}">${escapeHtml(s.code)}</code></pre>\n<p class="tested">${escapeHtml(s.tested)}</p>`),
    '</section>',
    '<section id="dictionary">',
    '<h2>Data dictionary</h2>',
    `<p>Relationships: ${relationships(specs).map((r) => inline(r)).join('; ')}. Fact offsets (<code>start</code>, <code>end</code>) count Unicode code points into <code>articles.text</code> when <code>field</code> is <code>text</code> (into <code>headline</code> or <code>byline</code> otherwise); <code>text_segments</code> maps them to raw lines and columns.</p>`,
    dictionary(input),
    '</section>',
    '<section id="preview">',
    '<h2>Preview</h2>',
    previews(input),
    '</section>',
    '</main>',
    `<footer><p>${escapeHtml(dataset.name)} ${escapeHtml(dataset.version)}. Generated with the release; no server or network needed.</p></footer>`,
  ];

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(dataset.title)} ${escapeHtml(dataset.version)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    ...body,
    `<script type="application/json" id="release-data">${scriptJson(payload)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
