/**
 * .github/workflows/release.yml as it is written: its run: steps after the install-and-test step
 * (.ci/run, which is this suite) run in order, each as GitHub runs it (bash -eo pipefail, values
 * passed through $GITHUB_ENV), on a fresh clone of this repository's committed HEAD, with the
 * tag of the version in data/dataset.json. The build report must parse as JSON and the release
 * must verify, so the workflow cannot rot unnoticed. Steps that publish (uses:) are GitHub's own.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { main } from '../src/cli.ts';
import { removeDir, REPO, tempDir } from './helpers/fixtures.ts';
import { syntheticData } from './helpers/release.ts';

interface Step { name?: string; uses?: string; run?: string; id?: string }

const WORKFLOW = path.join(REPO, '.github/workflows/release.yml');

async function workflowSteps(): Promise<Step[]> {
  const doc = parseYaml(await readFile(WORKFLOW, 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  const jobs = Object.values(doc.jobs);
  assert.equal(jobs.length, 1, 'one job');
  return jobs[0].steps;
}

/** `KEY=value` lines a step appended to $GITHUB_ENV (the multi-line form is not used by release.yml). */
function parseGithubEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n').filter(Boolean)) {
    const eq = line.indexOf('=');
    assert.ok(eq > 0 && !line.includes('<<'), `$GITHUB_ENV line is not KEY=value: ${line}`);
    env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

describe('release.yml', () => {
  it('installs from .ci/packages.txt through .ci/run, the one list, and tests with it', async () => {
    const steps = await workflowSteps();
    const install = steps.findIndex((s) => s.run?.trim() === '.ci/run');
    assert.ok(install > 0, 'a step runs .ci/run');
    assert.ok(steps.slice(0, install).every((s) => s.uses), 'nothing but checkout before it');
    const ci = await readFile(path.join(REPO, '.ci/run'), 'utf8');
    assert.match(ci, /\.ci\/packages\.txt/);
    assert.match(ci, /^npm ci\nnpm test\n/m);
    const packages = (await readFile(path.join(REPO, '.ci/packages.txt'), 'utf8')).split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    assert.deepEqual(packages, ['chromium', 'libreoffice-calc-nogui', 'python3-pandas', 'r-base-core', 'fonts-wqy-microhei']);
  });

  describe('its build and verify steps, run as a script on a fresh clone', () => {
    let dir: string;
    let clone: string;
    const ran: { name: string; status: number | null; stderr: string }[] = [];

    before(async () => {
      dir = await tempDir('workflow');
      clone = path.join(dir, 'repo');
      const git = spawnSync('git', ['clone', '--quiet', REPO, clone], { encoding: 'utf8' });
      assert.equal(git.status, 0, git.stderr);
      // The packages as npm ci would install them, without the minutes it takes.
      await symlink(path.join(REPO, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
      const steps = await workflowSteps();
      const install = steps.findIndex((s) => s.run?.trim() === '.ci/run');
      const version = JSON.parse(await readFile(path.join(clone, 'data/dataset.json'), 'utf8')).version;
      const githubEnv = path.join(dir, 'github-env');
      const env: NodeJS.ProcessEnv = {
        ...process.env, CI: 'true', GITHUB_REF_NAME: `v${version}`, GITHUB_WORKSPACE: clone, GITHUB_ENV: githubEnv, GITHUB_OUTPUT: path.join(dir, 'github-output'),
      };
      delete env.SOURCE_DATE_EPOCH;
      for (const step of steps.slice(install + 1)) {
        if (step.run === undefined) continue;
        assert.doesNotMatch(step.run, /\$\{\{/, `step "${step.name}" uses a \${{ }} expression; pass the value through $GITHUB_ENV`);
        await writeFile(githubEnv, '');
        const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd: clone, env, encoding: 'utf8', timeout: 300_000 });
        ran.push({ name: step.name ?? step.run, status: r.status, stderr: r.stderr });
        if (r.status !== 0) break;
        Object.assign(env, parseGithubEnv(await readFile(githubEnv, 'utf8')));
      }
    });
    after(async () => { await removeDir(dir); });

    it('every step exits 0: build, the rebuild equals the committed release, verify the folder and the archive', () => {
      assert.deepEqual(ran.map((r) => [r.name, r.status]), [
        ['The tag names the version in data/dataset.json', 0],
        ['Build', 0],
        ['The rebuild equals the committed release', 0],
        ['Verify the release folder and its archive', 0],
      ], ran.map((r) => `${r.name}:\n${r.stderr}`).join('\n'));
    });

    it('the build report and the verify report are pure JSON and say ok', async () => {
      const build = JSON.parse(await readFile(path.join(clone, 'build-report.json'), 'utf8'));
      assert.deepEqual([build.ok, build.exit_code, build.release.status], [true, 0, 'unchanged']);
      const verify = JSON.parse(await readFile(path.join(clone, 'verify-report.json'), 'utf8'));
      assert.deepEqual([verify.ok, verify.exit_code, verify.errors], [true, 0, []]);
      assert.ok(!existsSync(path.join(clone, 'dist', '.lock')));
    });
  });
});

/** The CLI's main() in this process, its stdout and stderr kept apart (spawning one costs more than the build). */
async function runMain(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: {} });
  return { code, stdout, stderr };
}

describe('build --json', () => {
  let dir: string;
  before(async () => { dir = await tempDir('json-fail'); });
  after(async () => { await removeDir(dir); });

  it('a failed build prints its reasons on stderr as lines, and stdout stays one JSON report', async () => {
    // One synthetic page: the manifest's error is what fails the build, whatever the pages.
    const data = await syntheticData(dir, '0.1.0');
    const manifest = path.join(data, 'manifest.csv');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace(',2022-01-27,', ',2022-02-30,'));
    const r = await runMain(['build', '--data', data, '--out', path.join(dir, 'release'), '--json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual([report.ok, report.errors.map((e: { code: string }) => e.code)], [false, ['manifest-invalid-date']]);
    assert.match(r.stderr, /^ {2}error manifest-invalid-date: not a valid date: expected a calendar date YYYY-MM-DD, got "2022-02-30" \(manifest\.csv:2, issue_date\)$/m);
    assert.match(r.stderr, /build failed: nothing published, the previous release is untouched\n$/);
  });

  it('a build that cannot start (exit 2) prints its reason on stderr too', async () => {
    const r = await runMain(['build', '--data', path.join(dir, 'no-such-folder'), '--out', path.join(dir, 'release'), '--json']);
    assert.equal(r.code, 2);
    assert.equal(JSON.parse(r.stdout).errors[0].code, 'missing-data-folder');
    assert.match(r.stderr, /^error missing-data-folder: /m);
  });
});
