/**
 * The external programs some tests drive (Chromium, LibreOffice, python3 with pandas, R), found
 * when this module is first imported: each probe starts the program, so only the test files that
 * use one import it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

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
