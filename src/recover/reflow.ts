/**
 * Reflow: joins an article's body lines into paragraphs. The question at every line is
 * "does a paragraph end here?", answered from punctuation and, on narrow pages, from the
 * width of the lines against the article's own column width.
 */
import type { Layout, ParagraphKind } from './types.ts';
import { columnWidth, endsOnMark, hasMoreAsciiAlnum, MIN_MEASURED_WIDTH, wrapsInParagraph, type RawLine } from './lines.ts';
import { isBracketCredit, takeTrailingByline } from './bylines.ts';
import { appendLineTraced, hasClausePunctuation, quoteDepthAfter, visibleLength, type Traced } from './text.ts';
import { wordEvidence } from './interleave.ts';
import { orderRowPieces } from './row-pieces.ts';
import { readCodeLists } from './code-lists.ts';

export interface LineParagraph {
  kind: ParagraphKind;
  lines: RawLine[];
}

/** A paragraph being built, with the “ still open in its lines so far (kept as it grows). */
interface OpenParagraph extends LineParagraph {
  openQuotes: number;
}

function startParagraph(line: RawLine): OpenParagraph {
  return { kind: 'body', lines: [line], openQuotes: quoteDepthAfter(0, line.text) };
}

/** Width tolerance for punctuation the typesetter squeezed: a line this close to the column is full. */
const FULL_TOLERANCE = 1;
/** The extractor drops the paragraph indent, so a paragraph's first line is about two characters short. */
const INDENT = 2;
/** A line this many times as wide as the column is set across columns (a deck), not in one. */
const DECK_WIDTH = 1.5;
/** On wide pages a subheading is a short line of its own. */
const WIDE_SUBHEADING_MAX_CHARS = 20;

interface Context {
  layout: Layout;
  /** Column width where a line stands (narrow pages), in the units of `width`. */
  column: (line: RawLine) => number;
  /** A line's width under the article's width model (widthModel). */
  width: (line: RawLine) => number;
}

function effectiveWidth(line: RawLine, ctx: Context): number {
  return line.justified ? Math.max(ctx.width(line), ctx.column(line)) : ctx.width(line);
}

/** A clause mark a typesetter may squeeze into half its width at the end of a line. */
const SQUEEZABLE_END = /[，、；：“‘（《]$/u;

/**
 * Width of a line for telling an indented first line from a full one. A typesetter squeezes a
 * clause mark at the end of a line that wraps on into half its width, so such a first line may
 * print a character more than the indent leaves room for; the mark is not counted. (A line
 * ending a sentence is left as it is: it may just as well be a paragraph's full last line.)
 */
function indentWidth(line: RawLine, ctx: Context): number {
  const squeezed = SQUEEZABLE_END.test(line.text) ? 1 : 0;
  return effectiveWidth(line, ctx) - squeezed;
}

/** A punctuated subheading is at most this share of the column wide: shorter than any paragraph's last line is likely to be. */
const PUNCTUATED_SUBHEADING_WIDTH = 0.75;

/**
 * On narrow pages a short line in a small block of its own (titleLike) whose only clause mark is
 * the enumeration comma inside it (`…、…`), filling at most three quarters of the column, is a
 * subheading as a line without punctuation would be. (A comma, a full stop or a clause mark at
 * its end is prose: a paragraph's first or last line.)
 */
function isPunctuatedSubheading(line: RawLine, ctx: Context): boolean {
  return (
    ctx.layout === 'narrow' &&
    line.titleLike &&
    !line.endsSentence &&
    !SQUEEZABLE_END.test(line.text) &&
    !hasClausePunctuation(line.text.replace(/、/gu, '')) &&
    ctx.width(line) <= PUNCTUATED_SUBHEADING_WIDTH * ctx.column(line)
  );
}

