/**
 * Every encoding and line-end convention a raw page may come in gives the same tables as the
 * UTF-8 original: only sources.encoding, bytes and sha256 differ.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeRawText } from '../src/inputs/index.ts';
import { recoverPage } from '../src/recover/index.ts';
import { pageRows } from '../src/rows.ts';

const NAME = '002_ecc4107209b7bf27.txt';
const original = readFileSync(new URL(`../data/raw/${NAME}`, import.meta.url));
const text = original.toString('utf8');

function tables(bytes: Buffer) {
  const decoded = decodeRawText(bytes, `raw/${NAME}`);
  assert.equal(decoded.issue, null, JSON.stringify(decoded.issue));
  const rows = pageRows(
    { name: NAME, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, encoding: decoded.encoding!, manifest: null },
    decoded.text!,
    recoverPage(decoded.text!),
  );
  const { sources, raw_lines, ...rest } = rows;
  return { encoding: sources[0].row.encoding, lineCount: sources[0].row.line_count, rest: JSON.stringify(rest) };
}

const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const VARIANTS: Record<string, [Buffer, string]> = {
  'UTF-8 with BOM': [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]), 'utf-8-bom'],
  'UTF-16 LE with BOM': [utf16le(text), 'utf-16le'],
  'UTF-16 BE with BOM': [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]), 'utf-16be'],
  'GB18030': [readFileSync(new URL('fixtures/encodings/002_ecc4107209b7bf27.gb18030.txt', import.meta.url)), 'gb18030'],
  'CRLF line ends': [Buffer.from(text.replace(/\n/g, '\r\n')), 'utf-8'],
  'CR line ends': [Buffer.from(text.replace(/\n/g, '\r')), 'utf-8'],
  'full-width spaces': [Buffer.from(text.replace(/ /g, '\u3000')), 'utf-8'],
  'no-break spaces and tabs': [Buffer.from(text.replace(/ /g, (_, i: number) => (i % 2 ? '\u00a0' : '\t'))), 'utf-8'],
};

describe('encodings and line ends', () => {
  const reference = tables(original);
  it('the UTF-8 original', () => {
    assert.equal(reference.encoding, 'utf-8');
    assert.equal(reference.lineCount, 616);
  });
  for (const [name, [bytes, encoding]] of Object.entries(VARIANTS)) {
    it(`${name} gives the same tables, encoding recorded as ${encoding}`, () => {
      const t = tables(bytes);
      assert.equal(t.encoding, encoding);
      assert.equal(t.lineCount, reference.lineCount);
      assert.equal(t.rest, reference.rest);
    });
  }
});
