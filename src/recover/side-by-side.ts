/**
 * Columns printed side by side on one line: an extractor that reads a page in rows (pdftotext in
 * its reading order) may print, where two columns of one article stand close together, the left
 * column's line and the right column's line beside it as one text line, the two separated by a
 * single space. It also breaks printed lines into pieces at every change of font or run (a comma,
 * a quotation in “…”, a run of figures stands on a line of its own), so the two columns' pieces
 * follow each other row by row: in each row the left column's pieces, then the right column's.
 *
 * The body is cut into fragments (a raw line's runs between the spaces where a column gap may
 * fall), and a dynamic programme groups consecutive fragments into printed lines, each given to
 * the left or the right stream, maximizing the evidence:
 * - a printed line is about as wide as the column (widths in characters, figures and letters at
 *   half width, with a little slack for them), a short one only at a paragraph's end or an
 *   indented start; a line wider than the column is two columns' lines joined;
 * - pieces of one printed line part where a run changes (a clause mark, a quotation, figures), never
 *   in the middle of plain text;
 * - a line goes on from the last line of its stream: a dictionary word across the join, a mark
 *   that never ends or never opens a printed line (interleave.ts);
 * - a line cut at a space gives its left part to the left column and its right part to the right;
 * - a number the extractor cut into pieces (`1` / `.` / `8`) reads on in one stream.
 * The split is taken only when it beats reading the lines as printed (the same programme with one
 * stream and no cut inside a line) by a clear margin, cutting at least MIN_SPLITS lines; the left
 * stream is then read first, then the right one, and the left column ends at its line that goes
 * on in the right column's first (leftEndsAtRightTop). Only bodies with lines too wide for the
 * column that hold a space are looked at, or, where the lines stand in blocks (rows printed with
 * no blank line between), bodies with lines holding a space between two runs of text.
 */
import { partLine, type RawLine } from './lines.ts';
import { FORCED, LINE_CLOSERS, LINE_OPENERS, wordEvidence } from './interleave.ts';
import { compactWidth, displayWidth, endsSentence, isJustified } from './text.ts';

/** A run of a raw line between candidate column gaps. */
interface Fragment {
  line: RawLine;
  /** Code-unit offsets of the run in `line.raw`. */
  start: number;
  end: number;
  text: string;
  width: number;
  /** Letters and figures in the run: they print wider than counted. */
  ascii: number;
  /** The run ends its raw line (else a space follows it in the line). */
  endsLine: boolean;
}

/** Fewer lines cut at a column gap than this: no side-by-side columns. */
const MIN_SPLITS = 3;
/** A line this many times as wide as the body's usual line, holding a space, may be two columns' lines. */
const WIDE = 1.6;
/**
 * Bodies with more fragments than this are left as they are: a real article in columns side by
 * side holds a few hundred at most (the programme's work grows with fragments times WINDOW times
 * MAX_LINE_FRAGMENTS; at this cap one body takes about 0.1 s, well inside a page's time limit).
 */
const MAX_FRAGMENTS = 600;
/** The other stream's last line stands at most this many fragments back; farther, it is only known to exist. */
const WINDOW = 24;
/** A printed line holds at most this many fragments (a line of figures and words parted by spaces holds about six) and is at most this many columns wide. */
const MAX_LINE_FRAGMENTS = 16;
const MAX_LINE_COLUMNS = 2.6;
/** Column widths tried: the commonest widths of the body's unbroken lines. */
const WIDTHS_TRIED = 3;
/** Lines narrower than this say nothing of the column. */
const MIN_MEASURED = 6;

