/**
 * Page recovery: one page's decoded text in, its articles out. A pure function: no ids, no
 * offsets, no I/O — those belong to later stages.
 *
 *   classify lines → detect layout and headline position → cut into articles →
 *   reflow each article's body → take bylines, markers and headlines apart
 */
import type { RecoveredArticle, RecoveredContributor, RecoveredPage, RecoveredParagraph, UnassignedLine } from './types.ts';
import { isStandaloneByline, parseStandaloneByline, stripContinuationMarker, takeInlineByline, takeTrailingByline } from './bylines.ts';
import { classifyLines, creditAfterLastLine, isByline, splitRawLines, type RawLine } from './lines.ts';
import { reflowParagraphs, traceParagraphLines } from './reflow.ts';
import { articleConfidence } from './confidence.ts';
import { LINE_CLOSERS, separateInterleaved } from './interleave.ts';
import { separateSideBySide } from './side-by-side.ts';
import { assignHeadlines, headingLinesOf, headingUnitTraced, splitAtUnrelatedHeadings } from './headlines.ts';
import { LABEL_MAX_CHARS, MAIN_HEADLINE_MAX_CHARS, SERIES_LABEL, SUBTITLE_DASH, VERTICAL_FORMS } from './heading-text.ts';
import { detectLayout, isCaption, segmentArticles, splitCreditedBlocks, weighHeadlinePosition, type Region } from './segment.ts';
import { joinDeckToArticle, joinHeadlineToStart, rejoinSections, splitAtClosingCredit } from './sections.ts';
import { joinPrintedPieces } from './pieces.ts';
import {
  cleanHeadlineTraced,
  collapsedTraced,
  dropPrefix,
  removeJustificationSpacesTraced,
  segmentsOf,
  textOf,
  tracedLine,
  visibleLength,
  type Traced,
} from './text.ts';

/**
 * Reviewed layout corrections for one page, by raw line number (the build resolves each
 * curation entry's quote to exactly one line): split an article at a line, merge the article
 * starting at a line into the one before, re-title the article holding a line.
 */
export interface LayoutCorrections {
  splitAt?: readonly number[];
  mergeAt?: readonly number[];
  retitle?: readonly { line: number; field: 'kicker' | 'headline' | 'subtitle'; value: string | null }[];
}

export function recoverPage(text: string, corrections: LayoutCorrections = {}): RecoveredPage {
  const lines = classifyLines(splitRawLines(text));
  const layout = detectLayout(lines);
  const { position: headlinePosition, margin: orderMargin } = weighHeadlinePosition(lines, layout);
  const overrides = { splitAt: new Set(corrections.splitAt ?? []), mergeAt: new Set(corrections.mergeAt ?? []) };
  const unassigned: UnassignedLine[] = lines
    .filter((l) => l.kind === 'furniture')
    .map((l) => ({ line: l.no, text: l.text, reason: l.furniture ?? 'page-furniture' }));
  const articles: RecoveredArticle[] = [];
  // The raw lines each article is made of (its region's), for its pieces.
  const ownLines: (readonly RawLine[])[] = [];
  const regions = joinDeckToArticle(
    splitAtClosingCredit(
      joinHeadlineToStart(splitAtUnrelatedHeadings(rejoinSections(splitCreditedBlocks(segmentArticles(lines, layout, headlinePosition, overrides), lines), headlinePosition, overrides.splitAt)), headlinePosition),
      headlinePosition,
    ),
  );
  // A headline that belongs to another article than the one it stands next to: when it stands
  // apart from its new article, its lines are listed as unassigned, unless another's range holds them.
  for (const l of assignHeadlines(regions).displaced) unassigned.push({ line: l.no, text: l.text, reason: 'displaced-headline' });
  for (const region of joinPrintedPieces(regions)) {
    if (region.lines.length === 0) continue;
    const article = buildArticle(region, articles.length + 1, lines, layout, orderMargin);
    // A headline alone is an article (a page may print headlines only), unless it is a label:
    // a section's name standing apart (`便民服务`) heads no text of its own.
    const label = article.headline !== null && visibleLength(article.headline) <= LABEL_MAX_CHARS && article.kicker === null && article.subtitle === null;
    if (article.paragraphs.length > 0 || (article.headline !== null && !label)) {
      articles.push(article);
      ownLines.push(region.lines);
    } else {
      // A byline, marker or label with nothing under it is no article; report its lines instead.
      for (const l of region.lines) unassigned.push({ line: l.no, text: l.text, reason: 'outside-article' });
    }
  }
  setPieces(articles, ownLines, unassigned, lines.length);
  // A furniture line printed inside one of an article's pieces (a contact line in a notice, a
  // folio between two columns) is left out of its text but lies within the article's lines:
  // the article accounts for it, so it is not also listed as unassigned (every raw line belongs
  // to one article or is unassigned, check raw-lines-covered-once). Pieces never overlap.
  const spans = articles.flatMap((a) => a.pieces.map((p) => [p.lineStart, p.lineEnd] as const)).sort((a, b) => a[0] - b[0]);
  const insideArticle = (line: number): boolean => {
    let lo = 0;
    let hi = spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid][1] < line) lo = mid + 1;
      else if (spans[mid][0] > line) hi = mid - 1;
      else return true;
    }
    return false;
  };
  const listed = unassigned.filter((u) => u.reason === 'outside-article' || !insideArticle(u.line));
  unassigned.length = 0;
  for (const u of listed) unassigned.push(u);
  unassigned.sort((a, b) => a.line - b.line);
  for (const { line, field, value } of corrections.retitle ?? []) {
    const article = articles.find((a) => a.pieces.some((p) => p.lineStart <= line && line <= p.lineEnd));
    if (!article) continue;
    article[field] = value;
    // A headline set by hand stands nowhere on the page.
    if (field === 'headline') article.headlineSegments = [];
  }
  return { layout, headlinePosition, lineCount: lines.length, articles, unassigned };
}

