/**
 * Cuts a page into articles. An article starts at a byline or a continuation marker, or
 * right after a headline; headlines are found by their context, never by their text: a
 * short run of heading-like lines that stands next to an article start (or at the edge of
 * the page) is a headline; elsewhere such lines are subheadings or column-cut prose.
 */
import type { HeadlinePosition, Layout } from './types.ts';
import { columnWidth, isStartSignal, type RawLine } from './lines.ts';

/** A kicker, a headline and a subtitle at most. */
const MAX_HEADING_LINES = 3;
/** Wide pages print one text block per line: their lines are far longer than any narrow column. */
const WIDE_MEDIAN_WIDTH = 30;
/** A heading line wider than the column by this much cannot be wrapped body text. */
const WIDER_THAN_COLUMN = 1.5;

export interface Region {
  /** Non-blank, non-furniture lines of the article in raw order. */
  lines: RawLine[];
  /** The headline group's lines (kicker / headline / subtitle), in raw order. */
  heading: RawLine[];
}

export function detectLayout(lines: readonly RawLine[]): Layout {
  const widths = lines
    .filter((l) => l.kind !== 'blank')
    .map((l) => l.width)
    .sort((a, b) => a - b);
  if (widths.length === 0) return 'wide';
  const median = widths[Math.floor(widths.length / 2)];
  return median > WIDE_MEDIAN_WIDTH ? 'wide' : 'narrow';
}

/** Non-blank, non-furniture lines: the material articles are made of. */
function contentLines(lines: readonly RawLine[]): RawLine[] {
  return lines.filter((l) => l.kind !== 'blank' && l.kind !== 'furniture');
}

/**
 * The run of heading-like lines that ends just before content[index] (blank lines between
 * them are allowed: the extractor sometimes separates kicker and headline).
 */
function headingRunBefore(content: readonly RawLine[], index: number): RawLine[] {
  const run: RawLine[] = [];
  for (let i = index - 1; i >= 0 && run.length < MAX_HEADING_LINES; i--) {
    if (!content[i].headingLike) break;
    run.unshift(content[i]);
  }
  return run;
}

/** The run of heading-like lines that starts at content[index]. */
function headingRunFrom(content: readonly RawLine[], index: number): RawLine[] {
  const run: RawLine[] = [];
  for (let i = index; i < content.length && run.length < MAX_HEADING_LINES; i++) {
    if (!content[i].headingLike) break;
    run.push(content[i]);
  }
  return run;
}

/**
 * Whether headlines come before or after their bodies on this page. The edges of the page
 * tell: a page whose first content is a heading run (or a byline) prints headlines first; a
 * page that ends on a heading run, or opens straight into body text, prints them after.
 * Without evidence, wide pages are taken as headline-first and narrow ones as headline-after,
 * the habit of the extractor's two layouts.
 */
export function detectHeadlinePosition(lines: readonly RawLine[], layout: Layout): HeadlinePosition {
  const content = contentLines(lines);
  if (content.length === 0) return layout === 'wide' ? 'before' : 'after';
  let before = 0;
  let after = 0;
  const first = content[0];
  const leading = headingRunFrom(content, 0);
  const afterLeading = content[leading.length];
  if (leading.length > 0 && leading.length < content.length && afterLeading && isStartSignal(afterLeading)) before += 2;
  else if (first.kind === 'text' && !first.headingLike) after += 1;
  const trailing = headingRunBefore(content, content.length);
  if (trailing.length > 0 && trailing.length < content.length) after += 2;
  else if (content[content.length - 1].endsSentence) before += 1;
  if (before === after) return layout === 'wide' ? 'before' : 'after';
  return before > after ? 'before' : 'after';
}

/**
 * Finds the confirmed headline groups: heading runs directly before an article start, at the
 * page edge where headlines are printed, and (headline-after pages) runs wider than the
 * column, which wrapped body text cannot be. Returns the index in `content` of each group's
 * first line, mapped to its length.
 */