/** A printed line as wide as the column: evidence that its pieces are grouped right. */
const FULL = 1;
/** Per column of width over the column's, at most OVER_CAP columns. */
const OVER = 1;
const OVER_CAP = 8;
/** A line breaking off in mid-sentence short of the column. */
const SHORT = 1;
/** A printed line broken into raw lines where no run changes. */
const UNBROKEN_RUN = 2;
/** Cutting a line at a space: the widths must pay for it. */
const SPLIT_COST = 1;
/** A stream ending in mid-sentence where the body ends: a column does not stop there. */
const OPEN_END = 2;
/** Opening the right stream. */
const OPEN_RIGHT = 2;
/** Slack of the width, in columns, plus this per letter or figure. */
const TOLERANCE = 1;
const ASCII_SLACK = 0.15;
/** An indented first line is this much narrower than the column. */
const INDENT = 2;
/**
 * The split must beat the plain reading by this much evidence, and by this much per line cut: a
 * line of two columns' lines joined, cut at its gap, turns one line far too wide into two full
 * ones, which is worth far more than a join's word evidence. Where the extractor breaks the
 * printed lines into pieces at every run, a raw line joins a piece of each column's line, only a
 * little too wide, so a cut earns less: the margin per cut is that of a few joins, and the whole
 * margin (MIN_GAIN) still guards a short body.
 */
const MIN_GAIN = 12;
const MIN_GAIN_PER_SPLIT = 3;

/** Marks a run of a printed line ends on when the extractor sets the rest apart. */
const RUN_END = /[，、；：,;:“‘（《]$/u;
const WHOLE_QUOTED = /^(?:“[^“”]*”|《[^《》]*》|（[^（）]*）|\([^()]*\))$/u;
const ASCII_ALNUM = /[0-9A-Za-z]/gu;

/** A space is a column gap only beside a run this wide: spaces between single characters or short figures letter-space a line or set off a number. */
const GAP_SIDE = 3;

/**
 * The line's runs between the spaces where a column gap may fall: spaces with a run at least
 * GAP_SIDE wide on one side (the spaces of a letter-spaced stretch, or around a short figure, are none).
 */
function fragmentsOf(line: RawLine): Fragment[] {
  const raw = line.raw;
  const runs: { start: number; end: number; width: number }[] = [];
  const re = /[^\s\u00a0\u3000]+/gu;
  for (let m = re.exec(raw); m !== null; m = re.exec(raw)) runs.push({ start: m.index, end: m.index + m[0].length, width: displayWidth(m[0]) });
  const out: Fragment[] = [];
  let from = 0;
  for (let r = 0; r < runs.length; r++) {
    const last = r + 1 === runs.length;
    if (!last && runs[r].width < GAP_SIDE && runs[r + 1].width < GAP_SIDE) continue;
    // A figure or word at the line's end set off by a space (`…公布了 7`) is the line's own.
    if (!last && asciiTail(raw, runs[r + 1].start) && displayWidth(raw.slice(runs[r + 1].start)) < GAP_SIDE) continue;
    const start = runs[from].start;
    const end = runs[r].end;
    const text = raw.slice(start, end);
    out.push({ line, start, end, text, width: displayWidth(text), ascii: text.match(ASCII_ALNUM)?.length ?? 0, endsLine: last });
    from = r + 1;
  }
  return out;
}

