/**
 * Pieces of one printed line read in the wrong order. An extractor that breaks a printed line
 * where a figure or a letter set in another font stands (pdfminer with its default line overlap)
 * takes that figure out, and the line's two sides become lines of their own in the column's
 * block: the left piece, which goes on from the line above, and the right piece, which runs on
 * into the line below. It sorts a block's lines by their top edge, which the two pieces share, so
 * it prints them in either order (`万人次，新修的步道很受` / `客超过` where the page prints
 * `客超过 20 万人次，新修的步道很受`).
 *
 * Two short lines in a row in one block, together no wider than the column, may be such a pair.
 * Each pair is read in the order the words across its joins say: a word running from the line
 * above into the left piece, and from the right piece into the line below (`…的旅` / `客超过`
 * holds 旅客, `…很受` / `欢迎。…` holds 受欢迎). A printed line never opens on a closing mark nor
 * ends on an opening one, which tells the right piece from the left too. The raw order stays
 * unless the evidence clearly favours the other one; a sentence's end over a short line, three
 * short lines that fit in one printed line, and a quotation whole on its line make no pair.
 */
import type { RawLine } from './lines.ts';
import { FORCED, LINE_CLOSERS, LINE_OPENERS, wordEvidence } from './interleave.ts';

/** A piece is this much narrower than its column at least: a full line is no piece. */
const PIECE_SHORT = 2;
/** Two pieces of one printed line are together at most this much wider than the column (squeezed punctuation). */
const PAIR_SLACK = 1;
/** The order read must beat the raw one by this much evidence (a dictionary word across a join counts 1 to 4). */
const MIN_GAIN = 1;

const HAN = /\p{sc=Han}/u;
/** A quotation or title whole on its line: what an extractor that cuts lines at quotation marks prints. */
const WHOLE_QUOTATION = /^[“‘《（][^“”‘’《》（）]*[”’》）]$/u;

/** Whether lines a and b, in a row in one block, may be the two pieces of one printed line. */
function mayPair(a: RawLine, b: RawLine, width: (l: RawLine) => number, column: (l: RawLine) => number): boolean {
  if (b.no !== a.no + 1 || a.kind !== 'text' || b.kind !== 'text') return false;
  if (!HAN.test(a.text) || !HAN.test(b.text)) return false;
  // A sentence's end over a short line is as often a paragraph's last line over the next one's first.
  if (a.endsSentence) return false;
  const col = column(a);
  return width(a) <= col - PIECE_SHORT && width(b) <= col - PIECE_SHORT && width(a) + width(b) <= col + PAIR_SLACK;
}

/** Evidence against a pair read as (left, right): a printed line opens on no closing mark and ends on no opening one. */
function pairCost(left: RawLine, right: RawLine): number {
  let cost = 0;
  if (LINE_CLOSERS.has(left.text[0])) cost += FORCED;
  if (LINE_OPENERS.has(right.text[right.text.length - 1])) cost += FORCED;
  return cost;
}

/**
 * The body with each pair of pieces of a printed line in the order its joins read best. `width`
 * and `column` measure a line and the column it stands in (reflow's width model).
 */
export function orderRowPieces(body: readonly RawLine[], width: (l: RawLine) => number, column: (l: RawLine) => number): readonly RawLine[] {
  let out: RawLine[] | null = null;
  for (let s = 0; s + 1 < body.length; s++) {
    if (!mayPair(body[s], body[s + 1], width, column)) continue;
    // A run of lines each of which may pair with the next: body[s..e].
    let e = s + 1;
    while (e + 1 < body.length && mayPair(body[e], body[e + 1], width, column)) e++;
    // Three lines in a row that fit in one printed line, or a quotation whole on its line: an
    // extractor that cuts a line at every change of font (pdftotext -raw: `的旅` / `“客”` /
    // `超过`), in print order, not pairs.
    let inOrder = body.slice(s, e + 1).some((l) => WHOLE_QUOTATION.test(l.text));
    for (let k = s; k + 2 <= e && !inOrder; k++) inOrder = width(body[k]) + width(body[k + 1]) + width(body[k + 2]) <= column(body[k]) + PAIR_SLACK;
    const order = inOrder ? null : bestOrder(body, s, e);
    if (order) {
      out ??= [...body];
      for (let k = 0; k < order.length; k++) out[s + k] = body[order[k]];
    }
    s = e;
  }
  return out ?? body;
}

/**
 * The best reading of body[s..e] as single lines and pairs (each in either order), scored by the
 * evidence of the joins from the line before the run, between the run's parts and into the line
 * after it; null when it does not beat the raw order by MIN_GAIN.
 */
function bestOrder(body: readonly RawLine[], s: number, e: number): number[] | null {
  const before = s > 0 ? body[s - 1] : undefined;
  const after = e + 1 < body.length ? body[e + 1] : undefined;
  const join = (a: RawLine | undefined, b: RawLine | undefined) => (a && b ? wordEvidence(a.text, b.text) : 0);
  const n = e - s + 1;
  // best[i][t]: the best score of body[s..s+i) read so far, whose last line read is body[s+i-1]
  // (t = 0) or, a pair read right piece first, body[s+i-2] (t = 1).
  const best = Array.from({ length: n + 1 }, () => [-Infinity, -Infinity]);
  const back: [number, number, 'single' | 'pair' | 'swap'][][] = Array.from({ length: n + 1 }, () => []);
  best[0][0] = 0;
  const lastOf = (i: number, t: number) => (i === 0 ? before : body[s + i - 1 - t]);
  const relax = (i: number, t: number, score: number, from: [number, number, 'single' | 'pair' | 'swap']) => {
    if (score > best[i][t]) {
      best[i][t] = score;
      back[i][t] = from;
    }
  };
  for (let i = 0; i < n; i++) {
    for (const t of [0, 1]) {
      if (best[i][t] === -Infinity) continue;
      const last = lastOf(i, t);
      const a = body[s + i];
      relax(i + 1, 0, best[i][t] + join(last, a), [i, t, 'single']);
      if (i + 1 < n) {
        const b = body[s + i + 1];
        // The missing middle stands between a pair's pieces: no join to weigh there.
        relax(i + 2, 0, best[i][t] + join(last, a) - pairCost(a, b), [i, t, 'pair']);
        relax(i + 2, 1, best[i][t] + join(last, b) - pairCost(b, a), [i, t, 'swap']);
      }
    }
  }
  const total = (t: number) => best[n][t] + join(lastOf(n, t), after);
  const t = total(1) > total(0) ? 1 : 0;
  // The raw order: every line single.
  let raw = 0;
  for (let i = 0; i < n; i++) raw += join(i === 0 ? before : body[s + i - 1], body[s + i]);
  raw += join(body[e], after);
  if (total(t) < raw + MIN_GAIN) return null;
  const order: number[] = [];
  let [i, tt] = [n, t];
  while (i > 0) {
    const [pi, pt, how] = back[i][tt];
    if (how === 'single') order.unshift(s + pi);
    else if (how === 'pair') order.unshift(s + pi, s + pi + 1);
    else order.unshift(s + pi + 1, s + pi);
    [i, tt] = [pi, pt];
  }
  return order.some((o, k) => o !== s + k) ? order : null;
}
