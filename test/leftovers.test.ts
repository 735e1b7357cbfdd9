/**
 * Leftovers of killed processes: temporary folders in the output folder and in TMPDIR are removed
 * by the next build (or verify) when their process is gone, never while it runs. And a damaged
 * build cache: a cached page whose rows changed is found by its checksum and made again; a cache
 * file DuckDB cannot read is started afresh. Either way the release is a clean build's.
 */
import assert from 'node:assert/strict';
import { cp, open, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateCorpus } from '../bench/generate-corpus.ts';
import { build, type BuildOptions, type BuildReport } from '../src/build.ts';
import { acquireLock } from '../src/release/lock.ts';
import { recoverOutput } from '../src/release/publish-state.ts';
import { verify } from '../src/release/verify.ts';
import { removeDeadTempFolders } from '../src/temp-folders.ts';
import { removeDir, tempDir } from './helpers/fixtures.ts';
import { quiet } from './helpers/release.ts';
import { deadPid } from './support/lock-stress.ts';

let dir: string;
before(async () => { dir = await tempDir('leftovers'); });
after(async () => { await removeDir(dir); });

/** Runs `fn` with TMPDIR (what os.tmpdir() returns) set to `tmp`. */
async function withTmp<T>(tmp: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/** Folders as killed builds and verifies leave them, one of a live process, and folders that are not ours. */
async function seedTmp(tmp: string): Promise<{ dead: string[]; kept: string[] }> {
  const gone = deadPid();
  const dead = [`jiaozuo-build-${gone}-a1B2c3`, `jiaozuo-verify-${gone}-Zz9yY8`];
  // Live: this process's (and its parent's); unknown owner: the old name without a pid; not ours.
  const kept = [`jiaozuo-build-${process.pid}-q1w2e3`, `jiaozuo-verify-${process.ppid}-r4t5y6`, 'jiaozuo-build-abc123', `other-${gone}-a1B2c3`];
  for (const name of [...dead, ...kept]) {
    await mkdir(path.join(tmp, name, 'sub'), { recursive: true });
    await writeFile(path.join(tmp, name, 'sub', 'spill.tmp'), 'x');
  }
  return { dead, kept };
}

interface FirstBuild { tmp: string; data: string; cacheDir: string; report: BuildReport; hashes: Record<string, string>; lines: string[] }
let first: Promise<FirstBuild> | undefined;
/**
 * A generated corpus built once, with a build cache, under TMPDIR `tmp` (a folder of its own when
 * none is given): the build the TMPDIR test watches, the release the verify test reads and the
 * clean build whose cache the cache tests damage copies of.
 */
function firstBuild(tmp?: string): Promise<FirstBuild> {
  first ??= (async () => {
    const t = tmp ?? path.join(dir, 'tmp-first');
    await mkdir(t, { recursive: true });
    const data = generateCorpus(path.join(dir, 'corpus'), 8, 21).dir;
    const cacheDir = path.join(dir, 'cache-clean');
    const lines: string[] = [];
    const report = await withTmp(t, () => build({ dataDir: data, outDir: path.join(dir, 'first', 'dist'), cacheDir, created: '2026-01-01T00:00:00Z' }, { log: (l) => lines.push(l), env: {} }));
    assert.equal(report.exit_code, 0, JSON.stringify(report.errors.slice(0, 3)));
    return { tmp: t, data, cacheDir, report, hashes: Object.fromEntries(report.release!.files.map((f) => [f.path, f.hash])), lines };
  })();
  return first;
}

describe('temporary folders in TMPDIR', () => {
  it('only those of dead processes are removed', async () => {
    const tmp = path.join(dir, 'tmp-unit');
    await mkdir(tmp);
    const { dead, kept } = await seedTmp(tmp);
    assert.deepEqual((await removeDeadTempFolders(tmp)).sort(), dead.sort());
    assert.deepEqual((await readdir(tmp)).sort(), kept.sort());
  });

  it('the next build removes them first and logs it; its own folder is gone when it ends', async () => {
    const tmp = path.join(dir, 'tmp-build');
    await mkdir(tmp);
    const { dead, kept } = await seedTmp(tmp);
    const { tmp: builtIn, lines } = await firstBuild(tmp);
    assert.equal(builtIn, tmp, 'the build ran before this test, not under its TMPDIR');
    assert.deepEqual(lines.filter((l) => l.startsWith('removed ')).sort(), dead.map((d) => `removed ${path.join(tmp, d)}, left by a process that is gone`).sort());
    assert.deepEqual((await readdir(tmp)).sort(), kept.sort());
  });

  it('so does the next verify', async () => {
    const tmp = path.join(dir, 'tmp-verify');
    await mkdir(tmp);
    const { kept } = await seedTmp(tmp);
    const { report: built } = await firstBuild();
    const report = await withTmp(tmp, () => verify(built.release!.path));
    assert.equal(report.ok, true, JSON.stringify(report.errors));
    assert.deepEqual((await readdir(tmp)).sort(), kept.sort());
  });
});

describe('temporary files in the output folder', () => {
  it('a dead build\'s .tmp-<pid> folder and <file>.tmp-<pid> files are removed, a live one\'s are not', async () => {
    const out = path.join(dir, 'out');
    const gone = deadPid();
    await mkdir(path.join(out, `.tmp-${gone}`, '0.2.0'), { recursive: true });
    await mkdir(path.join(out, `.tmp-${process.ppid}`, '0.2.0'), { recursive: true });
    await writeFile(path.join(out, `latest.json.tmp-${gone}`), '{');
    await writeFile(path.join(out, `latest.json.tmp-${process.ppid}`), '{');
    const lock = await acquireLock(out);
    try {
      const actions = await recoverOutput(out, {});
      assert.deepEqual(actions.map((a) => [a.action, a.path]).sort(), [['leftover-removed', `.tmp-${gone}`], ['leftover-removed', `latest.json.tmp-${gone}`]]);
    } finally {
      await lock.release();
    }
    assert.deepEqual((await readdir(out)).sort(), [`.tmp-${process.ppid}`, `latest.json.tmp-${process.ppid}`]);
  });
});

describe('a damaged build cache', () => {
  let n = 0;
  const buildTo = async (data: string, options: Partial<BuildOptions>): Promise<{ report: BuildReport; hashes: Record<string, string> }> => {
    const report = await build({ dataDir: data, outDir: path.join(dir, `cache-out-${n++}`), created: '2026-01-01T00:00:00Z', ...options }, quiet);
    assert.equal(report.exit_code, 0, JSON.stringify(report.errors.slice(0, 3)));
    return { report, hashes: Object.fromEntries(report.release!.files.map((f) => [f.path, f.hash])) };
  };
  const cacheFileIn = async (cacheDir: string) => path.join(cacheDir, (await readdir(cacheDir)).find((f) => f.endsWith('.duckdb'))!);
  /** The first build's corpus and release, and a copy of its cache to damage. */
  const cleanWithCache = async (name: string) => {
    const clean = await firstBuild();
    const pages = clean.report.tables.sources;
    assert.ok(pages >= 2, `${pages} pages`);
    const cacheDir = path.join(dir, name);
    await cp(clean.cacheDir, cacheDir, { recursive: true });
    return { data: clean.data, clean, pages, cacheDir };
  };

  it('a cached page whose rows were changed in the file: found by its checksum, made again, the release a clean build\'s', async () => {
    const { data, clean, pages, cacheDir } = await cleanWithCache('cache-rows');
    const instance = await DuckDBInstance.create(await cacheFileIn(cacheDir));
    const connection = await instance.connect();
    const [[page]] = (await connection.runAndReadAll('SELECT source_id FROM articles ORDER BY source_id LIMIT 1')).getRowsJS();
    await connection.run(`UPDATE articles SET text = text || '!' WHERE article_id = (SELECT min(article_id) FROM articles WHERE source_id = '${page}')`);
    connection.closeSync();
    instance.closeSync();

    const again = await buildTo(data, { cacheDir });
    assert.deepEqual(again.report.pages, { made: 1, cached: pages - 1, workers: 0, checked: pages });
    assert.deepEqual(again.report.warnings.filter((w) => w.code.startsWith('cache')).map((w) => [w.code, w.value]), [['cache-entry-corrupt', [`${page}.txt`]]]);
    assert.deepEqual(again.hashes, clean.hashes);
    // Repaired: the next build takes every page from the cache.
    assert.equal((await buildTo(data, { cacheDir })).report.pages!.cached, pages);
  });

  it('a cache file with damaged blocks: started afresh (cache-rebuilt), the release a clean build\'s', async () => {
    const { data, clean, pages, cacheDir } = await cleanWithCache('cache-file');
    const file = await cacheFileIn(cacheDir);
    // Past DuckDB's three header blocks, a byte changed in every 4 KiB.
    const handle = await open(file, 'r+');
    try {
      const size = (await stat(file)).size;
      for (let at = 3 * 4096 + 100; at < size; at += 4096) await handle.write(Buffer.from([0x5a]), 0, 1, at);
    } finally {
      await handle.close();
    }
    const again = await buildTo(data, { cacheDir });
    assert.deepEqual(again.report.pages, { made: pages, cached: 0, workers: 0, checked: pages });
    assert.deepEqual(again.report.warnings.filter((w) => w.code.startsWith('cache')).map((w) => w.code), ['cache-rebuilt']);
    assert.deepEqual(again.hashes, clean.hashes);
    assert.equal((await buildTo(data, { cacheDir })).report.pages!.cached, pages);
  });
});
