/**
 * Code-point helpers shared by the fact extractors.
 *
 * Every offset the extractors return is a Unicode CODE POINT index (0-based, end exclusive),
 * never a UTF-16 unit index, and every `quote` equals `cpSlice(text, start, end)`.
 * JS regexes report UTF-16 indices, so anything found with a regex goes through
 * `CodePointText.cpIndex()` before it becomes an offset.
 */

export interface Span {
  start: number;
  end: number;
  quote: string;
}

/**
 * The code points of `text`, one string per code point: `Array.from(text)` (a lone surrogate is
 * one code point), by a loop over the UTF-16 units, which allocates no iterator result per
 * character as Array.from does.
 */
export function codePoints(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  for (let u = 0; u < n; u++) {
    const c = text.charCodeAt(u);
    if (c >= 0xd800 && c <= 0xdbff && u + 1 < n) {
      const d = text.charCodeAt(u + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(text.slice(u, u + 2));
        u++;
        continue;
      }
    }
    out.push(UNIT_STRINGS[c] ?? unitString(text, u, c));
  }
  return out;
}

/**
 * The shared string of the unit at `u` (char code `c`), made internalized (a property key): the
 * extractors compare code points with literals (`chars[i] === '市'`) and look them up in sets at
 * nearly every position, and two internalized strings that differ are told apart by identity,
 * where a string sliced from the text would be read and compared character by character.
 */
const UNIT_KEYS: Record<string, true> = Object.create(null);
function unitString(text: string, u: number, c: number): string {
  const ch = text[u];
  UNIT_KEYS[ch] = true;
  let interned = ch;
  for (const k in UNIT_KEYS) {
    if (k === ch) {
      interned = k;
      break;
    }
  }
  delete UNIT_KEYS[ch];
  return (UNIT_STRINGS[c] = interned);
}

/**
 * One string per UTF-16 unit, made the first time the unit is met and shared from then on: a
 * text's code points would otherwise each be a new string (every CJK character; V8 shares only
 * Latin-1 ones), allocated for every text and hashed anew by every set and index that looks the
 * character up, where a shared string keeps its hash.
 */
const UNIT_STRINGS: (string | undefined)[] = new Array<string | undefined>(0x10000).fill(undefined);

/**
 * Zero-filled typed arrays for the tables a text's scans keep (one entry per code point), cut
 * from a shared block: a typed array of more than 64 bytes gets a backing store of its own
 * outside V8's heap, which costs about half a microsecond to make and free, several times per
 * article field; a view into a block costs a tenth of that. A block's bytes are handed out once
 * (never reused, so they stay zero), and a block is freed with the last view into it.
 */
const BLOCK_BYTES = 1 << 16;
let block = new ArrayBuffer(BLOCK_BYTES);
let blockUsed = 0;

function carve(bytes: number): number {
  if (blockUsed + bytes > BLOCK_BYTES) {
    block = new ArrayBuffer(BLOCK_BYTES);
    blockUsed = 0;
  }
  const at = blockUsed;
  blockUsed += (bytes + 7) & ~7; // the next view stays aligned for any element size
  return at;
}

/** `new Int32Array(n)`, cut from a shared block when small. */
export function zeroedInt32Array(n: number): Int32Array {
  if (n * 4 > BLOCK_BYTES >>> 3) return new Int32Array(n);
  const at = carve(n * 4); // before reading `block`: carving may start a new one
  return new Int32Array(block, at, n);
}

/** `new Uint8Array(n)`, cut from a shared block when small. */
export function zeroedUint8Array(n: number): Uint8Array {
  if (n > BLOCK_BYTES >>> 3) return new Uint8Array(n);
  const at = carve(n);
  return new Uint8Array(block, at, n);
}

/**
 * How many of the sorted numbers `at` are below `x` (`orEqual`: at or below it): the index where
 * `x` would go, by binary search.
 */
