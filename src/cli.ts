/**
 * Command line: `tsx src/cli.ts build [--data DIR] [--out DIR] [--created ISO] [--json]` and
 * `tsx src/cli.ts verify PATH [--json]`. Logs go to stderr; `--json` puts one report on stdout.
 * Exit codes: 0 success, 1 invalid (data, version or release; nothing published), 2 usage or
 * configuration error.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_MEMORY_LIMIT, MEMORY_SIZE } from './db/open-database.ts';
import { build, type BuildOptions, type BuildReport } from './build.ts';
import { BuildError, formatIssue, type Issue } from './issues.ts';
import { DEFAULT_PAGE_LIMITS, type PageLimits } from './pipeline/page-limits.ts';
import { parseShard, type ShardSpec } from './shard/shards.ts';
import { createProgress } from './progress.ts';
import { verify, type VerifyReport } from './release/verify.ts';

export const USAGE = `Usage: tsx src/cli.ts <command> [options]

Commands:
  build    Build the release (CSV + Parquet Data Package) from the data folder
  verify   Check a release folder or archive: hashes, profile, rows, keys

Options:
  -h, --help   Show help; \`tsx src/cli.ts <command> --help\` shows a command's options
`;

export const BUILD_USAGE = `Usage: tsx src/cli.ts build [--data DIR] [--out DIR] [--created ISO] [--json]
                          [--workers N] [--cache DIR | --no-cache] [--memory-limit SIZE] [--strict]
                          [--max-page-bytes N] [--max-page-lines N] [--page-seconds S]
                          [--shard K/N | --from-shards DIR...]

Reads DIR/raw/*.txt, DIR/manifest.csv and DIR/dataset.json, recovers the articles, validates every
row, checks consistency in DuckDB and, only if all passes, writes release <version> (dataset.json's
version) to OUT/<version>/ with its archive beside it, and points OUT/latest.json at the newest.
Releases are immutable: an existing version is rebuilt only if every byte is the same.

Options:
  --data DIR     Data folder (default: data)
  --out DIR      Releases folder (default: dist; the default also writes ./datapackage.json and
                 ./CHANGELOG.md for the newest release)
  --created ISO  The release's created timestamp (default: $SOURCE_DATE_EPOCH, else dataset.json)
  --json         Print the build report as JSON on stdout (with seconds per stage under "timings");
                 the summary, with every error, still goes to stderr
  --workers N    Worker threads that make the pages (default: one per core; none for fewer than
                 64 pages; 0: the main thread only). The release is the same whatever N.
  --cache DIR    Keep an incremental build cache in DIR (\`npm run build\` uses .cache): pages whose
                 bytes, manifest row and curation entries are unchanged since the last build, with
                 the same code, are not made again. The release is the same as a clean build's.
                 Without it (the default), every page is made again and nothing is kept.
  --no-cache     No cache, even when --cache is given
  --memory-limit SIZE
                 DuckDB's memory limit, e.g. 1GB (default: ${DEFAULT_MEMORY_LIMIT}); past it DuckDB spills to
                 a temp folder
  --strict       Fail the build on any bad page (exit 1, nothing published). Without it, a page
                 that cannot be read, is over a page limit, whose recovery or extraction fails, or
                 whose rows break a page-level check is left out of the release (quarantined):
                 listed under "quarantined" in the report and in the release README, its sources
                 row marked left_out; the other pages are published, exit 0 with warnings.
  --max-page-bytes N
                 Largest raw page, in bytes (default: ${DEFAULT_PAGE_LIMITS.maxBytes}); a larger one: page-too-large
  --max-page-lines N
                 Most lines on a raw page (default: ${DEFAULT_PAGE_LIMITS.maxLines}); more: page-too-many-lines
  --page-seconds S
                 Seconds of work one page may take (default: ${DEFAULT_PAGE_LIMITS.seconds}); a page still running then is
                 abandoned: page-time-limit
  --shard K/N    Make only the pages of shard K of N (contiguous slices of the sorted raw files) and
                 write them to OUT, a new folder (required): one Parquet file per page table and
                 shard.json; nothing is published. An existing OUT is refused (shard-exists); a bad
                 K/N is invalid-shard
  --from-shards DIR...
                 Build from the shard folders of every K of one N, made from the same data folder,
                 code and options, instead of making the pages; publishes to OUT exactly as a build
                 without shards does. A bad or incomplete set fails with a code naming the folder
                 (shard-*, exit 1). README.md (Sharded builds) has the recipe
  -h, --help     Show this help

Exit codes: 0 built, or the version already exists with identical bytes (warnings and pages left
out allowed); 1 the data failed validation or a check, or the version is too low for the changes
(version-too-low) or already released with other bytes (release-exists): nothing published,
earlier releases untouched; 2 usage, configuration or environment error: OUT cannot be written
(output-not-writable), a write failed (write-failed, e.g. a full disk), another build holds
OUT/.lock (release-locked); nothing published. README.md (Errors) lists every error code.
`;

export const VERIFY_USAGE = `Usage: tsx src/cli.ts verify PATH [--json]

Checks a release received from anywhere, from its own files: PATH is a release folder (such as
dist/0.1.0), a releases folder with latest.json (its newest release), or a .zip release archive.
Every resource file's bytes and hash against datapackage.json, every file against SHA256SUMS, the
descriptor against the Data Package 2.0 profile, every CSV row against its Table Schema, primary
and foreign keys (DuckDB), and the Parquet files against the CSV files. An archive is read strictly
(central directory, local headers, CRC-32 and sizes; byte-identical to the archive build writes);
links and special files in a folder are refused, not followed; sizes, entries, compression ratio,
columns and fields are limited (README.md: verify).

Options:
  --json         Print the verify report as JSON on stdout
  -h, --help     Show this help

Exit codes: 0 valid, 1 invalid (the report lists each problem with its code and location),
2 usage error (no PATH, nothing at PATH) or the machine failed (write-failed, read-failed).
`;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** stderr is a terminal (progress is drawn only then, and not under CI); its width in columns. */
  stderrIsTTY?: boolean;
  stderrColumns?: number;
}

