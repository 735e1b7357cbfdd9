/**
 * Columns printed line by line in turn: an extractor that orders text boxes by height alone
 * prints a line of the left column, then the line of the right column that stands beside it,
 * then the next line of the left column (each line a box of its own, with blank lines between),
 * so the body reads two columns' sentences into each other.
 *
 * Evidence that a line goes on from another one two or three lines up rather than from the line
 * just above: the join of two lines falls inside a word (`…市场的建设规` / `模…` holds 规模),
 * the next line starts with punctuation that never opens a printed line, the line ends on an
 * opening quote or bracket, the two lines are printed in one block; against a join, the widths
 * (a paragraph's short last line before a full line, a line that wraps on before an indented
 * first line). The body's lines are split into streams (chains of lines, each line going on from
 * an earlier one a few lines up, or starting a stream of its own) by a dynamic programme that
 * maximizes the evidence of the joins it keeps, less costs for each stream opened and closed and
 * for each change of stride (how far up a line's predecessor stands); the split is taken only
 * when it beats the plain order by a clear margin, and the streams are then read one after the
 * other, the left column first (its line is printed before the right column's beside it).
 *
 * Columns of different widths (a narrow column beside wider ones) add their own evidence: a line of
 * the narrow column never goes on in a clearly wider line. And a column that stops beside a
 * picture or a box, while the others go on, resumes beyond the programme's reach: the piece that
 * breaks off inside a sentence is read on in the later piece that a word across the join names.
 *
 * Only bodies holding a run of column lines (8 characters or more) that each stand alone between
 * blank lines and break off inside a sentence are looked at: the trace that box-ordering
 * extractors leave of interleaved columns. And bodies printed row by row beside a box (a table):
 * an extractor reading in rows prints a row's cells, then the line of each column beside them,
 * each row a block of its own under the cells; there a block's lines stand side by side, not one
 * under the other, and a line holding two columns' lines is cut in two (cutRows).
 */
import { dictionaryTotal, wordFrequency } from '../extract/segmenter.ts';
import { isHanCode } from '../extract/gazetteer-text.ts';
import { partLine, type RawLine } from './lines.ts';
import { visibleLength, WHITESPACE_RUN } from './text.ts';

/** Fewer lines standing alone in a row than this: no interleaving to look for. */
const MIN_APART_RUN = 6;
/** Lines shorter than this are no column's lines (labels, a headline set a character a line). */
const MIN_COLUMN_CHARS = 8;
/**
 * Bodies longer than this are left as they are: no article printed in columns runs so long, and
 * the programme keeps a row of back pointers per line (a pathological page of many thousand lines
 * standing apart would hold megabytes for nothing).
 */
const MAX_LINES = 2000;
/** A line's predecessor in its stream stands at most this many body lines above it. */
const WINDOW = 6;
/** Opening a stream (and closing one) costs this much evidence: a column starts and ends once. */
const OPEN_COST = 1.5;
const CLOSE_COST = 1;
/** Punctuation that makes a join certain (a line ending on an opening mark, one starting on a closing mark). */
export const FORCED = 3;
/** What opening or closing a stream costs where the punctuation says the line goes on. */
const FORCED_COST = 4;
/** The most a word spanning a join counts, in natural-log units of likelihood. */
const WORD_CAP = 4;
/** A word this much likelier than the join's split counts; below, chance. */
const WORD_MIN = 1;
/**
 * Where nothing else decides, columns printed in turn go on alternating: the end of a run, where
 * one column has ended and the other goes on alone, comes as late as the evidence allows.
 */
const ALTERNATE = 0.01;
/** Changing the stride between one line and the next costs this: columns alternate evenly. */
const STRIDE_CHANGE = 1;
/** The split into streams must beat the plain order by this much evidence… */
const MIN_GAIN = 8;
/** …and move at least this many lines. */
const MIN_MOVED = 4;

/** Characters looked at on each side of a join. */
const SIDE = 3;
/** Longest dictionary word tried. */
const MAX_WORD = 4;

