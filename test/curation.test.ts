import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from '../src/build.ts';
import { Curation } from '../src/curation/apply-curation.ts';
import { parseCurationCsv, type CurationEntry } from '../src/curation/read-curation.ts';
import { FACT_TABLES } from '../src/extract/article-facts.ts';
import { loadSchemas } from '../src/schema/index.ts';
import { copyData, removeDir, syntheticRows, tempDir } from './helpers/fixtures.ts';

const HEADER = 'action,table,article_id,quote,occurrence,field,value,note';
const specs = new Map(loadSchemas().map((s) => [s.table, s]));
const rows = syntheticRows();
const articleId = rows.articles[0].row.article_id;

function entries(...lines: string[]): CurationEntry[] {
  const parsed = parseCurationCsv('curation/facts.csv', [HEADER, ...lines].join('\n'), FACT_TABLES);
  assert.deepEqual(parsed.issues, []);
  return parsed.entries;
}

describe('curation files', () => {
  it('every problem names the file, line and field', () => {
    const { issues } = parseCurationCsv(
      'curation/facts.csv',
      [HEADER, `drop,people,${articleId},第一,,,,why`, `reject,nosuch,${articleId},第一,,,,why`, `reject,people,${articleId},第一,0,,,why`, `add,people,${articleId},第一,,,{not json},why`, `reject,people,${articleId},第一,,,,`].join('\n'),
      FACT_TABLES,
    );
    assert.deepEqual(
      issues.map((i) => [i.code, i.file, i.line, i.field]),
      [
        ['invalid-curation', 'curation/facts.csv', 2, 'action'],
        ['invalid-curation', 'curation/facts.csv', 3, 'table'],
        ['invalid-curation', 'curation/facts.csv', 4, 'occurrence'],
        ['invalid-curation', 'curation/facts.csv', 5, 'value'],
        ['invalid-curation', 'curation/facts.csv', 6, 'note'],
      ],
    );
    assert.match(issues[0].message, /unknown action: expected reject \| correct \| add \| article, got "drop" \(curation\/facts\.csv:2, action\)/);
  });

  it('a missing or unknown column is reported on the header line', () => {
    const { issues } = parseCurationCsv('curation/x.csv', 'action,table,article_id,quote,field,value,note,extra\n', FACT_TABLES);
    assert.deepEqual(issues.map((i) => [i.line, i.field]), [[1, 'occurrence'], [1, 'extra']]);
  });
});

describe('applying corrections', () => {
  it('reject removes the fact, correct sets a typed value and marks the row curated', () => {
    const page = syntheticRows();
    const curation = new Curation(entries(`reject,people,${articleId},第一,,,,not a name`, `correct,quantities,${articleId},第一,,value,2.5,misread`), specs);
    assert.deepEqual(curation.apply(page), []);
    assert.equal(page.people.length, 0);
    assert.equal(page.quantities[0].row.value, 2.5);
    assert.equal(page.quantities[0].row.curated, true);
    assert.deepEqual(page.quantities[0].at, { file: 'curation/facts.csv', line: 3 }, 'a curated row points at its correction');
    assert.deepEqual([...curation.matches.values()], [1, 1]);
  });

  it('a quote with context in brackets picks one mention without counting positions', () => {
    const page = syntheticRows();
    page.people.push({ at: page.people[0].at, row: { ...page.people[0].row, fact_id: 'second', start: 4, end: 6, quote: '文字' } });
    page.people[0].row.quote = '第一'; // at 0-2: 第一|段
    const curation = new Curation(entries(`correct,people,${articleId},[第一]段,,title,队员,context`, `correct,people,${articleId},𠀀[文字],,title,队长,context`), specs);
    assert.deepEqual(curation.apply(page), []);
    assert.deepEqual(page.people.map((p) => p.row.title), ['队员', '队长']);
    assert.deepEqual([...curation.matches.values()], [1, 1]);
    const stale = new Curation(entries(`reject,people,${articleId},别的[第一],,,,context gone`), specs);
    stale.apply(syntheticRows());
    assert.deepEqual([...stale.matches.values()], [0]);
  });

  it('a value of the wrong type is an error naming the correction and the expected type', () => {
    const page = syntheticRows();
    const [issue] = new Curation(entries(`correct,quantities,${articleId},第一,,value,many,misread`), specs).apply(page);
    assert.equal(issue.code, 'invalid-curation');
    assert.equal(issue.file, 'curation/facts.csv');
    assert.equal(issue.line, 2);
    assert.equal(issue.field, 'value');
    assert.match(issue.message, /expected a number \(quantities\.value is number\), got "many"/);
  });

  it('fields that locate a fact cannot be corrected', () => {
    const [issue] = new Curation(entries(`correct,people,${articleId},第一,,start,5,moved`), specs).apply(syntheticRows());
    assert.match(issue.message, /not start/);
  });

  it('add creates a fact over the quote, with its span, sentence and the given fields', () => {
    const page = syntheticRows();
    const curation = new Curation(entries(`add,organizations,${articleId},文字,,,"{""name"": ""文字"", ""kind"": ""other"", ""canonical"": null}",missed`), specs);
    assert.deepEqual(curation.apply(page), []);
    const added = page.organizations.at(-1)!.row;
    assert.equal(added.fact_id, `${articleId}.organization.text.000004-000006`);
    assert.deepEqual([added.start, added.end, added.quote, added.rule, added.curated], [4, 6, '文字', 'curation', true]);
  });

  it('article entries change a headline only while the build still finds the quoted one', () => {
    const page = syntheticRows();
    const curation = new Curation(entries(`article,articles,${articleId},标题一,,headline,标题改正,typo`, `article,articles,${articleId},别的标题,,headline,x,stale`), specs);
    curation.apply(page);
    assert.equal(page.articles[0].row.headline, '标题改正');
    assert.equal(page.articles[0].row.curated, true);
    assert.deepEqual([...curation.matches.values()], [1, 0]);
  });

  it('an entry matching twice counts both, so the check can ask for an occurrence', () => {
    const page = syntheticRows();
    page.people.push({ at: page.people[0].at, row: { ...page.people[0].row, fact_id: 'other', start: 0 } });
    const curation = new Curation(entries(`reject,people,${articleId},第一,,,,twice`), specs);
    curation.apply(page);
    assert.deepEqual([...curation.matches.values()], [2]);
    assert.equal(page.people.length, 2, 'nothing is removed when the entry is ambiguous');
  });
});

describe('curation in the build', () => {
  let dir: string;
  before(async () => { dir = await tempDir('curation'); });
  after(async () => { await removeDir(dir); });

  it('an entry that no longer matches fails the build, naming its file and line', async () => {
    const data = await copyData(dir);
    await mkdir(path.join(data, 'curation'), { recursive: true });
    await writeFile(path.join(data, 'curation', 'facts.csv'), `${HEADER}\nreject,people,no-such-article-000000000000,王冰,,,,stale\n`);
    const report = await build({ dataDir: data, outDir: path.join(dir, 'out') }, { log: () => {}, env: {} });
    assert.equal(report.exit_code, 1);
    const failure = report.errors.find((e) => e.code === 'check-failed:curation-entries-matched-once');
    assert.ok(failure, JSON.stringify(report.errors.map((e) => e.code)));
    assert.equal(failure.file, 'curation/facts.csv');
    assert.equal(failure.line, 2);
  });
});
