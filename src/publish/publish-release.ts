/**
 * The publish step: writes one immutable, versioned release. Under `<out>/.lock` it first finishes
 * or undoes any publish a killed build left half-done (src/release/publish-state.ts), then writes
 * the release into `<out>/.tmp-<pid>/<version>/` (same file system), reads the tables back, diffs
 * them against the previous release, checks the declared version, adds changes.json, CHANGELOG.md,
 * CITATION.cff and SHA256SUMS and zips the folder. Only then is it committed, step by atomic step
 * (publish-state.ts lists the states): an intent record, the archive renamed into place, the folder
 * renamed into place, latest.json and the root descriptor and changelog rewritten, the intent
 * removed. An existing version is never touched: building it again succeeds only when every byte
 * is the same.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { BuildError, issue, type Issue } from '../issues.ts';
import { ARCHIVE_LEVEL, archiveBase, archiveName, BackgroundDeflater, storedEntry, writeArchive, type BackgroundDeflate } from '../release/archive.ts';
import { CHANGES_FILE, checkVersion, releaseChanges, versionNotGreater, type ReleaseChanges } from '../release/changes.ts';
import { CHECKSUMS_FILE, renderChecksums } from '../release/checksums.ts';
import { CITATION_FILE, releaseCitation, renderCff } from '../release/citation.ts';
import { listFiles } from '../release/list-files.ts';
import { acquireLock } from '../release/lock.ts';
import { commitRelease, recoverOutput, recoveryFailure, type FaultHook, type RecoveryAction } from '../release/publish-state.ts';
import { listReleases } from '../release/releases.ts';
import { renderReleaseChangelog } from '../release/render-changelog.ts';
import { diffRows, rowChanges } from '../release/row-diff.ts';
import { diffDescriptors, type PackageDescriptor } from '../release/schema-diff.ts';
import { compareVersions } from '../release/semver.ts';
import type { TableSpec } from '../schema/index.ts';
import { buildDescriptor, stableJson, type ReleaseFile } from './build-descriptor.ts';
import type { DatasetMetadata } from './dataset-metadata.ts';
import { readFactsEvaluation } from './known-limits.ts';
import { DEFAULT_PARTITION_MIN_ARTICLES } from './partition.ts';
import { releaseFigures } from './quality-figures.ts';
import { releasePageData, sourcesPresent } from './release-page-data.ts';
import { PAGE_FILE, renderReleasePage } from './render-release-page.ts';
import { renderReleaseReadme, type ReleaseDocsContext } from './render-release-readme.ts';
import { writeSpreadsheetTables } from './spreadsheet-csv.ts';
import { validateDescriptor } from './validate-descriptor.ts';
import { verifyRelease } from './verify-release.ts';
import { readWorkbookDigests } from './read-workbook.ts';
import { writeWorkbook, type SheetDigests } from './workbook.ts';
import { fileStat, writeTables } from './write-tables.ts';

export interface PublishInput {
  connection: DuckDBConnection;
  specs: readonly TableSpec[];
  dataset: DatasetMetadata;
  created: string;
  /** Row count per table, for the README. */
  counts: Readonly<Record<string, number>>;
  /** Holds one folder per version, their archives and latest.json. */
  outDir: string;
  /** Also write this descriptor of the newest release (the repo-root datapackage.json), paths relative to its folder. */
  rootDescriptor?: string | null;
  /** Also write this changelog of every release (the repo-root CHANGELOG.md). */
  rootChangelog?: string | null;
  log?: (line: string) => void;
  /** Progress of the writing steps (see src/progress.ts). */
  progress?: (stage: string, done: number, total: number, item?: string) => void;
  /** Called as each writing step starts, and with null once the last one ends (the build report's timings and memory). */
  stepStarted?: (step: string | null) => void;
  /** What the README and the release page say beyond the schemas: the checks run, the known limits. */
  docs?: Pick<ReleaseDocsContext, 'checks' | 'knownLimits' | 'leftOut'>;
  /**
   * From how many articles on the Parquet copy partitioned by issue year is written (partition.ts).
   * Default: dataset.json's `partitionMinArticles`, else DEFAULT_PARTITION_MIN_ARTICLES.
   */
  partitionMinArticles?: number;
  /** Called before each publish step (PUBLISH_STEPS in publish-state.ts): tests throw or exit there. */
  fault?: FaultHook;
  /**
   * A file of at least this many bytes is deflated on the deflate workers as soon as it is written:
   * the archive's (default EARLY_DEFLATE_BYTES) and the workbook's sheets (default: XlsxWriter's).
   * The bytes are the same whatever it is; tests lower it.
   */
  backgroundBytes?: number;
}

