/**
 * The build: raw pages → validated tables → checked in DuckDB → released as a Data Package.
 * Stages, in order: load inputs → per page (decode, recover the layout, rows and facts, validate;
 * on worker threads for a large corpus, see src/pipeline) → load DuckDB → checks → publish.
 * Pages stream through: only a few pages' rows are in memory at once. With a cache folder, pages
 * whose inputs have not changed since the last build are not made again (src/pipeline/build-cache.ts).
 * Bad data becomes Issues in the report; only configuration and programmer errors throw (BuildError).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allChecks, checkIssues, mergeCheckResults, runCheck, type CheckResult } from './db/checks.ts';
import { CHECK_BATCH_PAGES, checkBatchPagesUnder, checksMemoryLimit, listedBatches, pageBatches, runChecksOverPages, type PageSet } from './db/check-scope.ts';
import { bytesOf, DEFAULT_MEMORY_LIMIT, halfOf, sqlString } from './db/open-database.ts';
import { duckdbResourceError } from './db/resource-errors.ts';
import { TableLoader } from './db/table-loader.ts';
import { TABLE_NAMES, type SourcesRow } from './generated/tables.ts';
import { listRawFiles, readManifest } from './inputs/index.ts';
import { appendAll, BuildError, errorsOf, issue, type Issue } from './issues.ts';
import { readDatasetMetadata, resolveCreated } from './publish/dataset-metadata.ts';
import { readKnownLimits } from './publish/known-limits.ts';
import { publishRelease, type ReleaseSummary } from './publish/publish-release.ts';
import type { Progress } from './progress.ts';
import { checkOutputFolder, writeFailure } from './release/output-folder.ts';
import { recoverAtStart, type FaultHook, type RecoveryAction } from './release/publish-state.ts';
import type { LayoutCorrections, RecoveredPage } from './recover/index.ts';
import { readCuration, readLayoutCuration } from './curation/read-curation.ts';
import { FACT_TABLES } from './extract/article-facts.ts';
import { loadDivisions, loadGazetteer, referenceDir } from './extract/divisions.ts';
import { articleSource, divisionRows, emptyPageRows, sourceId } from './rows.ts';
import { loadSchemas, SCHEMA_DIR } from './schema/index.ts';
import { codeVersion, forgetPages, leavePagesOut, markCacheReady, markChecksPassed, openBuildDatabase, pageKey, persistCache, rememberPages, sealPages, type CachedPage } from './pipeline/build-cache.ts';
import { DEFAULT_PAGE_LIMITS, type PageLimits } from './pipeline/page-limits.ts';
import { asWarning, canLeaveOut, leftOutReason, leftOutSourceRow, leftOutWarning, pageCanBeQuarantined, quarantinedByCheck, quarantinedFromIssue, quarantinedPdf, violatingPages, type QuarantinedPage } from './pipeline/quarantine.ts';
import { curationSource, pageContext, validatePageRows, type CurationMatch, type PageResult } from './pipeline/page-job.ts';
import { defaultWorkers, inThreadRunner, runInOrder, workerRunner, type PageRunner } from './pipeline/page-pool.ts';
import { pageWorkerScript } from './pipeline/worker-bundle.ts';
import { PhaseMeter, type PhaseMemory } from './pipeline/phase-meter.ts';
import { collectGarbage, heapGrowthCollector } from './pipeline/collect-garbage.ts';
import { StageTimer, type BuildTimings } from './pipeline/stage-timer.ts';
import { makeTempFolder } from './temp-folders.ts';
import { isPdfName, manifestForPage, pdfPageFile, sourcePages, type SourcePage } from './pdf/pdf-pages.ts';
import { MAX_PDF_BYTES, MAX_PDF_PAGES, type PdfLimits } from './pdf/read-pdf.ts';
import { checkShardColumns, checkShardFolder, inputsHash, loadShards, readShardSet, sha256Of as hashOf, SHARD_FORMAT, shardSlice, writeShard, type ReadShard, type ShardManifest, type ShardSpec } from './shard/shards.ts';

export { validatePageRows };

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
  /** DuckDB's memory limit (default DEFAULT_MEMORY_LIMIT, 512MB; half of it while the pages are made); past it DuckDB spills to a temporary folder. */
  memoryLimit?: string;
  /** Worker threads for the pages (default: one per core, none for fewer than 64 pages); the release bytes must not depend on it. */
  workers?: number;
  /** Folder of the incremental build cache (none: every page is made again). */
  cacheDir?: string | null;
  /** Overrides for tests; a `recover` override runs on the main thread and without the cache. */
  schemaDir?: string;
  checksDir?: string;
  /** Pages per batch of page-level checks (default CHECK_BATCH_PAGES in src/db/check-scope.ts). */
  checkBatchPages?: number;
  recover?: (text: string, corrections: LayoutCorrections) => RecoveredPage;
  /**
   * Fail the build on any bad page (exit 1, nothing published) instead of leaving the page out of
   * the release (quarantine, src/pipeline/quarantine.ts). Default false.
   */
  strict?: boolean;
  /** Bytes, lines and seconds of work a page may take (defaults: DEFAULT_PAGE_LIMITS in src/pipeline/page-limits.ts). */
  limits?: Partial<PageLimits>;
  /** Bytes and pages a PDF file may have (defaults: MAX_PDF_BYTES, MAX_PDF_PAGES in src/pdf/read-pdf.ts); tests lower them. */
  pdfLimits?: Partial<PdfLimits>;
  /** Test hook called before each publish step (src/release/publish-state.ts): throws or exits to inject a fault. */
  publishFault?: FaultHook;
  /** From how many bytes a file is deflated on the write phase's workers as soon as it is written (PublishInput's backgroundBytes); tests lower it. */
  backgroundBytes?: number;
  /**
   * Make only the K-th of N shards of the pages and write them as a shard folder at outDir instead
   * of publishing (src/shard/shards.ts); no cache.
   */
  shard?: ShardSpec | null;
  /** Build from these shard folders instead of making the pages; publishes as an ordinary build does. */
  fromShards?: readonly string[] | null;
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
  /** Where the time went: seconds per stage (summed over threads) and wall-clock seconds per phase. */
  timings?: BuildTimings;
  /** Pages made in this build, pages taken from the cache, and pages the page-level checks ran over. */
  pages?: { made: number; cached: number; workers: number; checked: number };
  /** Peak memory per phase (`pages`, `check`, `write` and `write.<step>`), sampled: process RSS and the main thread's JavaScript heap, in MiB. */
  memory?: Record<string, PhaseMemory>;
  /** Pages left out of the release (quarantine, src/pipeline/quarantine.ts), in page order; none with `strict`. */
  quarantined?: QuarantinedPage[];
  /** What this build repaired before its own work: interrupted publishes finished or undone, archives written again, dead builds' leftovers removed (src/release/publish-state.ts). */
  recovered?: RecoveryAction[];
  /** The shard folder a `--shard` build wrote (null: none, it failed before). */
  shard?: { k: number; n: number; path: string } | null;
}

