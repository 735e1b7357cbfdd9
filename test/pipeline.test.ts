/**
 * The scaled build: worker threads and the incremental cache must give exactly the release a
 * single-threaded clean build gives, and the cache must notice every change that matters.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateCorpus } from '../bench/generate-corpus.ts';
import { build, type BuildOptions, type BuildReport } from '../src/build.ts';
import { CHECK_BATCH_PAGES, checkBatchPagesUnder, checksMemoryLimit } from '../src/db/check-scope.ts';
import { bytesOf, halfOf } from '../src/db/open-database.ts';
import { REPO, removeDir, tempDir } from './helpers/fixtures.ts';
import { quiet } from './helpers/release.ts';

let dir: string;
let n = 0;
before(async () => { dir = await tempDir('pipeline'); });
after(async () => { await removeDir(dir); });

/** Builds into a fresh releases folder; returns the report and every release file's hash. */
async function buildTo(data: string, options: Partial<BuildOptions> = {}): Promise<{ report: BuildReport; hashes: Record<string, string> }> {
  const report = await build({ dataDir: data, outDir: path.join(dir, `out-${n++}`), created: '2026-01-01T00:00:00Z', ...options }, quiet);
  assert.ok(report.ok, JSON.stringify(report.errors.slice(0, 3)));
  return { report, hashes: Object.fromEntries(report.release!.files.map((f) => [f.path, f.hash])) };
}

async function copyOf(data: string, name: string): Promise<string> {
  const copy = path.join(dir, name);
  await cp(data, copy, { recursive: true });
  return copy;
}

describe('worker threads and the cache, over the seed pages (with their curation) and a generated corpus', () => {
  // In order: a single-threaded build fills a cache, a curation entry is dropped and the cached
  // build made again, and a build on worker threads without the cache must give its release.
  let data: string;
  let cacheDir: string;
  /** Raw pages in the data folder: the seed pages and the corpus's. */
  let pages: number;
  let cached: { report: BuildReport; hashes: Record<string, string> };

  it('a single-threaded build with an empty cache makes every page', async () => {
    // One data folder holding both: the seed pages (with their curation) and a generated corpus's pages.
    data = await copyOf(path.join(REPO, 'data'), 'workers-data');
    const corpus = generateCorpus(path.join(dir, 'corpus-workers'), 30, 11).dir;
    await cp(path.join(corpus, 'raw'), path.join(data, 'raw'), { recursive: true });
    const rows = (await readFile(path.join(corpus, 'manifest.csv'), 'utf8')).split('\n').slice(1).filter((l) => l);
    const manifest = await readFile(path.join(data, 'manifest.csv'), 'utf8');
    await writeFile(path.join(data, 'manifest.csv'), manifest.replace(/\n?$/, '\n') + rows.join('\n') + '\n');
    cacheDir = path.join(dir, 'cache-2');
    const one = await buildTo(data, { workers: 0, cacheDir });
    pages = 2 + rows.length;
    assert.equal(one.report.tables.sources, pages, 'the seed pages and the corpus pages are all in the release');
    assert.deepEqual(one.report.pages, { made: pages, cached: 0, workers: 0, checked: pages });
  });

  it('the cache remakes only the page a curation entry is anchored to, and counts its matches', async () => {
    const file = path.join(data, 'curation', 'facts.csv');
    const lines = (await readFile(file, 'utf8')).split('\n');
    // Drop the last entry: only its page is made again; the curation check still passes.
    const last = lines.filter((l) => l.trim()).pop()!;
    const page = last.split(',')[2].replace(/-[0-9a-f]{12}$/, '');
    await writeFile(file, lines.filter((l) => l !== last).join('\n'));
    cached = await buildTo(data, { workers: 0, cacheDir });
    assert.deepEqual(cached.report.pages, { made: 1, cached: pages - 1, workers: 0, checked: 1 });
    assert.ok(page === '000_0f81d0fce9b36645' || page === '002_e36fc3cf33ef7c34', page);
  });

  it('worker threads give the release of the single-threaded build, byte for byte; so does the cache (the build above)', async () => {
    const two = await buildTo(data, { workers: 2 });
    assert.deepEqual(two.report.pages, { made: pages, cached: 0, workers: 2, checked: pages });
    assert.deepEqual(two.hashes, cached.hashes);
    assert.deepEqual(two.report.tables, cached.report.tables);
    assert.deepEqual(two.report.warnings, cached.report.warnings);
    assert.equal(two.report.tables.curation_entries, cached.report.tables.curation_entries);
  });
});

