/**
 * Page recovery from measured geometry: a PDF page's printed lines → articles, in the same
 * RecoveredPage structure text pages give (src/recover/types.ts). Stages:
 *   1. sizes: the body sizes of the page from the size histogram; a line is body, mid (subheads,
 *      decks) or heading by its size against them;
 *   2. columns: body lines chained down each column into blocks (a line joins the line above it
 *      when they share the column's edges and the leading is that of running text);
 *   3. headings: heading lines stacked together make one heading group (kicker, headline,
 *      subtitle by size and order); vertical headings stand beside their article;
 *   4. articles: each block belongs to the nearest heading above it that it stands under (beside
 *      it, for a vertical heading); a heading without body is furniture;
 *   5. reading order down each column and across the article's columns; paragraphs start at
 *      indented lines (2 ems), bylines and datelines by pattern;
 *   6. the page's text layer is written in that order, one line per printed line, so every
 *      article covers a contiguous run of numbered lines, and each line keeps its box.
 */
import { articleConfidence } from '../recover/confidence.ts';
import { joinWrappedTraced, removeJustificationSpacesTraced, segmentsOf, textOf, tracedLine, dropPrefix, type Traced } from '../recover/text.ts';
import type { RecoveredArticle, RecoveredContributor, RecoveredPage, RecoveredParagraph, UnassignedLine, ContributorRole } from '../recover/types.ts';
import { buildLines, type PdfLine } from './lines.ts';
import type { PdfPageText } from './read-pdf.ts';

/** One line of the derived text layer and where it stands on the PDF page (points, origin bottom left as in PDF). */
export interface LineBox {
  line: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  size: number;
  vertical: boolean;
}

export interface RecoveredPdfPage {
  /** The page's text layer as read: one printed line per line, in reading order. */
  text: string;
  page: RecoveredPage;
  boxes: LineBox[];
}

type Role = 'body' | 'mid' | 'heading';

interface Line extends PdfLine {
  id: number;
  role: Role;
}

/** Sizes holding at least this share of a page's characters are body sizes. */
const BODY_SHARE = 0.08;
/** A line this many times the smallest body size is a heading (headline, kicker, subtitle). */
const HEADING_RATIO = 1.6;
/** Within this ratio of a body size, a line is body text. */
const BODY_TOLERANCE = 1.12;
/** A paragraph's first line is indented two ems; anything from 1.2 ems counts. */
const INDENT_MIN = 1.2;
const INDENT_MAX = 3.5;

const visible = (s: string) => [...s].filter((c) => !/\s/u.test(c)).length;
const width = (l: { x0: number; x1: number }) => l.x1 - l.x0;
const overlapX = (a: { x0: number; x1: number }, b: { x0: number; x1: number }) => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
const overlapY = (a: { y0: number; y1: number }, b: { y0: number; y1: number }) => Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);

/** Stage 1: body sizes, weighted by characters. */
export function bodySizes(lines: readonly PdfLine[]): number[] {
  const chars = new Map<number, number>();
  let total = 0;
  for (const l of lines) {
    if (l.vertical) continue;
    const key = Math.round(l.size * 2) / 2;
    const n = visible(l.text);
    chars.set(key, (chars.get(key) ?? 0) + n);
    total += n;
  }
  const sizes = [...chars].filter(([, n]) => n >= BODY_SHARE * total).map(([s]) => s).sort((a, b) => a - b);
  return sizes.length ? sizes : [...chars].sort((a, b) => b[1] - a[1]).slice(0, 1).map(([s]) => s);
}

function roleOf(l: PdfLine, body: readonly number[]): Role {
  if (body.some((b) => Math.max(b, l.size) / Math.min(b, l.size) <= BODY_TOLERANCE)) return 'body';
  if (l.size >= HEADING_RATIO * body[0]) return 'heading';
  return l.size < body[0] ? 'body' : 'mid';
}

