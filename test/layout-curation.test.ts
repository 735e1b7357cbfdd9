import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from '../src/build.ts';
import { LayoutCuration, parseLayoutCsv } from '../src/curation/layout-curation.ts';
import { recoverPage } from '../src/recover/index.ts';
import { splitRawLines } from '../src/recover/lines.ts';
import { copyData, removeDir, tempDir } from './helpers/fixtures.ts';

const HEADER = 'action,source_id,quote,field,value,note';
const SOURCE = '002_ecc4107209b7bf27';
const text = readFileSync(new URL(`../data/raw/${SOURCE}.txt`, import.meta.url), 'utf8');

function corrections(...lines: string[]) {
  const parsed = parseLayoutCsv('curation/layout.csv', [HEADER, ...lines].join('\n'));
  assert.deepEqual(parsed.issues, []);
  const curation = new LayoutCuration(parsed.entries);
  return { curation, page: curation.forPage(SOURCE, splitRawLines(text)) };
}

describe('layout curation', () => {
  it('split starts an article at the quoted line', () => {
    const { page } = corrections(`split,${SOURCE},疫情发生后，王晋豫和工,,,the page was cut here`);
    assert.deepEqual(page.splitAt, [17]);
    const articles = recoverPage(text, page).articles;
    assert.equal(articles.length, 10);
    assert.deepEqual([articles[0].lineEnd, articles[1].lineStart], [15, 17]);
  });

  it('merge joins the article starting at the quoted line to the one before; its headline goes back to the body', () => {
    const { page } = corrections(`merge,${SOURCE},本报讯（通讯员邵珠章,,,one article`);
    const articles = recoverPage(text, page).articles;
    assert.equal(articles.length, 8);
    assert.equal(articles[0].headline, '市委老干部局积极投身疫情防控阻击战');
    assert.deepEqual([articles[0].lineStart, articles[0].lineEnd], [1, 169]);
    assert.ok(articles[0].paragraphs.some((p) => p.text.includes('焦作移动扶贫干部投身抗疫一线')));
  });

  it('retitle sets the headline of the article holding the quoted line', () => {
    const { page } = corrections(`retitle,${SOURCE},（上接第一版）,headline,名仁明康等企业保障防疫物资,continued from page 1`);
    const fragment = recoverPage(text, page).articles.find((a) => a.isContinuation)!;
    assert.equal(fragment.headline, '名仁明康等企业保障防疫物资');
    assert.deepEqual(fragment.headlineSegments, []);
  });

  it('counts the lines each entry matched, so entries matching none or several fail the build', () => {
    const { curation, page } = corrections(`split,${SOURCE},不存在的一行,,,stale`, `split,${SOURCE},本报记者 原文钊,,,ambiguous`);
    assert.deepEqual(page.splitAt, []);
    assert.deepEqual(curation.entryRows().map((r) => r.row.matches), [0, 2]);
  });

  it('bad entries name the file, line and field', () => {
    const { issues } = parseLayoutCsv('curation/layout.csv', [HEADER, `cut,${SOURCE},x,,,why`, `retitle,${SOURCE},x,body,y,why`, `split,,x,,,`].join('\n'));
    assert.deepEqual(issues.map((i) => [i.line, i.field]), [[2, 'action'], [3, 'field'], [4, 'source_id'], [4, 'note']]);
  });

  describe('in the build', () => {
    let dir: string;
    before(async () => { dir = await tempDir('layout'); });
    after(async () => { await removeDir(dir); });

    it('an entry whose quote no longer matches fails with its file and line; nothing is published', async () => {
      const data = await copyData(dir);
      await mkdir(path.join(data, 'curation'), { recursive: true });
      await writeFile(path.join(data, 'curation', 'layout.csv'), `${HEADER}\nsplit,${SOURCE},这一行已经不在了,,,stale\n`);
      const report = await build({ dataDir: data, outDir: path.join(dir, 'out') }, { log: () => {}, env: {} });
      assert.equal(report.exit_code, 1);
      const failure = report.errors.find((e) => e.code === 'check-failed:curation-entries-matched-once');
      assert.deepEqual([failure?.file, failure?.line], ['curation/layout.csv', 2]);
      assert.equal(report.release, null);
    });
  });
});