/** Marks that never open a printed line: they close or punctuate what the line above began. */
export const LINE_CLOSERS = new Set([...'，。、；：！？）”’》」』〉】,.;:!?)']);
/** Marks that never end a printed line: what they open goes on below. */
export const LINE_OPENERS = new Set([...'“‘（《「『〈【(']);

/** The last `n` ideographs of a line, stopping at the first character that is none (a mark, a figure). */
export function hanTail(text: string, n: number): string {
  let i = text.length;
  while (i > 0 && text.length - i < n && isHanCode(text.charCodeAt(i - 1))) i--;
  return text.slice(i);
}

/** The first `n` ideographs of a line, stopping at the first character that is none. */
export function hanHead(text: string, n: number): string {
  let i = 0;
  while (i < text.length && i < n && isHanCode(text.charCodeAt(i))) i++;
  return text.slice(0, i);
}

/**
 * How much likelier the characters around a join read with a word across it than with a word
 * boundary at it (log of the ratio of the best segmentations under jieba's word frequencies), 0
 * when the boundary reads as well.
 */
export function wordAcross(tail: string, head: string): number {
  if (tail === '' || head === '') return 0;
  const s = tail + head;
  const cut = tail.length;
  const logTotal = Math.log(dictionaryTotal());
  const logP = (w: string) => {
    const f = wordFrequency(w);
    return f > 0 ? Math.log(f) - logTotal : null;
  };
  // best[i]: the likeliest segmentation of s[0, i); with and without words across the cut.
  const best = (across: boolean): number => {
    const score = new Array<number>(s.length + 1).fill(-Infinity);
    score[0] = 0;
    for (let i = 0; i < s.length; i++) {
      if (score[i] === -Infinity) continue;
      for (let k = 1; k <= MAX_WORD && i + k <= s.length; k++) {
        if (!across && i < cut && i + k > cut) continue;
        // A single character not in the dictionary still reads, as the rarest word.
        const p = logP(s.slice(i, i + k)) ?? (k === 1 ? -logTotal : null);
        if (p === null) continue;
        if (score[i] + p > score[i + k]) score[i + k] = score[i] + p;
      }
    }
    return score[s.length];
  };
  return Math.max(0, best(true) - best(false));
}

const endsOpen = (l: RawLine) => LINE_OPENERS.has(l.text[l.text.length - 1]);
const startsClosed = (l: RawLine) => LINE_CLOSERS.has(l.text[0]);

/**
 * What a line's width says of its place in a paragraph, against the column's width: a full line
 * wraps on; a line two characters short that ends no sentence is a paragraph's (indented) first
 * line; a short line ending a sentence is a paragraph's last. Null where the width says nothing:
 * lines of letters or figures (counted at half width, they print wider), letter-spaced lines.
 */
type Role = 'full' | 'first' | 'last' | null;

function roleUnder(w: number, line: RawLine, column: number): Role {
  // A line ending a sentence as wide as an indented first line may be one (a one-line paragraph's, or a first line that ends a sentence).
  if (line.endsSentence) return w < column - INDENT - FULL_TOLERANCE ? 'last' : null;
  if (w >= column - FULL_TOLERANCE / 2) return 'full';
  return w <= column - INDENT + FULL_TOLERANCE / 2 && w >= column - INDENT - FULL_TOLERANCE ? 'first' : null;
}

/**
 * The role a line's width gives it; where two columns of different widths stand side by side,
 * only a role both widths agree on (a full line of the narrower column is as wide as an indented
 * first line of the wider one).
 */
function roleOf(line: RawLine, columns: Columns): Role {
  if (columns.width === 0 || line.justified || hasAsciiAlnum(line.text)) return null;
  const w = columns.compact ? line.compact : line.width;
  const role = roleUnder(w, line, columns.width);
  if (columns.other === 0) return role;
  const other = roleUnder(w, line, columns.other);
  return role === other ? role : null;
}

function hasAsciiAlnum(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)) return true;
  }
  return false;
}

