/**
 * Articles printed in pieces. A page may set part of an article apart from the rest, with another
 * article between: its last paragraphs after the next article, or its start before an article and
 * the rest, under its headline, after it. Cutting gives each piece to the article it stands in;
 * here a piece goes back to its own article, which is then printed in pieces (types.ts, `pieces`).
 *
 * A piece moves on evidence from the page's layout, backed by what the text is about:
 * - a sentence cut off: the article breaks off mid-sentence and the piece opens mid-sentence
 *   (`民。…`, under a headline maybe, or inside another article after a finished sentence), and
 *   its words lean to that article;
 * - a quotation cut off: the article breaks off inside an open quotation at a column's end, and a
 *   piece with no headline, above the article or below it, opens inside one (it closes a
 *   quotation before opening any), and its words lean to that article;
 * - two credits: the piece closes an article that already has its credit, with a credit of its
 *   own, and the article before has none; then its word pairs (names such as 王某, places,
 *   bodies) must recur in that article far more than in the one it stands in, each pair weighed
 *   by how few of the page's articles have it.
 * A piece that repeats the other article's sentences word for word is a second printing, never
 * a piece of it.
 */
import { isByline, type RawLine } from './lines.ts';
import type { Region } from './segment.ts';
import { takeTrailingByline } from './bylines.ts';
import { opensMidSentence } from './headlines.ts';
import { MAIN_HEADLINE_MAX_CHARS } from './heading-text.ts';
import { bigrams, hasClausePunctuation, visibleLength } from './text.ts';
import { hanHead, hanTail, wordAcross } from './interleave.ts';

/** How many articles may stand between an article and its tail. */
const MAX_BETWEEN = 1;
/**
 * How many whole articles may stand between a start broken off mid-sentence and the piece that
 * opens on the rest of the sentence: an extractor printing in content order (pdftotext) sets the
 * columns of one article far apart.
 */
const MAX_BETWEEN_CUT = 5;
/** A tail must share at least this weight of word pairs with its article… */
const MIN_TAIL_WEIGHT = 10;
/** …and this many times the weight it shares with the article it stands in. */
const TAIL_MARGIN = 10;
/** A headline over a piece runs at most this many lines (kicker, headline, subtitle). */
const MAX_HEADLINE_LINES = 3;
/** A tail runs at most this many blocks of prose; a piece inside another article at most this many past its first. */
const MAX_TAIL_BLOCKS = 6;
/** Fewer letters than this in a tail tell nothing of what it is about. */
const MIN_TAIL_CHARS = 20;

/** A line of prose: text, or text that opens on a dateline or a continuation marker. */
function isProse(line: RawLine): boolean {
  return line.kind === 'text' || line.kind === 'inline-byline' || line.kind === 'continuation';
}

/** The lines of a region that hold its text: not its headline or a byline of its own. */
function bodyLines(region: Region): RawLine[] {
  const heading = new Set(region.heading);
  return region.lines.filter((l) => isProse(l) && !heading.has(l));
}

function textOfLines(lines: readonly RawLine[]): string {
  let text = '';
  for (const l of lines) text += l.text;
  return text;
}

/** A byline or dateline, or a credit in brackets after a sentence (`…完成。（李 明）`). */
function isCredit(line: RawLine): boolean {
  return isByline(line) || (line.kind === 'text' && takeTrailingByline(line.text) !== null);
}

/**
 * An article has one credit: a region that opens on one (under its headline) and ends on
 * another, after a sentence end, holds the end of another article, which had none of its own.
 */
function twoCredits(region: Region): boolean {
  const heading = new Set(region.heading);
  const first = region.lines.find((l) => !heading.has(l));
  const n = region.lines.length;
  const last = region.lines[n - 1];
  return first !== undefined && last !== first && isByline(first) && last.kind === 'byline' && region.lines[n - 2]?.endsSentence === true;
}

/** An article that ends on a credit (a byline after the body, or `（李 明）`) has ended. */
function endsOnCredit(region: Region): boolean {
  const last = region.lines[region.lines.length - 1];
  return last === undefined || last.kind === 'byline' || last.kind === 'inline-byline' || (last.kind === 'text' && takeTrailingByline(last.text) !== null);
}

