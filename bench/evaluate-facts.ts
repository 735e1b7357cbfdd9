/**
 * `npm run evaluate:facts [-- --check]`: measures fact extraction
 * - against the hand-checked gold of the seed pages (test/fixtures/facts-gold/; matching rules in
 *   test/facts-evaluation.test.ts), writing the counts to src/generated/facts-evaluation.json,
 *   from which every release's README and page state precision and recall;
 * - on text the project did not write: the People's Daily 1998 NER dev split
 *   (../shared/ner-dev/dev.jsonl, read at run time, never copied; bench/ner-dev.ts says how our
 *   facts are mapped to its conventions), strict-span P/R/F1 for PER/ORG/LOC, printed as a table
 *   and written to src/generated/facts-evaluation-outside.json with its `measured_on` label.
 *   Skipped, with a note, when the corpus is not there.
 * `--check` fails (exit 1) when a committed file is stale, as the facts-evaluation test does.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FACTS_EVALUATION_FILE, renderFactsEvaluation } from '../src/publish/known-limits.ts';
import { loadGazetteer } from '../src/extract/divisions.ts';
import { measureFacts } from '../test/support/evaluate-facts.ts';
import { NER_DEV_FILE, NER_MAPPING_NOTES, f1Of, nerSpansOf, nerTable, precisionOf, readNerSentences, recallOf, scoreNer } from './ner-dev.ts';

const OUTSIDE_FILE = fileURLToPath(new URL('../src/generated/facts-evaluation-outside.json', import.meta.url));

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null; // not written yet
  }
}

/** Writes `text` to `file` when it differs, or (--check) reports that it is stale. */
function keep(file: string, text: string, what: string): void {
  const current = readOrNull(file);
  if (values.check) {
    if (current !== text) {
      process.stderr.write(`evaluate:facts: ${what} is out of date\nRun \`npm run evaluate:facts\` and commit the result.\n`);
      process.exitCode = 1;
    }
  } else if (current !== text) {
    writeFileSync(file, text);
  }
}

const seed = renderFactsEvaluation(await measureFacts());
keep(FACTS_EVALUATION_FILE, seed, 'src/generated/facts-evaluation.json');
if (!values.check) process.stdout.write(seed);

if (!existsSync(NER_DEV_FILE)) {
  process.stderr.write(`evaluate:facts: ${fileURLToPath(NER_DEV_FILE)} not found: the outside evaluation is skipped\n`);
} else {
  const sentences = readNerSentences();
  const gazetteer = loadGazetteer();
  const started = performance.now();
  const { scores } = scoreNer(sentences, (text) => nerSpansOf(text, gazetteer));
  const seconds = (performance.now() - started) / 1000;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const outside = {
    measured_on: "People's Daily 1998 NER dev split (../shared/ner-dev/dev.jsonl): text outside the release; the rules were checked against it while written (its error kinds were read, none of its strings copied), so its held-back test split is the fairer bar",
    inside_release: false,
    sentences: sentences.length,
    matching: 'strict spans: same type, same start and end (code points)',
    mapping: NER_MAPPING_NOTES,
    types: scores.map((s) => ({ type: s.type, gold: s.gold, machine: s.machine, true_positives: s.true_positives, precision: round(precisionOf(s)), recall: round(recallOf(s)), f1: round(f1Of(s)) })),
  };
  keep(OUTSIDE_FILE, `${JSON.stringify(outside, null, 2)}\n`, 'src/generated/facts-evaluation-outside.json');
  if (!values.check) {
    process.stdout.write(`\n${nerTable(`ner-dev: ${sentences.length} sentences, strict spans (${seconds.toFixed(1)} s)`, scores)}\nmapping:\n${NER_MAPPING_NOTES.map((n) => `- ${n}`).join('\n')}\n`);
  }
}
