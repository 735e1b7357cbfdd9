/**
 * The release page, index.html: static, self-contained and deterministic; tested in real headless
 * Chromium (Debian's chromium driven by playwright-core) opened from file://. A screenshot is saved
 * to test/artifacts/ (gitignored) for a person to look at.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser, type Page } from 'playwright-core';
import { continuation, releasePageData, sourcesPresent } from '../src/publish/release-page-data.ts';
import { parseDatasetMetadata } from '../src/publish/dataset-metadata.ts';
import { escapeHtml, humanSize, PAGE_FILE, renderReleasePage, scriptJson, SEARCH_LIBRARY } from '../src/publish/render-release-page.ts';
import { loadSchemas } from '../src/schema/index.ts';
import type { ManifestEntry } from '../src/inputs/read-manifest.ts';
import { LISTED_SOURCES, renderReleaseReadme, type SourcePage } from '../src/publish/render-release-readme.ts';
import { emptyPageRows, pageRows, type PageRows } from '../src/rows.ts';
import { loadedDatabase, PAGE, PAGE_TEXT, removeDir, REPO, syntheticRows, tempDir } from './helpers/fixtures.ts';
import { sharedSeedRelease, type SeedRelease } from './helpers/seed-release.ts';
import { CHROMIUM, skipUnless } from './helpers/tools.ts';

const specs = loadSchemas();
const ARTIFACTS = path.join(REPO, 'test/artifacts');
const FACT = '000_0f81d0fce9b36645-f6ffa47d968c.quantity.text.000300-000305';
const ARTICLE = '000_0f81d0fce9b36645-f6ffa47d968c';
const HEADLINE = '孟州市做好“未病先防”文章';
const FACT_TABLES = ['quantities', 'dates', 'people', 'organizations', 'places'];
/** The continued article of the seed release: `（上接第一版）` on page 002, whose page 1 is not in the release. */
const CONTINUED = '002_ecc4107209b7bf27-5363eb375b27';

let seed: SeedRelease;
let html: string;

before(async () => {
  seed = await sharedSeedRelease('page');
  html = await readFile(path.join(seed.release, PAGE_FILE), 'utf8');
});
after(async () => { await removeDir(seed.dir); });

