/**
 * JSON from a release received from anywhere: nesting is bounded before parsing (a validator and
 * every walk over the value recurse, so `[[[[…` a million deep would overflow the stack), and a
 * syntax error is located by line.
 */

/** The offset at which `text` nests arrays and objects deeper than `limit`, or -1. Strings are skipped; linear. */
export function excessDepthAt(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

/** 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export type BoundedJson =
  | { ok: true; value: unknown }
  | { ok: false; code: 'json-too-deep' | 'invalid-json'; line: number | null; what: string; expected: string; got: string };

/** Parses `text` if it nests at most `maxDepth` deep; otherwise says where it is too deep or malformed. */
export function parseBoundedJson(text: string, maxDepth: number): BoundedJson {
  const deep = excessDepthAt(text, maxDepth);
  if (deep !== -1) return { ok: false, code: 'json-too-deep', line: lineAt(text, deep), what: 'JSON nested deeper than the limit', expected: `at most ${maxDepth} levels of arrays and objects`, got: 'deeper' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = (e as Error).message;
    const m = /position (\d+)/.exec(message);
    const line = /line (\d+) column/.exec(message)?.[1];
    return { ok: false, code: 'invalid-json', line: line ? Number(line) : m ? lineAt(text, Number(m[1])) : null, what: 'not valid JSON', expected: 'a JSON document', got: message.slice(0, 200) };
  }
}
