/** Shared test fixtures: a small synthetic page, temp folders, a CLI runner and file hashes. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from '../../src/db/open-database.ts';
import { createTables, TableLoader } from '../../src/db/table-loader.ts';
import { addFactsView } from '../../src/extract/facts-view.ts';
import { TABLE_NAMES } from '../../src/generated/tables.ts';
import type { RecoveredPage } from '../../src/recover/index.ts';
import { pageRows, type PageRows } from '../../src/rows.ts';
import type { TableSpec } from '../../src/schema/index.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** A seven-line page: two articles (one with a surrogate-pair character), a byline, a blank and a furniture line. */
export const PAGE_TEXT = ['标题一', '本报记者 张三', '第一段𠀀文字', '第二段', '', '责任编辑：李四', '第二篇文章'].join('\n') + '\n';

export const PAGE: RecoveredPage = {
  layout: 'wide',
  headlinePosition: 'before',
  lineCount: 7,
  articles: [
    {
      seq: 1, kicker: null, headline: '标题一', headlineSegments: [{ start: 0, end: 3, line: 1, col: 0 }], subtitle: null, byline: '本报记者 张三',
      contributors: [{ name: '张三', role: 'reporter', rolePrinted: '记者' }],
      isContinuation: false,
      paragraphs: [
        { kind: 'body', text: '第一段𠀀文字', lineStart: 3, lineEnd: 3, segments: [{ start: 0, end: 6, line: 3, col: 0 }] },
        { kind: 'subheading', text: '第二段', lineStart: 4, lineEnd: 4, segments: [{ start: 0, end: 3, line: 4, col: 0 }] },
      ],
      lineStart: 1, lineEnd: 4, pieces: [{ lineStart: 1, lineEnd: 4 }], anchor: '第一段𠀀文字', layoutConfidence: 1, layoutDoubts: [],
    },
    {
      seq: 2, kicker: null, headline: null, headlineSegments: [], subtitle: null, byline: null, contributors: [], isContinuation: true,
      paragraphs: [{ kind: 'body', text: '第二篇文章', lineStart: 7, lineEnd: 7, segments: [{ start: 0, end: 5, line: 7, col: 0 }] }],
      lineStart: 7, lineEnd: 7, pieces: [{ lineStart: 7, lineEnd: 7 }], anchor: '第二篇文章', layoutConfidence: 0.36, layoutDoubts: ['no-headline', 'no-byline'],
    },
  ],
  unassigned: [{ line: 6, text: '责任编辑：李四', reason: 'page-furniture' }],
};

export const SOURCE = { name: 'p01_test.txt', sha256: 'a'.repeat(64), bytes: 100, manifest: null };

/**
 * The synthetic page's rows, plus one consistent row in every table the page itself does not
 * fill (a fact of each type over 第一 in the first article, a division, a curation entry), so that
 * every check has a row to break.
 */
export function syntheticRows(): PageRows {
  const rows = pageRows(SOURCE, PAGE_TEXT, PAGE);
  const article_id = rows.articles[0].row.article_id;
  const at = { file: 'raw/p01_test.txt', line: 3 };
  const span = (kind: string) => ({
    fact_id: `${article_id}.${kind}.text.000000-000002`, article_id, field: 'text' as const, start: 0, end: 2, quote: '第一', sentence_start: 0, sentence_end: 6,
  });
  const tail = { rule: 'test', curated: false };
  rows.quantities.push({ at, row: { ...span('quantity'), value: 1, value_max: null, qualifier: 'exact', unit: '段', unit_class: 'count', subject: null, rate: null, ...tail } });
  rows.dates.push({ at, row: { ...span('date'), date: '2020-02-01', time: null, precision: 'day', calendar: 'gregorian', year_source: 'issue_date', relative_to: null, approximate: false, part_of_day: null, ...tail } });
  rows.people.push({ at, row: { ...span('person'), name: '第一', title: null, organization: null, organization_via: null, anonymized: false, ...tail } });
  rows.organizations.push({ at, row: { ...span('organization'), name: '第一', canonical: null, kind: 'other', ...tail } });
  rows.places.push({ at, row: { ...span('place'), name: '第一', code: '4108', level: 'city', in_jiaozuo: true, ambiguous: false, candidates: null, ...tail, country: 'CN', place_kind: 'division', code_vintage: '2022', national_code: '4108', national_level: 'city' } });
  rows.divisions.push({ at: { file: 'reference/jiaozuo_divisions.csv', line: 2 }, row: { code: '4108', name: '焦作市', level: 'city', parent_code: '41', in_2022: true } });
  rows.lines.push({ at: { file: 'raw/p01_test.txt', line: 1 }, row: { source_id: 'p01_test', line_no: 1, pdf_page: 1, x0: 10, y0: 700, x1: 200, y1: 730, font_size: 28, vertical: false } });
  rows.curation_entries.push({ at: { file: 'curation/facts.csv', line: 2 }, row: { file: 'curation/facts.csv', line: 2, action: 'reject', table_name: 'people', target: article_id, quote: '第一', matches: 1 } });
  addFactsView(rows);
  return rows;
}

/** A fresh in-memory DuckDB with every table created and `rows` loaded. Close it in `finally`. */
export async function loadedDatabase(specs: readonly TableSpec[], rows: PageRows, tempDirectory: string): Promise<Database> {
  const db = await openDatabase({ tempDirectory, memoryLimit: '256MB' });
  await createTables(db.connection, specs);
  const loader = await TableLoader.open(db.connection, specs);
  for (const t of TABLE_NAMES) loader.append(t, rows[t].map((r) => r.row as unknown as Record<string, unknown>));
  loader.close();
  return db;
}

/** `n` seeded pseudo-random bytes (a linear congruential generator): data that does not compress. */
export function noiseBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) >>> 0; out[i] = x >>> 24; }
  return out;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `jiaozuo-test-${prefix}-`));
}

/** Copies the repo's build inputs (raw pages, manifest, dataset.json) into `<dir>/data`. */
export async function copyData(dir: string): Promise<string> {
  const data = path.join(dir, 'data');
  for (const entry of ['raw', 'manifest.csv', 'dataset.json']) {
    await cp(path.join(REPO, 'data', entry), path.join(data, entry), { recursive: true });
  }
  return data;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** sha256 of every file under `dir`, by relative path with forward slashes. */
export async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = path.join(e.parentPath, e.name);
    out[path.relative(dir, abs).split(path.sep).join('/')] = createHash('sha256').update(await readFile(abs)).digest('hex');
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `src/cli.ts` in a child process (as a user would), from the repo root (so `--import tsx`
 * resolves) and without SOURCE_DATE_EPOCH, plus `extraEnv` (e.g. TMPDIR). Always pass --out: the
 * default would write the repo's dist/.
 */
export function runCli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const env = { ...process.env, ...extraEnv };
  delete env.SOURCE_DATE_EPOCH;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/cli.ts'), ...args], { cwd: REPO, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
