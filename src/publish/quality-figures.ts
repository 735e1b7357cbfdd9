/**
 * The quality figures a release states, each saying what text it was measured on. A figure
 * measured on text the release contains (its own seed pages) flatters the release: the rules were
 * tuned on that text. So figures measured on text outside the release come first, and the others
 * say plainly that they were measured on the pages of this release.
 *
 * Sources, never copied by hand:
 * - `src/generated/quality/<task>.json`, one file per measurement, written by the evaluate scripts
 *   (writeQualityFigure) over outside data such as ../shared/realpages (layout) and
 *   ../shared/ner-dev (facts). One file per task, so measurements added on different branches
 *   never touch the same file. The shape is QualityFigure (checked by QUALITY_FIGURE_SCHEMA):
 *
 *     { "task": "facts-ner-dev",                       // kebab-case id = the file name
 *       "title": "Fact extraction",                    // what was measured
 *       "measured_on": "the NER benchmark ner-dev (…)", // the text, in words
 *       "inside_release": false,                      // is that text part of the release?
 *       "method": "exact spans; …",                   // optional: what counts as right
 *       "command": "npm run evaluate:ner",            // optional: how to measure again
 *       "metrics": { "columns": ["facts", "precision", …], "rows": [["people", "91.2%", …]] } }
 *
 * - `src/generated/facts-evaluation.json` (known-limits.ts), the fact extraction measured on the
 *   hand-checked seed pages; whether those pages are inside a release is decided per release,
 *   from its sources.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { settingsValidatorsAhead } from '../generated/settings-validators.js';
import { BuildError } from '../issues.ts';
import { schemaSha256 } from '../schema/load-schemas.ts';
import { createSettingsAjv } from './dataset-metadata.ts';
import { stableJson } from './build-descriptor.ts';
import { factsEvaluationRows, type FactsEvaluation } from './known-limits.ts';

export const QUALITY_DIR = fileURLToPath(new URL('../generated/quality/', import.meta.url));

export interface QualityFigure {
  /** Kebab-case id of the measurement; its file is `<task>.json`. */
  task: string;
  /** What was measured, e.g. `Fact extraction`, `Article layout`. */
  title: string;
  /** The text it was measured on, in words a reader understands. */
  measured_on: string;
  /** Whether that text is part of the release (then the figures are optimistic). */
  inside_release: boolean;
  /** What counts as right, in one or two sentences. */
  method?: string;
  /** The command that measures it again. */
  command?: string;
  /** A table: column headings and rows of cells (numbers as printed, e.g. `98.9%`). */
  metrics: { columns: string[]; rows: (string | number)[][] };
}

export const QUALITY_FIGURE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['task', 'title', 'measured_on', 'inside_release', 'metrics'],
  properties: {
    task: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    title: { type: 'string', minLength: 1 },
    measured_on: { type: 'string', minLength: 1 },
    inside_release: { type: 'boolean' },
    method: { type: 'string', minLength: 1 },
    command: { type: 'string', minLength: 1 },
    metrics: {
      type: 'object',
      additionalProperties: false,
      required: ['columns', 'rows'],
      properties: {
        columns: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        rows: { type: 'array', items: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } } },
      },
    },
  },
} as const;

// Compiled ahead (`npm run codegen`) unless QUALITY_FIGURE_SCHEMA changed since: then compiled here.
const validate = settingsValidatorsAhead.qualityFigure.sha256 === schemaSha256(JSON.stringify(QUALITY_FIGURE_SCHEMA))
  ? settingsValidatorsAhead.qualityFigure.validate
  : createSettingsAjv().compile(QUALITY_FIGURE_SCHEMA);

