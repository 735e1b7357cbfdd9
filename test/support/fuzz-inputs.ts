/**
 * Fuzzing the build's inputs, as a hostile user would hand them over: mutated raw pages
 * (bytes flipped, inserted, cut; BOMs, NULs, other encodings, odd names), manifests and curation
 * files (fields, quoting, encodings, paths, NUL bytes) and, now and then, dataset.json. Each case
 * is a tiny data folder. Most cases run the build's input stages in-process, exactly as `build`
 * runs them (list, manifest, dataset metadata, curation, then each page under its limits); every
 * `fullEvery`-th case runs the whole command (`main(['build', …])`, in-process) into its own
 * output folder. What counts as a failure:
 *
 * - a crash: an exception that is not a coded BuildError, an `internal-error`, a stack trace on
 *   stderr, or an exit code other than 0, 1 or 2;
 * - a hang: the per-case time limit (the input stages run under withinTime; the whole command
 *   under the page limits and the caller's watchdog, see bench/fuzz.ts);
 * - a write outside the output folder: the data folder changed, a new entry beside it, or a
 *   build's temporary folder left in TMPDIR.
 *
 * Used by bench/fuzz.ts (`npm run fuzz -- --target inputs --runs N`) and, as a short fixed-seed
 * sample, by test/fuzz-inputs.test.ts.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readCuration, readLayoutCuration } from '../../src/curation/read-curation.ts';
import { FACT_TABLES } from '../../src/extract/article-facts.ts';
import { loadGazetteer } from '../../src/extract/divisions.ts';
import { listRawFiles, readManifest } from '../../src/inputs/index.ts';
import { BuildError } from '../../src/issues.ts';
import { main } from '../../src/cli.ts';
import { pageContext, processPage } from '../../src/pipeline/page-job.ts';
import { DEFAULT_PAGE_LIMITS, PageTimeout, withinTime, type PageLimits } from '../../src/pipeline/page-limits.ts';
import { readDatasetMetadata } from '../../src/publish/dataset-metadata.ts';
import { loadSchemas } from '../../src/schema/index.ts';
import { seededRandom } from './seeded-random.ts';

const REPO = new URL('../../', import.meta.url);
const RAW_PAGES = readdirSync(new URL('data/raw/', REPO)).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(new URL(`data/raw/${f}`, REPO), 'utf8'));
const MANIFEST = readFileSync(new URL('data/manifest.csv', REPO), 'utf8');
const DATASET = readFileSync(new URL('data/dataset.json', REPO), 'utf8');
const FACTS = readFileSync(new URL('data/curation/facts.csv', REPO), 'utf8');
const MANIFEST_HEADER = 'file,newspaper,issue_date,issue_date_earliest,issue_date_latest,page,notes';
const LAYOUT_HEADER = 'action,source_id,quote,field,value,note';


type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];

const NASTY = ['\u0000', '\ufeff', '\r', '\n', '\r\n', '"', ',', '""', '\\', '../', '..', '/', '\u2028', '\ud83d\ude00', '\uffff', '𠀀', '\t', '\u0085', '=cmd', '%s', '${x}', '😀', '\u200b', ' '];
const BYTES = [0x00, 0xff, 0xfe, 0xef, 0xbb, 0xbf, 0x80, 0xc0, 0xe0, 0xf0, 0xf8, 0x0d, 0x0a, 0x22, 0x2c, 0x1b];

/** Random byte-level damage: flips, inserted bytes or nasty strings, cuts, duplicated spans, BOMs, re-encodings. */
export function mutateBytes(r: Rand, input: Buffer): Buffer {
  let b = Buffer.from(input);
  const steps = 1 + int(r, 4);
  for (let s = 0; s < steps; s++) {
    const at = int(r, b.length + 1);
    switch (int(r, 10)) {
      case 0: if (b.length) b[Math.min(at, b.length - 1)] ^= 1 << int(r, 8); break;
      case 1: b = Buffer.concat([b.subarray(0, at), Buffer.from([pick(r, BYTES)]), b.subarray(at)]); break;
      case 2: b = Buffer.concat([b.subarray(0, at), Buffer.from(pick(r, NASTY)), b.subarray(at)]); break;
      case 3: b = b.subarray(0, at); break;
      case 4: b = Buffer.concat([b.subarray(0, at), b.subarray(int(r, b.length + 1))]); break;
      case 5: { const from = int(r, b.length + 1); b = Buffer.concat([b.subarray(0, at), b.subarray(from, from + int(r, 200)), b.subarray(at)]); break; }
      case 6: b = Buffer.concat([Buffer.from(pick(r, [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]])), b]); break;
      case 7: b = r() < 0.5 ? Buffer.from(b.toString('utf8'), 'utf16le') : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]); break;
      case 8: b = Buffer.from(b.toString('utf8').replace(/\n/g, pick(r, ['\r\n', '\r', '\n\n', '']))); break;
      default: break; // unchanged this step
    }
  }
  return b;
}

