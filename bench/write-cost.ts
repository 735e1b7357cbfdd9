/**
 * `npx tsx bench/write-cost.ts --db FILE --data DIR [--repo DIR] [--partition-min N] [--memory-limit SIZE] [--keep]`:
 * the write phase alone (publishRelease) on the rows of a build cache's database file, as a build
 * with a warm cache runs it: the file attached read-only (a build holding it would lock it) and
 * used as the default database, DuckDB under the write phase's memory limit (256MB, half of the
 * build's default). No page is made and no check run, so one run is the write phase's CPU alone.
 *
 * `--repo DIR` takes publishRelease from another checkout (a `git worktree` of main), so two
 * versions compare on the same rows, run alternately. `--partition-min N` writes the Parquet copy
 * partitioned by issue year from N articles (a 100,000-article build writes it; the 20,000-article
 * bench corpus does not reach the default threshold).
 *
 * Printed (JSON): wall and process CPU seconds per writing step (CPU of all threads: DuckDB's and
 * the deflate workers' included), the whole phase's, and `release_sha256`, a digest of every file of
 * the release folder and its archive by path: two versions meant to write the same release must
 * print the same.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, sqlString } from '../src/db/open-database.ts';
import { readDatasetMetadata } from '../src/publish/dataset-metadata.ts';
import { cpuSeconds as cpu } from '../src/pipeline/phase-meter.ts';
import { loadSchemas, ident } from '../src/schema/index.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    data: { type: 'string' },
    repo: { type: 'string', default: '.' },
    'partition-min': { type: 'string' },
    'memory-limit': { type: 'string', default: '256MB' },
    keep: { type: 'boolean', default: false },
  },
});
if (!values.db || !values.data) throw new Error('--db FILE (a build cache database, build-*.duckdb of a warm --cache folder) and --data DIR (its corpus) are required');
const repo = path.resolve(values.repo!);
const { publishRelease } = await import(pathToFileURL(path.join(repo, 'src', 'publish', 'publish-release.ts')).href);

const specs = loadSchemas();
const dataset = await readDatasetMetadata(path.resolve(values.data));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'write-cost-'));
const db = await openDatabase({ tempDirectory: path.join(tmp, 'spill'), memoryLimit: values['memory-limit'] });
await db.connection.run(`ATTACH ${sqlString(path.resolve(values.db))} AS rows (READ_ONLY)`);
await db.connection.run('USE rows');
await db.connection.run('SET preserve_insertion_order = false');
const counts: Record<string, number> = {};
for (const s of specs) counts[s.table] = Number((await db.connection.runAndReadAll(`SELECT count(*) FROM ${ident(s.table)}`)).getRows()[0][0]);

const steps: Record<string, { wall: number; cpu: number }> = {};
let current: { name: string; wall: number; cpu: number } | null = null;
const endStep = () => {
  if (current) steps[current.name] = { wall: +((performance.now() - current.wall) / 1000).toFixed(2), cpu: +(cpu() - current.cpu).toFixed(2) };
  current = null;
};
const out = path.join(tmp, 'out');
const [w0, c0] = [performance.now(), cpu()];
const result = await publishRelease({
  connection: db.connection, specs, dataset, created: '2026-01-01T00:00:00Z', counts, outDir: out,
  partitionMinArticles: values['partition-min'] === undefined ? undefined : Number(values['partition-min']),
  stepStarted: (name: string | null) => {
    endStep();
    if (name !== null) current = { name, wall: performance.now(), cpu: cpu() };
  },
});
endStep();
const [wall, total] = [(performance.now() - w0) / 1000, cpu() - c0];
if (!result.release) throw new Error(`not published: ${JSON.stringify(result.issues)}`);

const hash = createHash('sha256');
for (const f of (readdirSync(out, { recursive: true }) as string[]).sort()) {
  const file = path.join(out, f);
  if (statSync(file).isFile()) hash.update(f).update('\0').update(readFileSync(file)).update('\0');
}
db.close();
console.log(JSON.stringify({ repo, wall_seconds: +wall.toFixed(2), cpu_seconds: +total.toFixed(2), steps, files: result.release.files.length, release_sha256: hash.digest('hex') }));
if (values.keep) console.error(`kept ${out}`);
else rmSync(tmp, { recursive: true, force: true });
