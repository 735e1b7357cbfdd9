/**
 * Any position in the published text maps back to a raw line and column (text_segments), on
 * the real seed pages and on every re-laid page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { recoverPage, type RecoveredArticle, type RecoveredPage } from '../src/recover/index.ts';
import { splitRawLines } from '../src/recover/lines.ts';
import { renderPage, seededRandom } from './support/render-page.ts';
import { makeSpec } from './support/relaid-pages.ts';

function load(name: string): { raw: string[]; page: RecoveredPage } {
  const text = readFileSync(new URL(`../data/raw/${name}`, import.meta.url), 'utf8');
  return { raw: splitRawLines(text), page: recoverPage(text) };
}

/** Raw line and column of the character at `offset` of the article's text. */
function rawPosition(article: RecoveredArticle, offset: number): { line: number; col: number } | null {
  let base = 0;
  for (const p of article.paragraphs) {
    const length = [...p.text].length;
    if (offset < base + length) {
      const s = p.segments.find((x) => x.start <= offset - base && offset - base < x.end);
      return s ? { line: s.line, col: s.col + (offset - base - s.start) } : null;
    }
    base += length + 1;
  }
  return null;
}

function charAt(raw: string[], pos: { line: number; col: number } | null): string | undefined {
  return pos ? [...raw[pos.line - 1]][pos.col] : undefined;
}

function offsetOf(article: RecoveredArticle, needle: string): number {
  const text = article.paragraphs.map((p) => p.text).join('\n');
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return [...text.slice(0, i)].length;
}

describe('provenance on the seed pages', () => {
  it('a word cut by a column break maps to both raw lines', () => {
    const { raw, page } = load('000_0f81d0fce9b36645.txt');
    const article = page.articles[0];
    const at = offsetOf(article, '核心信息');
    assert.deepEqual(rawPosition(article, at + 2), { line: 60, col: [...raw[59]].length - 1 });
    assert.deepEqual(rawPosition(article, at + 3), { line: 62, col: 0 });
    assert.equal(charAt(raw, rawPosition(article, at + 3)), '息');
  });

  it('justified characters map to their own columns, spaces skipped', () => {
    const { raw, page } = load('002_ecc4107209b7bf27.txt');
    const article = page.articles[1];
    const at = offsetOf(article, '担当新使命');
    assert.deepEqual(rawPosition(article, at), { line: 100, col: [...raw[99]].length - 1 });
    assert.deepEqual(rawPosition(article, at + 1), { line: 101, col: 0 });
    assert.deepEqual(rawPosition(article, at + 2), { line: 101, col: 2 });
    const money = offsetOf(article, '2万元');
    assert.equal(charAt(raw, rawPosition(article, money)), '2');
    assert.equal(charAt(raw, rawPosition(article, money + 1)), '万');
    assert.equal(raw[104].indexOf('2 万元') >= 0, true);
  });

  it('text after an inline byline maps past the byline; headlines map to their line', () => {
    const { raw, page } = load('002_ecc4107209b7bf27.txt');
    const article = page.articles.find((a) => a.byline === '本报讯（记者刘婧）')!;
    assert.deepEqual(rawPosition(article, 0), { line: 273, col: [...raw[272]].indexOf('2') });
    assert.deepEqual(article.headlineSegments, [{ start: 0, end: 13, line: 356, col: 0 }]);
  });
});

describe('provenance on re-laid pages', () => {
  it('every segment equals its raw text, and only paragraph breaks and inserted spaces are uncovered', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const { text } = renderPage(makeSpec(seed), seededRandom(seed * 7919));
      const raw = splitRawLines(text);
      for (const article of recoverPage(text).articles) {
        for (const p of article.paragraphs) {
          const chars = [...p.text];
          const covered = new Array<boolean>(chars.length).fill(false);
          for (const s of p.segments) {
            const rawSlice = [...raw[s.line - 1]].slice(s.col, s.col + s.end - s.start).join('').replace(/[\t\u00a0\u3000]/g, ' ');
            assert.equal(rawSlice, chars.slice(s.start, s.end).join(''), `seed ${seed}, line ${s.line}`);
            for (let i = s.start; i < s.end; i++) {
              assert.equal(covered[i], false, `seed ${seed}: overlap at ${i}`);
              covered[i] = true;
            }
          }
          chars.forEach((ch, i) => assert.ok(covered[i] || ch === ' ', `seed ${seed}: ${ch} at ${i} of "${p.text.slice(0, 20)}" has no raw position`));
        }
      }
    }
  });
});
