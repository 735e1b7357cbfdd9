/**
 * Character-level facts about Chinese newspaper text that every recovery rule leans on:
 * what counts as the end of a sentence, how wide a line is on the page, and which
 * spaces are justification (to remove) rather than meaning (to keep).
 */

/** Any whitespace the extractor may emit: ASCII space, tab, NBSP, full-width space U+3000. */
export const WHITESPACE = /[\s\u00a0\u3000]/u;

/**
 * WHITESPACE.test(ch) for one character, by its code: recovery asks it of every character of
 * every line, where a regular expression's test costs several times more. JavaScript's \s is
 * these code points (and the tests check the two agree on every one of the BMP).
 */
export function isWhitespace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (ch.length !== 1) return false;
  return isWhitespaceCode(c);
}

/** isWhitespace for one UTF-16 code unit (no half of a surrogate pair is whitespace). */
function isWhitespaceCode(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A run of whitespace, ideographic and no-break spaces included (global: for replace, split and matchAll, never test). */
export const WHITESPACE_RUN = /[\s\u00a0\u3000]+/gu;

/** Closing quotes and brackets that may follow the punctuation that ends a sentence. */
const CLOSERS = new Set([...'”’"\'」』）)》〉】']);
/** Punctuation that ends a sentence (and so may end a paragraph). */
const SENTENCE_END = new Set([...'。！？!?…']);
/** Punctuation that separates clauses inside a sentence: a line holding one is prose, not a heading. */
const CLAUSE_PUNCTUATION = /[，。；！？、,;!?]/u;

/** True when the line, ignoring trailing closers, ends with sentence-final punctuation. */
export function endsSentence(line: string): boolean {
  // Read back by code unit: whitespace, closers and sentence marks are all single code units,
  // and no half of a surrogate pair is one of them.
  let i = line.length - 1;
  while (i >= 0 && isWhitespaceCode(line.charCodeAt(i))) i--;
  while (i >= 0 && CLOSERS.has(line[i])) i--;
  return i >= 0 && SENTENCE_END.has(line[i]);
}

export function hasClausePunctuation(line: string): boolean {
  return CLAUSE_PUNCTUATION.test(line);
}

function isAscii(ch: string): boolean {
  return ch.codePointAt(0)! < 0x80;
}

function isAsciiLetter(ch: string | undefined): boolean {
  if (ch === undefined || ch.length !== 1) return false;
  const c = ch.charCodeAt(0) | 0x20;
  return c >= 0x61 && c <= 0x7a;
}

/**
 * Width of a line as the column measures it: a CJK character or full-width punctuation
 * counts 1, a printable ASCII character 0.5, whitespace 0 (justification spaces stretch a
 * line to the column edge without adding text).
 */
export function displayWidth(line: string): number {
  return widthCounting(line, false);
}

/**
 * Width with whitespace counted 0, ASCII (and, when `compressed`, the COMPRESSIBLE marks) 0.5
 * and every other character 1. Read by code unit, a surrogate pair counted once: this runs
 * over every line of the page.
 */
function widthCounting(line: string, compressed: boolean): number {
  let width = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x80) {
      if (c !== 0x20 && (c < 0x09 || c > 0x0d)) width += 0.5;
      continue;
    }
    if (c >= 0xd800 && line.codePointAt(i)! > 0xffff) {
      i++; // a surrogate pair is one character, of full width
      width += 1;
      continue;
    }
    if (isWhitespaceCode(c)) continue;
    width += compressed && COMPRESSIBLE_CODES[c] === 1 ? 0.5 : 1;
  }
  return width;
}

/** Full-width punctuation a typesetter may set in half its width (clause and sentence marks, quotes, brackets). */
const COMPRESSIBLE = new Set([...'，。、；：！？“”‘’（）《》〈〉「」『』【】']);
/** 1 at the code of each COMPRESSIBLE mark (all in the BMP): a table read per character of every line. */
const COMPRESSIBLE_CODES = new Uint8Array(0x10000);
for (const ch of COMPRESSIBLE) COMPRESSIBLE_CODES[ch.charCodeAt(0)] = 1;

/**
 * Width of a line on a page that sets its punctuation compressed: as displayWidth, but each
 * full-width mark counts 0.5.
 */
export function compactWidth(line: string): number {
  return widthCounting(line, true);
}

/** Number of printed characters, whitespace excluded. */
export function visibleLength(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    const cp = line.codePointAt(i)!;
    if (cp > 0xffff) i++; // the low half of a surrogate pair is read with its high half
    if (!isWhitespaceCode(cp)) n++;
  }
  return n;
}