/** Width tolerance (in compact units) and a paragraph's first-line indent, in characters. */
const FULL_TOLERANCE = 1;
const INDENT = 2;
/** A join the widths contradict: a paragraph's last line, then a full one; a line that wraps on, then a first line. */
const CONTRADICTED = -1.5;
/** Lines measured for the column's width: fewer say nothing of it. */
const MIN_MEASURED = 6;

/** No column measured: widths say nothing. */
const NO_COLUMNS: Columns = { width: 0, other: 0, compact: false, widths: [], narrow: new Map(), rows: new Set() };

/** The column's width (0 when unknown), and whether it is measured with punctuation at half width (compactWidth) or full (displayWidth). */
interface Columns {
  width: number;
  /** A second column width, where clearly many wrapping lines print at another width (0: none). */
  other: number;
  compact: boolean;
  /** Every width at which at least MIN_AT_WIDTH lines wrap inside a sentence, widest first: the columns' widths. */
  widths: readonly number[];
  /** Lines that wrap inside a sentence at the width of a column narrower than the widest, with the width (narrowColumnLines). */
  narrow: ReadonlyMap<RawLine, number>;
  /**
   * Raw lines printed row by row beside a box (rowsBesideBox): the lines of such a block stand
   * side by side on the page, not one under the other, so the block says nothing of a join.
   */
  rows: ReadonlySet<number>;
}

/** Widths this close to the most common one print as the same full line. */
const SPREAD = 0.5;
/** Punctuation counts at half its width only when that makes clearly more full lines agree. */
const COMPACT_MARGIN = 0.15;

/** The width most others come within SPREAD of (none within OTHER_COLUMN of `apart`), and the share that do. */
function modeOf(widths: readonly number[], apart = -Infinity): { width: number; agreement: number } {
  let width = 0;
  let most = 0;
  for (const c of new Set(widths)) {
    if (Math.abs(c - apart) < OTHER_COLUMN) continue;
    let n = 0;
    for (const w of widths) if (Math.abs(w - c) <= SPREAD) n++;
    if (n > most || (n === most && c > width)) [width, most] = [c, n];
  }
  return { width, agreement: most / widths.length };
}

/** A second width this far from the first, shared by at least this share of the wrapping lines, is another column's. */
const OTHER_COLUMN = 1.5;
const OTHER_SHARE = 0.25;

/**
 * The column's width: the most common width of lines that wrap inside a sentence and end on an
 * ideograph (a mark at a line's end may be squeezed), under the width model (punctuation at full
 * or half width) under which those lines agree best, as reflow measures them; 0 when too few.
 */
function columnsOf(body: readonly RawLine[], rows: ReadonlySet<number> = NO_COLUMNS.rows): Columns {
  const measured = body.filter((l) => !l.endsSentence && !l.justified && !hasAsciiAlnum(l.text) && isHanCode(l.text.charCodeAt(l.text.length - 1)));
  if (measured.length < MIN_MEASURED) return { ...NO_COLUMNS, rows };
  const plain = modeOf(measured.map((l) => l.width));
  const compact = modeOf(measured.map((l) => l.compact));
  const useCompact = compact.agreement > plain.agreement + COMPACT_MARGIN;
  const widths = measured.map((l) => (useCompact ? l.compact : l.width));
  const first = useCompact ? compact : plain;
  const second = modeOf(widths, first.width);
  const columns = { width: first.width, other: second.agreement >= OTHER_SHARE ? second.width : 0, compact: useCompact, widths: widthsOf(widths), rows };
  return { ...columns, narrow: narrowColumnLines(body, columns) };
}

/**
 * The lines of a column narrower than the body's widest, with that column's width: each wraps
 * inside a sentence at that width (full, or an indented first line), is not letter-spaced, and
 * another such line stands within WINDOW lines of it (a lone short line is a subhead or a label,
 * no column's); and the other lines printed in one block with one of them. The widest column's
 * lines are left out: a column narrowed beside a picture prints wider lines below it.
 */
