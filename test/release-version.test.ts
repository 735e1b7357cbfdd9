import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkVersion, releaseChanges } from '../src/release/changes.ts';
import { rowChanges, type TableRowChanges } from '../src/release/row-diff.ts';
import { CHANGE_BUMPS, diffDescriptors, type PackageDescriptor } from '../src/release/schema-diff.ts';
import { bumpBetween, compareVersions, nextVersion, parseVersion } from '../src/release/semver.ts';

describe('versions', () => {
  it('are MAJOR.MINOR.PATCH without leading zeros or suffixes', () => {
    assert.deepEqual(parseVersion('0.10.2'), { major: 0, minor: 10, patch: 2 });
    for (const bad of ['01.2.3', '1.2', '1.2.3-rc.1', 'v1.2.3', '1.2.3 ']) assert.equal(parseVersion(bad), null, bad);
  });

  it('sort numerically, not as text', () => {
    assert.deepEqual(['0.10.0', '0.9.1', '1.0.0', '0.9.0'].sort(compareVersions), ['0.9.0', '0.9.1', '0.10.0', '1.0.0']);
  });

  it('a step is major, minor or patch, or null when not greater', () => {
    assert.equal(bumpBetween('0.1.0', '1.0.0'), 'major');
    assert.equal(bumpBetween('0.1.9', '0.2.0'), 'minor');
    assert.equal(bumpBetween('0.1.0', '0.1.1'), 'patch');
    assert.equal(bumpBetween('0.1.0', '0.1.0'), null);
    assert.equal(bumpBetween('0.2.0', '0.1.5'), null);
    assert.equal(nextVersion('0.1.3', 'minor'), '0.2.0');
    assert.equal(nextVersion('0.1.3', 'major'), '1.0.0');
  });
});

/** A package of two tables, each as CSV and Parquet resources, as this project releases them. */
function pkg(): PackageDescriptor {
  const sources = {
    fields: [
      { name: 'source_id', type: 'string', description: 'Page id.', constraints: { required: true, pattern: '[a-z0-9_]+' } },
      { name: 'page', type: 'integer', description: 'Page number.', constraints: { minimum: 1 } },
    ],
    missingValues: [''],
    primaryKey: ['source_id'],
  };
  const articles = {
    fields: [
      { name: 'article_id', type: 'string', description: 'Id.', constraints: { required: true } },
      { name: 'source_id', type: 'string', description: 'Page.', constraints: { required: true } },
      { name: 'kind', type: 'string', description: 'Kind.', constraints: { required: true, enum: ['news', 'notice'], maxLength: 10 } },
    ],
    missingValues: [''],
    primaryKey: ['article_id'],
  };
  const fk = (format: string) => [{ fields: ['source_id'], reference: { resource: format === 'csv' ? 'sources' : 'sources-parquet', fields: ['source_id'] } }];
  const resources = [];
  for (const format of ['csv', 'parquet']) {
    const suffix = format === 'csv' ? '' : '-parquet';
    resources.push({ name: `sources${suffix}`, type: 'table', title: 'Sources', path: `${format}/sources.${format}`, format, bytes: 10, hash: 'sha256:aa', schema: structuredClone(sources) });
    resources.push({ name: `articles${suffix}`, type: 'table', title: 'Articles', path: `${format}/articles.${format}`, format, bytes: 10, hash: 'sha256:bb', schema: { ...structuredClone(articles), foreignKeys: fk(format) } });
  }
  return { name: 'test-package', title: 'Test', version: '1.0.0', created: '2026-01-01T00:00:00Z', licenses: [{ name: 'CC-BY-4.0' }], resources };
}

/** Applies `edit` to every resource of table `name` (CSV and Parquet), as a schema change would. */
function editTable(p: PackageDescriptor, name: string, edit: (schema: any, resource: any) => void): PackageDescriptor {
  for (const r of p.resources) if (r.name === name || r.name === `${name}-parquet`) edit(r.schema, r);
  return p;
}