function isShortHeading(line: RawLine, ctx: Context): boolean {
  if (!line.headingLike && !isPunctuatedSubheading(line, ctx)) return false;
  if (ctx.layout === 'wide') return visibleLength(line.text) <= WIDE_SUBHEADING_MAX_CHARS;
  // Shorter than a paragraph's indented first line: a first line that wraps on would fill it.
  return ctx.width(line) <= ctx.column(line) - INDENT - 1.5;
}

/** The speaker of a quotation named after it: a short subject, then a verb of saying. */
const SAID = /^[^\s，。！？“”]{1,16}(?:说|说道|表示|介绍|坦言|感慨|告诉记者)[。，：]/u;

/** Does the paragraph that ends with `prev` end there, given that `next` follows? */
function paragraphEndsBetween(paragraph: OpenParagraph, prev: RawLine, next: RawLine, ctx: Context): boolean {
  // A brief's credit closes its paragraph, alone on its line (lines.ts, markBriefCredits) or after its last sentence.
  if (isBracketCredit(prev.text) || takeTrailingByline(prev.text) !== null) return true;
  if (!prev.endsSentence) return false; // a line or column break inside a sentence, even inside a word
  if (ctx.layout === 'wide') return true; // wide pages print one paragraph per text block
  // So do wide blocks on narrow pages (a deck across the columns): a sentence end there ends it.
  if (ctx.width(prev) > ctx.column(prev) * DECK_WIDTH) return true;
  if (next.indented) return true;
  // A quotation closed at the end of a line, then who said it (`…盼着这一天。”` / `一位读者说。`):
  // the same paragraph, however short the line that names the speaker.
  if (/[。！？…][”」』]$/u.test(prev.text) && SAID.test(next.text)) return false;
  // A quotation still open cannot end the paragraph; a line that only looks short, because the
  // spaces that justified it are not counted, often ends a sentence inside one.
  if (paragraph.openQuotes > 0) return false;
  const isFirstLine = paragraph.lines.length === 1;
  const expected = isFirstLine ? ctx.column(prev) - INDENT : ctx.column(prev);
  if (effectiveWidth(prev, ctx) < expected - FULL_TOLERANCE) return true; // a short last line
  // A full line that happens to end a sentence: the paragraph goes on unless the next line
  // is indented, i.e. narrower than the column. A letter-spaced line is measured by its
  // characters here: a typesetter spaces out a line a character short to fill it, but a whole
  // indent's worth short is a paragraph's first line.
  const width = next.justified ? ctx.width(next) - (SQUEEZABLE_END.test(next.text) ? 1 : 0) : indentWidth(next, ctx);
  return width <= ctx.column(next) - INDENT + FULL_TOLERANCE / 2;
}

/** Raw lines measured at a time for a local column width, and the lines around them measured with them. */
const COLUMN_CHUNK = 10;
const COLUMN_MARGIN = 10;
/** A local width this far from the article's is another column (an article set in columns of two widths). */
const OTHER_COLUMN = 3;

/**
 * The column width at each line of an article's raw lines first..last: the article's own, unless
 * the lines around it (a stretch beside a vertical headline, a wide deck) print clearly narrower
 * or wider lines; there the local width.
 */
function localColumns(allLines: readonly RawLine[], first: number, last: number, widthOf: (line: RawLine) => number): (line: RawLine) => number {
  const article = columnWidth(allLines.slice(first - 1, last), widthOf);
  if (last - first < COLUMN_CHUNK + COLUMN_MARGIN) return () => article;
  const chunks: number[] = [];
  for (let start = first; start <= last; start += COLUMN_CHUNK) {
    const local = columnWidth(allLines.slice(Math.max(first, start - COLUMN_MARGIN) - 1, Math.min(last, start + COLUMN_CHUNK + COLUMN_MARGIN - 1)), widthOf);
    chunks.push(Math.abs(local - article) >= OTHER_COLUMN ? local : article);
  }
  return (line) => chunks[Math.floor((line.no - first) / COLUMN_CHUNK)] ?? article;
}