/** The region ends mid-sentence: its last line is prose that does not end a sentence. */
function endsMidSentence(region: Region): boolean {
  const last = region.lines[region.lines.length - 1];
  return last !== undefined && isProse(last) && !region.heading.includes(last) && !last.endsSentence;
}

/** The region's text opens mid-sentence, under its headline and with no byline or marker before it. */
function startsMidSentence(region: Region): boolean {
  const heading = new Set(region.heading);
  const first = region.lines.find((l) => !heading.has(l));
  return first !== undefined && first.kind === 'text' && opensMidSentence(first);
}

/** Letters in a row two texts must share for one to repeat the other. */
const REPEAT_CHARS = 8;

/**
 * `piece` repeats a run of REPEAT_CHARS letters of `other` word for word (whitespace aside): it
 * prints the same sentences again (a lead repeated under a second headline, a summary), so it
 * is no piece of the same article, which never says a sentence twice.
 */
function repeats(piece: string, other: string, chars = REPEAT_CHARS): boolean {
  const squeeze = (t: string) => t.replace(/[\s\u00a0\u3000]+/gu, '');
  const a = [...squeeze(piece)];
  const b = squeeze(other);
  if (a.length < chars) return false;
  const runs = new Set<string>();
  const bs = [...b];
  for (let k = 0; k + chars <= bs.length; k++) runs.add(bs.slice(k, k + chars).join(''));
  for (let k = 0; k + chars <= a.length; k++) if (runs.has(a.slice(k, k + chars).join(''))) return true;
  return false;
}

/** Letters in a row that repeat a clause, not a name. */
const CLAUSE_REPEAT_CHARS = 16;

const NONE: ReadonlySet<number> = new Set();

/** The lines of `a` and `b` as one region's, in raw order. */
function union(a: readonly RawLine[], b: readonly RawLine[]): RawLine[] {
  return [...a, ...b].sort((x, y) => x.no - y.no);
}

/**
 * Weight of the word pairs of `piece` found in `own` but not in `other`: each pair counts one over
 * the number of the page's bodies besides the piece that have it, so a pair only the piece and
 * `own` have counts 1, and a pair many articles have next to nothing. `df` counts bodies; `counted`
 * is 1 when, for the pairs weighed, one of them is the piece's own (the piece is a body, or part of
 * one that has the pair nowhere else), and 0 when the piece's body is `own` itself.
 */
function sharedWeight(piece: ReadonlySet<number>, own: ReadonlySet<number>, other: ReadonlySet<number>, df: ReadonlyMap<number, number>, counted: 0 | 1): number {
  let weight = 0;
  for (const w of piece) if (own.has(w) && !other.has(w)) weight += 1 / Math.max(1, (df.get(w) ?? 0) - counted);
  return weight;
}

/**
 * Joins the pieces of articles printed in pieces, in place of the regions cutting made: the
 * joined article stands where its first piece does. Regions are in page order.
 */