const field = (schema: any, name: string) => schema.fields.find((f: { name: string }) => f.name === name);

/** The change kinds and bumps from `pkg()` to `edit(pkg())`. */
function diff(edit: (p: PackageDescriptor) => PackageDescriptor | void): [string, string][] {
  const before = pkg();
  const after = pkg();
  const result = edit(after) ?? after;
  return diffDescriptors(before, result).map((c) => [c.kind, c.bump]);
}

describe('the version recipe on schema changes (Data Package "data package version" recipe)', () => {
  const cases: [string, (p: PackageDescriptor) => PackageDescriptor | void, [string, string][]][] = [
    ['nothing but the version, created, paths, sizes and hashes', (p) => {
      p.version = '9.9.9';
      p.created = '2030-01-01T00:00:00Z';
      for (const r of p.resources) Object.assign(r, { path: `moved/${r.path}`, bytes: 99, hash: 'sha256:ff' });
    }, []],
    ['the same descriptor with keys in another order', (p) => {
      p.resources = p.resources.map((r) => Object.fromEntries(Object.entries(r).reverse()) as any);
    }, []],
    ['package description (descriptive metadata) → patch', (p) => { p.description = 'new words'; }, [['package-metadata-changed', 'patch']]],
    ['package licence → patch', (p) => { p.licenses = [{ name: 'CC0-1.0' }]; }, [['package-metadata-changed', 'patch']]],
    ['a field description → patch', (p) => editTable(p, 'articles', (s) => { field(s, 'kind').description = 'The kind.'; }), [['field-metadata-changed', 'patch']]],
    ['a table title → patch', (p) => editTable(p, 'articles', (_s, r) => { r.title = 'News'; }), [['table-metadata-changed', 'patch']]],
    ['package renamed → major', (p) => { p.name = 'other'; }, [['package-renamed', 'major']]],
    ['a table added → minor', (p) => {
      p.resources.push({ name: 'notes', format: 'csv', path: 'csv/notes.csv', schema: { fields: [{ name: 'id', type: 'string' }], primaryKey: ['id'] } });
    }, [['table-added', 'minor']]],
    ['a table removed → major', (p) => { p.resources = p.resources.filter((r) => !r.name.startsWith('articles')); }, [['table-removed', 'major']]],
    ['a table renamed → major (removed and added)', (p) => editTable(p, 'articles', (_s, r) => { r.name = r.name.replace('articles', 'items'); }), [['table-added', 'minor'], ['table-removed', 'major']]],
    ['a field appended → minor (the project contract; the recipe would say major)', (p) => editTable(p, 'articles', (s) => { s.fields.push({ name: 'extra', type: 'string' }); }), [['field-added', 'minor']]],
    ['a field removed → major', (p) => editTable(p, 'articles', (s) => { s.fields.pop(); }), [['field-removed', 'major']]],
    ['a field renamed → major', (p) => editTable(p, 'articles', (s) => { field(s, 'kind').name = 'category'; }), [['field-removed', 'major'], ['field-added', 'minor']]],
    ['fields reordered → major', (p) => editTable(p, 'articles', (s) => { s.fields.reverse(); }), [['fields-reordered', 'major']]],
    ['a field inserted before existing ones → major (their positions move)', (p) => editTable(p, 'articles', (s) => { s.fields.unshift({ name: 'extra', type: 'string' }); }), [['field-added', 'minor'], ['fields-reordered', 'major']]],
    ['a field retyped → major', (p) => editTable(p, 'sources', (s) => { field(s, 'page').type = 'number'; }), [['field-type-changed', 'major']]],
    ['a field format changed → major', (p) => editTable(p, 'sources', (s) => { field(s, 'source_id').format = 'uuid'; }), [['field-format-changed', 'major']]],
    ['required added → major', (p) => editTable(p, 'sources', (s) => { field(s, 'page').constraints.required = true; }), [['constraint-tightened', 'major']]],
    ['required dropped → minor', (p) => editTable(p, 'articles', (s) => { delete field(s, 'kind').constraints.required; }), [['constraint-loosened', 'minor']]],
    ['an enum value removed → major', (p) => editTable(p, 'articles', (s) => { field(s, 'kind').constraints.enum = ['news']; }), [['constraint-tightened', 'major']]],
    ['an enum value added → minor', (p) => editTable(p, 'articles', (s) => { field(s, 'kind').constraints.enum.push('ad'); }), [['constraint-loosened', 'minor']]],
    ['maxLength lowered → major', (p) => editTable(p, 'articles', (s) => { field(s, 'kind').constraints.maxLength = 5; }), [['constraint-tightened', 'major']]],
    ['maxLength raised → minor', (p) => editTable(p, 'articles', (s) => { field(s, 'kind').constraints.maxLength = 50; }), [['constraint-loosened', 'minor']]],
    ['minimum raised → major', (p) => editTable(p, 'sources', (s) => { field(s, 'page').constraints.minimum = 2; }), [['constraint-tightened', 'major']]],
    ['a new constraint → major', (p) => editTable(p, 'articles', (s) => { field(s, 'article_id').constraints.minLength = 3; }), [['constraint-tightened', 'major']]],
    ['a pattern changed (cannot be proven looser) → major', (p) => editTable(p, 'sources', (s) => { field(s, 'source_id').constraints.pattern = '[a-z0-9_]*'; }), [['constraint-tightened', 'major']]],
    ['a pattern dropped → minor', (p) => editTable(p, 'sources', (s) => { delete field(s, 'source_id').constraints.pattern; }), [['constraint-loosened', 'minor']]],
    ['the primary key changed → major', (p) => editTable(p, 'articles', (s) => { s.primaryKey = ['article_id', 'source_id']; }), [['primary-key-changed', 'major']]],
    ['a foreign key changed → minor ("Update a reference to another data resource")', (p) => editTable(p, 'articles', (s) => { delete s.foreignKeys; }), [['foreign-keys-changed', 'minor']]],
    ['missingValues changed → major', (p) => editTable(p, 'articles', (s) => { s.missingValues = ['', 'NA']; }), [['table-format-changed', 'major']]],
    ['the CSV dialect changed → major', (p) => editTable(p, 'articles', (_s, r) => { r.dialect = { delimiter: ';' }; }), [['table-format-changed', 'major']]],
  ];
  for (const [name, edit, expected] of cases) {
    it(name, () => assert.deepEqual(diff(edit), expected));
  }

  it('each change is reported once per table, not once per format', () => {
    const changes = diffDescriptors(pkg(), editTable(pkg(), 'sources', (s) => { field(s, 'page').type = 'number'; }));
    assert.deepEqual(changes.map((c) => [c.table, c.field, c.message]), [['sources', 'page', 'sources.page: type integer → number']]);
  });

  it('every kind of change has a bump', () => {
    for (const [kind, bump] of Object.entries(CHANGE_BUMPS)) assert.ok(['major', 'minor', 'patch'].includes(bump), kind);
  });
});