export function report(issues: readonly Issue[], tables: Record<string, number>, checks: CheckResult[], release: BuildReport['release'], extra: Pick<BuildReport, 'timings' | 'pages' | 'memory' | 'quarantined' | 'recovered' | 'shard'> = {}): BuildReport {
  const errors = errorsOf(issues);
  return {
    ok: errors.length === 0,
    exit_code: errors.length === 0 ? 0 : 1,
    tables,
    checks: checks.map(({ name, description, passed, violations }) => ({ name, description, passed, violations })),
    warnings: issues.filter((i) => i.severity === 'warning'),
    errors,
    release,
    ...extra,
    quarantined: extra.quarantined ?? [],
  };
}

/** Pages between appender flushes: bounds the rows DuckDB holds uncommitted (and unspillable). */
const FLUSH_EVERY_PAGES = 500;
/**
 * Pages queued per worker: the main thread blocks while an appender flushes, and a deeper queue
 * keeps the workers busy meanwhile. A page's rows are a few hundred KB at most.
 */
const PAGES_IN_FLIGHT_PER_WORKER = 8;
/** Heap growth past which the main thread collects at an appender flush (src/pipeline/collect-garbage.ts). */
const COLLECT_AFTER_BYTES = 64 * 2 ** 20;

/** The cache file of one data folder inside the cache folder: several corpora can share a cache folder. */
function cacheFile(cacheDir: string, dataDir: string): string {
  const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return path.join(cacheDir, `build-${id}.duckdb`);
}

/** The source pages, the time spent reading PDFs counted as decoding. */
async function* timedPages(pages: AsyncIterable<SourcePage>, timer: StageTimer): AsyncIterable<SourcePage> {
  const it = pages[Symbol.asyncIterator]();
  for (;;) {
    const t0 = performance.now();
    const next = await it.next();
    timer.add('decode', (performance.now() - t0) / 1000);
    if (next.done) return;
    yield next.value;
  }
}

