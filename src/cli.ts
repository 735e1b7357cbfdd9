/**
 * Command line: `tsx src/cli.ts build [--data DIR] [--out DIR] [--created ISO] [--json]`.
 * Logs go to stderr; `--json` puts one report on stdout. Exit codes: 0 built, 1 the data failed
 * validation or a check (nothing published), 2 usage or configuration error.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type BuildReport } from './build.ts';
import { BuildError, formatIssue, type Issue } from './issues.ts';

export const USAGE = `Usage: tsx src/cli.ts <command> [options]

Commands:
  build    Build the release (CSV + Parquet Data Package) from the data folder

Options:
  -h, --help   Show help; \`tsx src/cli.ts build --help\` shows the build options
`;

export const BUILD_USAGE = `Usage: tsx src/cli.ts build [--data DIR] [--out DIR] [--created ISO] [--json]

Reads DIR/raw/*.txt, DIR/manifest.csv and DIR/dataset.json, recovers the articles, validates every
row, checks consistency in DuckDB and, only if all passes, replaces the release folder atomically.

Options:
  --data DIR     Data folder (default: data)
  --out DIR      Release folder (default: dist; the default also writes ./datapackage.json)
  --created ISO  The release's created timestamp (default: $SOURCE_DATE_EPOCH, else dataset.json)
  --json         Print the build report as JSON on stdout
  -h, --help     Show this help

Exit codes: 0 built (warnings allowed), 1 data failed validation or a check (nothing published,
the previous release untouched), 2 usage or configuration error.
`;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

class UsageError extends Error {}

function summary(r: BuildReport): string {
  const out: string[] = [];
  out.push(`tables: ${Object.entries(r.tables).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  if (r.checks.length) out.push(`checks: ${r.checks.filter((c) => c.passed).length} of ${r.checks.length} passed`);
  const list = (title: string, issues: Issue[]) => {
    if (issues.length) out.push(`${title} (${issues.length}):`, ...issues.map((i) => '  ' + formatIssue(i)));
  };
  list('warnings', r.warnings);
  list('errors', r.errors);
  out.push(r.ok ? `built ${r.release?.path} (${r.release?.files.length} files)` : 'build failed: nothing published, the previous release is untouched');
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
      },
      { log: (line) => io.stderr(line + '\n'), env: io.env },
    );
    if (values.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
    else io.stderr(summary(report));
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

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? io.stderr : io.stdout)(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === 'build') return await runBuild(rest, io);
    throw new UsageError(`unknown command: expected build, got ${JSON.stringify(command)}\n\n${USAGE}`);
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