function table(changes: Partial<{ added: number; removed: number; changed: number }>): TableRowChanges {
  const keys = (n = 0) => Array.from({ length: n }, (_, i) => [`k${i}`]);
  return {
    primary_key: ['id'],
    previous_rows: 10,
    rows: 10,
    added: { count: changes.added ?? 0, keys: keys(changes.added) },
    removed: { count: changes.removed ?? 0, keys: keys(changes.removed) },
    changed: { count: changes.changed ?? 0, rows: keys(changes.changed).map((key) => ({ key, fields: ['kind'] })) },
  };
}

describe('the version recipe on rows', () => {
  const p = pkg();
  const kinds = (tables: Record<string, TableRowChanges>) => rowChanges(tables, p, p).map((c) => [c.kind, c.bump, c.message]);

  it('rows added → minor; rows changed → patch', () => {
    assert.deepEqual(kinds({ articles: table({ added: 2, changed: 1 }) }), [
      ['rows-added', 'minor', 'articles: 2 rows added'],
      ['rows-changed', 'patch', 'articles: 1 row changed'],
    ]);
  });

  it('rows removed → major from a table other tables refer to, patch otherwise', () => {
    assert.deepEqual(kinds({ sources: table({ removed: 1 }), articles: table({ removed: 1 }) }), [
      ['rows-removed-referenced', 'major', 'sources: 1 row removed from a table other tables refer to'],
      ['rows-removed', 'patch', 'articles: 1 row removed'],
    ]);
  });
});