export function countBelow(at: readonly number[], x: number, orEqual = false): number {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid] < x || (orEqual && at[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A regex character class (`[…]`) of `chars`, each character literal. */
export function charClass(chars: Iterable<string>): string {
  return `[${[...chars].map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('')}]`;
}

/** Number of code points in `text`. */
export function cpLength(text: string): number {
  // UTF-16 units minus the surrogate pairs, without iterating (hot: called per word per position).
  let n = text.length;
  for (let u = 0; u + 1 < text.length; u++) {
    const c = text.charCodeAt(u);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(u + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        u++;
      }
    }
  }
  return n;
}

/**
 * Does the code-point array `cps` hold the code points of `s` starting at index `i`? The same
 * answer as comparing with `Array.from(s)`, without allocating it: the extractors ask this at
 * every position of every text, for many words.
 */
export function cpStartsWith(cps: readonly string[], i: number, s: string): boolean {
  if (i < 0) return false;
  let k = i;
  for (let u = 0; u < s.length; k++) {
    const c = cps[k];
    if (c === undefined) return false; // past the end
    const hi = s.charCodeAt(u);
    const lo = u + 1 < s.length ? s.charCodeAt(u + 1) : 0;
    const pair = hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
    if (pair ? c.length !== 2 || c.charCodeAt(0) !== hi || c.charCodeAt(1) !== lo : c.length !== 1 || c.charCodeAt(0) !== hi) return false;
    u += pair ? 2 : 1;
  }
  return k <= cps.length;
}

/** The code-point slice [start, end) of `text`. */
export function cpSlice(text: string, start: number, end?: number): string {
  return Array.from(text).slice(start, end).join('');
}

/** UTF-16 index → code-point index (an index inside a surrogate pair maps to its code point). */
export function utf16ToCp(text: string, utf16Index: number): number {
  let cp = 0;
  for (let i = 0; i < utf16Index && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        if (i >= utf16Index) break; // utf16Index pointed at the low surrogate
      }
    }
    cp++;
  }
  return cp;
}

/** Code-point index → UTF-16 index. */
export function cpToUtf16(text: string, cpIndex: number): number {
  let u = 0;
  let cp = 0;
  while (cp < cpIndex && u < text.length) {
    const c = text.codePointAt(u)!;
    u += c > 0xffff ? 2 : 1;
    cp++;
  }
  return u;
}

/**
 * A text with precomputed code points and a UTF-16 → code-point index map, so regex
 * matches (UTF-16) convert to code-point offsets in O(1).
 */
export class CodePointText {
  readonly text: string;
  readonly cps: string[];
  /** The map, for a text with surrogate pairs; null for one without, where it is the identity. */
  private readonly u2c: Int32Array | null;

  constructor(text: string) {
    this.text = text;
    this.cps = codePoints(text);
    if (this.cps.length === text.length) {
      this.u2c = null;
      return;
    }
    const u2c = new Int32Array(text.length + 1);
    let u = 0;
    for (let cp = 0; cp < this.cps.length; cp++) {
      const len = this.cps[cp].length;
      for (let k = 0; k < len; k++) u2c[u + k] = cp;
      u += len;
    }
    u2c[text.length] = this.cps.length;
    this.u2c = u2c;
  }

  get length(): number {
    return this.cps.length;
  }

  /** Code point at `i`, or '' outside the text. */
  at(i: number): string {
    return i >= 0 && i < this.cps.length ? this.cps[i] : '';
  }

  /** UTF-16 index → code-point index. */
  cpIndex(utf16Index: number): number {
    const u = Math.max(0, Math.min(utf16Index, this.text.length));
    return this.u2c === null ? u : this.u2c[u];
  }

  slice(start: number, end: number): string {
    // A text without surrogate pairs has one code point per unit: the string's own slice (whose
    // indices are read as an array's are, negative ones from the end) is the same slice.
    if (this.cps.length === this.text.length) return this.text.slice(start, end);
    return this.cps.slice(start, end).join('');
  }

  span(start: number, end: number): Span {
    return { start, end, quote: this.slice(start, end) };
  }

  /** Does the text at code point `i` start with `s`? */
  startsWithAt(s: string, i: number): boolean {
    return cpStartsWith(this.cps, i, s);
  }

  /** Does the text ending just before code point `i` end with `s`? */
  endsWithBefore(s: string, i: number): boolean {
    return this.startsWithAt(s, i - cpLength(s));
  }
}

/**
 * A set of characters that are each one UTF-16 unit, as a bit table: membership is a test on the
 * char code, with no string hashing. The extractors ask it for nearly every character of every
 * text. `has` answers as a `Set` of the same characters would (false for anything longer).
 */
export class CharSet {
  private readonly bits = new Uint32Array(2048);

  constructor(chars: Iterable<string>) {
    for (const c of chars) {
      if (c.length !== 1) throw new Error(`CharSet: expected single UTF-16 units, got ${JSON.stringify(c)}`);
      const u = c.charCodeAt(0);
      // no surrogate: a unit of a pair must never pass for a character of the set (hasAny, hasAll)
      if (u >= 0xd800 && u <= 0xdfff) throw new Error(`CharSet: expected characters, got the surrogate ${JSON.stringify(c)}`);
      this.bits[u >>> 5] |= 1 << (u & 31);
    }
  }

