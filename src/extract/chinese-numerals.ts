/**
 * Hand-written parser for the numerals printed in 焦作日报 copy: Arabic (ASCII or full-width)
 * and Chinese numerals, 万/亿 multipliers, decimals and the mixed forms newspapers use:
 *   86万 → 860000, 2.8万 → 28000, 100余万 → 1000000 (over), 6万多 → 60000 (over),
 *   两个 → 2 (the numeral 两), 一千二百 → 1200, 一千二 → 1200, 两万五 → 25000, 十五 → 15,
 *   二〇二〇 → 2020 (digit by digit), 1,230 → 1230, ２０ → 20.
 * 余/多 anywhere in the numeral ("over") are reported in `over`, not in the value.
 * No npm numeral parser: the ones tried mishandle 万余 / 余万 / 五老.
 */
import { CharSet, CodePointText, isSpace } from './span.ts';

export interface ParsedNumber {
  value: number;
  /** The numeral carried 余 or 多 (more than `value`). */
  over: boolean;
  /** The largest printed multiplier (1, 10^4 for 万, 10^8 for 亿). */
  multiplier: number;
}

export interface NumeralMatch extends ParsedNumber {
  /** Code-point offsets in the scanned text, end exclusive. */
  start: number;
  end: number;
  /** The numeral as printed (may contain a space before 万/亿). */
  text: string;
  kind: 'arabic' | 'chinese' | 'mixed';
  /** A single Chinese digit with nothing else (一, 两, 三 …): often not a quantity at all. */
  bare: boolean;
  /** Started with 百/千/万/亿 and no digit (千余, 万余): only accepted with `allowBareMagnitude`. */
  bareMagnitude: boolean;
}

const CN_DIGIT: Record<string, number> = {
  零: 0, 〇: 0, '○': 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 貳: 2, 两: 2, 兩: 2, 三: 3, 叁: 3, 參: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 陸: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const CN_SMALL_UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const CN_BIG_UNIT: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

export function isArabicDigit(ch: string): boolean {
  if (ch?.length === 1) {
    // one UTF-16 unit (the usual case): compare codes, not strings
    const c = ch.charCodeAt(0);
    return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
  }
  return (ch >= '0' && ch <= '9') || (ch >= '０' && ch <= '９');
}

// The character tests below run on every character of every text: bit tables (CharSet), since
// `ch in TABLE` on a string that is not internalized goes through a slow runtime lookup. They
// take one code point (or ''), as every caller passes.
const CN_DIGIT_CHARS = new CharSet(Object.keys(CN_DIGIT));
const CN_SMALL_UNIT_CHARS = new CharSet(Object.keys(CN_SMALL_UNIT));
const CN_BIG_UNIT_CHARS = new CharSet(Object.keys(CN_BIG_UNIT));
const CN_NUMERAL_CHARS = new CharSet([...Object.keys(CN_DIGIT), ...Object.keys(CN_SMALL_UNIT), ...Object.keys(CN_BIG_UNIT)]);

export function isChineseDigit(ch: string): boolean {
  return CN_DIGIT_CHARS.has(ch);
}
export function isChineseSmallUnit(ch: string): boolean {
  return CN_SMALL_UNIT_CHARS.has(ch);
}
export function isChineseBigUnit(ch: string): boolean {
  return CN_BIG_UNIT_CHARS.has(ch);
}
/** Any character that can be part of a Chinese numeral (digits, 十百千, 万亿). */
export function isChineseNumeralChar(ch: string): boolean {
  return CN_NUMERAL_CHARS.has(ch);
}

/** Full-width digits and point → ASCII. */
export function normalizeDigits(s: string): string {
  // most strings hold none: they are returned as they are, with no pattern run over them twice
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0xff0e || (c >= 0xff10 && c <= 0xff19)) {
      return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30)).replace(/．/g, '.');
    }
  }
  return s;
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** A section below 10^4 (no 万/亿): Arabic, Arabic×十百千, or Chinese. null when malformed. */
function parseSmall(s: string): number | null {
  if (s === '') return null;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const mixed = /^(\d+(?:\.\d+)?)([十拾百佰千仟])$/u.exec(s);
  if (mixed) return round6(Number(mixed[1]) * CN_SMALL_UNIT[mixed[2]]);
  const chars = Array.from(s);
  if (!chars.every((c) => c in CN_DIGIT || c in CN_SMALL_UNIT)) return null;
  const hasUnit = chars.some((c) => c in CN_SMALL_UNIT);
  if (!hasUnit) {
    if (chars.length === 1) return CN_DIGIT[chars[0]];
    // 二〇二〇 / 一九九八: digit by digit (≥ 3 digits or containing 〇). 两 is never positional;
    // two bare digits (五一, 一一, 三四) are not a numeral.
    if (chars.includes('两') || chars.includes('兩')) return null;
    if (chars.length < 3 && !chars.some((c) => CN_DIGIT[c] === 0)) return null;
    return Number(chars.map((c) => CN_DIGIT[c]).join(''));
  }
  let total = 0;
  let pending: number | null = null;
  let lastUnit = 0;
  let zeroSeen = false;
  for (let k = 0; k < chars.length; k++) {
    const c = chars[k];
    if (c in CN_DIGIT) {
      const d = CN_DIGIT[c];
      if (d === 0) {
        zeroSeen = true;
        if (pending !== null) return null;
        continue;
      }
      if (pending !== null) return null; // two digits in a row: 一一十
      pending = d;
    } else {
      const u = CN_SMALL_UNIT[c];
      if (lastUnit && u >= lastUnit) return null; // units must decrease: 一百十千
      if (pending === null) {
        if (total === 0 && k === 0) pending = 1; // 十五 = 15; 千(余) = 1000
        else if (u === 10 && zeroSeen) pending = 1; // 一百零十? rare; 一千零十 = 1010
        else return null;
      }
      total += pending * u;
      pending = null;
      lastUnit = u;
      zeroSeen = false;
    }
  }
  if (pending !== null) {
    // 一千二 = 1200 (colloquial: a trailing digit after a unit counts in the next lower unit), 一千零二 = 1002
    if (lastUnit >= 100 && !zeroSeen) total += pending * (lastUnit / 10);
    else total += pending;
  }
  return total;
}

