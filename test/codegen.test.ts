import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DICTIONARY_END, DICTIONARY_START, generatedFiles, replaceBetweenMarkers, staleFiles } from '../src/codegen.ts';
import { BuildError } from '../src/issues.ts';
import { validators } from '../src/generated/validators.js';
import { loadSchemas, SCHEMA_DIR, validateRow } from '../src/schema/index.ts';

describe('codegen', () => {
  it('committed generated files match the schemas (fix: npm run codegen)', () => {
    assert.deepEqual(staleFiles(generatedFiles(loadSchemas())), [], 'generated files are stale: run `npm run codegen` and commit the result');
  });

  it('is deterministic', () => {
    assert.deepEqual(generatedFiles(loadSchemas()), generatedFiles(loadSchemas()));
  });

  it('the row types name every table and the README dictionary every released table', () => {
    const files = generatedFiles(loadSchemas());
    for (const name of ['ArticlesRow', 'ContributorsRow', 'ParagraphsRow', 'RawLinesRow', 'SourcesRow', 'UnassignedLinesRow']) {
      assert.match(files['src/generated/tables.ts'], new RegExp(`export interface ${name} \\{`));
    }
    const readme = files['README.md'];
    for (const t of ['articles', 'contributors', 'paragraphs', 'sources']) assert.match(readme, new RegExp(`^### ${t}$`, 'm'));
    assert.doesNotMatch(readme, /^### raw_lines$/m);
  });

  it('the repo\'s schemas take the validators compiled ahead; a schema changed since is compiled instead', () => {
    const ahead = new Set(Object.values(validators).map((v) => v.validate));
    const specs = loadSchemas();
    assert.equal(ahead.size, specs.length);
    for (const spec of specs) assert.ok(ahead.has(spec.validate), spec.table);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'codegen-'));
    try {
      for (const f of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'))) copyFileSync(path.join(SCHEMA_DIR, f), path.join(dir, f));
      const file = path.join(dir, 'sources.schema.json');
      // the same schema in other text (a line more): not the text the validators were compiled from
      writeFileSync(file, readFileSync(file, 'utf8') + '\n');
      const changed = loadSchemas(dir);
      for (const spec of changed) assert.equal(ahead.has(spec.validate), spec.table !== 'sources', spec.table);
      const sources = changed.find((s) => s.table === 'sources')!;
      assert.ok(validateRow(sources, {}, { file: null, line: null }).length > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('replaces only between the markers, and fails clearly without them', () => {
    const text = `a\n${DICTIONARY_START}\nold\n${DICTIONARY_END}\nb\n`;
    assert.equal(replaceBetweenMarkers(text, DICTIONARY_START, DICTIONARY_END, 'new\n', 'README.md'), `a\n${DICTIONARY_START}\n\nnew\n\n${DICTIONARY_END}\nb\n`);
    assert.throws(() => replaceBetweenMarkers('no markers', DICTIONARY_START, DICTIONARY_END, 'x', 'README.md'), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'missing-markers');
  });
});
