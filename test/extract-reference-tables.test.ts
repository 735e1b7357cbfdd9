/**
 * The tables the page workers build at start, read in place rather than through general parsers:
 * jieba's dictionary as an open-addressed table (segmenter.ts). It must answer exactly as the
 * general reading did.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dict } from '@node-rs/jieba/dict.js';
import { dictionaryTotal, wordFrequency, wordTag } from '../src/extract/segmenter.ts';

describe("jieba's dictionary table", () => {
  it('gives every word of the dictionary its tag and frequency, and the same total', () => {
    const text = new TextDecoder().decode(dict);
    const tags = new Map<string, string>();
    const frequencies = new Map<string, number>();
    for (const line of text.split('\n')) {
      const a = line.indexOf(' ');
      const b = line.lastIndexOf(' ');
      if (a <= 0 || b <= a) continue;
      const word = line.slice(0, a);
      tags.set(word, line.slice(b + 1).trim());
      frequencies.set(word, Number(line.slice(a + 1, b)));
    }
    assert.ok(tags.size > 300_000);
    let wrong = 0;
    for (const [word, tag] of tags) if (wordTag(word) !== tag || wordFrequency(word) !== frequencies.get(word)) wrong++;
    assert.equal(wrong, 0);
    let total = 0;
    for (const f of frequencies.values()) total += f;
    assert.equal(dictionaryTotal(), total);
  });

  it('knows no word that is not listed, not even a piece of a listed one', () => {
    for (const word of ['', '的的的', '星期八号店', 'zzqx', '\n', ' ']) {
      assert.equal(wordTag(word), null, word);
      assert.equal(wordFrequency(word), 0, word);
    }
  });

  it('a word of the dictionary: 阵雨 → n', () => {
    assert.equal(wordTag('阵雨'), 'n');
    assert.ok(wordFrequency('阵雨') > 0);
  });
});
