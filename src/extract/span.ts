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

/** The code points of `text`, one string per code point. */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

/** Number of code points in `text`. */
export function cpLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
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
  private readonly u2c: Int32Array;

  constructor(text: string) {
    this.text = text;
    this.cps = Array.from(text);
    this.u2c = new Int32Array(text.length + 1);
    let u = 0;
    for (let cp = 0; cp < this.cps.length; cp++) {
      const len = this.cps[cp].length;
      for (let k = 0; k < len; k++) this.u2c[u + k] = cp;
      u += len;
    }
    this.u2c[text.length] = this.cps.length;
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
    return this.u2c[Math.max(0, Math.min(utf16Index, this.text.length))];
  }

  slice(start: number, end: number): string {
    return this.cps.slice(start, end).join('');
  }

  span(start: number, end: number): Span {
    return { start, end, quote: this.slice(start, end) };
  }

  /** Does the text at code point `i` start with `s`? */
  startsWithAt(s: string, i: number): boolean {
    const p = Array.from(s);
    if (i < 0 || i + p.length > this.cps.length) return false;
    for (let k = 0; k < p.length; k++) if (this.cps[i + k] !== p[k]) return false;
    return true;
  }

  /** Does the text ending just before code point `i` end with `s`? */
  endsWithBefore(s: string, i: number): boolean {
    return this.startsWithAt(s, i - cpLength(s));
  }
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