export function joinPrintedPieces(input: readonly Region[]): Region[] {
  const regions = [...input];
  if (regions.length < 2) return regions;
  // Word pairs are counted only on a page where some piece may stand apart (most have none).
  const bodies: (Set<number> | undefined)[] = regions.map(() => undefined);
  const body = (k: number): Set<number> => (bodies[k] ??= bigrams(textOfLines(bodyLines(regions[k]))));
  let counts: Map<number, number> | undefined;
  const df = (): Map<number, number> => {
    if (counts === undefined) {
      counts = new Map();
      for (let k = 0; k < regions.length; k++) for (const w of body(k)) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    return counts;
  };
  const complete = (r: Region) => r.heading.length > 0;

  // 1. A start and its continuation: a piece without a headline that breaks off mid-sentence, and,
  //    past at most MAX_BETWEEN_CUT whole articles, the first piece whose text under its headline
  //    opens mid-sentence.
  for (let i = 0; i < regions.length; i++) {
    const start = regions[i];
    // (A piece read from a column printed after the others reads in raw order no longer.)
    if (start.heading.length > 0 || start.readFrom !== undefined || !endsMidSentence(start) || start.lines.some((l) => l.kind === 'continuation')) continue;
    for (let j = i + 1; j <= Math.min(regions.length - 1, i + 1 + MAX_BETWEEN_CUT); j++) {
      const rest = regions[j];
      if (rest.readFrom !== undefined || !startsMidSentence(rest)) {
        if (!complete(rest)) break;
        continue;
      }
      // The words decide too: the start shares more with the continuation than with what stands between.
      const own = sharedWeight(body(i), body(j), NONE, df(), 1);
      if (regions.slice(i + 1, j).some((_, k) => sharedWeight(body(i), body(i + 1 + k), NONE, df(), 1) >= own)) break;
      if (repeats(textOfLines(bodyLines(start)), textOfLines(bodyLines(rest)))) break;
      regions[i] = { ...rest, lines: union(start.lines, rest.lines) };
      regions.splice(j, 1);
      bodies.splice(j, 1);
      bodies[i] = undefined;
      break;
    }
  }

  // 1b. A last column printed apart: a piece with no headline, credit, dateline or marker (no
  //     article of its own opens so), after an article that breaks off mid-sentence and has not
  //     ended on a credit, past at most MAX_BETWEEN whole ones, goes back to it when it shares more
  //     words with it than with each article between (an extractor reading in rows prints the
  //     columns beside a table after the articles above it).
  for (let j = 1; j < regions.length; j++) {
    const rest = regions[j];
    if (rest.heading.length > 0 || rest.readAfter !== undefined || rest.lines.some((l) => !isProse(l) || l.kind !== 'text')) continue;
    for (let e = j - 1; e >= Math.max(0, j - 1 - MAX_BETWEEN); e--) {
      const owner = regions[e];
      if (!endsMidSentence(owner) || endsOnCredit(owner) || !complete(owner)) {
        if (!complete(owner)) break;
        continue;
      }
      const own = sharedWeight(body(j), body(e), NONE, df(), 1);
      if (own < MIN_TAIL_WEIGHT || regions.slice(e + 1, j).some((_, k) => sharedWeight(body(j), body(e + 1 + k), NONE, df(), 1) >= own)) break;
      // (A name may come back in its article's last column: a second printing repeats whole clauses.)
      if (repeats(textOfLines(bodyLines(rest)), textOfLines(bodyLines(owner)), CLAUSE_REPEAT_CHARS)) break;
      regions[e] = { ...owner, lines: union(owner.lines, rest.lines) };
      regions.splice(j, 1);
      bodies.splice(j, 1);
      bodies[e] = undefined;
      j--;
      break;
    }
  }

  // 2. A tail after the next article: the last blocks of an article that continue the article
  //    before it (at most one whole article between), which has not ended on a credit.
  for (let h = 1; h < regions.length; h++) {
    const host = regions[h];
    let starts: number[] | undefined;
    for (let e = h - 1; e >= Math.max(0, h - 1 - MAX_BETWEEN); e--) {
      const owner = regions[e];
      // What says a piece stands apart: the owner broke off mid-sentence, or the host holds two
      // credits (one opening it, one closing its last block) while the owner has none.
      const cutOff = endsMidSentence(owner);
      const credits = !cutOff && twoCredits(host) && !owner.lines.some(isCredit);
      if (owner.readFrom !== undefined || endsOnCredit(owner) || !(cutOff || credits) || bodyLines(owner).length === 0) {
        if (!complete(owner)) break;
        continue;
      }
      // Only prose after the headline can be another's: a headline printed after its body stays its own.
      if (starts === undefined) {
        const lastHeading = host.heading.length ? host.lines.indexOf(host.heading[host.heading.length - 1]) : -1;
        starts = lastHeading < 0 ? [] : blockStarts(host).filter((k) => k > lastHeading);
      }
      let at = starts.length > 0 ? tailStart(host, starts, body(e), df(), cutOff, credits) : -1;
      if (at >= 0 && repeats(textOfLines(host.lines.slice(at).filter(isProse)), textOfLines(bodyLines(owner)))) at = -1;
      if (at < 0) {
        if (!complete(owner)) break;
        continue;
      }
      const tail = host.lines.slice(at);
      // A headline over the tail is the headline of an article that had none.
      const over = owner.heading.length === 0 ? headlineOver(host.lines, at) : 0;
      regions[e] = { ...owner, lines: union(owner.lines, tail), heading: over > 0 ? tail.slice(0, over) : owner.heading };
      const kept = { ...host, lines: host.lines.slice(0, at) };
      if (kept.readFrom !== undefined && !kept.lines.some((l) => l.no === kept.readFrom)) delete kept.readFrom;
      regions[h] = kept;
      bodies[e] = undefined;
      bodies[h] = undefined;
      break;
    }
  }

  // 3. The rest of a sentence inside another article: an article that breaks off mid-sentence,
  //    and, in an article after it (past at most MAX_BETWEEN_CUT whole ones), a block that opens
  //    on the rest of the sentence after a finished one, and the blocks after it that lean to it.
  for (let e = 0; e < regions.length; e++) {
    const owner = regions[e];
    if (owner.readFrom !== undefined || !endsMidSentence(owner)) continue;
    for (let h = e + 1; h <= Math.min(regions.length - 1, e + 1 + MAX_BETWEEN_CUT); h++) {
      const host = regions[h];
      const piece = host.readFrom === undefined ? innerPiece(host, body(e), df()) : null;
      if (piece !== null && !repeats(textOfLines(host.lines.slice(piece.from, piece.to).filter(isProse)), textOfLines(bodyLines(owner)))) {
        regions[e] = { ...owner, lines: union(owner.lines, host.lines.slice(piece.from, piece.to)) };
        regions[h] = { ...host, lines: [...host.lines.slice(0, piece.from), ...host.lines.slice(piece.to)] };
        bodies[e] = undefined;
        bodies[h] = undefined;
        break;
      }
      if (!complete(host)) break;
    }
  }
  // 4. The rest of a sentence broken off before a heading inside an article: a line that stops
  //    mid-sentence right before a heading set apart (a column's end: print never breaks a
  //    sentence before a subheading), and, in an article after it, a block as in 3 whose first
  //    words make a word with the broken line's last ones. The block is read right after that line.
  for (let e = 0; e < regions.length; e++) {
    const owner = regions[e];
    if (owner.readFrom !== undefined) continue;
    const cut = breakBeforeHeading(owner);
    if (cut === null) continue;
    const joins = (line: RawLine) => line.kind === 'text' && wordAcross(hanTail(cut.text, JOIN_SIDE), hanHead(line.text, JOIN_SIDE)) >= JOIN_WORD;
    for (let h = e + 1; h <= Math.min(regions.length - 1, e + 1 + MAX_BETWEEN_CUT); h++) {
      const host = regions[h];
      // (The words are weighed only where some block set apart after a sentence end joins the line.)
      const mayJoin = host.lines.some((x, k) => k > 0 && x.no > host.lines[k - 1].no + 1 && host.lines[k - 1].endsSentence && joins(x));
      const piece = host.readFrom === undefined && mayJoin ? innerPiece(host, body(e), df(), joins) : null;
      if (piece !== null && !repeats(textOfLines(host.lines.slice(piece.from, piece.to).filter(isProse)), textOfLines(bodyLines(owner)))) {
        const moved = host.lines.slice(piece.from, piece.to);
        regions[e] = { ...owner, lines: union(owner.lines, moved), readAfter: [...(owner.readAfter ?? []), { line: cut.no, lines: moved.map((l) => l.no) }] };
        regions[h] = { ...host, lines: [...host.lines.slice(0, piece.from), ...host.lines.slice(piece.to)] };
        bodies[e] = undefined;
        bodies[h] = undefined;
        break;
      }
      if (!complete(host)) break;
    }
  }
  // 5. The rest of a quotation printed apart, above its article or below it: a region with no
  //    headline whose text closes a quotation before it opens one (it begins inside a quotation
  //    begun elsewhere), and the article its words lean to clearly more than to any other, whose
  //    text breaks off inside an open quotation, mid-sentence, at a column's end (columnBreak). An
  //    extractor printing in content order may set a column's last lines anywhere on the page. The
  //    piece's prose is read right after the broken line; a credit over it (a picture's) stays
  //    where it stands.
  // 6. The text printed after that break, then, does not go on from it: it is the top of a column,
  //    and when its words lean to an earlier article many times more than to the text before the
  //    break, it is that article's last column, printed apart.
  for (let p = 0; p < regions.length; p++) {
    const piece = regions[p];
    if (piece.heading.length > 0 || piece.readFrom !== undefined || piece.readAfter !== undefined) continue;
    const prose = bodyLines(piece);
    const text = textOfLines(prose);
    if (prose.length === 0 || !closesBeforeOpening(text)) continue;
    let e = -1;
    let best = 0;
    let second = 0;
    for (let k = 0; k < regions.length; k++) {
      if (k === p) continue;
      const w = sharedWeight(body(p), body(k), NONE, df(), 1);
      if (w > best) [second, best, e] = [best, w, k];
      else if (w > second) second = w;
    }
    if (e < 0 || best < MIN_TAIL_WEIGHT || best < REST_MARGIN * second) continue;
    const owner = regions[e];
    if (owner.heading.length === 0 || owner.readFrom !== undefined) continue;
    const cut = columnBreak(owner);
    // (No second printing opens inside a sentence: the piece is not tested for repeating the article.)
    if (cut === null) continue;
    const moved = new Set(prose);
    const joined: Region = { ...owner, lines: union(owner.lines, prose), readAfter: [...(owner.readAfter ?? []), { line: cut.line.no, lines: prose.map((l) => l.no) }] };
    regions[p] = { ...piece, lines: piece.lines.filter((l) => !moved.has(l)) };
    regions[e] = joined;
    bodies[p] = undefined;
    bodies[e] = undefined;
    if (cut.next < 0) continue;
    const tail = owner.lines.slice(cut.next);
    const beforeText = textOfLines(bodyLinesBefore(owner, cut.next));
    const tailText = textOfLines(tail.filter(isProse));
    if ([...tailText].length < MIN_TAIL_CHARS || tailText.length > beforeText.length) continue;
    const words = bigrams(tailText);
    const before = bigrams(beforeText);
    let o = -1;
    let toOwner = 0;
    for (let k = 0; k < e; k++) {
      if (k === p || regions[k].readFrom !== undefined || endsOnCredit(regions[k]) || bodyLines(regions[k]).length === 0) continue;
      const w = sharedWeight(words, body(k), before, df(), 1);
      if (w > toOwner) [o, toOwner] = [k, w];
    }
    if (o < 0 || toOwner < MIN_TAIL_WEIGHT || toOwner < TAIL_LEAN * sharedWeight(words, before, body(o), df(), 0)) continue;
    if (repeats(tailText, textOfLines(bodyLines(regions[o])))) continue;
    const taken = new Set(tail);
    regions[o] = { ...regions[o], lines: union(regions[o].lines, tail) };
    regions[e] = { ...joined, lines: joined.lines.filter((l) => !taken.has(l)) };
    bodies[o] = undefined;
    bodies[e] = undefined;
  }
  return regions;
}

/** The rest of a sentence leans to its article at least this many times more than to any other. */
const REST_MARGIN = 1.5;
/** A column printed after a break goes to an earlier article only when it leans to it this many times more than to the text before the break. */
const TAIL_LEAN = 3;

/** Whether `text` closes a quotation (`”`) before it opens one (`“`). */
function closesBeforeOpening(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '“') depth++;
    else if (c === '”' && depth-- === 0) return true;
  }
  return false;
}

