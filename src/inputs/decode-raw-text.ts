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
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/gu;
const MAX_CONTROL_SHARE = 0.1;

export type Decoded = { text: string; issue: null } | { text: null; issue: Issue };

/**
 * Decodes a raw page strictly as UTF-8 (a leading BOM is dropped). Pure.
 * `file` is the page's path relative to the data folder, used in the issue.
 */
export function decodeRawText(bytes: Uint8Array, file: string): Decoded {
  const fail = (code: string, what: string, expected: string, got: string): Decoded =>
    ({ text: null, issue: issue({ code, file, what, expected, got }) });
  if (bytes.length === 0) return fail('empty-file', 'raw page is empty', 'the text of a newspaper page', '0 bytes');
  const nul = bytes.indexOf(0);
  if (nul >= 0) return fail('binary-file', 'raw page is not text', 'UTF-8 text', `a NUL byte at byte offset ${nul}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8Offset(bytes);
    return fail('undecodable-text', 'raw page is not valid UTF-8', 'UTF-8 text', `an invalid byte sequence at byte offset ${at}`);
  }
  const controls = text.match(CONTROL)?.length ?? 0;
  if (controls > 0 && controls / [...text].length > MAX_CONTROL_SHARE) {
    return fail('binary-file', 'raw page is not text', 'UTF-8 text', `${controls} control characters in ${[...text].length}`);
  }
  if (text.trim() === '') return fail('empty-file', 'raw page is empty', 'the text of a newspaper page', 'only whitespace');
  return { text, issue: null };
}