/** Stage 2: blocks of running text down one column. */
interface Block {
  lines: Line[];
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function blockOf(lines: Line[]): Block {
  return { lines, x0: Math.min(...lines.map((l) => l.x0)), x1: Math.max(...lines.map((l) => l.x1)), y0: lines[0].y0, y1: lines[lines.length - 1].y1 };
}

/**
 * The horizontal reach of a line in its column: a paragraph's last line may hold a single
 * character, but the indented line after it starts two ems in, under the same column.
 */
function reach(l: PdfLine): { x0: number; x1: number } {
  return { x0: l.x0, x1: Math.max(l.x1, l.x0 + 4 * l.size) };
}

/** True when `below` continues the column of `above`: shared edges, running-text leading. */
function continuesColumn(above: Line, below: Line): boolean {
  const em = Math.min(above.size, below.size);
  // Running text is set with less than an em between lines; a subhead has more space around it.
  const maxGap = above.role === 'mid' || below.role === 'mid' ? 2.2 : 1.2;
  if (below.y0 - above.y1 > maxGap * em || below.y0 < above.y1 - 0.5 * em) return false;
  // A byline on its own line opens an article (its headline stands elsewhere).
  if (isStandaloneByline(below) && below.x1 < above.x1 - em) return false;
  const ov = overlapX(reach(above), reach(below));
  // A paragraph's first line, indented under the short last line of the one before, overlaps it little.
  if (ov < 0.5 * Math.min(width(reach(above)), width(reach(below))) && !(ov > 0 && isIndent(below.x0 - above.x0, em) && /[。！？”]$/u.test(above.text.trim()))) return false;
  const sameSize = Math.max(above.size, below.size) / em <= BODY_TOLERANCE;
  // A column's lines share its right edge, or the narrower one stands inside the wider (an
  // indented first line, a paragraph's short last line, a centred subhead).
  const sameRight = Math.abs(above.x1 - below.x1) <= 1.2 * em;
  const inside = (a: Line, b: Line) => a.x0 >= b.x0 - 0.6 * em && a.x1 <= b.x1 + 0.6 * em;
  const leftAligned = Math.abs(above.x0 - below.x0) <= INDENT_MAX * em;
  // Same size: one column when the left edges agree (up to an indent) or one line stands inside the other.
  if (sameSize) return leftAligned || sameRight || inside(above, below) || inside(below, above);
  // A subhead (mid size) within the column.
  return (above.role === 'mid' && inside(above, below)) || (below.role === 'mid' && inside(below, above));
}

function buildBlocks(lines: readonly Line[]): Block[] {
  const text = lines.filter((l) => l.role !== 'heading' && !l.vertical);
  const next = new Map<Line, Line>();
  const hasPrev = new Set<Line>();
  // Lines sorted by top: the first line below and overlapping is the candidate.
  for (let i = 0; i < text.length; i++) {
    const a = text[i];
    let best: Line | null = null;
    for (let j = i + 1; j < text.length; j++) {
      const b = text[j];
      if (b.y0 - a.y1 > 2.5 * a.size) break;
      if (b.y0 < a.y1 - 0.5 * a.size || overlapX(reach(a), b) <= 0) continue;
      best = b;
      break;
    }
    if (best && !hasPrev.has(best) && continuesColumn(a, best)) {
      next.set(a, best);
      hasPrev.add(best);
    }
  }
  const blocks: Block[] = [];
  for (const l of text) {
    if (hasPrev.has(l)) continue;
    const chain = [l];
    for (let n = next.get(l); n; n = next.get(n)) chain.push(n);
    for (const part of splitWide(chain)) blocks.push(blockOf(part));
  }
  return blocks;
}

/**
 * A column's full lines end at one right edge; a line reaching well past it (a caption under a
 * picture, set wider than the column below it) is not the column's and stands apart.
 */
function splitWide(chain: Line[]): Line[][] {
  if (chain.length < 3) return [chain];
  const counts = new Map<number, number>();
  for (const l of chain) counts.set(Math.round(l.x1), (counts.get(Math.round(l.x1)) ?? 0) + 1);
  const [edge, n] = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
  if (n < 2) return [chain];
  const parts: Line[][] = [];
  let wide: boolean | null = null;
  for (const l of chain) {
    const isWide = l.x1 > edge + 1.5 * l.size;
    if (isWide !== wide) parts.push([]);
    parts[parts.length - 1].push(l);
    wide = isWide;
  }
  return parts;
}

/** Stage 3: heading groups. */
interface Heading {
  lines: Line[];
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  vertical: boolean;
}

function headingOf(lines: Line[]): Heading {
  return { lines, x0: Math.min(...lines.map((l) => l.x0)), x1: Math.max(...lines.map((l) => l.x1)), y0: Math.min(...lines.map((l) => l.y0)), y1: Math.max(...lines.map((l) => l.y1)), vertical: lines.some((l) => l.vertical) };
}

/** A mid-size line next to a heading is its kicker or subtitle; a heading-size line in prose (a deck) is body. */
function isProse(l: PdfLine): boolean {
  return visible(l.text) > 30 || (/[，。；]/u.test(l.text) && visible(l.text) > 16);
}

function buildHeadings(lines: Line[], body: readonly number[], headBottom: number): Heading[] {
  // Large type in the page head (the section name beside the folio and date) labels the page.
  const heads = lines.filter((l) => (l.role === 'heading' || l.vertical) && !isProse(l) && l.y0 > headBottom);
  const groups: Line[][] = [];
  const near = (a: Line, b: Line) => {
    const em = Math.max(a.size, b.size);
    if (a.vertical !== b.vertical) return false;
    if (a.vertical) return overlapY(a, b) > 0 && Math.abs(a.x0 > b.x0 ? a.x0 - b.x1 : b.x0 - a.x1) < 0.6 * em;
    const gap = a.y0 > b.y0 ? a.y0 - b.y1 : b.y0 - a.y1;
    // Kicker, headline and subtitle are set close: less than half the larger size apart.
    return gap < 0.5 * em && overlapX(a, b) > 0.3 * Math.min(width(a), width(b));
  };
  for (const h of heads) {
    const joined = groups.filter((g) => g.some((x) => near(x, h)));
    const merged = [h, ...joined.flat()];
    for (const g of joined) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  // Mid-size lines directly above or below a group (a smaller kicker or subtitle) join it.
  // A kicker may be long (a whole clause) but is one line of its size, never a stacked paragraph.
  const stacked = (l: Line) => lines.some((o) => o !== l && Math.abs(o.size - l.size) < 0.5 && overlapX(o, l) > 0 && Math.abs(o.y0 - l.y0) < 2 * l.size);
  const mids = lines.filter((l) => l.role !== 'body' && !l.vertical && l.y0 > headBottom && visible(l.text) <= 60 && !/[。！？…]$/u.test(l.text.trim()) && !stacked(l));
  for (const g of groups) {
    if (g[0].vertical) continue;
    for (;;) {
      const box = headingOf(g);
      const size = Math.max(...g.map((l) => l.size));
      const extra = mids.find((m) => !g.includes(m) && overlapX(m, box) > 0.5 * width(m) && (Math.abs(m.y1 - box.y0) < 0.5 * size || Math.abs(m.y0 - box.y1) < 0.5 * size) && m.size >= 1.3 * body[0]);
      if (!extra) break;
      g.push(extra);
    }
  }
  return groups.map((g) => headingOf(g.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)));
}

/** Page furniture by its form: the date line with its weekday, editors' credits. */
const DATE_LINE = /^\d{4}\s*[年.]\s*\d{1,2}\s*[月.]\s*\d{1,2}\s*日?\s*(星期|周)[一二三四五六日天]/u;
const EDITOR_LINE = /(责任编辑|责编|编辑|美编|版式|校对|检校|组版|审)\s*[：:]?\s*[\u4e00-\u9fff]{2,3}/u;

/** The page foot: contact lines (hotline, mail, fax, address, printer) in the bottom twentieth of the page. */
const CONTACT_LINE = /热线|邮箱|电话|传真|地址|邮编|E-?mail|@|印刷|定价|发行|广告/iu;

/** A picture's credit on a line of its own (`警方供图`, `受访者供图`): it belongs to the picture, not to any text. */
function isPictureCredit(l: Line): boolean {
  return !l.vertical && /^[\u4e00-\u9fff·]{1,12}供图$/u.test(l.text.replace(/\s+/gu, ''));
}

function isPageFoot(l: Line, height: number): boolean {
  return l.y0 > height * 0.95 && CONTACT_LINE.test(l.text);
}

/**
 * The bottom of the page head: the lowest date or editor line in the top eighth of the page
 * (the folio, section name and masthead stand beside them). 0 when the page shows neither.
 */
function pageHeadBottom(lines: readonly Line[], height: number): number {
  let bottom = 0;
  for (const l of lines) {
    if (l.y1 > height / 8) continue;
    const text = l.text.replace(/\s+/gu, '');
    if (DATE_LINE.test(l.text.trim()) || (EDITOR_LINE.test(text) && !/[，。]/u.test(text))) bottom = Math.max(bottom, l.y1);
  }
  return bottom;
}

/** Kicker, headline and subtitle of a heading group: the largest type is the headline. */
function splitHeading(h: Heading): { kicker: Line[]; headline: Line[]; subtitle: Line[] } {
  const top = Math.max(...h.lines.map((l) => l.size));
  const isHead = (l: Line) => l.size >= top / 1.15;
  // Vertical headings: the headline column, then the smaller ones beside it as its subtitle.
  const order = h.vertical ? [...h.lines].sort((a, b) => Number(isHead(b)) - Number(isHead(a)) || b.x0 - a.x0) : h.lines;
  let first = order.findIndex(isHead);
  // A lead-in word over the headline in the same type (`注意了`) is a kicker: a headline line of
  // at most three characters over one more than twice as long is not a phrase broken in two.
  const next = order[first + 1];
  if (!h.vertical && next && isHead(next) && visible(order[first].text) <= 3 && visible(next.text) > 2 * visible(order[first].text)) first++;
  let last = first;
  while (last + 1 < order.length && isHead(order[last + 1])) last++;
  return { kicker: order.slice(0, first), headline: order.slice(first, last + 1), subtitle: order.slice(last + 1) };
}

/** The headings a block could stand under, nearest first. */
function candidatesOf(block: Block, headings: readonly Heading[]): { h: Heading; distance: number }[] {
  const out: { h: Heading; distance: number }[] = [];
  const em = block.lines[0].size;
  for (const h of headings) {
    let distance: number;
    if (h.vertical && overlapY(h, block) > 0) {
      // Beside a vertical heading: the block starts within its height, just to its right or left.
      if (block.y0 < h.y0 - 2 * em) continue;
      // Measured on the lines beside the heading: below it the article may widen under it.
      const beside = block.lines.filter((l) => overlapY(l, h) > 0);
      const x0 = Math.min(...beside.map((l) => l.x0));
      const x1 = Math.max(...beside.map((l) => l.x1));
      const dx = x0 >= h.x1 ? x0 - h.x1 : h.x0 - x1;
      // Photo news sets its vertical title a little further off, beside the picture over its text.
      if (dx < -em || dx > Math.max(3 * em, 1.5 * h.lines[0].size)) continue;
      distance = dx;
    } else {
      // Under a heading (a vertical one too: its article may run on below it).
      if (h.y1 > block.y0 + 0.5 * em || overlapX(h, block) <= 0.3 * Math.min(block.x1 - block.x0, h.x1 - h.x0)) continue;
      distance = block.y0 - h.y1;
    }
    out.push({ h, distance });
  }
  return out.sort((a, b) => a.distance - b.distance);
}

/**
 * A section label: a word of at most four characters, spaced out (`综 合 新 闻`, `◇简 讯◇`).
 * Headlines are longer, or set solid (`简讯` heading a column of briefs).
 */
function isSectionLabel(h: Heading): boolean {
  if (h.lines.length !== 1 || h.vertical) return false;
  const l = h.lines[0];
  const chars = [...l.text].filter((c) => /[\u4e00-\u9fff]/u.test(c)).length;
  const spacedOut = /^[^\s]?(?:[\u4e00-\u9fff]\s+){1,3}[\u4e00-\u9fff][^\s]?$/u.test(l.text.trim());
  return chars <= 4 && (l.spacing >= 0.25 || spacedOut);
}

/**
 * Stage 4: every block to the heading it stands under. An article is set in one body size: the
 * size of the block nearest its heading. A block in another size (notices or an advert in small
 * type below the article) goes to the next heading that has its size, or to none.
 */
function assignBlocks(blocks: readonly Block[], headings: readonly Heading[]): Map<Heading | null, Piece> {
  const candidates = new Map<Block, { h: Heading; distance: number }[]>();
  const bodySize = new Map<Heading, { size: number; distance: number }>();
  // Decks and subheads (mid-size blocks) belong wherever they stand; running text sets the size.
  const isRunning = (b: Block) => b.lines.some((l) => l.role === 'body');
  for (const b of blocks) {
    const list = candidatesOf(b, headings);
    candidates.set(b, list);
    const first = list[0];
    if (!first || !isRunning(b)) continue;
    const known = bodySize.get(first.h);
    if (!known || first.distance < known.distance) bodySize.set(first.h, { size: blockSize(b), distance: first.distance });
  }
  const owner = new Map<Block, Heading | null>();
  for (const b of blocks) {
    const size = blockSize(b);
    const fits = candidates.get(b)!.find(({ h }) => {
      const s = bodySize.get(h)?.size;
      if (!isRunning(b)) return true;
      return s === undefined || Math.max(s, size) / Math.min(s, size) <= BODY_TOLERANCE;
    });
    owner.set(b, fits?.h ?? null);
  }
  besideHeadline(blocks, headings, owner);
  extendBeside(blocks, owner, bodySize);
  // A block no heading stands over, directly on top of an article's column (its byline), is part of it.
  for (const b of [...blocks].sort((a, c) => c.y0 - a.y0)) {
    if (owner.get(b) !== null) continue;
    const em = b.lines[0].size;
    const under = blocks.find((u) => u !== b && owner.get(u) && u.y0 >= b.y1 - 0.5 * em && u.y0 - b.y1 < 2 * em && overlapX(u, b) > 0.5 * Math.min(u.x1 - u.x0, b.x1 - b.x0));
    if (under) owner.set(b, owner.get(under)!);
  }
  // Running text no heading stands over may be the article's opening, set above its headline.
  for (const b of blocks) {
    const text = b.lines.map((l) => l.text).join('');
    if (owner.get(b) !== null || !b.lines.some((l) => l.role === 'body') || !/[。！？]/u.test(text) || visible(text) < 20) continue;
    let best: Heading | null = null;
    for (const h of headings) {
      if (h.vertical || h.y0 < b.y1 || overlapX(h, b) <= 0) continue;
      if (!best || h.y0 < best.y0) best = h;
    }
    if (best) owner.set(b, best);
  }
  dropStrays(blocks, owner);
  // Columns side by side with their tops level are one article's: a column no heading stands
  // over (or a stray far below its heading) joins the one beside it (photo news, its caption in two columns under the picture).
  for (const b of [...blocks].sort((a, c) => c.x0 - a.x0)) {
    if (owner.get(b) !== null || b.lines.length < 2) continue;
    const em = b.lines[0].size;
    const next = blocks.find((c) => c !== b && owner.get(c) && Math.abs(c.y0 - b.y0) < 0.5 * em && c.x0 > b.x1 && c.x0 - b.x1 <= 3 * em && Math.abs(blockSize(c) - blockSize(b)) < 0.5);
    if (next) owner.set(b, owner.get(next)!);
  }
  // A byline or credit on its own directly under an article's text (a deck set apart from its
  // headline, a caption), or level with its last line, closes it; after the strays, so one that
  // stood far from a heading counts.
  for (const b of blocks) {
    if (owner.get(b) !== null || b.lines.length > 2 || !(isStandaloneByline(b.lines[0]) || TRAILING_CREDIT.test(b.lines[0].text.replace(/\s+/gu, '')))) continue;
    const em = b.lines[0].size;
    const over = blocks.find((u) => u !== b && owner.get(u) && b.y1 >= u.y1 - 0.3 * em && b.y0 - u.y1 < 2 * em && overlapX(u, b) > 0.5 * Math.min(u.x1 - u.x0, b.x1 - b.x0));
    // Or, a byline set over the article's first column (a stray of another heading before).
    const under = over ?? (isStandaloneByline(b.lines[0]) ? blocks.find((u) => u !== b && owner.get(u) && u.y0 >= b.y1 - 0.5 * em && u.y0 - b.y1 < 2 * em && overlapX(u, b) > 0.5 * Math.min(u.x1 - u.x0, b.x1 - b.x0)) : undefined);
    if (under) owner.set(b, owner.get(under)!);
  }
  dropOffColumn(blocks, owner);
  const pieces = new Map<Heading | null, Piece>([[null, { heading: null, blocks: [] }], ...headings.map((h) => [h, { heading: h, blocks: [] }] as [Heading, Piece])]);
  for (const b of blocks) pieces.get(owner.get(b) ?? null)!.blocks.push(b);
  return pieces;
}

/**
 * An article's first column may stand beside its headline, the headline set over the other
 * columns only: a block of running text starting level with a heading (with the article's
 * byline, or at the heading's top), a gutter away from a column of the same width that starts
 * just under the heading, is that article's.
 */
function besideHeadline(blocks: readonly Block[], headings: readonly Heading[], owner: Map<Block, Heading | null>): void {
  for (const b of blocks) {
    const em = b.lines[0].size;
    // A block just under its own heading stays.
    const own = owner.get(b);
    if (own && b.y0 - own.y1 < 3 * em) continue;
    for (const h of headings) {
      if (h.vertical || own === h || overlapX(b, h) > 0) continue;
      if (b.y0 < h.y0 - em || b.y0 > h.y1) continue;
      if (!isStandaloneByline(b.lines[0]) && b.y0 > h.y0 + 0.5 * em) continue;
      // A column of the article: as wide as the one beside it, a gutter away.
      const column = (c: Block) => Math.min(Math.abs(c.x0 - b.x1), Math.abs(b.x0 - c.x1)) <= 3 * em && Math.abs(width(c) - width(b)) <= 0.15 * width(c);
      if (b.lines.length >= 3 && blocks.some((c) => c !== b && owner.get(c) === h && column(c) && c.y0 >= h.y1 - em && c.y0 - h.y1 < 3 * em && b.y0 < c.y0)) {
        owner.set(b, h);
        break;
      }
    }
  }
}

/**
 * An article runs on in the column beside its own (next to a picture, under a headline narrower
 * than the article): a block whose left neighbour belongs to a heading lower on the page than
 * its own heading (and above the block) belongs to that article. Left to right, so a run of
 * columns follows its first.
 */
function extendBeside(blocks: readonly Block[], owner: Map<Block, Heading | null>, bodySize: Map<Heading, { size: number }>): void {
  for (const b of [...blocks].sort((a, c) => a.x0 - c.x0)) {
    const em = b.lines[0].size;
    let left: Block | null = null;
    for (const l of blocks) {
      if (l === b || l.x1 > b.x0 + 0.5 * em || overlapY(l, b) < 2 * em) continue;
      if (!left || l.x1 > left.x1) left = l;
    }
    if (!left || b.x0 - left.x1 > 3 * em) continue;
    const theirs = owner.get(left) ?? null;
    const mine = owner.get(b) ?? null;
    if (theirs === null || theirs === mine || theirs.y1 > b.y0 + em) continue;
    if (mine !== null && theirs.y1 <= mine.y1) continue;
    const size = bodySize.get(theirs)?.size;
    if (size !== undefined && b.lines.some((l) => l.role === 'body') && Math.max(size, blockSize(b)) / Math.min(size, blockSize(b)) > BODY_TOLERANCE) continue;
    owner.set(b, theirs);
  }
}

/**
 * A block standing far below the rest of its article (more than five lines of empty space above
 * it: a picture) that is not set to the article's column width is a caption, not the article's
 * text. Text running on below a picture in its column keeps the column's width and stays.
 */
function dropStrays(blocks: readonly Block[], owner: Map<Block, Heading | null>): void {
  const byOwner = new Map<Heading, Block[]>();
  for (const b of blocks) {
    const h = owner.get(b);
    if (h) byOwner.set(h, [...(byOwner.get(h) ?? []), b]);
  }
  for (const [h, own] of byOwner) {
    if (h.vertical) continue;
    const widths = own.map((b) => b.x1 - b.x0).sort((a, c) => a - c);
    const column = widths[Math.floor(widths.length / 2)];
    for (const b of own) {
      const em = b.lines[0].size;
      // A block ending in a credit set beside its first line (a brief's `（X）`) stands right above it.
      const level = (o: Block) => Math.abs(o.y1 - b.lines[0].y1) < 0.3 * em && TRAILING_CREDIT.test(o.lines[o.lines.length - 1].text.replace(/\s+/gu, ''));
      const above = [h, ...own.filter((o) => o !== b)].filter((o) => (o.y1 <= b.y0 + 0.5 * em || (o !== h && level(o as Block))) && overlapX(o, b) > 0);
      if (above.length === 0) continue;
      const gap = b.y0 - Math.max(...above.map((o) => Math.min(o.y1, b.y0)));
      const ownWidth = b.lines.length > 1 && Math.abs(b.x1 - b.x0 - column) <= 0.1 * column;
      if (gap > 5 * em && !ownWidth) owner.set(b, null);
    }
  }
}

/**
 * A short block inside an article's column whose lines all start well inside it (further in
 * than an indent: a QR-code prompt, a label beside a picture) is not running text. Bylines and
 * credits, set flush right, stay.
 */
function dropOffColumn(blocks: readonly Block[], owner: Map<Block, Heading | null>): void {
  for (const b of blocks) {
    const h = owner.get(b);
    if (!h || b.lines.length > 3 || b.lines.some((l) => l.role !== 'body' || isStandaloneByline(l) || TRAILING_CREDIT.test(l.text.replace(/\s+/gu, '')))) continue;
    const em = b.lines[0].size;
    const column = blocks.filter((c) => c !== b && owner.get(c) === h && c.lines.length > 3 && overlapX(c, b) > 0.5 * width(b));
    if (column.length === 0) continue;
    const left = commonLeft(column);
    if (b.lines.every((l) => l.x0 - left > INDENT_MAX * em)) owner.set(b, null);
  }
}

/** The most common size of a block's lines. */
function blockSize(b: Block): number {
  const counts = new Map<number, number>();
  for (const l of b.lines) counts.set(l.size, (counts.get(l.size) ?? 0) + visible(l.text));
  return [...counts].sort((a, c) => c[1] - a[1])[0][0];
}

/** Prices, phone numbers and shop addresses: the lines of an advert. */
const ADVERT_LINE = /\d\s*元\s*[\/／每]|[价售]\s*[：:]\s*\d|(?:电话|热线|咨询)\s*[：:]?\s*\d{3,}|\d{7,}|店面|折起/u;

/** An advert: its heading or a third of its lines quote prices or phone numbers. */
function isAdvert(h: Heading, body: readonly Line[]): boolean {
  if (h.lines.some((l) => ADVERT_LINE.test(l.text))) return true;
  return body.length > 0 && body.filter((l) => ADVERT_LINE.test(l.text)).length >= body.length / 3;
}

/**
 * Reading order of an article's lines, cut recursively along the white space between them (an
 * XY cut): columns left to right, each read down; a deck spanning the columns first, as it
 * stands above them. Where columns share a section break (a subhead across them, the others
 * blank beside it), the section above is read across its columns before the one below. Each
 * run of lines keeps the edges of its column, for indents and short lines.
 */
function readingOrder(blocks: readonly Block[]): OrderedBlock[] {
  const widths = blocks.map((b) => b.x1 - b.x0).sort((a, b) => a - b);
  const typical = widths[Math.floor(widths.length / 2)] ?? 0;
  const spanning = blocks.filter((b) => b.x1 - b.x0 > 1.6 * typical);
  const narrow = blocks.filter((b) => !spanning.includes(b));
  const columns: Block[][] = [];
  for (const b of [...narrow].sort((a, c) => a.x0 - c.x0)) {
    const col = columns.find((c) => c.some((x) => overlapX(x, b) > 0.5 * Math.min(x.x1 - x.x0, b.x1 - b.x0)));
    if (col) col.push(b);
    else columns.push([b]);
  }
  const edgesOf = new Map<Block, { left: number; right: number }>();
  const edges = (bs: readonly Block[]) => ({ left: commonLeft(bs), right: Math.max(...bs.map((b) => b.x1)) });
  for (const b of spanning) edgesOf.set(b, edges([b]));
  for (const c of columns) {
    const e = edges(c);
    for (const b of c) edgesOf.set(b, e);
  }
  const blockOfLine = new Map<Line, Block>();
  for (const b of blocks) for (const l of b.lines) blockOfLine.set(l, b);
  const out: OrderedBlock[] = [];
  for (const l of xyCut(blocks.flatMap((b) => b.lines))) {
    const b = blockOfLine.get(l)!;
    const last = out[out.length - 1];
    if (last && blockOfLine.get(last.lines[last.lines.length - 1]) === b) last.lines.push(l);
    else out.push({ ...b, lines: [l], ...edgesOf.get(b)! });
  }
  return out;
}

/** Strips of lines separated by white space across all of them, top to bottom (rows) or left to right. */
function strips(lines: readonly Line[], across: 'rows' | 'columns', minGap: number): Line[][] {
  const lo = (l: Line) => (across === 'rows' ? l.y0 : l.x0);
  const hi = (l: Line) => (across === 'rows' ? l.y1 : l.x1);
  const out: Line[][] = [];
  let reach = -Infinity;
  for (const l of [...lines].sort((a, b) => lo(a) - lo(b))) {
    if (out.length === 0 || lo(l) - reach >= minGap) out.push([]);
    out[out.length - 1].push(l);
    reach = Math.max(reach, hi(l));
  }
  return out;
}

/** Lines down a column, those on one baseline (a credit set flush right of a paragraph's last line) left to right. */
function byRows(lines: readonly Line[]): Line[] {
  const sorted = [...lines].sort((a, b) => a.y1 - b.y1);
  const rows: Line[][] = [];
  for (const l of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0].y1 - l.y1) < 0.3 * l.size) row.push(l);
    else rows.push([l]);
  }
  return rows.flatMap((r) => r.sort((a, b) => a.x0 - b.x0));
}