function findHeadingGroups(content: readonly RawLine[], position: HeadlinePosition): Map<number, number> {
  const groups = new Map<number, number>();
  const add = (start: number, run: RawLine[]) => {
    if (run.length > 0) groups.set(start, run.length);
  };
  for (let i = 0; i < content.length; i++) {
    if (isStartSignal(content[i])) {
      const run = headingRunBefore(content, i);
      // Only runs that follow the end of a paragraph (or another boundary) can be headlines.
      const prev = content[i - run.length - 1];
      if (!prev || prev.endsSentence || isStartSignal(prev) || prev.kind === 'byline') add(i - run.length, run);
    }
  }
  if (position === 'after') {
    const trailing = headingRunBefore(content, content.length);
    const prev = content[content.length - trailing.length - 1];
    if (!prev || prev.endsSentence) add(content.length - trailing.length, trailing);
    addWiderThanColumnGroups(content, groups);
  } else {
    const leading = headingRunFrom(content, 0);
    if (leading.length < content.length) add(0, leading);
  }
  return groups;
}

/**
 * A heading-like line wider than the column around it cannot be wrapped body text: it is a
 * headline, even when the next article starts on the very next line. A heading-like line just
 * above it is its kicker; one just below is its subtitle only when a blank line, an article
 * start or the page end follows (otherwise it is the next article's first line).
 */
function addWiderThanColumnGroups(content: readonly RawLine[], groups: Map<number, number>): void {
  const covered = (i: number) => [...groups].some(([start, length]) => i >= start && i < start + length);
  for (let i = 0; i < content.length; i++) {
    const line = content[i];
    if (!line.headingLike || covered(i)) continue;
    const column = columnWidth(content.slice(Math.max(0, i - 20), i));
    if (column === 0 || line.width <= column + WIDER_THAN_COLUMN) continue;
    let start = i;
    const above = content[i - 1];
    if (above?.headingLike && !covered(i - 1) && (content[i - 2]?.endsSentence ?? true)) start = i - 1;
    if (!(content[start - 1]?.endsSentence ?? true)) continue; // a headline follows the end of a paragraph
    let end = i;
    const below = content[i + 1];
    const afterBelow = content[i + 2];
    const belowEndsBlock = below && (!afterBelow || afterBelow.no > below.no + 1 || isStartSignal(afterBelow));
    if (below?.headingLike && belowEndsBlock) end = i + 1;
    groups.set(start, end - start + 1);
    i = end;
  }
}

/** Cuts the page's content lines into article regions, each with its headline group. */
export function segmentArticles(lines: readonly RawLine[], position: HeadlinePosition): Region[] {
  const content = contentLines(lines);
  const groups = findHeadingGroups(content, position);
  const regions: Region[] = [];
  let current: Region = { lines: [], heading: [] };
  const close = () => {
    if (current.lines.length > 0) regions.push(current);
    current = { lines: [], heading: [] };
  };
  const hasBody = (r: Region) => r.lines.some((l) => !r.heading.includes(l) && l.kind !== 'byline');

  for (let i = 0; i < content.length; i++) {
    const line = content[i];
    const groupLength = groups.get(i);
    if (position === 'before') {
      if (groupLength !== undefined) {
        close();
        current.heading.push(...content.slice(i, i + groupLength));
      } else if (isStartSignal(line) && hasBody(current)) {
        close();
      }
      current.lines.push(line);
      continue;
    }
    // Headlines after bodies: a group closes the article it follows.
    if (groupLength !== undefined) {
      const group = content.slice(i, i + groupLength);
      current.heading.push(...group);
      current.lines.push(...group);
      i += groupLength - 1;
      close();
      continue;
    }
    if (isStartSignal(line) && hasBody(current)) close();
    current.lines.push(line);
  }
  close();
  return regions;
}
