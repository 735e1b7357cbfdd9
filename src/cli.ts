/**
 * Command line: `tsx src/cli.ts build [--data DIR] [--out DIR] [--created ISO] [--json]` and
 * `tsx src/cli.ts verify PATH [--json]`. Logs go to stderr; `--json` puts one report on stdout.
 * Exit codes: 0 success, 1 invalid (data, version or release; nothing published), 2 usage or
 * configuration error.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type BuildReport } from './build.ts';
import { BuildError, formatIssue, type Issue } from './issues.ts';
import { verify, type VerifyReport } from './release/verify.ts';

export const USAGE = `Usage: tsx src/cli.ts <command> [options]

Commands:
  build    Build the release (CSV + Parquet Data Package) from the data folder
  verify   Check a release folder or archive: hashes, profile, rows, keys

Options:
  -h, --help   Show help; \`tsx src/cli.ts <command> --help\` shows a command's options
`;

export const BUILD_USAGE = `Usage: tsx src/cli.ts build [--data DIR] [--out DIR] [--created ISO] [--json]

Reads DIR/raw/*.txt, DIR/manifest.csv and DIR/dataset.json, recovers the articles, validates every
row, checks consistency in DuckDB and, only if all passes, writes release <version> (dataset.json's
version) to OUT/<version>/ with its archive beside it, and points OUT/latest.json at the newest.
Releases are immutable: an existing version is rebuilt only if every byte is the same.

Options:
  --data DIR     Data folder (default: data)
  --out DIR      Releases folder (default: dist; the default also writes ./datapackage.json and
                 ./CHANGELOG.md for the newest release)
  --created ISO  The release's created timestamp (default: $SOURCE_DATE_EPOCH, else dataset.json)
  --json         Print the build report as JSON on stdout
  -h, --help     Show this help

Exit codes: 0 built, or the version already exists with identical bytes (warnings allowed);
1 the data failed validation or a check, or the version is too low for the changes
(version-too-low) or already released with other bytes (release-exists): nothing published,
earlier releases untouched; 2 usage or configuration error (another build holds OUT/.lock too).
`;

export const VERIFY_USAGE = `Usage: tsx src/cli.ts verify PATH [--json]

Checks a release received from anywhere, from its own files: PATH is a release folder (such as
dist/0.1.0), a releases folder with latest.json (its newest release), or a .zip release archive.
Every resource file's bytes and hash against datapackage.json, every file against SHA256SUMS, the
descriptor against the Data Package 2.0 profile, every CSV row against its Table Schema, primary
and foreign keys (DuckDB), and the Parquet files against the CSV files.

Options:
  --json         Print the verify report as JSON on stdout
  -h, --help     Show this help

Exit codes: 0 valid, 1 invalid (the report lists each problem with its code and location),
2 usage error (no PATH, nothing at PATH).
`;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

class UsageError extends Error {}

/** The build report for humans (stderr). */
export function buildSummary(r: BuildReport): string {
  const out: string[] = [];
  out.push(`tables: ${Object.entries(r.tables).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  if (r.checks.length) out.push(`checks: ${r.checks.filter((c) => c.passed).length} of ${r.checks.length} passed`);
  const list = (title: string, issues: Issue[]) => {
    if (issues.length) out.push(`${title} (${issues.length}):`, ...issues.map((i) => '  ' + formatIssue(i)));
  };
  list('warnings', r.warnings);
  list('errors', r.errors);
  const rel = r.release;
  if (rel?.status === 'unchanged') out.push(`release ${rel.version} already exists with identical bytes: ${rel.path} left untouched`);
  else if (rel) out.push(`built ${rel.path} (${rel.files.length} files) and ${rel.archive}`);
  else out.push('build failed: nothing published, the previous release is untouched');
  return out.join('\n') + '\n';
}

async function runBuild(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        out: { type: 'string' },
        created: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${BUILD_USAGE}`);
  }
  if (values.help) { io.stdout(BUILD_USAGE); return 0; }
  const outDir = values.out ?? 'dist';
  try {
    const report = await build(
      {
        dataDir: values.data ?? 'data',
        outDir,
        created: values.created ?? null,
        // The repo-root descriptor describes the committed release in dist/; only for the default output.
        rootDescriptor: values.out === undefined ? 'datapackage.json' : null,
        rootChangelog: values.out === undefined ? 'CHANGELOG.md' : null,
      },
      { log: (line) => io.stderr(line + '\n'), env: io.env },
    );
    if (values.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
    else io.stderr(buildSummary(report));
    return report.exit_code;
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    if (values.json) {
      const report: BuildReport = { ok: false, exit_code: 2, tables: {}, checks: [], warnings: [], errors: e.issues, release: null };
      io.stdout(JSON.stringify(report, null, 2) + '\n');
    }
    io.stderr(e.issues.map((i) => formatIssue(i)).join('\n') + '\n');
    return 2;
  }
}

/** The verify report for humans (stderr). */
export function verifySummary(r: VerifyReport): string {
  const out: string[] = [];
  const list = (title: string, issues: Issue[]) => {
    if (issues.length) out.push(`${title} (${issues.length}):`, ...issues.map((i) => '  ' + formatIssue(i)));
  };
  list('warnings', r.warnings);
  list('errors', r.errors);
  const rows = Object.values(r.rows).reduce((a, b) => a + b, 0);
  out.push(r.ok ? `valid: ${r.path} (version ${r.version}, ${r.files} files, ${r.resources} resources, ${rows} CSV rows)` : `invalid: ${r.path} (${r.errors.length} problems)`);
  return out.join('\n') + '\n';
}

async function runVerify(args: string[], io: CliIo): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${VERIFY_USAGE}`);
  }
  if (values.help) { io.stdout(VERIFY_USAGE); return 0; }
  if (positionals.length !== 1) throw new UsageError(`verify takes one PATH: expected a release folder or archive, got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')}\n\n${VERIFY_USAGE}`);
  try {
    const report = await verify(positionals[0]);
    if (values.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
    else io.stderr(verifySummary(report));
    return report.exit_code;
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    if (values.json) {
      const report = { ok: false, exit_code: 2, path: positionals[0], version: null, files: 0, resources: 0, rows: {}, errors: e.issues, warnings: [] };
      io.stdout(JSON.stringify(report, null, 2) + '\n');
    }
    io.stderr(e.issues.map((i) => formatIssue(i)).join('\n') + '\n');
    return 2;
  }
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? io.stderr : io.stdout)(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === 'build') return await runBuild(rest, io);
    if (command === 'verify') return await runVerify(rest, io);
    throw new UsageError(`unknown command: expected build or verify, got ${JSON.stringify(command)}\n\n${USAGE}`);
  } catch (e) {
    if (e instanceof UsageError) { io.stderr(`error: ${e.message}`); return 2; }
    throw e;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env };
  main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (e) => { process.stderr.write(`internal error: ${(e as Error).stack ?? e}\n`); process.exitCode = 2; },
  );
}
