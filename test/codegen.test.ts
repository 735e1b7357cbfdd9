import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DICTIONARY_END, DICTIONARY_START, generatedFiles, replaceBetweenMarkers, staleFiles } from '../src/codegen.ts';
import { BuildError } from '../src/issues.ts';
import { loadSchemas } from '../src/schema/index.ts';

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

  it('replaces only between the markers, and fails clearly without them', () => {
    const text = `a\n${DICTIONARY_START}\nold\n${DICTIONARY_END}\nb\n`;
    assert.equal(replaceBetweenMarkers(text, DICTIONARY_START, DICTIONARY_END, 'new\n', 'README.md'), `a\n${DICTIONARY_START}\n\nnew\n\n${DICTIONARY_END}\nb\n`);
    assert.throws(() => replaceBetweenMarkers('no markers', DICTIONARY_START, DICTIONARY_END, 'x', 'README.md'), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'missing-markers');
  });
});