/** Whether `raw` from `from` on holds only ASCII. */
function asciiTail(raw: string, from: number): boolean {
  for (let i = from; i < raw.length; i++) if (raw.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Whether a raw line break between two pieces of one printed line falls where a run changes. */
function runChanges(a: string, b: string): boolean {
  if (RUN_END.test(a) || WHOLE_QUOTED.test(a) || WHOLE_QUOTED.test(b) || LINE_CLOSERS.has(b[0])) return true;
  // A character set apart (a mark, a figure in another font); a sentence's end is no change of run.
  if ((a.length === 1 && !endsSentence(a)) || b.length === 1) return true;
  const x = a.charCodeAt(a.length - 1);
  const y = b.charCodeAt(0);
  return x < 0x80 || y < 0x80 || b[0] === '“' || b[0] === '《';
}

/** Whether `b` goes on with the figures `a` ends on (`…长 1` / `.` / `8` / `6 米…`: a number cut into pieces). */
function splitsNumber(a: string, b: string): boolean {
  const x = a.charCodeAt(a.length - 1);
  const y = b.charCodeAt(0);
  return x >= 0x30 && x <= 0x39 && ((y >= 0x30 && y <= 0x39) || b[0] === '.');
}

/** Evidence that a printed line starting with `b` goes on from one ending with `a`. */
function joinEvidence(a: string, b: string): number {
  if (LINE_OPENERS.has(a[a.length - 1]) || LINE_CLOSERS.has(b[0])) return FORCED;
  if (endsSentence(a)) return 0;
  return wordEvidence(a, b);
}

const NONE = 0;
const FAR = 1;

/**
 * The best grouping of the fragments into printed lines and streams for column width `column`;
 * `split` false reads them as printed (one stream, no line cut inside). Returns the score and,
 * per fragment, its stream (0 left, 1 right) and whether a printed line ends after it.
 */
function bestReading(fr: readonly Fragment[], column: number, split: boolean): { score: number; stream: Uint8Array; splits: number } {
  const m = fr.length;
  const O = WINDOW + 2;
  const per = 2 * O;
  // State (i, t, o): the last printed line ends at fragment i - 1 (i = 0: none yet), in stream t;
  // o: where the other stream's last line ends (NONE: not opened, FAR: beyond the window, 1 + d: at i - 1 - d).
  const size = (m + 1) * per;
  const score = new Float64Array(size).fill(-Infinity);
  const back = new Int32Array(size).fill(-1);
  score[0 * per + 0 * O + NONE] = 0;
  const joins = new Map<number, number>();
  const join = (p: number, a: number) => {
    const key = p * m + a;
    let v = joins.get(key);
    if (v === undefined) joins.set(key, (v = joinEvidence(fr[p].text, fr[a].text)));
    return v;
  };
  const maxWidth = MAX_LINE_COLUMNS * column;
  for (let i = 0; i < m; i++) {
    for (let t = 0; t < 2; t++) {
      for (let o = 0; o < O; o++) {
        const state = i * per + t * O + o;
        const base = score[state];
        if (base === -Infinity) continue;
        // After a line cut at a space, the rest of the raw line is the right column's.
        const cutBefore = i > 0 && !fr[i - 1].endsLine;
        let width = 0;
        let ascii = 0;
        let inner = 0;
        for (let k = i; k < m && (k - i < MAX_LINE_FRAGMENTS || !fr[k - 1].endsLine); k++) {
          const f = fr[k];
          if (k > i && fr[k - 1].endsLine && !runChanges(fr[k - 1].text, f.text)) inner -= UNBROKEN_RUN;
          width += f.width;
          ascii += f.ascii;
          // Past the widest line, only the raw line under way is finished (the plain reading must reach its end).
          if (width > maxWidth && k > i && fr[k - 1].endsLine) break;
          const cutAfter = !f.endsLine;
          if (cutAfter && !split) continue;
          for (let u = 0; u < 2; u++) {
            // The body starts in the left stream.
            if (u === 1 && (!split || i === 0)) continue;
            if (cutBefore && (t !== 0 || u !== 1)) continue;
            // The right column opens beside a left line: at a line cut at its gap.
            if (u === 1 && o === NONE && !cutBefore) continue;
            if (cutAfter && u !== 0) continue;
            // The line's predecessor in stream u.
            let pred = -1;
            let opening = false;
            if (u === t) pred = i - 1;
            else if (o === NONE) opening = true;
            else if (o !== FAR) pred = i - 1 - (o - 2 + 1);
            let v = base + inner - (cutAfter ? SPLIT_COST : 0);
            if (opening && u === 1) v -= OPEN_RIGHT;
            if (pred >= 0) v += join(pred, i);
            // A number the extractor split into pieces reads on in one stream.
            if (i > 0 && u !== t && splitsNumber(fr[i - 1].text, fr[i].text)) v -= FORCED;
            v += fit(width, ascii, column, fr, i, k, pred);
            // The new state's other stream.
            let no: number;
            if (u === t) no = o === NONE || o === FAR ? o : (() => { const d = (o - 1) + (k - i + 1); return d > WINDOW ? FAR : 1 + d; })();
            else no = i === 0 ? NONE : k - i + 1 > WINDOW ? FAR : 1 + (k - i + 1);
            const next = (k + 1) * per + u * O + no;
            if (v > score[next]) {
              score[next] = v;
              back[next] = state;
            }
          }
        }
      }
    }
  }
  let best = -Infinity;
  let bestState = -1;
  const closing = (f: number) => (endsSentence(fr[f].text) ? 0 : OPEN_END);
  for (let s = m * per; s < (m + 1) * per; s++) {
    if (score[s] === -Infinity) continue;
    const o = s % O;
    const v = score[s] - closing(m - 1) - (o === NONE || o === FAR ? 0 : closing(m - o));
    if (v > best) [best, bestState] = [v, s];
  }
  const stream = new Uint8Array(m);
  let splits = 0;
  for (let s = bestState; s > 0; ) {
    const prev = back[s];
    const k = Math.floor(s / per);
    const i = Math.floor(prev / per);
    const u = Math.floor((s % per) / O);
    for (let j = i; j < k; j++) stream[j] = u;
    if (!fr[k - 1].endsLine) splits++;
    s = prev;
  }
  return { score: best, stream, splits };
}

/** What its width says of a printed line made of fragments i..k, after the line ending at `pred`. */
function fit(width: number, ascii: number, column: number, fr: readonly Fragment[], i: number, k: number, pred: number): number {
  const tolerance = TOLERANCE + ASCII_SLACK * ascii;
  if (width > column + tolerance) return -OVER * Math.min(OVER_CAP, width - column - tolerance);
  if (width >= column - tolerance) return FULL;
  const last = fr[k].text;
  if (endsSentence(last)) return 0;
  // A line spaced out to the column is full whatever it counts.
  if (i === k && isJustified(fr[i].line.text) && fr[i].line.text.length === fr[i].text.length) return FULL;
  const afterSentence = pred < 0 || endsSentence(fr[pred].text);
  if (afterSentence && width >= column - INDENT - tolerance) return 0;
  // A piece ending on a clause mark goes on in the printed line: the extractor set the rest apart.
  return RUN_END.test(last) ? -2 * SHORT : -SHORT;
}

/** The commonest rounded widths of the body's lines (and left parts) that break off in mid-sentence. */
function columnWidths(fragmented: readonly Fragment[][]): number[] {
  const counts = new Map<number, number>();
  for (const parts of fragmented) {
    const first = parts[0];
    if (first === undefined || endsSentence(first.text) || first.width < MIN_MEASURED) continue;
    const w = Math.round(first.width);
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || b[0] - a[0])
    .slice(0, WIDTHS_TRIED)
    .map(([w]) => w);
}

const INNER_SPACE = /[\s\u00a0\u3000]/u;

/**
 * Whether at least MIN_SPLITS lines hold a space and are WIDE times as wide as the body's usual
 * line (the median width of its lines without a space): the cheap test every body takes.
 */
function mayHoldSideBySide(body: readonly RawLine[]): boolean {
  const spaced: RawLine[] = [];
  const widths: number[] = [];
  for (const l of body) {
    if (INNER_SPACE.test(l.text)) spaced.push(l);
    else if (l.width >= MIN_MEASURED) widths.push(l.width);
  }
  if (spaced.length < MIN_SPLITS || widths.length === 0) return false;
  // Printed in rows inside blocks, two columns' lines may follow each other with none too wide.
  if (gapsBesideRuns(spaced) >= MIN_SPLITS && inBlocks(body)) return true;
  widths.sort((a, b) => a - b);
  const usual = widths[widths.length >> 1];
  let wide = 0;
  for (const l of spaced) if (l.width >= WIDE * usual) wide++;
  return wide >= MIN_SPLITS;
}

/** A join this likely (a word across it, or a mark that forces it) ends the left column at the right column's top. */
const TOP_JOIN = 2;

/**
 * The left column is read first, then the right one, so the left column's last line goes on in
 * the right column's first. Where the programme ran the left stream past a line that makes a
 * word with the right column's first line (`…开往城南的公` / `交车。…`), while its own last line
 * makes none, the left column ended at that line: its lines after it, where nothing told the two
 * columns apart (none of them cut at a gap), are the right column's, printed alone below the left
 * one's end.
 */
function leftEndsAtRightTop(fr: readonly Fragment[], stream: Uint8Array): void {
  const top = stream.indexOf(1);
  if (top < 0) return;
  let last = -1;
  for (let f = fr.length - 1; f >= 0 && last < 0; f--) if (stream[f] === 0) last = f;
  if (last < top || joinEvidence(fr[last].text, fr[top].text) >= TOP_JOIN) return;
  // The left stream's fragment ending a raw line that joins the right column's top best (the latest of equals).
  let end = -1;
  let best = TOP_JOIN;
  for (let f = top + 1; f < last; f++) {
    if (stream[f] !== 0 || !fr[f].endsLine || endsSentence(fr[f].text)) continue;
    const e = joinEvidence(fr[f].text, fr[top].text);
    if (e >= best) [end, best] = [f, e];
  }
  if (end < 0) return;
  for (let g = end + 1; g <= last; g++) if (stream[g] === 0 && !fr[g].endsLine) return;
  for (let g = end + 1; g <= last; g++) stream[g] = 1;
}

/** Lines printed in a block with a neighbour (no blank line between): at least this share of the body's. */
const IN_BLOCKS = 0.75;

/**
 * Whether the body's lines stand in blocks: an extractor reading in rows prints a column's lines,
 * and its neighbour's beside them, with no blank line between. (Columns printed line by line, each
 * line a block of its own, are interleave.ts's.)
 */
function inBlocks(body: readonly RawLine[]): boolean {
  let joined = 0;
  for (let k = 0; k < body.length; k++) if (body[k - 1]?.no === body[k].no - 1 || body[k + 1]?.no === body[k].no + 1) joined++;
  return joined >= IN_BLOCKS * body.length;
}

/** How many lines hold a space with a run GAP_SIDE wide on each side: a gap between two columns' lines, not a space set around a figure. */
function gapsBesideRuns(lines: readonly RawLine[]): number {
  let n = 0;
  for (const l of lines) {
    const runs = l.text.split(/[\s\u00a0\u3000]+/u).map(displayWidth);
    if (runs.some((w, k) => k > 0 && w >= GAP_SIDE && runs[k - 1] >= GAP_SIDE)) n++;
  }
  return n;
}

/** A part of a raw line, from fragment a to fragment b, as a line of its own. */
function partOf(fr: readonly Fragment[], a: number, b: number): RawLine {
  const line = fr[a].line;
  if (a > 0 && fr[a - 1].line === line) return partLine(line, fr[a].start, fr[b].end);
  if (fr[b].endsLine) return line;
  return partLine(line, fr[a].start, fr[b].end);
}

/**
 * The body lines in reading order: where lines print two columns side by side, the left
 * column's parts, then the right column's. Otherwise `body`.
 */
export function separateSideBySide(body: readonly RawLine[]): readonly RawLine[] {
  if (body.length < 2 * MIN_SPLITS || !mayHoldSideBySide(body)) return body;
  const fragmented = body.map(fragmentsOf);
  const fr = fragmented.flat();
  if (fr.length > MAX_FRAGMENTS) return body;
  // The column width that reads best each way; the cut reading must beat the plain one.
  let plain = -Infinity;
  let best: ReturnType<typeof bestReading> | null = null;
  for (const column of columnWidths(fragmented)) {
    plain = Math.max(plain, bestReading(fr, column, false).score);
    const cut = bestReading(fr, column, true);
    if (best === null || cut.score > best.score) best = cut;
  }
  if (best === null || best.splits < MIN_SPLITS || best.score - plain < Math.max(MIN_GAIN, MIN_GAIN_PER_SPLIT * best.splits)) return body;
  leftEndsAtRightTop(fr, best.stream);
  const out: RawLine[] = [];
  for (const u of [0, 1]) {
    for (let a = 0; a < fr.length; ) {
      if (best.stream[a] !== u) {
        a++;
        continue;
      }
      // The run of this stream's fragments of one raw line.
      let b = a;
      while (b + 1 < fr.length && fr[b + 1].line === fr[a].line && best.stream[b + 1] === u) b++;
      out.push(partOf(fr, a, b));
      a = b + 1;
    }
  }
  return out;
}
