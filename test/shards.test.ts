/**
 * Sharded builds: a small corpus built as 3 shards, each in its own process as a CI matrix runs
 * them, then merged with --from-shards, publishes byte for byte what a build without shards does
 * (release folder and archive), with the same report. A shard set is hostile input: each kind of
 * bad set is refused with its code, naming the folder and field (exit 1), and never a stack.
 */
import assert from 'node:assert/strict';
import { cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateCorpus } from '../bench/generate-corpus.ts';
import type { BuildOptions, BuildReport } from '../src/build.ts';
import { main, reportBuild } from '../src/cli.ts';
import type { Issue } from '../src/issues.ts';
import { hashTree, removeDir, REPO, runCli, tempDir } from './helpers/fixtures.ts';

const CREATED = '2024-03-01T00:00:00Z';

let dir: string;
let data: string;
let plain: { code: number; report: BuildReport };
const shards = [1, 2, 3].map((k) => `s${k}`);

/** A build as `build --json` runs it, in-process. */
async function build(options: Partial<BuildOptions>): Promise<{ code: number; report: BuildReport; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await reportBuild({ dataDir: data, outDir: path.join(dir, 'unused'), created: CREATED, ...options }, true, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, report: JSON.parse(stdout), stderr };
}

before(async () => {
  dir = await tempDir('shards');
  data = generateCorpus(path.join(dir, 'data'), 10, 7).dir;
  // A page left out of the release (empty-file) and one without a manifest row: the shards carry
  // their warnings and the left-out sources row.
  await writeFile(path.join(data, 'raw', 'p0000001a.txt'), '');
  // The shards in their own processes while the build without shards runs here.
  const made = Promise.all([1, 2, 3].map((k) => runCli(['build', '--data', data, '--out', path.join(dir, `s${k}`), '--shard', `${k}/3`, '--workers', '0'])));
  plain = await build({ outDir: path.join(dir, 'plain') });
  for (const [k, r] of (await made).entries()) assert.equal(r.code, 0, `shard ${k + 1}: ${r.stderr}`);
});
after(async () => { await removeDir(dir); });