/**
 * True when the line was spaced out between characters to fill the column
 * (`区 是 疫 情 防 控`): at least two single CJK characters stand between spaces. Such a line is
 * full whatever its character count says. Spaces around numbers (`该村 140 户`) are not
 * counted: the extractor also prints them in lines that are not full.
 */
export function isJustified(line: string): boolean {
  const trimmed = line.trim();
  // Each spaced pair holds a space of its own: a line with fewer than two is none (most lines).
  let spaces = 0;
  for (let i = 0; i < trimmed.length && spaces < 2; i++) if (isWhitespaceCode(trimmed.charCodeAt(i))) spaces++;
  if (spaces < 2) return false;
  const spacedPairs = trimmed.match(/[^\x00-\x7f][\s\u00a0\u3000]+(?=[^\x00-\x7f][\s\u00a0\u3000])/gu);
  return (spacedPairs?.length ?? 0) >= 2;
}

/** True when a “ opened in the text has not been closed yet: a paragraph cannot end there. */
export function hasOpenQuote(text: string): boolean {
  return quoteDepthAfter(0, text) > 0;
}

/**
 * How many “ are still open after `text`, given `depth` open before it: the running state that
 * lets reflow ask "is a quotation open?" line by line without re-reading the paragraph.
 */
export function quoteDepthAfter(depth: number, text: string): number {
  for (const ch of text) {
    if (ch === '“') depth++;
    else if (ch === '”' && depth > 0) depth--;
  }
  return depth;
}

/** Where a character of recovered text stands on the raw page: 1-based line, 0-based column in code points. */
export interface Origin {
  line: number;
  col: number;
}

/**
 * Text that remembers, for each code point, where on the raw page it came from (null for a
 * character recovery inserted, such as the space joining an English word broken across lines).
 * Every cleaning step below works on traced text, so any position in the published text maps
 * back to a raw line and column.
 */
export interface Traced {
  chars: string[];
  origins: (Origin | null)[];
}

export function traced(text: string): Traced {
  const chars = [...text];
  return { chars, origins: chars.map(() => null) };
}

export function textOf(t: Traced): string {
  return t.chars.join('');
}

/**
 * Appends a raw line, without its leading and trailing whitespace, to `into` as
 * joinWrappedTraced(into, tracedLine(raw, line)) would, in place and without making the line's own
 * arrays first: every line of every paragraph passes here, so a paragraph costs its length, not its square.
 * `offset`: where `raw` starts in its raw line, for a part of a line (side-by-side.ts); columns count from there.
 */
export function appendLineTraced(into: Traced, raw: string, line: number, offset = 0): Traced {
  let start = 0;
  let end = raw.length;
  // Whitespace is one code unit, never half of a surrogate pair: trimmed by code unit, each one a
  // code point of its own.
  while (start < end && isWhitespaceCode(raw.charCodeAt(start))) start++;
  while (end > start && isWhitespaceCode(raw.charCodeAt(end - 1))) end--;
  if (start === end) return into;
  const last = into.chars[into.chars.length - 1];
  if (last !== undefined && isAsciiLetter(last) && isAsciiLetter(raw[start])) {
    into.chars.push(' ');
    into.origins.push(null);
  }
  let col = offset + start;
  for (let i = start; i < end; i++, col++) {
    const c = raw.charCodeAt(i);
    // A surrogate pair is one character, at one column.
    if (c >= 0xd800 && c <= 0xdbff && raw.codePointAt(i)! > 0xffff) {
      into.chars.push(raw.slice(i, i + 2));
      i++;
    } else into.chars.push((CHAR_STRINGS[c] ??= raw[i]));
    into.origins.push({ line, col });
  }
  return into;
}

/**
 * One string per BMP character, made the first time it is met: every character of every
 * paragraph is one array entry, and a page's few thousand distinct ones need not be made anew
 * for each (most of them are CJK, which the engine does not keep one copy of).
 */
const CHAR_STRINGS: (string | undefined)[] = new Array(0x10000);

/** A raw line as traced text, without its leading and trailing whitespace. */
export function tracedLine(raw: string, line: number): Traced {
  const chars = [...raw];
  let start = 0;
  let end = chars.length;
  while (start < end && isWhitespace(chars[start])) start++;
  while (end > start && isWhitespace(chars[end - 1])) end--;
  const kept = chars.slice(start, end);
  const origins: Origin[] = new Array(kept.length);
  for (let i = 0; i < kept.length; i++) origins[i] = { line, col: start + i };
  return { chars: kept, origins };
}

