/** The seed pages built into a temporary folder (never the repo's dist/), and the external tools tests drive. */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { build, type BuildReport } from '../../src/build.ts';
import { REPO, tempDir } from './fixtures.ts';

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

/** True when CI is set: a tool .ci/run installs must then be there, and its tests may not skip. */
export const IN_CI = ((ci) => ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0')(process.env.CI);

/** The first of `candidates` that runs (`args` exit 0), or null. */
export function findTool(candidates: readonly string[], args: readonly string[]): string | null {
  for (const c of candidates) {
    if (c.includes('/')) {
      try { accessSync(c, constants.X_OK); } catch { continue; }
    }
    const r = spawnSync(c, args, { stdio: 'ignore', timeout: 60_000 });
    if (r.status === 0) return c;
  }
  return null;
}

/**
 * A test's skip option for a missing tool: a message when the tool is missing on a developer
 * machine, false when it is there. Under CI a missing tool throws, so the suite fails rather than
 * silently skipping what .ci/run is meant to install.
 */
export function skipUnless(tool: string | null, what: string, install: string): string | false {
  if (tool) return false;
  const message = `${what} is not installed (${install}); skipped`;
  if (IN_CI) throw new Error(`${what} is missing under CI: .ci/run must install it (${install})`);
  return message;
}

/** Debian's chromium, as .ci/run installs it. */
export const CHROMIUM = findTool(['/usr/bin/chromium'], ['--version']);
/** LibreOffice (Debian's libreoffice-calc-nogui). */
export const SOFFICE = findTool(['soffice', 'libreoffice'], ['--version']);
/** A python3 that has pandas (Debian's python3-pandas lives in the system python, which may not be first on PATH). */
export const PYTHON_PANDAS = findTool(['python3', '/usr/bin/python3'], ['-c', 'import pandas']);
/** Rscript (Debian's r-base-core). */
export const RSCRIPT = findTool(['Rscript'], ['--version']);

/** Runs a program and returns stdout; throws with stderr on failure. */
export function run(program: string, args: readonly string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): string {
  try {
    return execFileSync(program, args, { encoding: 'utf8', cwd: options.cwd, input: options.input, env: options.env ?? process.env, timeout: 180_000, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${program} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}