/**
 * Each article's pieces: its own lines (`ownLines[k]` for `articles[k]`, in raw order) as maximal
 * runs that hold no line of another article and no line listed as outside every article. Blank
 * and furniture lines between two of its lines stay in its piece. An article whose lines no other
 * article's lines interrupt is one piece, from its first line to its last.
 */
function setPieces(articles: RecoveredArticle[], ownLines: readonly (readonly RawLine[])[], unassigned: readonly UnassignedLine[], lineCount: number): void {
  // held[n]: line n is some article's, or listed as outside every article; taken[n]: how many of lines 1..n are held.
  const held = new Uint8Array(lineCount + 2);
  for (const own of ownLines) for (const l of own) held[l.no] = 1;
  for (const u of unassigned) if (u.reason === 'outside-article') held[u.line] = 1;
  const taken = new Int32Array(lineCount + 2);
  for (let n = 1; n <= lineCount + 1; n++) taken[n] = taken[n - 1] + held[n];
  articles.forEach((article, k) => {
    const own = [...ownLines[k]].sort((a, b) => a.no - b.no);
    if (own.length === 0) return;
    const pieces: { lineStart: number; lineEnd: number }[] = [];
    let piece = { lineStart: own[0].no, lineEnd: own[0].no };
    for (let i = 1; i < own.length; i++) {
      const no = own[i].no;
      // Lines strictly between the piece's end and this line that another holds cut the piece.
      if (taken[no - 1] - taken[piece.lineEnd] > 0) {
        pieces.push(piece);
        piece = { lineStart: no, lineEnd: no };
      } else {
        piece.lineEnd = no;
      }
    }
    pieces.push(piece);
    article.pieces = pieces;
  });
}

/**
 * A region's heading as units (the headline's lines, headlines.ts headingLinesOf) and their text.
 * A kicker set across the columns (segment.ts) is one unit, and the headline under it is the
 * rest: two lines of about one length there are its two clauses, read as one joined by a space.
 * `kicker` is how many units the kicker takes (0 or 1).
 */
