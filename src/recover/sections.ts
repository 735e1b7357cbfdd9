/**
 * Sections of one article that cutting took for articles of their own. Cutting starts an article
 * at every headline group it confirms, and a section subhead standing apart after a sentence end
 * looks like one, most of all where headlines follow their bodies or the extractor prints no
 * blank lines. A real article opens with its evidence: a byline, a dateline or a continuation
 * marker. A piece without any, after a piece that has one, is read as the next section of that
 * article: it goes back into it, and the heading that cut it off stays in the body as a subhead.
 * (Pieces after a dateline-opened news item, which has no subheads, stand: segment.ts, brief.)
 * (A byline-less article that shares no words with the text above is split off again by
 * splitAtUnrelatedHeadings, which weighs the words.)
 */
import { columnWidth, isStartSignal, type RawLine } from './lines.ts';
import { isTrailingCredit } from './bylines.ts';
import type { HeadlinePosition } from './types.ts';
import type { Region } from './segment.ts';

export function rejoinSections(regions: readonly Region[], position: HeadlinePosition, splitAt: ReadonlySet<number> = new Set()): Region[] {
  const out: Region[] = [];
  for (const region of regions) {
    const prev = out[out.length - 1];
    // A headline standing apart with no body is no section: headlines.ts places it by its words.
    const headingOnly = region.lines.every((l) => region.heading.includes(l));
    const opens = headingOnly || region.lines.some(isStartSignal) || region.brief === true || splitAt.has(region.lines[0]?.no) || (position === 'before' && closedByCredit(prev, region)) || (position === 'after' && closedByCreditAndHeadline(prev));
    if (prev === undefined || opens || !prev.lines.some(isStartSignal)) {
      out.push({ ...region, lines: [...region.lines], heading: [...region.heading] });
      continue;
    }
    prev.lines.push(...region.lines);
    // The article's own headline: before its body, the first piece's; after it, the last one's.
    // A headline-after piece with no headline of its own (its page ends on a caption) goes on the
    // headed one before it: that headline stays, and the text reads in print order.
    if (position === 'after' && region.heading.length > 0) {
      prev.heading = [...region.heading];
      prev.kickerAcross = region.kickerAcross;
    }
    else if (position === 'after') delete prev.readFrom;
  }
  return out;
}

/**
 * Headlines first: an article that ends on its credit, right after a sentence end, is closed; a
 * headed piece after it is no section of it but the next article, whatever it opens with.
 */
function closedByCredit(prev: Region | undefined, region: Region): boolean {
  // A headless piece printed under a box (a table, an advertisement) is no section of it either.
  if (prev === undefined || (region.heading.length === 0 && region.lines[0]?.underBox !== true)) return false;
  const last = prev.lines[prev.lines.length - 1];
  const before = prev.lines[prev.lines.length - 2];
  return last?.kind === 'byline' && !isTrailingCredit(last.text) && before?.endsSentence === true;
}

/**
 * Headlines after bodies: an article closed by its credit and then its headline (and the deck
 * under it, read first), right after a sentence end (`…。` / `XX报记者 X` / headline: an extractor
 * printing in content-stream order), is whole; the piece after it is the next article, not a
 * section of it.
 */
function closedByCreditAndHeadline(prev: Region | undefined): boolean {
  if (prev === undefined || prev.heading.length === 0) return false;
  const at = prev.lines.indexOf(prev.heading[0]);
  const after = prev.lines[at + prev.heading.length];
  if (at < 2 || (after !== undefined && !(prev.headedAfterBody === true && after.no === prev.readFrom))) return false;
  const credit = prev.lines[at - 1];
  return credit.kind === 'byline' && !isTrailingCredit(credit.text) && prev.lines[at - 2].endsSentence && prev.lines[at - 2].no === credit.no - 1 && prev.heading[0].no === credit.no + 1;
}

/**
 * Headlines first: a piece with a headline but no byline, dateline or marker, right before a piece
 * with one but no headline, is one article whose columns the extractor printed out of order (the
 * headline over the second column, the byline atop the first): they are joined, and the body
 * reads from the article's start.
 */
export function joinHeadlineToStart(regions: readonly Region[], position: HeadlinePosition): Region[] {
  if (position !== 'before') return [...regions];
  const out: Region[] = [];
  for (const region of regions) {
    const prev = out[out.length - 1];
    // It opens with a byline or dateline (a credit in brackets closes an article, it opens none).
    const first = region.lines[0];
    const headless = region.heading.length === 0 && first !== undefined && isStartSignal(first) && !isTrailingCredit(first.text);
    if (prev !== undefined && headless && prev.heading.length > 0 && !prev.lines.some(isStartSignal) && prev.goesOnFromElsewhere !== true) {
      out[out.length - 1] = { ...prev, lines: [...prev.lines, ...region.lines], readFrom: region.lines[0].no };
      continue;
    }
    out.push(region);
  }
  return out;
}

/**
 * Headlines first: an article has one credit. A piece that opens on its credit (or has it under
 * its headline) and ends on another, right after a sentence end, holds two articles: the second
 * starts at the last run of heading lines set apart by a blank line above the closing credit,
 * where the extractor printed its headline after a column of the first.
 */