export interface ReleaseSummary {
  version: string;
  /** `<out>/<version>`. */
  path: string;
  /** `created`: written now; `unchanged`: the version existed with exactly these bytes and was left alone. */
  status: 'created' | 'unchanged';
  previous_version: string | null;
  bump: ReleaseChanges['bump'];
  /** `<out>/<name>-<version>.zip`. */
  archive: string;
  /** Every file of the release folder. */
  files: ReleaseFile[];
}

/** The articles in the loaded tables (0 without an articles table). */
async function articleCount(connection: DuckDBConnection, specs: readonly TableSpec[]): Promise<number> {
  if (!specs.some((s) => s.table === 'articles')) return 0;
  return Number((await connection.runAndReadAll('SELECT count(*) FROM articles')).getRowsJson()[0][0]);
}

/** Whether this release gets the partitioned Parquet copy, and the threshold that decided it. */
export function partitionDecision(articles: number, option: number | undefined, dataset: Pick<DatasetMetadata, 'partitionMinArticles'>): { byYear: boolean; minArticles: number } {
  const minArticles = option ?? dataset.partitionMinArticles ?? DEFAULT_PARTITION_MIN_ARTICLES;
  return { byYear: articles >= minArticles, minArticles };
}

/**
 * A file the archive deflates, of at least this many bytes, starts deflating (on the deflate
 * workers, ARCHIVE_LEVEL) as soon as it is written, while the next steps run: the CSV copies after
 * the tables, the spreadsheet CSV copies after theirs. Smaller files are left to writeArchive, on
 * the main thread: with 16 MiB here, the 20,000-article release left 71 MB of CSV under it, past
 * writeArchive's 64 MiB, for which it started two more workers.
 */
const EARLY_DEFLATE_BYTES = 1 << 20;

/**
 * The writing steps in the order they run: the progress bar's count, and the only names step() takes.
 * The workbook comes right after the tables: its read back (JavaScript on the main thread) then runs
 * while DuckDB reads the tables back and writes the spreadsheet copies, when the main thread mostly
 * waits, instead of after everything DuckDB does, beside the docs and the archive, which need the
 * main thread themselves.
 */
const WRITING_STEPS = ['tables', 'workbook', 'read back', 'spreadsheet CSV', 'docs', 'release page', 'archive', 'workbook read back'] as const;
type WritingStep = (typeof WRITING_STEPS)[number];

/** Sheets of the workbook that do not read back as written (their rows or a cell differ). */
function workbookMismatches(file: string, written: SheetDigests, read: SheetDigests): Issue[] {
  return Object.entries(written).filter(([table, w]) => read[table]?.rows !== w.rows || read[table]?.sha256 !== w.sha256).map(([table, w]) => issue({
    code: 'release-mismatch', file, table,
    what: `sheet ${table} does not read back as written`,
    expected: `${w.rows} rows with the written cells`,
    got: read[table] ? `${read[table].rows} rows${read[table].rows === w.rows ? ', some cell differs' : ''}` : 'no such sheet',
  }));
}

/**
 * Publishes the loaded, checked tables as release `dataset.version`. Returns the summary, or issues
 * (`version-too-low`, `release-exists`) with nothing written, or the summary with a
 * `publish-incomplete` error when the release is published but its pointers could not be
 * rewritten; and what was recovered first. Throws BuildError when a written file does not read
 * back, the descriptor is invalid, or another build holds the lock; a file-system error before
 * the release became visible is thrown with nothing published.
 */
