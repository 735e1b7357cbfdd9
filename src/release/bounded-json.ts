/**
 * JSON from a release received from anywhere: nesting is bounded before parsing (a validator and
 * every walk over the value recurse, so `[[[[…` a million deep would overflow the stack), and a
 * syntax error is located by line.
 */

/**
 * Where `text` passes a limit: nesting arrays and objects deeper than `depth`, or holding more than
 * `values` array elements and object members (counted by their separators), with the offset; null
 * within both. Strings are skipped; linear.
 */
export function excessAt(text: string, limits: { depth: number; values: number }): { what: 'depth' | 'values'; at: number } | null {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limits.depth) return { what: 'depth', at: i };
      if (++values > limits.values) return { what: 'values', at: i };
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    } else if (c === 0x2c && ++values > limits.values) {
      return { what: 'values', at: i };
    }
  }
  return null;
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

/**
 * Parses `text` if it nests at most `limits.depth` deep and holds at most `limits.values` values
 * (a validator reports an error per value: a million of them would take GBs); otherwise says where it
 * passes a limit or is malformed.
 */
export function parseBoundedJson(text: string, limits: { depth: number; values: number }): BoundedJson {
  const excess = excessAt(text, limits);
  if (excess?.what === 'depth') return { ok: false, code: 'json-too-deep', line: lineAt(text, excess.at), what: 'JSON nested deeper than the limit', expected: `at most ${limits.depth} levels of arrays and objects`, got: 'deeper' };
  if (excess) return { ok: false, code: 'json-too-deep', line: lineAt(text, excess.at), what: 'JSON with more values than the limit', expected: `at most ${limits.values} array elements and object members`, got: 'more' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = (e as Error).message;
    const m = /position (\d+)/.exec(message);
    const line = /line (\d+) column/.exec(message)?.[1];
    return { ok: false, code: 'invalid-json', line: line ? Number(line) : m ? lineAt(text, Number(m[1])) : null, what: 'not valid JSON', expected: 'a JSON document', got: message.slice(0, 200) };
  }
}
