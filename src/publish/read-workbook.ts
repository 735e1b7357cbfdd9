/**
 * Reads a release workbook back, streaming: the publish step's proof that every cell it wrote
 * decodes to the value it meant (zip, XML escaping, types). Not a general .xlsx reader: it reads
 * what workbook.ts writes (inline strings, numbers, booleans; dates as serials in date columns) and
 * turns anything else (a shared or formula string) into a value that cannot match.
 *
 * exceljs's own streaming reader decodes each zip chunk separately and breaks a Chinese character
 * that straddles two chunks, so it cannot be the reader here; the tests read the workbook with
 * exceljs's whole-file reader and with LibreOffice as well.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { crc32 } from '../release/archive.ts';
import { slices, zipEntries } from '../release/zip-reader.ts';
import type { FieldType, TableSpec } from '../schema/index.ts';
import type { SheetDigests } from './workbook.ts';

/**
 * Inflated bytes handed on at a time. 64 KiB: the read back of the 20,000-article bench's workbook
 * took 8.8-13.7 s of CPU with its heap peaking at ~52 MB, against 15.6-20.9 s and ~110 MB with 1 MiB
 * pieces (likely because each piece's text, and the rows cut from it, then outlive a young-generation collection).
 */
const INFLATE_CHUNK = 1 << 16;

/**
 * Calls `onText` with the decoded text of every entry `want` accepts, chunk by chunk (a character
 * never split), in the zip's order; the last call of an entry has `final` set. The zip is read
 * through its central directory (zip-reader.ts's checks) and inflated by node:zlib; each entry's
 * size and CRC-32 are checked against its headers.
 */
async function readEntries(file: string, want: (name: string) => boolean, onText: (name: string, text: string, final: boolean) => void, maxInflated = Infinity): Promise<void> {
  const fh = await open(file, 'r');
  try {
    // A workbook in a downloaded release may be hostile: what its entries inflate to is capped.
    let inflated = 0;
    for (const e of await zipEntries(fh)) {
      if (!want(e.name)) continue;
      const decoder = new TextDecoder('utf-8', { fatal: true });
      const source = Readable.from(slices(fh, e.start, e.start + e.compressed), { objectMode: false });
      const data: AsyncIterable<Buffer> = e.method === 0 ? source : source.pipe(zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK }));
      let size = 0;
      let crc = 0;
      for await (const chunk of data) {
        size += chunk.length;
        inflated += chunk.length;
        if (inflated > maxInflated) throw new Error(`its entries inflate past ${maxInflated} bytes (a zip bomb?)`);
        if (size > e.size) throw new Error(`${e.name} inflates past the ${e.size} bytes its headers say`);
        crc = crc32(chunk, crc);
        onText(e.name, decoder.decode(chunk, { stream: true }), false);
      }
      if (size !== e.size || crc >>> 0 !== e.crc) throw new Error(`${e.name} does not match its headers: expected ${e.size} bytes with CRC-32 ${e.crc.toString(16)}, got ${size} bytes with ${(crc >>> 0).toString(16)}`);
      onText(e.name, decoder.decode(), true);
    }
  } finally {
    await fh.close();
  }
}

/** A row's XML is held whole while it is read: longer than any row a release writes (cells cut at 32,767 characters). */
const MAX_ROW_CHARS = 64 << 20;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character data with its entities and character references resolved. */
export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e]);
}

/** 1-based column number of a cell reference (`AB12` → 28). */
function columnOf(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

/** A date serial (days since 1899-12-30) as `YYYY-MM-DD`. */
export function serialDate(serial: number): string {
  return new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 10);
}

/** The value of attribute `name` in a tag's attribute text (` r="A2" t="b"`), or undefined. */
function attributeOf(attributes: string, name: string): string | undefined {
  for (let at = attributes.indexOf(`${name}="`); at >= 0; at = attributes.indexOf(`${name}="`, at + 1)) {
    const before = attributes.charCodeAt(at - 1);
    if (at > 0 && before !== 0x20 && before !== 0x09 && before !== 0x0a && before !== 0x0d) continue; // inside another name (`ht="`)
    const start = at + name.length + 2;
    const end = attributes.indexOf('"', start);
    return end < 0 ? undefined : attributes.slice(start, end);
  }
  return undefined;
}

/** The text of every `<t>` element of an inline string's body (one, or one per rich-text run), entities resolved. */
function inlineText(body: string): string {
  let text = '';
  for (let at = body.indexOf('<t'); at >= 0; at = body.indexOf('<t', at + 2)) {
    const next = body.charCodeAt(at + 2);
    if (next !== 0x3e && next !== 0x20 && next !== 0x09 && next !== 0x0a && next !== 0x0d) continue; // <tab…>, not <t>
    const open = body.indexOf('>', at);
    if (open < 0) break;
    if (body.charCodeAt(open - 1) === 0x2f) { at = open; continue; } // <t/>: empty
    const close = body.indexOf('</t>', open);
    if (close < 0) break;
    text += body.slice(open + 1, close);
    at = close;
  }
  return text.includes('&') ? unescapeXml(text) : text;
}

