/**
 * The tables the page workers build at start, read in place rather than through general parsers:
 * jieba's dictionary as an open-addressed table (segmenter.ts) and the reference CSV files cut at
 * newlines and commas (divisions.ts, csvRecords). Each must answer exactly as the general reading
 * did. CSV texts written for these tests.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dict } from '@node-rs/jieba/dict.js';
import { parse } from 'csv-parse/sync';
import { csvRecords, parseNational } from '../src/extract/divisions.ts';
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

describe('csvRecords', () => {
  const general = (text: string) => parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const same = (text: string) => assert.deepEqual(csvRecords(text), general(text));

  it('reads a plain text as csv-parse does: header keys, empty fields, empty lines skipped, no final newline', () => {
    same('code,name,level,parent_code\n4199,青石市,city,41\n419901,青石区,county,4199\n');
    same('code,name,level,parent_code\n\n4199,青石市,city,\n\n419901,青石区,county,4199');
    same('a,b\n');
    same('a,b');
  });

  it('leaves quotes, carriage returns, a byte-order mark and odd headers to csv-parse', () => {
    same('code,name\r\n11,"白水,县"\r\n');
    same('\ufeffcode,name\n11,白水县\n');
    same('\ncode,name\n11,白水县\n');
    same('code,name,code\n1,白水县,2\n');
  });

  it('throws as csv-parse throws on a record of the wrong width', () => {
    const text = 'code,name\n11,白水县,extra\n';
    assert.throws(() => general(text));
    assert.throws(() => csvRecords(text), (e: Error) => {
      assert.throws(() => general(text), { message: e.message });
      return true;
    });
  });

  it('a reference file of malformed CSV is named in the error, with the line', () => {
    assert.throws(() => parseNational('code,name,level,parent_code,placeholder\n11,白水县,county,1,0,extra\n'), {
      message: 'gazetteer china_divisions.csv: Invalid Record Length: columns length is 5, got 6 on line 2',
    });
  });
});