export async function publishRelease(input: PublishInput): Promise<{ release: ReleaseSummary | null; issues: Issue[]; recovered: RecoveryAction[] }> {
  const { connection, specs, dataset, created, outDir } = input;
  const log = input.log ?? (() => {});
  const version = dataset.version;
  await mkdir(outDir, { recursive: true });
  const lock = await acquireLock(outDir);
  const tmpRoot = path.join(outDir, `.tmp-${process.pid}`);
  const root = { descriptor: input.rootDescriptor, changelog: input.rootChangelog };
  const fault = input.fault ?? (() => {});
  // The deflate workers of the write phase, shared by the workbook's sheets and the archive's files
  // (started when the first file comes, none for a small release).
  const deflater = new BackgroundDeflater(ARCHIVE_LEVEL);
  try {
    const recovered = await recoverOutput(outDir, root, log).catch((e: unknown) => { throw recoveryFailure(outDir, e); });
    const releases = await listReleases(outDir);
    const existing = releases.find((r) => r.version === version);
    const newest = releases[releases.length - 1];
    if (!existing && newest && compareVersions(version, newest.version) <= 0) return { release: null, issues: [versionNotGreater(version, newest.version)], recovered };
    // The release this one is compared with: the newest before it (for a rebuild of an old version, the one before that).
    const previous = releases.filter((r) => compareVersions(r.version, version) < 0).pop() ?? null;

    await fault('stage');
    const tmp = path.join(tmpRoot, version);
    await mkdir(tmp, { recursive: true });
    const progress = input.progress ?? (() => {});
    const step = (name: WritingStep | null) => {
      input.stepStarted?.(name);
      if (name !== null) progress('writing', WRITING_STEPS.indexOf(name), WRITING_STEPS.length, name);
    };
    step('tables');
    const licenseOf = (spec: TableSpec) => (spec.textLicense ? dataset.textLicenses : dataset.licenses).map((l) => l.name).join(';');
    const articles = await articleCount(connection, specs);
    const partition = partitionDecision(articles, input.partitionMinArticles, dataset);
    if (partition.byYear) log(`release ${version}: ${articles} articles, at least ${partition.minArticles}: Parquet also partitioned by issue year`);
    const tableFiles = await writeTables(connection, specs, tmp, licenseOf, { byYear: partition.byYear });
    // The archive's large files, deflated while the other steps run; parts beside the release folder.
    const parts = path.join(tmpRoot, 'archive-parts');
    const deflated = new Map<string, BackgroundDeflate>();
    const deflateEarly = async (files: readonly ReleaseFile[]) => {
      for (const f of files) {
        if (f.bytes < (input.backgroundBytes ?? EARLY_DEFLATE_BYTES) || storedEntry(f.path)) continue;
        if (deflated.size === 0) await mkdir(parts, { recursive: true });
        deflated.set(f.path, deflater.deflate(path.join(tmp, f.path), path.join(parts, String(deflated.size))));
      }
    };
    await deflateEarly(tableFiles);
    const descriptor = buildDescriptor({ dataset, created, specs, files: tableFiles });
    const invalid = validateDescriptor(descriptor);
    if (invalid.length) throw new BuildError(invalid);

    const next = descriptor as PackageDescriptor;
    const tables = await diffRows(connection, next, previous);
    const changes = releaseChanges({
      next,
      created,
      previous: previous && { version: previous.version, descriptor: previous.descriptor },
      schemaChanges: previous ? diffDescriptors(previous.descriptor, next) : [],
      rowChanges: previous ? rowChanges(tables, previous.descriptor, next) : [],
      tables,
    });
    log(`release ${version}: ${previous ? `compared with ${previous.version}, the changes need ${changes.bump.required === 'none' ? 'no particular bump' : `a ${changes.bump.required} bump`}` : 'first release'}`);
    const tooLow = checkVersion(changes);
    if (tooLow) return { release: null, issues: [tooLow], recovered };

    // Every file is hashed once, when written or first listed: nothing is rewritten afterwards.
    const hashed = new Map<string, ReleaseFile>(tableFiles.map(({ path: p, bytes, hash }) => [p, { path: p, bytes, hash }]));
    const statAll = async () => {
      const out: ReleaseFile[] = [];
      for (const rel of await listFiles(tmp)) {
        if (!hashed.has(rel)) hashed.set(rel, await fileStat(tmp, rel));
        out.push(hashed.get(rel)!);
      }
      return out;
    };
    step('workbook');
    const workbook = await writeWorkbook({ connection, specs, counts: input.counts, dir: tmp, name: dataset.name, version, created, deflater, backgroundBytes: input.backgroundBytes });
    hashed.set(workbook.file.path, workbook.file);
    // Reading every cell back runs while the tables are read back and the spreadsheet copies, the
    // docs, the page and the archive are written (it only reads the finished file); nothing is
    // published before it has passed, below.
    const readBack = readWorkbookDigests(path.join(tmp, workbook.file.path), specs);
    readBack.catch(() => {}); // awaited below; a failure meanwhile is not an unhandled rejection
    step('read back');
    const mismatches = await verifyRelease(connection, specs, tmp, tableFiles);
    if (mismatches.length) throw new BuildError(mismatches);
    step('spreadsheet CSV');
    const spreadsheetFiles = await writeSpreadsheetTables(connection, specs, tmp, input.counts);
    for (const f of spreadsheetFiles) hashed.set(f.path, f);
    await deflateEarly(spreadsheetFiles);
    step('docs');
    const page = await releasePageData(connection, specs);
    const partitionFiles = tableFiles.filter((f) => f.year !== undefined).map((f) => ({ table: f.table, year: f.year ?? null, path: f.path }));
    const evaluation = readFactsEvaluation();
    const docs: ReleaseDocsContext = {
      sources: page.sources, checks: input.docs?.checks ?? [], knownLimits: input.docs?.knownLimits ?? null, leftOut: input.docs?.leftOut ?? [],
      figures: releaseFigures(evaluation, await sourcesPresent(connection, specs, evaluation?.pages ?? [])),
      partition: { minArticles: partition.minArticles, articles, files: partitionFiles },
    };
    await writeFile(path.join(tmp, 'datapackage.json'), stableJson(descriptor));
    await writeFile(path.join(tmp, 'README.md'), renderReleaseReadme(dataset, created, specs, input.counts, docs));
    await writeFile(path.join(tmp, CHANGES_FILE), stableJson(changes));
    await writeFile(path.join(tmp, 'CHANGELOG.md'), renderReleaseChangelog(changes));
    await writeFile(path.join(tmp, CITATION_FILE), renderCff(releaseCitation(dataset, version, created)));
    step('release page');
    const written = await statAll();
    await writeFile(path.join(tmp, PAGE_FILE), renderReleasePage({ dataset, created, specs, counts: input.counts, files: written, data: page, context: docs }));
    step('archive');
    const sums = await statAll();
    await writeFile(path.join(tmp, CHECKSUMS_FILE), renderChecksums(sums.map((f) => ({ path: f.path, sha256: f.hash.replace(/^sha256:/, '') }))));
    const files = await statAll();
    const archive = archiveName(dataset.name, version);
    await writeArchive(tmp, files.map((f) => f.path), path.join(tmpRoot, archive), archiveBase(dataset.name, version), created, { deflated });
    await deflater.close();
    await rm(parts, { recursive: true, force: true });
    step('workbook read back');
    const unequal = workbookMismatches(workbook.file.path, workbook.digests, (await readBack).digests);
    if (unequal.length) throw new BuildError(unequal);
    step(null);

    const committed = await commitRelease({ outDir, staging: tmpRoot, version, archive, root, log, fault });
    if (committed.status === null) return { release: null, issues: committed.issues, recovered };
    const release: ReleaseSummary = { version, path: path.join(outDir, version), status: committed.status, previous_version: previous?.version ?? null, bump: changes.bump, archive: path.join(outDir, archive), files };
    return { release, issues: committed.issues, recovered };
  } finally {
    await deflater.close();
    await rm(tmpRoot, { recursive: true, force: true });
    await lock.release();
  }
}
