/**
 * Versioned releases end to end, on one small synthetic page: immutability of a version, the
 * version check, changes.json and the changelogs across a sequence of releases in one folder.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BuildReport } from '../src/build.ts';
import { buildSummary } from '../src/cli.ts';
import type { ReleaseChanges } from '../src/release/changes.ts';
import { hashTree, PAGE_TEXT, removeDir, tempDir } from './helpers/fixtures.ts';
import { buildSynthetic, setVersion, syntheticData, syntheticRecover } from './helpers/release.ts';

const ARTICLE_1 = 'p01_test-8f08495bb4f0';
const ARTICLE_2 = 'p01_test-b1947f6b5fe3';

describe('versioned releases', () => {
  let dir: string;
  let data: string;
  let out: string;
  let root: { rootDescriptor: string; rootChangelog: string };
  let first: BuildReport;
  let firstTree: Record<string, string>;

  const readChanges = async (version: string): Promise<ReleaseChanges> => JSON.parse(await readFile(path.join(out, version, 'changes.json'), 'utf8'));
  const build = (options: Parameters<typeof buildSynthetic>[2] = {}) => buildSynthetic(data, out, { ...root, ...options });
  /** Every file of every release, archives and latest.json. */
  const everything = () => hashTree(out);

  /** The text edit of 0.1.1: one word of the first article, in the raw page and in its recovery. */
  const editedText = PAGE_TEXT.replace('第二段', '第三段');
  const editedRecover = syntheticRecover((p) => { p.articles[0].paragraphs[1].text = '第三段'; return p; });
  /** From 0.1.2 on: the edited page p01 and the added page p02. */
  const recoverBoth = (text: string) => (text === editedText ? editedRecover(text) : syntheticRecover()(text));

  before(async () => {
    dir = await tempDir('versions');
    data = await syntheticData(dir, '0.1.0');
    out = path.join(dir, 'dist');
    root = { rootDescriptor: path.join(dir, 'datapackage.json'), rootChangelog: path.join(dir, 'CHANGELOG.md') };
    first = await build();
    assert.equal(first.exit_code, 0, JSON.stringify(first.errors));
    firstTree = await hashTree(path.join(out, '0.1.0'));
  });
  after(async () => { await removeDir(dir); });

  it('the first release: its own folder, every row "added", any version', async () => {
    assert.equal(first.release?.status, 'created');
    assert.equal(first.release?.previous_version, null);
    assert.deepEqual((await readdir(out)).sort(), ['0.1.0', 'jiaozuo-daily-epidemic-0.1.0.zip', 'latest.json'], 'no lock or temporary folder left');
    const c = await readChanges('0.1.0');
    assert.equal(c.previous_version, null);
    assert.deepEqual(c.tables.articles.added, { count: 2, keys: [[ARTICLE_1], [ARTICLE_2]] });
    assert.deepEqual(c.tables.paragraphs.added.keys, [[ARTICLE_1, 1], [ARTICLE_1, 2], [ARTICLE_2, 1]]);
    for (const t of Object.values(c.tables)) assert.deepEqual([t.removed.count, t.changed.count, t.added.count], [0, 0, t.rows]);
  });

  it('the same version again, byte-identical: succeeds without touching the release', async () => {
    const mtimes = async () => Promise.all(Object.keys(firstTree).map(async (f) => (await stat(path.join(out, '0.1.0', f))).mtimeMs));
    const before_ = await mtimes();
    const all = await everything();
    const again = await build();
    assert.equal(again.exit_code, 0);
    assert.equal(again.release?.status, 'unchanged');
    assert.deepEqual(await everything(), all);
    assert.deepEqual(await mtimes(), before_, 'files were rewritten');
    assert.ok(buildSummary(again).endsWith(`release 0.1.0 already exists with identical bytes: ${path.join(out, '0.1.0')} left untouched\n`));
  });

  it('the same version with different content: release-exists, nothing changes', async () => {
    const all = await everything();
    // A new created changes every file that states it: the docs, the checksums, the page and the workbook (its document dates).
    const r = await build({ created: '2027-01-01T00:00:00Z' });
    assert.equal(r.exit_code, 1);
    assert.equal(r.release, null);
    assert.deepEqual(r.errors.map((e) => [e.code, e.file, e.field]), [['release-exists', 'dataset.json', 'version']]);
    assert.equal(r.errors[0].message, `release 0.1.0 already exists in ${path.join(out, '0.1.0')} and this build differs from it (CHANGELOG.md, CITATION.cff, README.md, SHA256SUMS, changes.json, … (8 files)); releases are never overwritten: expected a version not released yet (bump "version" in dataset.json), got "0.1.0" (dataset.json, version)`);
    assert.deepEqual(await everything(), all);
  });

  it('one article\'s text changes: exactly that row is "changed", field text; a patch release', async () => {
    await setVersion(data, '0.1.1');
    await writeFile(path.join(data, 'raw/p01_test.txt'), editedText);
    const r = await build({ recover: editedRecover });
    assert.equal(r.exit_code, 0, JSON.stringify(r.errors));
    assert.deepEqual(r.release?.bump, { declared: 'patch', required: 'patch', reasons: ['articles: 1 row changed', 'paragraphs: 1 row changed', 'sources: 1 row changed'] });
    const c = await readChanges('0.1.1');
    assert.equal(c.previous_version, '0.1.0');
    assert.deepEqual(c.schema_changes, []);
    assert.deepEqual(c.tables.articles.changed, { count: 1, rows: [{ key: [ARTICLE_1], fields: ['text'] }] });
    assert.deepEqual(c.tables.paragraphs.changed, { count: 1, rows: [{ key: [ARTICLE_1, 2], fields: ['text'] }] });
    assert.deepEqual(c.tables.sources.changed, { count: 1, rows: [{ key: ['p01_test'], fields: ['sha256'] }] }, 'the raw page changed');
    for (const [name, t] of Object.entries(c.tables)) {
      assert.deepEqual([t.added.count, t.removed.count], [0, 0], name);
      if (!['articles', 'paragraphs', 'sources'].includes(name)) assert.equal(t.changed.count, 0, name);
    }
    const changelog = await readFile(path.join(out, '0.1.1/CHANGELOG.md'), 'utf8');
    assert.match(changelog, /^# Changelog: jiaozuo-daily-epidemic 0\.1\.1\n/);
    assert.match(changelog, /\n\| articles \| 2 \| 0 \| 0 \| 1 \|\n/);
    assert.match(changelog, /\n- articles changed: `p01_test-8f08495bb4f0` \(text\)\n/);
    assert.deepEqual(await hashTree(path.join(out, '0.1.0')), firstTree, 'the earlier release changed');
  });

  it('a page added with only a patch bump: version-too-low, with the required bump and the reason', async () => {
    await setVersion(data, '0.1.2');
    await writeFile(path.join(data, 'raw/p02_test.txt'), PAGE_TEXT);
    await writeFile(path.join(data, 'manifest.csv'), (await readFile(path.join(data, 'manifest.csv'), 'utf8')) + 'p02_test.txt,焦作日报,2022-01-28,,,,test page\n');
    const all = await everything();
    const r = await build({ recover: recoverBoth });
    assert.equal(r.exit_code, 1);
    assert.deepEqual(r.errors.map((e) => [e.code, e.file, e.field]), [['version-too-low', 'dataset.json', 'version']]);
    // The reasons list every table with added rows (facts tables included), in table order.
    assert.match(r.errors[0].message, /^version bump too small for the changes since 0\.1\.1 \(article_pieces: 2 rows added; articles: 2 rows added; contributors: 1 row added; (\w+: \d+ rows? added; )*sources: 1 row added(; \w+: \d+ rows? added)*\): expected a minor bump, at least 0\.2\.0 \(bump "version" in dataset\.json\), got "0\.1\.2", a patch bump \(dataset\.json, version\)$/);
    assert.ok(r.errors[0].message.includes('paragraphs: 3 rows added'));
    assert.deepEqual(await everything(), all, 'a refused build wrote something');
  });

  it('the page added as a minor release: its rows added, no other row renumbered or changed', async () => {
    await setVersion(data, '0.2.0');
    const r = await build({ recover: recoverBoth });
    assert.equal(r.exit_code, 0, JSON.stringify(r.errors));
    assert.equal(r.release?.bump.required, 'minor');
    const c = await readChanges('0.2.0');
    for (const [name, t] of Object.entries(c.tables)) {
      assert.deepEqual([t.removed.count, t.changed.count], [0, 0], name);
      for (const key of t.added.keys) assert.ok(name === 'divisions' || String(key[0]).startsWith('p02_test'), `${name}: ${key}`);
    }
    assert.deepEqual(c.tables.sources.added.keys, [['p02_test']]);
    assert.equal(c.tables.articles.added.count, 2);
  });

  it('a version below the newest: version-too-low', async () => {
    await setVersion(data, '0.1.5');
    const r = await build({ recover: recoverBoth });
    assert.deepEqual(r.errors.map((e) => e.message), ['version is not greater than the newest release 0.2.0: expected a version above 0.2.0 (bump "version" in dataset.json), got "0.1.5" (dataset.json, version)']);
  });

  it('latest.json, the root descriptor and the root CHANGELOG.md follow the newest release; older releases are untouched', async () => {
    assert.deepEqual(JSON.parse(await readFile(path.join(out, 'latest.json'), 'utf8')), { version: '0.2.0', path: '0.2.0', descriptor: '0.2.0/datapackage.json', archive: 'jiaozuo-daily-epidemic-0.2.0.zip' });
    const descriptor = JSON.parse(await readFile(root.rootDescriptor, 'utf8'));
    assert.equal(descriptor.version, '0.2.0');
    assert.ok(descriptor.resources.every((r: { path: string }) => r.path.startsWith('dist/0.2.0/')));
    const changelog = await readFile(root.rootChangelog, 'utf8');
    const sections = [...changelog.matchAll(/^## (\S+) /gm)].map((m) => m[1]);
    assert.deepEqual(sections, ['0.2.0', '0.1.1', '0.1.0']);
    assert.ok(changelog.startsWith('# Changelog\n\nGenerated by `npm run build`'));
    assert.deepEqual(await hashTree(path.join(out, '0.1.0')), firstTree);
    assert.deepEqual((await readdir(out)).sort(), ['0.1.0', '0.1.1', '0.2.0', 'jiaozuo-daily-epidemic-0.1.0.zip', 'jiaozuo-daily-epidemic-0.1.1.zip', 'jiaozuo-daily-epidemic-0.2.0.zip', 'latest.json']);
  });

  it('an older version rebuilt from its own inputs is identical, and latest stays at the newest', async () => {
    const old = await syntheticData(path.join(dir, 'old'), '0.1.0');
    const all = await everything();
    const r = await buildSynthetic(old, out, root);
    assert.equal(r.exit_code, 0, JSON.stringify(r.errors));
    assert.equal(r.release?.status, 'unchanged');
    assert.deepEqual(await everything(), all);
  });
});
