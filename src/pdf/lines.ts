/**
 * Printed lines from measured text runs: runs that stand on one baseline, in one size and close
 * together make a line; a gap of more than about an em is a column gutter and starts another
 * line. Text set top to bottom (vertical runs, or single characters stacked one under another)
 * makes one vertical line, read downwards.
 */
import type { PdfRun } from './read-pdf.ts';

export interface PdfLine {
  /** The line as read: its runs left to right (top to bottom when vertical), a space where a gap separates them. */
  text: string;
  /** Box in PDF points, origin at the top left of the page (y grows downwards). */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Type size in points (the largest run's). */
  size: number;
  vertical: boolean;
  /** Letter spacing inside the line's runs, in ems (about 0 for running text, up to an em in spaced-out headlines). */
  spacing: number;
  /** Positions (code points into text) of spaces standing for a gap wider than the letter spacing: a break between words. */
  wideSpaces: number[];
}

/** Two runs whose centres are closer than this share a baseline (in ems of the smaller). */
const SAME_ROW = 0.35;
/** Runs further apart than this (in ems) are always in different columns. */
const COLUMN_GAP = 1.5;
/**
 * A narrower gap (at least this, in ems) is a column gutter when gaps in nearby rows line up
 * with it: a justified line may space its characters an em apart, but only a gutter repeats.
 */
const NARROW_GUTTER = 0.5;
/** Rows with a gap at the same place (within this many ems above or below) that make a gutter. */
const GUTTER_ROWS = 4;
const GUTTER_REACH = 6;
/** A gap this wide (in ems) between runs is printed as a space. */
const SPACE_GAP = 0.25;
/** Sizes within this ratio are one type size (digits and Latin letters come in a slightly different font). */
const SAME_SIZE = 1.3;

const centre = (r: { y0: number; y1: number }) => (r.y0 + r.y1) / 2;
const sameSize = (a: number, b: number) => Math.max(a, b) / Math.min(a, b) <= SAME_SIZE;

/** Number of code points, whitespace excluded. */
function visibleChars(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n++;
  return n;
}

/** Groups horizontal runs into lines and joins vertical text; lines come sorted top to bottom, then left to right. */
export function buildLines(runs: readonly PdfRun[]): PdfLine[] {
  const horizontal = runs.filter((r) => !r.vertical);
  const lines = [...rowLines(horizontal), ...runs.filter((r) => r.vertical).map(lineOfRun)];
  return sortLines(joinVertical(lines));
}

function lineOfRun(r: PdfRun): PdfLine {
  return { text: r.text, x0: r.x0, y0: r.y0, x1: r.x1, y1: r.y1, size: r.size, vertical: r.vertical, spacing: 0, wideSpaces: [] };
}

export function sortLines(lines: PdfLine[]): PdfLine[] {
  return lines.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}

/** Rows of runs on one baseline, each cut into lines at column gutters. */
function rowLines(runs: readonly PdfRun[]): PdfLine[] {
  const sorted = [...runs].sort((a, b) => centre(a) - centre(b));
  const rows: PdfRun[][] = [];
  let row: PdfRun[] = [];
  let rowCentre = 0;
  for (const r of sorted) {
    if (row.length && Math.abs(centre(r) - rowCentre) > SAME_ROW * Math.min(r.size, row[0].size)) {
      rows.push(row);
      row = [];
    }
    if (row.length === 0) rowCentre = centre(r);
    row.push(r);
  }
  if (row.length) rows.push(row);

  const gutter = gutterTest(rows);
  const out: PdfLine[] = [];
  for (const r of rows) {
    // Within a row, runs of different sizes belong to different lines even when they touch.
    const bySize: PdfRun[][] = [];
    for (const run of r) {
      const group = bySize.find((g) => sameSize(g[0].size, run.size));
      if (group) group.push(run);
      else bySize.push([run]);
    }
    for (const group of bySize) {
      group.sort((a, b) => a.x0 - b.x0);
      let current: PdfRun[] = [];
      for (const run of group) {
        const last = current[current.length - 1];
        if (last && isColumnBreak(last, run, gutter)) {
          out.push(joinRuns(current));
          current = [];
        }
        current.push(run);
      }
      if (current.length) out.push(joinRuns(current));
    }
  }
  return out;
}

interface Gap {
  x0: number;
  x1: number;
  y: number;
  size: number;
}

/** Gaps of at least NARROW_GUTTER between neighbouring same-size runs of every row. */
function gutterTest(rows: readonly PdfRun[][]): (gap: Gap, size: number) => boolean {
  const gaps: Gap[] = [];
  // Runs as spans too: text standing across a gap's middle in a nearby row says it is no gutter.
  const spans: Gap[] = [];
  for (const row of rows) {
    const sorted = [...row].sort((a, b) => a.x0 - b.x0);
    for (let i = 0; i < sorted.length; i++) {
      const b = sorted[i];
      spans.push({ x0: b.x0, x1: b.x1, y: centre(b), size: b.size });
      const a = sorted[i - 1];
      if (a && sameSize(a.size, b.size) && b.x0 - a.x1 >= NARROW_GUTTER * a.size) gaps.push({ x0: a.x1, x1: b.x0, y: centre(a), size: a.size });
    }
  }
  gaps.sort((a, b) => a.y - b.y);
  spans.sort((a, b) => a.y - b.y);
  /** Entries of `list` within reach of `gap` vertically, in its size, covering x = mid. */
  const covering = (list: readonly Gap[], gap: Gap, mid: number, reach: number) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (list[m].y < gap.y - reach) lo = m + 1;
      else hi = m;
    }
    let n = 0;
    for (let i = lo; i < list.length && list[i].y <= gap.y + reach; i++) {
      if (list[i].x0 <= mid && list[i].x1 >= mid && sameSize(list[i].size, gap.size)) n++;
    }
    return n;
  };
  return (gap, size) => {
    const mid = (gap.x0 + gap.x1) / 2;
    const reach = GUTTER_REACH * size;
    const gapRows = covering(gaps, gap, mid, reach);
    return gapRows >= GUTTER_ROWS && covering(spans, gap, mid, reach) * 2 < gapRows;
  };
}

