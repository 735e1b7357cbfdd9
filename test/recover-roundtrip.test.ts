/**
 * Generality: seed articles re-laid in every layout the extractor produces — narrow columns of
 * 11 to 20 characters, wide blocks, headlines before or after the body, every byline form,
 * justification spaces, column breaks — must come back exactly as they went in, line numbers
 * included. The pages are random but seeded, so a failure names a seed that reproduces it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPage } from '../src/recover/index.ts';
import { renderPage, seededRandom } from './support/render-page.ts';
import { makeSpec, seedArticles } from './support/relaid-pages.ts';
import { withoutProvenance } from './support/without-provenance.ts';

test('seed material is there to re-lay', () => {
  assert.equal(seedArticles.length, 11);
});

for (let seed = 1; seed <= 200; seed++) {
  test(`re-laid page, seed ${seed}`, () => {
    const spec = makeSpec(seed);
    const { text, expected } = renderPage(spec, seededRandom(seed * 7919));
    const actual = withoutProvenance(recoverPage(text));
    const where = `seed ${seed}, ${spec.layout}, headlines ${spec.headlinePosition}`;
    assert.equal(actual.layout, expected.layout, where);
    assert.equal(actual.headlinePosition, expected.headlinePosition, where);
    assert.equal(actual.articles.length, expected.articles.length, `${where}: article count`);
    expected.articles.forEach((article, i) => assert.deepEqual(actual.articles[i], article, `${where}: article ${i + 1}`));
    assert.deepEqual(actual.unassigned, expected.unassigned, where);
    assert.equal(actual.lineCount, expected.lineCount, where);
  });
}
