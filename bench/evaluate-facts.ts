/**
 * `npm run evaluate:facts [-- --check]`: measures fact extraction
 * - against the hand-checked gold of the seed pages (test/fixtures/facts-gold/; matching rules in
 *   test/facts-evaluation.test.ts), writing the counts to src/generated/facts-evaluation.json,
 *   from which every release's README and page state precision and recall;
 * - on text the project did not write: the People's Daily 1998 NER dev split
 *   (../shared/ner-dev/dev.jsonl, read at run time, never copied; bench/ner-dev.ts says how our
 *   facts are mapped to its conventions), strict-span P/R/F1 for PER/ORG/LOC, printed as a table
 *   and written as the quality figure src/generated/quality/facts-ner-dev.json (src/publish/quality-figures.ts), with its `measured_on` label.
 *   Skipped, with a note, when the corpus is not there.
 * `--check` fails (exit 1) when a committed file is stale, as the facts-evaluation test does.
 * `--errors PER|ORG|LOC` lists that type's false positives and misses on the dev split (to read
 * the kinds of error; nothing of it is kept).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FACTS_EVALUATION_FILE, renderFactsEvaluation } from '../src/publish/known-limits.ts';
import { stableJson } from '../src/publish/build-descriptor.ts';
import { QUALITY_DIR, type QualityFigure } from '../src/publish/quality-figures.ts';
import { loadGazetteer } from '../src/extract/divisions.ts';
import { measureFacts } from '../test/support/evaluate-facts.ts';
import { NER_DEV_FILE, NER_MAPPING_NOTES, type NerType, f1Of, nerErrorList, nerSpansOf, nerTable, precisionOf, readNerSentences, recallOf, scoreNer } from './ner-dev.ts';


const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, errors: { type: 'string' } } });

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
    mkdirSync(path.dirname(file), { recursive: true });
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
  const { scores, errors } = scoreNer(sentences, (text) => nerSpansOf(text, gazetteer));
  const seconds = (performance.now() - started) / 1000;
  // The figure every release shows first: measured on text outside it (src/publish/quality-figures.ts).
  const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
  const figure: QualityFigure = {
    task: 'facts-ner-dev',
    title: 'Fact extraction: people, organizations and places',
    measured_on: `the People's Daily 1998 NER dev split (${sentences.length} sentences of news text, not in this release); the rules were checked against it while written (its kinds of error were read, none of its strings copied), so a held-back split is the fairer bar`,
    inside_release: false,
    method: `strict spans: same type, same start and end; ${NER_MAPPING_NOTES.join('; ')}`,
    command: 'npm run evaluate:facts',
    metrics: {
      columns: ['type', 'in the text', 'found', 'right', 'precision', 'recall', 'F1'],
      rows: scores.map((s) => [s.type, s.gold, s.machine, s.true_positives, pct(precisionOf(s)), pct(recallOf(s)), pct(f1Of(s))]),
    },
  };
  const text = stableJson(figure);
  keep(path.join(QUALITY_DIR, 'facts-ner-dev.json'), text, 'src/generated/quality/facts-ner-dev.json');
  if (!values.check) {
    if (values.errors) process.stdout.write(`\n${nerErrorList(sentences, errors, values.errors as NerType)}\n`);
    process.stdout.write(`\n${nerTable(`ner-dev: ${sentences.length} sentences, strict spans (${seconds.toFixed(1)} s)`, scores)}\nmapping:\n${NER_MAPPING_NOTES.map((n) => `- ${n}`).join('\n')}\n`);
  }
}
