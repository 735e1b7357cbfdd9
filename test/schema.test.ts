import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BuildError } from '../src/issues.ts';
import { createTableSql, loadSchemas, tableSchema, validateRow, type TableSpec } from '../src/schema/index.ts';
import { removeDir, REPO, tempDir } from './helpers/fixtures.ts';

const specs = loadSchemas();

/** A schema with one field of each supported type. */
const DEMO = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'demo',
  title: 'Demo',
  description: 'One of each type.',
  type: 'object',
  additionalProperties: false,
  'x-primaryKey': ['id'],
  'x-publish': true,
  required: ['id', 'n', 'x', 'ok', 'day', 'kind'],
  properties: {
    id: { type: 'string', pattern: '^[a-z]+$', description: 'Id.', examples: ['abc'] },
    n: { type: 'integer', minimum: 0, description: 'Count.' },
    x: { type: ['number', 'null'], description: 'Measure.' },
    ok: { type: 'boolean', description: 'Flag.' },
    day: { type: ['string', 'null'], format: 'date', description: 'Day.' },
    kind: { type: 'string', enum: ['a', 'b'], minLength: 1, description: 'Kind.' },
  },
};

let dir: string;
before(async () => { dir = await tempDir('schema'); });
after(async () => { await removeDir(dir); });

/** Loads `schemas` (name → JSON) from a fresh folder. */
async function load(name: string, schemas: Record<string, unknown>): Promise<TableSpec[]> {
  const d = path.join(dir, name);
  await mkdir(d, { recursive: true });
  for (const [file, json] of Object.entries(schemas)) await writeFile(path.join(d, file), JSON.stringify(json));
  return loadSchemas(d);
}

