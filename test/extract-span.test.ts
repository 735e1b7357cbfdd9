/**
 * The code-point helpers of the fact extractors (src/extract/span.ts): CharSet's char-code
 * lookups answer as a Set of the same characters asked with `s[k]` does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CharSet, CodePointText, codePoints, PairSet, unitIs, utf16ToCp, zeroedInt32Array, zeroedUint8Array } from '../src/extract/span.ts';

const CHARS = [...'张王李的，。A'];
const words = ['', '张', '张三', '的的', '三', 'A张', '𠀀', '张𠀀', '𠀀张', '\ud840', '张\udc00', '，。', '😀'];

describe('CharSet', () => {
  const set = new CharSet(CHARS);
  const plain = new Set(CHARS);

  it('hasAt(s, k) is has(s[k]) at every index, past either end included', () => {
    for (const w of words) {
      for (let k = -2; k <= w.length + 1; k++) assert.equal(set.hasAt(w, k), plain.has(w[k]), `${JSON.stringify(w)} at ${k}`);
    }
  });

  it('hasAny and hasAll answer as a code-point loop over a Set does (a surrogate pair is never a member)', () => {
    for (const w of words) {
      const cps = Array.from(w);
      assert.equal(set.hasAny(w), cps.some((ch) => plain.has(ch)), JSON.stringify(w));
      assert.equal(set.hasAll(w), cps.length > 0 && cps.every((ch) => plain.has(ch)), JSON.stringify(w));
      for (let from = 0; from <= w.length; from++) assert.equal(set.hasAny(w, from), Array.from(w.slice(from)).some((ch) => plain.has(ch)));
    }
  });

  it('takes single characters only: no longer string, no surrogate', () => {
    assert.throws(() => new CharSet(['张三']), /single UTF-16 units/);
    assert.throws(() => new CharSet(['𠀀']), /single UTF-16 units/);
    assert.throws(() => new CharSet(['\ud840']), /surrogate/);
  });
});

describe('unitIs', () => {
  it('is s[k] === ch for a one-unit ch, false past either end', () => {
    for (const w of words) for (let k = -1; k <= w.length; k++) for (const ch of ['张', '\ud840', 'A']) assert.equal(unitIs(w, k, ch), w[k] === ch);
  });
});

describe('CodePointText.slice', () => {
  it('is the code points from start to end joined, indices read as an array reads them (negative from the end), with or without pairs beyond the BMP', () => {
    for (const text of ['', '张三说，明天下雨。', '王𠀀说𪚥𪚥到了', '\ud840张', 'AB张']) {
      const t = new CodePointText(text);
      const cps = Array.from(text);
      for (let start = -4; start <= cps.length + 2; start++) {
        for (let end = -4; end <= cps.length + 2; end++) assert.equal(t.slice(start, end), cps.slice(start, end).join(''), `${JSON.stringify(text)} ${start} ${end}`);
      }
    }
  });
});

describe('CodePointText.cpIndex', () => {
  it('maps every UTF-16 index (clamped to the text) to its code point, with or without pairs beyond the BMP', () => {
    for (const text of ['', '张三说，明天下雨。', '王𠀀说𪚥𪚥到了', '\ud840张']) {
      const t = new CodePointText(text);
      for (let u = -2; u <= text.length + 2; u++) assert.equal(t.cpIndex(u), utf16ToCp(text, Math.max(0, Math.min(u, text.length))), `${JSON.stringify(text)} ${u}`);
    }
  });
});

describe('zeroedInt32Array, zeroedUint8Array', () => {
  it('answer as new Int32Array(n) and new Uint8Array(n) do: zero-filled, apart from every other, across blocks', () => {
    const made: (Int32Array | Uint8Array)[] = [];
    // enough to fill several blocks, small and large lengths and the empty one mixed
    for (let k = 0; k < 600; k++) {
      const n = [0, 1, 3, 17, 64, 65, 335, 2047, 2048, 2049, 9000][k % 11];
      const a = k % 2 === 0 ? zeroedInt32Array(n) : zeroedUint8Array(n);
      assert.equal(a.length, n);
      assert.ok(a.every((v) => v === 0), `fresh array ${k} of length ${n} is zero-filled`);
      a.fill(k % 2 === 0 ? -(k + 1) : (k % 255) + 1);
      made.push(a);
    }
    made.forEach((a, k) => assert.ok(a.every((v) => v === (k % 2 === 0 ? -(k + 1) : (k % 255) + 1)), `array ${k} kept its own values`));
  });
});

describe('codePoints', () => {
  it('is Array.from(text), a surrogate pair as one code point and a lone surrogate as its own', () => {
    for (const w of [...words, '张三，李四。', 'A𠀀B\ud840C']) assert.deepEqual(codePoints(w), Array.from(w));
  });
});

describe('PairSet', () => {
  it('hasAt(chars, i) is a Set of the same words asked for the two code points at i, past either end included', () => {
    const pairs = ['张三', '三李', '的，', 'AB'];
    const set = new PairSet(pairs);
    const plain = new Set(pairs);
    for (const w of [...words, '张三李四', 'xAB张三', '的，的']) {
      const chars = Array.from(w);
      for (let i = -1; i <= chars.length; i++) assert.equal(set.hasAt(chars, i), plain.has((chars[i] ?? '') + (chars[i + 1] ?? '')), `${JSON.stringify(w)} at ${i}`);
    }
  });

  it('takes two characters of one unit each only', () => {
    for (const w of ['张', '张三李', '𠀀张', '\ud840张']) assert.throws(() => new PairSet([w]), /PairSet/);
  });
});
