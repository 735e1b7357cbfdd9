/**
 * The build: raw pages → validated tables → checked in DuckDB → released as a Data Package.
 * Stages, in order: load inputs → recover each page → rows → validate (before anything is
 * written) → load DuckDB → checks → publish. Bad data becomes Issues in the report; only
 * configuration and programmer errors throw (BuildError).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { allChecks, checkIssues, runCheck, type CheckResult } from './db/checks.ts';
import { openDatabase } from './db/open-database.ts';
import { createTables, TableLoader } from './db/table-loader.ts';
import { TABLE_NAMES } from './generated/tables.ts';
import { listRawFiles, readManifest, readRawFile } from './inputs/index.ts';
import { BuildError, errorsOf, issue, type Issue } from './issues.ts';
import { readDatasetMetadata, resolveCreated } from './publish/dataset-metadata.ts';
import { readKnownLimits } from './publish/known-limits.ts';
import { publishRelease, type ReleaseSummary } from './publish/publish-release.ts';
import type { Progress } from './progress.ts';
import { checkOutputFolder, writeFailure } from './release/output-folder.ts';
import { recoverPage, type LayoutCorrections, type RecoveredPage } from './recover/index.ts';
import { Curation } from './curation/apply-curation.ts';
import { LayoutCuration } from './curation/layout-curation.ts';
import { readCuration, readLayoutCuration } from './curation/read-curation.ts';
import { FACT_TABLES } from './extract/article-facts.ts';
import { loadGazetteer, referenceDir } from './extract/divisions.ts';
import { addPageFacts } from './extract/page-facts.ts';
import { divisionRows, emptyPageRows, pageRows, sourceId, splitLines, type PageRows } from './rows.ts';
import { loadSchemas, validateRow, type TableSpec } from './schema/index.ts';

export interface BuildOptions {
  dataDir: string;
  outDir: string;
  /** ISO timestamp for the descriptor's `created`; see resolveCreated. */
  created?: string | null;
  /** Path of an extra descriptor of the newest release (the repo-root datapackage.json). */
  rootDescriptor?: string | null;
  /** Path of a changelog of every release in outDir (the repo-root CHANGELOG.md). */
  rootChangelog?: string | null;
  /** DuckDB worker threads (default: DuckDB's); the release bytes must not depend on it. */
  duckdbThreads?: number;
  /** Overrides for tests. */
  schemaDir?: string;
  checksDir?: string;
  recover?: (text: string, corrections: LayoutCorrections) => RecoveredPage;
}

/** Effects the build may use, passed in so tests can silence logs and pin the environment. */
export interface BuildEffects {
  log(line: string): void;
  /** Progress of the long stages (pages, checks, writing); a terminal shows it, nothing else does. */
  progress?: Pick<Progress, 'update'>;
  env: Readonly<Record<string, string | undefined>>;
}

export interface BuildReport {
  ok: boolean;
  exit_code: 0 | 1 | 2;
  /** Rows produced per table (internal tables included). */
  tables: Record<string, number>;
  checks: Pick<CheckResult, 'name' | 'description' | 'passed' | 'violations'>[];
  warnings: Issue[];
  errors: Issue[];
  release: ReleaseSummary | null;
}

/** Validates every row of one page; pure. */
export function validatePageRows(specs: readonly TableSpec[], rows: PageRows): Issue[] {
  const issues: Issue[] = [];
  for (const spec of specs) {
    for (const { row, at } of rows[spec.table as keyof PageRows] ?? []) issues.push(...validateRow(spec, row, at));
  }
  return issues;
}

export function report(issues: readonly Issue[], tables: Record<string, number>, checks: CheckResult[], release: BuildReport['release']): BuildReport {
  const errors = errorsOf(issues);
  return {
    ok: errors.length === 0,
    exit_code: errors.length === 0 ? 0 : 1,
    tables,
    checks: checks.map(({ name, description, passed, violations }) => ({ name, description, passed, violations })),
    warnings: issues.filter((i) => i.severity === 'warning'),
    errors,
    release,
  };
}