/** A few lines of a seed page, or a whole one. */
function pageText(r: Rand): string {
  const page = pick(r, RAW_PAGES);
  if (r() < 0.02) return page;
  const lines = page.split('\n');
  const start = int(r, lines.length);
  return lines.slice(start, start + 3 + int(r, 25)).join('\n') + '\n';
}

const NAMES = ['p01.txt', '002_x.txt', '...txt', '.hidden.txt', 'a b.txt', 'p-03.txt', 'P.04.txt', `${'n'.repeat(210)}.txt`, 'p05.TXT', 'p06.txt.bak', '页面.txt', 'p07.txt'];

/** A manifest row for `file`, with fields now and then wrong. */
function manifestRow(r: Rand, file: string): string {
  const date = r() < 0.8 ? `2022-0${1 + int(r, 9)}-${10 + int(r, 19)}` : pick(r, ['2022-02-30', '22-1-1', '', '2108-01-01', '0000-00-00', '2022-13-01']);
  const earliest = r() < 0.1 ? '2022-01-01' : '';
  const latest = r() < 0.1 ? pick(r, ['2021-01-01', '2022-12-31']) : '';
  const page = r() < 0.8 ? String(1 + int(r, 8)) : pick(r, ['0', '-1', 'x', '1.5', '99999999999999999999']);
  const quote = (v: string) => (r() < 0.2 ? `"${v.replace(/"/g, '""')}"` : v);
  return [quote(r() < 0.05 ? pick(r, ['../etc/passwd', '/abs.txt', '..', 'raw/p01.txt']) : file), quote(pick(r, ['焦作日报', '', '人民日报'])), date, earliest, latest, page, quote(pick(r, ['', 'note, with comma', 'line\nbreak']))].join(',');
}

export interface InputCase {
  seed: number;
  /** File name → bytes, relative to the data folder. */
  files: Map<string, Buffer>;
  /** Run the whole command, not only the input stages. */
  full: boolean;
}

/** The `index`-th case of a run with `seed`: a tiny data folder, mutated. */
export function inputCase(seed: number, full: boolean): InputCase {
  const r = seededRandom(seed);
  const files = new Map<string, Buffer>();
  const pages = 1 + int(r, 3);
  const names: string[] = [];
  for (let k = 0; k < pages; k++) {
    const name = r() < 0.85 ? `p0${k + 1}.txt` : pick(r, NAMES);
    names.push(name);
    let bytes: Buffer = Buffer.from(pageText(r));
    if (r() < 0.5) bytes = mutateBytes(r, bytes);
    files.set(`raw/${name}`, bytes);
  }
  let manifest: Buffer = Buffer.from([MANIFEST_HEADER, ...names.filter(() => r() < 0.9).map((n) => manifestRow(r, n))].join('\n') + '\n');
  if (r() < 0.05) manifest = Buffer.from(MANIFEST);
  if (r() < 0.3) manifest = mutateBytes(r, manifest);
  if (r() > 0.02) files.set('manifest.csv', manifest);
  let dataset: Buffer = Buffer.from(DATASET);
  if (r() < 0.05) dataset = mutateBytes(r, dataset);
  files.set('dataset.json', dataset);
  if (r() < 0.4) {
    const id = names[0].replace(/\.txt$/, '');
    const rows = [FACTS.split('\n')[0], `reject,dates,${id}-0123456789ab,1月2日,,,,a wrong date`, `correct,places,${id}-${'a'.repeat(12)},焦作,,name,焦作市,note`];
    let facts: Buffer = Buffer.from(rows.join('\n') + '\n');
    if (r() < 0.6) facts = mutateBytes(r, facts);
    files.set('curation/facts.csv', facts);
  }
  if (r() < 0.3) {
    const id = names[0].replace(/\.txt$/, '');
    let layout: Buffer = Buffer.from([LAYOUT_HEADER, `split,${id},${pageText(r).split('\n')[0].slice(0, 6)},,,a new article starts here`].join('\n') + '\n');
    if (r() < 0.6) layout = mutateBytes(r, layout);
    files.set('curation/layout.csv', layout);
  }
  return { seed, files, full };
}