function keep(t: Traced, kept: (i: number) => boolean): Traced {
  const out: Traced = { chars: [], origins: [] };
  for (let i = 0; i < t.chars.length; i++) {
    if (!kept(i)) continue;
    out.chars.push(t.chars[i]);
    out.origins.push(t.origins[i]);
  }
  return out;
}

/** Drops the first n code points (a byline or continuation marker taken off a paragraph). */
export function dropPrefix(t: Traced, n: number): Traced {
  return { chars: t.chars.slice(n), origins: t.origins.slice(n) };
}

/** Collapses every whitespace run (NBSP and U+3000 included) to one ASCII space and trims. */
export function collapseWhitespaceTraced(t: Traced): Traced {
  const out: Traced = { chars: [], origins: [] };
  for (let i = 0; i < t.chars.length; i++) {
    const ch = t.chars[i];
    if (!isWhitespace(ch)) {
      out.chars.push(ch);
      out.origins.push(t.origins[i]);
    } else if (out.chars.length > 0 && out.chars[out.chars.length - 1] !== ' ') {
      out.chars.push(' ');
      out.origins.push(t.origins[i]);
    }
  }
  if (out.chars[out.chars.length - 1] === ' ') {
    out.chars.pop();
    out.origins.pop();
  }
  return out;
}

/** Whether collapseWhitespaceTraced would leave the text as it is (then it need not copy it). */
function isCollapsed(t: Traced): boolean {
  const chars = t.chars;
  if (chars[0] === ' ' || chars[chars.length - 1] === ' ') return false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === ' ') {
      if (chars[i + 1] === ' ') return false;
    } else if (isWhitespace(ch)) return false;
  }
  return true;
}

/** collapseWhitespaceTraced(t), or t itself when that would leave it as it is (for text the caller owns). */
export function collapsedTraced(t: Traced): Traced {
  return isCollapsed(t) ? t : collapseWhitespaceTraced(t);
}

export function collapseWhitespace(text: string): string {
  return textOf(collapseWhitespaceTraced(traced(text)));
}

/**
 * Removes justification spaces from body text. A space goes when a non-ASCII character
 * (CJK or full-width punctuation) stands on one side and a non-ASCII character or a digit on
 * the other (`2 万元` → `2万元`); it stays between ASCII words and next to Latin letters
 * (`John Smith`, `5G 基站`), where it carries meaning.
 */
export function removeJustificationSpacesTraced(t: Traced): Traced {
  const c = collapsedTraced(t);
  const kept = (i: number) => {
    if (c.chars[i] !== ' ') return true;
    const before = c.chars[i - 1];
    const after = c.chars[i + 1];
    return (isAscii(before) && isAscii(after)) || isAsciiLetter(before) || isAsciiLetter(after);
  };
  // Most paragraphs have no space to remove: they are returned as they are, not copied.
  return !c.chars.includes(' ') || c.chars.every((_, i) => kept(i)) ? c : keep(c, kept);
}

export function removeJustificationSpaces(text: string): string {
  return textOf(removeJustificationSpacesTraced(traced(text)));
}

/**
 * Cleans a headline line. Spaces between phrases carry meaning (`遍地英雄 照亮怀川`) and stay,
 * collapsed to one; a line spaced out between every character (`担 当 新 使 命`) was
 * justified, and its spaces go.
 */
export function cleanHeadlineTraced(t: Traced): Traced {
  const collapsed = collapsedTraced(t);
  // Without a space there is nothing to clean (most headlines): returned as it is, not copied.
  if (!collapsed.chars.includes(' ')) return collapsed;
  const tokens = textOf(collapsed).split(' ');
  const singleCharTokens = tokens.filter((x) => [...x].length === 1).length;
  // A letter-spaced headline (`欢 度 “ 6 .1 8 ”`): every space is spacing, even between figures;
  // only two words of Latin letters keep theirs.
  if (tokens.length >= 3 && singleCharTokens >= tokens.length * 0.6) {
    return keep(collapsed, (i) => collapsed.chars[i] !== ' ' || (isAsciiLetter(collapsed.chars[i - 1]) && isAsciiLetter(collapsed.chars[i + 1])));
  }
  // Extractors set a space around figures and Latin letters in Chinese text (`开通“城市 e 卡”`,
  // `300 座`): it is no phrase space, which stands between two Chinese words.
  return keep(collapsed, (i) => {
    if (collapsed.chars[i] !== ' ') return true;
    const [before, after] = [collapsed.chars[i - 1], collapsed.chars[i + 1]];
    return isAscii(before) === isAscii(after);
  });
}