describe('the version check', () => {
  const previous = { version: '0.1.0', descriptor: pkg() };
  const next = (version: string, edit: (p: PackageDescriptor) => void = () => {}) => {
    const p = pkg();
    p.version = version;
    edit(p);
    return p;
  };
  const changes = (version: string, tables: Record<string, TableRowChanges>, edit?: (p: PackageDescriptor) => void) => {
    const n = next(version, edit);
    return releaseChanges({ next: n, created: '2026-01-02T00:00:00Z', previous, schemaChanges: diffDescriptors(previous.descriptor, n), rowChanges: rowChanges(tables, previous.descriptor, n), tables });
  };

  it('the first release may have any version; every table is "added"', () => {
    const c = releaseChanges({ next: next('3.1.4'), created: '2026-01-02T00:00:00Z', previous: null, schemaChanges: [], rowChanges: [], tables: {} });
    assert.deepEqual(c.bump, { declared: null, required: 'none', reasons: ['first release: any version'] });
    assert.deepEqual(c.schema_changes.map((s) => s.message), ['table sources added', 'table articles added']);
    assert.equal(checkVersion(c), null);
  });

  it('a version not greater than the previous one is too low', () => {
    const i = checkVersion(changes('0.1.0', {}))!;
    assert.equal(i.code, 'version-too-low');
    assert.equal(i.message, 'version is not greater than the newest release 0.1.0: expected a version above 0.1.0 (bump "version" in dataset.json), got "0.1.0" (dataset.json, version)');
  });

  it('rows added with only a patch bump: too low, naming the required bump and the reason', () => {
    const c = changes('0.1.1', { articles: table({ added: 3 }) });
    assert.deepEqual(c.bump, { declared: 'patch', required: 'minor', reasons: ['articles: 3 rows added'] });
    const i = checkVersion(c)!;
    assert.equal(i.message, 'version bump too small for the changes since 0.1.0 (articles: 3 rows added): expected a minor bump, at least 0.2.0 (bump "version" in dataset.json), got "0.1.1", a patch bump (dataset.json, version)');
    assert.deepEqual(i.value, { previous: '0.1.0', declared: 'patch', required: 'minor', reasons: ['articles: 3 rows added'] });
  });

  it('a field appended with a patch bump: too low (minor required)', () => {
    const c = changes('0.1.1', {}, (p) => editTable(p, 'articles', (s) => { s.fields.push({ name: 'extra', type: 'string' }); }));
    assert.equal(c.bump.required, 'minor');
    assert.match(checkVersion(c)!.message, /expected a minor bump, at least 0\.2\.0/);
  });

  it('a field removed with a minor bump: too low (major required)', () => {
    const c = changes('0.2.0', {}, (p) => editTable(p, 'articles', (s) => { s.fields.pop(); }));
    assert.equal(c.bump.required, 'major');
    assert.match(checkVersion(c)!.message, /expected a major bump, at least 1\.0\.0/);
  });

  it('a larger bump than required is fine; so is any bump when nothing changed', () => {
    assert.equal(checkVersion(changes('1.0.0', { articles: table({ changed: 1 }) })), null);
    const nothing = changes('0.1.1', {});
    assert.deepEqual(nothing.bump, { declared: 'patch', required: 'none', reasons: ['nothing changed but the version'] });
    assert.equal(checkVersion(nothing), null);
  });
});