  has(ch: string | undefined): boolean {
    if (ch === undefined || ch.length !== 1) return false;
    const u = ch.charCodeAt(0);
    return ((this.bits[u >>> 5] >>> (u & 31)) & 1) === 1;
  }

  /**
   * `has(s[k])` by the char code of the UTF-16 unit at k: `s[k]` makes a new one-character string
   * for every character outside Latin-1 (each CJK one), this makes none. False past either end.
   */
  hasAt(s: string, k: number): boolean {
    if (k < 0 || k >= s.length) return false;
    const u = s.charCodeAt(k);
    return ((this.bits[u >>> 5] >>> (u & 31)) & 1) === 1;
  }

  /** Does any UTF-16 unit of `s`, from unit `from` on, belong (`[...s.slice(from)].some((ch) => has(ch))`)? */
  hasAny(s: string, from = 0): boolean {
    for (let k = Math.max(0, from); k < s.length; k++) if (this.hasAt(s, k)) return true;
    return false;
  }

  /** Does every UTF-16 unit of a non-empty `s` belong (`s.length > 0 && [...s].every((ch) => has(ch))`)? */
  hasAll(s: string): boolean {
    for (let k = 0; k < s.length; k++) if (!this.hasAt(s, k)) return false;
    return s.length > 0;
  }
}

/**
 * A set of two-character words (each character one UTF-16 unit, no surrogate), looked up at a
 * position of a code-point array by the two char codes there: `set.has(chars[i] + chars[i + 1])`
 * would make a string of the pair, and hash it, at every position asked.
 */
export class PairSet {
  private readonly keys = new Set<number>();

  constructor(words: Iterable<string>) {
    for (const w of words) {
      const a = w.charCodeAt(0);
      const b = w.charCodeAt(1);
      if (w.length !== 2 || (a >= 0xd800 && a <= 0xdfff) || (b >= 0xd800 && b <= 0xdfff)) {
        throw new Error(`PairSet: expected two characters of one unit each, got ${JSON.stringify(w)}`);
      }
      this.keys.add((a << 16) | b);
    }
  }

  /** What a Set of the same words answers for `(chars[i] ?? '') + (chars[i + 1] ?? '')`. */
  hasAt(chars: readonly string[], i: number): boolean {
    const a = chars[i];
    const b = chars[i + 1];
    if (a === undefined || b === undefined || a.length !== 1 || b.length !== 1) return false;
    return this.keys.has((a.charCodeAt(0) << 16) | b.charCodeAt(0));
  }
}

/** `s[k] === ch` for a one-unit `ch`, by char codes: no one-character string made. */
export function unitIs(s: string, k: number, ch: string): boolean {
  return k >= 0 && k < s.length && s.charCodeAt(k) === ch.charCodeAt(0);
}

/**
 * The CodePointText of `text`, shared: an article field is read by every extractor in turn, and
 * each would otherwise split it into code points again. Callers must not modify it (or its `cps`).
 */
let lastText: CodePointText | null = null;
export function codePointTextOf(text: string): CodePointText {
  if (lastText === null || lastText.text !== text) lastText = new CodePointText(text);
  return lastText;
}

/** Horizontal whitespace that layout may leave between tokens (ASCII, NBSP, ideographic space, …). */
export function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\u00a0' || ch === '\u3000' || ch === '\u2002' || ch === '\u2003' || ch === '\u2009';
}

/** Index of the first non-space code point at or after `i` (horizontal whitespace only). */
export function skipSpaces(t: CodePointText, i: number): number {
  while (i < t.length && isSpace(t.cps[i])) i++;
  return i;
}

/** Index just after the last non-space code point before `i`. */
export function skipSpacesBack(t: CodePointText, i: number): number {
  while (i > 0 && isSpace(t.cps[i - 1])) i--;
  return i;
}

/** Sentence-ending punctuation (clause boundaries are a superset, see CLAUSE_PUNCT). */
export const SENTENCE_PUNCT = new Set(['。', '！', '？', '!', '?', '\n', '…']);
/** Punctuation that ends a clause. */
export const CLAUSE_PUNCT = new Set(['。', '！', '？', '!', '?', '\n', '，', ',', '；', ';', '：', ':', '、', '…']);