/** Whether `text` leaves a quotation open at its end (a close with none open is ignored). */
function leavesQuotationOpen(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '“') depth++;
    else if (c === '”') depth = Math.max(0, depth - 1);
  }
  return depth > 0;
}

/**
 * A column's end inside an article's text: a line of its prose that stops mid-sentence inside an
 * open quotation with a gap after it (a blank line, a line of something else), after which the
 * article's prose opens no sentence's rest (it opens no mid-sentence, or there is none). The
 * first such line, and the index of the prose line after the gap (-1: none), or null.
 */
function columnBreak(region: Region): { line: RawLine; next: number } | null {
  const heading = new Set(region.heading);
  const lines = region.lines;
  const moved = new Set((region.readAfter ?? []).map((m) => m.line));
  let text = '';
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    if (!isProse(l) || heading.has(l)) continue;
    text += l.text;
    if (l.endsSentence || moved.has(l.no) || (k + 1 < lines.length && lines[k + 1].no === l.no + 1)) continue;
    let j = k + 1;
    while (j < lines.length && (!isProse(lines[j]) || heading.has(lines[j]) || headlineShaped(lines[j]))) j++;
    if (j < lines.length && opensMidSentence(lines[j])) continue;
    if (!leavesQuotationOpen(text)) continue;
    return { line: l, next: j < lines.length ? j : -1 };
  }
  return null;
}