describe('the incremental cache', () => {
  // The cases below share one corpus and one cache, in order: each starts from the cache the case
  // before left (setting a cache up is a whole build) and says what it expects of it.
  let data: string;
  let cacheDir: string;
  let schemaDir: string;
  /** The first build, with the cache empty; the cached build after the first case's edits. */
  let first: { report: BuildReport; hashes: Record<string, string> };
  let cached: { report: BuildReport; hashes: Record<string, string> };
  /** A build without the cache (another process holds it) of the data as the first case leaves it. */
  let clean: { report: BuildReport; hashes: Record<string, string> };
  const cachedBuild = () => buildTo(data, { cacheDir, schemaDir });

  it('skips unchanged pages and remakes changed, added and removed ones', async () => {
    data = await copyOf(generateCorpus(path.join(dir, 'corpus-cache'), 27, 12).dir, 'cache-data');
    cacheDir = path.join(dir, 'cache-1');
    // A copy of the schemas, which the case about the code version edits.
    schemaDir = path.join(dir, 'schema-copy');
    await cp(path.join(REPO, 'schema'), schemaDir, { recursive: true });
    first = await cachedBuild();
    const pages = first.report.tables.sources;
    assert.deepEqual(first.report.pages, { made: pages, cached: 0, workers: 0, checked: pages });

    const again = await cachedBuild();
    // Nothing changed and the cached rows passed every check: no page needs checking.
    assert.deepEqual(again.report.pages, { made: 0, cached: pages, workers: 0, checked: 0 });
    assert.deepEqual(again.hashes, first.hashes);
    assert.deepEqual(again.report.tables, first.report.tables);

    // One page's text changes, one page goes (with its manifest row), one manifest row changes.
    const page3 = path.join(data, 'raw', 'p0000003.txt');
    const text = await readFile(page3, 'utf8');
    const edited = text.replace(/\d/, (d) => String((Number(d) + 1) % 10));
    assert.notEqual(edited, text);
    await writeFile(page3, edited);
    await rm(path.join(data, 'raw', 'p0000005.txt'));
    const manifest = (await readFile(path.join(data, 'manifest.csv'), 'utf8')).split('\n').filter((l) => !l.startsWith('p0000005.txt'));
    const row7 = manifest.findIndex((l) => l.startsWith('p0000007.txt'));
    manifest[row7] = manifest[row7].replace(/,\d{4}-\d\d-\d\d,/, ',2021-06-01,');
    await writeFile(path.join(data, 'manifest.csv'), manifest.join('\n'));

    cached = await cachedBuild();
    assert.deepEqual(cached.report.pages, { made: 2, cached: pages - 3, workers: 0, checked: 2 });
  });

  it('in use by another process: a cache-unavailable warning, and the build runs without it, to the release the cached build made', async () => {
    const [file] = (await import('node:fs')).readdirSync(cacheDir).filter((f) => f.endsWith('.duckdb'));
    // Another process holds the database file (DuckDB locks it for writing).
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api';
      const db = await DuckDBInstance.create(${JSON.stringify(path.join(cacheDir, file))});
      await db.connect();
      process.stdout.write('ready\\n');
      setTimeout(() => {}, 60000);
    `], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
        holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
      });
      clean = await cachedBuild();
    } finally {
      holder.kill();
    }
    assert.deepEqual(clean.report.warnings.map((w) => w.code), ['cache-unavailable']);
    assert.match(clean.report.warnings[0].message, /cannot be used .*building without it/);
    const pages = clean.report.tables.sources;
    assert.deepEqual(clean.report.pages, { made: pages, cached: 0, workers: 0, checked: pages });
    // A build that made every page: the cached build's release is the one a clean build makes.
    assert.deepEqual(cached.hashes, clean.hashes);
    assert.deepEqual(cached.report.tables, clean.report.tables);
    assert.notDeepEqual(clean.hashes, first.hashes);
  });

  it('is dropped when the code version changes (here a schema file); a page that failed (--strict) is not kept: fixing it remakes that page only', async () => {
    // The cache holds every page (the case before left it alone).
    const pages = clean.report.tables.sources;
    // A description edited: same rows, but the cache cannot know that.
    const schemaFile = path.join(schemaDir, 'articles.schema.json');
    await writeFile(schemaFile, (await readFile(schemaFile, 'utf8')) + '\n');
    // The build after the edit, with a page broken: it makes every page (the cache was dropped),
    // fails on the broken one and publishes nothing, but keeps the others.
    const page = path.join(data, 'raw', 'p0000002.txt');
    const good = await readFile(page);
    await writeFile(page, Buffer.from([0, 1, 2, 3]));
    const broken = await build({ dataDir: data, outDir: path.join(dir, `out-${n++}`), created: '2026-01-01T00:00:00Z', cacheDir, schemaDir, strict: true }, quiet);
    assert.equal(broken.ok, false);
    assert.deepEqual(broken.errors.map((e) => e.code), ['binary-file']);
    assert.deepEqual(broken.pages, { made: pages, cached: 0, workers: 0, checked: 0 }, 'no check runs when a page has an error');
    await writeFile(page, good);
    const fixed = await cachedBuild();
    assert.deepEqual(fixed.report.pages, { made: 1, cached: pages - 1, workers: 0, checked: pages });
    assert.deepEqual(fixed.hashes, clean.hashes);
  });

  it('is dropped when a build stopped half-way', async () => {
    const pages = clean.report.tables.sources;
    // A build killed while loading leaves the cache marked unfinished.
    const [file] = (await import('node:fs')).readdirSync(cacheDir).filter((f) => f.endsWith('.duckdb'));
    const instance = await DuckDBInstance.create(path.join(cacheDir, file));
    const connection = await instance.connect();
    await connection.run(`UPDATE _build_state SET value = 'loading' WHERE name = 'status'`);
    connection.closeSync();
    instance.closeSync();
    const restarted = await cachedBuild();
    assert.deepEqual(restarted.report.pages, { made: pages, cached: 0, workers: 0, checked: pages });
    assert.deepEqual(restarted.hashes, clean.hashes);
  });
});

describe('checks after a cached build', () => {
  it('run over the changed pages alone once the cached rows passed, find what a clean build finds, and over every page after a failure', async () => {
    const data = await copyOf(generateCorpus(path.join(dir, 'corpus-scope'), 30, 16).dir, 'scope-data');
    const cacheDir = path.join(dir, 'cache-6');
    const checksDir = path.join(dir, 'checks-scope');
    await cp(path.join(REPO, 'src', 'checks'), checksDir, { recursive: true });
    // A page-level check a page can be edited to fail, and one over every page that fails if it sees only some.
    await writeFile(path.join(checksDir, 'zz-no-marker.sql'), "-- No raw line carries the marker.\n-- table: raw_lines\nSELECT source_id, line_no, text FROM raw_lines WHERE text LIKE '%标记%' ORDER BY source_id, line_no\n");
    await writeFile(path.join(checksDir, 'zz-every-page.sql'), '-- Every page is in the database.\n-- scope: all\nSELECT count(*) AS pages FROM sources HAVING count(*) < 8\n');
    // Strict: the failures are the build's (without it the page would be left out, test/quarantine.test.ts).
    const run = (options: Partial<BuildOptions> = {}) => build({ dataDir: data, outDir: path.join(dir, `out-${n++}`), created: '2026-01-01T00:00:00Z', checksDir, strict: true, ...options }, quiet);
    const first = await run({ cacheDir });
    assert.ok(first.ok, JSON.stringify(first.errors.slice(0, 3)));
    const pages = first.tables.sources;
    assert.ok(pages >= 8);
    assert.equal(first.pages!.checked, pages);

    const page = path.join(data, 'raw', 'p0000004.txt');
    const good = await readFile(page, 'utf8');
    const lines = good.split('\n');
    const at = lines.findIndex((l) => l.trim().length > 4);
    lines[at] = `${lines[at]}标记`;
    await writeFile(page, lines.join('\n'));
    const scoped = await run({ cacheDir });
    assert.equal(scoped.pages!.checked, 1);
    const clean = await run();
    assert.equal(clean.pages!.checked, pages);
    assert.equal(scoped.ok, false);
    assert.deepEqual(scoped.checks, clean.checks);
    assert.deepEqual(scoped.errors, clean.errors);
    assert.equal(scoped.checks.find((c) => c.name === 'zz-no-marker')!.violations, 1);
    assert.ok(scoped.checks.find((c) => c.name === 'zz-every-page')!.passed);

    // The failed checks are remembered: the next build checks every page again, even with no page changed.
    const after = await run({ cacheDir });
    assert.deepEqual(after.pages, { made: 0, cached: pages, workers: 0, checked: pages });
    assert.deepEqual(after.errors, clean.errors);

    await writeFile(page, good);
    const fixed = await run({ cacheDir });
    assert.ok(fixed.ok);
    assert.equal(fixed.pages!.checked, pages);
    assert.equal((await run({ cacheDir })).pages!.checked, 0);
  });
});

describe('checks in batches of pages', () => {
  it('come in batches sized for the memory limit they run under (half of --memory-limit)', () => {
    assert.equal(bytesOf('512MB'), 512_000_000);
    assert.equal(bytesOf('1.5GiB'), 1.5 * 2 ** 30);
    assert.equal(bytesOf('a lot'), null);
    assert.equal(halfOf('512MB'), '256MB');
    assert.equal(checkBatchPagesUnder(bytesOf('256MB')!), 8_000);
    assert.equal(checkBatchPagesUnder(bytesOf('64GB')!), CHECK_BATCH_PAGES);
    assert.equal(checkBatchPagesUnder(1), 1);
    assert.equal(checksMemoryLimit('512MB'), '256MB');
    assert.equal(checksMemoryLimit('2GiB'), '1GiB');
    assert.equal(checksMemoryLimit('200MB'), '200MB');
  });

  it('find what one pass over every page finds, with every page in exactly one batch', async () => {
    const data = await copyOf(generateCorpus(path.join(dir, 'corpus-batches'), 30, 17).dir, 'batch-data');
    const checksDir = path.join(dir, 'checks-batches');
    await cp(path.join(REPO, 'src', 'checks'), checksDir, { recursive: true });
    // Many violations on every page, listed in page order; one on two edited pages; one check over every page.
    await writeFile(path.join(checksDir, 'zz-common-char.sql'), "-- No raw line has 的.\n-- table: raw_lines\nSELECT source_id, line_no FROM raw_lines WHERE text LIKE '%的%' ORDER BY source_id, line_no\n");
    await writeFile(path.join(checksDir, 'zz-no-marker.sql'), "-- No raw line carries the marker.\n-- table: raw_lines\nSELECT source_id, line_no, text FROM raw_lines WHERE text LIKE '%标记%' ORDER BY source_id, line_no\n");
    await writeFile(path.join(checksDir, 'zz-every-page.sql'), '-- Every page is in the database.\n-- scope: all\nSELECT count(*) AS pages FROM sources HAVING count(*) < 8\n');
    for (const name of ['p0000002.txt', 'p0000009.txt']) {
      const page = path.join(data, 'raw', name);
      const lines = (await readFile(page, 'utf8')).split('\n');
      const at = lines.findIndex((l) => l.trim().length > 4);
      lines[at] = `${lines[at]}标记`;
      await writeFile(page, lines.join('\n'));
    }
    const logs: string[] = [];
    const run = (checkBatchPages?: number) => build({ dataDir: data, outDir: path.join(dir, `out-${n++}`), created: '2026-01-01T00:00:00Z', checksDir, checkBatchPages, strict: true }, { ...quiet, log: (l) => logs.push(l) });
    const whole = await run();
    const batched = await run(3);
    const pages = whole.tables.sources;
    assert.ok(pages >= 8);
    assert.ok(logs.some((l) => l.includes(`in ${Math.ceil(pages / 3)} batches of up to 3 pages`)), logs.join('\n'));
    assert.equal(batched.pages!.checked, pages);
    assert.equal(batched.ok, false);
    assert.deepEqual(batched.checks, whole.checks);
    assert.deepEqual(batched.errors, whole.errors);
    const common = whole.checks.find((c) => c.name === 'zz-common-char')!;
    assert.ok(common.violations > 20, `${common.violations} violations: more than one listing's worth`);
    assert.equal(whole.checks.find((c) => c.name === 'zz-no-marker')!.violations, 2);
    assert.ok(batched.checks.find((c) => c.name === 'zz-every-page')!.passed);
  });
});

