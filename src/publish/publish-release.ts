import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { BuildError } from '../issues.ts';
import type { TableSpec } from '../schema/index.ts';
import { buildDescriptor, stableJson, type ReleaseFile } from './build-descriptor.ts';
import type { DatasetMetadata } from './dataset-metadata.ts';
import { renderReleaseReadme } from './render-release-readme.ts';
import { replaceDir, writeFileAtomic } from './replace-dir.ts';
import { validateDescriptor } from './validate-descriptor.ts';
import { verifyRelease } from './verify-release.ts';
import { fileStat, writeTables } from './write-tables.ts';

export interface PublishInput {
  connection: DuckDBConnection;
  specs: readonly TableSpec[];
  dataset: DatasetMetadata;
  created: string;
  /** Row count per table, for the README. */
  counts: Readonly<Record<string, number>>;
  outDir: string;
  /** Also write this descriptor (e.g. the repo-root datapackage.json), its paths relative to its own folder. */
  rootDescriptor?: string | null;
}

/** Every file under `dir`, relative, forward slashes, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * Writes the release into `<out>.tmp-<pid>`, verifies it (files read back, descriptor valid),
 * then swaps it into place. On any failure the temporary folder is removed and the previous
 * release is left untouched.
 */
export async function publishRelease(input: PublishInput): Promise<ReleaseFile[]> {
  const { connection, specs, dataset, created, outDir } = input;
  const tmp = `${outDir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  let files: ReleaseFile[];
  try {
    const tableFiles = await writeTables(connection, specs, tmp);
    const mismatches = await verifyRelease(connection, specs, tmp, tableFiles);
    if (mismatches.length) throw new BuildError(mismatches);

    const descriptor = buildDescriptor({ dataset, created, specs, files: tableFiles });
    const invalid = validateDescriptor(descriptor);
    if (invalid.length) throw new BuildError(invalid);
    await writeFile(path.join(tmp, 'datapackage.json'), stableJson(descriptor));
    await writeFile(path.join(tmp, 'README.md'), renderReleaseReadme(dataset, created, specs, input.counts));

    files = await Promise.all((await listFiles(tmp)).map((rel) => fileStat(tmp, rel)));

    if (input.rootDescriptor) {
      // Validate the root descriptor before swapping, so a bad one cannot leave a half-updated repo.
      const prefix = path.relative(path.dirname(input.rootDescriptor), outDir).split(path.sep).join('/') + '/';
      const root = buildDescriptor({ dataset, created, specs, files: tableFiles, pathPrefix: prefix });
      const rootInvalid = validateDescriptor(root, path.basename(input.rootDescriptor));
      if (rootInvalid.length) throw new BuildError(rootInvalid);
      await replaceDir(tmp, outDir);
      await writeFileAtomic(input.rootDescriptor, stableJson(root));
    } else {
      await replaceDir(tmp, outDir);
    }
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return files;
}