function parseBig(s: string): number | null {
  // Split at the LAST 亿 (so 3万亿 = 3万 × 亿), then at the last 万.
  for (const [unitChar, mult] of [['亿', 1e8], ['億', 1e8], ['万', 1e4], ['萬', 1e4]] as const) {
    const at = s.lastIndexOf(unitChar);
    if (at < 0) continue;
    const left = s.slice(0, at);
    let right = s.slice(at + 1);
    const leftVal = left === '' ? 1 : parseBig(left);
    if (leftVal === null) return null;
    let rightVal = 0;
    if (right !== '') {
      const leadingZero = /^[零〇]/.test(right);
      right = right.replace(/^[零〇]+/, '');
      if (right !== '') {
        const rc = Array.from(right);
        if (!leadingZero && rc.length === 1 && rc[0] in CN_DIGIT) {
          rightVal = CN_DIGIT[rc[0]] * (mult / 10); // 两万五 = 25000
        } else {
          const r = parseBig(right);
          if (r === null) return null;
          rightVal = r;
        }
      }
    }
    return round6(leftVal * mult + rightVal);
  }
  return parseSmall(s);
}

/**
 * Parse one whole numeral string ("86万余", "2.8万", "一千二百", "１００余万", "6万多").
 * Returns null when the string is not a numeral.
 */
export function parseNumeral(input: string): ParsedNumber | null {
  // Pure and asked again and again for the same few strings (一, 两, 20 …): remember the answers
  // (a copy is handed out, so no caller can change a remembered one).
  let parsed = PARSED.get(input);
  if (parsed === undefined) {
    if (PARSED.size >= 50_000) PARSED.clear(); // bounded: a corpus of random figures would grow it forever
    parsed = parseNumeralUncached(input);
    PARSED.set(input, parsed);
  }
  return parsed && { value: parsed.value, over: parsed.over, multiplier: parsed.multiplier };
}

const PARSED = new Map<string, ParsedNumber | null>();

function parseNumeralUncached(input: string): ParsedNumber | null {
  let s = normalizeDigits(input).replace(/[\s\u00a0\u3000]/g, '');
  s = s.replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
  if (s === '') return null;
  const over = /[余多]/.test(s);
  s = s.replace(/[余多]/g, '');
  if (s === '') return null;
  const value = parseBig(s);
  if (value === null || !Number.isFinite(value)) return null;
  const multiplier = /[亿億]/.test(s) ? 1e8 : /[万萬]/.test(s) ? 1e4 : 1;
  return { value, over, multiplier };
}

export interface ScanOptions {
  /** Accept numerals that start with 百/千/万/亿 without a digit (千余名, 上千次 after 上). */
  allowBareMagnitude?: boolean;
}

/** 千克/千米/千瓦 and 百分 at k: a unit, not a magnitude. */
function stopsMagnitudeAt(cps: readonly string[], k: number): boolean {
  const c = cps[k];
  const next = cps[k + 1] ?? '';
  if ((c === '千' || c === '仟') && (next === '克' || next === '米' || next === '瓦')) return true;
  if ((c === '百' || c === '佰') && next === '分') return true;
  return false;
}

/**
 * Scan the longest numeral starting at code point `i` of `t`. Stops before 千克/千米/千瓦
 * and 百分之/百分点 (units, not numerals). Allows one space between digits and 万/亿 (2 万元).
 */