/** Running text: body type, or a deck in larger type. */
const isText = (l: Line) => l.role === 'body' || isProse(l);

/** A strip of subheads only: a section break. */
const isSubheadStrip = (s: readonly Line[]) => s.every((l) => l.role !== 'body' && !isProse(l));

function xyCut(lines: readonly Line[]): Line[] {
  if (lines.length < 2) return [...lines];
  const sizes = lines.map((l) => l.size).sort((a, b) => a - b);
  const em = sizes[Math.floor(sizes.length / 2)];
  // More than the leading of running text apart; a gutter is at least half an em.
  const rows = strips(lines, 'rows', 0.8 * em);
  // Columns of running text; a subhead set across a gutter goes with the column it starts in.
  const text = lines.filter(isText);
  const cols = strips(text.length ? text : lines, 'columns', 0.5 * em);
  for (const l of text.length ? lines.filter((x) => !isText(x)) : []) {
    const at = (c: Line[]) => Math.min(...c.map((x) => x.x0)) - 0.5 * em;
    (cols.filter((c) => at(c) <= l.x0).pop() ?? cols[0]).push(l);
  }
  // A row of running text standing over several columns of the others (a deck) is read before
  // them; a subhead across two columns' text does not make it one.
  const spans = (row: Line[]) => {
    const own = row.filter(isText);
    if (own.length === 0 || strips(own, 'columns', 0.5 * em).length > 1) return false;
    return rows.some((other) => other !== row && strips(other.filter(isText), 'columns', 0.5 * em).filter((c) => c.some((l) => own.some((r) => overlapX(l, r) > 0))).length >= 2);
  };
  if (rows.length > 1 && (cols.length === 1 || rows.some(isSubheadStrip) || rows.some(spans))) return rows.flatMap(xyCut);
  if (cols.length === 1) return byRows(lines);
  // Neighbouring columns that share a section break are read as one region, cut across first.
  const groups: Line[][] = [];
  for (const c of cols) {
    const last = groups[groups.length - 1];
    if (last && strips([...last, ...c], 'rows', 0.8 * em).some(isSubheadStrip)) last.push(...c);
    else groups.push([...c]);
  }
  if (groups.length === 1) return rows.length > 1 ? rows.flatMap(xyCut) : cols.flatMap(xyCut);
  return groups.flatMap(xyCut);
}

