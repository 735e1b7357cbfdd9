/**
 * Publishing as a small state machine whose every step is one atomic file-system operation, so a
 * failure or a kill at any point leaves the output folder in a state the next build recognizes
 * and finishes (or undoes) before anything else.
 *
 * A version V is *published* when `<out>/V/datapackage.json` exists (that is all listReleases
 * looks at). It is *complete* when also its archive is beside it and latest.json, the root
 * descriptor and the root changelog follow the releases on disk. Steps, each preceded by the
 * fault hook of the same name (tests inject failures and kills there):
 *
 *   stage            write V into `<out>/.tmp-<pid>/V/` and its archive into `<out>/.tmp-<pid>/` (private;
 *                    publish-release.ts). A failure or kill here: V absent; `.tmp-<pid>` is removed by
 *                    this build on failure, or by the next build once pid is dead.
 *   intent           write `<out>/.publish.json` (atomically): version, archive, staging folder. The commit
 *                    point: from here on V is finished by whoever holds the lock next.
 *   archive          rename the staged archive to `<out>/<name>-V.zip`. Not yet a release (no folder).
 *   folder           rename the staged folder to `<out>/V`: V is published, with its archive.
 *   root descriptor  \
 *   root changelog    } rewrite each pointer atomically from the releases on disk (releases.ts).
 *   latest           /
 *   finish           delete the intent: V is complete.
 *
 * A failure (an exception) before `folder` is undone at once (archive and intent removed), so the
 * report's "nothing was published" is true; from `folder` on, the report names the release and a
 * `publish-incomplete` error, and the intent stays for the next build. After a kill, the next lock
 * holder reads the intent and rolls forward (renames what is still staged, rewrites the pointers)
 * when the staged folder or the published one is there, else rolls back (removes the archive).
 * It also writes again the archive of any release folder that lacks one (a build of the old
 * two-rename order killed between them), from the folder's own files and `created`, and removes
 * leftovers of dead builds: `.tmp-<pid>` folders, `*.tmp-<pid>` files and takeover guards.
 */
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BuildError, issue, type Issue } from '../issues.ts';
import { stableJson } from '../publish/build-descriptor.ts';
import { writeFileAtomic } from '../publish/replace-dir.ts';
import { archiveBase, archiveName, writeArchive } from './archive.ts';
import { comparePaths } from './checksums.ts';
import { sameBytes } from './file-bytes.ts';
import { listFiles } from './list-files.ts';
import { acquireLock, pidAlive, processStartTime, removeStaleGuards } from './lock.ts';
import { DESCRIPTOR_FILE, listReleases, updatePointers, type RootOutputs } from './releases.ts';

export const INTENT_FILE = '.publish.json';

/** The steps in order; the fault hook is called with each just before it runs. */
export const PUBLISH_STEPS = ['stage', 'intent', 'archive', 'folder', 'root descriptor', 'root changelog', 'latest', 'finish'] as const;
export type PublishStep = (typeof PUBLISH_STEPS)[number];
/** Called before each step; throws to inject a failure (or exits the process to inject a kill). */
export type FaultHook = (step: PublishStep) => void | Promise<void>;

/** What `<out>/.publish.json` records. */
interface Intent {
  version: string;
  /** The archive's file name in `<out>`. */
  archive: string;
  /** The staging folder's name in `<out>` (`.tmp-<pid>`), holding `<version>/` and the archive. */
  staging: string;
  pid: number;
  host: string;
  started: string | null;
}