/** The figure if `value` is one (every row as wide as the columns), else the problems in words. */
export function checkQualityFigure(value: unknown): { figure: QualityFigure | null; problems: string[] } {
  if (!validate(value)) return { figure: null, problems: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`) };
  const figure = value as unknown as QualityFigure;
  const width = figure.metrics.columns.length;
  const problems = figure.metrics.rows.flatMap((r, i) => (r.length === width ? [] : [`/metrics/rows/${i} has ${r.length} cells, expected ${width}`]));
  return problems.length ? { figure: null, problems } : { figure, problems: [] };
}

/**
 * Every `<dir>/*.json` figure, sorted by task. Throws BuildError `invalid-quality-figures` naming
 * the file when one is not valid JSON, not a figure, or its task is not its file name.
 */
export function readQualityFigures(dir: string = QUALITY_DIR): QualityFigure[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const file = (name: string) => path.relative(process.cwd(), path.join(dir, name)).split(path.sep).join('/');
  const bad = (name: string, what: string, got: string) => BuildError.of({ code: 'invalid-quality-figures', file: file(name), what, expected: 'a QualityFigure (src/publish/quality-figures.ts)', got });
  return names.map((name) => {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    } catch (e) {
      throw bad(name, 'quality figures file is not valid JSON', (e as Error).message);
    }
    const { figure, problems } = checkQualityFigure(value);
    if (!figure) throw bad(name, 'quality figures file does not have the documented shape', problems.join('; '));
    if (`${figure.task}.json` !== name) throw bad(name, 'the task must be the file name', JSON.stringify(figure.task));
    return figure;
  });
}

/** Writes `<dir>/<task>.json` (atomically); for the evaluate scripts. Throws when the figure is malformed. */
export function writeQualityFigure(figure: QualityFigure, dir: string = QUALITY_DIR): string {
  const { problems } = checkQualityFigure(figure);
  if (problems.length) throw new Error(`writeQualityFigure: ${problems.join('; ')}`);
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `${figure.task}.json`);
  const tmp = `${target}.tmp-${process.pid}`;
  writeFileSync(tmp, stableJson(figure));
  renameSync(tmp, target);
  return target;
}

/**
 * The seed-page evaluation as a figure. Inside the release when every evaluated page is one of its
 * sources (the usual case: the seed pages are the release's pages).
 */
export function seedFactsFigure(e: FactsEvaluation, releaseSources: ReadonlySet<string>): QualityFigure {
  const inside = e.pages.every((p) => releaseSources.has(p));
  const pages = `${e.pages.length} page${e.pages.length === 1 ? '' : 's'} (${e.pages.join(', ')})`;
  const rows = factsEvaluationRows(e);
  return {
    task: 'facts-seed',
    title: 'Fact extraction',
    measured_on: inside ? `the pages of this release: hand-checked facts of its ${pages}` : `hand-checked facts of the seed ${pages}, which are not in this release`,
    inside_release: inside,
    method: 'Before reviewed corrections, with exact spans (a quote one character too long counts as wrong); field accuracy is the share of matched facts whose normalized value is right (test/facts-evaluation.test.ts).',
    command: 'npm run evaluate:facts',
    metrics: {
      columns: ['facts', 'gold', 'extracted', 'precision', 'recall', 'field accuracy'],
      rows: rows.map((r) => [r.table, r.gold, r.machine, r.precision, r.recall, r.fields]),
    },
  };
}

/** Figures in the order a reader should weigh them: outside text first, then by task. */
export function orderFigures(figures: readonly QualityFigure[]): QualityFigure[] {
  return [...figures].sort((a, b) => Number(a.inside_release) - Number(b.inside_release) || (a.task < b.task ? -1 : a.task > b.task ? 1 : 0));
}

/** Every figure a release states: the generated files and the seed evaluation, outside text first. */
export function releaseFigures(seed: FactsEvaluation | null, releaseSources: ReadonlySet<string>, files: readonly QualityFigure[] = readQualityFigures()): QualityFigure[] {
  return orderFigures([...files, ...(seed ? [seedFactsFigure(seed, releaseSources)] : [])]);
}

/** The sentence that heads one figure's table: what, on what text, and how. */
export function figureIntro(f: QualityFigure): string {
  const where = f.inside_release
    ? `measured on ${f.measured_on}. The rules were developed on this text, so expect lower figures on other pages`
    : `measured on ${f.measured_on}, text outside this release`;
  return `**${f.title}**, ${where}.` + (f.method ? ` ${asSentence(f.method)}` : '') + (f.command ? ` Measured again with \`${f.command}\`.` : '');
}

/** A method as the evaluations write it (a clause, lower case, no full stop) read as a sentence of its own. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1) + (/[.!?)]$/.test(trimmed) ? '' : '.');
}

/** One figure as markdown: its intro and its table. */
export function figureMarkdown(f: QualityFigure): string {
  const cell = (v: string | number) => String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    figureIntro(f),
    '',
    `| ${f.metrics.columns.map(cell).join(' | ')} |`,
    `|${f.metrics.columns.map(() => '---').join('|')}|`,
    ...f.metrics.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}