function narrowColumnLines(body: readonly RawLine[], columns: Omit<Columns, 'narrow'>): Map<RawLine, number> {
  const out = new Map<RawLine, number>();
  if (columns.widths.length < 2) return out;
  const fits = (w: number, column: number) => Math.abs(w - column) <= FULL_TOLERANCE || Math.abs(w - (column - INDENT)) <= FULL_TOLERANCE / 2;
  const columnOf = body.map((l) => {
    if (l.justified || l.endsSentence) return 0;
    const w = columns.compact ? l.compact : l.width;
    if (fits(w, columns.widths[0])) return 0;
    return columns.widths.slice(1).find((c) => c <= columns.widths[0] - NARROWER && fits(w, c)) ?? 0;
  });
  for (let i = 0; i < body.length; i++) {
    if (columnOf[i] === 0) continue;
    for (let j = Math.max(0, i - WINDOW); j <= Math.min(body.length - 1, i + WINDOW); j++) {
      if (j !== i && columnOf[j] === columnOf[i]) {
        out.set(body[i], columnOf[i]);
        break;
      }
    }
  }
  // Lines printed in one block with a column's line stand in that column, letter-spaced ones too
  // (not where the block is a row of columns side by side).
  for (let i = 0; i < body.length; ) {
    let j = i + 1;
    while (j < body.length && body[j].no === body[j - 1].no + 1) j++;
    const column = columns.rows.has(body[i].no) ? undefined : body.slice(i, j).map((l) => out.get(l)).find((c) => c !== undefined);
    if (column !== undefined) for (let k = i; k < j; k++) out.set(body[k], column);
    i = j;
  }
  return out;
}

/** Lines wrapping at one width that make it a column's. */
const MIN_AT_WIDTH = 4;

/** The widths at which at least MIN_AT_WIDTH of `widths` come within SPREAD, each OTHER_COLUMN from the others, widest first. */
function widthsOf(widths: readonly number[]): number[] {
  const out: number[] = [];
  for (const c of [...new Set(widths)].sort((x, y) => y - x)) {
    // A width an indent short of a wider column's is that column's first lines.
    if (out.some((w) => Math.abs(w - c) < OTHER_COLUMN || Math.abs(w - INDENT - c) < OTHER_COLUMN)) continue;
    let n = 0;
    for (const w of widths) if (Math.abs(w - c) <= SPREAD) n++;
    if (n >= MIN_AT_WIDTH) out.push(c);
  }
  return out;
}

/**
 * Columns of different widths: a line of a column narrower than the widest (narrowColumnLines) is
 * never followed in its stream by a line clearly wider than that column, and a line breaking off
 * inside a sentence at the widest column's width never goes on in a narrower column's line. A
 * letter-spaced line says nothing (its width in text is no printed width).
 */
function widthsClash(a: RawLine, b: RawLine, columns: Columns): boolean {
  const column = columns.narrow.get(a);
  // b measured at its narrowest (its marks at half width): a line full of marks may print squeezed.
  if (column !== undefined) return !b.justified && b.compact > column + SLACK;
  // A line breaking off at the widest column's width goes on in no narrower column's line.
  const other = columns.narrow.get(b);
  if (other === undefined || a.endsSentence || a.justified) return false;
  const w = columns.compact ? a.compact : a.width;
  const widest = columns.widths[0];
  return Math.abs(w - widest) <= FULL_TOLERANCE && w > other + SLACK;
}

/**
 * How much wider than its column a line of that column may seem: the lines of one column spread
 * by up to two characters in text (marks squeezed or not, figures and letters printing wider than
 * counted), and half a character of rounding.
 */
const SLACK = 2.5;
/** A column counts as narrower than the widest one only by at least this much: an indent and a character. */
const NARROWER = INDENT + 1;
/** A join across columns of different widths. */
const CLASHED = -6;

/**
 * How many joins joinEvidence weighed, ever: a count the tests read to check that the work per
 * body line stays bounded (the programme's window, LINK_REACH, MAX_LINES), however long the body.
 * Only ever added to; cheap.
 */
export const interleaveWork = { joins: 0 };

