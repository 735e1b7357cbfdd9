/**
 * `npx tsx bench/check-times.ts <cache.duckdb> [--memory-limit 512MB] [--batch-pages N]`: the seconds each consistency
 * check takes over a build cache's database (a `--cache` build leaves one per data folder), slowest
 * first, to find the checks that dominate the check stage of a large build. Checks run as in the
 * build: in batches of pages past CHECK_BATCH_PAGES (src/db/check-scope.ts), or past N.
 */
import os from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CHECK_BATCH_PAGES, pageBatches, runChecksOverPages } from '../src/db/check-scope.ts';
import { allChecks, runCheck } from '../src/db/checks.ts';
import { DEFAULT_MEMORY_LIMIT, openDatabase } from '../src/db/open-database.ts';
import { loadSchemas } from '../src/schema/index.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'memory-limit': { type: 'string', default: DEFAULT_MEMORY_LIMIT }, 'batch-pages': { type: 'string', default: String(CHECK_BATCH_PAGES) } } });
if (positionals.length !== 1) {
  console.error('usage: npx tsx bench/check-times.ts <cache.duckdb> [--memory-limit 512MB] [--batch-pages N]');
  process.exit(2);
}
const tempDirectory = await mkdtemp(path.join(os.tmpdir(), 'check-times-'));
const db = await openDatabase({ path: positionals[0], tempDirectory, memoryLimit: values['memory-limit'] });
try {
  await db.connection.run('SET preserve_insertion_order = false');
  // As the build runs them: checks over every row first, then the page-level ones batch by batch.
  const specs = loadSchemas();
  const checks = allChecks(specs);
  const batches = await pageBatches(db.connection, specs, Number(values['batch-pages']));
  const times = new Map(checks.map((c) => [c.name, { name: c.name, seconds: 0, violations: 0 }]));
  const t0 = performance.now();
  await runChecksOverPages(db.connection, specs, checks, batches, false, async (check) => {
    const t1 = performance.now();
    const r = await runCheck(db.connection, check);
    const t = times.get(check.name)!;
    t.seconds += (performance.now() - t1) / 1000;
    t.violations += r.violations;
  });
  const total = (performance.now() - t0) / 1000;
  const sorted = [...times.values()].sort((a, b) => b.seconds - a.seconds);
  for (const t of sorted) console.log(`${t.seconds.toFixed(2).padStart(8)} s  ${t.name}${t.violations ? `  (${t.violations} violations)` : ''}`);
  // What is not a check's own time is copying the batches into their temp tables.
  if (batches.length > 1) console.log(`${(total - sorted.reduce((s, t) => s + t.seconds, 0)).toFixed(2).padStart(8)} s  copying ${batches.length} batches of pages into temp tables`);
  console.log(`${total.toFixed(2).padStart(8)} s  all ${checks.length} checks${batches.length > 1 ? `, in ${batches.length} batches` : ''}`);
} finally {
  db.close();
  await rm(tempDirectory, { recursive: true, force: true });
}