describe('index.html, as a file', () => {
  it('is in every release and in SHA256SUMS', async () => {
    assert.match(await readFile(path.join(seed.release, 'SHA256SUMS'), 'utf8'), / {2}index\.html\n/);
  });

  it('loads nothing from anywhere: no external script, style, image, font or fetch; a strict CSP by hash', () => {
    // MiniSearch's browser build is inlined as the package ships it (its comments mention its own
    // map's fetch() method); the rest of the page is checked.
    const umd = readFileSync(path.join(REPO, 'node_modules/minisearch/dist/umd/index.js'), 'utf8');
    assert.ok(SEARCH_LIBRARY.endsWith(umd.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n')), 'the package\'s own browser build, without its source-map comment');
    assert.match(SEARCH_LIBRARY, /^\/\*! MiniSearch 7\.2\.0, MIT licence/);
    assert.ok(html.includes(`<script>${SEARCH_LIBRARY}\n`));
    assert.doesNotMatch(html.replace(SEARCH_LIBRARY, ''), /<script[^>]+src=|<link |<img |@import|url\(|fetch\(|XMLHttpRequest|https?:\/\/[^"'<\s]*\.(js|css)\b/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp);
    const script = /<script>([\s\S]*?)<\/script>\n<\/body>/.exec(html)![1];
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const hash = (t: string) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    assert.equal(csp, `default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; img-src data:; base-uri 'none'; form-action 'none'`);
  });

  it('has the overview, downloads with sizes and hashes, the dictionary and a preview of every table', async () => {
    for (const id of ['overview', 'articles', 'method', 'downloads', 'loading', 'dictionary', 'preview']) assert.ok(html.includes(`<section id="${id}">`), id);
    const sums = (await readFile(path.join(seed.release, 'SHA256SUMS'), 'utf8')).trim().split('\n').map((l) => l.split('  '));
    for (const [sha, file] of sums.filter(([, f]) => f !== PAGE_FILE)) {
      const bytes = (await readFile(path.join(seed.release, file))).length;
      assert.ok(html.includes(`<td><a href="${file}">${file}</a></td>`), file);
      assert.ok(html.includes(`<td class="num" title="${bytes} bytes">${humanSize(bytes)}</td><td><code class="hash">${sha}</code></td>`), `${file} size and hash`);
    }
    for (const s of specs.filter((x) => x.publish)) {
      assert.ok(html.includes(`<section class="table-doc" id="table-${s.table}">`), s.table);
      for (const f of s.fields) assert.ok(html.includes(`<td><code>${f.name}</code></td><td>${f.type}</td><td>${f.nullable ? 'yes' : 'no'}</td><td>${escapeHtml(f.description)}`), `${s.table}.${f.name}`);
      assert.match(html, new RegExp(`<summary><strong>${s.table}</strong>: (first \\d+ of|all) ${seed.report.tables[s.table]} rows?</summary>`));
    }
    assert.ok(html.includes(`jiaozuo-daily-epidemic-${seed.report.release!.version}.zip`));
  });

  it('embeds its data safely: nothing in the JSON can end the script element', () => {
    assert.equal(scriptJson({ a: '</script><!-- & \u2028' }), '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}');
    assert.deepEqual(JSON.parse(scriptJson({ a: '</script>' })), { a: '</script>' });
    const json = /<script type="application\/json" id="release-data">([\s\S]*?)<\/script>/.exec(html)![1];
    assert.doesNotMatch(json, /</);
    const data = JSON.parse(json);
    assert.equal(data.articles.length, seed.report.tables.articles, 'every article of a small release is in the reader');
    assert.equal(data.facts.length, FACT_TABLES.reduce((n, t) => n + seed.report.tables[t], 0), 'with every fact');
  });

  it('a continued article says what it continues from, linked to that page when the same issue\'s page is in the release', async () => {
    const page = (source_id: string, issue_date: string | null, pageNo: number | null) => ({ source_id, file: `raw/${source_id}.txt`, newspaper: '焦作日报', issue_date, issue_date_earliest: null, issue_date_latest: null, page: pageNo });
    const p2 = page('b', '2022-01-21', 2);
    const sources = [page('a', '2022-01-21', 1), p2, page('c', '2022-01-22', 1)];
    assert.deepEqual(continuation('（上接第一版）该公司不计成本', p2, sources), { marker: '（上接第一版）', page: 1, source: 'a' });
    assert.deepEqual(continuation('(上接第 3 版) 文字', p2, sources), { marker: '(上接第 3 版)', page: 3, source: null }, 'page 3 of that issue is not in the release');
    assert.deepEqual(continuation('（上接第一版）', page('d', null, 2), sources), { marker: '（上接第一版）', page: 1, source: null }, 'an issue known only as a range matches no page');
    assert.equal(continuation('该公司不计成本', p2, sources), null);
    const data = JSON.parse(/<script type="application\/json" id="release-data">([\s\S]*?)<\/script>/.exec(html)![1]);
    assert.deepEqual(data.articles.find((a: { id: string }) => a.id === CONTINUED).continues, { marker: '（上接第一版）', page: 1, source: null });
    assert.ok(data.articles.filter((a: { id: string }) => a.id !== CONTINUED).every((a: { continues: unknown }) => a.continues === null));
  });

  it('caps the reader for large releases, deterministically, and says so', async () => {
    const dir = await tempDir('page-cap');
    const db = await loadedDatabase(specs, syntheticRows(), dir);
    try {
      const all = await releasePageData(db.connection, specs);
      const capped = await releasePageData(db.connection, specs, { previewRows: 1, articles: 1, textChars: 1, headlines: 1 });
      assert.equal(all.articles.length, 2);
      assert.deepEqual(capped.articles.map((a) => a.id), [all.articles[0].id]);
      assert.equal(capped.articleTotal, 2);
      assert.deepEqual(capped.headlines.map((h) => h.inReader), [true]);
      assert.ok(capped.previews.every((p) => p.rows.length <= 1));
      assert.ok(capped.facts.every((f) => f.article === 0));
      assert.deepEqual(await releasePageData(db.connection, specs), all);
      const dataset = parseDatasetMetadata(JSON.parse(readFileSync(path.join(REPO, 'data/dataset.json'), 'utf8')));
      const render = (data: typeof all) => renderReleasePage({ dataset, created: '2026-11-25T00:00:00Z', specs, counts: { articles: 2 }, files: [], data });
      assert.ok(render(capped).includes('The reader holds the first 1 of 2 articles, to keep this page small; every article is in <code>csv/articles.csv</code>.'));
      assert.ok(!render(all).includes('The reader holds'));
      assert.equal(render(all), render(structuredClone(all)), 'the same data, the same bytes');
    } finally {
      db.close();
      await removeDir(dir);
    }
  });
});

describe('the pages of a large release', () => {
  /**
   * LISTED_SOURCES + 5 copies of the fixture page, whose second article is continued: `（上接第一版）`
   * on its first line. The first four pages are in the headlines; the issues they are from are
   * elsewhere in the sorted pages, so only a lookup among all pages finds them.
   */
  const count = LISTED_SOURCES + 5;
  const name = (i: number) => `p${String(i).padStart(3, '0')}`;
  const issue: Record<number, [string | null, string, number]> = {
    0: ['A', '2022-01-01', 2], 50: ['A', '2022-01-01', 1], // continued from page 50
    1: ['A', '2022-01-02', 2], 51: ['B', '2022-01-02', 1], // page 1 of another newspaper: no match
    2: ['B', '2022-01-01', 3], 103: ['B', '2022-01-01', 1], 104: ['B', '2022-01-01', 1], // two matches: the first by source_id
    3: [null, '2022-01-01', 2], 60: [null, '2022-01-01', 1], // no newspaper on either: the same issue
  };
  const manifest = (i: number): ManifestEntry | null => {
    const m = issue[i];
    return m ? { file: `${name(i)}.txt`, line: i + 2, newspaper: m[0], issueDate: m[1], earliest: m[1], latest: m[1], status: 'exact', note: null, page: m[2] } : null;
  };
  const text = PAGE_TEXT.replace('第二篇文章', '（上接第一版）第二篇文章');

  it('reads the count, the first LISTED_SOURCES and the shown pages, finds a continued article\'s page among them all, and which pages are there', async () => {
    const rows: PageRows = emptyPageRows();
    for (let i = 0; i < count; i++) {
      const page = pageRows({ name: `${name(i)}.txt`, sha256: 'a'.repeat(64), bytes: 100, manifest: manifest(i) }, text, PAGE);
      for (const t of Object.keys(rows) as (keyof PageRows)[]) (rows[t] as unknown[]).push(...page[t]);
    }
    const dir = await tempDir('page-sources');
    const db = await loadedDatabase(specs, rows, dir);
    try {
      const data = await releasePageData(db.connection, specs, { previewRows: 1, articles: 2, textChars: 1_000_000, headlines: 8 });
      const all: SourcePage[] = rows.sources.map(({ row: r }) => ({ source_id: r.source_id, file: r.file, newspaper: r.newspaper, issue_date: r.issue_date, issue_date_earliest: r.issue_date_earliest, issue_date_latest: r.issue_date_latest, page: r.page }));
      assert.deepEqual(data.sources, { total: count, listed: all.slice(0, LISTED_SOURCES) });
      assert.deepEqual(data.shownSources, all.slice(0, 4));
      // What continuation() finds among every page, with the page's own marker line.
      const line = text.split('\n')[6];
      const expected = data.headlines.map((h) => (h.seq === 2 ? continuation(line, all.find((s) => s.source_id === h.source)!, all) : null));
      assert.deepEqual(data.headlines.map((h) => h.continues), expected);
      assert.deepEqual(data.headlines.filter((h) => h.seq === 2).map((h) => h.continues?.source), [name(50), null, name(103), name(60)]);
      assert.deepEqual(data.articles.map((a) => a.continues), expected.slice(0, 2), 'the reader\'s articles too');
      const readme = renderReleaseReadme(parseDatasetMetadata(JSON.parse(readFileSync(path.join(REPO, 'data/dataset.json'), 'utf8'))), '2026-11-25T00:00:00Z', specs, {}, { sources: data.sources });
      assert.ok(readme.includes(`This release is built from ${count} raw pages:`));
      assert.ok(readme.includes(`(\`raw/${name(LISTED_SOURCES - 1)}.txt\``) && !readme.includes(`raw/${name(LISTED_SOURCES)}.txt`));
      assert.ok(readme.includes('- … and 5 more: every page is a row of the `sources` table.'));
      // Where the seed evaluation's pages are looked for (its figure says whether they are in the release).
      assert.deepEqual(await sourcesPresent(db.connection, specs, [name(count - 1), 'p999', "p'0"]), new Set([name(count - 1)]));
      assert.deepEqual(await sourcesPresent(db.connection, specs, []), new Set());
    } finally {
      db.close();
      await removeDir(dir);
    }
  });
});

/**
 * Skipped test by test, not as a whole describe: node:test's summary counts the tests of a skipped
 * describe as nothing, and every skipped test should show in "skipped N".
 */
const NO_BROWSER = skipUnless(CHROMIUM, 'Debian\'s chromium', 'apt-get install chromium');
const browserIt = (name: string, fn: () => Promise<void>) => it(name, { skip: NO_BROWSER }, fn);

describe('index.html in headless Chromium, from file://', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let url: string;

  before(async () => {
    if (NO_BROWSER) return;
    browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('request', (r) => { if (!r.url().startsWith('file://')) problems.push(`request off disk: ${r.url()}`); });
    url = pathToFileURL(path.join(seed.release, PAGE_FILE)).href;
    await page.goto(url);
    // The search index is built after load, in chunks; searches typed before then wait for it.
    await page.waitForSelector('#search[data-ready="true"]');
  });
  after(async () => { await browser?.close(); });

  browserIt('renders with no console errors, no failed or outside requests', async () => {
    await page.waitForSelector('#article mark.fact');
    assert.deepEqual(problems, []);
    assert.equal(await page.title(), `Jiaozuo Daily (焦作日报) epidemic coverage: articles, paragraphs and bylines ${seed.report.release!.version}`);
  });

  browserIt('every fact is highlighted over exactly its quote, in every article', async () => {
    const facts = FACT_TABLES.flatMap((t) => (parse(readFileSync(path.join(seed.release, `csv/${t}.csv`)), { columns: true }) as Record<string, string>[]));
    const articles = parse(readFileSync(path.join(seed.release, 'csv/articles.csv')), { columns: true }) as Record<string, string>[];
    let checked = 0;
    for (const a of articles) {
      await page.evaluate((id) => { location.hash = `article=${encodeURIComponent(id)}`; }, a.article_id);
      await page.waitForSelector(`#article[data-article="${a.article_id}"]`);
      const marked = await page.$$eval('#article mark.fact', (ms) => {
        const out: Record<string, string> = {};
        for (const m of ms) {
          const id = m.getAttribute('data-id')!;
          // Only the mark's own characters: nested marks are other facts, their text counts for both.
          out[id] = (out[id] ?? '') + m.textContent;
        }
        return out;
      });
      const own = facts.filter((f) => f.article_id === a.article_id);
      assert.deepEqual(Object.keys(marked).sort(), own.map((f) => f.fact_id).sort(), a.article_id);
      for (const f of own) {
        const column = f.field === 'text' ? a.text : f.field === 'headline' ? a.headline : a.byline;
        assert.equal([...column].slice(Number(f.start), Number(f.end)).join(''), f.quote, f.fact_id);
        assert.equal(marked[f.fact_id], f.quote, f.fact_id);
        checked++;
      }
    }
    assert.equal(checked, facts.length);
  });

  browserIt('86万余名: highlighted over the right characters; a click shows its normalized value, rule and raw line', async () => {
    await page.evaluate((id) => { location.hash = `fact=${encodeURIComponent(id)}`; }, FACT);
    await page.waitForSelector(`#fact-details[data-fact-id="${FACT}"]`);
    const mark = page.locator(`mark[data-id="${FACT}"]`);
    assert.equal(await mark.count(), 1);
    assert.equal(await mark.textContent(), '86万余名');
    // The characters before the mark in the text are the article's first 300 code points.
    const before = await page.$eval(`mark[data-id="${FACT}"]`, (m) => {
      const text = m.closest('.text')!;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEndBefore(m);
      return Array.from(range.toString()).length;
    });
    assert.equal(before, 300);
    await mark.click();
    const details = await page.locator('#fact-details').innerText();
    assert.match(details, /^Quantities\n/);
    assert.match(details, /value\s+860000\n/);
    assert.match(details, /qualifier\s+over\n/);
    assert.match(details, /subject\s+党员干部\n/);
    assert.match(details, /rule\s+number\+unit\n/);
    const raw = /raw\s+raw page (\S+) line (\d+), column (\d+)/.exec(details);
    assert.ok(raw, details);
    assert.equal(raw[1], 'raw/000_0f81d0fce9b36645.txt');
    const line = readFileSync(path.join(REPO, 'data', raw[1]), 'utf8').split(/\r?\n/)[Number(raw[2]) - 1];
    assert.equal([...line].slice(Number(raw[3]), Number(raw[3]) + 5).join(''), '86万余名', 'the raw position is right');
    await page.getByRole('button', { name: 'Show the raw line' }).click();
    const hit = page.locator(`#raw-${raw[2]}.hit`);
    assert.equal(await hit.locator('mark').textContent(), '86万余名');
    assert.equal(await hit.locator('.rt').textContent(), line);
  });

  browserIt('the fact-type filter hides and shows a type\'s highlights', async () => {
    const mark = page.locator(`mark[data-id="${FACT}"]`);
    const background = () => mark.evaluate((m) => getComputedStyle(m).backgroundColor);
    const shown = await background();
    await page.locator('#fact-filters input[data-type="quantities"]').uncheck();
    assert.equal(await background(), 'rgba(0, 0, 0, 0)');
    await page.locator('#fact-filters input[data-type="quantities"]').check();
    assert.equal(await background(), shown);
  });

  browserIt('search finds a known headline and opens its article', async () => {
    await page.fill('#search', '未病先防');
    const results = page.locator('#search-results li');
    assert.equal(await results.count(), 1);
    assert.ok((await results.first().innerText()).startsWith(HEADLINE));
    assert.match(await page.locator('#search-status').innerText(), /^1 of 11 articles match/);
    await results.first().locator('a').click();
    // Another article may still be shown: wait for this one's headline, not for any headline.
    await page.locator('#article h3.headline', { hasText: HEADLINE }).waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#article h3.headline').innerText(), HEADLINE);
    await page.fill('#search', 'no such headline at all');
    assert.equal(await results.count(), 0);
    await page.fill('#search', '');
  });

  browserIt('search covers the text: 口罩 finds every article that has it (none in a headline), marked in the list and in the article', async () => {
    const articles = parse(readFileSync(path.join(seed.release, 'csv/articles.csv')), { columns: true }) as Record<string, string>[];
    const having = articles.filter((a) => [a.kicker, a.headline, a.subtitle, a.byline, a.text].some((t) => t.includes('口罩'))).map((a) => a.article_id);
    assert.ok(having.length >= 2 && articles.every((a) => !a.headline.includes('口罩')));
    const masks = articles.find((a) => a.text.includes('6万多个口罩'))!;
    await page.fill('#search', '口罩');
    const results = page.locator('#search-results li');
    assert.deepEqual((await results.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-article')))).sort(), having.sort());
    assert.match(await page.locator('#search-status').innerText(), new RegExp(`^${having.length} of 11 articles match`));
    const hit = results.locator(`xpath=self::li[@data-article="${masks.article_id}"]`);
    assert.deepEqual(await hit.locator('.snippet mark.hit').allTextContents(), ['口罩']);
    await hit.locator('a').click();
    await page.waitForSelector(`#article[data-article="${masks.article_id}"]`);
    const marked = await page.locator('#article .text mark.hit').allTextContents();
    assert.equal(marked.length, [...masks.text.matchAll(/口罩/g)].length);
    assert.ok(marked.every((m) => m === '口罩'));
    assert.ok((await page.locator('#article .text').innerText()).includes('6万多个口罩'));
    await page.fill('#search', '6万多个口罩');
    assert.deepEqual(await results.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-article'))), [masks.article_id], 'a phrase: its characters in that order');
    await page.fill('#search', '口 罩 没有这个词');
    assert.equal(await results.count(), 0, 'every word must occur');
    await page.fill('#search', '罩');
    assert.deepEqual((await results.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-article')))).sort(), having.sort(), 'one character');
    await page.fill('#search', '');
  });

  browserIt('search covers the facts: a normalized value found only in a fact', async () => {
    await page.fill('#search', '860000');
    const results = page.locator('#search-results li');
    assert.equal(await results.count(), 1);
    assert.equal(await results.first().getAttribute('data-article'), ARTICLE);
    assert.match(await results.first().locator('.snippet').innerText(), /^fact: 86万余名 860000 /);
    await page.fill('#search', '');
  });

  browserIt('a continued article shows the page it continues from', async () => {
    await page.evaluate((id) => { location.hash = `article=${encodeURIComponent(id)}`; }, CONTINUED);
    await page.waitForSelector(`#article[data-article="${CONTINUED}"]`);
    assert.equal(await page.locator('#article h3.headline').innerText(), 'continued from page 1 · （上接第一版）');
    assert.equal(await page.locator('#article .continues').innerText(), 'Continues an article from page 1 of the same issue, as its marker （上接第一版） says: that page is not in this release.');
    assert.ok((await page.locator(`#search-results li[data-article="${CONTINUED}"]`).innerText()).startsWith('continued from page 1 · （上接第一版）'));
  });

  browserIt('a continued article links to the page it continues from when that page is in the release', async () => {
    // The seed's page 1 of that issue is not in the release: the same page, with page 000 standing in for it.
    const FROM = '000_0f81d0fce9b36645';
    const data = JSON.parse(/<script type="application\/json" id="release-data">([\s\S]*?)<\/script>/.exec(html)![1]);
    for (const a of [...data.articles, ...data.headlines]) if (a.id === CONTINUED) a.continues.source = FROM;
    const linked = html.replace(/(<script type="application\/json" id="release-data">)[\s\S]*?(<\/script>)/, (_, open: string, close: string) => `${open}${scriptJson(data)}${close}`);
    const file = path.join(seed.dir, 'linked.html');
    await writeFile(file, linked);
    const other = await browser.newPage();
    try {
      await other.goto(`${pathToFileURL(file).href}#article=${encodeURIComponent(CONTINUED)}`);
      await other.waitForSelector(`#article[data-article="${CONTINUED}"]`);
      const link = other.locator('#article .continues a');
      assert.equal(await link.innerText(), 'page 1, raw/000_0f81d0fce9b36645.txt');
      await link.click();
      const first = data.headlines.find((h: { source: string }) => h.source === FROM).id;
      await other.waitForSelector(`#article[data-article="${first}"]`);
    } finally {
      await other.close();
    }
  });

  browserIt('looks right: a screenshot for review (test/artifacts/release-page.png)', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await page.evaluate((id) => { location.hash = `fact=${encodeURIComponent(id)}`; }, FACT);
    await page.locator(`mark[data-id="${FACT}"]`).click();
    await page.getByRole('button', { name: 'Show the raw line' }).click();
    await page.locator('#articles').evaluate((e) => e.scrollIntoView());
    await page.screenshot({ path: path.join(ARTIFACTS, 'release-page.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(ARTIFACTS, 'release-page-top.png') });
    assert.deepEqual(problems, []);
    assert.equal(await page.evaluate(() => document.querySelector(`#article`)!.getAttribute('data-article')), ARTICLE);
  });
});