/** Evidence that `b` goes on from `a` (0: nothing says so, which is most joins after a sentence end). */
function joinEvidence(a: RawLine, b: RawLine, columns: Columns = NO_COLUMNS): number {
  interleaveWork.joins++;
  // Lines printed together in one block (no blank line between) stand together on the page.
  if (b.no === a.no + 1 && !columns.rows.has(b.no)) return FORCED;
  if (endsOpen(a) || startsClosed(b)) return FORCED;
  if (widthsClash(a, b, columns)) return CLASHED;
  const ra = roleOf(a, columns);
  const rb = roleOf(b, columns);
  if (ra === 'last' && rb === 'full') return CONTRADICTED;
  if (a.endsSentence) return 0;
  if (rb === 'first' && (ra === 'full' || ra === 'first')) return CONTRADICTED;
  return wordEvidence(a.text, b.text);
}

/** The evidence of a dictionary word across the join of a text ending `a` and one starting `b`: from WORD_MIN, capped at WORD_CAP; 0 below. */
export function wordEvidence(a: string, b: string): number {
  const llr = wordAcross(hanTail(a, SIDE), hanHead(b, SIDE));
  return llr < WORD_MIN ? 0 : Math.min(WORD_CAP, llr);
}

const openCost = (l: RawLine) => (startsClosed(l) ? FORCED_COST : OPEN_COST);
/** A stream that stops in mid-sentence costs more than one that stops at a sentence end. */
const closeCost = (l: RawLine) => (endsOpen(l) ? FORCED_COST : l.endsSentence ? CLOSE_COST / 2 : CLOSE_COST * 1.5);

/** A line this many times as wide as the column, holding a space, prints two columns' lines side by side. */
const TWO_COLUMNS = 1.6;

/**
 * Columns printed row by row: a row may also print the left column's line and the right one's as
 * one raw line, a space between. A line of such a row at least TWO_COLUMNS columns wide is cut at the space
 * that leaves its left part closest to the column's width (a full line, or an indented first
 * one), the right part no wider than a column.
 */
function cutRows(body: readonly RawLine[], columns: Columns): RawLine[] {
  const out: RawLine[] = [];
  const widthOf = (l: RawLine) => (columns.compact ? l.compact : l.width);
  for (const l of body) {
    if (columns.width === 0 || !columns.rows.has(l.no) || widthOf(l) < TWO_COLUMNS * columns.width) {
      out.push(l);
      continue;
    }
    let best: [RawLine, RawLine] | null = null;
    let bestOff = Infinity;
    for (const m of l.raw.matchAll(WHITESPACE_RUN)) {
      const at = m.index;
      if (at === 0 || at + m[0].length >= l.raw.length) continue;
      // A space between two single characters spaces a line's letters out: no gap between columns.
      const before = l.raw.slice(0, at).split(WHITESPACE_RUN).pop() ?? '';
      const after = l.raw.slice(at + m[0].length).split(WHITESPACE_RUN)[0];
      if ([...before].length === 1 && [...after].length === 1) continue;
      const left = partLine(l, 0, at);
      const right = partLine(l, at + m[0].length, l.raw.length);
      const off = Math.abs(widthOf(left) - columns.width);
      if (off < bestOff && widthOf(left) >= columns.width - INDENT - FULL_TOLERANCE && widthOf(right) <= columns.width + SLACK) [best, bestOff] = [[left, right], off];
    }
    if (best === null) out.push(l);
    else out.push(...best);
  }
  return out;
}

/** Blocks of a body opening right under a box's lines: this many say the box stands beside its columns. */
const MIN_BESIDE_BOX = 4;

/**
 * The raw lines of the body printed row by row beside a box: an extractor reading in rows prints
 * a table's cells, then a line of each column beside it, then the next row's cells, so such a
 * block of the body (its lines in a row) opens right under a piece of the box, and its lines stand
 * side by side on the page. Empty unless MIN_BESIDE_BOX such blocks open on a column's line.
 */
