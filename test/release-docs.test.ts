/**
 * The docs generated with every release: README.md says what the data is, where it comes from, its
 * licences, how it was made, its known limits, every table and field with row counts and keys, and
 * copy-paste loading snippets, which are run here against a freshly built release where the tool
 * exists (DuckDB always; pandas and R when installed, which .ci/run does).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from '../src/db/open-database.ts';
import { factsEvaluationMarkdown, parseKnownLimits, readFactsEvaluation } from '../src/publish/known-limits.ts';
import { loadingSnippets } from '../src/publish/loading-snippets.ts';
import { escapeHtml } from '../src/publish/render-release-page.ts';
import { renderReleaseReadme } from '../src/publish/render-release-readme.ts';
import { parseDatasetMetadata } from '../src/publish/dataset-metadata.ts';
import { loadSchemas } from '../src/schema/index.ts';
import { removeDir, REPO } from './helpers/fixtures.ts';
import { sharedSeedRelease, type SeedRelease } from './helpers/seed-release.ts';
import { PYTHON_PANDAS, RSCRIPT, run, skipUnless } from './helpers/tools.ts';

const specs = loadSchemas();
const published = specs.filter((s) => s.publish);
const snippets = loadingSnippets(specs);
const snippet = (id: string) => snippets.find((s) => s.id === id)!.code;

let seed: SeedRelease;
let readme: string;
let page: string;

before(async () => {
  seed = await sharedSeedRelease('docs');
  readme = await readFile(path.join(seed.release, 'README.md'), 'utf8');
  page = await readFile(path.join(seed.release, 'index.html'), 'utf8');
});
after(async () => { await removeDir(seed.dir); });

/** The text of a `## ` section of the README. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `no section ${title}`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('the release README', () => {
  it('has the sections a reader needs, in order', () => {
    const titles = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(titles, ['Sources', 'Licences', 'How it was made', 'Known limits', 'Files', 'Opening the data in a spreadsheet', 'Loading the data', 'Parquet partitioned by issue year', 'Tables', 'Data dictionary']);
    assert.match(readme, /open `index\.html` in a browser/);
  });

  it('says the seed release is below the threshold of the partitioned Parquet copy', () => {
    const s = section('Parquet partitioned by issue year');
    assert.match(s, /^Releases of at least 100,000 articles also give every table with a page as Parquet partitioned by the issue year/m);
    assert.match(s, /This release has \d+ articles, so it has none/);
  });

  it('names every raw page it is built from, and both licences', () => {
    const s = section('Sources');
    assert.match(s, /built from 2 raw pages/);
    assert.ok(s.includes('焦作日报, 2022-01-27 (`raw/000_0f81d0fce9b36645.txt`'), s);
    const l = section('Licences');
    assert.ok(l.includes('`CC-BY-4.0`') && l.includes('`LicenseRef-Jiaozuo-Daily-text`') && l.includes('`articles`, `facts`, `paragraphs`'), l);
  });

  it('lists the pipeline and every check the build ran', () => {
    const s = section('How it was made');
    for (const stage of ['Load inputs', 'Recover', 'Extract facts', 'Curate', 'Validate', 'Check', 'Publish']) assert.ok(s.includes(`**${stage}**`), stage);
    assert.ok(s.includes(`All ${seed.report.checks.length} consistency checks passed`));
    for (const c of seed.report.checks.filter((x) => !/^(primary|foreign)-key-/.test(x.name))) assert.ok(s.includes(`\`${c.name}\`: ${c.description}`), c.name);
  });

  it('known limits: the items of data/known-limits.md and the measured extraction quality, generated, not copied', async () => {
    const s = section('Known limits');
    const items = parseKnownLimits(await readFile(path.join(REPO, 'data/known-limits.md'), 'utf8'));
    assert.ok(items.length >= 3);
    for (const item of items) assert.ok(s.includes(`- ${item}\n`), item);
    assert.ok(!s.includes('Copied into every release'), 'the maintainers\' note is not copied');
    const evaluation = readFactsEvaluation();
    assert.ok(evaluation);
    assert.ok(s.includes(factsEvaluationMarkdown(evaluation)), 'the precision/recall table');
    assert.match(s, /\| quantities \| 91 \| 88 \| 98\.9% \| 95\.6% \| 100\.0% \|/);
  });

  it('documents every table: row count, keys, relationships and every field with type, nullability, description and example', () => {
    const tables = section('Tables');
    for (const s of published) {
      assert.ok(tables.includes(`| ${s.table} | ${seed.report.tables[s.table]} | [csv/${s.table}.csv]`), s.table);
      for (const fk of s.foreignKeys) assert.ok(tables.includes(`\`${s.table}.${fk.fields.join(', ')}\` → \`${fk.reference.resource}.${fk.reference.fields.join(', ')}\``), `${s.table} FK`);
    }
    const dict = section('Data dictionary');
    for (const s of published) {
      assert.ok(dict.includes(`### ${s.table}\n`), s.table);
      assert.ok(dict.includes(`${seed.report.tables[s.table]} rows.`), `${s.table} count`);
      assert.ok(dict.includes(`- Primary key: ${s.primaryKey.map((k) => `\`${k}\``).join(', ')}`), `${s.table} PK`);
      const start = dict.indexOf(`### ${s.table}\n`);
      const own = dict.slice(start, dict.indexOf('\n### ', start + 1) >>> 0);
      const rows = own.split('\n').filter((l) => l.startsWith('| `'));
      assert.deepEqual(rows.map((l) => l.split(' | ').slice(0, 3).join(' | ')), s.fields.map((f) => `| \`${f.name}\` | ${f.type} | ${f.nullable ? 'yes' : 'no'}`), s.table);
      for (const f of s.fields) assert.ok(own.includes(f.description.replace(/\|/g, '\\|')), `${s.table}.${f.name} description`);
    }
    assert.ok(dict.includes('| `quote` | string | no | The words the fact was read from'));
    assert.ok(dict.includes('`86万余 → 860000`') || dict.includes('86万余 → 860000'), 'descriptions come from the schemas');
  });

  it('states the CSV decision and the formula-injection policy', () => {
    const s = section('Opening the data in a spreadsheet');
    assert.match(s, /^Open `spreadsheet\/jiaozuo-daily-epidemic-[0-9.]+\.xlsx` in Excel, LibreOffice Calc or WPS\. Its first sheet, `facts`/m);
    assert.match(s, /no cell is a formula/);
    assert.match(s, /UTF-8 byte-order mark/);
    assert.match(s, /CRLF/);
    assert.match(s, /`=`, `\+`, `-`, `@`, a tab or a carriage return starts with an\n  added single quote `'`/);
    assert.match(s, /canonical CSV and the Parquet files keep every value exactly as it is/);
  });

  it('shows every loading snippet, and says which are tested', () => {
    for (const s of snippets) {
      assert.ok(readme.includes('```' + s.language + '\n' + s.code + '\n```\n\n' + s.tested), s.id);
      assert.ok(page.includes(escapeHtml(s.code)), `${s.id} on the page`);
    }
    assert.deepEqual(snippets.map((s) => s.id), ['duckdb', 'pandas', 'polars', 'r']);
  });

  it('is generated from the schemas: renderReleaseReadme gives the released bytes', async () => {
    const dataset = parseDatasetMetadata(JSON.parse(await readFile(path.join(REPO, 'data/dataset.json'), 'utf8')));
    const bare = renderReleaseReadme(dataset, dataset.created, specs, seed.report.tables);
    assert.ok(bare.includes('- (The data folder states no known limits.)'), 'without a known-limits file');
    assert.ok(readme.startsWith(bare.slice(0, bare.indexOf('## Sources'))));
    assert.ok(!bare.includes('no spreadsheet copy'));
    // A table longer than a sheet: the README says it has no spreadsheet copy, and why.
    const long = renderReleaseReadme(dataset, dataset.created, specs, { ...seed.report.tables, text_segments: 2_000_000 });
    assert.ok(long.includes('would cut a longer table off:\n`text_segments` has no sheet in the workbook and no spreadsheet copy.'), long.slice(long.indexOf('LibreOffice asks'), long.indexOf('## Loading')));
    assert.ok(long.includes('| text_segments | 2000000 |') && long.includes('| none (longer than a sheet) |'));
  });
});

describe('loading snippets, run against the built release', () => {
  it('DuckDB: every statement runs; the views hold every row; the example query finds the largest counts', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      // Relative paths in the snippet resolve against the release folder, as when run from inside it.
      await connection.run(`SET file_search_path = ${sqlString(seed.release)}`);
      const rows = (await connection.runAndReadAll(snippet('duckdb'))).getRowObjectsJson();
      assert.equal(rows.length, 5);
      assert.deepEqual(rows.slice(0, 2).map((r) => [r.quote, r.value, r.unit, r.subject]), [['100余万户', 1000000, '户', '群众'], ['86万余名', 860000, '名', '党员干部']]);
      assert.ok(String(rows[1].sentence).includes('全市86万余名党员干部'));
      for (const s of published) {
        const [[n]] = (await connection.runAndReadAll(`SELECT count(*) FROM ${s.table}`)).getRowsJson();
        assert.equal(Number(n), seed.report.tables[s.table], s.table);
      }
      const csv = (await connection.runAndReadAll(`SELECT count(*) AS n FROM read_csv('csv/articles.csv', allow_quoted_nulls = false)`)).getRowObjectsJson();
      assert.equal(Number(csv[0].n), seed.report.tables.articles, 'the CSV line of the snippet');
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('pandas: the CSV snippet types every column from datapackage.json, in a UTF-8 locale and under LANG=C', { skip: skipUnless(PYTHON_PANDAS, 'python3 with pandas', 'apt-get install python3-pandas') }, () => {
    const check = [
      snippet('pandas'),
      'import sys',
      'assert len(articles) == int(sys.argv[1]), len(articles)',
      'assert str(articles["seq"].dtype) == "Int64" and str(articles["is_continuation"].dtype) == "boolean" and str(articles["headline"].dtype) == "string", articles.dtypes',
      'assert "孟州市做好“未病先防”文章" in set(articles["headline"].dropna())',
      'assert articles["text"].str.contains("6万多个口罩").any()',
      'q = facts[facts["quote"] == "86万余名"].iloc[0]',
      'assert q["value"] == 860000 and q["unit"] == "名" and q["headline"] == "焦作亮度：遍地英雄 照亮怀川", q',
      'assert q["value_max"] is pd.NA',
      'sources = read_table("sources")',
      'assert str(sources["issue_date"].dtype).startswith("datetime64"), sources.dtypes',
      'assert str(sources.loc[sources["source_id"] == "000_0f81d0fce9b36645", "issue_date"].iloc[0].date()) == "2022-01-27"',
      'for name in ' + JSON.stringify(published.map((s) => s.table)) + ':',
      '    read_table(name)',
      'print("ok", len(facts))',
    ].join('\n');
    for (const locale of ['C.UTF-8', 'C']) {
      const out = run(PYTHON_PANDAS!, ['-', String(seed.report.tables.articles)], { cwd: seed.release, input: check, env: { ...process.env, LANG: locale, LC_ALL: locale } });
      assert.equal(out.trim(), `ok ${seed.report.tables.quantities}`, locale);
    }
  });

  it('R: the base-R CSV snippet reads every row and the Chinese text, in a UTF-8 locale and under LANG=C', { skip: skipUnless(RSCRIPT, 'Rscript', 'apt-get install r-base-core') }, () => {
    // The checks' own Chinese literals as \\u escapes: R marks those UTF-8 in any locale, so the
    // comparison tests what the snippet read, not how the locale parses this script.
    const r = (text: string) => JSON.stringify(text).replace(/[^\x00-\x7f]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
    const check = [
      snippet('r'),
      `stopifnot(nrow(articles) == ${seed.report.tables.articles}, nrow(quantities) == ${seed.report.tables.quantities})`,
      `stopifnot(${r('孟州市做好“未病先防”文章')} %in% articles$headline)`,
      `stopifnot(any(grepl(${r('6万多个口罩')}, articles$text, fixed = TRUE)))`,
      `q <- facts[facts$quote == ${r('86万余名')}, ]`,
      `stopifnot(nrow(q) == 1, q$value == 860000, q$unit == ${r('名')}, q$headline == ${r('焦作亮度：遍地英雄 照亮怀川')})`,
      'stopifnot(is.logical(articles$is_continuation), is.na(q$value_max))',
      'cat("ok", nrow(facts), "\\n")',
    ].join('\n');
    for (const locale of ['C.UTF-8', 'C']) {
      const out = run(RSCRIPT!, ['-e', check], { cwd: seed.release, env: { ...process.env, LANG: locale, LC_ALL: locale } });
      assert.equal(out.trim(), `ok ${seed.report.tables.quantities}`, locale);
    }
  });
});