/**
 * The left edge of a column: where most of its lines start (an indent, a hanging quote mark or
 * a line of another width start elsewhere). Of blocks side by side, each keeps its own edge.
 */
function commonLeft(blocks: readonly Block[]): number {
  const counts = new Map<number, number>();
  for (const b of blocks) for (const l of b.lines) counts.set(Math.round(l.x0), (counts.get(Math.round(l.x0)) ?? 0) + 1);
  let best = 0;
  let bestCount = -1;
  for (const [x, n] of counts) {
    // Lines within a point of each other start at one edge.
    const near = n + (counts.get(x - 1) ?? 0) + (counts.get(x + 1) ?? 0);
    if (near > bestCount || (near === bestCount && x < best)) [best, bestCount] = [x, near];
  }
  // Where many paragraphs are short, indented lines are the most common: the edge is the
  // leftmost start within an indent of the most common one.
  const em = blocks[0].lines[0].size;
  return Math.min(...[...counts.keys()].filter((x) => x >= best - INDENT_MAX * em));
}

/** A block in reading order, with the left and right edges of its column. */
interface OrderedBlock extends Block {
  left: number;
  right: number;
}

// Stage 5: bylines and datelines.
const ROLE_WORDS: ReadonlyArray<[string, ContributorRole]> = [
  ['特约记者', 'reporter'], ['见习记者', 'reporter'], ['实习记者', 'intern'], ['首席记者', 'reporter'], ['记者', 'reporter'],
  ['特约通讯员', 'correspondent'], ['通讯员', 'correspondent'], ['实习生', 'intern'], ['摄影', 'photographer'],
];
const ROLES = ROLE_WORDS.map(([w]) => w).join('|');
/** `本报讯`, `东方晚报讯`, `本报武汉2月8日电`, `新华社北京1月5日电`: the dateline opening an article's first paragraph. */
const DATELINE = /^(?:[\u4e00-\u9fff·]{1,12}?讯|[\u4e00-\u9fff·]{1,12}?\d{1,2}月\d{1,2}日电)/u;
/** The credit after a dateline: in brackets `（记者 X 通讯员 Y）`, or `东方晚报记者X报道`. */
const BRACKET_CREDIT = new RegExp(`^[（(]([^（()）]{1,60})[）)]|^\\s*([^，。；（）()]{0,12}(?:${ROLE_WORDS.map(([w]) => w).join('|')})[\\u4e00-\\u9fff·\\s]{2,12}?报道)`, 'u');
/** A byline on its own line: `本报记者 X`, `■记者 X 通讯员 Y`, `新东方·东方法治报记者 X`, `X/摄`. */
const STANDALONE_BYLINE = new RegExp(`^[■◆●▲□]?[^，。；！？]{0,24}?(?:${ROLES})[^，。；！？]{1,40}$|^[^，。；！？]{2,12}/(?:摄|文|图)`, 'u');
/** A trailing credit closing an article: `（李 明）`, `（作者为…）`. */
const TRAILING_CREDIT = /^[（(][\u4e00-\u9fff·\s]{2,12}[）)]$/u;
/** The same credit closing the article's last line, after its last sentence. */
const LINE_END_CREDIT = /[。！？”](\s*[（(][\u4e00-\u9fff·\s]{2,12}[）)])$/u;

