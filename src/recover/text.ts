/**
 * Character-level facts about Chinese newspaper text that every recovery rule leans on:
 * what counts as the end of a sentence, how wide a line is on the page, and which
 * spaces are justification (to remove) rather than meaning (to keep).
 */

/** Any whitespace the extractor may emit: ASCII space, tab, NBSP, full-width space U+3000. */
export const WHITESPACE = /[\s\u00a0\u3000]/u;
const WHITESPACE_RUN = /[\s\u00a0\u3000]+/gu;

/** Closing quotes and brackets that may follow the punctuation that ends a sentence. */
const CLOSERS = new Set([...'”’"\'」』）)》〉】']);
/** Punctuation that ends a sentence (and so may end a paragraph). */
const SENTENCE_END = new Set([...'。！？!?…']);
/** Punctuation that separates clauses inside a sentence: a line holding one is prose, not a heading. */
const CLAUSE_PUNCTUATION = /[，。；！？、,;!?]/u;

/** True when the line, ignoring trailing closers, ends with sentence-final punctuation. */
export function endsSentence(line: string): boolean {
  const chars = [...line.replace(/[\s\u00a0\u3000]+$/u, '')];
  let i = chars.length - 1;
  while (i >= 0 && CLOSERS.has(chars[i])) i--;
  return i >= 0 && SENTENCE_END.has(chars[i]);
}

export function hasClausePunctuation(line: string): boolean {
  return CLAUSE_PUNCTUATION.test(line);
}

function isAscii(ch: string): boolean {
  return ch.codePointAt(0)! < 0x80;
}

function isAsciiLetter(ch: string): boolean {
  return /^[A-Za-z]$/.test(ch);
}

/**
 * Width of a line as the column measures it: a CJK character or full-width punctuation
 * counts 1, a printable ASCII character 0.5, whitespace 0 (justification spaces stretch a
 * line to the column edge without adding text).
 */
export function displayWidth(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (WHITESPACE.test(ch)) continue;
    width += isAscii(ch) ? 0.5 : 1;
  }
  return width;
}

/** Number of printed characters, whitespace excluded. */
export function visibleLength(line: string): number {
  let n = 0;
  for (const ch of line) if (!WHITESPACE.test(ch)) n++;
  return n;
}

/**
 * True when the line was spaced out between characters to fill the column
 * (`区 是 疫 情 防 控`): at least two single CJK characters stand between spaces. Such a line is
 * full whatever its character count says. Spaces around numbers (`该村 140 户`) are not
 * counted: the extractor also prints them in lines that are not full.
 */
export function isJustified(line: string): boolean {
  const spacedPairs = line.trim().match(/[^\x00-\x7f][\s\u00a0\u3000]+(?=[^\x00-\x7f][\s\u00a0\u3000])/gu);
  return (spacedPairs?.length ?? 0) >= 2;
}

/** True when a “ opened in the text has not been closed yet: a paragraph cannot end there. */
export function hasOpenQuote(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '“') depth++;
    else if (ch === '”' && depth > 0) depth--;
  }
  return depth > 0;
}

/** Collapses every whitespace run (NBSP and U+3000 included) to one ASCII space and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(WHITESPACE_RUN, ' ').trim();
}

/**
 * Removes justification spaces from body text. A space goes when a non-ASCII character
 * (CJK or full-width punctuation) stands on one side and a non-ASCII character or a digit on
 * the other (`2 万元` → `2万元`); it stays between ASCII words and next to Latin letters
 * (`John Smith`, `5G 基站`), where it carries meaning.
 */
export function removeJustificationSpaces(text: string): string {
  const collapsed = collapseWhitespace(text);
  const chars = [...collapsed];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch !== ' ') {
      out += ch;
      continue;
    }
    const before = chars[i - 1];
    const after = chars[i + 1];
    const meaningful =
      (isAscii(before) && isAscii(after)) || isAsciiLetter(before) || isAsciiLetter(after);
    if (meaningful) out += ch;
  }
  return out;
}

/**
 * Cleans a headline line. Spaces between phrases carry meaning (`遍地英雄 照亮怀川`) and stay,
 * collapsed to one; a line spaced out between every character (`担 当 新 使 命`) was
 * justified, and its spaces go.
 */
export function cleanHeadline(line: string): string {
  const collapsed = collapseWhitespace(line);
  const tokens = collapsed.split(' ');
  const singleCharTokens = tokens.filter((t) => [...t].length === 1).length;
  if (tokens.length >= 3 && singleCharTokens >= tokens.length * 0.6) {
    return removeJustificationSpaces(collapsed);
  }
  return collapsed;
}

/**
 * Joins two wrapped pieces of one paragraph. Chinese needs no space at a line break; an English
 * word broken across lines does (`John` / `Smith`).
 */
export function joinWrapped(left: string, right: string): string {
  const l = [...left];
  const last = l[l.length - 1];
  const first = [...right][0];
  if (last !== undefined && first !== undefined && isAsciiLetter(last) && isAsciiLetter(first)) {
    return `${left} ${right}`;
  }
  return left + right;
}