/** Characters looked at on each side of a join, and the word evidence (log-likelihood ratio, interleave.ts) a join across two articles needs. */
const JOIN_SIDE = 3;
const JOIN_WORD = 2;

/**
 * A line of the region's text that stops mid-sentence right before a heading-shaped line standing
 * alone between blank lines, with text after that heading: where the rest of the sentence was
 * printed elsewhere. (A prose line set apart by blank lines goes on in the line right under it.)
 * The first such line, or null.
 */
function breakBeforeHeading(region: Region): RawLine | null {
  const heading = new Set(region.heading);
  const lines = region.lines;
  for (let k = 0; k + 2 < lines.length; k++) {
    const l = lines[k];
    const next = lines[k + 1];
    // (A subheading leading its prose with no blank line under it, narrower than the broken line
    // and than the prose under it, is set apart enough.)
    const leads = next.headingLike && next.width < l.width && next.width < lines[k + 2].width;
    if (!isProse(l) || heading.has(l) || l.endsSentence || heading.has(next) || next.no <= l.no + 1 || (lines[k + 2].no <= next.no + 1 && !leads) || !headlineShaped(next)) continue;
    if (lines.slice(k + 2).some((x) => isProse(x) && !heading.has(x) && !headlineShaped(x))) return l;
  }
  return null;
}