function rowsBesideBox(body: readonly RawLine[]): Set<number> {
  const rows = new Set<number>();
  let opened = 0;
  for (let i = 0; i < body.length; ) {
    let j = i + 1;
    while (j < body.length && body[j].no === body[j - 1].no + 1) j++;
    if (body[i].underBox === true) {
      if (visibleLength(body[i].text) >= MIN_COLUMN_CHARS) opened++;
      for (let k = i; k < j; k++) rows.add(body[k].no);
    }
    i = j;
  }
  return opened >= MIN_BESIDE_BOX ? rows : new Set();
}

/**
 * The most lines in a run of body lines standing alone between blank lines (none printed in a
 * block with a raw neighbour) that break off inside a sentence. A page that prints a paragraph a
 * line has many lines alone, but each ends a sentence.
 */
function longestApartRun(body: readonly RawLine[]): number {
  let run = 0;
  let best = 0;
  for (let i = 0; i < body.length; i++) {
    const joinedAbove = i > 0 && body[i - 1].no + 1 === body[i].no;
    const joinedBelow = i + 1 < body.length && body[i].no + 1 === body[i + 1].no;
    if (joinedAbove || joinedBelow) run = 0;
    else if (!body[i].endsSentence && visibleLength(body[i].text) >= MIN_COLUMN_CHARS && ++run > best) best = run;
  }
  return best;
}

/**
 * The predecessor of each line in its stream (-1: the line opens a stream), chosen to maximize
 * the joins' evidence less the cost of opening and closing streams and of changing the stride
 * (how far up a line's predecessor stands: 1 in plain order, 2 where two columns alternate
 * evenly); and that score.
 */
function bestStreams(body: readonly RawLine[], columns: Columns): { pred: Int32Array; score: number } {
  const n = body.length;
  const joins: Float64Array[] = []; // joins[t][d - 1]: evidence that line t goes on from line t - d
  for (let t = 0; t < n; t++) {
    const row = new Float64Array(WINDOW);
    for (let d = 1; d <= WINDOW && d <= t; d++) row[d - 1] = joinEvidence(body[t - d], body[t], columns) + (d === 1 ? 0 : ALTERNATE);
    joins.push(row);
  }
  // State: mask * STRIDES + stride. Bit d-1 of the mask is set when line t-d+1 (the d-th latest)
  // is still open, i.e. has no successor yet; stride is how the latest line was reached (0: it opened a stream).
  const STRIDES = WINDOW + 1;
  const masks = 1 << WINDOW;
  const full = masks - 1;
  const states = masks * STRIDES;
  let score = new Float64Array(states).fill(-Infinity);
  const back: Int32Array[] = []; // back[t][state]: the state before
  // Line 0 opens the first stream, at no cost (the plain order opens it too), reached as if by stride 1.
  score[1 * STRIDES + 1] = 0;
  back.push(new Int32Array(states).fill(-1));
  for (let t = 1; t < n; t++) {
    const next = new Float64Array(states).fill(-Infinity);
    const from = new Int32Array(states).fill(-1);
    const offer = (state: number, v: number, prev: number) => {
      if (v > next[state]) {
        next[state] = v;
        from[state] = prev;
      }
    };
    for (let state = 0; state < states; state++) {
      const base = score[state];
      if (base === -Infinity) continue;
      const mask = Math.floor(state / STRIDES);
      const stride = state % STRIDES;
      // The line WINDOW above leaves the window: still open, its stream closes there.
      const leaving = (mask >> (WINDOW - 1)) & 1;
      const leaveCost = leaving ? closeCost(body[t - WINDOW]) : 0;
      const shifted = (mask << 1) & full;
      const change = (d: number) => (d === stride ? 0 : STRIDE_CHANGE);
      // t opens a stream.
      offer((shifted | 1) * STRIDES, base - leaveCost - openCost(body[t]) - change(0), state);
      // t goes on from line t - d, which must be open.
      for (let d = 1; d <= WINDOW && d <= t; d++) {
        if (((mask >> (d - 1)) & 1) === 0) continue;
        // Line t - WINDOW is the one leaving: taking it as predecessor spares its closing.
        const v = base - (d === WINDOW ? 0 : leaveCost) + joins[t][d - 1] - change(d);
        offer(((shifted & ~(1 << d)) | 1) * STRIDES + d, v, state);
      }
    }
    score = next;
    back.push(from);
  }
  // Close what is still open. The last line closes its stream as in the plain order, at no cost of the split.
  let best = -Infinity;
  let bestState = 0;
  for (let state = 0; state < states; state++) {
    if (score[state] === -Infinity) continue;
    const mask = Math.floor(state / STRIDES);
    let v = score[state] + closeCost(body[n - 1]);
    for (let d = 1; d <= WINDOW && d <= n; d++) if ((mask >> (d - 1)) & 1) v -= closeCost(body[n - d]);
    if (v > best) {
      best = v;
      bestState = state;
    }
  }
  const pred = new Int32Array(n).fill(-1);
  let state = bestState;
  for (let t = n - 1; t >= 1; t--) {
    const d = state % STRIDES;
    pred[t] = d === 0 ? -1 : t - d;
    state = back[t][state];
  }
  return { pred, score: best };
}

