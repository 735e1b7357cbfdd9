import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from '../src/build.ts';
import type { RecoveredPage } from '../src/recover/index.ts';
import { copyData, hashTree, PAGE, removeDir, tempDir } from './helpers/fixtures.ts';

const quiet = { log: () => {}, env: {} };

/** Recovery stand-ins: whatever the page, return the synthetic page, altered. */
const recoverAs = (alter: (p: RecoveredPage) => RecoveredPage) => (text: string) => {
  const lineCount = text.replace(/(\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/).length;
  return alter({ ...structuredClone(PAGE), lineCount });
};

describe('build', () => {
  let dir: string;
  let data: string;
  let out: string;
  let previous: Record<string, string>;

  before(async () => {
    dir = await tempDir('build');
    data = await copyData(dir);
    out = path.join(dir, 'out');
    await mkdir(out);
    await writeFile(path.join(out, 'previous.txt'), 'the previous release');
    previous = await hashTree(out);
  });
  after(async () => { await removeDir(dir); });

  async function assertUntouched() {
    assert.deepEqual(await hashTree(out), previous);
    assert.deepEqual((await readdir(dir)).sort(), ['data', 'out']);
  }

  it('with --strict, a row that violates its schema fails validation before anything is written', async () => {
    const report = await build({ dataDir: data, outDir: out, recover: recoverAs((p) => { p.articles[0].contributors[0].role = 'editor' as never; return p; }), strict: true }, quiet);
    assert.equal(report.exit_code, 1);
    assert.deepEqual(report.checks, [], 'checks do not run on invalid rows');
    assert.deepEqual(report.errors.map((e) => [e.code, e.file, e.line, e.table, e.field]), [
      ['row-enum', 'raw/000_0f81d0fce9b36645.txt', 1, 'contributors', 'role'],
      ['row-enum', 'raw/002_ecc4107209b7bf27.txt', 1, 'contributors', 'role'],
    ]);
    assert.equal(report.errors[0].message, 'contributors.role is not an allowed value: expected one of "reporter", "correspondent", "intern", "photographer", "other", got "editor" (raw/000_0f81d0fce9b36645.txt:1, role)');
    await assertUntouched();
  });

  it('with --strict, a failing consistency check fails the build and lists the violating rows', async () => {
    const report = await build({ dataDir: data, outDir: out, recover: recoverAs((p) => { p.articles[1].lineStart = 4; p.articles[1].pieces[0].lineStart = 4; return p; }), strict: true }, quiet);
    assert.equal(report.exit_code, 1);
    const failed = report.checks.filter((c) => !c.passed).map((c) => c.name);
    assert.ok(failed.includes('articles-do-not-overlap'), failed.join());
    assert.ok(report.errors.some((e) => e.code === 'check-failed:articles-do-not-overlap' && e.file === 'raw/000_0f81d0fce9b36645.txt' && e.line === 1));
    await assertUntouched();
  });

  it('with --strict, a recovery crash is an issue naming the page, not a crash of the build', async () => {
    const report = await build({ dataDir: data, outDir: out, recover: () => { throw new Error('no columns found'); }, strict: true }, quiet);
    assert.equal(report.exit_code, 1);
    assert.equal(report.errors[0].message, 'page recovery failed: expected recovered articles, got no columns found (raw/000_0f81d0fce9b36645.txt)');
    await assertUntouched();
  });
});
