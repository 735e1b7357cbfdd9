/** Release test helpers: small data folders, builds with the synthetic page, re-sealing a tampered release. */
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type BuildOptions, type BuildReport } from '../../src/build.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { stableJson } from '../../src/publish/build-descriptor.ts';
import type { RecoveredPage } from '../../src/recover/index.ts';
import { CHECKSUMS_FILE, renderChecksums } from '../../src/release/checksums.ts';
import { listFiles } from '../../src/release/list-files.ts';
import { resourceRelation } from '../../src/release/read-resource.ts';
import { PAGE, PAGE_TEXT, REPO, tempDir } from './fixtures.ts';
import { sharedRelease, type SeedRelease } from './seed-release.ts';

export const quiet = { log: () => {}, env: {} };

const MANIFEST_HEADER = 'file,newspaper,issue_date,issue_date_earliest,issue_date_latest,page,notes';

/**
 * A data folder with the given raw pages (name → text), a manifest entry for each and the repo's
 * dataset.json with `version`. Pages default to one synthetic page.
 */
export async function syntheticData(dir: string, version: string, pages: Record<string, string> = { 'p01_test.txt': PAGE_TEXT }): Promise<string> {
  const data = path.join(dir, 'data');
  await mkdir(path.join(data, 'raw'), { recursive: true });
  for (const [name, text] of Object.entries(pages)) await writeFile(path.join(data, 'raw', name), text);
  await writeFile(path.join(data, 'manifest.csv'), [MANIFEST_HEADER, ...Object.keys(pages).map((n) => `${n},焦作日报,2022-01-27,,,,test page`)].join('\n') + '\n');
  await cp(path.join(REPO, 'data/dataset.json'), path.join(data, 'dataset.json'));
  await setVersion(data, version);
  return data;
}

/** Sets `version` in `<data>/dataset.json`. */
export async function setVersion(data: string, version: string): Promise<void> {
  const file = path.join(data, 'dataset.json');
  const dataset = JSON.parse(await readFile(file, 'utf8'));
  dataset.version = version;
  await writeFile(file, JSON.stringify(dataset, null, 2) + '\n');
}

/** Recovery stand-in: the synthetic page for any text, optionally altered. */
export const syntheticRecover = (alter: (p: RecoveredPage, text: string) => RecoveredPage = (p) => p) => (text: string) => alter(structuredClone(PAGE), text);

/** Builds `data` into `out` with the synthetic page (unless `recover` is given). */
export function buildSynthetic(data: string, out: string, options: Partial<BuildOptions> = {}): Promise<BuildReport> {
  return build({ dataDir: data, outDir: out, recover: syntheticRecover(), ...options }, quiet);
}

/**
 * The synthetic page built as release 0.1.0 into `<dir>/dist` (buildSynthetic of syntheticData),
 * once per test run and shared by the test files that need it (sharedRelease): read it, or copy
 * its folder (the parent of `release`) to change it.
 */
export function sharedSyntheticRelease(prefix: string): Promise<SeedRelease> {
  return sharedRelease('synthetic', prefix, async (p) => {
    const dir = await tempDir(p);
    const report = await buildSynthetic(await syntheticData(dir, '0.1.0'), path.join(dir, 'dist'));
    if (!report.release) throw new Error(`synthetic build failed: ${JSON.stringify(report.errors)}`);
    return { dir, release: report.release.path, report };
  });
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/**
 * Makes a tampered release consistent again, as a careless or malicious producer would: rewrites
 * each Parquet file from its (edited) CSV twin, then the descriptor's bytes and hashes, then
 * SHA256SUMS. What verify still finds is then what is wrong with the data itself.
 */
export async function reseal(dir: string, options: { parquet?: boolean } = {}): Promise<void> {
  const file = path.join(dir, 'datapackage.json');
  const descriptor = JSON.parse(await readFile(file, 'utf8'));
  if (options.parquet !== false) {
    const db = await openDatabase({ tempDirectory: dir, memoryLimit: '256MB' });
    try {
      await db.connection.run('SET threads = 1');
      for (const r of descriptor.resources.filter((x: { format: string }) => x.format === 'parquet')) {
        const csv = descriptor.resources.find((x: { name: string }) => x.name === r.name.replace(/-parquet$/, ''));
        const target = path.join(dir, r.path).replace(/'/g, "''");
        await db.connection.run(`COPY (SELECT * FROM ${resourceRelation(csv, dir)}) TO '${target}' (FORMAT parquet, COMPRESSION zstd)`);
      }
    } finally {
      db.close();
    }
  }
  for (const r of descriptor.resources) {
    const buf = await readFile(path.join(dir, r.path));
    r.bytes = buf.length;
    r.hash = `sha256:${sha256(buf)}`;
  }
  await writeFile(file, stableJson(descriptor));
  await resealChecksums(dir);
}

/** Rewrites SHA256SUMS from the files as they are. */
export async function resealChecksums(dir: string): Promise<void> {
  const files = (await listFiles(dir)).filter((f) => f !== CHECKSUMS_FILE);
  const entries = await Promise.all(files.map(async (f) => ({ path: f, sha256: sha256(await readFile(path.join(dir, f))) })));
  await writeFile(path.join(dir, CHECKSUMS_FILE), renderChecksums(entries));
}
