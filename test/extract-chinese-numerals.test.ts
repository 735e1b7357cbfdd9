import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseNumeral, scanNumeral, parseSmallInteger } from '../src/extract/chinese-numerals.ts';
import { CodePointText, cpSlice, cpLength, utf16ToCp, cpToUtf16 } from '../src/extract/span.ts';

describe('parseNumeral', () => {
  const cases: Array<[string, number, boolean]> = [
    ['86万', 860000, false],
    ['2.8万', 28000, false],
    ['1.8万', 18000, false],
    ['100余万', 1000000, true],
    ['86万余', 860000, true],
    ['6万多', 60000, true],
    ['两', 2, false],
    ['一千二百', 1200, false],
    ['一千二', 1200, false],
    ['二十', 20, false],
    ['十五', 15, false],
    ['三千', 3000, false],
    ['两万五', 25000, false],
    ['一万零五百', 10500, false],
    ['一百零五', 105, false],
    ['三百余万', 3000000, true],
    ['十多', 10, true],
    ['3千万', 30000000, false],
    ['1,230', 1230, false],
    ['２０', 20, false],
    ['１．５万', 15000, false],
    ['二〇二〇', 2020, false],
    ['一亿二千万', 120000000, false],
    ['千', 1000, false],
    ['200多万', 2000000, true],
    ['8.5', 8.5, false],
  ];
  for (const [s, value, over] of cases) {
    it(`${s} → ${value}${over ? ' (over)' : ''}`, () => {
      const p = parseNumeral(s);
      assert.ok(p, s);
      assert.equal(p.value, value);
      assert.equal(p.over, over);
    });
  }
  it('rejects non-numerals and ambiguous digit pairs', () => {
    for (const s of ['', '余', '五一', '一一', '三四', '百一十千', 'abc']) assert.equal(parseNumeral(s), null, s);
  });
  it('reports the multiplier', () => {
    assert.equal(parseNumeral('2.8万')!.multiplier, 1e4);
    assert.equal(parseNumeral('3亿')!.multiplier, 1e8);
    assert.equal(parseNumeral('300')!.multiplier, 1);
  });
});

describe('scanNumeral', () => {
  const scan = (s: string, at = 0) => scanNumeral(new CodePointText(s), at, { allowBareMagnitude: true });
  it('stops before the measure word and keeps 余/万 inside', () => {
    const m = scan('86万余名党员干部')!;
    assert.equal(m.text, '86万余');
    assert.equal(m.end, 4);
    assert.equal(m.value, 860000);
    assert.equal(m.over, true);
  });
  it('100余万户 → 1000000 over', () => {
    const m = scan('100余万户群众')!;
    assert.deepEqual([m.text, m.value, m.over], ['100余万', 1000000, true]);
  });
  it('allows a justification space before 万 (2 万元)', () => {
    const m = scan('2 万元')!;
    assert.deepEqual([m.text, m.value, m.kind], ['2 万', 20000, 'mixed']);
  });
  it('两个 → 2, bare', () => {
    const m = scan('两个孩子')!;
    assert.deepEqual([m.value, m.bare, m.end], [2, true, 1]);
  });
  it('does not eat 千 of 千克/千米 or 百 of 百分之', () => {
    assert.deepEqual([scan('5千克')!.text, scan('5千克')!.value], ['5', 5]);
    assert.equal(scan('五千米')!.value, 5);
    assert.equal(scan('百分之五十'), null);
  });
  it('bare magnitudes only on request', () => {
    assert.equal(scanNumeral(new CodePointText('千余名'), 0), null);
    assert.equal(scan('千余名')!.value, 1000);
    assert.equal(scan('千余名')!.bareMagnitude, true);
  });
  it('full-width digits and decimals', () => {
    assert.equal(scan('１．８万份')!.value, 18000);
  });
  it('offsets are code points (astral characters before the numeral)', () => {
    const t = new CodePointText('𠀀𠀀3000个');
    const m = scanNumeral(t, 2)!;
    assert.deepEqual([m.start, m.end, m.value], [2, 6, 3000]);
  });
});

describe('parseSmallInteger', () => {
  it('months, days, hours', () => {
    assert.equal(parseSmallInteger('十二'), 12);
    assert.equal(parseSmallInteger('廿三'), 23);
    assert.equal(parseSmallInteger('卅'), 30);
    assert.equal(parseSmallInteger('２４'), 24);
    assert.equal(parseSmallInteger('三十一'), 31);
  });
});

describe('span helpers', () => {
  it('code-point slicing and conversion', () => {
    const s = 'a𠀀b中';
    assert.equal(cpLength(s), 4);
    assert.equal(cpSlice(s, 1, 3), '𠀀b');
    assert.equal(utf16ToCp(s, 3), 2);
    assert.equal(cpToUtf16(s, 2), 3);
    const t = new CodePointText(s);
    assert.equal(t.cpIndex(3), 2);
    assert.deepEqual(t.span(1, 3), { start: 1, end: 3, quote: '𠀀b' });
  });
});