/**
 * How many times innerPiece read a host's text again to weigh a block against it (the costly step,
 * each as long as the host): a count the tests read to check that the work stays a few reads per
 * host, however many blocks it holds. Only ever added to; cheap.
 */
export const pieceWork = { hostReads: 0 };

/**
 * A piece of another article inside `host`, as indexes [from, to) into its lines: a block of
 * prose (its lines in a row, set apart from the host's line before it, which ends a sentence)
 * that opens mid-sentence (`opens`) and shares more with the owner (`owner`, its body's word pairs) than
 * with the rest of the host, and the blocks after it that share at least as much with the owner.
 * Null when there is none.
 */
function innerPiece(host: Region, owner: ReadonlySet<number>, df: ReadonlyMap<number, number>, opens: (line: RawLine) => boolean = opensMidSentence): { from: number; to: number } | null {
  const lines = host.lines;
  const heading = new Set(host.heading);
  // Blocks of the host's prose after its headline: lines in a row, [start, end) indexes.
  const lastHeading = host.heading.length ? lines.indexOf(host.heading[host.heading.length - 1]) : -1;
  const blocks: [number, number][] = [];
  for (let k = lastHeading + 1; k < lines.length; k++) {
    const l = lines[k];
    if (!isProse(l) || heading.has(l)) continue;
    const last = blocks[blocks.length - 1];
    if (last !== undefined && last[1] === k && l.no === lines[k - 1].no + 1) last[1] = k + 1;
    else blocks.push([k, k + 1]);
  }
  // Each block weighed reads the whole host again: a few, however long the host.
  let tried = 0;
  for (let b = 1; b < blocks.length && tried < MAX_TAIL_BLOCKS; b++) {
    const [from] = blocks[b];
    const prev = lines[from - 1];
    if (!opens(lines[from]) || !(isProse(prev) && prev.endsSentence)) continue;
    tried++;
    const rest = (to: number) => {
      pieceWork.hostReads++;
      return bigrams(textOfLines([...lines.slice(0, from), ...lines.slice(to)].filter((l) => isProse(l) && !heading.has(l))));
    };
    // Whether the block [x, y) shares more with the owner than with the host without the piece up to y.
    const leans = (x: number, y: number, strict: boolean) => {
      const others = rest(y);
      const words = bigrams(textOfLines(lines.slice(x, y).filter(isProse)));
      const toOwner = sharedWeight(words, owner, others, df, 1);
      const toHost = sharedWeight(words, others, owner, df, 0);
      return strict ? toOwner > toHost : toOwner >= toHost;
    };
    let to = blocks[b][1];
    if (!leans(from, to, true)) continue;
    for (let c = b + 1; c < blocks.length && c <= b + MAX_TAIL_BLOCKS && blocks[c][0] === to && leans(blocks[c][0], blocks[c][1], false); c++) to = blocks[c][1];
    // The host keeps its lead: a piece is never the most of it.
    if (textOfLines(lines.slice(from, to).filter(isProse)).length > textOfLines([...lines.slice(0, from), ...lines.slice(to)].filter(isProse)).length) continue;
    return { from, to };
  }
  return null;
}

