/**
 * The releases in an output folder: `<out>/<version>/datapackage.json`, one immutable folder per
 * version, found by listing and ordered by SemVer. And what is derived from them: the
 * `<out>/latest.json` pointer, the repository-root descriptor and CHANGELOG.md.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { BuildError } from '../issues.ts';
import { stableJson } from '../publish/build-descriptor.ts';
import { writeFileAtomic } from '../publish/replace-dir.ts';
import { validateDescriptor } from '../publish/validate-descriptor.ts';
import { archiveName } from './archive.ts';
import { CHANGES_FILE, type ReleaseChanges } from './changes.ts';
import { renderChangelog } from './render-changelog.ts';
import type { PackageDescriptor } from './schema-diff.ts';
import { compareVersions, parseVersion } from './semver.ts';

export const DESCRIPTOR_FILE = 'datapackage.json';
export const LATEST_FILE = 'latest.json';

export interface Release {
  version: string;
  /** `<out>/<version>`. */
  dir: string;
  descriptor: PackageDescriptor;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw BuildError.of({ code: 'invalid-previous-release', file, what: 'a released file cannot be read', expected: 'valid JSON', got: (e as Error).message });
  }
}

/**
 * Every release in `outDir`, oldest first: subfolders named as a version that hold a
 * datapackage.json. Temporary folders (`.tmp-*`) and anything else are not releases.
 */
export async function listReleases(outDir: string): Promise<Release[]> {
  let entries;
  try {
    entries = await readdir(outDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const releases: Release[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !parseVersion(e.name)) continue;
    const file = path.join(outDir, e.name, DESCRIPTOR_FILE);
    if (!(await exists(file))) continue;
    releases.push({ version: e.name, dir: path.join(outDir, e.name), descriptor: (await readJson(file)) as PackageDescriptor });
  }
  return releases.sort((a, b) => compareVersions(a.version, b.version));
}

/** The changes.json of every release that has one, newest first. */
export async function readAllChanges(releases: readonly Release[]): Promise<ReleaseChanges[]> {
  const out: ReleaseChanges[] = [];
  for (const r of [...releases].reverse()) {
    const file = path.join(r.dir, CHANGES_FILE);
    if (await exists(file)) out.push((await readJson(file)) as ReleaseChanges);
  }
  return out;
}

export interface LatestPointer {
  version: string;
  /** The release folder, relative to latest.json. */
  path: string;
  descriptor: string;
  /** The archive beside the folder, relative to latest.json. */
  archive: string;
}

export interface RootOutputs {
  /** The repository-root datapackage.json: the newest release, paths relative to its own folder. */
  descriptor?: string | null;
  /** The repository-root CHANGELOG.md, from every release's changes.json. */
  changelog?: string | null;
}

/**
 * Rewrites what points at the newest release, each file atomically: `<out>/latest.json`, and the
 * root descriptor and changelog when asked. Derived from the release folders on disk, so they are
 * right whichever release this build wrote (or found already there). `beforeWrite` is the publish
 * fault hook (src/release/publish-state.ts).
 */
export async function updatePointers(outDir: string, root: RootOutputs, beforeWrite: (which: 'root descriptor' | 'root changelog' | 'latest') => void | Promise<void> = () => {}): Promise<LatestPointer | null> {
  const releases = await listReleases(outDir);
  const newest = releases[releases.length - 1];
  if (!newest) return null;
  const name = String(newest.descriptor.name);
  const latest: LatestPointer = {
    version: newest.version,
    path: newest.version,
    descriptor: `${newest.version}/${DESCRIPTOR_FILE}`,
    archive: archiveName(name, newest.version),
  };
  if (root.descriptor) {
    const prefix = path.relative(path.dirname(root.descriptor), newest.dir).split(path.sep).join('/') + '/';
    const descriptor = structuredClone(newest.descriptor);
    for (const r of descriptor.resources) {
      if (typeof r.path === 'string') r.path = prefix + r.path;
      else if (Array.isArray(r.path)) r.path = r.path.map((p) => (typeof p === 'string' ? prefix + p : p));
    }
    const invalid = validateDescriptor(descriptor, path.basename(root.descriptor));
    if (invalid.length) throw new BuildError(invalid);
    await beforeWrite('root descriptor');
    await writeFileAtomic(root.descriptor, stableJson(descriptor));
  }
  if (root.changelog) {
    await beforeWrite('root changelog');
    await writeFileAtomic(root.changelog, renderChangelog(await readAllChanges(releases)));
  }
  await beforeWrite('latest');
  await writeFileAtomic(path.join(outDir, LATEST_FILE), stableJson(latest));
  return latest;
}