export async function build(options: BuildOptions, effects: BuildEffects): Promise<BuildReport> {
  const { dataDir, outDir, log } = { ...options, log: effects.log };
  const progress = effects.progress?.update.bind(effects.progress) ?? (() => {});
  const timer = new StageTimer();
  const phases = new PhaseMeter();
  // The timer's seconds and the meter's CPU seconds per phase, as the report gives them.
  const reportTimings = (): BuildTimings => ({ ...timer.result(), cpu: phases.cpu() });

  // Load inputs
  if (!(await stat(dataDir).then((s) => s.isDirectory(), () => false))) {
    throw BuildError.of({ code: 'missing-data-folder', what: 'data folder not found', expected: 'a folder with raw/*.txt, manifest.csv and dataset.json', got: JSON.stringify(dataDir) });
  }
  const shard = options.shard ?? null;
  const fromShards = options.fromShards ?? null;
  if (shard && fromShards) throw new Error('build: shard and fromShards together');
  // A shard folder is new, never a releases folder: nothing to recover in it.
  if (shard) await checkShardFolder(outDir);
  else await checkOutputFolder(outDir);
  // Before anything else: finish or undo what a killed build left in the output folder.
  const recovered = shard ? [] : await recoverAtStart(outDir, { descriptor: options.rootDescriptor, changelog: options.rootChangelog }, log);
  const specs = loadSchemas(options.schemaDir);
  const checks = allChecks(specs, options.checksDir);
  const dataset = await readDatasetMetadata(dataDir);
  const created = resolveCreated(options.created, effects.env, dataset);
  const listing = await listRawFiles(dataDir);
  const manifest = await readManifest(dataDir, new Set(listing.names));
  const reference = await referenceDir(dataDir);
  const referencePath = typeof reference === 'string' ? path.resolve(reference) : fileURLToPath(reference);
  const limits: PageLimits = { ...DEFAULT_PAGE_LIMITS, ...options.limits };
  // Pages left out of the release, and their sources rows, published marked as left out.
  const strict = options.strict === true || !canLeaveOut(specs);
  if (options.recover && (shard || fromShards)) throw new Error('build: a recover override cannot be sharded (it is not part of the code version)');
  const version = (options.cacheDir && !options.recover) || shard || fromShards ? await codeVersion(options.schemaDir ?? SCHEMA_DIR, referencePath, ...(options.checksDir ? [options.checksDir] : [])) : '';
  const shardOptions = { strict, limits };
  const inputs = shard || fromShards ? await inputsHash(dataDir, listing.names) : '';
  // A shard set is hostile input: read and checked before any work.
  let shards: ReadShard[] = [];
  if (fromShards) {
    const read = await readShardSet(fromShards, specs, { codeVersion: version, inputsHash: inputs, options: shardOptions, rawNames: listing.names, dataDir });
    if (read.issues.length) return report([...listing.issues, ...manifest.issues, ...read.issues], Object.fromEntries(TABLE_NAMES.map((t) => [t, 0])), [], null, { recovered });
    shards = read.shards;
  }
  // The gazetteer is the page stages': with page workers each loads its own and this thread never
  // does (it needs only the divisions table's rows); without them, the first page made here loads it.
  const gazetteer = () => loadGazetteer(referencePath);
  const curationInput = await readCuration(dataDir, FACT_TABLES);
  const layoutInput = await readLayoutCuration(dataDir);
  const issues: Issue[] = [...listing.issues, ...manifest.issues, ...curationInput.issues, ...layoutInput.issues];
  if (listing.names.length === 0) {
    issues.push(issue({ code: 'no-raw-pages', file: 'raw', what: 'nothing to build', expected: 'at least one raw/*.txt page', got: 'none' }));
  }
  log(`build: ${listing.names.length} raw pages, ${manifest.entries.size} manifest entries, ${checks.length} checks${shard ? `; shard ${shard.k} of ${shard.n}` : ''}${fromShards ? `; from ${fromShards.length} shard folders` : ''}`);
  // The raw files this build makes: a shard's slice of them, none when built from shards.
  const pageNames = shard ? shardSlice(listing.names, shard) : fromShards ? [] : listing.names;
  // The main thread's context: its curation objects also total the matches reported by every page.
  const ctx = pageContext(specs, gazetteer, curationInput.entries, layoutInput.entries, options.recover, limits);
  const quarantined: QuarantinedPage[] = [];
  const leftOutRows: Record<string, unknown>[] = [];
  const entryAt = new Map<string, { file: string; line: number }>([...curationInput.entries, ...layoutInput.entries].map((e) => [`${e.file}:${e.line}`, e]));
  const countMatches = (matches: readonly CurationMatch[]) => {
    for (const m of matches) {
      const entry = entryAt.get(`${m.file}:${m.line}`);
      if (!entry) continue;
      const counter = ('sourceId' in entry ? ctx.layoutCuration.matches : ctx.curation.matches) as Map<typeof entry, number>;
      counter.set(entry, (counter.get(entry) ?? 0) + m.matches);
    }
  };

  const tables: Record<string, number> = Object.fromEntries(TABLE_NAMES.map((t) => [t, 0]));
  const tempDirectory = await makeTempFolder('build', log);
  // A custom recover function (tests) is not part of the code version: no cache then. PDF pages
  // are not cached either (one file gives many pages): with a PDF in raw/, every page is made.
  const hasPdf = listing.names.some(isPdfName);
  if (options.cacheDir && hasPdf) log('cache: not used, raw/ holds PDF files');
  // Shards and builds from shards use no cache: a shard set is made from scratch, like a clean build.
  const cachePath = options.cacheDir && !options.recover && !hasPdf && !shard && !fromShards ? cacheFile(options.cacheDir, dataDir) : null;
  const memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  // The limit DuckDB is under (for its resource errors): see setDuckdbLimit below.
  const spill = { tempDirectory, memoryLimit };
  // The checks' limit: half of it as a rule (checksMemoryLimit).
  const checksLimit = checksMemoryLimit(memoryLimit);
  const opened = await openBuildDatabase(cachePath, version, specs, { tempDirectory, threads: options.duckdbThreads, memoryLimit });
  if (opened.warning) issues.push(opened.warning);
  const db = opened.db;
  // While the page workers run (each holds ~170 MB of its own) DuckDB gets half its limit: it only
  // appends then, and spills the tables past it. The checks too get half as a rule: they run in
  // batches of pages small enough for it (checkBatchPagesUnder). So does the write phase (the
  // checks' limit): its largest query, the workbook's, reads each table from a sorted copy
  // (workbook.ts, writeSheet) and fits it at 100,000 articles.
  const setDuckdbLimit = async (limit: string | null) => {
    if (limit === null) return;
    await db.connection.run(`SET memory_limit = ${sqlString(limit)}`);
    spill.memoryLimit = limit;
  };
  const cached = opened.pages;
  let runner: PageRunner | null = null;
  // For DuckDB's resource errors: where the build was.
  let stage = 'loading the pages';
  try {
    // Pages to make again: every page whose key changed since it was cached, and pages gone from raw/.
    timer.start('decode');
    const keyOf = (name: string, sha256: string) => pageKey(sha256, manifest.entries.get(name) ?? null, ctx.entriesBySource.get(sourceId(name)) ?? []);
    const reusable = new Set<string>();
    if (cached.size) {
      for (const name of pageNames) {
        const c = cached.get(name);
        if (c && c.key === keyOf(name, sha256Of(readFileSync(path.join(dataDir, 'raw', name))))) reusable.add(name);
      }
    }
    timer.stop('decode');
    timer.start('load');
    await forgetPages(db.connection, specs, [...cached.keys()].filter((n) => !reusable.has(n)));
    const loader = await TableLoader.open(db.connection, specs);
    // Reference data first: the divisions places link to.
    const divisions = divisionRows({ divisions: loadDivisions(referencePath) });
    appendAll(issues, validatePageRows(specs, divisions));
    tables.divisions += divisions.divisions.length;
    if (errorsOf(issues).length === 0) loader.append('divisions', divisions.divisions.map((r) => r.row as unknown as Record<string, unknown>));
    timer.stop('load');
    // The issues of the pages follow: a shard keeps them, a build from shards takes them from each shard in turn.
    const pageIssuesFrom = issues.length;

    const toMake = pageNames.length - reusable.size;
    const workers = options.recover || toMake === 0 ? 0 : Math.min(options.workers ?? defaultWorkers(toMake), toMake);
    runner = workers > 0
      ? workerRunner(workers, { schemaDir: options.schemaDir, referenceDir: referencePath, factEntries: curationInput.entries, layoutEntries: layoutInput.entries, limits }, await pageWorkerScript())
      : inThreadRunner(ctx);
    if (workers > 0) await setDuckdbLimit(halfOf(memoryLimit));
    const run = runner.run.bind(runner);
    const made: (CachedPage & { name: string })[] = [];
    const madeSources: string[] = [];
    // Source pages seen: text pages, and each page (or unreadable file) of a PDF.
    let sourceCount = 0;
    let done = 0;
    const pagesStart = performance.now();
    const collectIfGrown = heapGrowthCollector(COLLECT_AFTER_BYTES);
    phases.phase('pages');
    // Made elsewhere: the shards' issues, left-out pages and matches, in page order, as if made here.
    if (fromShards) {
      timer.start('load');
      loader.close();
      const loading = await checkShardColumns(db.connection, specs, shards);
      if (!loading.length) appendAll(loading, await loadShards(db.connection, specs, shards));
      timer.stop('load');
      if (loading.length) return report([...issues, ...loading], tables, [], null, { recovered });
      for (const { manifest: m } of shards) {
        appendAll(issues, m.issues);
        countMatches(m.curation_matches);
        for (const [t, n] of Object.entries(m.tables)) tables[t] += n;
        appendAll(quarantined, m.quarantined);
        appendAll(leftOutRows, m.left_out_sources);
        done += m.made;
        // Source pages the shard saw: those it kept (their sources rows) and those it left out.
        sourceCount += (m.tables.sources ?? 0) + m.quarantined.length;
        for (const [stage, seconds] of Object.entries(m.timings.stages)) if (['decode', 'layout', 'extract', 'validate'].includes(stage)) timer.add(stage as keyof PageResult['timings'], seconds);
      }
    }
    const reopened = fromShards ? await TableLoader.open(db.connection, specs) : loader;
    // A shard: the page-level checks over its rows, then the rows and what the merge needs of the
    // pages, written as the shard folder. A failed check leaves no page out here: the merge then
    // runs every check and leaves pages out as an unsharded build does, so both publish the same.
    const finishShard = async (spec: ShardSpec, from: number, made: number): Promise<BuildReport> => {
      stage = 'the checks';
      timer.start('check');
      const pageChecks = checks.filter((c) => c.scope === 'page');
      const results: CheckResult[] = [];
      if (errorsOf(issues).length === 0) {
        const batches = await pageBatches(db.connection, specs, options.checkBatchPages ?? CHECK_BATCH_PAGES);
        await runChecksOverPages(db.connection, specs, pageChecks, batches, false, async (check, k, batch) => {
          const result = await runCheck(db.connection, check).catch(async (e: unknown) => { throw await duckdbResourceError(e, `check ${check.name}${batch ? ` (${batch})` : ''}`, spill); });
          results[k] = mergeCheckResults(results[k], result);
        });
      }
      timer.stop('check');
      const failed = results.filter((r) => !r.passed).map((r) => r.name);
      if (failed.length) log(`shard: ${failed.length} page-level check${failed.length === 1 ? '' : 's'} failed (${failed.join(', ')}); the merge runs every check`);
      stage = 'writing the shard';
      timer.start('write');
      const matches: CurationMatch[] = [];
      for (const [entry, n] of [...ctx.curation.matches, ...ctx.layoutCuration.matches]) if (n > 0) matches.push({ file: entry.file, line: entry.line, matches: n });
      const pages: ShardManifest['pages'] = pageNames.map((name) => ({ name, sha256: hashOf(readFileSync(path.join(dataDir, 'raw', name))) }));
      const timings = timer.result();
      const shardManifest: ShardManifest = {
        format: SHARD_FORMAT, shard: spec, code_version: version, inputs_hash: inputs, options: shardOptions, pages,
        issues: issues.slice(from), curation_matches: matches,
        tables: Object.fromEntries(Object.entries(tables).filter(([t]) => t !== 'divisions' && t !== 'curation_entries')),
        quarantined, left_out_sources: leftOutRows, checks: { passed: errorsOf(issues).length === 0 && failed.length === 0, failed }, made,
        timings: { stages: timings.stages, wall: timings.wall },
      };
      await writeShard(db.connection, specs, outDir, shardManifest);
      timer.stop('write');
      log(`shard ${spec.k} of ${spec.n}: ${pageNames.length} raw files, written to ${outDir}`);
      return report(issues, tables, results, null, { timings: reportTimings(), pages: { made, cached: 0, workers, checked: results.length ? pageNames.length : 0 }, memory: phases.memory(), quarantined: [...quarantined].sort((a, b) => (a.source_id < b.source_id ? -1 : 1)), recovered, shard: { ...spec, path: outDir } });
    };
    await runInOrder(
      timedPages(sourcePages(dataDir, pageNames, { maxBytes: MAX_PDF_BYTES, maxPages: MAX_PDF_PAGES, ...options.pdfLimits }), timer),
      PAGES_IN_FLIGHT_PER_WORKER * Math.max(1, workers),
      ({ name, pdf, leftOut }) => {
        if (leftOut) return null;
        // A PDF page was read (and timed) as its file was opened; it is recovered where it is made.
        if (pdf) return run({ name, bytes: new Uint8Array(0), sha256: pdf.sha256, manifest: manifest.entries.get(pdf.file.slice('raw/'.length)) ?? null, pdf }).then((result) => Object.assign(result, { key: '' }));
        if (reusable.has(name)) return null;
        // Read here (pages are small; a synchronous read keeps the timing honest), decoded where the page is made.
        const t0 = performance.now();
        const bytes = readFileSync(path.join(dataDir, 'raw', name));
        const sha256 = sha256Of(bytes);
        const key = keyOf(name, sha256);
        timer.add('decode', (performance.now() - t0) / 1000);
        const size = bytes.length;
        return run({ name, bytes, sha256, manifest: manifest.entries.get(name) ?? null }).then((result) => Object.assign(result, { key, sha256, size }));
      },
      ({ name, pdf, leftOut }, result) => {
        progress('pages', done++, pageNames.length, name);
        sourceCount++;
        if (leftOut) {
          // A PDF file or page that could not be read: left out like any bad page, or the build's error.
          if (strict) {
            issues.push(leftOut.issue);
            return;
          }
          const { q, row } = quarantinedPdf(name, leftOut, manifest.entries.get(leftOut.file.slice('raw/'.length)) ?? null);
          quarantined.push(q);
          leftOutRows.push(row as unknown as Record<string, unknown>);
          issues.push(asWarning(leftOut.issue), leftOutWarning(q));
          return;
        }
        const page = result ?? { name, ...cached.get(name)! };
        const pageErrors = result ? errorsOf(result.issues) : [];
        if (result && !strict && pageCanBeQuarantined(name, pageErrors)) {
          // Left out: its problems become warnings, its rows are not loaded, its sources row says why.
          const q = quarantinedFromIssue(name, pageErrors[0]);
          quarantined.push(q);
          if (pdf) {
            const m = manifestForPage(manifest.entries.get(pdf.file.slice('raw/'.length)) ?? null, pdf.pageNo, pdf.pageCount);
            leftOutRows.push(leftOutSourceRow(name, pdf.sha256, pdf.bytes, m, result.known, q, pdf) as unknown as Record<string, unknown>);
          } else {
            const { sha256, size } = result as PageResult & { sha256: string; size: number };
            leftOutRows.push(leftOutSourceRow(name, sha256, size, manifest.entries.get(name) ?? null, result.known, q) as unknown as Record<string, unknown>);
          }
          for (const i of result.issues) issues.push(asWarning(i));
          issues.push(leftOutWarning(q));
          countMatches(result.curationMatches);
          madeSources.push(sourceId(name));
          for (const [stage, seconds] of Object.entries(result.timings)) timer.add(stage as keyof PageResult['timings'], seconds);
          return;
        }
        for (const i of page.issues) issues.push(i);
        countMatches(page.curationMatches);
        for (const [t, n] of Object.entries(page.counts)) tables[t] += n;
        if (result === null) return;
        madeSources.push(sourceId(name));
        for (const [stage, seconds] of Object.entries(result.timings)) timer.add(stage as keyof PageResult['timings'], seconds);
        // A page with an error loads nothing (nothing will be published) and is not cached.
        if (errorsOf(result.issues).length) return;
        const t0 = performance.now();
        for (const t of TABLE_NAMES) if (result.rows[t]) reopened.append(t, result.rows[t]);
        if (done % FLUSH_EVERY_PAGES === 0) {
          reopened.flush();
          collectIfGrown();
        }
        timer.add('load', (performance.now() - t0) / 1000);
        if (!opened.cache) return;
        made.push({ name, key: (result as PageResult & { key: string }).key, issues: result.issues, curationMatches: result.curationMatches, counts: result.counts });
        // Written in batches, so what the cache remembers never piles up in memory.
        if (made.length >= 2000) return rememberPages(db.connection, made.splice(0));
      },
    );
    timer.wall('pages', (performance.now() - pagesStart) / 1000);
    await runner.close();
    runner = null;
    // The pages' garbage would otherwise stay in the heap through the checks and the write.
    collectGarbage();
    if (shard) {
      if (workers > 0) await setDuckdbLimit(memoryLimit);
      reopened.close();
      return await finishShard(shard, pageIssuesFrom, madeSources.length);
    }

    await setDuckdbLimit(checksLimit);
    timer.start('load');
    // Entries anchored to a page left out cannot have matched: they are not checked (nor published).
    const outSources = new Set(quarantined.map((q) => q.source_id));
    const entries = { ...emptyPageRows(), curation_entries: [...ctx.curation.entryRows(), ...ctx.layoutCuration.entryRows()].filter((e) => !outSources.has(articleSource(e.row.target))) };
    appendAll(issues, validatePageRows(specs, entries));
    tables.curation_entries += entries.curation_entries.length;
    if (errorsOf(issues).length === 0) reopened.append('curation_entries', entries.curation_entries.map((r) => r.row as unknown as Record<string, unknown>));
    reopened.close();
    await rememberPages(db.connection, made);
    if (opened.cache?.warm) {
      await sealPages(db.connection, specs);
      await markCacheReady(db.connection);
    }
    else if (opened.cache) await persistCache(db.connection, specs);
    timer.stop('load');
    // Cached pages that passed every check before need no checking again (src/db/check-scope.ts).
    // A merge runs every check: shard folders come from elsewhere, and a shard's word that its
    // page-level checks passed is not evidence (about 20 s per 100k articles).
    const scoped = fromShards ? false : opened.checksPassed && toMake <= listing.names.length / 2;
    let checked = 0;
    const extra = () => ({ timings: reportTimings(), pages: { made: fromShards ? done : madeSources.length, cached: reusable.size, workers, checked }, memory: phases.memory(), quarantined: [...quarantined].sort((a, b) => (a.source_id < b.source_id ? -1 : 1)), recovered });
    if (fromShards) log(`pages: ${done} made in ${shards.length} shards`);
    else log(`pages: ${madeSources.length} made${workers ? ` on ${workers} worker threads` : ''}, ${reusable.size} from the cache`);
    if (errorsOf(issues).length) return report(issues, tables, [], null, extra());

    // Checks
    stage = 'the checks';
    timer.start('check');
    phases.phase('check');
    // Checks only count and list rows: no order to keep, which lets DuckDB stream and spill more.
    await db.connection.run('SET preserve_insertion_order = false');
    // Page-level checks run over the pages made again (see above), or in batches of pages when there
    // are many; a check that sees every row runs first, before any scope.
    const checksBytes = bytesOf(checksLimit);
    const batchPages = options.checkBatchPages ?? (checksBytes === null ? CHECK_BATCH_PAGES : checkBatchPagesUnder(checksBytes));
    const batchesOf = async (skip: ReadonlySet<string>) => scoped ? listedBatches(madeSources.filter((id) => !skip.has(id)).sort(), batchPages) : await pageBatches(db.connection, specs, batchPages);
    const batches = await batchesOf(outSources);
    const pageChecks = checks.filter((c) => c.scope === 'page').length;
    const batched = scoped || batches.length > 1;
    const over = `${fromShards && scoped ? 'no page: every shard passed them' : scoped ? `the ${toMake} page${toMake === 1 ? '' : 's'} made again` : 'every page'}${batches.length > 1 ? `, in ${batches.length} batches of up to ${batchPages} pages` : ''}`;
    log(`running ${checks.length} checks${batched ? ` (page-level ones over ${over})` : ''}`);
    // Pages whose rows break a page-level check, found while the check's scope is set up; a failed
    // check whose rows name no page (or a corpus-wide one) cannot be quarantined.
    const offenders = new Map<string, QuarantinedPage>();
    // Source ids to raw file names: a name outside the id characters gets a derived id (rows.ts).
    const fileNames = new Map(listing.names.map((n) => [sourceId(n), n]));
    // A PDF page's source id names its file and page (`x.pdf-p2` → `x.pdf#page=2`).
    const nameOf = (source: string) => fileNames.get(source) ?? pdfPageFile(source)?.slice('raw/'.length) ?? `${source}.txt`;
    let recount = false;
    let unattributable = false;
    const runChecks = async (over: readonly PageSet[], collect: boolean): Promise<CheckResult[]> => {
      const results: CheckResult[] = new Array(checks.length);
      let ran = 0;
      await runChecksOverPages(db.connection, specs, checks, over, scoped, async (check, k, batch) => {
        progress('checks', ran++, checks.length + pageChecks * Math.max(0, over.length - 1), check.name);
        const where = `check ${check.name}${batch ? ` (${batch})` : ''}`;
        const result = await runCheck(db.connection, check).catch(async (e: unknown) => { throw await duckdbResourceError(e, where, spill); });
        results[k] = mergeCheckResults(results[k], result);
        if (!collect || result.passed) return;
        const pages = check.scope === 'page' ? await violatingPages(db.connection, check).catch(async (e: unknown) => { throw await duckdbResourceError(e, where, spill); }) : null;
        if (pages === null) unattributable = true;
        else for (const [source, at] of pages) if (!offenders.has(source)) offenders.set(source, quarantinedByCheck(source, nameOf(source), check, at));
      });
      return results;
    };
    let results = await runChecks(batches, !strict);
    if (offenders.size && !unattributable) {
      // Quarantine: the failures become warnings, the pages' rows leave every table, their sources
      // rows are kept aside (published marked as left out), and every check runs again over the
      // rows that are left, which must pass them all.
      for (const r of results) for (const i of checkIssues(r, fileNames)) issues.push(asWarning(i));
      const ids = [...offenders.keys()].sort();
      log(`leaving out ${ids.length} page${ids.length === 1 ? '' : 's'} that broke a check: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`);
      for (const row of await leavePagesOut(db.connection, specs, ids.map((id) => ({ sourceId: id, name: nameOf(id) })), opened.cache)) {
        const q = offenders.get(String(row.source_id))!;
        quarantined.push(q);
        issues.push(leftOutWarning(q));
        leftOutRows.push({ ...row, left_out: true, left_out_reason: leftOutReason(q) });
        outSources.add(q.source_id);
      }
      if (specs.some((s) => s.table === 'curation_entries')) {
        const list = ids.map(sqlString).join(', ');
        await db.connection.run(`DELETE FROM curation_entries WHERE target IN (${list}) OR regexp_replace(target, '-[0-9a-f]{12}$', '') IN (${list})`);
      }
      recount = true;
      results = await runChecks(await batchesOf(outSources), false);
    }
    checked = scoped ? toMake : listing.names.length;
    for (const r of results) appendAll(issues, checkIssues(r, fileNames));
    if (opened.cache && results.every((r) => r.passed)) await markChecksPassed(db.connection);
    timer.stop('check');
    if (errorsOf(issues).length) return report(issues, tables, results, null, extra());

    // The sources rows of the pages left out, marked so, join the release.
    if (leftOutRows.length) {
      if (quarantined.length >= sourceCount) {
        issues.push(issue({ code: 'every-page-left-out', file: 'raw', what: 'every page was left out of the release (see the warnings): nothing to publish', expected: 'at least one page that builds and passes every check', got: `${quarantined.length} pages left out` }));
        return report(issues, tables, results, null, extra());
      }
      const rows = { ...emptyPageRows(), sources: leftOutRows.map((row) => ({ row: row as unknown as SourcesRow, at: { file: String(row.file), line: null } })) };
      appendAll(issues, validatePageRows(specs, rows));
      if (errorsOf(issues).length) return report(issues, tables, results, null, extra());
      const loader = await TableLoader.open(db.connection, specs.filter((s) => s.table === 'sources'));
      loader.append('sources', leftOutRows);
      loader.close();
      if (!recount) tables.sources += leftOutRows.length;
    }
    if (recount) {
      for (const t of TABLE_NAMES) if (specs.some((s) => s.table === t)) tables[t] = Number((await db.connection.runAndReadAll(`SELECT count(*) FROM ${t}`)).getRows()[0][0]);
    }

    // Publish
    // A failed write (a full disk) is an environment error: publishing removes its temporary folder.
    stage = 'writing the release';
    await setDuckdbLimit(checksLimit);
    timer.start('write');
    phases.phase('write');
    const published = await publishRelease({ connection: db.connection, specs, dataset, created, counts: tables, outDir, rootDescriptor: options.rootDescriptor ?? null, rootChangelog: options.rootChangelog ?? null, log, progress,
      stepStarted: (name) => {
        const phase = name === null ? 'write' : `write.${name.replace(/ /g, '_')}`;
        timer.phase(name === null ? null : phase);
        phases.phase(phase);
      },
      docs: { checks: results.map(({ name, description }) => ({ name, description })), knownLimits: await readKnownLimits(dataDir), leftOut: [...quarantined].sort((a, b) => (a.source_id < b.source_id ? -1 : 1)).map((q) => ({ file: q.path, reason: leftOutReason(q) })) }, fault: options.publishFault, backgroundBytes: options.backgroundBytes })
      .catch(async (e: unknown) => { throw writeFailure(await duckdbResourceError(e, stage, spill), outDir); });
    timer.stop('write');
    phases.phase(null);
    appendAll(issues, published.issues);
    recovered.push(...published.recovered);
    if (published.release) log(`published ${published.release.path} (${published.release.status}, ${published.release.files.length} files)`);
    const final = report(issues, tables, results, published.release, extra());
    // Published, but its pointers are behind: an environment error, though the release exists.
    if (published.issues.some((i) => i.code === 'publish-incomplete')) final.exit_code = 2;
    return final;
  } catch (e) {
    throw await duckdbResourceError(e, stage, spill);
  } finally {
    phases.stop();
    await runner?.close();
    db.close();
    await rm(tempDirectory, { recursive: true, force: true });
  }
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