function headingOf(region: Region): { units: RawLine[][]; traced: Traced[]; kicker: number } {
  const across = region.kickerAcross ?? [];
  const k = across.length > 0 && region.heading.length > across.length && across.every((l, i) => region.heading[i] === l) ? across.length : 0;
  const rest = headingLinesOf(region.heading.slice(k));
  const units = k > 0 ? [region.heading.slice(0, k), ...rest] : rest;
  const traced = units.map(headingUnitTraced);
  if (k === 0 || rest.length !== 2) return { units, traced, kicker: k > 0 ? 1 : 0 };
  const [a, b] = [traced[1], traced[2]];
  const [m, n] = [visibleLength(textOf(a)), visibleLength(textOf(b))];
  const clauses = m > LABEL_MAX_CHARS && n > LABEL_MAX_CHARS && !/[！？!?。]$/u.test(textOf(a)) && Math.abs(m - n) <= Math.max(1, CLAUSE_BALANCE * Math.max(m, n));
  if (!clauses) return { units, traced, kicker: 1 };
  return { units: [units[0], [...rest[0], ...rest[1]]], traced: [traced[0], { chars: [...a.chars, ' ', ...b.chars], origins: [...a.origins, null, ...b.origins] }], kicker: 1 };
}

/** Two clauses of a headline set as a pair differ in length by at most a quarter of the longer. */
const CLAUSE_BALANCE = 0.25;

/** Which line of a headline group is the main headline: the most prominent, i.e. the longest that is not a label. */
function headlineIndex(texts: readonly string[]): number {
  let allVerticalForms: boolean | undefined;
  const score = (t: string) => {
    const length = visibleLength(t);
    let s = length;
    // A line too long for a headline is an explanatory kicker or subtitle printed beside a shorter one.
    if (length > MAIN_HEADLINE_MAX_CHARS) s -= 100;
    if (SERIES_LABEL.test(t) || SUBTITLE_DASH.test(t)) s -= 100;
    if (VERTICAL_FORMS.test(t) && !(allVerticalForms ??= texts.every((other) => VERTICAL_FORMS.test(other)))) s -= 100;
    if (length <= LABEL_MAX_CHARS) s -= 50;
    return s;
  };
  // Each line scored once.
  let best = 0;
  let bestScore = texts.length > 0 ? score(texts[0]) : 0;
  for (let i = 1; i < texts.length; i++) {
    const s = score(texts[i]);
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  }
  return best;
}



/**
 * Splits a headline group into kicker / headline / subtitle. The main headline is the most
 * prominent line, which on the page means the longest; labels and series names are kickers,
 * dash-led lines subtitles. Lines above the headline are the kicker, lines below the subtitle.
 */
export function splitHeadingGroup(texts: readonly string[], best = headlineIndex(texts)): Pick<RecoveredArticle, 'kicker' | 'headline' | 'subtitle'> {
  if (texts.length === 0) return { kicker: null, headline: null, subtitle: null };
  const join = (parts: readonly string[]) => (parts.length ? parts.join(' ') : null);
  return { kicker: join(texts.slice(0, best)), headline: texts[best], subtitle: join(texts.slice(best + 1)) };
}

/** Any punctuation mark: a caption holds none. */
const PUNCTUATION = /\p{P}/u;

/**
 * A picture's caption (`…示意图`, often letter-spaced) that an extractor printed among the body's
 * lines, a block of its own: no part of the text. A body line that merely ends on such a word holds
 * punctuation, or the line after it goes on with a closing mark.
 */
function captionInBody(lines: readonly RawLine[], i: number): boolean {
  const line = lines[i];
  if (!isCaption(line) || PUNCTUATION.test(line.text)) return false;
  const next = lines[i + 1];
  if (lines[i - 1]?.no === line.no - 1 || next?.no === line.no + 1) return false;
  return next === undefined || !LINE_CLOSERS.has(next.text[0]);
}

