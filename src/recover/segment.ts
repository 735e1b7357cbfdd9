/**
 * Cuts a page into articles. An article starts at a byline or a continuation marker, or
 * right after a headline; headlines are found by their context, never by their text: a
 * short run of heading-like lines that stands next to an article start (or at the edge of
 * the page) is a headline; elsewhere such lines are subheadings or column-cut prose.
 */
import type { HeadlinePosition, Layout } from './types.ts';
import { columnWidth, goesOnInNextPiece, isStartSignal, type RawLine } from './lines.ts';
import { isBracketCredit, isTrailingCredit, parseStandaloneByline, takeInlineByline, takeTrailingByline } from './bylines.ts';
import { bigrams, visibleLength } from './text.ts';
import { isCutAtQuotation, LABEL_MAX_CHARS } from './heading-text.ts';

/** A kicker, a headline and a subtitle at most. */
const MAX_HEADING_LINES = 3;
/**
 * Narrow columns are 11 to 20 characters wide and only headlines run longer; on a wide page,
 * where each text block prints as one line, most lines run far longer. So the page is wide
 * when a quarter of its lines are wider than any narrow column.
 */
const NARROW_MAX_WIDTH = 24;
const WIDE_LINE_SHARE = 0.25;
/** A heading line wider than the column by this much cannot be wrapped body text. */
const WIDER_THAN_COLUMN = 1.5;

export interface Region {
  /** Non-blank, non-furniture lines of the article in raw order. */
  lines: RawLine[];
  /** The headline group's lines (kicker / headline / subtitle), in raw order. */
  heading: RawLine[];
  /** The headline came from elsewhere on the page by its words (headlines.ts), not from where it stands. */
  headingMoved?: boolean;
  /** The body reads from this raw line on, then the lines before it: its columns were printed out of order. */
  readFrom?: number;
  /** Lines read right after a line of the body (raw line numbers): the rest of a sentence broken off there, printed elsewhere (pieces.ts). */
  readAfter?: { line: number; lines: number[] }[];
  /**
   * A piece of its own without a byline: its headline heads a piece after a dateline-opened news
   * item (photo news, a 简讯 box), or it follows the deck that closed the article before it.
   */
  brief?: boolean;
  /** Its headline and deck were printed after its body and credit (read first): its subheads are its own. */
  headedAfterBody?: boolean;
  /** The heading's first lines are a kicker set across the columns, read as one line (segment.ts kickerAcross). */
  kickerAcross?: RawLine[];
  /** Split off at a headline printed right over a block that goes on from another column. */
  goesOnFromElsewhere?: boolean;
}

export function detectLayout(lines: readonly RawLine[]): Layout {
  const widths = lines.filter((l) => l.kind !== 'blank').map((l) => l.width);
  if (widths.length === 0) return 'wide';
  const wideLines = widths.filter((w) => w > NARROW_MAX_WIDTH).length;
  return wideLines >= widths.length * WIDE_LINE_SHARE ? 'wide' : 'narrow';
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
  let units = 0;
  for (let i = index - 1; i >= 0 && units < MAX_HEADING_LINES; i--) {
    // A heading group never spans a box of furniture (an advertisement, a table) printed inside it.
    if (!content[i].headingLike || run[0]?.underBox) break;
    // The characters of a vertical headline count as one line of the group, and so do the pieces
    // of a line an extractor cut at a quotation.
    if (!(content[i].vertical && run[0]?.vertical && run[0].no === content[i].no + 1) && !(run[0]?.no === content[i].no + 1 && isCutAtQuotation(content[i].text, run[0].text))) units++;
    run.unshift(content[i]);
  }
  return run;
}

/**
 * The headline before an article start (content[index] is a byline or dateline): the heading
 * run before it, or, when there is none, a small block of short lines standing apart right
 * before it, whatever its punctuation — where a headline stands, a line with a comma is one.
 */
function headlineBefore(content: readonly RawLine[], index: number): RawLine[] {
  const run = headingRunBefore(content, index);
  if (run.length > 0) return run;
  const titled: RawLine[] = [];
  for (let i = index - 1; i >= 0 && titled.length < MAX_HEADING_LINES; i--) {
    if (!content[i].titleLike) break;
    titled.unshift(content[i]);
  }
  if (titled.length === 0) return titled;
  const prev = content[index - titled.length - 1];
  const apart = (a: RawLine | undefined, b: RawLine) => a === undefined || b.no > a.no + 1;
  return apart(prev, titled[0]) && apart(titled[titled.length - 1], content[index]) ? titled : [];
}

/** Up to 20 content lines from `from` on, stopping before the next article start. */
function untilNextArticle(content: readonly RawLine[], from: number): RawLine[] {
  const lines: RawLine[] = [];
  for (let i = from; i < content.length && lines.length < 20; i++) {
    if (i > from && isStartSignal(content[i])) break;
    lines.push(content[i]);
  }
  return lines;
}