function isStandaloneByline(l: PdfLine): boolean {
  const text = l.text.replace(/\s+/gu, '');
  return STANDALONE_BYLINE.test(text) && text.length <= 40 && !/[，。；！？]$/u.test(text);
}

function contributorsOf(credit: string): RecoveredContributor[] {
  const out: RecoveredContributor[] = [];
  const parts = credit.split(new RegExp(`(${ROLES})`, 'u'));
  for (let i = 1; i < parts.length; i += 2) {
    const role = ROLE_WORDS.find(([w]) => w === parts[i])![1];
    for (const name of (parts[i + 1] ?? '').split(/[、，,\s/]+/u).filter((n) => /^[\u4e00-\u9fff·]{2,4}$/u.test(n))) {
      out.push({ name, role, rolePrinted: parts[i] });
    }
  }
  return out;
}

/**
 * A heading line's text: letter spacing and justification spaces go; a space stays where the
 * runs stand further apart than the letter spacing (`守护一方平安 服务万家灯火`), between two
 * ASCII letters or digits, and in vertical text (its spaces are gaps pdf.js measured).
 */
function headingTraced(l: Line, no: number): Traced {
  const t = collapse(tracedLine(l.text, no));
  const out: Traced = { chars: [], origins: [] };
  t.chars.forEach((ch, i) => {
    if (ch === ' ') {
      const col = t.origins[i]?.col ?? -1;
      const before = /[A-Za-z0-9]/.test(t.chars[i - 1] ?? '');
      const after = /[A-Za-z0-9]/.test(t.chars[i + 1] ?? '');
      // Beside a number set in another font a gap is justification (`超 475 亿元`); between two words it is meaning.
      const keep = (before && after) || (!before && !after && (l.vertical || l.wideSpaces.includes(col)));
      if (!keep) return;
    }
    out.chars.push(ch);
    out.origins.push(t.origins[i]);
  });
  return out;
}

