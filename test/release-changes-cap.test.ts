/**
 * changes.json at scale: every count exact, but at most MAX_LISTED_KEYS keys listed per table and
 * kind (a first release of 100,000 articles adds millions of rows, whose keys cannot be one JSON
 * string). Here with a cap of a few keys on the synthetic rows.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../src/db/open-database.ts';
import { buildDescriptor } from '../src/publish/build-descriptor.ts';
import { parseDatasetMetadata } from '../src/publish/dataset-metadata.ts';
import { writeTables } from '../src/publish/write-tables.ts';
import { releaseChanges } from '../src/release/changes.ts';
import { renderReleaseChangelog, renderChangesSection } from '../src/release/render-changelog.ts';
import { diffRows, MAX_LISTED_KEYS } from '../src/release/row-diff.ts';
import type { PackageDescriptor } from '../src/release/schema-diff.ts';
import { loadSchemas } from '../src/schema/index.ts';
import { loadedDatabase, removeDir, REPO, syntheticRows, tempDir } from './helpers/fixtures.ts';

const specs = loadSchemas();
const dataset = parseDatasetMetadata(JSON.parse(readFileSync(path.join(REPO, 'data/dataset.json'), 'utf8')));

describe('changes.json lists at most a few keys per table and kind, with exact counts', () => {
  let dir: string;
  let db: Database;
  let next: PackageDescriptor;

  before(async () => {
    dir = await tempDir('changes-cap');
    db = await loadedDatabase(specs, syntheticRows(), dir);
    const files = await writeTables(db.connection, specs, path.join(dir, 'previous'));
    next = buildDescriptor({ dataset, created: '2026-11-25T00:00:00Z', specs, files }) as PackageDescriptor;
  });
  after(async () => {
    db?.close();
    await removeDir(dir);
  });

  it('caps at 1,000 by default and says so in changes.json', () => {
    assert.equal(MAX_LISTED_KEYS, 1000);
    const c = releaseChanges({ next, created: '2026-11-25T00:00:00Z', previous: null, schemaChanges: [], rowChanges: [], tables: {} });
    assert.equal(c.max_keys, 1000);
  });

  it('a first release: every row counted as added, the first keys listed in primary key order', async () => {
    const full = await diffRows(db.connection, next, null);
    const cut = await diffRows(db.connection, next, null, 2);
    for (const [table, t] of Object.entries(full)) {
      assert.equal(cut[table].added.count, t.added.count, table);
      assert.equal(t.added.keys.length, t.added.count, `${table}: under the cap every key is listed`);
      assert.deepEqual(cut[table].added.keys, t.added.keys.slice(0, 2), table);
    }
    assert.ok(full.text_segments.added.count > 2);
  });

  it('against a previous release: added, removed and changed counted in full, listed up to the cap', async () => {
    const c = db.connection;
    // Text segments of the first article: 3 removed; all its paragraphs changed; one added.
    await c.run(`CREATE TABLE kept AS SELECT * FROM text_segments`);
    try {
      const [[id]] = (await c.runAndReadAll(`SELECT min(article_id) FROM text_segments`)).getRowsJson();
      const removed = (await c.runAndReadAll(`SELECT article_id, field, start FROM text_segments WHERE article_id = '${id}' ORDER BY ALL LIMIT 3`)).getRowsJson();
      for (const [a, f, s] of removed) await c.run(`DELETE FROM text_segments WHERE article_id = '${a}' AND field = '${f}' AND start = ${s}`);
      await c.run(`INSERT INTO text_segments SELECT * REPLACE (start + 100000 AS start) FROM kept WHERE article_id = '${id}' LIMIT 1`);
      await c.run(`UPDATE paragraphs SET kind = CASE WHEN kind = 'body' THEN 'subheading' ELSE 'body' END`);
      const t = await diffRows(c, next, { descriptor: next, dir: path.join(dir, 'previous') }, 1);
      const [[paragraphs]] = (await c.runAndReadAll(`SELECT count(*) FROM paragraphs`)).getRowsJson();
      assert.deepEqual([t.text_segments.added.count, t.text_segments.removed.count, t.text_segments.changed.count], [1, 3, 0]);
      assert.deepEqual(t.text_segments.removed.keys, [removed[0].map((v, i) => (i === 2 ? Number(v) : v))]);
      assert.equal(t.paragraphs.changed.count, Number(paragraphs));
      assert.equal(t.paragraphs.changed.rows.length, 1);
      assert.deepEqual(t.paragraphs.changed.rows[0].fields, ['kind']);
      const changes = releaseChanges({ next, created: '2026-11-25T00:00:00Z', previous: { version: '0.1.0', descriptor: next }, schemaChanges: [], rowChanges: [], tables: t });
      const text = renderReleaseChangelog({ ...changes, max_keys: 1 });
      assert.ok(text.includes('which counts every added, removed and changed row and lists the first 1 of each kind per table by primary key'), text);
      assert.ok(renderChangesSection({ ...changes, max_keys: 1 }).includes('Keys (primary key values; the first 1 per table and kind are in `changes.json`):'));
      assert.match(text, new RegExp(`- paragraphs changed: .* \\(${paragraphs} in all\\)`));
    } finally {
      await c.run(`DELETE FROM text_segments`);
      await c.run(`INSERT INTO text_segments SELECT * FROM kept`);
      await c.run(`DROP TABLE kept`);
    }
  });
});
