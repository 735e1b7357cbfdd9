import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPage } from '../src/recover/index.ts';

/** Invented prose set in a 16-character column: an indented first line of 14, full lines of 16, the rest. */
function set(text: string, firstWidth = 14, width = 16): string[] {
  const chars = [...text];
  const out = [chars.splice(0, firstWidth).join('')];
  while (chars.length > 0) out.push(chars.splice(0, width).join(''));
  return out;
}

const LEAD = '春耕时节，全县投入各类农机两千多台，比去年同期增加了三成，农机合作社的服务范围也从耕地延伸到了播种、植保和收割。';
const BODY = [
  '连日来，城南镇的田野里机声隆隆，一台台拖拉机来回穿梭，翻耕过的土地散发着泥土的清香。合作社理事长王春生说，今年社里新添了六台插秧机。',
  '县农业农村局的技术人员也来到田间地头，为农户讲解机具保养和安全操作的要领，帮助大家解决春耕中遇到的难题。',
  '据了解，全县今年计划完成机耕面积四十万亩，目前已经完成了六成以上，春耕生产进展顺利。',
];

/** A page whose one article prints its lead first, then its own-line byline, its body and its headline. */
function page(lead: string[]): string {
  return [...lead, '', '本报记者 李明', '', ...BODY.flatMap((p) => [...set(p), '']), '春耕时节农机忙', ''].join('\n');
}

test('recover: a lead printed across the columns before the byline is the first paragraph of the article under it', () => {
  // The lead's lines run half as wide again as the body's 16-character column.
  const { articles } = recoverPage(page(set(LEAD, 18, 22)));
  assert.equal(articles.length, 1);
  assert.equal(articles[0].headline, '春耕时节农机忙');
  assert.equal(articles[0].byline, '本报记者 李明');
  assert.deepEqual(
    articles[0].paragraphs.map((p) => p.text),
    [LEAD, ...BODY],
  );
});

test('recover: a piece set in the column before a byline stays a piece of its own', () => {
  const { articles } = recoverPage(page(set(LEAD)));
  assert.equal(articles.length, 2);
  assert.equal(articles[1].byline, '本报记者 李明');
  assert.equal(articles[1].paragraphs[0].text, BODY[0]);
});
