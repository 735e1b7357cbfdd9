/**
 * Lists of codes printed several a line (`甲AB1234、甲CD5678、甲EF9012`: plates, part numbers),
 * read back row by row. An extractor that takes each code, set in a Latin font, out of its line
 * (pdfminer with its default line overlap) prints the codes that stand under one another as a
 * block of their own, a column of the list, and so the separators between them (`、甲`); it orders
 * these blocks by where they stand, column after column, in no order a reader can rely on.
 *
 * A list is a run of blocks holding codes and separators, its lead-in (a sentence that ends on the
 * list's first prefix, printed at the top of one of its blocks) among them, up to the block that
 * holds its closing mark (`。`). The extractor reads a column that runs a line further down last
 * of all, so a closing mark's block of separators is followed by its column of codes, the first
 * column: the list ends with that block. The list is read as its lead-in, then its codes line by
 * line, the column that runs furthest first and the others in the order printed, a separator
 * after each code but the last, and the closing mark.
 */
import { CODE, type RawLine } from './lines.ts';

/** A list's code (lines.ts's CODE: letters and figures mixed) is a plate's or a part number's length. */
const CODE_CHARS = { min: 4, max: 12 };
const isListCode = (text: string) => text.length >= CODE_CHARS.min && text.length <= CODE_CHARS.max && CODE.test(text);
/** What stands between two codes of a list: an enumeration comma, a prefix of one or two ideographs, or both. */
const SEPARATOR = /^(?:[、，；][\s\u3000]*\p{sc=Han}{0,2}|\p{sc=Han}{1,2})$/u;
/** A line that leads into a list: it ends on a colon, then perhaps the first code's prefix. */
const LEADS_IN = /[：:][\s\u3000]*\p{sc=Han}{0,2}$/u;
/** What closes a list. */
const CLOSING = /^[。；]$/u;
/** A list holds codes in at least this many columns (blocks), each of at least this many codes. */
const MIN_COLUMNS = 2;
const MIN_COLUMN_CODES = 2;

type Kind = 'code' | 'separator' | 'closing' | 'text';

function kindOf(line: RawLine): Kind {
  if (isListCode(line.text)) return 'code';
  if (CLOSING.test(line.text)) return 'closing';
  if (SEPARATOR.test(line.text)) return 'separator';
  return 'text';
}

/** The body with each list of codes read row by row; the body itself when it holds none. */
export function readCodeLists(body: readonly RawLine[]): readonly RawLine[] {
  if (!body.some((l) => isListCode(l.text))) return body;
  const blocks = blocksOf(body);
  const out: RawLine[] = [];
  let changed = false;
  let list: RawLine[][] = [];
  const flush = () => {
    const read = readList(list);
    if (read) changed = true;
    out.push(...(read ?? list.flat()));
    list = [];
  };
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    const kinds = block.map(kindOf);
    // A block of prose ends any list (one that leads into a list, `…号：甲`, is its lead-in's end):
    // prose alone, or prose holding short lines (pieces of its lines) but no code, no closing mark
    // and no line leading into a list, more of its lines prose than separators.
    const text = kinds.filter((k) => k === 'text').length;
    const prose =
      text === block.length ||
      (!kinds.includes('code') && !kinds.includes('closing') && text > kinds.filter((k) => k === 'separator').length && !block.some((l) => LEADS_IN.test(l.text)));
    if (prose) {
      if (text === block.length && list.length > 0 && LEADS_IN.test(block[block.length - 1].text)) {
        list.push(block);
        flush();
        continue;
      }
      flush();
      out.push(...block);
      continue;
    }
    list.push(block);
    if (!kinds.includes('closing')) continue;
    // A closing mark's block of separators: its column of codes, as many lines, comes next and ends the list.
    const next = blocks[b + 1];
    if (kinds.every((k) => k !== 'text' && k !== 'code') && next && next.length === block.length && next.every((l) => kindOf(l) === 'code')) {
      list.push(next);
      b++;
    }
    flush();
  }
  flush();
  return changed ? out : body;
}

/**
 * The body's blocks: runs of lines printed together (consecutive raw lines). A block whose closing
 * mark is followed by prose is cut after the mark: the prose opens what follows the list.
 */
function blocksOf(body: readonly RawLine[]): RawLine[][] {
  const blocks: RawLine[][] = [];
  for (const [i, l] of body.entries()) {
    const prev = body[i - 1];
    const last = blocks[blocks.length - 1];
    if (last && prev.no + 1 === l.no && !(CLOSING.test(prev.text) && kindOf(l) === 'text')) last.push(l);
    else blocks.push([l]);
  }
  return blocks;
}

/** A list's lines read row by row (see the module's comment); null when the blocks hold no list of codes in columns. */
function readList(blocks: readonly RawLine[][]): RawLine[] | null {
  const columns = blocks.map((b) => b.filter((l) => kindOf(l) === 'code')).filter((c) => c.length >= MIN_COLUMN_CODES);
  if (columns.length < MIN_COLUMNS) return null;
  const lines = blocks.flat();
  const inColumns = new Set(columns.flat());
  // Codes standing alone (a column of one line) go after the columns' rows, in the order printed.
  const single = lines.filter((l) => kindOf(l) === 'code' && !inColumns.has(l));
  // The lead-in's line that leads into the codes reads last, wherever the extractor printed it.
  const text = lines.filter((l) => kindOf(l) === 'text');
  const leadIn = [...text.filter((l) => !LEADS_IN.test(l.text)), ...text.filter((l) => LEADS_IN.test(l.text))];
  const separators = lines.filter((l) => kindOf(l) === 'separator');
  const closing = lines.filter((l) => kindOf(l) === 'closing');
  // The column that runs furthest down first (stable: the others in the order printed).
  const ordered = [...columns].sort((a, b) => b.length - a.length);
  const codes: RawLine[] = [];
  for (let row = 0; row < ordered[0].length; row++) for (const column of ordered) if (row < column.length) codes.push(column[row]);
  codes.push(...single);
  const out: RawLine[] = [...leadIn];
  for (const [i, code] of codes.entries()) {
    out.push(code);
    if (i + 1 < codes.length && separators.length > 0) out.push(separators.shift()!);
  }
  out.push(...separators, ...closing);
  return out;
}
