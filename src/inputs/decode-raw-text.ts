import { issue, type Issue } from '../issues.ts';

/**
 * Byte offset of the first invalid UTF-8 sequence, or -1 when the bytes are valid UTF-8.
 * (TextDecoder with fatal: true only says *that* decoding failed, not where.)
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let need: number, min: number, cp: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; cp = b & 0x1f; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; cp = b & 0x0f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; cp = b & 0x07; }
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are invalid.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

// Raw pages are text: C0 controls other than tab, line feed, form feed and carriage return
// do not occur in them, so many of those means the file is not text at all.
const MAX_CONTROL_SHARE = 0.1;

/** Number of C0 controls other than tab, LF, FF and CR, and DEL (counted, not matched: pages may be large). */
function controlCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) n++;
  }
  return n;
}

/**
 * The longest raw line a page may have, in code points. A printed column line holds a few dozen
 * characters, and a whole broadsheet page that lost every line break about 10,000. Recovery and
 * extraction of a line this long take about a second, even for the worst lines the fuzzer found
 * (bench/fuzz.ts). A longer line is not a page (a dump, a concatenated archive) and is refused
 * before any work is spent on it.
 */
export const MAX_LINE_LENGTH = 20_000;

/** Number of code points of `text` (no array of characters: pages may be tens of megabytes). */
function codePointCount(text: string, start = 0, end = text.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The first line longer than `max` code points (1-based line number and its length), or null. */
export function firstLongLine(text: string, max: number = MAX_LINE_LENGTH): { line: number; length: number } | null {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x0a;
    if (c !== 0x0a && c !== 0x0d) continue;
    // Only lines with more UTF-16 units than the limit can have more code points.
    if (i - start > max) {
      const length = codePointCount(text, start, i);
      if (length > max) return { line, length };
    }
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++; // CRLF is one line break
    line++;
    start = i + 1;
  }
  return null;
}

/** Encodings a raw page may come in, as recorded in sources.encoding. */
export type RawEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

export type Decoded = { text: string; encoding: RawEncoding; issue: null } | { text: null; encoding: null; issue: Issue };

/**
 * True when the bytes read as GB18030/GBK Chinese text: its two-byte characters lie in the
 * GB2312 area (lead and trail bytes 0xA1–0xFE), where Chinese text in these encodings lives.
 * Bytes of another encoding (Shift-JIS, Big5, Latin-1) that happen to decode fall outside it.
 */
export function looksLikeGbText(bytes: Uint8Array): boolean {
  let pairs = 0;
  let inGb2312 = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    const t = bytes[i + 1] ?? 0;
    if (b >= 0x81 && b <= 0xfe && t >= 0x30 && t <= 0x39) {
      i += 3; // a four-byte GB18030 sequence
      pairs++;
      continue;
    }
    pairs++;
    if (b >= 0xa1 && b <= 0xfe && t >= 0xa1 && t <= 0xfe) inGb2312++;
    i++;
  }
  return pairs > 0 && inGb2312 / pairs >= 0.95;
}

function decodeStrict(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes a raw page, detecting its encoding: a byte-order mark says UTF-8 or UTF-16; without
 * one the page must be valid UTF-8, or else GB18030/GBK Chinese text. Anything else is an error
 * naming the file and the byte offset where UTF-8 fails, never silent mojibake. Pure.
 * `file` is the page's path relative to the data folder, used in the issue.
 */
export function decodeRawText(bytes: Uint8Array, file: string): Decoded {
  const fail = (code: string, what: string, expected: string, got: string): Decoded =>
    ({ text: null, encoding: null, issue: issue({ code, file, what, expected, got }) });
  if (bytes.length === 0) return fail('empty-file', 'raw page is empty', 'the text of a newspaper page', '0 bytes');

  let text: string | null = null;
  let encoding: RawEncoding;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) encoding = 'utf-8-bom';
  else encoding = 'utf-8';

  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    text = decodeStrict(encoding, bytes);
    if (text === null) return fail('undecodable-text', `raw page is not valid ${encoding.toUpperCase()}`, 'text in the encoding its byte-order mark declares', 'an unpaired surrogate or an odd number of bytes');
  } else {
    const nul = bytes.indexOf(0);
    if (nul >= 0) return fail('binary-file', 'raw page is not text', 'UTF-8, UTF-16 or GB18030 text', `a NUL byte at byte offset ${nul}`);
    text = decodeStrict('utf-8', bytes);
    if (text === null) {
      const at = firstInvalidUtf8Offset(bytes);
      const gb = encoding === 'utf-8' && looksLikeGbText(bytes) ? decodeStrict('gb18030', bytes) : null;
      if (gb === null) {
        return fail('undecodable-text', 'raw page is not valid UTF-8 and not GB18030 Chinese text', 'UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK', `an invalid UTF-8 byte sequence at byte offset ${at}`);
      }
      text = gb;
      encoding = 'gb18030';
    }
  }
  text = text.replace(/^\uFEFF/, '');
  const controls = controlCount(text);
  if (controls > 0 && controls / codePointCount(text) > MAX_CONTROL_SHARE) {
    return fail('binary-file', 'raw page is not text', 'UTF-8, UTF-16 or GB18030 text', `${controls} control characters in ${codePointCount(text)}`);
  }
  const long = firstLongLine(text);
  if (long !== null) {
    return { text: null, encoding: null, issue: issue({ code: 'line-too-long', file, line: long.line, what: 'raw page line is too long', expected: `at most ${MAX_LINE_LENGTH} characters per line (a newspaper page, not a dump)`, got: `${long.length} characters` }) };
  }
  if (text.trim() === '') return fail('empty-file', 'raw page is empty', 'the text of a newspaper page', 'only whitespace');
  return { text, encoding, issue: null };
}
