import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUILD_USAGE, main, USAGE, VERIFY_USAGE } from '../src/cli.ts';
import { copyData, hashTree, removeDir, REPO, runCli } from './helpers/fixtures.ts';
import { sharedSeedRelease } from './helpers/seed-release.ts';

/** Runs main() in-process, capturing output, with this process's environment as runCli gives a child (no SOURCE_DATE_EPOCH). */
async function runInProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.SOURCE_DATE_EPOCH;
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
  return { code, stdout, stderr };
}

/** Runs main() in-process, capturing output. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, stdout, stderr };
}

describe('usage', () => {
  it('--help and build --help print usage and exit 0', async () => {
    assert.deepEqual(await run(['--help']), { code: 0, stdout: USAGE, stderr: '' });
    assert.deepEqual(await run(['build', '--help']), { code: 0, stdout: BUILD_USAGE, stderr: '' });
    assert.deepEqual(await run(['verify', '--help']), { code: 0, stdout: VERIFY_USAGE, stderr: '' });
  });

  it('no command prints usage and exits 2', async () => {
    assert.deepEqual(await run([]), { code: 2, stdout: '', stderr: USAGE });
  });

  it('an unknown command exits 2 and says what is expected', async () => {
    const r = await run(['publish']);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.startsWith('error: unknown command: expected build or verify, got "publish"\n'), r.stderr);
  });

  it('an unknown flag exits 2 and shows the build usage', async () => {
    const r = await run(['build', '--bogus']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: Unknown option '--bogus'/);
    assert.ok(r.stderr.endsWith(BUILD_USAGE));
  });

  it('a missing data folder exits 2, naming it', async () => {
    const r = await run(['build', '--data', 'no-such-folder', '--out', 'never-written']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'error missing-data-folder: data folder not found: expected a folder with raw/*.txt, manifest.csv and dataset.json, got "no-such-folder"\n');
  });

  it('exits 2 as a process too', async () => {
    const r = await runCli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command/);
  });

  it('verify without a PATH, or with nothing there, exits 2 and says what is expected', async () => {
    const none = await run(['verify']);
    assert.equal(none.code, 2);
    assert.ok(none.stderr.startsWith('error: verify takes one PATH: expected a release folder or archive, got none\n'), none.stderr);
    assert.ok(none.stderr.endsWith(VERIFY_USAGE));
    assert.deepEqual(await run(['verify', 'no-such-release']), {
      code: 2,
      stdout: '',
      stderr: 'error missing-path: nothing to verify: expected a release folder or a .zip release archive, got "no-such-release"\n',
    });
    const json = await run(['verify', 'no-such-release', '--json']);
    assert.equal(json.code, 2);
    assert.deepEqual(JSON.parse(json.stdout).errors.map((e: { code: string }) => e.code), ['missing-path']);
  });

  it('README documents every command and option, and starts with the two fresh-machine commands', async () => {
    const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
    for (const flag of [...BUILD_USAGE.match(/--[a-z]+/g) ?? [], ...VERIFY_USAGE.match(/--[a-z]+/g) ?? []]) assert.ok(readme.includes(`\`${flag}`), `README lacks ${flag}`);
    for (const command of USAGE.match(/^  ([a-z]+) {2,}/gm) ?? []) assert.ok(readme.includes(`npx tsx src/cli.ts ${command.trim()}`), `README lacks the ${command.trim()} command`);
    const first = /```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.equal(first, 'npm ci && npm run build\nnpm test\n');
    assert.match(await readFile(path.join(REPO, '.ci/run'), 'utf8'), /^npm ci\nnpm test\n/m);
  });
});

/**
 * The --json build and verify run as child processes, so that their stdout is shown to hold the
 * report alone; the other builds run main() in-process (what they check is the exit code and the
 * messages, not the process). The releases folder they build into starts as a copy of the seed
 * release the run's test files share (sharedSeedRelease), so the --json build of the same data
 * folder finds its version already there.
 */