describe('memory', () => {
  it('a check that runs DuckDB out of memory: out-of-memory naming the check and the limit, exit 2; nothing published', async () => {
    const checksDir = path.join(dir, 'checks-oom');
    await cp(path.join(REPO, 'src', 'checks'), checksDir, { recursive: true });
    // A list aggregate cannot spill: 2M strings of 100 characters do not fit in 64MB.
    await writeFile(path.join(checksDir, 'zz-huge.sql'), "-- A query far larger than the memory limit.\n-- table: articles\nSELECT 1 AS x FROM (SELECT list(repeat('汉', 100)) AS l FROM range(2000000)) WHERE len(l) < 0\n");
    const out = path.join(dir, 'out-oom');
    await assert.rejects(
      build({ dataDir: path.join(REPO, 'data'), outDir: out, checksDir, memoryLimit: '64MB' }, quiet),
      (e: Error & { issues?: { code: string; message: string }[] }) => {
        assert.equal(e.issues?.[0].code, 'out-of-memory');
        assert.match(e.issues![0].message, /^DuckDB ran out of memory in check zz-huge under its memory limit of 64MB; nothing was published: expected a larger --memory-limit/);
        return true;
      },
    );
    assert.deepEqual((await import('node:fs')).existsSync(out) ? (await import('node:fs')).readdirSync(out).filter((f) => !f.startsWith('.')) : [], []);
  });
});