/**
 * Where a stream opens while another goes on around it, the joins seldom tell which of the two
 * is the column printed on the left: with nothing said either way, the programme lets the
 * going stream run on into the first line of the other column and opens the new stream on its
 * own next line. The left column's line is printed first in each row, so the column that was
 * running before goes on in the left one: the going stream takes the new one's lines from the
 * last join it made by guess (no evidence, not inside a block), and the lines it took after
 * that join make the new stream, when the join to the new stream's first line is as good.
 */
function keepLeftGoing(chains: number[][], body: readonly RawLine[], columns: Columns): void {
  for (let yi = 0; yi < chains.length; yi++) {
    const y = chains[yi][0];
    if (y === 0) continue;
    // The stream going on around y: a line before it and one after.
    let xi = -1;
    let last = -1;
    for (let i = 0; i < chains.length; i++) {
      if (i === yi) continue;
      const c = chains[i];
      const k = lastBefore(c, y);
      if (k >= 0 && k + 1 < c.length && c[k] > last) [xi, last] = [i, c[k]];
    }
    if (xi < 0) continue;
    const x = chains[xi];
    let k = lastBefore(x, y);
    while (k > 0 && !columns.rows.has(body[x[k]].no) && body[x[k]].no === body[x[k - 1]].no + 1) k--;
    if (k <= 0 || y - x[k - 1] > WINDOW) continue;
    const guessed = joinEvidence(body[x[k - 1]], body[x[k]], columns);
    if (guessed > 0 || joinEvidence(body[x[k - 1]], body[y], columns) < guessed) continue;
    const taken = x.splice(k);
    x.push(...chains[yi]);
    chains[yi] = taken;
  }
}

/** Index in `chain` (ascending) of its last entry below `y`, or -1. */
function lastBefore(chain: readonly number[], y: number): number {
  let k = -1;
  for (let i = 0; i < chain.length && chain[i] < y; i++) k = i;
  return k;
}

/** A join this far up that no evidence backs is a column's end met by chance: the stream is read in two pieces. */
const FAR = 4;

/**
 * The body lines in reading order: where a run of lines standing alone interleaves columns, each
 * stream read in full, the streams in the order their first lines are printed. Otherwise `body`.
 */
