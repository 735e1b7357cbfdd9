/**
 * The quality figures a release states (src/publish/quality-figures.ts): the documented file shape,
 * the order (figures measured on text outside the release first) and the words saying on what text
 * each was measured, in the README and on the release page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BuildError } from '../src/issues.ts';
import { parseDatasetMetadata } from '../src/publish/dataset-metadata.ts';
import { readFactsEvaluation } from '../src/publish/known-limits.ts';
import { checkQualityFigure, figureMarkdown, orderFigures, readQualityFigures, releaseFigures, seedFactsFigure, writeQualityFigure, type QualityFigure } from '../src/publish/quality-figures.ts';
import { releasePageData } from '../src/publish/release-page-data.ts';
import { renderReleasePage } from '../src/publish/render-release-page.ts';
import { renderReleaseReadme } from '../src/publish/render-release-readme.ts';
import { loadSchemas } from '../src/schema/index.ts';
import { loadedDatabase, removeDir, REPO, syntheticRows, tempDir } from './helpers/fixtures.ts';

const OUTSIDE: QualityFigure = {
  task: 'layout-realpages',
  title: 'Article layout',
  measured_on: 'real pages of five other newspapers, hand-segmented',
  inside_release: false,
  method: 'An article counts as found when its first and last lines are right.',
  command: 'npm run evaluate:layout',
  metrics: { columns: ['paper', 'articles', 'found'], rows: [['A', 12, '91.7%'], ['B', 8, '87.5%']] },
};
const seedEvaluation = readFactsEvaluation()!;
const seedSources = new Set(seedEvaluation.pages);
const dataset = parseDatasetMetadata(JSON.parse(readFileSync(path.join(REPO, 'data/dataset.json'), 'utf8')));
const specs = loadSchemas();

let dir: string;
before(async () => { dir = await tempDir('quality'); });
after(async () => { await removeDir(dir); });

describe('the figures file shape', () => {
  it('accepts a documented figure and says what is wrong with others', () => {
    assert.deepEqual(checkQualityFigure(OUTSIDE).problems, []);
    const { measured_on: _, ...unlabelled } = OUTSIDE;
    assert.match(checkQualityFigure(unlabelled).problems.join(), /must have required property 'measured_on'/);
    assert.match(checkQualityFigure({ ...OUTSIDE, inside_release: 'no' }).problems.join(), /\/inside_release must be boolean/);
    assert.deepEqual(checkQualityFigure({ ...OUTSIDE, metrics: { columns: ['a', 'b'], rows: [['x']] } }).problems, ['/metrics/rows/0 has 1 cells, expected 2']);
    assert.match(checkQualityFigure({ ...OUTSIDE, task: 'Layout Real' }).problems.join(), /\/task must match pattern/);
  });

  it('is written one file per task and read back sorted by task; a bad file is a coded error naming it', async () => {
    const figures = path.join(dir, 'figures');
    writeQualityFigure(OUTSIDE, figures);
    writeQualityFigure({ ...OUTSIDE, task: 'facts-ner-dev', title: 'Fact extraction' }, figures);
    assert.deepEqual(readQualityFigures(figures).map((f) => f.task), ['facts-ner-dev', 'layout-realpages']);
    assert.deepEqual(readQualityFigures(figures)[1], OUTSIDE);
    assert.deepEqual(readQualityFigures(path.join(dir, 'none')), [], 'no folder, no figures');
    await writeFile(path.join(figures, 'renamed.json'), await readFile(path.join(figures, 'layout-realpages.json')));
    assert.throws(() => readQualityFigures(figures), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'invalid-quality-figures' && /renamed\.json/.test(e.issues[0].file ?? '') && /the task must be the file name/.test(e.issues[0].message));
    await writeFile(path.join(figures, 'renamed.json'), '{');
    assert.throws(() => readQualityFigures(figures), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'invalid-quality-figures' && /not valid JSON/.test(e.issues[0].message));
  });
});

describe('the order and the words', () => {
  it('the seed evaluation is inside the release when its pages are the release\'s sources', () => {
    assert.equal(seedFactsFigure(seedEvaluation, seedSources).inside_release, true);
    assert.match(seedFactsFigure(seedEvaluation, seedSources).measured_on, /^the pages of this release/);
    const other = seedFactsFigure(seedEvaluation, new Set(['p01_test']));
    assert.equal(other.inside_release, false);
    assert.match(other.measured_on, /which are not in this release$/);
  });

  it('figures measured outside the release come first, whatever their task', () => {
    const inside = { ...OUTSIDE, task: 'a-inside', inside_release: true };
    assert.deepEqual(orderFigures([inside, OUTSIDE]).map((f) => f.task), ['layout-realpages', 'a-inside']);
    assert.deepEqual(releaseFigures(seedEvaluation, seedSources, [OUTSIDE]).map((f) => f.task), ['layout-realpages', 'facts-seed']);
  });

  it('the README states each figure with what it was measured on, outside text first', () => {
    const figures = releaseFigures(seedEvaluation, seedSources, [OUTSIDE]);
    const readme = renderReleaseReadme(dataset, '2026-11-25T00:00:00Z', specs, {}, { figures });
    const outside = readme.indexOf(figureMarkdown(figures[0]));
    const seed = readme.indexOf(figureMarkdown(figures[1]));
    assert.ok(outside > 0 && seed > outside, 'outside first');
    assert.ok(readme.includes('figures measured on text outside this release come first'));
    assert.ok(readme.includes('**Article layout**, measured on real pages of five other newspapers, hand-segmented, text outside this release.'));
    assert.ok(readme.includes('**Fact extraction**, measured on the pages of this release: hand-checked facts of its 2 pages'));
    assert.ok(readme.includes('| paper | articles | found |\n|---|---|---|\n| A | 12 | 91.7% |'));
    const alone = renderReleaseReadme(dataset, '2026-11-25T00:00:00Z', specs, {}, { figures: releaseFigures(seedEvaluation, seedSources, []) });
    assert.ok(alone.includes('no figure has been measured on text outside this release yet'));
  });

  it('the release page states them in the same order and words', async () => {
    const db = await loadedDatabase(specs, syntheticRows(), dir);
    try {
      const data = await releasePageData(db.connection, specs);
      const figures = releaseFigures(seedEvaluation, seedSources, [OUTSIDE]);
      const html = renderReleasePage({ dataset, created: '2026-11-25T00:00:00Z', specs, counts: {}, files: [], data, context: { figures } });
      const outside = html.indexOf('<strong>Article layout</strong>, measured on real pages of five other newspapers, hand-segmented, text outside this release.');
      const seed = html.indexOf('<strong>Fact extraction</strong>, measured on the pages of this release');
      assert.ok(outside > 0 && seed > outside, 'outside first');
      assert.ok(html.includes('<td>A</td><td class="num">12</td><td class="num">91.7%</td>'));
      assert.ok(html.includes('class="evaluation inside-release"'));
    } finally {
      db.close();
    }
  });
});
