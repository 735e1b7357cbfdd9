/** The seed pages built into a temporary folder (never the repo's dist/); the external programs tests drive are in tools.ts. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { setTimeout } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { build, type BuildReport } from '../../src/build.ts';
import { hashTree, removeDir, REPO, tempDir } from './fixtures.ts';

export interface SeedRelease {
  /** The temporary folder holding everything; remove it with removeDir. */
  dir: string;
  /** `<dir>/dist/<version>`. */
  release: string;
  report: BuildReport;
}

/** Builds the repo's data folder (read only) into `<temp>/dist`. */
export async function buildSeedRelease(prefix: string): Promise<SeedRelease> {
  const dir = await tempDir(prefix);
  const report = await build({ dataDir: path.join(REPO, 'data'), outDir: path.join(dir, 'dist') }, { log: () => {}, env: {} });
  if (!report.release) throw new Error(`seed build failed: ${JSON.stringify(report.errors)}`);
  return { dir, release: report.release.path, report };
}

const SHARED_PREFIX = 'jiaozuo-test-seed-shared-';

/** The start time of process `pid` (clock ticks since boot, /proc/PID/stat), or null where there is no /proc or no such process. */
function startTime(pid: number): string | null {
  try {
    // Field 22; the command name (field 2, in parentheses) may hold spaces, so count from its end.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** A hash of everything a shared build reads or runs: the sources, schemas, data folder, package files, the test helpers and Node's version. */
async function sharedInputsKey(): Promise<string> {
  const hash = createHash('sha256').update(`${process.version}\0`);
  for (const dir of ['src', 'schema', 'data', 'test/helpers']) {
    for (const [file, sha] of Object.entries(await hashTree(path.join(REPO, dir)))) hash.update(`${dir}/${file}\0${sha}\0`);
  }
  for (const file of ['package.json', 'package-lock.json']) hash.update(`${file}\0`).update(await readFile(path.join(REPO, file))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** The report of a complete shared release, or null while there is none. */
async function readReport(file: string): Promise<BuildReport | null> {
  return readFile(file, 'utf8').then((t) => JSON.parse(t) as BuildReport, () => null);
}

/** Removes the shared seed releases of test runs that have ended (their runner is gone). */
async function removeEndedRuns(): Promise<void> {
  for (const name of await readdir(os.tmpdir()).catch(() => [] as string[])) {
    const m = new RegExp(`^${SHARED_PREFIX}(\\d+)-(\\d+)-`).exec(name);
    if (m && startTime(Number(m[1])) !== m[2]) await removeDir(path.join(os.tmpdir(), name));
  }
}

/**
 * A release built once per test run and shared by the test files that only read it. The first
 * file to ask builds it with `make` into the temporary folder, under a name made of the run (the
 * test runner's pid and start time: every file of `node --test` is its child), `name` and a hash
 * of every input of the build; the others find it there, or wait for it while it is being built. Each caller gets its own empty scratch folder `prefix` as `dir`
 * (remove it with removeDir; the shared release stays for the run's other files, and the next run
 * removes it). Every file of the shared releases folder is checked against the hashes it was built
 * with each time it is handed out, so a test that wrote into it fails the next one to use it: copy
 * it to change it. Without /proc (no way to name the run), it is `make` itself.
 */
export async function sharedRelease(name: string, prefix: string, make: (prefix: string) => Promise<SeedRelease>): Promise<SeedRelease> {
  const runStart = startTime(process.ppid);
  if (runStart === null) return make(prefix);
  const shared = path.join(os.tmpdir(), `${SHARED_PREFIX}${process.ppid}-${runStart}-${name}-${await sharedInputsKey()}`);
  const reportFile = path.join(shared, 'report.json');
  let report = await readReport(reportFile);
  // One file builds; the others that ask meanwhile wait for it (while it runs, ten minutes at most), then build their own only if it left no release.
  const building = `${shared}.building`;
  const mine = !report && (await mkdir(building).then(() => true, () => false));
  if (mine) await writeFile(path.join(building, 'pid'), String(process.pid));
  for (const end = Date.now() + 600_000; !report && !mine && existsSync(building) && Date.now() < end;) {
    const holder = Number(await readFile(path.join(building, 'pid'), 'utf8').catch(() => '0'));
    if (holder !== 0 && startTime(holder) === null) break;
    await setTimeout(100);
    report = await readReport(reportFile);
  }
  report ??= await readReport(reportFile);
  if (!report) {
    try {
      await removeEndedRuns();
      const own = await make(`${name}-shared`);
      const ownDist = path.dirname(own.release);
      const at = (p: string) => path.join(shared, path.relative(own.dir, p));
      report = { ...own.report, release: { ...own.report.release!, path: at(own.report.release!.path), archive: at(own.report.release!.archive) } };
      await writeFile(path.join(own.dir, 'hashes.json'), JSON.stringify(await hashTree(ownDist)));
      await writeFile(path.join(own.dir, 'report.json'), JSON.stringify(report));
      // Written last, report.json says the folder is complete. A rename onto a folder another file made first fails.
      await rename(own.dir, shared).catch(() => removeDir(own.dir));
    } finally {
      if (mine) await removeDir(building);
    }
  }
  const dist = path.dirname(report.release!.path);
  const built = JSON.parse(await readFile(path.join(shared, 'hashes.json'), 'utf8')) as Record<string, string>;
  const now = await hashTree(dist);
  const changed = [...new Set([...Object.keys(built), ...Object.keys(now)])].filter((f) => built[f] !== now[f]);
  if (changed.length) throw new Error(`the shared release in ${dist} was changed by a test, which must only read it: ${changed.join(', ')}`);
  return { dir: await tempDir(prefix), release: report.release!.path, report };
}

/** buildSeedRelease's release, built once per test run and shared (sharedRelease): for test files that only read it. */
export function sharedSeedRelease(prefix: string): Promise<SeedRelease> {
  return sharedRelease('seed', prefix, buildSeedRelease);
}