export async function build(options: BuildOptions, effects: BuildEffects): Promise<BuildReport> {
  const { dataDir, outDir, log } = { ...options, log: effects.log };
  const progress = effects.progress?.update.bind(effects.progress) ?? (() => {});
  const recover = options.recover ?? recoverPage;

  // Load inputs
  if (!(await stat(dataDir).then((s) => s.isDirectory(), () => false))) {
    throw BuildError.of({ code: 'missing-data-folder', what: 'data folder not found', expected: 'a folder with raw/*.txt, manifest.csv and dataset.json', got: JSON.stringify(dataDir) });
  }
  await checkOutputFolder(outDir);
  const specs = loadSchemas(options.schemaDir);
  const checks = allChecks(specs, options.checksDir);
  const dataset = await readDatasetMetadata(dataDir);
  const created = resolveCreated(options.created, effects.env, dataset);
  const listing = await listRawFiles(dataDir);
  const manifest = await readManifest(dataDir, new Set(listing.names));
  const gazetteer = loadGazetteer(await referenceDir(dataDir));
  const curationInput = await readCuration(dataDir, FACT_TABLES);
  const curation = new Curation(curationInput.entries, new Map(specs.map((s) => [s.table, s])));
  const layoutInput = await readLayoutCuration(dataDir);
  const layoutCuration = new LayoutCuration(layoutInput.entries);
  const issues: Issue[] = [...listing.issues, ...manifest.issues, ...curationInput.issues, ...layoutInput.issues];
  if (listing.names.length === 0) {
    issues.push(issue({ code: 'no-raw-pages', file: 'raw', what: 'nothing to build', expected: 'at least one raw/*.txt page', got: 'none' }));
  }
  log(`build: ${listing.names.length} raw pages, ${manifest.entries.size} manifest entries, ${checks.length} checks`);

  const tables: Record<string, number> = Object.fromEntries(TABLE_NAMES.map((t) => [t, 0]));
  const tempDirectory = await mkdtemp(path.join(os.tmpdir(), 'jiaozuo-build-'));
  const db = await openDatabase({ tempDirectory, threads: options.duckdbThreads });
  try {
    await createTables(db.connection, specs);
    const loader = await TableLoader.open(db.connection, specs);
    // Reference data first: the divisions places link to.
    const divisions = divisionRows(gazetteer);
    issues.push(...validatePageRows(specs, divisions));
    tables.divisions += divisions.divisions.length;
    if (errorsOf(issues).length === 0) loader.append('divisions', divisions.divisions.map((r) => r.row as unknown as Record<string, unknown>));
    // Streams page by page: only one page's rows are held in JS at a time.
    for (const [k, name] of listing.names.entries()) {
      progress('pages', k, listing.names.length, name);
      const raw = await readRawFile(dataDir, name);
      if (raw.text === null) { issues.push(...raw.issues); continue; }
      const entry = manifest.entries.get(name) ?? null;
      if (entry === null) {
        issues.push(issue({ code: 'missing-manifest-entry', severity: 'warning', file: raw.file, what: 'page has no manifest entry; its newspaper and date are unknown', expected: `a row for ${name} in manifest.csv`, got: 'none' }));
      }
      // Recover each page
      let page: RecoveredPage;
      try {
        page = recover(raw.text, layoutCuration.forPage(sourceId(name), splitLines(raw.text)));
      } catch (e) {
        issues.push(issue({ code: 'recovery-failed', file: raw.file, what: 'page recovery failed', expected: 'recovered articles', got: (e as Error).message }));
        continue;
      }
      // Rows, validated before anything is written
      const rows = pageRows({ name, sha256: raw.sha256, bytes: raw.bytes, encoding: raw.encoding ?? 'utf-8', manifest: entry }, raw.text, page);
      if (rows.articles.length === 0) {
        issues.push(issue({ code: 'no-articles', file: raw.file, what: 'no article could be recovered from the page', expected: 'at least one article (body text, a headline or a byline)', got: `${page.unassigned.length} unassigned lines` }));
      }
      // Extract facts, then apply the reviewed corrections
      addPageFacts(rows, gazetteer);
      issues.push(...curation.apply(rows));
      const rowIssues = validatePageRows(specs, rows);
      issues.push(...rowIssues);
      for (const t of TABLE_NAMES) tables[t] += rows[t].length;
      // Load DuckDB; once anything is invalid nothing will be published, so stop loading.
      if (errorsOf(issues).length === 0) {
        for (const t of TABLE_NAMES) loader.append(t, rows[t].map((r) => r.row as unknown as Record<string, unknown>));
      }
    }
    const entries = { ...emptyPageRows(), curation_entries: [...curation.entryRows(), ...layoutCuration.entryRows()] };
    issues.push(...validatePageRows(specs, entries));
    tables.curation_entries += entries.curation_entries.length;
    if (errorsOf(issues).length === 0) loader.append('curation_entries', entries.curation_entries.map((r) => r.row as unknown as Record<string, unknown>));
    loader.close();
    if (errorsOf(issues).length) return report(issues, tables, [], null);

    // Checks
    log(`running ${checks.length} checks`);
    const results: CheckResult[] = [];
    for (const [k, check] of checks.entries()) {
      progress('checks', k, checks.length, check.name);
      const result = await runCheck(db.connection, check);
      results.push(result);
      issues.push(...checkIssues(result));
    }
    if (errorsOf(issues).length) return report(issues, tables, results, null);

    // Publish
    // A failed write (a full disk) is an environment error: publishing removes its temporary folder.
    const published = await publishRelease({ connection: db.connection, specs, dataset, created, counts: tables, outDir, rootDescriptor: options.rootDescriptor ?? null, rootChangelog: options.rootChangelog ?? null, log, progress,
      docs: { checks: results.map(({ name, description }) => ({ name, description })), knownLimits: await readKnownLimits(dataDir) } })
      .catch((e: unknown) => { throw writeFailure(e, outDir); });
    issues.push(...published.issues);
    if (published.release) log(`published ${published.release.path} (${published.release.status}, ${published.release.files.length} files)`);
    return report(issues, tables, results, published.release);
  } finally {
    db.close();
    await rm(tempDirectory, { recursive: true, force: true });
  }
}