/**
 * Where blocks of prose open in a region, after its headline and first block: a text line after
 * a sentence end with a blank line or an indent between. Indexes into `region.lines`.
 */
function blockStarts(region: Region): number[] {
  const heading = new Set(region.heading);
  const firstBody = region.lines.findIndex((l) => l.kind === 'text' && !heading.has(l));
  const out: number[] = [];
  if (firstBody < 0) return out;
  for (let k = firstBody + 1; k < region.lines.length; k++) {
    const l = region.lines[k];
    const prev = region.lines[k - 1];
    if (l.kind !== 'text' || heading.has(l) || heading.has(prev)) continue;
    if (!prev.endsSentence || prev.kind !== 'text') continue;
    if (l.no > prev.no + 1 || l.indented) out.push(k);
  }
  return out;
}

/**
 * The first line of the tail of `host` that continues another article (whose body's word pairs
 * are `owner`), or -1. The tail is the longest run of the host's last blocks (at most
 * MAX_TAIL_BLOCKS) each of which shares at least as much with the owner as with the host's text
 * before the tail, the first more, and it is the lesser part of the host. Then either the owner
 * broke off mid-sentence and the tail opens mid-sentence (under a headline, maybe), or the host
 * holds two credits (`credits`) and the tail shares clearly more with the owner.
 */
function tailStart(host: Region, starts: readonly number[], owner: ReadonlySet<number>, df: ReadonlyMap<number, number>, ownerCutOff: boolean, credits: boolean): number {
  const lines = host.lines;
  const prose = (from: number, to: number) => textOfLines(lines.slice(from, to).filter(isProse));
  const candidates = starts.slice(-MAX_TAIL_BLOCKS);
  for (let c = 0; c < candidates.length; c++) {
    const at = candidates[c];
    const beforeText = textOfLines(bodyLinesBefore(host, at));
    const tailText = prose(at, lines.length);
    // A tail is the lesser part of where it stands: were it the greater, the article's lead would be what stands apart.
    if ([...tailText].length < MIN_TAIL_CHARS || tailText.length > beforeText.length) continue;
    const before = bigrams(beforeText);
    let leans = true;
    for (let b = c; b < candidates.length && leans; b++) {
      const block = bigrams(prose(candidates[b], candidates[b + 1] ?? lines.length));
      const toOwner = sharedWeight(block, owner, before, df, 1);
      const toHost = sharedWeight(block, before, owner, df, 0);
      leans = b === c ? toOwner > toHost : toOwner >= toHost;
    }
    if (!leans) continue;
    const tail = bigrams(tailText);
    const toOwner = sharedWeight(tail, owner, before, df, 1);
    const toHost = sharedWeight(tail, before, owner, df, 0);
    const opener = lines[at + headlineOver(lines, at)];
    if (ownerCutOff && opener !== undefined && opensMidSentence(opener) && toOwner > toHost) return at;
    if (credits && toOwner >= MIN_TAIL_WEIGHT && toOwner >= TAIL_MARGIN * toHost) return at;
  }
  return -1;
}

/**
 * How many heading-like lines stand at index `at` of `lines` over a line that opens mid-sentence:
 * a headline printed over the rest of an article begun elsewhere (0 when there is none).
 */
function headlineOver(lines: readonly RawLine[], at: number): number {
  let k = at;
  while (k < lines.length && k - at < MAX_HEADLINE_LINES && headlineShaped(lines[k])) k++;
  // (Set apart from the text under it: a prose line cut by a column end goes on in the next line.)
  return k > at && k < lines.length && lines[k].no > lines[k - 1].no + 1 && opensMidSentence(lines[k]) ? k - at : 0;
}

/** A line a headline could be by its own text: short, no clause mark, no sentence end. */
function headlineShaped(line: RawLine): boolean {
  return line.kind === 'text' && (line.headingLike || (!line.endsSentence && !hasClausePunctuation(line.text) && visibleLength(line.text) <= MAIN_HEADLINE_MAX_CHARS));
}

/** The body lines of `region` before index `at` of its lines. */
function bodyLinesBefore(region: Region, at: number): RawLine[] {
  const heading = new Set(region.heading);
  return region.lines.slice(0, at).filter((l) => isProse(l) && !heading.has(l));
}