/** Something the next build repaired, for its log and its report's `recovered`. */
export interface RecoveryAction {
  /**
   * `finished`: an interrupted publish rolled forward (V published, pointers rewritten);
   * `rolled-back`: one that never became visible undone; `archive-rebuilt`: a release folder's
   * missing archive written again from it; `leftover-removed`: a dead build's temporary folder or file.
   */
  action: 'finished' | 'rolled-back' | 'archive-rebuilt' | 'leftover-removed';
  version: string | null;
  /** The file or folder concerned, relative to the output folder. */
  path: string;
  message: string;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

const noFault: FaultHook = () => {};

/** `write-failed`-like, but true to the state: the release is published and only its pointers (or the intent's removal) are behind. */
export function publishIncomplete(outDir: string, version: string, what: string, e: unknown): Issue {
  const err = e as NodeJS.ErrnoException;
  return issue({
    code: 'publish-incomplete',
    file: err?.path ?? path.join(outDir, INTENT_FILE),
    what: `release ${version} is published in ${path.join(outDir, version)} with its archive, but ${what} failed; the next build finishes it (${INTENT_FILE} records what is left)`,
    expected: `room and permission to write in ${outDir}`,
    got: String(err?.message ?? e).replace(/ '[\s\S]*$/, ''),
  });
}

/** Paths that differ between two folders: in one only, or with other bytes (compared in chunks). */
async function differingFiles(a: string, b: string): Promise<string[]> {
  const [fa, fb] = [await listFiles(a), await listFiles(b)];
  const [sa, sb] = [new Set(fa), new Set(fb)];
  const out = [...fa.filter((f) => !sb.has(f)), ...fb.filter((f) => !sa.has(f))];
  for (const f of fa.filter((x) => sb.has(x))) {
    if (!(await sameBytes(path.join(a, f), path.join(b, f)))) out.push(f);
  }
  return out.sort(comparePaths);
}

function releaseExists(outDir: string, version: string, differ: string[]): Issue {
  const shown = differ.slice(0, 5).join(', ') + (differ.length > 5 ? `, … (${differ.length} files)` : '');
  return issue({
    code: 'release-exists',
    file: 'dataset.json',
    field: 'version',
    what: `release ${version} already exists in ${path.join(outDir, version)} and this build differs from it (${shown}); releases are never overwritten`,
    expected: 'a version not released yet (bump "version" in dataset.json)',
    got: JSON.stringify(version),
    value: differ,
  });
}

export interface CommitInput {
  outDir: string;
  /** The staging folder (`<out>/.tmp-<pid>`), holding `<version>/` and the archive, complete. */
  staging: string;
  version: string;
  /** The archive's file name. */
  archive: string;
  root: RootOutputs;
  log?: (line: string) => void;
  fault?: FaultHook;
}

export interface CommitResult {
  /** null: nothing published (`release-exists`). */
  status: 'created' | 'unchanged' | null;
  /** `release-exists`, or `publish-incomplete` with a status: published, pointers behind. */
  issues: Issue[];
}

/**
 * Moves a staged release into place (steps intent to finish). The caller holds the lock and has
 * run recoverOutput. Throws (with the output folder as it was) when a step before `folder` fails.
 */
export async function commitRelease(c: CommitInput): Promise<CommitResult> {
  const { outDir, version, archive } = c;
  const fault = c.fault ?? noFault;
  const log = c.log ?? (() => {});
  const stagedDir = path.join(c.staging, version);
  const stagedArchive = path.join(c.staging, archive);
  const finalDir = path.join(outDir, version);
  const finalArchive = path.join(outDir, archive);
  const intentFile = path.join(outDir, INTENT_FILE);
  const intent: Intent = { version, archive, staging: path.basename(c.staging), pid: process.pid, host: os.hostname(), started: processStartTime(process.pid) };

  let status: 'created' | 'unchanged';
  if (await exists(path.join(finalDir, DESCRIPTOR_FILE))) {
    const differ = await differingFiles(stagedDir, finalDir);
    if (differ.length === 0 && (await exists(finalArchive)) && !(await sameBytes(finalArchive, stagedArchive))) differ.push(archive);
    if (differ.length) return { status: null, issues: [releaseExists(outDir, version, differ)] };
    await fault('intent');
    await writeFileAtomic(intentFile, stableJson(intent));
    // Only a release left by an older build can lack its archive: this one is byte for byte its own.
    if (!(await exists(finalArchive))) {
      await fault('archive');
      await rename(stagedArchive, finalArchive);
      log(`release ${version} had no archive: added ${archive}`);
    }
    status = 'unchanged';
    log(`release ${version} already exists with identical bytes: left untouched`);
  } else {
    await fault('intent');
    await writeFileAtomic(intentFile, stableJson(intent));
    let moved = false;
    try {
      await fault('archive');
      await rename(stagedArchive, finalArchive);
      moved = true;
      await fault('folder');
      await rename(stagedDir, finalDir);
    } catch (e) {
      // Not visible yet: undo, so that "nothing was published" is true. Should the undo itself fail,
      // the intent makes the next build finish the job instead.
      if (moved) await rm(finalArchive, { force: true });
      await rm(intentFile, { force: true });
      throw e;
    }
    status = 'created';
  }
  let step = 'rewriting latest.json and the root files';
  try {
    await updatePointers(outDir, c.root, async (which) => {
      step = `writing ${which === 'latest' ? 'latest.json' : `the ${which}`}`;
      await fault(which);
    });
    step = `removing ${INTENT_FILE}`;
    await fault('finish');
    await rm(intentFile);
  } catch (e) {
    if (e instanceof BuildError) throw e;
    return { status, issues: [publishIncomplete(outDir, version, step, e)] };
  }
  return { status, issues: [] };
}

async function readIntent(outDir: string): Promise<Intent | null> {
  const file = path.join(outDir, INTENT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const i = JSON.parse(text);
    if (typeof i.version === 'string' && typeof i.archive === 'string' && typeof i.staging === 'string'
      && /^[^/\\]+$/.test(i.version) && /^[^/\\]+\.zip$/.test(i.archive) && /^\.tmp-\d+$/.test(i.staging)) return i as Intent;
  } catch {
    // reported below
  }
  throw BuildError.of({
    code: 'invalid-publish-intent',
    file,
    what: 'the record of an interrupted publish cannot be read, so it can be neither finished nor undone',
    expected: `JSON naming the version, archive and staging folder (written by the build); if no build is running, check ${outDir} by hand (a version folder without its archive, an archive without its folder) and delete the file`,
    got: JSON.stringify(text.slice(0, 80)),
  });
}

/** `.tmp-<pid>` folders and `<file>.tmp-<pid>` files of dead processes, and dead takeover guards. */
async function removeLeftovers(outDir: string, actions: RecoveryAction[]): Promise<void> {
  for (const name of await readdir(outDir)) {
    const m = /\.tmp-(\d+)$/.exec(name);
    if (!m || pidAlive(Number(m[1]))) continue;
    await rm(path.join(outDir, name), { recursive: true, force: true });
    actions.push({ action: 'leftover-removed', version: null, path: name, message: `removed ${name}, left by build ${m[1]}, which is gone` });
  }
  for (const name of await removeStaleGuards(outDir)) {
    actions.push({ action: 'leftover-removed', version: null, path: name, message: `removed ${name}, a lock takeover guard of a process that is gone` });
  }
}

/**
 * Brings the output folder back to a state of complete versions: finishes or undoes an interrupted
 * publish, rewrites missing archives, removes dead builds' leftovers. The caller holds the lock, so
 * whoever wrote what is found here is gone. Returns what it did (empty when nothing was needed).
 */
export async function recoverOutput(outDir: string, root: RootOutputs, log: (line: string) => void = () => {}): Promise<RecoveryAction[]> {
  const actions: RecoveryAction[] = [];
  const intent = await readIntent(outDir);
  if (intent) {
    const { version, archive } = intent;
    const staged = path.join(outDir, intent.staging);
    const finalDir = path.join(outDir, version);
    const finalArchive = path.join(outDir, archive);
    const done: string[] = [];
    if (!(await exists(finalArchive)) && (await exists(path.join(staged, archive)))) {
      await rename(path.join(staged, archive), finalArchive);
      done.push('archive moved into place');
    }
    if (!(await exists(finalDir)) && (await exists(path.join(staged, version, DESCRIPTOR_FILE))) && (await exists(finalArchive))) {
      await rename(path.join(staged, version), finalDir);
      done.push('folder moved into place');
    }
    const by = `build ${intent.pid}${intent.host === os.hostname() ? '' : ` on ${intent.host}`}`;
    if (await exists(path.join(finalDir, DESCRIPTOR_FILE))) {
      if (!(await exists(finalArchive))) {
        await rebuildArchive(outDir, version);
        done.push('archive written again');
      }
      await updatePointers(outDir, root);
      done.push('pointers rewritten');
      actions.push({ action: 'finished', version, path: version, message: `finished the publish of ${version} interrupted in ${by} (${done.join(', ')})` });
    } else {
      await rm(finalArchive, { force: true });
      actions.push({ action: 'rolled-back', version, path: archive, message: `undid the publish of ${version} interrupted in ${by} before it became visible (its staged files were gone)` });
    }
    await rm(path.join(outDir, INTENT_FILE));
  }
  for (const r of await listReleases(outDir)) {
    const name = String(r.descriptor.name);
    if (await exists(path.join(outDir, archiveName(name, r.version)))) continue;
    await rebuildArchive(outDir, r.version);
    actions.push({ action: 'archive-rebuilt', version: r.version, path: archiveName(name, r.version), message: `release ${r.version} had no archive: wrote ${archiveName(name, r.version)} again from its folder` });
  }
  await removeLeftovers(outDir, actions);
  for (const a of actions) log(`recovered: ${a.message}`);
  return actions;
}

/** The archive of a published release, from its folder: the same bytes the build that wrote it made. */
async function rebuildArchive(outDir: string, version: string): Promise<void> {
  const release = (await listReleases(outDir)).find((r) => r.version === version)!;
  const name = String(release.descriptor.name);
  const created = String(release.descriptor.created);
  await writeArchive(release.dir, await listFiles(release.dir), path.join(outDir, archiveName(name, version)), archiveBase(name, version), created);
}

/**
 * Recovery at the start of a build, before any other work: only when the output folder exists and
 * no live build holds its lock (that build is then the one to recover, and this one will do it
 * again under the lock when it publishes). A failure to finish is an environment error.
 */
export async function recoverAtStart(outDir: string, root: RootOutputs, log: (line: string) => void): Promise<RecoveryAction[]> {
  if (!(await stat(outDir).then((s) => s.isDirectory(), () => false))) return [];
  let lock;
  try {
    lock = await acquireLock(outDir);
  } catch (e) {
    if (e instanceof BuildError && e.issues[0].code === 'release-locked') return [];
    throw e;
  }
  try {
    return await recoverOutput(outDir, root, log);
  } catch (e) {
    throw recoveryFailure(outDir, e);
  } finally {
    await lock.release();
  }
}

/** A file-system error while recovering, as the environment error it is; others unchanged. */
export function recoveryFailure(outDir: string, e: unknown): unknown {
  if (e instanceof BuildError || !(e instanceof Error) || typeof (e as NodeJS.ErrnoException).syscall !== 'string') return e;
  return BuildError.of({
    code: 'publish-recovery-failed',
    file: (e as NodeJS.ErrnoException).path ?? outDir,
    what: `could not finish or undo an interrupted publish in ${outDir}; nothing else was done`,
    expected: `room and permission to write in ${outDir}`,
    got: e.message.replace(/ '[\s\S]*$/, ''),
  });
}