/** What the input stages need, built once per process. */
export interface InputsContext {
  specs: ReturnType<typeof loadSchemas>;
  gazetteer: ReturnType<typeof loadGazetteer>;
  limits: PageLimits;
  /**
   * Whether a case running past twice the page time limit is a failure (`hang`): `npm run fuzz`'s
   * check. The tests leave hangs to the runner's timeout: no clock decides whether they pass.
   */
  hangLimit: boolean;
}

export function inputsContext(seconds = DEFAULT_PAGE_LIMITS.seconds, hangLimit = true): InputsContext {
  return { specs: loadSchemas(), gazetteer: loadGazetteer(new URL('data/reference/', REPO).pathname), limits: { ...DEFAULT_PAGE_LIMITS, seconds }, hangLimit };
}

async function treeHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries.map((x) => path.join(x.parentPath, x.name)).sort()) {
    hash.update(e);
    hash.update(await readFile(e).catch(() => Buffer.from('<dir>')));
  }
  return hash.digest('hex');
}

/** The problems a case shows (none: it passed). `root` is an empty folder of its own; `tmp` is TMPDIR. */
export async function runInputCase(c: InputCase, root: string, tmp: string, ctx: InputsContext): Promise<string[]> {
  const data = path.join(root, 'data');
  for (const [rel, bytes] of c.files) {
    await mkdir(path.dirname(path.join(data, rel)), { recursive: true });
    await writeFile(path.join(data, rel), bytes);
  }
  await mkdir(path.join(data, 'raw'), { recursive: true });
  const before = await treeHash(data);
  const problems: string[] = [];
  if (c.full) {
    let stdout = '';
    let stderr = '';
    const code = await main(['build', '--data', data, '--out', path.join(root, 'out'), '--json', '--created', '2026-01-01T00:00:00Z'], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: {} })
      .catch((e: unknown) => { problems.push(`crash: main threw ${(e as Error)?.stack ?? e}`); return -1; });
    if (![0, 1, 2, -1].includes(code)) problems.push(`exit code ${code}`);
    if (/internal-error|\n\s+at .+:\d+:\d+\)?\n/.test(stderr)) problems.push(`crash: ${stderr.slice(0, 1500)}`);
    if (code >= 0) {
      try {
        const report = JSON.parse(stdout) as { exit_code: number; errors: { code: string }[] };
        if (report.exit_code !== code) problems.push(`report says exit ${report.exit_code}, the command ${code}`);
        if (code !== 0 && report.errors.length === 0) problems.push(`exit ${code} without a coded error`);
      } catch {
        problems.push(`no JSON report on stdout: ${stdout.slice(0, 200)}`);
      }
    }
  } else {
    try {
      const listing = await listRawFiles(data);
      const manifest = await readManifest(data, new Set(listing.names));
      await readDatasetMetadata(data).catch((e: unknown) => { if (!(e instanceof BuildError)) throw e; });
      const facts = await readCuration(data, FACT_TABLES);
      const layout = await readLayoutCuration(data);
      const page = pageContext(ctx.specs, ctx.gazetteer, facts.entries, layout.entries, undefined, ctx.limits);
      for (const name of listing.names) {
        const bytes = await readFile(path.join(data, 'raw', name));
        // processPage keeps the page's time limit itself; this bounds everything else it does.
        const job = () => processPage(page, { name, bytes, sha256: '0'.repeat(64), manifest: manifest.entries.get(name) ?? null });
        if (ctx.hangLimit) withinTime(ctx.limits.seconds * 2, job);
        else job();
      }
    } catch (e) {
      if (e instanceof PageTimeout) problems.push('hang: the input stages ran past the case limit');
      else if (!(e instanceof BuildError)) problems.push(`crash: ${(e as Error)?.stack ?? e}`);
    }
  }
  if ((await treeHash(data)) !== before) problems.push('the data folder changed');
  const beside = (await readdir(root)).filter((f) => f !== 'data' && f !== 'out');
  if (beside.length) problems.push(`written outside the output folder: ${beside.join(', ')}`);
  const left = (await readdir(tmp)).filter((f) => f.startsWith('jiaozuo-'));
  if (left.length) problems.push(`temporary folders left in TMPDIR: ${left.join(', ')}`);
  await rm(root, { recursive: true, force: true });
  return problems;
}