describe('loadSchemas', () => {
  it('loads every table schema, sorted by file name, and not the vendored profiles', () => {
    const schemaDir = path.join(REPO, 'schema');
    const files = readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json'));
    assert.ok(files.length > 0);
    const sorted = [...files].sort();
    assert.deepEqual(specs.map((s) => s.file), sorted.map((f) => `schema/${f}`));
    assert.deepEqual(specs.map((s) => s.table), sorted.map((f) => f.slice(0, -'.schema.json'.length)));
    // The vendored Frictionless profiles sit in a subfolder and are not tables.
    const profiles = readdirSync(path.join(schemaDir, 'profiles'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    assert.ok(profiles.length > 0);
    for (const p of profiles) assert.ok(!specs.some((s) => s.table === path.basename(p, '.json')), `profile ${p} loaded as a table`);
    assert.deepEqual(specs.filter((s) => !s.publish).map((s) => s.table), ['curation_entries', 'raw_lines', 'unassigned_lines']);
    assert.deepEqual(specs.filter((s) => s.textLicense).map((s) => s.table), ['articles', 'facts', 'paragraphs']);
  });

  const broken: [string, (s: any) => void, RegExp][] = [
    ['a keyword typo (strict mode)', (s) => { s.properties.n.minimun = 0; }, /does not compile in ajv strict mode: .*unknown keyword: "minimun"/],
    ['x-primaryKey naming a missing field', (s) => { s['x-primaryKey'] = ['nope']; }, /x-primaryKey names a missing field: expected a field in properties, got "nope"/],
    ['x-primaryKey of the wrong shape', (s) => { s['x-primaryKey'] = 'id'; }, /keyword "x-primaryKey" value is invalid/],
    ['a field left out of required', (s) => { s.required = s.required.filter((r: string) => r !== 'x'); }, /field missing from required/],
    ['an unanchored pattern', (s) => { s.properties.id.pattern = '[a-z]+'; }, /pattern must be anchored/],
    ['a field without description', (s) => { delete s.properties.ok.description; }, /every field needs a description/],
    ['an unsupported keyword the derivations would drop', (s) => { s.properties.n.maximum = 9; }, /unsupported field keyword: .*got "maximum"/],
    ['a foreign key to a missing table', (s) => { s['x-foreignKeys'] = [{ fields: ['id'], reference: { resource: 'ghost', fields: ['id'] } }]; }, /x-foreignKeys references a missing table/],
    ['no x-publish', (s) => { delete s['x-publish']; }, /every table must say whether it is released/],
  ];
  for (const [name, mutate, message] of broken) {
    it(`rejects ${name} as invalid-schema naming the file`, async () => {
      const schema = structuredClone(DEMO);
      mutate(schema);
      await assert.rejects(
        async () => load(name.replace(/\W+/g, '-'), { 'demo.schema.json': schema }),
        (e: unknown) => {
          assert.ok(e instanceof BuildError);
          assert.equal(e.issues[0].code, 'invalid-schema');
          assert.equal(e.issues[0].file, 'schema/demo.schema.json');
          assert.match(e.issues.map((i) => i.message).join('\n'), message);
          return true;
        },
      );
    });
  }
});

describe('derivations', () => {
  it('DDL: VARCHAR, BIGINT, DOUBLE, BOOLEAN, DATE; NOT NULL unless nullable; no key constraints', async () => {
    const [demo] = await load('ddl', { 'demo.schema.json': DEMO });
    assert.equal(createTableSql(demo), [
      'CREATE TABLE "demo" (',
      '  "id" VARCHAR NOT NULL,',
      '  "n" BIGINT NOT NULL,',
      '  "x" DOUBLE,',
      '  "ok" BOOLEAN NOT NULL,',
      '  "day" DATE,',
      '  "kind" VARCHAR NOT NULL',
      ')',
    ].join('\n'));
  });

  it('Table Schema: fields in properties order with type, description, example and constraints', async () => {
    const [demo] = await load('ts', { 'demo.schema.json': DEMO });
    assert.deepEqual(tableSchema(demo), {
      fields: [
        { name: 'id', type: 'string', description: 'Id.', example: 'abc', constraints: { required: true, pattern: '[a-z]+' } },
        { name: 'n', type: 'integer', description: 'Count.', constraints: { required: true, minimum: 0 } },
        { name: 'x', type: 'number', description: 'Measure.' },
        { name: 'ok', type: 'boolean', description: 'Flag.', constraints: { required: true } },
        { name: 'day', type: 'date', description: 'Day.' },
        { name: 'kind', type: 'string', description: 'Kind.', constraints: { required: true, enum: ['a', 'b'], minLength: 1 } },
      ],
      missingValues: [''],
      primaryKey: ['id'],
    });
  });

  it('Table Schema foreign keys name the resource the caller maps the table to', () => {
    const articles = specs.find((s) => s.table === 'articles')!;
    assert.deepEqual(tableSchema(articles, (t) => `${t}-parquet`).foreignKeys, [
      { fields: ['source_id'], reference: { resource: 'sources-parquet', fields: ['source_id'] } },
    ]);
  });
});

describe('validateRow', () => {
  const sources = specs.find((s) => s.table === 'sources')!;
  const row = JSON.parse(readFileSync(path.join(REPO, 'test/schema/sources.cases.json'), 'utf8'))[0].data;

  it('maps ajv errors to issues with field, value, expected and the row provenance', () => {
    const issues = validateRow(sources, { ...row, sha256: 'ABC' }, { file: 'raw/x.txt', line: null });
    assert.equal(issues.length, 1);
    assert.deepEqual(
      { ...issues[0] },
      {
        code: 'row-pattern', severity: 'error', file: 'raw/x.txt', line: null, table: 'sources', field: 'sha256', value: 'ABC', expected: '/^[0-9a-f]{64}$/',
        message: 'sources.sha256 does not match the pattern: expected /^[0-9a-f]{64}$/, got "ABC" (raw/x.txt, sha256)',
      },
    );
  });

  it('names missing and undeclared fields', () => {
    const { page, ...rest } = row;
    const codes = validateRow(sources, { ...rest, edition: 'A' }, { file: 'raw/x.txt', line: 2 }).map((i) => [i.code, i.field, i.line]);
    assert.deepEqual(codes, [['row-required', 'page', 2], ['row-additional-properties', 'edition', 2]]);
    void page;
  });
});

describe('schema cases (test/schema/<table>.cases.json)', () => {
  const caseDir = path.join(REPO, 'test/schema');
  it('every table has a cases file', () => {
    const files = readdirSync(caseDir).filter((f) => f.endsWith('.cases.json')).sort();
    assert.deepEqual(files, specs.map((s) => `${s.table}.cases.json`));
  });
  for (const spec of specs) {
    const cases: { description: string; data: unknown; valid: boolean }[] = JSON.parse(readFileSync(path.join(caseDir, `${spec.table}.cases.json`), 'utf8'));
    for (const c of cases) {
      it(`${spec.table}: ${c.description} → ${c.valid ? 'valid' : 'invalid'}`, () => {
        const issues = validateRow(spec, c.data, { file: null, line: null });
        assert.equal(issues.length === 0, c.valid, issues.map((i) => i.message).join('\n'));
      });
    }
  }
});
