/**
 * Reflow: joins an article's body lines into paragraphs. The question at every line is
 * "does a paragraph end here?", answered from punctuation and, on narrow pages, from the
 * width of the lines against the article's own column width.
 */
import type { Layout, ParagraphKind } from './types.ts';
import { columnWidth, type RawLine } from './lines.ts';
import { hasOpenQuote, joinWrapped, visibleLength } from './text.ts';

export interface LineParagraph {
  kind: ParagraphKind;
  lines: RawLine[];
}

/** Width tolerance for punctuation the typesetter squeezed: a line this close to the column is full. */
const FULL_TOLERANCE = 1;
/** The extractor drops the paragraph indent, so a paragraph's first line is about two characters short. */
const INDENT = 2;
/** Subheadings on narrow pages are at most this share of the column… */
const SUBHEADING_SHARE = 0.6;
/** …or this many characters, whichever is more. */
const SUBHEADING_MIN_CHARS = 6;
/** On wide pages a subheading is a short line of its own. */
const WIDE_SUBHEADING_MAX_CHARS = 20;

interface Context {
  layout: Layout;
  /** Column width of this article (narrow pages), in display width units. */
  column: number;
}

function effectiveWidth(line: RawLine, ctx: Context): number {
  return line.justified ? Math.max(line.width, ctx.column) : line.width;
}

function isShortHeading(line: RawLine, ctx: Context): boolean {
  if (!line.headingLike) return false;
  if (ctx.layout === 'wide') return visibleLength(line.text) <= WIDE_SUBHEADING_MAX_CHARS;
  return line.width <= Math.max(SUBHEADING_MIN_CHARS, ctx.column * SUBHEADING_SHARE);
}

/** Does the paragraph that ends with `prev` end there, given that `next` follows? */
function paragraphEndsBetween(paragraph: LineParagraph, prev: RawLine, next: RawLine, ctx: Context): boolean {
  if (!prev.endsSentence) return false; // a line or column break inside a sentence, even inside a word
  if (ctx.layout === 'wide') return true; // wide pages print one paragraph per text block
  if (next.indented) return true;
  // A quotation still open cannot end the paragraph; a line that only looks short, because the
  // spaces that justified it are not counted, often ends a sentence inside one.
  if (hasOpenQuote(joinParagraphLines(paragraph))) return false;
  const isFirstLine = paragraph.lines.length === 1;
  const expected = isFirstLine ? ctx.column - INDENT : ctx.column;
  if (effectiveWidth(prev, ctx) < expected - FULL_TOLERANCE) return true; // a short last line
  // A full line that happens to end a sentence: the paragraph goes on unless the next line
  // is indented, i.e. narrower than the column.
  return effectiveWidth(next, ctx) <= ctx.column - INDENT + FULL_TOLERANCE / 2;
}

/**
 * Groups body lines (no headline, no standalone byline) into paragraphs and subheadings.
 * `allLines` is the page's full line list, used to measure the column.
 */
export function reflowParagraphs(body: readonly RawLine[], allLines: readonly RawLine[], layout: Layout): LineParagraph[] {
  if (body.length === 0) return [];
  const first = body[0].no;
  const last = body[body.length - 1].no;
  const ctx: Context = { layout, column: layout === 'narrow' ? columnWidth(allLines.slice(first - 1, last)) : 0 };
  const paragraphs: LineParagraph[] = [];
  let current: LineParagraph | null = null;

  for (const line of body) {
    const prev: RawLine | undefined = current?.lines[current.lines.length - 1];
    const atBoundary = !current || current.kind === 'subheading' || (prev !== undefined && prev.endsSentence);
    if (atBoundary && isShortHeading(line, ctx)) {
      if (current) paragraphs.push(current);
      paragraphs.push({ kind: 'subheading', lines: [line] });
      current = null;
      continue;
    }
    if (!current || !prev) {
      current = { kind: 'body', lines: [line] };
      continue;
    }
    if (paragraphEndsBetween(current, prev, line, ctx)) {
      paragraphs.push(current);
      current = { kind: 'body', lines: [line] };
    } else {
      current.lines.push(line);
    }
  }
  if (current) paragraphs.push(current);
  return paragraphs;
}

/** The paragraph's lines joined as printed (whitespace kept, for byline parsing). */
export function joinParagraphLines(paragraph: LineParagraph): string {
  return paragraph.lines.map((l) => l.text).reduce((acc, text) => joinWrapped(acc, text));
}