/** Fewer lines that wrap inside a paragraph than this tell nothing of how the page sets its punctuation. */
const MODEL_MIN_LINES = 6;
/** Widths this close to one another print as the same full line. */
const MODEL_SPREAD = 0.5;
/** Punctuation counts at half its width only when that makes clearly more full lines agree. */
const MODEL_MARGIN = 0.15;

/** Share of widths within MODEL_SPREAD of the width that most of them come close to. */
function agreement(widths: readonly number[]): number {
  let best = 0;
  for (const c of new Set(widths)) {
    let n = 0;
    for (const w of widths) if (Math.abs(w - c) <= MODEL_SPREAD) n++;
    if (n > best) best = n;
  }
  return best / widths.length;
}

const plainLineWidth = (l: RawLine) => l.width;
const compactLineWidth = (l: RawLine) => l.compact;

/**
 * How wide the article's lines print: with full-width punctuation counted 1 (displayWidth) or,
 * on a paper that compresses its punctuation, 0.5 (compactWidth). A line that wraps inside a
 * sentence is full, so the model is the one under which those lines' widths agree best. Lines
 * ending on a mark are left out: a typesetter squeezes a mark at a line end either way; so are,
 * when enough lines of ideographs remain, lines holding letters or figures (as columnWidth does):
 * they print wider than they are counted, and a long list of them (number plates) agrees with
 * itself under either model, which left the decision to the default.
 */
function widthModel(lines: readonly RawLine[]): (line: RawLine) => number {
  const full: RawLine[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const l = lines[i];
    if (l.kind === 'text' && wrapsInParagraph(l, lines[i + 1]) && l.width >= MIN_MEASURED_WIDTH && !endsOnMark(l)) full.push(l);
  }
  if (full.length < MODEL_MIN_LINES) return plainLineWidth;
  const ideographic = full.filter((l) => !hasMoreAsciiAlnum(l.text, 2));
  const measured = ideographic.length >= MODEL_MIN_LINES ? ideographic : full;
  return agreement(measured.map(compactLineWidth)) > agreement(measured.map(plainLineWidth)) + MODEL_MARGIN ? compactLineWidth : plainLineWidth;
}

/** A line's width for telling an indented first line from a full one; a letter-spaced line by its characters. */
function firstLineWidth(line: RawLine, ctx: Context): number {
  return line.justified ? ctx.width(line) - (SQUEEZABLE_END.test(line.text) ? 1 : 0) : indentWidth(line, ctx);
}

/** A line clearly narrower than the column that does not end a sentence: a paragraph's indented first line. */
function opensParagraph(line: RawLine, ctx: Context): boolean {
  return !line.endsSentence && firstLineWidth(line, ctx) <= ctx.column(line) - INDENT + FULL_TOLERANCE / 2 && !isShortHeading(line, ctx);
}

/** A line as wide as the column, set in it (not a deck across the columns): a wrapped line, no paragraph's first. */
function fillsItsColumn(line: RawLine, ctx: Context): boolean {
  return firstLineWidth(line, ctx) > ctx.column(line) - INDENT + FULL_TOLERANCE / 2 && ctx.width(line) <= ctx.column(line) * DECK_WIDTH;
}

/** Whether the lines, read up to their first sentence end, close a quotation (`”`). */
function closesQuoteEarly(lines: readonly RawLine[]): boolean {
  for (const l of lines) {
    if (l.text.includes('”')) return true;
    if (l.endsSentence) return false;
  }
  return false;
}

/** Past this share of lines standing alone between blank lines, blank lines mark no blocks (an extractor that sets each line apart). */
const APART_MAX_SHARE = 0.4;

/**
 * Narrow pages: the extractor may print a paragraph's first block after a later block of the
 * same article. The later block then gives itself away: it starts with a full line right after
 * a sentence end or a subheading (a line that wraps on from somewhere else), while the displaced
 * block starts with an indented first line and breaks off in mid-sentence before a block that
 * cannot go on from it: the body's end, a block opening a paragraph of its own or, when it leaves a quotation open, one that closes no quotation
 * before its first sentence end while the dangling block does. The displaced block moves back
 * in front of the nearest dangling block before it. Blocks are runs of lines between blank lines.
 */