/** The run of heading-like lines that starts at content[index]. */
function headingRunFrom(content: readonly RawLine[], index: number): RawLine[] {
  const run: RawLine[] = [];
  let units = 0;
  for (let i = index; i < content.length; i++) {
    if (!content[i].headingLike || (run.length > 0 && content[i].underBox)) break;
    const last = run[run.length - 1];
    if (!(content[i].vertical && last?.vertical && content[i].no === last.no + 1) && !(content[i].no === last?.no + 1 && isCutAtQuotation(last.text, content[i].text))) units++;
    if (units > MAX_HEADING_LINES) break;
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
  return weighHeadlinePosition(lines, layout).position;
}

/** The same, with the evidence's margin: 0 when the page gave none and the layout's habit decided. */
export function weighHeadlinePosition(lines: readonly RawLine[], layout: Layout): { position: HeadlinePosition; margin: number } {
  const content = contentLines(lines);
  if (content.length === 0) return { position: layout === 'wide' ? 'before' : 'after', margin: 0 };
  let before = 0;
  let after = 0;
  const first = content[0];
  const leading = headingRunFrom(content, 0);
  const afterLeading = content[leading.length];
  // A page that opens on a heading run prints headlines first, whatever follows the run: in
  // headline-after order the page would open on the body of its first article. The page head
  // weighs more than its foot, where captions, tables and adverts look like heading runs.
  // A body's first line can look like a heading too; a heading run stands apart (a blank line
  // after it; one line alone must also be narrower than the column, unlike a first line cut by a
  // column break) or right before a byline.
  const lastLeading = leading[leading.length - 1];
  const standsApart =
    afterLeading !== undefined &&
    lastLeading !== undefined &&
    (isStartSignal(afterLeading) ||
      (afterLeading.no > lastLeading.no + 1 &&
        (leading.length > 1 || !fillsColumn(lastLeading, columnWidth(untilNextArticle(content, leading.length))))) ||
      // Kicker and headline set apart by a blank line: body text cut by column breaks runs on.
      (leading.length > 1 && leading.some((l, i) => i > 0 && l.no > leading[i - 1].no + 1)));
  if (leading.length > 0 && leading.length < content.length && standsApart) before += 3;
  else if (first.kind === 'text' && !first.headingLike) after += 1;
  const trailing = headingRunBefore(content, content.length);
  if (trailing.length > 0 && trailing.length < content.length) after += 2;
  else if (content[content.length - 1].endsSentence) before += 1;
  const margin = Math.abs(before - after);
  if (before === after) return { position: layout === 'wide' ? 'before' : 'after', margin };
  return { position: before > after ? 'before' : 'after', margin };
}

/**
 * A byline that closes the article above it rather than opening the next: a credit in brackets
 * alone on its line before a headline, an article start or the page end, or a byline right after
 * the end of a sentence with a heading run, a box of furniture or the page end after it (`…。` / `XX报记者 X` / next
 * headline). A byline followed by a dateline opens the article instead (`■记者 X` / `XX晚报讯 …`).
 */
export function isClosingByline(content: readonly RawLine[], i: number): boolean {
  const line = content[i];
  if (line.kind !== 'byline') return false;
  const prev = content[i - 1];
  const next = content[i + 1];
  // A bracketed credit between two untitled briefs stays in the body (a 简讯 column).
  if (isTrailingCredit(line.text)) return next === undefined || next.titleLike || isStartSignal(next);
  if (prev !== undefined && prev.endsSentence && next?.kind === 'inline-byline' && creditsOthers(line, `${next.text}${content[i + 2]?.text ?? ''}`)) return true;
  // A box (a table, an advertisement) printed between the credit and the text after it: a credit
  // opening an article stands right over its body.
  return prev !== undefined && prev.endsSentence && (next === undefined || next.headingLike || next.underBox === true);
}

/**
 * Whether a dateline names its own reporters, none of them the own-line credit's above it
 * (`某某报记者 甲` / `本报讯 某某报记者乙报道 …`): the dateline's article needs no other credit,
 * so the one above closes the article before it.
 */
function creditsOthers(credit: RawLine, dateline: string): boolean {
  const named = takeInlineByline(dateline)?.parsed.contributors ?? [];
  if (named.length === 0) return false;
  const above = new Set(parseStandaloneByline(credit.text).contributors.map((c) => c.name));
  return named.every((c) => !above.has(c.name));
}

/**
 * Headlines after bodies: an own-line credit right after a sentence end with a headline directly
 * under it, no blank line between (`…。` / `XX报记者 X` / headline): an extractor that prints in
 * content-stream order (`pdftotext -raw`) sets an article's credit and headline after its body, so
 * both close the article above. (A credit in brackets closes an article and heads nothing.)
 */
function closesWithHeadlineUnder(content: readonly RawLine[], i: number): boolean {
  const [line, prev, next] = [content[i], content[i - 1], content[i + 1]];
  return !isTrailingCredit(line.text) && prev !== undefined && prev.no === line.no - 1 && next !== undefined && next.no === line.no + 1;
}

/**
 * Finds the confirmed headline groups: heading runs directly before an article start, at the
 * page edge where headlines are printed, and (headline-after pages) runs wider than the
 * column, which wrapped body text cannot be. Returns the index in `content` of each group's
 * first line, mapped to its length.
 */
function findHeadingGroups(content: readonly RawLine[], layout: Layout, position: HeadlinePosition, briefs: Set<number>, kickers: Set<RawLine> = new Set()): Map<number, number> {
  const groups = new Map<number, number>();
  const add = (start: number, run: RawLine[]) => {
    if (run.length > 0) groups.set(start, run.length);
  };
  for (let i = 0; i < content.length; i++) {
    if (isClosingByline(content, i) && (position === 'before' || closesWithHeadlineUnder(content, i))) {
      // Headlines first: what follows an article's closing byline is the next one's headline.
      // Headlines after bodies: the headline directly under it is the closed article's own.
      add(i + 1, headingRunFrom(content, i + 1));
      continue;
    }
    if (isStartSignal(content[i])) {
      // Punctuated headlines are taken only where headlines are printed first: on a
      // headline-after page the line before a byline ends the previous article's body.
      const run = position === 'before' ? headlineBefore(content, i) : headingRunBefore(content, i);
      // Only runs that follow the end of a paragraph (or another boundary) can be headlines.
      const follows = (r: readonly RawLine[]) => {
        const prev = content[i - r.length - 1];
        // Headlines first: a run set apart by a blank line may follow a column cut in mid-sentence.
        const apart = position === 'before' && r.length > 0 && prev !== undefined && r[0].no > prev.no + 1;
        return !prev || prev.endsSentence || isStartSignal(prev) || prev.kind === 'byline' || apart;
      };
      // Headlines first: the run may have taken in the last line of a column cut in mid-sentence
      // (prose without punctuation looks like a heading, right under the prose it goes on from);
      // the headline is the part set apart after it.
      const goesOnAbove = (at: number) => {
        const above = content[at - 1];
        return above !== undefined && above.kind === 'text' && !above.endsSentence && !above.headingLike && content[at].no === above.no + 1;
      };
      let k = 0;
      while (position === 'before' && k < run.length - 1 && !follows(run.slice(k)) && goesOnAbove(i - run.length + k)) k++;
      if (position === 'before' && betweenCreditAndDateline(content, i - run.length + k, i)) continue;
      if (follows(run.slice(k))) add(i - run.length + k, run.slice(k));
    }
  }
  if (position === 'before' && layout === 'narrow') addNewsBriefGroups(content, groups, briefs);
  if (position === 'after') {
    const trailing = headingRunBefore(content, content.length);
    const prev = content[content.length - trailing.length - 1];
    if (!prev || prev.endsSentence || prev.kind === 'byline') add(content.length - trailing.length, trailing);
    // Wide pages have no column to measure against: there only article starts confirm headlines.
    if (layout === 'narrow') addColumnEvidenceGroups(content, groups, kickers);
  } else {
    const leading = headingRunFrom(content, 0);
    // The body's first line may be heading-like too (no punctuation yet). It gives itself away
    // by filling the column, and by going on in a full line (a headline is followed by a
    // paragraph's indented first line instead).
    while (leading.length > 0) {
      const last = leading[leading.length - 1];
      const next = content[leading.length];
      const column = columnWidth(untilNextArticle(content, leading.length));
      // A blank line between them is a block boundary: the extractor keeps a wrapping paragraph together.
      const goesOn = next !== undefined && next.kind === 'text' && !next.headingLike && next.no === last.no + 1;
      const nextIsFull = next !== undefined && (next.justified || next.width >= column - 1);
      if (!(goesOn && nextIsFull && fillsColumn(last, column))) break;
      leading.pop();
    }
    if (leading.length < content.length) add(0, leading);
  }
  // A picture's caption or a prompt to scan a code heads nothing.
  for (const [start, length] of [...groups]) if (content.slice(start, start + length).some((l) => PROMPT_OR_CAPTION.test(l.text))) groups.delete(start);
  return groups;
}

/**
 * Headlines first: lines between an own-line credit that stands right under a headline and the
 * dateline after it (`某某报记者 X` / `（X）` / `福州晚报讯 …`) are pieces the extractor split off the
 * headline or the credit, not the headline of another article: credit and dateline open one.
 */
function betweenCreditAndDateline(content: readonly RawLine[], start: number, dateline: number): boolean {
  const credit = content[start - 1];
  const above = content[start - 2];
  return content[dateline].kind === 'inline-byline' && credit?.kind === 'byline' && !isTrailingCredit(credit.text) && above !== undefined && above.headingLike && !above.endsSentence;
}

/**
 * Headline-first pages: a news item opened by a dateline (`本报讯（…）`) is short and has no
 * section heads, so a heading run standing apart after one of its sentences heads the next
 * piece (photo news, a 简讯 box) even without a byline. Features with an own-line byline do have
 * section heads; there such a run stays a subheading.
 */
const BRIEF_HEADLINE_MARGIN = 3;
function addNewsBriefGroups(content: readonly RawLine[], groups: Map<number, number>, briefs: Set<number>): void {
  let openedByDateline = false;
  for (let i = 0; i < content.length; i++) {
    const line = content[i];
    const groupLength = groups.get(i);
    if (groupLength !== undefined) {
      openedByDateline = content[i + groupLength]?.kind === 'inline-byline';
      i += groupLength - 1;
      continue;
    }
    if (line.kind === 'inline-byline') openedByDateline = true;
    else if (line.kind === 'byline') openedByDateline = false;
    const prev = content[i - 1];
    if (!openedByDateline || !line.headingLike || !prev?.endsSentence || line.no === prev.no + 1) continue;
    const run = headingRunFrom(content, i);
    const next = content[i + run.length];
    const apart = next === undefined || next.no > run[run.length - 1].no + 1;
    if (!apart || (next !== undefined && isStartSignal(next))) continue;
    // A paragraph's first line cut off by a column break fills the column; a headline does not.
    const column = columnWidth(content.slice(Math.max(0, i - 20), i));
    // A paragraph's indented first line cut off by a column break is about INDENT short of the
    // column: a headline here must be clearly shorter than that.
    if (run.some((l) => l.justified || l.width > column - INDENT - BRIEF_HEADLINE_MARGIN)) continue;
    groups.set(i, run.length);
    briefs.add(i);
    openedByDateline = false;
    i += run.length - 1;
  }
}

/** The extractor drops the paragraph indent: a paragraph's first line is about this much narrower. */
const INDENT = 2;

/** True when the line is as wide as body text in this column: a wrapped line or an indented first line. */
function fillsColumn(line: RawLine, column: number): boolean {
  if (line.justified) return true;
  return Math.abs(line.width - column) <= 1 || Math.abs(line.width - (column - INDENT)) <= 1;
}

/**
 * Share of a page's content lines followed by a blank line past which blank lines tell nothing:
 * an extractor that writes each printed line as its own block (elsewhere at most about a third are).
 */
const APART_PAGE_SHARE = 0.5;

/** Whether a blank line sets a block apart on this page: not where most lines are followed by one. */
export function blankLinesSetApart(content: readonly RawLine[]): boolean {
  let apart = 0;
  for (let i = 0; i + 1 < content.length; i++) if (content[i + 1].no > content[i].no + 1) apart++;
  return apart <= APART_PAGE_SHARE * Math.max(1, content.length - 1);
}

/**
 * Headlines found from the column alone, on narrow pages that print them after the body, for
 * articles that start without a byline. Body text cut by a column break fills the column, so a
 * heading-like run after the end of a paragraph is a headline when
 * - a blank line or the page end follows and none of its lines fills the column, or
 * - one of its lines is wider than the column, which no body line can be; then even the next
 *   line may start the next article. A heading-like line just above is its kicker; one just
 *   below is its subtitle only when a blank line, an article start or the page end follows.
 */
function addColumnEvidenceGroups(content: readonly RawLine[], groups: Map<number, number>, kickers: Set<RawLine>): void {
  const covered = (i: number) => {
    for (const [start, length] of groups) if (i >= start && i < start + length) return true;
    return false;
  };
  // Where most lines stand apart (an extractor that writes each printed line as its own block),
  // a blank line after a run tells nothing: only an article start or the page end closes a block.
  const blankIsBoundary = blankLinesSetApart(content);
  const endsBlock = (i: number) => {
    const next = content[i + 1];
    return !next || (blankIsBoundary && next.no > content[i].no + 1) || isStartSignal(next);
  };
  // The column is measured on the current article only: from the last article start on.
  let articleStart = 0;
  for (let i = 1; i < content.length; i++) {
    const line = content[i];
    if (isStartSignal(line) || covered(i - 1)) articleStart = i;
    // A picture's caption right above counts as nothing: the line over it closes, a sentence end
    // or a credit (the article above it ended there).
    const caption = i >= 2 && isCaption(content[i - 1]);
    const closed = caption ? content[i - 2].endsSentence || content[i - 2].kind === 'byline' : content[i - 1].endsSentence;
    if (covered(i) || !closed || line.kind !== 'text') continue;
    // Measure the column on the article so far; when that is only a few lines, on the lines
    // that follow too (a wrong width would make a body line look like a headline).
    const before = content.slice(Math.max(articleStart, i - 20), i);
    const column = columnWidth(before.length >= 6 ? before : [...before, ...untilNextArticle(content, i + 1)]);
    if (column === 0) continue;
    if (!line.headingLike) {
      // A kicker set across the columns (clause punctuation allowed, no sentence end), in one
      // line or two, over heading-like lines: the group of the headline printed after the body.
      const kicker = kickerAcross(content, i, column);
      if (kicker === 0) continue;
      let run = headingRunFrom(content, i + kicker).filter((_, k) => !covered(i + kicker + k));
      // A headline printed as one block of lines ends with its block: a heading block after a
      // blank line is the first section's subheading.
      if (run.length > 1 && run[1].no === run[0].no + 1) {
        let end = 1;
        while (end < run.length && run[end].no === run[end - 1].no + 1) end++;
        run = run.slice(0, end);
      }
      if (run.length === 0 || run.length > MAX_HEADING_LINES) continue;
      groups.set(i, kicker + run.length);
      for (const l of content.slice(i, i + kicker)) kickers.add(l);
      i += kicker + run.length - 1;
      continue;
    }
    // A full line that ends a sentence, followed directly by a line of full width, is a
    // paragraph going on, not the end of one: no headline can start there.
    const prev = content[i - 1];
    const paragraphGoesOn = line.no === prev.no + 1 && (prev.justified || prev.width >= column - 1) && line.width > column - INDENT + 0.5;

    const run = headingRunFrom(content, i).filter((_, k) => !covered(i + k));
    const runEnd = i + run.length - 1;
    if (!paragraphGoesOn && endsBlock(runEnd) && run.every((l) => !fillsColumn(l, column))) {
      groups.set(i, run.length);
      i = runEnd;
      continue;
    }

    const widest = run.findIndex((l) => l.width > column + WIDER_THAN_COLUMN);
    if (widest < 0) continue;
    const end = run[widest + 1] && endsBlock(i + widest + 1) ? i + widest + 1 : i + widest;
    groups.set(i, end - i + 1);
    i = end;
  }
}

/** A picture's caption (`…概念图`, `…示意图`, `…供图`) or a prompt to scan a code (`扫码…`): never a headline. */
const PROMPT_OR_CAPTION = /^扫码|(?:概念图|示意图|效果图|供图)$/u;

/** A kicker printed after its article's body takes at most this many lines. */
const KICKER_MAX_LINES = 2;

/**
 * How many lines from `i` make a kicker set wider than the column: each wider than any body line
 * can be, none ending a sentence, and a heading-like line right under them; 0 when none.
 */
export function kickerAcross(content: readonly RawLine[], i: number, column: number): number {
  let k = 0;
  while (k < KICKER_MAX_LINES && content[i + k]?.kind === 'text' && !content[i + k].endsSentence && !content[i + k].headingLike && content[i + k].width > column * 1.5) k++;
  // The headline under it is more than a label: a word or two alone under a line set so wide is
  // a piece an extractor split off a printed line (a figure set in another font taken out).
  return k > 0 && content[i + k]?.headingLike === true && visibleLength(content[i + k].text) > LABEL_MAX_CHARS ? k : 0;
}

/** A picture's caption (`…效果图`, also letter-spaced) standing on its line. */
export function isCaption(line: RawLine): boolean {
  return line.kind === 'text' && PROMPT_OR_CAPTION.test(line.text.replace(/\s+/gu, '')) && !/^扫码/u.test(line.text);
}

/**
 * Reviewed corrections to where articles start, as raw line numbers (see curation/layout):
 * an article starts at each `splitAt` line; no article starts at a `mergeAt` line (the headline
 * taken to open or close an article there goes back to the body).
 */
export interface BoundaryOverrides {
  splitAt: ReadonlySet<number>;
  mergeAt: ReadonlySet<number>;
}

const NO_OVERRIDES: BoundaryOverrides = { splitAt: new Set(), mergeAt: new Set() };

/** Most lines of an article's end that an extractor may print between its credit and its dateline. */
const TAIL_MAX_LINES = 6;

/**
 * Headlines first: a headline and its own-line credit (`■记者 X`), then a few lines, then the
 * dateline that opens a news item (`XX晚报讯 …`). Credit and dateline belong to one article; the
 * lines between are the end of its text, which the extractor read from a column printed beside
 * the start. The article goes on, and its body reads from the dateline.
 */
function tailBeforeDateline(current: Region, line: RawLine): boolean {
  if (line.kind !== 'inline-byline' || current.heading.length === 0 || current.readFrom !== undefined) return false;
  const [credit, ...tail] = current.lines.filter((l) => !current.heading.includes(l));
  return credit?.kind === 'byline' && tail.length > 0 && tail.length <= TAIL_MAX_LINES && tail.every((l) => l.kind === 'text');
}

/** A deck runs wider than the column under it by this share at least: it is set across columns. */
const DECK_WIDER = 1.5;
/** A deck is a few short paragraphs. */
const DECK_MAX_LINES = 12;

/**
 * A content-stream extractor (`mutool`) prints an article's body, its credit, then its headline
 * and the deck set under it across the columns, then the next article's narrow column. The deck
 * after the headline starting at content[from]: lines wider than the column that follows them
 * (and the short last lines of its paragraphs), ending a sentence, with narrow text after it
 * that is no article start. Returns the index after the deck, or -1 when there is none.
 */
function deckAfter(content: readonly RawLine[], from: number, column = columnWidth(untilNextArticle(content, from))): number {
  if (column === 0) return -1;
  const wide = (l: RawLine) => l.width > column * DECK_WIDER;
  let end = from;
  let wideLines = 0;
  // Printed lines: an extractor that cuts them at clause marks (`pdftotext -raw`) prints each in pieces.
  let printed = 0;
  // A photo's source under the deck's caption (`某某供图`) ends it too.
  const credit = (l: RawLine) => isTrailingCredit(l.text) || PHOTO_SOURCE.test(l.text);
  // Whether the printed line content[k] is a piece of ends a sentence (its pieces measure as one).
  const lineEndsSentence = (k: number) => {
    while (goesOnInNextPiece(content[k].text) && content[k + 1]?.kind === 'text' && content[k + 1].width === content[k].width) k++;
    return content[k].endsSentence;
  };
  while (end < content.length && printed < DECK_MAX_LINES && content[end].kind === 'text' && (wide(content[end]) || lineEndsSentence(end) || credit(content[end]))) {
    if (wide(content[end])) wideLines++;
    if (!goesOnInNextPiece(content[end].text)) printed++;
    end++;
  }
  const next = content[end];
  const last = content[end - 1];
  if (wideLines === 0 || next === undefined || next.kind !== 'text' || wide(next) || next.endsSentence) return -1;
  return last.endsSentence || credit(last) ? end : -1;
}

/** A photo's source alone on its line (`警方供图`), or set apart at the end of the caption's last line. */
const PHOTO_SOURCE = /(?:^|\s)[\u3400-\u9fff]{1,8}供图$/u;

/** Lines under a deck read for the words of the text it might head. */
const DECK_WORDS_LINES = 30;
/** The text above must share clearly more of the headline and deck's words than the text below. */
const DECK_WORDS_MARGIN = 0.1;

/** Whether the heading lines share clearly more of their word pairs with the lines above than with those below. */
function sharesMoreAbove(heading: readonly RawLine[], above: readonly RawLine[], below: readonly RawLine[]): boolean {
  const words = bigrams(heading.map((l) => l.text).join(''));
  if (words.size === 0) return false;
  const share = (lines: readonly RawLine[]) => {
    const other = bigrams(lines.filter((l) => l.kind === 'text').map((l) => l.text).join(''));
    let n = 0;
    for (const w of words) if (other.has(w)) n++;
    return n / words.size;
  };
  return share(above) > share(below) + DECK_WORDS_MARGIN;
}

/** A piece with its own credit set apart inside an article is short: a caption, a brief. */
const CREDITED_BLOCK_MAX_LINES = 10;

/**
 * How many lines lines[start..end] print: a line of figures alone is a piece of a number an
 * extractor split off the line it stands in (`捐书 2` / `4` / `0` / `0册，`), not a line of its own.
 */
function printedLines(lines: readonly RawLine[], start: number, end: number): number {
  let n = 0;
  for (let k = start; k <= end; k++) if (!/^\d{1,4}$/u.test(lines[k].text)) n++;
  return n;
}

/**
 * A block inside an article opened by a dateline that names its reporters, set apart after a
 * sentence end and closed by a credit in brackets of its own (`…活动。（某某）`), is another piece:
 * the caption of photo news or a brief the extractor printed after the article. The article's
 * credit is its dateline's; the block goes on as a piece of its own.
 */
export function splitCreditedBlocks(regions: readonly Region[], page: readonly RawLine[] = []): Region[] {
  const out: Region[] = [];
  for (const region of regions) {
    const opener = region.lines.findIndex((l) => l.kind === 'inline-byline');
    if (opener < 0 || region.headedAfterBody || region.readFrom !== undefined) {
      out.push(region);
      continue;
    }
    const credited = (takeInlineByline(`${region.lines[opener].text}${region.lines[opener + 1]?.text ?? ''}`)?.parsed.contributors.length ?? 0) > 0;
    const lines = region.lines;
    // (Headlines after bodies: the heading lines closing the region stand after the block.)
    let last = lines.length - 1;
    while (last > opener && region.heading.includes(lines[last])) last--;
    let cut = -1;
    for (let end = last, start = end; credited && start > opener + 1; start--) {
      const [prev, first] = [lines[start - 1], lines[start]];
      if (first.no <= prev.no + 1) continue;
      // the block lines[start..end]: set apart after a sentence end, closed by its own credit
      if (printedLines(lines, start, end) <= CREDITED_BLOCK_MAX_LINES && prev.endsSentence && lines[end].kind === 'text' && takeTrailingByline(lines[end].text) !== null && !region.heading.includes(first)) cut = start;
      break;
    }
    // A credit closing a sentence in the middle of an item opened by a dateline (`…说。（某某）` and
    // more text, no dateline of its own): the item ends there; what follows is another piece.
    if (cut < 0) {
      const closing = lines.findIndex((l, k) => k > opener && k < last && l.kind === 'text' && takeTrailingByline(l.text) !== null);
      const next = lines[closing + 1];
      if (closing > opener && next.kind === 'text' && !next.headingLike && !region.heading.includes(next)) cut = closing + 1;
      // The item the credit closes was set apart from the text above by page furniture only (the
      // page head a content-stream extractor prints amid the articles), after a sentence end: the
      // piece starts there.
      for (let k = closing; cut > 0 && k > opener + 1 && closing - k < CREDITED_BLOCK_MAX_LINES; k--) {
        const [prev, first] = [lines[k - 1], lines[k]];
        if (first.no === prev.no + 1) continue;
        if (prev.endsSentence && page.length >= first.no && page.slice(prev.no, first.no - 1).every((l) => l.kind === 'furniture')) cut = k;
        break;
      }
    }
    if (cut < 0 && credited) cut = foreignCreditedTail(region, opener);
    if (cut < 0 && credited) cut = foreignCreditedBlock(region, opener);
    if (cut < 0) {
      out.push(region);
      continue;
    }
    const piece = lines.slice(cut);
    out.push({ ...region, lines: lines.slice(0, cut), heading: region.heading.filter((l) => !piece.includes(l)) });
    out.push({ lines: piece, heading: region.heading.filter((l) => piece.includes(l)), brief: true });
  }
  return out;
}

/**
 * A short block set apart after a sentence end, inside an item opened by a dateline naming its
 * reporters, that holds a credit in brackets alone on its line naming none of them (`（某甲 某乙）`,
 * printed at the block's end or a line above it) is a brief of a column of briefs (简讯) or the
 * caption of photo news, printed after the item: the item ends before the first such block, and
 * the blocks from there on are another piece. Returns the index in region.lines where that block
 * starts, or -1.
 */
function foreignCreditedBlock(region: Region, opener: number): number {
  const lines = region.lines;
  const dateline = `${lines[opener].text}${lines[opener + 1]?.text ?? ''}`;
  const reporters = new Set((takeInlineByline(dateline)?.parsed.contributors ?? []).map((c) => c.name));
  for (let start = opener + 2; start < lines.length; start++) {
    const [prev, first] = [lines[start - 1], lines[start]];
    if (first.no === prev.no + 1 || !prev.endsSentence || region.heading.includes(first)) continue;
    let end = start;
    while (end + 1 < lines.length && lines[end + 1].no === lines[end].no + 1) end++;
    if (printedLines(lines, start, end) > CREDITED_BLOCK_MAX_LINES) continue;
    for (let k = start + 1; k <= end; k++) {
      if (!isBracketCredit(lines[k].text)) continue;
      const named = parseStandaloneByline(lines[k].text).contributors;
      if (named.length > 0 && named.every((c) => !reporters.has(c.name))) return start;
    }
  }
  return -1;
}

/** A caption or brief closed by a credit of its own is a few printed lines: this many characters at most. */
const CREDITED_TAIL_MAX_CHARS = 200;

/**
 * Where no blank line sets a block apart (`pdftotext -raw`): an item opened by a dateline naming
 * its reporters that ends on a credit in brackets alone on its line naming none of them ends
 * before that credit's block: the lines after the last line ending a sentence, up to the
 * credit (a caption of photo news, a brief, printed after the item). Returns the index in
 * region.lines where the block starts, or -1.
 */
function foreignCreditedTail(region: Region, opener: number): number {
  const lines = region.lines;
  const credit = lines[lines.length - 1];
  if (credit.kind !== 'byline' || !isTrailingCredit(credit.text) || lines[lines.length - 2]?.endsSentence !== true) return -1;
  for (let k = opener + 1; k < lines.length; k++) if (lines[k].no !== lines[k - 1].no + 1) return -1;
  const dateline = `${lines[opener].text}${lines[opener + 1]?.text ?? ''}`;
  const reporters = new Set((takeInlineByline(dateline)?.parsed.contributors ?? []).map((c) => c.name));
  const named = parseStandaloneByline(credit.text).contributors;
  if (named.length === 0 || named.some((c) => reporters.has(c.name))) return -1;
  let start = lines.length - 2;
  let chars = 0;
  while (start - 1 > opener + 1 && !lines[start - 1].endsSentence && lines[start - 1].kind === 'text') {
    chars += lines[start].text.length;
    if (chars > CREDITED_TAIL_MAX_CHARS) return -1;
    start--;
  }
  const prev = lines[start - 1];
  return start - 1 > opener + 1 && prev.endsSentence && !region.heading.includes(lines[start]) ? start : -1;
}

/** Cuts the page's content lines into article regions, each with its headline group. */
export function segmentArticles(
  lines: readonly RawLine[],
  layout: Layout,
  position: HeadlinePosition,
  overrides: BoundaryOverrides = NO_OVERRIDES,
): Region[] {
  const content = contentLines(lines);
  const briefs = new Set<number>();
  const kickers = new Set<RawLine>();
  const groups = findHeadingGroups(content, layout, position, briefs, kickers);
  for (const [start, length] of [...groups]) {
    // A merge at line L drops the headline group that makes an article start at L: the one
    // ending just before L (headlines after bodies, or before a byline) or starting at L.
    const next = content[start + length];
    if (overrides.mergeAt.has(content[start].no) || (next && overrides.mergeAt.has(next.no))) groups.delete(start);
  }
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
    const merged = overrides.mergeAt.has(line.no);
    if (overrides.splitAt.has(line.no)) close();
    if (position === 'before') {
      if (isClosingByline(content, i) && hasBody(current) && groupLength === undefined) {
        current.lines.push(line);
        close();
        continue;
      }
      const closed = regions[regions.length - 1];
      const deckEnd = groupLength === undefined || current.lines.length > 0 || closed === undefined || closed.lines[closed.lines.length - 1] !== content[i - 1] ? -1 : deckAfter(content, i + groupLength);
      // The headline and deck go with the article whose words they share: above (mutool's order) or below.
      const deckAbove = groupLength !== undefined && deckEnd > 0 && sharesMoreAbove(content.slice(i, deckEnd), closed.lines, content.slice(deckEnd, deckEnd + DECK_WORDS_LINES));
      if (groupLength !== undefined && deckAbove && !merged) {
        // Headline and deck printed after the credit that closed the article above: its own,
        // the deck read first; the narrow text after the deck opens the next article.
        // (Lines taken for a headline above its body were its first lines or a subhead.)
        regions.pop();
        current = closed;
        current.heading = content.slice(i, i + groupLength);
        current.lines.push(...content.slice(i, deckEnd));
        current.readFrom = content[i + groupLength].no;
        current.headedAfterBody = true;
        close();
        current.brief = true;
        i = deckEnd - 1;
        continue;
      }
      if (groupLength !== undefined) {
        close();
        current.heading.push(...content.slice(i, i + groupLength));
        if (briefs.has(i)) current.brief = true;
      } else if (isStartSignal(line) && hasBody(current) && !merged) {
        if (tailBeforeDateline(current, line)) current.readFrom = line.no;
        else close();
      }
      current.lines.push(line);
      continue;
    }
    // Headlines after bodies: a group closes the article it follows; with no body above it (the
    // article before was closed by its credit) and a byline under it, it heads the next one.
    if (groupLength !== undefined) {
      const group = content.slice(i, i + groupLength);
      const next = content[i + groupLength];
      // An article whose headline stood above its byline has its headline: a group after its
      // body and right above the next byline heads the next article (decided per article).
      if (current.heading.length > 0 && hasBody(current) && next !== undefined && isStartSignal(next) && !merged) close();
      current.heading.push(...group);
      if (kickers.has(group[0])) current.kickerAcross = group.filter((l) => kickers.has(l));
      current.lines.push(...group);
      i += groupLength - 1;
      if (!hasBody(current) && next !== undefined && isStartSignal(next)) continue;
      // A deck set across the columns under the headline (printed after it) is the closed
      // article's lead: it reads first, and the narrow text after it opens the next article.
      // (Measured against the closed article's own column: a long deck would set the measure below.)
      const deckEnd = hasBody(current) && !merged ? deckAfter(content, i + 1, columnWidth(current.lines.filter((l) => l.kind === 'text' && !current.heading.includes(l)))) : -1;
      if (deckEnd > 0) {
        current.lines.push(...content.slice(i + 1, deckEnd));
        current.readFrom = content[i + 1].no;
        current.headedAfterBody = true;
        i = deckEnd - 1;
      }
      close();
      continue;
    }
    // A credit closing the body above with its headline directly under it: both close that article.
    if (groups.has(i + 1) && closesWithHeadlineUnder(content, i) && isClosingByline(content, i) && hasBody(current) && current.heading.length === 0 && !merged) {
      current.lines.push(line);
      continue;
    }
    // A credit in brackets closes the article above it here too; it opens none.
    if (isTrailingCredit(line.text) && isClosingByline(content, i) && hasBody(current)) {
      current.lines.push(line);
      close();
      continue;
    }
    if (isStartSignal(line) && hasBody(current) && !merged) close();
    current.lines.push(line);
  }
  close();
  return regions;
}
