/**
 * `npx tsx bench/lock-stress.ts [--trials 1000] [--processes 4] [--attempts 4] [--in-flight 8]`:
 * concurrent takeovers of a stale `<out>/.lock` (test/support/lock-stress.ts), each trial with
 * processes × attempts contenders at once. Prints the trials with exactly one holder, the failures
 * and the time; the last line is one JSON object. Exit 1 when any trial had no holder or two.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lockStress } from '../test/support/lock-stress.ts';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '1000' },
    processes: { type: 'string', default: '4' },
    attempts: { type: 'string', default: '4' },
    'in-flight': { type: 'string', default: '8' },
  },
});
const dir = await mkdtemp(path.join(os.tmpdir(), 'jiaozuo-lock-stress-'));
try {
  const r = await lockStress({ trials: Number(values.trials), processes: Number(values.processes), attemptsPerProcess: Number(values.attempts), inFlight: Number(values['in-flight']), dir });
  console.log(`${r.trials} trials of ${r.contenders} concurrent takeovers of a stale lock: ${r.passed} with exactly one holder, ${r.failed} failed, ${r.seconds.toFixed(1)} s`);
  for (const f of r.failures) console.log(`  trial ${f.trial}: ${f.held} holders${f.other.length ? `, ${f.other.join('; ')}` : ''}`);
  console.log(JSON.stringify(r));
  process.exitCode = r.failed ? 1 : 0;
} finally {
  await rm(dir, { recursive: true, force: true });
}