function buildArticle(region: Region, seq: number, allLines: readonly RawLine[], layout: 'wide' | 'narrow', orderMargin: number): RecoveredArticle {
  const headingSet = new Set(region.heading);
  const bylineLines = new Set(region.lines.filter((l) => l.kind === 'byline' && !headingSet.has(l)));
  const rawBody = region.lines.filter((l, i) => !headingSet.has(l) && !bylineLines.has(l) && !(i > 0 && captionInBody(region.lines, i)));
  // Columns printed out of order: the body reads from where the article starts.
  const from = region.readFrom;
  const rotated = from === undefined ? rawBody : [...rawBody.filter((l) => l.no >= from), ...rawBody.filter((l) => l.no < from)];
  // The rest of a sentence printed elsewhere reads right after the line it goes on from.
  const ordered = region.readAfter === undefined ? rotated : readAfter(rotated, region.readAfter);
  // Two columns printed side by side on one line, or line by line in turn: each read in full.
  const body = creditAfterLastLine(separateInterleaved(separateSideBySide(ordered)));

  // Credits read in print order: bylines above the body, the inline one, those below it.
  const bodyStart = body[0]?.no ?? Infinity;
  const leading: string[] = [];
  const closing: string[] = [];
  const contributors: RecoveredContributor[] = [];
  for (const line of bylineLines) {
    const parsed = parseStandaloneByline(markedByline(line, allLines));
    (line.no < bodyStart ? leading : closing).push(parsed.byline);
    contributors.push(...parsed.contributors);
  }
  let byline: string | null = leading.length ? leading.join(' ') : null;

  let isContinuation = false;
  const paragraphs: RecoveredParagraph[] = [];
  for (const [i, lineParagraph] of reflowParagraphs(body, allLines, layout).entries()) {
    let printed = collapsedTraced(traceParagraphLines(lineParagraph));
    if (i === 0) {
      const text = textOf(printed);
      const stripped = stripContinuationMarker(text);
      if (stripped !== text) {
        isContinuation = true;
        printed = dropPrefix(printed, [...text].length - [...stripped].length);
      }
      const inline = takeInlineByline(stripped !== text ? textOf(printed) : text);
      if (inline) {
        // A bare dateline (`福州晚报讯`) names the paper the credit above belongs to: it reads first.
        const bare = inline.parsed.contributors.length === 0 && !/[（(]/u.test(inline.parsed.byline);
        byline = byline ? (bare ? `${inline.parsed.byline} ${byline}` : `${byline} ${inline.parsed.byline}`) : inline.parsed.byline;
        contributors.push(...inline.parsed.contributors);
        printed = dropPrefix(printed, printed.chars.length - [...inline.rest].length);
      }
    }
    const cleaned = lineParagraph.kind === 'subheading' ? cleanHeadlineTraced(printed) : removeJustificationSpacesTraced(printed);
    if (cleaned.chars.length === 0) continue; // a byline or marker that stood alone on its lines
    paragraphs.push({
      kind: lineParagraph.kind,
      text: textOf(cleaned),
      ...lineSpan(lineParagraph.lines),
      segments: segmentsOf(cleaned),
    });
  }

  for (const part of closing) byline = byline ? `${byline} ${part}` : part;
  takeOffTrailingByline(paragraphs, (trailing) => {
    byline = byline ? `${byline} ${trailing.byline}` : trailing.byline;
    contributors.push(...trailing.contributors);
  });

  const anchorLine = rawBody[0] ?? region.heading[0] ?? region.lines[0];
  const { units: headingUnits, traced: headingTraced, kicker: kickerUnits } = headingOf(region);
  const headingTexts = headingTraced.map(textOf);
  // Vertical headlines are read right to left: the main headline is the first column, the
  // subtitle beside it; elsewhere the most prominent line is.
  const allVertical = headingUnits.length > 0 && headingUnits.every((u) => u.length > 1 && u[0].vertical);
  const main = allVertical ? 0 : kickerUnits + headlineIndex(headingTexts.slice(kickerUnits));
  const headlineUnit = headingTraced[main];
  const { confidence, doubts } = articleConfidence({
    hasHeadline: region.heading.length > 0,
    headlineNextToByline: headingNextToByline(region, allLines),
    headlineMoved: region.headingMoved === true,
    hasByline: byline !== null,
    hasBody: paragraphs.some((p) => p.kind === 'body'),
    orderMargin,
    longestParagraphLines: paragraphs.reduce((n, p) => Math.max(n, p.lineEnd - p.lineStart + 1), 0),
  });
  return {
    seq,
    ...splitHeadingGroup(headingTexts, main),
    headlineSegments: headlineUnit ? segmentsOf(headlineUnit) : [],
    byline,
    contributors,
    isContinuation,
    paragraphs,
    lineStart: region.lines[0].no,
    lineEnd: region.lines[region.lines.length - 1].no,
    // One piece until the page's articles are all known (setPieces).
    pieces: [{ lineStart: region.lines[0].no, lineEnd: region.lines[region.lines.length - 1].no }],
    anchor: anchorLine.text.replace(/[\s\u00a0\u3000]+/gu, ''),
    layoutConfidence: confidence,
    layoutDoubts: doubts,
  };
}

/** The mark that leads a credit (`■记者 X`), alone on its line. */
const BYLINE_MARK = /^[■◆●▲□★]$/u;

/**
 * A byline's text with its leading mark: an extractor that sets the mark's font apart prints it
 * alone on a line of its own right under the credit (or right over it), at most a blank line
 * away. A mark between two credits is the one's under which it stands.
 */
function markedByline(line: RawLine, allLines: readonly RawLine[]): string {
  if (/^[■◆●▲□★]/u.test(line.text.trim())) return line.text;
  // allLines[k] is raw line k + 1.
  const nearest = (from: number, step: number): RawLine | undefined => {
    for (let i = from, seen = 0; i >= 0 && i < allLines.length && seen < 2; i += step, seen++) if (allLines[i].kind !== 'blank') return allLines[i];
    return undefined;
  };
  const isMark = (l: RawLine | undefined): l is RawLine => l !== undefined && BYLINE_MARK.test(l.text.trim());
  const at = line.no - 1;
  let mark = nearest(at + 1, 1);
  if (!isMark(mark)) {
    mark = nearest(at - 1, -1);
    if (!isMark(mark) || isByline(nearest(mark.no - 2, -1))) return line.text;
  }
  const marked = `${mark.text.trim()}${line.text.trim()}`;
  return isStandaloneByline(marked) ? marked : line.text;
}

/** `body` with each entry's lines taken out and read right after its line. */
function readAfter(body: readonly RawLine[], moves: readonly { line: number; lines: number[] }[]): RawLine[] {
  let out = [...body];
  for (const { line, lines } of moves) {
    const moved = new Set(lines);
    const taken = out.filter((l) => moved.has(l.no));
    const rest = out.filter((l) => !moved.has(l.no));
    const at = rest.findIndex((l) => l.no === line);
    if (at < 0 || taken.length === 0) continue;
    out = [...rest.slice(0, at + 1), ...taken, ...rest.slice(at + 1)];
  }
  return out;
}

/**
 * The raw lines a paragraph spans: its first and last in raw order, since a paragraph read across
 * columns printed out of order ends above where it starts. (A loop: a spread of a long paragraph
 * overflows the stack.)
 */
function lineSpan(lines: readonly RawLine[]): { lineStart: number; lineEnd: number } {
  let lineStart = lines[0].no;
  let lineEnd = lineStart;
  for (const l of lines) {
    if (l.no < lineStart) lineStart = l.no;
    if (l.no > lineEnd) lineEnd = l.no;
  }
  return { lineStart, lineEnd };
}

/**
 * A credit in brackets after the last sentence (`…完成。（李 明）`) is the byline, not body text.
 * Only the article's last body paragraph can end with one; where another paragraph ends with one
 * too, the piece is a column of briefs, each with its own credit, and every credit stays in its brief.
 */
function takeOffTrailingByline(paragraphs: RecoveredParagraph[], take: (t: NonNullable<ReturnType<typeof takeTrailingByline>>) => void): void {
  const last = paragraphs[paragraphs.length - 1];
  if (!last || last.kind !== 'body') return;
  if (paragraphs.some((p) => p !== last && p.kind === 'body' && takeTrailingByline(p.text) !== null)) return;
  const trailing = takeTrailingByline(last.text);
  if (!trailing) return;
  take(trailing);
  const keep = [...trailing.rest].length;
  last.text = trailing.rest;
  last.segments = last.segments.filter((s) => s.start < keep).map((s) => ({ ...s, end: Math.min(s.end, keep) }));
}

/** Whether the nearest non-blank line after the headline group, or before it, is a byline or dateline. */
function headingNextToByline(region: Region, allLines: readonly RawLine[]): boolean {
  if (region.heading.length === 0) return false;
  const nearest = (from: number, step: number) => {
    for (let i = from; i >= 0 && i < allLines.length; i += step) if (allLines[i].kind !== 'blank') return allLines[i];
    return undefined;
  };
  const first = region.heading[0].no - 1;
  const last = region.heading[region.heading.length - 1].no - 1;
  return isByline(nearest(last + 1, 1)) || isByline(nearest(first - 1, -1));
}