export function splitAtClosingCredit(regions: readonly Region[], position: HeadlinePosition): Region[] {
  if (position !== 'before') return [...regions];
  const out: Region[] = [];
  for (const region of regions) {
    const { lines } = region;
    const n = lines.length;
    const closing = lines[n - 1];
    const opening = lines.findIndex((l) => l.kind === 'byline');
    const closes = n > 2 && closing.kind === 'byline' && !isTrailingCredit(closing.text) && lines[n - 2].endsSentence;
    if (!closes || opening < 0 || opening >= n - 1) {
      out.push(region);
      continue;
    }
    let start = -1;
    for (let i = n - 2; i > opening; i--) {
      const l = lines[i];
      const apart = l.no > lines[i - 1].no + 1;
      if (l.headingLike && apart && !region.heading.includes(l) && lines[i + 1]?.kind === 'text') {
        start = i;
        break;
      }
    }
    if (start < 0) {
      out.push(region);
      continue;
    }
    let end = start;
    while (end + 1 < n - 1 && lines[end + 1].headingLike && lines[end + 1].no === lines[end].no + 1 && end - start < 1) end++;
    const head = { ...region, lines: lines.slice(0, start) };
    if (region.readFrom !== undefined && !head.lines.some((l) => l.no === region.readFrom)) delete head.readFrom;
    out.push(head, { lines: lines.slice(start), heading: lines.slice(start, end + 1) });
  }
  return out;
}

/** Most lines of a deck: a few sentences of lead printed across the columns, no article's body. */
const DECK_MAX_LINES = 12;
/** A deck prints its lines this many times as wide as the columns of the article under it, or wider. */
const DECK_WIDTH = 1.3;

/** The middle width of the lines that wrap on (a line ending a sentence may stop anywhere). */
function wrappingWidth(lines: readonly RawLine[]): number {
  const widths = lines.filter((l) => l.kind === 'text' && !l.endsSentence).map((l) => l.width).sort((a, b) => a - b);
  return widths.length === 0 ? 0 : widths[Math.floor(widths.length / 2)];
}

/**
 * A deck (导语): a few sentences of lead printed across the columns between a headline, or the
 * page head, and the article's own-line byline. Cutting leaves it as a piece of its own, with no
 * headline and no byline, right before a piece opened by that byline: a piece so short, set
 * clearly wider than the next piece's columns, is that article's lead and goes to its front.
 */
export function joinDeckToArticle(regions: readonly Region[]): Region[] {
  const out: Region[] = [];
  for (let i = 0; i < regions.length; i++) {
    const deck = regions[i];
    const article = regions[i + 1];
    const first = article?.lines[0];
    const isDeck =
      first !== undefined &&
      first.kind === 'byline' &&
      !isTrailingCredit(first.text) &&
      deck.heading.length === 0 &&
      deck.brief !== true &&
      deck.lines.length <= DECK_MAX_LINES &&
      !deck.lines.some(isStartSignal) &&
      (wrappingWidth(deck.lines) >= DECK_WIDTH * columnWidth(article.lines) ||
        // The page's first piece, ending a sentence, right over a byline whose article has no
        // headline where it stands: the lead printed before the credit and the headline.
        (out.length === 0 && article.heading.length === 0 && deck.lines[deck.lines.length - 1].endsSentence));
    if (!isDeck) {
      out.push(regions[i]);
      continue;
    }
    const heading = article.heading.length === 0 ? headingAfterCredit(article.lines) : [];
    out.push({ ...article, lines: [...deck.lines, ...article.lines], ...(heading.length > 0 ? { heading } : {}) });
    i++;
  }
  return out;
}

/** A headline group printed under its credit: at most this many heading lines in its block. */
const HEADING_UNDER_CREDIT_MAX_LINES = 5;

/**
 * The lead printed before the credit and the headline: the headline group stands right under the
 * credit, set apart (a blank line between, and after it): a block of heading lines, with at most
 * one line alone above it that goes on (the kicker, `…，…`). Empty when the credit opens the body.
 */
function headingAfterCredit(lines: readonly RawLine[]): RawLine[] {
  // Blocks after the credit (lines[0]): runs of lines in a row.
  const blocks: RawLine[][] = [];
  for (let k = 1; k < lines.length && blocks.length <= 2; k++) {
    const last = blocks[blocks.length - 1];
    if (last !== undefined && lines[k].no === last[last.length - 1].no + 1) last.push(lines[k]);
    else blocks.push([lines[k]]);
  }
  if (blocks.length < 2 || blocks[0][0].no === lines[0].no + 1) return [];
  const headingBlock = (b: readonly RawLine[]) => b.length <= HEADING_UNDER_CREDIT_MAX_LINES && b.every((l) => l.kind === 'text' && l.headingLike);
  if (headingBlock(blocks[0])) return blocks[0];
  const kicker = blocks[0].length === 1 && blocks[0][0].kind === 'text' && !blocks[0][0].endsSentence;
  return kicker && blocks.length > 2 && headingBlock(blocks[1]) ? [...blocks[0], ...blocks[1]] : [];
}