class UsageError extends Error {}

/** The build report for humans (stderr). */
export function buildSummary(r: BuildReport): string {
  const out: string[] = [];
  out.push(`tables: ${Object.entries(r.tables).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  if (r.checks.length) out.push(`checks: ${r.checks.filter((c) => c.passed).length} of ${r.checks.length} passed`);
  const list = (title: string, issues: Issue[]) => {
    if (!issues.length) return;
    // One line at a time: a spread of a huge list overflows the stack (≥ ~120,000 issues).
    out.push(`${title} (${issues.length}):`);
    for (const i of issues) out.push('  ' + formatIssue(i));
  };
  list('warnings', r.warnings);
  list('errors', r.errors);
  const left = r.quarantined ?? [];
  if (left.length) {
    out.push(`left out of the release (${left.length} page${left.length === 1 ? '' : 's'}; --strict fails the build instead):`);
    for (const q of left) out.push(`  ${q.path}: ${q.code}${q.line === null ? '' : ` (line ${q.line})`}`);
  }
  const rel = r.release;
  if (r.shard) out.push(r.ok ? `wrote shard ${r.shard.k} of ${r.shard.n} to ${r.shard.path}` : `wrote shard ${r.shard.k} of ${r.shard.n} to ${r.shard.path}; its pages have errors, so a build from its set fails`);
  else if (rel?.status === 'unchanged') out.push(`release ${rel.version} already exists with identical bytes: ${rel.path} left untouched`);
  else if (rel) out.push(`built ${rel.path} (${rel.files.length} files) and ${rel.archive}`);
  else out.push('build failed: nothing published, the previous release is untouched');
  return out.join('\n') + '\n';
}

async function runBuild(args: string[], io: CliIo): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        out: { type: 'string' },
        created: { type: 'string' },
        json: { type: 'boolean', default: false },
        workers: { type: 'string' },
        cache: { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        'memory-limit': { type: 'string' },
        strict: { type: 'boolean', default: false },
        'max-page-bytes': { type: 'string' },
        'max-page-lines': { type: 'string' },
        'page-seconds': { type: 'string' },
        shard: { type: 'string' },
        'from-shards': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${BUILD_USAGE}`);
  }
  if (values.help) { io.stdout(BUILD_USAGE); return 0; }
  // The shard folders are the positionals of --from-shards, so a shell glob can name them.
  if (positionals.length && !values['from-shards']) throw new UsageError(`build takes no arguments but the folders of --from-shards, got ${positionals.map((p) => JSON.stringify(p)).join(' ')}\n\n${BUILD_USAGE}`);
  if (values['from-shards'] && !positionals.length) throw new UsageError(`--from-shards takes the shard folders, got none\n\n${BUILD_USAGE}`);
  if (values.shard !== undefined && values['from-shards']) throw new UsageError(`--shard and --from-shards are two steps: give one\n\n${BUILD_USAGE}`);
  if (values.shard !== undefined && values.out === undefined) throw new UsageError(`--shard writes a shard folder: give it with --out DIR\n\n${BUILD_USAGE}`);
  let shard: ShardSpec | null = null;
  try {
    if (values.shard !== undefined) shard = parseShard(values.shard);
  } catch (e) {
    return reportError(e as BuildError, values.json, io);
  }
  const outDir = values.out ?? 'dist';
  if (values.workers !== undefined && !/^\d{1,3}$/.test(values.workers)) throw new UsageError(`--workers takes a whole number of threads, got ${JSON.stringify(values.workers)}\n\n${BUILD_USAGE}`);
  const memoryLimit = values['memory-limit'];
  if (memoryLimit !== undefined && !MEMORY_SIZE.test(memoryLimit)) throw new UsageError(`--memory-limit takes a size such as 1GB or 512MB, got ${JSON.stringify(memoryLimit)}\n\n${BUILD_USAGE}`);
  const limits: Partial<PageLimits> = {};
  const limit = (flag: 'max-page-bytes' | 'max-page-lines' | 'page-seconds', key: keyof PageLimits, pattern: RegExp, what: string) => {
    const v = values[flag];
    if (v === undefined) return;
    if (!pattern.test(v) || !(Number(v) > 0)) throw new UsageError(`--${flag} takes ${what}, got ${JSON.stringify(v)}\n\n${BUILD_USAGE}`);
    limits[key] = Number(v);
  };
  limit('max-page-bytes', 'maxBytes', /^\d{1,15}$/, 'a positive whole number of bytes');
  limit('max-page-lines', 'maxLines', /^\d{1,15}$/, 'a positive whole number of lines');
  limit('page-seconds', 'seconds', /^\d{1,6}(\.\d+)?$/, 'a positive number of seconds');
  return reportBuild(
    {
      dataDir: values.data ?? 'data',
      outDir,
      created: values.created ?? null,
      // The repo-root descriptor describes the committed release in dist/; only for the default output.
      rootDescriptor: values.out === undefined ? 'datapackage.json' : null,
      rootChangelog: values.out === undefined ? 'CHANGELOG.md' : null,
      workers: values.workers === undefined ? undefined : Number(values.workers),
      cacheDir: values['no-cache'] ? null : values.cache ?? null,
      memoryLimit,
      strict: values.strict,
      limits,
      shard,
      fromShards: values['from-shards'] ? positionals : null,
    },
    values.json,
    io,
  );
}