function restoreDisplacedStarts(body: readonly RawLine[], ctx: Context): RawLine[] {
  const lines = [...body];
  const startsBlock = (i: number) => i === 0 || lines[i].no !== lines[i - 1].no + 1;
  let alone = 0;
  for (let i = 0; i < lines.length; i++) if (startsBlock(i) && (i + 1 === lines.length || startsBlock(i + 1))) alone++;
  if (alone > APART_MAX_SHARE * lines.length) return lines;
  const blockEnd = (from: number) => {
    let e = from;
    while (e + 1 < lines.length && !startsBlock(e + 1)) e++;
    return e;
  };
  const afterBoundary = (i: number) => lines[i - 1].endsSentence || isShortHeading(lines[i - 1], ctx);
  for (let s = 1; s < lines.length; s++) {
    if (!startsBlock(s) || !opensParagraph(lines[s], ctx)) continue;
    const e = blockEnd(s);
    if (lines[e].endsSentence || isShortHeading(lines[e], ctx)) continue;
    // The nearest block before it that starts in mid-sentence after a sentence end or a subheading.
    let z = s - 1;
    while (z > 0 && !(startsBlock(z) && fillsItsColumn(lines[z], ctx) && afterBoundary(z))) z--;
    if (z <= 0) continue;
    const next = lines.slice(e + 1);
    let open = 0;
    for (const l of lines.slice(s, e + 1)) open = quoteDepthAfter(open, l.text);
    // A block that opens a paragraph of its own (a short one that breaks off too, after a line
    // or two that break off, is a column printed line by line between the lines of another).
    const nextEnd = next.length > 0 ? blockEnd(e + 1) : e;
    const interleaved = e - s < 2 && next.length > 0 && nextEnd - e <= 2 && !lines[nextEnd].endsSentence;
    const ownParagraph = next.length > 0 && (opensParagraph(next[0], ctx) || isShortHeading(next[0], ctx)) && !interleaved;
    const quoteLeftOpen = open > 0 && !closesQuoteEarly(next) && closesQuoteEarly(lines.slice(z));
    if (!(next.length === 0 || ownParagraph || quoteLeftOpen)) continue;
    const moved = lines.splice(s, e - s + 1);
    lines.splice(z, 0, ...moved);
    s = e;
  }
  return lines;
}

/** What goes on with a sentence at the start of a line: a clause or closing mark. */
const GOES_ON_MARK = /^[，、；：。！？,;:）)]/u;
/** A quotation whole on its line: an extractor that cuts lines at quotation marks (`pdftotext -raw`) sets it apart. */
const WHOLE_QUOTATION = /^“[^“”]*”$/u;

/**
 * Whether the sentence goes on after body[i]: the next line opens with a clause or closing mark,
 * or is a quotation cut out of the line with such a mark after it (`位于某地之` / `“中”` / `，`),
 * or goes on with the date the line breaks off.
 * A subheading is followed by a new sentence.
 */
function sentenceGoesOn(body: readonly RawLine[], i: number): boolean {
  const next = body[i + 1];
  if (next === undefined || next.no !== body[i].no + 1) return false;
  if (GOES_ON_MARK.test(next.text)) return true;
  // A date cut before its month or day: `2030年5月` / `18日，…`.
  if (/\d[\s\u3000]*[年月]$/u.test(body[i].text) && /^\d{1,2}[\s\u3000]*[月日]/u.test(next.text)) return true;
  const after = body[i + 2];
  return WHOLE_QUOTATION.test(next.text) && after !== undefined && after.no === next.no + 1 && GOES_ON_MARK.test(after.text);
}

/** A word across a join this likely (interleave.ts wordEvidence) says the line goes on in the next. */
const WORD_GOES_ON = 2;