describe('build and verify via the CLI', () => {
  let dir: string;
  let out: string;
  let before_: Record<string, string>;
  const version = JSON.parse(readFileSync(path.join(REPO, 'data/dataset.json'), 'utf8')).version;

  before(async () => {
    const seed = await sharedSeedRelease('cli');
    dir = seed.dir;
    out = path.join(dir, 'release');
    await cp(path.dirname(seed.release), out, { recursive: true });
    before_ = await hashTree(out);
  });
  after(async () => { await removeDir(dir); });

  it('--json prints one report on stdout; progress goes to stderr', async () => {
    // The repo's data folder, read only, as the seed release was built from it.
    const r = await runCli(['build', '--data', path.join(REPO, 'data'), '--out', out, '--json']);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(report), ['ok', 'exit_code', 'tables', 'checks', 'warnings', 'errors', 'release', 'timings', 'pages', 'memory', 'quarantined', 'recovered']);
    assert.deepEqual(report.recovered, [], 'nothing to recover');
    assert.deepEqual(Object.keys(report.timings.stages), ['decode', 'layout', 'extract', 'validate', 'load', 'check', 'write']);
    assert.equal(report.pages.made + report.pages.cached, report.tables.sources);
    assert.equal(report.pages.checked, report.tables.sources);
    assert.deepEqual(Object.keys(report.memory), ['pages', 'check', 'write', 'write.tables', 'write.workbook', 'write.read_back', 'write.spreadsheet_CSV', 'write.docs', 'write.release_page', 'write.archive', 'write.workbook_read_back']);
    for (const m of Object.values(report.memory) as { rss_mb: number; js_heap_mb: number }[]) assert.ok(m.rss_mb > m.js_heap_mb && m.js_heap_mb > 0, JSON.stringify(m));
    assert.deepEqual(Object.keys(report.timings.cpu), Object.keys(report.memory), 'CPU seconds for every phase the memory is sampled in');
    for (const [phase, seconds] of Object.entries(report.timings.cpu) as [string, number][]) assert.ok(seconds >= 0 && seconds < 600, `${phase}: ${seconds}`);
    assert.ok(report.timings.cpu.pages > 0 && report.timings.cpu['write.workbook'] > 0, JSON.stringify(report.timings.cpu));
    assert.ok(Object.keys(report.timings.wall).includes('write.archive'));
    assert.equal(report.ok, true);
    assert.equal(report.exit_code, 0);
    assert.deepEqual(report.warnings, []);
    assert.ok(report.checks.every((c: { passed: boolean }) => c.passed));
    assert.deepEqual(Object.keys(report.checks[0]), ['name', 'description', 'passed', 'violations']);
    assert.equal(report.release.path, path.join(out, version));
    assert.equal(report.release.status, 'unchanged', 'the same version again, byte-identical: left untouched');
    assert.match(r.stderr, /^build: 2 raw pages/);
    assert.deepEqual(await hashTree(out), before_);
  });

  it('verify: exit 0 on the fresh release archive, with a JSON report on stdout and the summary on stderr', async () => {
    const zip = (await readdir(out)).find((f) => f.endsWith('.zip'))!;
    const r = await runCli(['verify', path.join(out, zip), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(report), ['ok', 'exit_code', 'path', 'version', 'files', 'resources', 'rows', 'errors', 'warnings']);
    assert.deepEqual([report.ok, report.exit_code, report.version, report.errors], [true, 0, version, []]);
    assert.ok(report.files > 0 && report.resources > 0 && report.rows.articles > 0);
  });

  /** Breaks a copy of the data, builds into the same release folder and expects exit 1 with nothing changed. */
  async function failingBuild(name: string, breakData: (data: string) => Promise<void>, flags: string[] = []): Promise<string> {
    const caseDir = path.join(dir, name);
    const data = await copyData(caseDir);
    await breakData(data);
    const r = await runInProcess(['build', '--data', data, '--out', out, ...flags]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /build failed: nothing published, the previous release is untouched\n$/);
    assert.deepEqual(await hashTree(out), before_, 'the previous release changed');
    assert.deepEqual((await readdir(dir)).filter((f) => /\.(tmp|old)-/.test(f)), [], 'a temporary folder was left');
    return r.stderr;
  }

  it('a malformed manifest date: exit 1, naming manifest.csv, line and field', async () => {
    const stderr = await failingBuild('bad-date', async (data) => {
      const file = path.join(data, 'manifest.csv');
      await writeFile(file, (await readFile(file, 'utf8')).replace(',2022-01-27,', ',2022-02-30,'));
    });
    assert.match(stderr, /error manifest-invalid-date: not a valid date: expected a calendar date YYYY-MM-DD, got "2022-02-30" \(manifest\.csv:2, issue_date\)\n/);
  });

  it('an empty raw file with --strict: exit 1, naming the file', async () => {
    const stderr = await failingBuild('empty', (data) => writeFile(path.join(data, 'raw/003_empty.txt'), ''), ['--strict']);
    assert.match(stderr, /error empty-file: raw page is empty: expected the text of a newspaper page, got 0 bytes \(raw\/003_empty\.txt\)\n/);
  });

  it('a binary file with --strict: exit 1, naming the file', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const stderr = await failingBuild('binary', (data) => writeFile(path.join(data, 'raw/004_scan.txt'), png), ['--strict']);
    assert.match(stderr, /error binary-file: raw page is not text: expected UTF-8, UTF-16 or GB18030 text, got a NUL byte at byte offset 8 \(raw\/004_scan\.txt\)\n/);
  });

  it('a page without manifest entry still builds, with a warning', async () => {
    const caseDir = path.join(dir, 'unlisted');
    const data = await copyData(caseDir);
    await writeFile(path.join(data, 'raw/005_unlisted.txt'), await readFile(path.join(data, 'raw/000_0f81d0fce9b36645.txt')));
    const r = await runInProcess(['build', '--data', data, '--out', path.join(caseDir, 'release'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.warnings.map((w: { code: string; file: string }) => [w.code, w.file]), [['missing-manifest-entry', 'raw/005_unlisted.txt']]);
    const sources = await readFile(path.join(caseDir, 'release', version, 'csv/sources.csv'), 'utf8');
    assert.match(sources, /^005_unlisted,raw\/005_unlisted\.txt,[0-9a-f]{64},9179,utf-8,,,,,unknown,,,\d+,\w+,\w+,false,false,,,,$/m);
  });
});
