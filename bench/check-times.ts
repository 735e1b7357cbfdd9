/**
 * `npx tsx bench/check-times.ts <cache.duckdb> [--memory-limit 1GB]`: the seconds each consistency
 * check takes over a build cache's database (a `--cache` build leaves one per data folder), slowest
 * first, to find the checks that dominate the check stage of a large build.
 */
import os from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { allChecks, runCheck } from '../src/db/checks.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { loadSchemas } from '../src/schema/index.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'memory-limit': { type: 'string', default: '1GB' } } });
if (positionals.length !== 1) {
  console.error('usage: npx tsx bench/check-times.ts <cache.duckdb> [--memory-limit 1GB]');
  process.exit(2);
}
const tempDirectory = await mkdtemp(path.join(os.tmpdir(), 'check-times-'));
const db = await openDatabase({ path: positionals[0], tempDirectory, memoryLimit: values['memory-limit'] });
try {
  await db.connection.run('SET preserve_insertion_order = false');
  const times: { name: string; seconds: number; violations: number }[] = [];
  for (const check of allChecks(loadSchemas())) {
    const t0 = performance.now();
    const r = await runCheck(db.connection, check);
    times.push({ name: check.name, seconds: (performance.now() - t0) / 1000, violations: r.violations });
  }
  times.sort((a, b) => b.seconds - a.seconds);
  for (const t of times) console.log(`${t.seconds.toFixed(2).padStart(8)} s  ${t.name}${t.violations ? `  (${t.violations} violations)` : ''}`);
  console.log(`${times.reduce((s, t) => s + t.seconds, 0).toFixed(2).padStart(8)} s  all ${times.length} checks`);
} finally {
  db.close();
  await rm(tempDirectory, { recursive: true, force: true });
}
