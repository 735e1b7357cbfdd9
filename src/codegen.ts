/**
 * Regenerates what is derived from schema/*.schema.json and committed: the TS row types, the
 * validators compiled ahead (ajv standalone code, which loadSchemas uses instead of compiling the
 * schemas in every thread), the README data dictionary and the README's loading snippets
 * (src/publish/loading-snippets.ts).
 * `--check` fails (exit 1) when a committed file is stale.
 *
 *   npx tsx src/codegen.ts [--check]
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BuildError, formatIssue } from './issues.ts';
import { loadingSnippets } from './publish/loading-snippets.ts';
import { loadSchemas, renderDictionary, renderRowTypes, type TableSpec } from './schema/index.ts';
import { renderProfileValidator, renderProfileValidatorTypes, renderSettingsValidators, renderSettingsValidatorTypes, renderValidators, renderValidatorTypes } from './schema/render-validators.ts';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DICTIONARY_START = '<!-- dictionary:start -->';
export const DICTIONARY_END = '<!-- dictionary:end -->';
export const SNIPPETS_START = '<!-- snippets:start -->';
export const SNIPPETS_END = '<!-- snippets:end -->';

/** The loading snippets as README markdown: the same ones every release's README shows and the tests run. */
export function renderSnippets(specs: readonly TableSpec[]): string {
  return loadingSnippets(specs).map((s) => `#### ${s.title}\n\n\`\`\`${s.language}\n${s.code}\n\`\`\`\n\n${s.tested}\n`).join('\n');
}

/** Replaces the text between two marker lines, keeping the markers. */
export function replaceBetweenMarkers(text: string, start: string, end: string, content: string, file: string): string {
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) {
    throw BuildError.of({ code: 'missing-markers', file, what: 'generated section markers not found', expected: `${start} … ${end}`, got: 'none' });
  }
  return text.slice(0, i + start.length) + '\n\n' + content.trimEnd() + '\n\n' + text.slice(j);
}

/** The generated files, as {relative path: content}; pure apart from reading README.md. */
export function generatedFiles(specs: readonly TableSpec[], root: string = REPO_ROOT): Record<string, string> {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  return {
    'src/generated/tables.ts': renderRowTypes(specs),
    'src/generated/validators.js': renderValidators(),
    'src/generated/validators.d.ts': renderValidatorTypes(),
    'src/generated/profile-validator.js': renderProfileValidator(),
    'src/generated/profile-validator.d.ts': renderProfileValidatorTypes(),
    'src/generated/settings-validators.js': renderSettingsValidators(),
    'src/generated/settings-validators.d.ts': renderSettingsValidatorTypes(),
    'README.md': replaceBetweenMarkers(
      replaceBetweenMarkers(readme, DICTIONARY_START, DICTIONARY_END, renderDictionary(specs), 'README.md'),
      SNIPPETS_START, SNIPPETS_END, renderSnippets(specs), 'README.md',
    ),
  };
}

/** Files whose committed content differs from what codegen would write. */
export function staleFiles(files: Record<string, string>, root: string = REPO_ROOT): string[] {
  return Object.entries(files)
    .filter(([rel, content]) => {
      try {
        return readFileSync(path.join(root, rel), 'utf8') !== content;
      } catch {
        return true;
      }
    })
    .map(([rel]) => rel);
}

function main(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { check: { type: 'boolean', default: false } } });
  const files = generatedFiles(loadSchemas());
  const stale = staleFiles(files);
  if (values.check) {
    if (stale.length === 0) return 0;
    process.stderr.write(`codegen: generated files are out of date: ${stale.join(', ')}\nRun \`npm run codegen\` and commit the result.\n`);
    return 1;
  }
  for (const rel of stale) {
    const target = path.join(REPO_ROOT, rel);
    const tmp = `${target}.tmp-${process.pid}`;
    writeFileSync(tmp, files[rel]);
    renameSync(tmp, target);
    process.stderr.write(`codegen: wrote ${rel}\n`);
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof BuildError) {
      for (const i of e.issues) process.stderr.write(formatIssue(i) + '\n');
      process.exitCode = 2;
    } else throw e;
  }
}
