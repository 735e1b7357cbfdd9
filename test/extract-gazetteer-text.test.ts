/**
 * The word indexes of the fact extractors (src/extract/gazetteer-text.ts): a SurfaceIndex answers
 * as trying every surface at a position would, its quick tables of first characters and pairs
 * ruling out only what no surface holds. Invented words and texts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StartFilter, SurfaceIndex } from '../src/extract/gazetteer-text.ts';

/** A small deterministic generator (the same texts on every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// a few characters, one beyond the BMP, so that words share prefixes and texts hold them
const ALPHABET = [...'东西南北山水村镇', '𠀀'];

function word(next: () => number, max: number): string {
  let w = '';
  const n = 1 + Math.floor(next() * max);
  for (let k = 0; k < n; k++) w += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return w;
}

describe('SurfaceIndex', () => {
  it('longestAt, matchesAt, get and has agree with trying every surface', () => {
    const next = random(7);
    for (let round = 0; round < 40; round++) {
      const index = new SurfaceIndex<number>();
      const surfaces = new Map<string, number[]>();
      for (let k = 0; k < 1 + Math.floor(next() * 12); k++) {
        const w = word(next, 4);
        index.add(w, k);
        surfaces.set(w, [...(surfaces.get(w) ?? []), k]);
      }
      const chars = Array.from(word(next, 30));
      for (let i = -1; i <= chars.length; i++) {
        const expected = [...surfaces.keys()]
          .filter((s) => i >= 0 && chars.slice(i, i + Array.from(s).length).join('') === s)
          .sort((a, b) => Array.from(b).length - Array.from(a).length)
          .map((s) => ({ length: Array.from(s).length, surface: s, values: surfaces.get(s) }));
        assert.deepEqual(index.matchesAt(chars, i), expected, `${chars.join('')} at ${i}`);
        assert.deepEqual(index.longestAt(chars, i), expected[0] ?? null);
      }
      for (let k = 0; k < 30; k++) {
        const w = k % 3 === 0 ? [...surfaces.keys()][k % surfaces.size] : word(next, 4);
        assert.deepEqual(index.get(w), surfaces.get(w) ?? [], w);
        assert.equal(index.has(w), surfaces.has(w), w);
      }
      assert.equal(index.has(''), false);
    }
  });
});

describe('StartFilter', () => {
  it('says a word may start wherever a surface of any of its indexes starts', () => {
    const next = random(11);
    for (let round = 0; round < 40; round++) {
      const indexes = [0, 1, 2].map(() => {
        const index = new SurfaceIndex<number>();
        for (let k = 0; k < Math.floor(next() * 8); k++) index.add(word(next, 3), k);
        return index;
      });
      const filter = new StartFilter(indexes);
      const chars = Array.from(word(next, 30));
      for (let i = -1; i <= chars.length; i++) {
        const found = indexes.some((index) => index.longestAt(chars, i) !== null);
        if (found) assert.ok(filter.mayStartAt(chars, i), `${chars.join('')} at ${i}`);
      }
      // an empty filter rules every position out
      assert.ok(chars.every((_, i) => !new StartFilter([]).mayStartAt(chars, i)));
    }
  });
});