/** One cell as workbook.ts's cellKey writes it: `s<text>`, `n<number>`, `b<true|false>`, `d<date>`; '' for an empty cell. */
function cellKeyOf(attributes: string, body: string, type: FieldType | undefined): string {
  const t = attributeOf(attributes, 't') ?? 'n';
  if (t === 'inlineStr') return 's' + inlineText(body);
  const open = body.indexOf('<v>');
  const close = open < 0 ? -1 : body.indexOf('</v>', open);
  if (close < 0) return '';
  const v = body.slice(open + 3, close);
  if (t === 'b') return 'b' + String(v === '1');
  if (t === 'n') return type === 'date' ? 'd' + serialDate(Number(v)) : 'n' + String(Number(v));
  return `x${t}:${v}`;
}

/**
 * The cell keys of one row's XML (from `<row` to before `</row>`), by column; a scan with indexOf,
 * not regular expressions: the read back goes through every cell of the release.
 */
function rowCells(row: string, cellType: (column: number) => FieldType | undefined): string[] {
  const cells: string[] = [];
  for (let at = row.indexOf('<c'); at >= 0; at = row.indexOf('<c', at + 2)) {
    const next = row.charCodeAt(at + 2);
    if (next !== 0x20 && next !== 0x09 && next !== 0x0a && next !== 0x0d) continue; // <col…>, <c>: no cell of ours
    const open = row.indexOf('>', at);
    if (open < 0) break;
    const selfClosing = row.charCodeAt(open - 1) === 0x2f;
    const attributes = row.slice(at + 2, selfClosing ? open - 1 : open);
    let body = '';
    if (!selfClosing) {
      const close = row.indexOf('</c>', open);
      if (close < 0) break;
      body = row.slice(open + 1, close);
      at = close;
    } else at = open;
    const column = columnOf(attributeOf(attributes, 'r') ?? '');
    if (column > 0) cells[column - 1] = cellKeyOf(attributes, body, cellType(column));
  }
  return cells;
}

/** The sheet names in workbook order, with the number of their `xl/worksheets/sheet<N>.xml`. */
async function sheetFiles(file: string, maxInflated: number): Promise<{ name: string; id: number }[]> {
  let xml = '';
  await readEntries(file, (n) => n === 'xl/workbook.xml', (_, text) => { xml += text; }, maxInflated);
  return [...xml.matchAll(/<sheet\s([^>]*)\/>/g)].map((m) => ({
    name: unescapeXml(/\bname="([^"]*)"/.exec(m[1])?.[1] ?? ''),
    id: Number(/\bsheetId="(\d+)"/.exec(m[1])?.[1]),
  }));
}

/**
 * Per sheet of a release workbook: its rows under the header, and the digest of their cells in
 * the form writeWorkbook computes while writing. Two passes over the file, in constant memory
 * but for the longest row.
 */
export async function readWorkbookDigests(file: string, specs: readonly TableSpec[], maxInflated = Infinity): Promise<{ sheets: string[]; headers: Record<string, string[]>; digests: SheetDigests }> {
  const sheets = await sheetFiles(file, maxInflated);
  const bySheetFile = new Map(sheets.map((s) => [`xl/worksheets/sheet${s.id}.xml`, s.name]));
  const byName = new Map(specs.map((s) => [s.table, s]));
  const headers: Record<string, string[]> = {};
  const state = new Map<string, { rest: string; rows: number; hash: ReturnType<typeof createHash> }>();
  const digests: SheetDigests = {};
  await readEntries(file, (n) => bySheetFile.has(n), (entry, text, final) => {
    const name = bySheetFile.get(entry)!;
    const spec = byName.get(name);
    let s = state.get(entry);
    if (!s) state.set(entry, (s = { rest: '', rows: 0, hash: createHash('sha256') }));
    const buffer = s.rest + text;
    let from = 0;
    for (let end = buffer.indexOf('</row>'); end >= 0; from = end + 6, end = buffer.indexOf('</row>', from)) {
      const row = buffer.slice(from, end);
      const start = row.indexOf('<row');
      const tagEnd = start < 0 ? -1 : row.indexOf('>', start);
      const number = tagEnd < 0 ? NaN : Number(attributeOf(row.slice(start + 4, tagEnd), 'r'));
      const cells = rowCells(row, number === 1 ? () => 'string' : (column) => spec?.fields[column - 1]?.type);
      const width = number === 1 || !spec ? cells.length : spec.fields.length;
      const keys: string[] = new Array(width);
      for (let k = 0; k < width; k++) keys[k] = cells[k] ?? '';
      if (number === 1) { headers[name] = keys.map((k) => k.slice(1)); continue; }
      s.hash.update(keys.join('\u0001') + '\u0002');
      s.rows++;
    }
    s.rest = buffer.slice(from);
    if (s.rest.length > MAX_ROW_CHARS) throw new Error(`sheet ${name} has a row longer than ${MAX_ROW_CHARS} characters`);
    if (final) digests[name] = { rows: s.rows, sha256: s.hash.digest('hex') };
  }, maxInflated);
  return { sheets: sheets.map((s) => s.name), headers, digests };
}
