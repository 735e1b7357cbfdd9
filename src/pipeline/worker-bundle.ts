/**
 * The page worker as plain JavaScript: page-worker.ts and the project modules it imports, bundled
 * into one file by esbuild (pinned at the version tsx runs on; packages stay imports), kept in
 * node_modules/.cache and made again when any of its sources changes.
 *
 * A worker started from it skips tsx: no loader thread answering each of its ~60 modules' resolve
 * and load, and no `keepNames` wrapper around every function it makes. That is about 0.7 s less CPU
 * at each worker's start (about a twentieth of a 2,000-page run on one worker). The code is the
 * same, so the rows are the same. Each module's `import.meta.url` is written into the bundle as
 * its own file's URL, so paths found from it (the schemas, the reference folder) do not move.
 * When the bundle cannot be made (esbuild missing, the cache not writable), or a worker must load
 * TypeScript of its own (`recoverModule`), workers run the sources through tsx (page-worker.mjs).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The worker run through tsx: TypeScript, compiled as it is loaded. */
export const TSX_WORKER = new URL('./page-worker.mjs', import.meta.url);

const ENTRY = fileURLToPath(new URL('./page-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'page-worker');
/** Bundles of different checkouts share the cache folder (a linked node_modules): each keeps its own list. */
const STATE_FILE = path.join(CACHE_DIR, `state-${sha256(ROOT).slice(0, 16)}.json`);

interface BundleState {
  key: string;
  /** Every source file the bundle was made of. */
  inputs: string[];
}

interface Esbuild {
  version: string;
  build(options: Record<string, unknown>): Promise<{ outputFiles: { contents: Uint8Array }[] }>;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The key of a bundle: esbuild's version, the checkout and every source file's path and content. */
function keyOf(version: string, sources: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256').update(`esbuild ${version}\0${ROOT}\0`);
  for (const [file, text] of [...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(file).update('\0').update(text).update('\0');
  return hash.digest('hex');
}

const bundleFile = (key: string) => path.join(CACHE_DIR, `page-worker-${key.slice(0, 32)}.mjs`);

function writeAtomically(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** The bundle made last in this checkout, when none of its sources has changed since. */
function cachedBundle(version: string): URL | null {
  let state: BundleState;
  try {
    state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as BundleState;
    const sources = new Map(state.inputs.map((f) => [f, readFileSync(f, 'utf8')]));
    if (keyOf(version, sources) !== state.key || !existsSync(bundleFile(state.key))) return null;
  } catch {
    return null;
  }
  return pathToFileURL(bundleFile(state.key));
}

let made: Promise<URL> | null = null;

/**
 * The script page workers run: the bundle (made now if its sources changed), or TSX_WORKER when
 * it cannot be had. Made once per process.
 */
export function pageWorkerScript(): Promise<URL> {
  return (made ??= makeBundle().catch(() => TSX_WORKER));
}

/** esbuild (a dependency pinned at the version tsx runs on); throws when it cannot be found. */
function loadEsbuild(): Esbuild {
  return createRequire(import.meta.url)('esbuild') as Esbuild;
}

/**
 * `entry` and the project modules it imports as one ES module of plain JavaScript (packages stay
 * imports), each module's `import.meta.url` written in as its own file's URL; `sources` receives
 * the text of every file bundled. Throws when esbuild is missing or the code does not bundle.
 */
export async function bundleJavaScript(entry: string, sources: Map<string, string> = new Map()): Promise<Uint8Array> {
  const esbuild = loadEsbuild();
  const ownUrls = {
    name: 'own-import-meta-url',
    setup(build: { onLoad(o: { filter: RegExp }, f: (a: { path: string }) => { contents: string; loader: string }): void }) {
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, ({ path: file }) => {
        const text = readFileSync(file, 'utf8');
        sources.set(file, text);
        const url = JSON.stringify(pathToFileURL(file).href);
        return { contents: text.replace(/\bimport\.meta\.url\b/g, url), loader: /\.[cm]?ts$/.test(file) ? 'ts' : 'js' };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    absWorkingDir: ROOT,
    plugins: [ownUrls],
  });
  return result.outputFiles[0].contents;
}

async function makeBundle(): Promise<URL> {
  const esbuild = loadEsbuild();
  const cached = cachedBundle(esbuild.version);
  if (cached) return cached;
  const sources = new Map<string, string>();
  const contents = await bundleJavaScript(ENTRY, sources);
  const key = keyOf(esbuild.version, sources);
  mkdirSync(CACHE_DIR, { recursive: true });
  writeAtomically(bundleFile(key), contents);
  let previous: string | null = null;
  try {
    previous = (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as BundleState).key;
  } catch {
    // no bundle made in this checkout before
  }
  writeAtomically(STATE_FILE, JSON.stringify({ key, inputs: [...sources.keys()].sort() } satisfies BundleState));
  if (previous && previous !== key) rmSync(bundleFile(previous), { force: true });
  return pathToFileURL(bundleFile(key));
}