export function separateInterleaved(printed: readonly RawLine[]): readonly RawLine[] {
  if (printed.length < 2 * MIN_APART_RUN || printed.length > MAX_LINES) return printed;
  const rows = rowsBesideBox(printed);
  if (rows.size === 0 && longestApartRun(printed) < MIN_APART_RUN) return printed;
  const columns = columnsOf(printed, rows);
  const body = rows.size > 0 ? cutRows(printed, columns) : printed;
  const { pred, score } = bestStreams(body, columns);
  let plain = 0;
  for (let t = 1; t < body.length; t++) plain += joinEvidence(body[t - 1], body[t], columns);
  let moved = 0;
  for (let t = 1; t < body.length; t++) if (pred[t] !== t - 1) moved++;
  if (score - plain < MIN_GAIN || moved < MIN_MOVED) return printed;
  const chains: number[][] = [];
  const chainOf = new Int32Array(body.length);
  for (let t = 0; t < body.length; t++) {
    if (pred[t] < 0) {
      chainOf[t] = chains.length;
      chains.push([t]);
    } else {
      chainOf[t] = chainOf[pred[t]];
      chains[chainOf[t]].push(t);
    }
  }
  keepLeftGoing(chains, body, columns);
  const pieces: number[][] = [];
  for (const c of chains) {
    let piece = [c[0]];
    for (let i = 1; i < c.length; i++) {
      if (c[i] - c[i - 1] >= FAR && joinEvidence(body[c[i - 1]], body[c[i]], columns) <= 0) {
        pieces.push(piece);
        piece = [];
      }
      piece.push(c[i]);
    }
    pieces.push(piece);
  }
  pieces.sort((p, q) => p[0] - q[0]);
  return linkAcrossGaps(pieces, body, columns).flatMap((p) => p.map((t) => body[t]));
}

/** A word across the join this likely says a piece goes on in a piece printed further down. */
const LINK_MIN = 2;
/** A piece goes on in one whose first line stands at most this many body lines below its last. */
const LINK_REACH = 60;

/**
 * A column that stops beside a picture or a box and goes on further down leaves its stream
 * broken beyond the programme's window: a piece that breaks off inside a sentence goes on at a
 * later line that continues one, when a word spans the join (or punctuation forces it) and the
 * widths agree, and when that line opens a piece or was joined to its piece by guess (no
 * evidence); the piece is then cut there. Joins are taken best first, each tail and each line at
 * most once; the chains are read in the order of their first lines.
 */
function linkAcrossGaps(pieces: readonly number[][], body: readonly RawLine[], columns: Columns): number[][] {
  const pieceOf = new Int32Array(body.length);
  const at = new Int32Array(body.length);
  pieces.forEach((piece, p) => piece.forEach((t, k) => ((pieceOf[t] = p), (at[t] = k))));
  const links: { from: number; to: number; e: number }[] = [];
  for (const piece of pieces) {
    const last = piece[piece.length - 1];
    if (body[last].endsSentence) continue;
    for (let t = last + 1; t < body.length && t <= last + LINK_REACH; t++) {
      const k = at[t];
      const q = pieces[pieceOf[t]];
      if (k > 0 && (q[k - 1] === last || joinEvidence(body[q[k - 1]], body[t], columns) > 0)) continue;
      if (roleOf(body[t], columns) === 'first') continue;
      const e = joinEvidence(body[last], body[t], columns);
      if (e >= LINK_MIN) links.push({ from: last, to: t, e });
    }
  }
  if (links.length === 0) return pieces as number[][];
  links.sort((x, y) => y.e - x.e || x.from - y.from || x.to - y.to);
  const next = new Int32Array(body.length).fill(-1);
  const linked = new Uint8Array(body.length);
  for (const { from, to } of links) {
    if (next[from] >= 0 || linked[to]) continue;
    next[from] = to;
    linked[to] = 1;
  }
  // Cut the pieces where a link comes in, then read each chain of pieces from its head.
  const cut: number[][] = [];
  for (const piece of pieces) {
    let part: number[] = [];
    for (const t of piece) {
      if (linked[t] && part.length > 0) {
        cut.push(part);
        part = [];
      }
      part.push(t);
    }
    cut.push(part);
  }
  cut.sort((p, q) => p[0] - q[0]);
  const startingAt = new Map(cut.map((p) => [p[0], p]));
  const out: number[][] = [];
  for (const p of cut) {
    if (linked[p[0]]) continue;
    const chain: number[] = [];
    for (let part: number[] | undefined = p; part; ) {
      chain.push(...part);
      const to: number = next[part[part.length - 1]];
      part = to >= 0 ? startingAt.get(to) : undefined;
    }
    out.push(chain);
  }
  return out;
}