function isColumnBreak(left: PdfRun, right: PdfRun, gutter: (gap: Gap, size: number) => boolean): boolean {
  const size = Math.max(left.size, right.size);
  const gap = right.x0 - left.x1;
  if (gap > COLUMN_GAP * size) return true;
  return gap >= NARROW_GUTTER * size && gutter({ x0: left.x1, x1: right.x0, y: centre(left), size: left.size }, size);
}

/** A run spaced out character by character (`岷 县 检 察 ：`): most of its space-separated pieces are single characters. */
function isSpacedOut(text: string): boolean {
  const tokens = text.trim().split(/\s+/u);
  return tokens.length >= 3 && tokens.filter((t) => [...t].length === 1).length >= tokens.length / 2;
}

/** Letter spacing of one run: its average advance per character beyond one em. */
function runSpacing(r: PdfRun): number {
  const n = visibleChars(r.text);
  return n > 1 ? ((r.x1 - r.x0) / r.size - n) / (n - 1) : 0;
}

/** One line from runs left to right. */
function joinRuns(runs: readonly PdfRun[]): PdfLine {
  const size = Math.max(...runs.map((r) => r.size));
  // Letter spacing: the average advance per character beyond one em, inside each run.
  const spacing = Math.max(0, ...runs.map(runSpacing));
  let text = '';
  let length = 0;
  const wideSpaces: number[] = [];
  runs.forEach((r, i) => {
    const prev = runs[i - 1];
    if (prev) {
      const gap = (r.x0 - prev.x1) / size;
      if (gap > SPACE_GAP && !/\s$/u.test(text) && !/^\s/u.test(r.text)) {
        if (gap > spacing + SPACE_GAP) wideSpaces.push(length);
        text += ' ';
        length++;
      }
    }
    // Inside a run set without letter spacing, a space pdf.js put there is a real gap.
    if (!isSpacedOut(r.text)) [...r.text].forEach((ch, k) => { if (/\s/u.test(ch)) wideSpaces.push(length + k); });
    text += r.text;
    length += [...r.text].length;
  });
  return {
    text,
    x0: Math.min(...runs.map((r) => r.x0)),
    y0: Math.min(...runs.map((r) => r.y0)),
    x1: Math.max(...runs.map((r) => r.x1)),
    y1: Math.max(...runs.map((r) => r.y1)),
    size,
    vertical: false,
    spacing: Math.max(0, spacing),
    wideSpaces,
  };
}

/**
 * Vertical text: vertical runs one under another in one column, and single characters stacked
 * at one x (a headline set one character per line), become one line read top to bottom.
 */
function joinVertical(lines: PdfLine[]): PdfLine[] {
  const isStackable = (l: PdfLine) => l.vertical || visibleChars(l.text) === 1;
  const candidates = lines.filter(isStackable).sort((a, b) => a.x0 - b.x0 || a.y0 - b.y0);
  const used = new Set<PdfLine>();
  const out: PdfLine[] = [];
  for (const start of candidates) {
    if (used.has(start)) continue;
    const stack = [start];
    for (;;) {
      const last = stack[stack.length - 1];
      const next = candidates.find((c) => !used.has(c) && !stack.includes(c) && c.y0 >= last.y1 - 0.5 * last.size && c.y0 - last.y1 < 1.5 * last.size
        && Math.abs(c.x0 - last.x0) < 0.3 * last.size && sameSize(c.size, last.size));
      if (!next) break;
      stack.push(next);
    }
    const chars = stack.reduce((n, l) => n + visibleChars(l.text), 0);
    // Two stacked characters may be a short word in two rows of a table; three or more read downwards.
    if (!start.vertical && chars < 3) continue;
    for (const l of stack) used.add(l);
    out.push({
      text: stack.map((l) => l.text.trim()).join(''),
      x0: Math.min(...stack.map((l) => l.x0)),
      y0: stack[0].y0,
      x1: Math.max(...stack.map((l) => l.x1)),
      y1: stack[stack.length - 1].y1,
      size: Math.max(...stack.map((l) => l.size)),
      vertical: true,
      spacing: 0,
      wideSpaces: [],
    });
  }
  return [...lines.filter((l) => !used.has(l)), ...out];
}