/** A bug, not bad data: still one issue (and a report with --json), after the stack for the bug report. */
function internalError(e: unknown, io: CliIo): BuildError {
  io.stderr(`${(e as Error)?.stack ?? e}\n`);
  return BuildError.of({ code: 'internal-error', what: 'the build stopped on an unexpected error, a bug (report it with the stack above)', expected: 'no internal error', got: String((e as Error)?.message ?? e) });
}

/**
 * Runs a build and reports it as `build` does: the summary on stderr (or the JSON report on
 * stdout) and the exit code, 2 for a configuration or environment error (a BuildError) or a bug
 * (`internal-error`). Exported
 * so tests can pass options the command line has no flag for (another schema folder).
 */
export async function reportBuild(options: BuildOptions, json: boolean, io: CliIo): Promise<number> {
  try {
    const progress = createProgress({ write: io.stderr, isTTY: io.stderrIsTTY, columns: io.stderrColumns }, io.env);
    let report: BuildReport;
    try {
      report = await build(options, { log: progress.log, env: io.env, progress });
    } finally {
      progress.done();
    }
    // The summary goes to stderr with --json too: a failed build's reasons are lines a CI log
    // shows, while stdout stays one JSON document for programs.
    if (json) io.stdout(JSON.stringify(report, null, 2) + '\n');
    io.stderr(buildSummary(report));
    return report.exit_code;
  } catch (caught) {
    return reportError(caught instanceof BuildError ? caught : internalError(caught, io), json, io);
  }
}

/** A configuration or environment error (or a bug) as `build` reports it: its issues, exit 2. */
function reportError(e: BuildError, json: boolean, io: CliIo): number {
  if (json) {
    const report: BuildReport = { ok: false, exit_code: 2, tables: {}, checks: [], warnings: [], errors: e.issues, release: null };
    io.stdout(JSON.stringify(report, null, 2) + '\n');
  }
  io.stderr(e.issues.map((i) => formatIssue(i)).join('\n') + '\n');
  return 2;
}

/** The verify report for humans (stderr). */
export function verifySummary(r: VerifyReport): string {
  const out: string[] = [];
  const list = (title: string, issues: Issue[]) => {
    if (!issues.length) return;
    out.push(`${title} (${issues.length}):`);
    for (const i of issues) out.push('  ' + formatIssue(i));
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
  const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env, stderrIsTTY: process.stderr.isTTY, stderrColumns: process.stderr.columns };
  main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (e) => { process.stderr.write(`internal error: ${(e as Error).stack ?? e}\n`); process.exitCode = 2; },
  );
}
