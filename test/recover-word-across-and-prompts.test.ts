/**
 * Two small readings of an article's lines (invented text): a bare line that breaks off inside a
 * word the next line finishes is a paragraph's first line, not a subheading (reflow.ts
 * wordGoesOn); a short question printed in one block with a call to scan a code is the call's,
 * page furniture (lines.ts markScanPrompts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPage } from '../src/recover/index.ts';

const page = [
  '城区新增三条公交线路',
  '',
  '本报记者 林晓',
  '',
  '今年以来，全市公交客流持续回升，',
  '不少市民希望增加通往新城区的线',
  '路。',
  '据市交通运输局的相关负',
  '责人介绍，今年全市将新增三条公交',
  '线路，连通老城区和新城区的主要站',
  '点，预计下月起陆续开通运营。',
  '新线路开通后，市民可以通过手机查',
  '询车辆到站时间，十分方便。',
  '想了解更多吗？',
  '扫码看看吧',
  '',
].join('\n');

const paragraphs = () => recoverPage(page).articles.flatMap((a) => a.paragraphs.map((p) => `${p.kind}: ${p.text}`));

test('a bare line broken off inside a word that the next line finishes (`…相关负` / `责人…`) opens a paragraph, it is no subheading', () => {
  assert.ok(paragraphs().includes('body: 据市交通运输局的相关负责人介绍，今年全市将新增三条公交线路，连通老城区和新城区的主要站点，预计下月起陆续开通运营。'));
});

test('a short question in one block with a call to scan a code under it is page furniture, not the last paragraph', () => {
  const page0 = recoverPage(page);
  assert.deepEqual(paragraphs().slice(-1), ['body: 新线路开通后，市民可以通过手机查询车辆到站时间，十分方便。']);
  assert.deepEqual(
    page0.unassigned.filter((u) => u.line >= 14).map((u) => [u.line, u.reason]),
    [
      [14, 'page-furniture'],
      [15, 'page-furniture'],
    ],
  );
});