describe('sharded builds', { concurrency: true }, () => {
  it('3 shards merged publish byte-identical release and archive, with the same report', async () => {
    assert.equal(plain.code, 0, JSON.stringify(plain.report.errors));
    assert.ok(plain.report.quarantined!.length === 1 && plain.report.warnings.length >= 2, 'the corpus has a page left out');
    const merged = await build({ outDir: path.join(dir, 'merged'), fromShards: shards.map((s) => path.join(dir, s)) });
    assert.equal(merged.code, 0, merged.stderr);
    assert.deepEqual(await hashTree(path.join(dir, 'merged')), await hashTree(path.join(dir, 'plain')));
    for (const key of ['ok', 'exit_code', 'tables', 'checks', 'warnings', 'errors', 'quarantined'] as const) assert.deepEqual(merged.report[key], plain.report[key], key);
    assert.equal(merged.report.release!.path.replace('merged', 'plain'), plain.report.release!.path);
    // Each shard holds its third of the raw files, in order.
    const pages = await Promise.all(shards.map(async (s) => JSON.parse(await readFile(path.join(dir, s, 'shard.json'), 'utf8')).pages.map((p: { name: string }) => p.name)));
    assert.deepEqual(pages.flat(), [...pages.flat()].sort());
    assert.ok(pages.every((p) => p.length > 0));
  });

  it('a page-level check that fails in a shard is run again over every row by the merge: the same errors as without shards', async () => {
    // A check refusing one page; with --strict it fails the build (nothing published, so cheap).
    const checksDir = path.join(dir, 'checks');
    await cp(path.join(REPO, 'src/checks'), checksDir, { recursive: true });
    await writeFile(path.join(checksDir, 'not-page-two.sql'), "-- Page two is refused (a test check).\n-- table: articles\nSELECT article_id, source_id, line_start FROM articles WHERE source_id = 'p0000002' ORDER BY article_id\n");
    // Without the empty page, which --strict refuses before any check.
    const strictData = path.join(dir, 'strict-data');
    await cp(data, strictData, { recursive: true });
    await rm(path.join(strictData, 'raw', 'p0000001a.txt'));
    const options = { dataDir: strictData, checksDir, strict: true };
    const without = await build({ ...options, outDir: path.join(dir, 'strict-plain') });
    // One shard (1/1) is enough to see the merge run every check after a shard's failed; it keeps the test short.
    const shard = await build({ ...options, outDir: path.join(dir, 'strict-s1'), shard: { k: 1, n: 1 } });
    assert.deepEqual([shard.code, shard.report.checks.filter((c) => !c.passed).map((c) => c.name)], [0, ['not-page-two']]);
    const merged = await build({ ...options, outDir: path.join(dir, 'strict-merged'), fromShards: [path.join(dir, 'strict-s1')] });
    assert.equal(without.code, 1);
    assert.deepEqual([...new Set(without.report.errors.map((e: Issue) => e.code))], ['check-failed:not-page-two']);
    for (const key of ['exit_code', 'tables', 'checks', 'warnings', 'errors'] as const) assert.deepEqual(merged.report[key], without.report[key], key);
  });

  it('a shard folder is never written over: shard-exists, exit 2', async () => {
    const r = await build({ outDir: path.join(dir, 's1'), shard: { k: 1, n: 3 } });
    assert.equal(r.code, 2);
    assert.deepEqual(r.report.errors.map((e: Issue) => e.code), ['shard-exists']);
  });

  it('a bad --shard value: invalid-shard, exit 2, no stack', async () => {
    for (const value of ['0/4', '5/4', 'x', '1/0', '1/', '2/3/4', '1.5/3']) {
      let stderr = '';
      const code = await main(['build', '--data', data, '--out', path.join(dir, 'never'), '--shard', value], { stdout: () => {}, stderr: (t) => (stderr += t), env: {} });
      assert.equal(code, 2, value);
      assert.match(stderr, /^error invalid-shard: --shard is not one shard of a set: expected K\/N with whole numbers 1 ≤ K ≤ N, e\.g\. 2\/4, got ".*" \(--shard\)\n$/, value);
    }
  });

  it('usage errors: exit 2 with the usage', async () => {
    for (const args of [['--from-shards'], ['extra'], ['--shard', '1/2', '--from-shards', 'a'], ['--shard', '1/2']]) {
      let stderr = '';
      const code = await main(['build', '--data', data, ...(args[0] === '--shard' && args.length === 2 ? [] : ['--out', path.join(dir, 'never')]), ...args], { stdout: () => {}, stderr: (t) => (stderr += t), env: {} });
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /^error: .*\n\nUsage: tsx src\/cli\.ts build/, args.join(' '));
    }
    let stdout = '';
    assert.equal(await main(['build', '--help'], { stdout: (t) => (stdout += t), stderr: () => {}, env: {} }), 0);
    assert.ok(stdout.includes('--shard K/N') && stdout.includes('--from-shards DIR...'));
  });

  /** A copy of the shard set, broken by `breakSet`, merged: its error codes and fields (exit 1). */
  async function badSet(name: string, breakSet: (dirs: string[]) => Promise<string[] | void>, inspect: (r: { report: BuildReport }) => void = () => {}): Promise<[string, string | null, string | null][]> {
    const root = path.join(dir, name);
    await mkdir(root);
    let dirs = shards.map((s) => path.join(root, s));
    for (const [k, s] of shards.entries()) await cp(path.join(dir, s), dirs[k], { recursive: true });
    dirs = (await breakSet(dirs)) ?? dirs;
    const r = await build({ outDir: path.join(root, 'out'), fromShards: dirs });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.report.release, null);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack');
    inspect(r);
    await rm(root, { recursive: true });
    return r.report.errors.map((e: Issue) => [e.code, e.file === null ? null : path.relative(root, e.file), e.field]);
  }
  const editJson = async (shard: string, edit: (m: Record<string, unknown>) => void) => {
    const file = path.join(shard, 'shard.json');
    const m = JSON.parse(await readFile(file, 'utf8'));
    edit(m);
    await writeFile(file, JSON.stringify(m));
  };

  it('a missing shard: shard-set-incomplete', async () => {
    assert.deepEqual(await badSet('missing', async (d) => [d[0], d[2]]), [['shard-set-incomplete', null, 'shard.k']]);
  });

  it('a set of absurd size: shard-invalid-json past six digits, else shard-set-incomplete with a short list', async () => {
    assert.deepEqual(await badSet('huge-n', async (d) => {
      await editJson(d[0], (m) => { m.shard = { k: 1, n: 1e15 }; });
      return [d[0]];
    }), [['shard-invalid-json', 's1', 'shard']]);
    let message = '';
    assert.deepEqual(await badSet('large-n', async (d) => {
      await editJson(d[0], (m) => { m.shard = { k: 1, n: 999_999 }; });
      return [d[0]];
    }, (r) => { message = r.report.errors[0].message; }), [['shard-set-incomplete', null, 'shard.k']]);
    assert.ok(message.endsWith('no shard 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … (999998 in all) (shard.k)'), message);
  });

  it('a shard folder whose path DuckDB would read as a file pattern: shard-unreadable', async () => {
    assert.deepEqual(await badSet('pattern', async (d) => {
      await cp(d[1], `${d[1]}[x]`, { recursive: true });
      return [d[0], `${d[1]}[x]`, d[2]];
    }), [['shard-unreadable', 's2[x]', null]]);
  });

  it('a shard given twice: shard-duplicate', async () => {
    assert.deepEqual(await badSet('duplicate', async (d) => {
      await cp(d[1], `${d[1]}-again`, { recursive: true });
      return [...d, `${d[1]}-again`];
    }), [['shard-duplicate', 's2-again', 'shard.k']]);
  });

  it('a shard of another N: shard-count-mismatch', async () => {
    assert.deepEqual(await badSet('other-n', (d) => editJson(d[2], (m) => { m.shard = { k: 3, n: 4 }; })), [['shard-count-mismatch', 's3', 'shard.n']]);
  });

  it('a shard of other code or inputs: shard-code-version, shard-inputs-mismatch', async () => {
    assert.deepEqual(await badSet('other-code', async (d) => {
      await editJson(d[0], (m) => { m.code_version = '0'.repeat(64); });
      await editJson(d[1], (m) => { m.inputs_hash = '1'.repeat(64); });
      await editJson(d[2], (m) => { m.options = { strict: true, limits: (m.options as { limits: unknown }).limits }; });
    }), [['shard-code-version', 's1', 'code_version'], ['shard-inputs-mismatch', 's2', 'inputs_hash'], ['shard-options-mismatch', 's3', 'options']]);
  });

  it('a missing or damaged shard.json: shard-missing-file, shard-invalid-json', async () => {
    assert.deepEqual(await badSet('no-json', async (d) => {
      await rm(path.join(d[0], 'shard.json'));
      await writeFile(path.join(d[1], 'shard.json'), '{"format": 1, ');
      await editJson(d[2], (m) => { (m.issues as unknown[]).push({ code: 'x' }); });
    }), [['shard-missing-file', 's1', 'shard.json'], ['shard-invalid-json', 's2', 'shard.json'], ['shard-invalid-json', 's3', 'issues']]);
  });

  it('a missing, corrupt or wrongly shaped Parquet file: shard-missing-file, shard-unreadable, shard-columns-mismatch', async () => {
    assert.deepEqual(await badSet('parquet', async (d) => {
      await rm(path.join(d[0], 'dates.parquet'));
      const file = path.join(d[1], 'articles.parquet');
      const bytes = await readFile(file);
      await writeFile(file, bytes.subarray(0, bytes.length >> 1));
      await cp(path.join(d[2], 'people.parquet'), path.join(d[2], 'places.parquet'));
    }), [['shard-missing-file', 's1', 'dates.parquet']]);
    assert.deepEqual(await badSet('parquet-2', async (d) => {
      const file = path.join(d[1], 'articles.parquet');
      const bytes = await readFile(file);
      await writeFile(file, bytes.subarray(0, bytes.length >> 1));
      await cp(path.join(d[2], 'people.parquet'), path.join(d[2], 'places.parquet'));
    }), [['shard-unreadable', 's2', 'articles.parquet'], ['shard-columns-mismatch', 's3', 'places.parquet']]);
  });

  it('a shard whose pages or rows are not its own: shard-pages-mismatch, shard-row-count', async () => {
    assert.deepEqual(await badSet('pages', async (d) => {
      await editJson(d[0], (m) => { (m.pages as { sha256: string }[])[0].sha256 = 'f'.repeat(64); });
      await editJson(d[1], (m) => { (m.pages as unknown[]).pop(); });
    }), [['shard-pages-mismatch', 's1', 'pages'], ['shard-pages-mismatch', 's2', 'pages']]);
    assert.deepEqual(await badSet('rows', async (d) => {
      await editJson(d[2], (m) => { (m.tables as Record<string, number>).articles += 1; });
      // Rows of the right columns and types that their schema refuses: a role outside its enum.
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      const file = path.join(d[0], 'contributors.parquet');
      await connection.run(`COPY (SELECT * REPLACE ('editor' AS role) FROM read_parquet('${file}')) TO '${file}.new' (FORMAT parquet)`);
      connection.closeSync();
      instance.closeSync();
      await rename(`${file}.new`, file);
    }), [['shard-invalid-rows', 's1', 'contributors.parquet'], ['shard-row-count', 's3', 'articles.parquet']]);
  });
});