export function cleanHeadline(line: string): string {
  return textOf(cleanHeadlineTraced(traced(line)));
}

/**
 * Joins two wrapped pieces of one paragraph. Chinese needs no space at a line break; an English
 * word broken across lines does (`John` / `Smith`), and that space comes from nowhere on the page.
 */
export function joinWrappedTraced(left: Traced, right: Traced): Traced {
  const last = left.chars[left.chars.length - 1];
  const first = right.chars[0];
  const space = last !== undefined && first !== undefined && isAsciiLetter(last) && isAsciiLetter(first);
  return {
    chars: [...left.chars, ...(space ? [' '] : []), ...right.chars],
    origins: [...left.origins, ...(space ? [null] : []), ...right.origins],
  };
}

export function joinWrapped(left: string, right: string): string {
  return textOf(joinWrappedTraced(traced(left), traced(right)));
}

/** A run of published text that stands unbroken on one raw line: [start, end) ↔ (line, col…). */
export interface TextSegment {
  start: number;
  end: number;
  line: number;
  col: number;
}

/** Compresses per-character origins into runs; characters with no origin belong to none. */
export function segmentsOf(t: Traced): TextSegment[] {
  const out: TextSegment[] = [];
  t.origins.forEach((o, i) => {
    const last = out[out.length - 1];
    if (o === null) return;
    if (last && last.end === i && last.line === o.line && last.col + (i - last.start) === o.col) last.end = i + 1;
    else out.push({ start: i, end: i + 1, line: o.line, col: o.col });
  });
  return out;
}

const LETTER = /[\p{L}\p{N}]/u;

/** Whether each BMP code point is a letter or digit (LETTER), filled as met: 0 not yet, 1 no, 2 yes. */
const letterKnown = new Uint8Array(0x10000);

function isLetter(cp: number): boolean {
  if (cp >= 0x4e00 && cp <= 0x9fff) return true; // CJK unified ideographs: most of a page
  if (cp >= 0x10000) return LETTER.test(String.fromCodePoint(cp));
  const known = letterKnown[cp];
  if (known !== 0) return known === 2;
  const yes = LETTER.test(String.fromCharCode(cp));
  letterKnown[cp] = yes ? 2 : 1;
  return yes;
}

/**
 * A small number for each letter met (1, 2, …, in the order first met), so that a pair of them
 * is a small integer, which a Set holds unboxed, where a pair of code points is a number too
 * large to (stored on the heap, each one, and hashed as a float).
 */
const bmpLetterId = new Int32Array(0x10000);
const astralLetterId = new Map<number, number>();
let lettersMet = 0;
/** Pairs of letters with ids below this fit in 31 bits as `first * PAIR_BASE + second`. */
const PAIR_BASE = 0x8000;
/** Pairs with a letter beyond it are numbered from here on by their code points (never a small pair's number). */
const WIDE_PAIRS = 2 ** 31;

function letterId(cp: number): number {
  if (cp < 0x10000) {
    const id = bmpLetterId[cp];
    return id !== 0 ? id : (bmpLetterId[cp] = ++lettersMet);
  }
  let id = astralLetterId.get(cp);
  if (id === undefined) astralLetterId.set(cp, (id = ++lettersMet));
  return id;
}

/**
 * The character pairs of a text, letters and digits only (the letters read in order, other
 * characters skipped), each pair as one number: a set of numbers costs a fraction of a set of
 * two-character strings, and this runs over every body on the page. Two pairs have the same
 * number exactly when they are the same two letters; the numbers mean nothing else.
 */
export function bigrams(text: string, only?: Uint8Array): Set<number> {
  const out = new Set<number>();
  let previous = 0;
  let previousKept = false;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++; // the low half of a surrogate pair is read with its high half
    if (!isLetter(cp)) continue;
    const id = letterId(cp);
    // Only pairs of two letters `only` marks (a letter beyond the BMP always counts as marked).
    const kept = only === undefined || cp > 0xffff || only[cp] === 1;
    if (previous > 0 && kept && previousKept) {
      if (previous < PAIR_BASE && id < PAIR_BASE) out.add(previous * PAIR_BASE + id);
      else out.add(WIDE_PAIRS + previous * 0x200000 + id);
    }
    previous = id;
    previousKept = kept;
  }
  return out;
}