/**
 * Whether a line without punctuation breaks off inside a word that the next line in reading order
 * finishes (`…服务中心项` / `目将…`): a paragraph's first line, wrapped, not a subheading, which
 * ends on a whole word. The next line need not stand in the same block: columns read apart put
 * lines of other blocks next to each other.
 */
function wordGoesOn(line: RawLine, next: RawLine | undefined): boolean {
  return next !== undefined && !line.endsSentence && wordEvidence(line.text, next.text) >= WORD_GOES_ON;
}

/**
 * Groups body lines (no headline, no standalone byline) into paragraphs and subheadings.
 * `allLines` is the page's full line list, used to measure the column.
 */
export function reflowParagraphs(body: readonly RawLine[], allLines: readonly RawLine[], layout: Layout): LineParagraph[] {
  if (body.length === 0) return [];
  // Lines in reading order, which out-of-order columns may put out of raw order.
  let first = body[0].no;
  let last = first;
  for (const l of body) {
    if (l.no < first) first = l.no;
    if (l.no > last) last = l.no;
  }
  const width = layout === 'narrow' ? widthModel(allLines.slice(first - 1, last)) : plainLineWidth;
  const ctx: Context = { layout, width, column: layout === 'narrow' ? localColumns(allLines, first, last, width) : () => 0 };
  // A list of codes whose columns the extractor printed apart, read row by row.
  body = readCodeLists(body);
  if (layout === 'narrow' && inRawOrder(body)) body = restoreDisplacedStarts(body, ctx);
  // A printed line cut in two around a figure taken out, its pieces printed right one first.
  if (layout === 'narrow') body = orderRowPieces(body, ctx.width, ctx.column);
  const paragraphs: LineParagraph[] = [];
  let current: OpenParagraph | null = null;
  const close = (p: OpenParagraph) => paragraphs.push({ kind: p.kind, lines: p.lines });

  for (const [i, line] of body.entries()) {
    const prev: RawLine | undefined = current?.lines[current.lines.length - 1];
    const atBoundary = !current || current.kind === 'subheading' || (prev !== undefined && prev.endsSentence);
    // A line spaced out to the column that goes straight on in a full line is prose.
    const next = body[i + 1];
    const goesOn = line.justified && next !== undefined && next.no === line.no + 1 && ctx.width(next) >= ctx.column(next) - INDENT;
    if (atBoundary && !goesOn && !sentenceGoesOn(body, i) && isShortHeading(line, ctx) && !wordGoesOn(line, next)) {
      if (current) close(current);
      paragraphs.push({ kind: 'subheading', lines: [line] });
      current = null;
      continue;
    }
    if (!current || !prev) {
      current = startParagraph(line);
      continue;
    }
    // A brief's credit on its own line ends the paragraph above it.
    if (isBracketCredit(line.text) && prev.endsSentence) {
      current.lines.push(line);
      continue;
    }
    if (paragraphEndsBetween(current, prev, line, ctx)) {
      close(current);
      current = startParagraph(line);
    } else {
      current.lines.push(line);
      current.openQuotes = quoteDepthAfter(current.openQuotes, line.text);
    }
  }
  if (current) close(current);
  return paragraphs;
}

/** The paragraph's lines joined as printed, as traced text: each character remembers its raw line and column. */
export function traceParagraphLines(paragraph: LineParagraph): Traced {
  const out: Traced = { chars: [], origins: [] };
  for (const l of paragraph.lines) appendLineTraced(out, l.raw, l.no, l.offset);
  return out;
}

/**
 * Whether the body's lines stand in raw order: where columns were read apart (side by side or in
 * turn, interleave.ts and side-by-side.ts), lines in a row in the body are no block on the page,
 * and restoreDisplacedStarts, which reads blocks from raw line numbers, has nothing to restore.
 */
function inRawOrder(body: readonly RawLine[]): boolean {
  for (let i = 1; i < body.length; i++) if (body[i].no < body[i - 1].no) return false;
  return true;
}