export function scanNumeral(t: CodePointText, i: number, opts: ScanOptions = {}): NumeralMatch | null {
  const cps = t.cps;
  const n = cps.length;
  const start = i;
  let j = i;
  let kind: NumeralMatch['kind'];
  let bareMagnitude = false;

  if (isArabicDigit(cps[j] ?? '')) {
    kind = 'arabic';
    while (j < n && isArabicDigit(cps[j])) j++;
    // thousands separators: 1,230
    while (j + 3 < n && cps[j] === ',' && isArabicDigit(cps[j + 1]) && isArabicDigit(cps[j + 2]) && isArabicDigit(cps[j + 3]) && !isArabicDigit(cps[j + 4] ?? '')) j += 4;
    if ((cps[j] === '.' || cps[j] === '．') && isArabicDigit(cps[j + 1] ?? '')) {
      j++;
      while (j < n && isArabicDigit(cps[j])) j++;
    }
    // Arabic × 十百千 (3千万) only when a 万/亿/余/多 or nothing numeral-like follows
    if (j < n && isChineseSmallUnit(cps[j]) && !stopsMagnitudeAt(cps, j)) {
      j++;
      kind = 'mixed';
    }
  } else if (isChineseDigit(cps[j] ?? '') || cps[j] === '十' || cps[j] === '拾') {
    kind = 'chinese';
    while (j < n && (isChineseDigit(cps[j]) || isChineseSmallUnit(cps[j])) && !stopsMagnitudeAt(cps, j)) j++;
  } else if (opts.allowBareMagnitude && (cps[j] === '百' || cps[j] === '千' || cps[j] === '万' || cps[j] === '亿') && !stopsMagnitudeAt(cps, j)) {
    kind = 'chinese';
    bareMagnitude = true;
    j++;
  } else {
    return null;
  }

  // Tail: [余|多] [space] 万/亿… [余|多] (one 余/多 at most). Written out rather than as a local
  // closure: this runs for every numeral, and tsx names each closure it creates (a defineProperty).
  let sawOver = false;
  if (cps[j] === '余' || cps[j] === '多') {
    sawOver = true;
    j++;
  }
  let k = j;
  if (kind !== 'chinese') while (k < n && isSpace(cps[k]) && k - j < 2) k++;
  if (k < n && isChineseBigUnit(cps[k])) {
    j = k;
    while (j < n && isChineseBigUnit(cps[j])) j++;
    if (kind === 'arabic') kind = 'mixed';
    // a Chinese tail after 万 (两万五, 一万零五百)
    if (kind === 'chinese' && !sawOver) {
      while (j < n && (isChineseDigit(cps[j]) || isChineseSmallUnit(cps[j]) || isChineseBigUnit(cps[j])) && !stopsMagnitudeAt(cps, j)) j++;
    }
    if (!sawOver && (cps[j] === '余' || cps[j] === '多')) {
      sawOver = true;
      j++;
    }
  }

  const text = t.slice(start, j);
  const parsed = parseNumeral(text);
  if (!parsed) {
    // Fall back to a single digit (一一 or 五一: take the first digit only when it parses)
    if (kind === 'chinese' && j - start > 1 && isChineseDigit(cps[start])) {
      const one = parseNumeral(cps[start]);
      if (one) return { value: one.value, over: one.over, multiplier: one.multiplier, start, end: start + 1, text: cps[start], kind, bare: true, bareMagnitude: false };
    }
    return null;
  }
  const core = text.replace(/[余多\s]/g, '');
  const bare = kind === 'chinese' && Array.from(core).length === 1 && isChineseDigit(core);
  // Fields written out: `{ ...parsed, start, … }` (a spread, then new keys) is a slow path in V8.
  return { value: parsed.value, over: parsed.over, multiplier: parsed.multiplier, start, end: j, text, kind, bare, bareMagnitude };
}

/** Small Chinese or Arabic integer (month, day, hour) → number, or null. 廿 = 20, 卅 = 30. */
export function parseSmallInteger(s: string): number | null {
  // one or two ASCII digits (most months, days and hours): their value, as the general path gives
  const d0 = s.charCodeAt(0) - 0x30;
  const d1 = s.length === 2 ? s.charCodeAt(1) - 0x30 : 0;
  if ((s.length === 1 || s.length === 2) && d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9) return s.length === 1 ? d0 : d0 * 10 + d1;
  const t = normalizeDigits(s.trim()).replace(/^廿/, '二十').replace(/^卅/, '三十');
  if (/^\d+$/.test(t)) return Number(t);
  const p = parseNumeral(t);
  if (!p || p.over || !Number.isInteger(p.value)) return null;
  return p.value;
}
