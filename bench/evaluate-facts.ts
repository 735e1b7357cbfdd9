/**
 * `npm run evaluate:facts [-- --check]`: measures fact extraction against the hand-checked gold
 * (test/fixtures/facts-gold/; matching rules in test/facts-evaluation.test.ts) and writes the counts
 * to src/generated/facts-evaluation.json, from which every release's README and page state precision
 * and recall. `--check` fails (exit 1) when the committed file is stale, as the facts-evaluation test does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FACTS_EVALUATION_FILE, renderFactsEvaluation } from '../src/publish/known-limits.ts';
import { measureFacts } from '../test/support/evaluate-facts.ts';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const text = renderFactsEvaluation(await measureFacts());
let current: string | null = null;
try {
  current = readFileSync(FACTS_EVALUATION_FILE, 'utf8');
} catch {
  // not written yet
}
if (values.check) {
  if (current !== text) {
    process.stderr.write('evaluate:facts: src/generated/facts-evaluation.json is out of date\nRun `npm run evaluate:facts` and commit the result.\n');
    process.exitCode = 1;
  }
} else {
  if (current !== text) writeFileSync(FACTS_EVALUATION_FILE, text);
  process.stdout.write(text);
}