/** Joins the lines of a two-line headline: a short first line was cut mid-phrase (no space); two whole clauses keep one. */
function joinHeadingLines(parts: Traced[]): Traced {
  return parts.reduce((acc, t) => {
    const a = textOf(acc);
    const b = textOf(t);
    const clauses = visible(a) >= 7 && visible(b) >= 7 && !/[县市区镇乡村局院所厅部委会州省]$/u.test(a) && !a.endsWith(' ');
    return clauses ? { chars: [...acc.chars, ' ', ...t.chars], origins: [...acc.origins, null, ...t.origins] } : { chars: [...acc.chars, ...t.chars], origins: [...acc.origins, ...t.origins] };
  });
}

interface Piece {
  heading: Heading | null;
  blocks: Block[];
}

/** Recovers one PDF page. Pure. */
export function recoverPdfPage(pdf: PdfPageText): RecoveredPdfPage {
  const raw = buildLines(pdf.runs);
  const body = bodySizes(raw);
  const lines: Line[] = raw.map((l, id) => ({ ...l, id, role: roleOf(l, body) }));
  const headings = buildHeadings(lines, body, pageHeadBottom(lines, pdf.height));
  const inHeading = new Set(headings.flatMap((h) => h.lines));
  const foot = lines.filter((l) => isPageFoot(l, pdf.height) || isPictureCredit(l));
  const blocks = buildBlocks(lines.filter((l) => !inHeading.has(l) && !foot.includes(l)));

  const pieces = assignBlocks(blocks, headings);
  const orphans = pieces.get(null)?.blocks ?? [];
  pieces.delete(null);

  // Output: articles in heading order (top to bottom, left to right), furniture after them.
  const out: { line: Line; text: string }[] = [];
  const boxes: LineBox[] = [];
  const emit = (l: Line): number => {
    out.push({ line: l, text: l.text });
    const no = out.length;
    boxes.push({ line: no, x0: round(l.x0), y0: round(pdf.height - l.y1), x1: round(l.x1), y1: round(pdf.height - l.y0), size: round(l.size), vertical: l.vertical });
    return no;
  };
  const articles: RecoveredArticle[] = [];
  const unassigned: UnassignedLine[] = [];
  const furniture: Line[] = [...orphans.flatMap((b) => b.lines), ...foot];

  const ordered = [...pieces.values()].filter((p) => p.heading !== null).sort((a, b) => a.heading!.y0 - b.heading!.y0 || a.heading!.x0 - b.heading!.x0);
  for (const piece of ordered) {
    const h = piece.heading!;
    const bodyLines = readingOrder(piece.blocks).flatMap((b) => b.lines);
    const prose = bodyLines.filter((l) => l.role !== 'mid').map((l) => l.text).join('');
    // A heading over no running text (an advert's slogan) and a section label with whatever
    // stands under it (classified notices) are furniture.
    if (visible(prose) < 20 || !/[。！？]/u.test(prose) || isSectionLabel(h) || isAdvert(h, bodyLines)) {
      furniture.push(...h.lines, ...bodyLines);
      continue;
    }
    const article = buildArticle(h, piece.blocks, emit, articles.length + 1, out);
    articles.push(article);
  }
  for (const l of furniture.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)) {
    const no = emit(l);
    unassigned.push({ line: no, text: l.text, reason: 'page-furniture' });
  }
  return {
    text: out.map((o) => o.text).join('\n'),
    page: { layout: 'narrow', headlinePosition: 'before', lineCount: out.length, articles, unassigned },
    boxes,
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

/** One article: its heading lines, then its body in reading order, written to the text layer as it goes. */
function buildArticle(h: Heading, blocks: Block[], emit: (l: Line) => number, seq: number, out: { line: Line; text: string }[]): RecoveredArticle {
  const { kicker, headline, subtitle } = splitHeading(h);
  const lineStart = out.length + 1;
  const heading = (ls: Line[]): { text: string | null; traced: Traced | null } => {
    if (ls.length === 0) return { text: null, traced: null };
    const parts = ls.map((l) => {
      const no = emit(l);
      return headingTraced(l, no);
    });
    const t = joinHeadingLines(parts);
    return { text: textOf(t), traced: t };
  };
  const k = heading(kicker);
  const hl = heading(headline);
  const st = heading(subtitle);

  const ordered = readingOrder(blocks);
  // Several bracketed credits are those of briefs, each closing its paragraph; one alone,
  // closing the article (on a line of its own, or at the end of its last line), is its byline.
  const squeeze = (l: Line) => l.text.replace(/\s+/gu, '');
  const allLines = ordered.flatMap((b) => b.lines);
  const credits = allLines.filter((l) => TRAILING_CREDIT.test(squeeze(l)) || LINE_END_CREDIT.test(squeeze(l))).length;
  const lastLine = allLines[allLines.length - 1];
  let byline: string | null = null;
  let contributors: RecoveredContributor[] = [];
  const paragraphs: RecoveredParagraph[] = [];
  let current: { traced: Traced; first: number; last: number; kind: 'body' | 'subheading' } | null = null;
  const close = () => {
    if (current && current.traced.chars.length) {
      paragraphs.push({ kind: current.kind, text: textOf(current.traced), lineStart: current.first, lineEnd: current.last, segments: segmentsOf(current.traced) });
    }
    current = null;
  };
  let anchor = '';
  for (const block of ordered) {
    const colX0 = block.left;
    const colX1 = block.right;
    block.lines.forEach((l, i) => {
      const no = emit(l);
      let t = removeJustificationSpacesTraced(tracedLine(l.text, no));
      const text = textOf(t);
      // A subhead: a line in larger type amid running text (not a line of a deck set all in it).
      const amidText = block.lines.some((x) => x.role === 'body') || block.lines.length <= 2;
      if (l.role === 'mid' && !isProse(l) && !/[。！？]$/u.test(text) && amidText) {
        close();
        paragraphs.push({ kind: 'subheading', text, lineStart: no, lineEnd: no, segments: segmentsOf(t) });
        return;
      }
      // A byline stands alone: its line ends short of the column, or the next line starts a paragraph.
      const next = block.lines[i + 1];
      const endsAlone = isShortLine(l, colX1) || next === undefined || next.x0 - colX0 >= INDENT_MIN * next.size;
      const standalone = isStandaloneByline(l) && endsAlone && (!current || isShortLine(block.lines[i - 1], colX1));
      const trailing = credits === 1 && TRAILING_CREDIT.test(text) && i === block.lines.length - 1;
      // A photo credit beside the byline (`X/摄`) is not body text either.
      if (byline !== null && text.length <= 20 && /^[\u4e00-\u9fff·\s]{2,12}\/?摄(影)?$/u.test(text)) {
        close();
        return;
      }
      if ((standalone || trailing) && byline === null && l.role !== 'heading') {
        close();
        byline = textOf(collapse(tracedLine(l.text, no)));
        contributors = contributorsOf(byline);
        return;
      }
      const endCredit = credits === 1 && l === lastLine && byline === null ? LINE_END_CREDIT.exec(textOf(t)) : null;
      if (endCredit) {
        // `…设点宣传。（张 华）`: the sentence is text, the credit the byline.
        const cut = [...textOf(t)].length - [...endCredit[1]].length;
        t = { chars: t.chars.slice(0, cut), origins: t.origins.slice(0, cut) };
        byline = endCredit[1].trim();
        contributors = contributorsOf(byline);
      }
      const prev = block.lines[i - 1];
      const indented = isIndent(l.x0 - colX0, l.size) || [prev, next].some((n) => n !== undefined && isIndent(l.x0 - n.x0, l.size));
      // A new paragraph: an indented line, or the first line of a block after a short last line.
      const starts = !current || indented || (i === 0 && prev === undefined && current.kind === 'subheading');
      if (starts) {
        close();
        current = { traced: t, first: no, last: no, kind: 'body' };
      } else {
        current!.traced = joinWrappedTraced(current!.traced, t);
        current!.last = no;
      }
      if (anchor === '') anchor = text.replace(/\s+/gu, '');
    });
  }
  close();

  // The dateline and bracketed credit opening the first paragraph are the byline, not body.
  const first = paragraphs.find((p) => p.kind === 'body');
  if (first) {
    const d = DATELINE.exec(first.text);
    if (d && d[0].length <= 14) {
      let n = d[0].length;
      let credit = d[0];
      const rest = first.text.slice(n);
      const c = BRACKET_CREDIT.exec(rest.replace(/^\s+/u, ''));
      if (c) {
        const lead = rest.length - rest.replace(/^\s+/u, '').length;
        n += lead + c[0].length;
        credit += c[1] === undefined ? ` ${c[0].trim()}` : c[0];
        contributors = contributorsOf((c[1] ?? c[2]).replace(/报道$/u, ''));
      }
      if (byline === null || c) byline = c ? credit : byline ?? credit;
      else byline = `${credit} ${byline}`;
      const traced = dropPrefix({ chars: [...first.text], origins: originsOf(first) }, [...first.text.slice(0, n)].length);
      while (traced.chars[0] === ' ') { traced.chars.shift(); traced.origins.shift(); }
      if (traced.chars.length === 0) paragraphs.splice(paragraphs.indexOf(first), 1);
      else Object.assign(first, { text: textOf(traced), segments: segmentsOf(traced) });
    }
  }
  const lineEnd = out.length;
  // Headline order is measured on the page, never guessed, so no order doubt applies.
  const { confidence, doubts } = articleConfidence({
    hasHeadline: hl.text !== null,
    headlineNextToByline: hl.text !== null && byline !== null,
    hasByline: byline !== null,
    hasBody: paragraphs.length > 0,
    orderMargin: Infinity,
    longestParagraphLines: Math.max(0, ...paragraphs.map((p) => new Set(p.segments.map((g) => g.line)).size)),
  });
  return {
    seq,
    layoutConfidence: confidence,
    layoutDoubts: doubts,
    kicker: k.text,
    headline: hl.text,
    subtitle: st.text,
    headlineSegments: hl.traced ? segmentsOf(hl.traced) : [],
    byline,
    contributors,
    isContinuation: false,
    paragraphs,
    lineStart,
    lineEnd,
    // The page's text is written article by article: each is one run of lines.
    pieces: [{ lineStart, lineEnd }],
    anchor: anchor || (hl.text ?? '').replace(/\s+/gu, '') || `line-${lineStart}`,
  };
}

function collapse(t: Traced): Traced {
  const out: Traced = { chars: [], origins: [] };
  t.chars.forEach((ch, i) => {
    if (/\s/u.test(ch) && (out.chars.length === 0 || out.chars[out.chars.length - 1] === ' ')) return;
    out.chars.push(/\s/u.test(ch) ? ' ' : ch);
    out.origins.push(t.origins[i]);
  });
  return out;
}

/** Per-code-point origins of a paragraph, rebuilt from its segments. */
function originsOf(p: RecoveredParagraph): Traced['origins'] {
  const origins: Traced['origins'] = new Array([...p.text].length).fill(null);
  for (const s of p.segments) for (let i = s.start; i < s.end; i++) origins[i] = { line: s.line, col: s.col + (i - s.start) };
  return origins;
}

/**
 * An indent of two ems, against the column's edge or a neighbouring line: where the column's
 * edge steps (text set around a picture or a vertical headline) the lines around a paragraph's
 * first line still show its indent.
 */
function isIndent(dx: number, size: number): boolean {
  return dx >= INDENT_MIN * size && dx <= INDENT_MAX * size;
}

function isShortLine(l: Line | undefined, colX1: number): boolean {
  return l === undefined || colX1 - l.x1 > 1.5 * l.size;
}
