/**
 * Issue thresholds for page recovery, measured on the hand-checked fixture pages and 300 re-laid
 * seed pages (`npm run evaluate:layout` runs the same on more pages and prints the figures).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance, formatScores, layoutCorpus, scoreLayouts } from '../bench/layout-metrics.ts';

test('edit distance counts insertions and deletions', () => {
  assert.equal(editDistance([...'焦作日报'], [...'焦作日报']), 0);
  assert.equal(editDistance([...'焦作日报'], [...'焦作晚报']), 2);
  assert.equal(editDistance([...'abc'], [...'']), 3);
});

test('recovery meets the thresholds on every layout', async () => {
  const scores = scoreLayouts(await layoutCorpus(300));
  console.log(formatScores(scores));
  for (const layout of ['wide', 'narrow']) {
    const s = scores[layout];
    assert.ok(s && s.pages > 20, `${layout}: pages in the corpus`);
    assert.ok(s.recall >= 0.98 && s.precision >= 0.98, `${layout}: article recall ${s.recall}, precision ${s.precision}`);
    assert.ok(s.headlineExact >= 0.95, `${layout}: headline exact match ${s.headlineExact}`);
    assert.ok(s.bodySimilarity >= 0.99, `${layout}: body similarity ${s.bodySimilarity}`);
  }
});
