/**
 * Which article each headline belongs to, decided per headline from the words it shares with
 * the bodies on the page. Cutting (segment.ts) gives every headline group to the article next to
 * it on the side the page's habit says; extractors that print in content-stream order put some
 * headlines after their bodies and others in a pile far from them (`mutool`, `pdftotext -raw`).
 * A headline repeats words of its own lead, so a group that shares clearly more words with
 * another article than with the one it stands next to goes there.
 *
 * assignHeadlines works in three steps:
 * - the runs: each article's heading group (a pile split first where its lines name different
 *   articles), heading lines left at a body's edge or set apart inside it that clearly name an
 *   article that may take them, and the heading units right after a body's last sentence;
 * - the score of each run going to each article near it (scoreOf), from named features (Fit),
 *   with a few named weights (WEIGHTS);
 * - the assignment (bestAssignment): each article takes at most one run (and one more beside a
 *   one-line heading), each line goes with one run, the strongest claims first.
 */
import { isByline, type RawLine } from './lines.ts';
import { isHanCode } from '../extract/gazetteer-text.ts';
import { blankLinesSetApart, type Region } from './segment.ts';
import { BROKEN_FIRST_MAX_CHARS, BROKEN_MAX_CHARS, isCutAtQuotation, LABEL_MAX_CHARS, LONE_BRACKET, MAIN_HEADLINE_MAX_CHARS, SERIES_LABEL, SUBTITLE_DASH, WHOLE_QUOTATION } from './heading-text.ts';
import { bigrams, cleanHeadline, cleanHeadlineTraced, hasClausePunctuation, tracedLine, visibleLength, type Traced } from './text.ts';
import { traceParagraphLines } from './reflow.ts';

/** The home article (the one cutting gave the group) wins unless another shares this much more. */
const HOME_PRIOR = 0.15;
/** A group moves only to an article sharing at least this share of its (weighted) word pairs. */
const MIN_AFFINITY = 0.3;
/** Characters of a body read for its words: a headline takes them from the lead. */
const BODY_CHARS = 1500;
/** From this many articles on, the pairs of every body are counted at once (see assignHeadlines). */
const COUNT_ALL_MIN_REGIONS = 64;
/** A line leaves its group for another article only when it shares this much with it. */
const MIN_SPLIT_AFFINITY = 0.4;
/** Lines at a body's edge looked at as a possible headline pile. */
const MAX_LOOSE_LINES = 8;
/** A kicker and a headline: the most units an article takes as its headline for standing after its body. */
const AFTER_MAX_UNITS = 2;
/** How many articles away from where it stands a headline may belong. */
const WINDOW = 12;

function bodyOf(region: Region): string {
  const heading = new Set(region.heading);
  let text = '';
  for (const l of region.lines) {
    // Title-like lines may be headlines themselves: a body's words are in its prose (and in lines
    // spaced out to the column, which headline-like or not are prose).
    if (heading.has(l) || l.kind === 'byline' || l.titleLike) continue;
    text += l.text;
    if (text.length > BODY_CHARS) break;
  }
  return text;
}

/**
 * A mark at the code point of each character of the lines (BMP), in one array reused from page to
 * page (a page's marks are cleared when the next page's are set): valid until the next call.
 */
function markLetters(lines: readonly RawLine[]): Uint8Array {
  for (const c of marked) LETTER_MARKS[c] = 0;
  marked.length = 0;
  for (const l of lines) {
    for (let i = 0; i < l.text.length; i++) {
      const c = l.text.charCodeAt(i);
      if (LETTER_MARKS[c] === 1) continue;
      LETTER_MARKS[c] = 1;
      marked.push(c);
    }
  }
  return LETTER_MARKS;
}
const LETTER_MARKS = new Uint8Array(0x10000);
const marked: number[] = [];

/** The item is its article's whole heading group, right before its byline or dateline: direct evidence. */
function beforeByline(region: Region, item: Item): boolean {
  if (item.lines.length !== region.heading.length) return false;
  const last = item.lines[item.lines.length - 1];
  const next = region.lines[region.lines.indexOf(last) + 1];
  return isByline(next);
}

/** A run of heading lines (an item): lines that go to one article together. */
interface Item {
  lines: RawLine[];
  /** The article cutting gave the lines: the one they head, or whose body they stand in. */
  home: number;
  words: Set<number>;
  /**
   * Where the run stands (see Fit): lines other than a heading group were left in the body by
   * cutting, and stay there unless an article takes them.
   */
  stands: Exclude<Fit['stands'], 'beside'>;
  /** Heading units the run holds, for a run taken as it stands ('after'). */
  units?: number;
  /** Lines set apart inside a body over a subheading: they may also stand beside the one-unit heading of the article they name. */
  overSubheading?: boolean;
}

/**
 * What the model knows of one run of heading lines (an item) going to one article: the features
 * its score is made of.
 */
export interface Fit {
  /** Share of the run's word pairs (weighed by rarity on the page) found in the article's lead. */
  shared: number;
  /** The article cutting gave the run: the one it heads, or whose body it stands in. */
  home: boolean;
  /**
   * Where the run stands: its article's heading group; lines left at a body's edge or inside it;
   * or the heading units right after its body's last sentence, taken as they stand; or a line
   * set apart over a subheading in another body, as the second line of the article's heading
   * (printed away from it, set vertically beside it).
   */
  stands: 'heading' | 'edge' | 'inside' | 'after' | 'beside';
  /** Heading units the run holds (a kicker, a headline): counted for a run taken as it stands. */
  units: number;
  /** The run is its article's whole heading group right over its byline (and names no other article). */
  overByline: boolean;
  /** The article has no headline of its own. */
  headless: boolean;
  /** The article is headed by one unit that shares its words. */
  oneUnitHeading: boolean;
  /** Every headline the article has shares next to nothing with it. */
  weakHeading: boolean;
  /** …and each clearly names another article: the article's headline leaves it. */
  headingLeaves: boolean;
  /**
   * The page's extractor prints headlines apart from their bodies: some other run of the page
   * goes elsewhere than where cutting put it, or heading lines were found left in bodies.
   */
  pageApart: boolean;
  /** The run (a heading group) clearly names another article, one with no headline: its words are no evidence for its own. */
  namesHeadless?: boolean;
  /** Each of the article's heading runs that clearly names an article names another one with no headline: its headline leaves it. */
  headingNamesHeadless?: boolean;
}

/** The weights of the score, each with its reason. */
export const WEIGHTS = {
  /** A headline repeats words of its own lead: the share of its words found there. */
  shared: 1,
  /** Cutting put a heading group next to this article: the page's order says it is its own. */
  home: HOME_PRIOR,
  /**
   * Direct evidence for the article a heading group stands next to (words enough of its lead, or
   * the byline right under it) outweighs any share of words another article may offer.
   */
  evidence: 1,
  /**
   * The heading units right after a body's last sentence, where a content-stream extractor prints
   * its headline (on a page that shows it prints them apart): position alone, weaker than any
   * claim by words (a kicker and a headline together weigh this much, one unit half).
   */
  after: 0.05,
  /**
   * A line set apart in another body as the second line of an article's heading: weaker still,
   * taken only where no article takes it as its headline.
   */
  beside: 0.02,
} as const;

/**
 * The score of a run going to an article, from its features; 0 where it may not go. A run goes
 * elsewhere than where it stands only to an article it names (MIN_AFFINITY) that may take a
 * headline: one without a headline, or whose headline names nothing of it. Lines left in a body
 * take the place of another article's headline only from the body's edge, and only when that
 * headline clearly names another article; they head their own body only when it has none. The
 * heading units right after a body's last sentence head it when nothing else does, on a page
 * that prints headlines apart from their bodies (elsewhere, a short line closing a block after a
 * paragraph is a prose line the column cut). A line set apart over a subheading in another body
 * may stand beside an article's one-unit heading as its second line.
 */
export function scoreOf(fit: Fit): number {
  if (fit.stands === 'beside') return !fit.home && fit.oneUnitHeading ? WEIGHTS.beside : 0;
  if (fit.stands === 'after') return fit.home && fit.pageApart && (fit.headless || fit.weakHeading) ? (WEIGHTS.after * Math.min(fit.units, AFTER_MAX_UNITS)) / AFTER_MAX_UNITS : 0;
  const names = fit.shared >= MIN_AFFINITY;
  if (fit.stands === 'heading') {
    if (fit.home) return WEIGHTS.shared * fit.shared + WEIGHTS.home + ((names && !fit.namesHeadless) || fit.overByline ? WEIGHTS.evidence : 0);
    return names && (fit.headless || fit.weakHeading || fit.headingNamesHeadless === true) ? WEIGHTS.shared * fit.shared : 0;
  }
  const open = fit.headless || (fit.stands === 'edge' && !fit.home && fit.headingLeaves);
  return names && open ? WEIGHTS.shared * fit.shared : 0;
}

/** A run (item) that may go to an article (region), and the score of that choice. */
export interface Choice {
  item: number;
  region: number;
  score: number;
}

/**
 * The assignment of runs to articles, each run to at most one article, each article taking at
 * most one run and each line going with at most one run (runs taken as they stand may hold lines
 * of others): the strongest claims first. The choice of highest score is taken, then the best
 * of those left, and so on (ties by the order of the runs, then of the articles); the result is
 * the assignment whose scores, sorted, are the highest in lexicographic order. A weaker claim
 * never overrides a stronger one, however many weaker ones it would let through: the highest
 * total (a maximum-weight matching) was tried and gives a run's article away to two weaker claims
 * (mutool headline exact 0.917 → 0.861 on the real pages).
 */
export function bestAssignment<Line>(choices: readonly Choice[], linesOf: (item: number) => readonly Line[] = () => []): Map<number, number> {
  const sorted = [...choices].sort((a, b) => b.score - a.score || a.item - b.item || a.region - b.region);
  const assigned = new Map<number, number>();
  const taken = new Set<number>();
  const used = new Set<Line>();
  for (const c of sorted) {
    if (assigned.has(c.item) || taken.has(c.region) || linesOf(c.item).some((l) => used.has(l))) continue;
    assigned.set(c.item, c.region);
    taken.add(c.region);
    for (const l of linesOf(c.item)) used.add(l);
  }
  return assigned;
}

export interface HeadlineMove {
  /** The heading lines that left the article cutting gave them (now another's, or nobody's). */
  displaced: RawLine[];
}

/**
 * Reassigns heading groups between regions in place; returns the heading lines that no longer
 * stand in their article's heading (moved or dropped), for the caller to account for.
 */
export function assignHeadlines(regions: Region[]): HeadlineMove {
  const displaced: RawLine[] = [];
  if (regions.length < 2) return { displaced };
  const bodyTexts = regions.map((r) => bodyOf(r));
  // A body's pairs are only ever looked up for pairs of a headline (or a line that may be one):
  // pairs of letters no such line holds are left out of the bodies' sets (made on first use),
  // which changes no affinity.
  let bodySets: Set<number>[] | undefined;
  // Word pairs many bodies share (乡村, 工作) tell little: weigh each by how rare it is on the page.
  // Only headlines' pairs are ever weighed: on a page of a few articles each is counted when first
  // asked (a few hundred pairs against every body), on a page of many all bodies' pairs at once
  // (each headline pair against every body would grow as the square of the articles).
  const df = new Map<number, number>();
  const countAll = regions.length > COUNT_ALL_MIN_REGIONS;
  const bodyPairs = (): Set<number>[] => {
    if (bodySets !== undefined) return bodySets;
    bodySets = bodyTexts.map((text) => bigrams(text, headlineLetters));
    if (countAll) for (const b of bodySets) for (const w of b) df.set(w, (df.get(w) ?? 0) + 1);
    return bodySets;
  };
  const bodiesWith = (w: number) => {
    const bodies = bodyPairs();
    let n = df.get(w);
    if (n === undefined) {
      n = 0;
      if (!countAll) for (const b of bodies) if (b.has(w)) n++;
      df.set(w, n);
    }
    return n;
  };
  // A pair in no body at all (`儿核` across two words) tells no article from another: it weighs nothing.
  const weight = (w: number) => {
    const n = bodiesWith(w);
    return n === 0 ? 0 : Math.log((regions.length + 1) / (n + 0.5));
  };
  // The same headline is weighed against the same article several times below: each once.
  const known = new Map<Set<number>, Map<number, number>>();
  const affinity = (words: Set<number>, r: number): number => {
    let row = known.get(words);
    if (row === undefined) known.set(words, (row = new Map()));
    let value = row.get(r);
    if (value === undefined) row.set(r, (value = affinityOf(words, r)));
    return value;
  };
  const affinityOf = (words: Set<number>, r: number): number => {
    const bodies = bodyPairs();
    let total = 0;
    let shared = 0;
    let count = 0;
    for (const w of words) {
      const x = weight(w);
      total += x;
      if (bodies[r].has(w)) {
        shared += x;
        count++;
      }
    }
    // One shared pair is chance.
    return total > 0 && count >= 2 ? shared / total : 0;
  };
  // A headline stands within a few articles of its own (a pile of them after the articles it
  // names): looking no further keeps the work linear on a page of thousands of articles.
  const near = (home: number) => [Math.max(0, home - WINDOW), Math.min(regions.length - 1, home + WINDOW)] as const;
  const best = (words: Set<number>, home: number): { r: number; score: number } => {
    let r = -1;
    let score = 0;
    const [lo, hi] = near(home);
    for (let k = lo; k <= hi; k++) {
      const s = affinity(words, k);
      if (s > score) {
        score = s;
        r = k;
      }
    }
    return { r, score };
  };
  // The article a run clearly names: the one sharing most of its words, when the run has words
  // enough to tell, shares enough of them with it and, unless it is the article the run stands
  // next to, clearly more than with that one; -1 when none does.
  const namedClearly = (words: Set<number>, home: number): number => {
    const { r, score } = best(words, home);
    if (r < 0 || words.size < 4 || score < MIN_SPLIT_AFFINITY) return -1;
    return r === home || score >= affinity(words, home) + HOME_PRIOR ? r : -1;
  };

  const items: Item[] = [];
  // A region of a few heading-like lines and nothing else is a headline standing apart.
  // (Set apart from what follows: a prose line cut by a column end goes on in the next line.)
  regions.forEach((region, r) => {
    const last = region.lines[region.lines.length - 1];
    const next = regions[r + 1]?.lines[0];
    const apart = last !== undefined && (next === undefined || next.no > last.no + 1);
    if (apart && region.heading.length === 0 && region.lines.length <= 3 && region.lines.every((l) => l.kind === 'text' && l.titleLike)) region.heading = [...region.lines];
  });
  // Every letter of a line whose words are ever weighed: heading lines, and the title-like and
  // heading-like lines that may be a headline left in a body.
  const headlineLetters = markLetters(regions.flatMap((region) => [...region.heading, ...region.lines.filter((l) => l.kind === 'text' && (l.titleLike || l.headingLike))]));
  // A continued article (`（上接第一版）`) has its headline on another page.
  const headless = regions.map(
    (region) => !region.lines.some((l) => l.kind === 'continuation') && (region.heading.length === 0 || region.lines.every((l) => region.heading.includes(l) || l.kind === 'byline')),
  );
  // Articles whose heading units, where they clearly name an article, all name another one that
  // has no headline, while a unit of another article's heading clearly names this one: the
  // headlines were printed each over the wrong article, and each goes to the one it names. (A
  // heading naming a headless piece alone, with nothing to take its place, stays: the piece is
  // likelier a part of its own article printed apart.)
  const naming = regions.map(() => 0);
  const leaving = regions.map(() => 0);
  const namedByOther = regions.map(() => 0);
  regions.forEach((region, r) => {
    for (const unit of region.heading.length > 0 ? headingLinesOf(region.heading) : []) {
      const named = namedClearly(bigrams(unit.map((l) => l.text).join('')), r);
      if (named < 0) continue;
      naming[r]++;
      if (named !== r && headless[named]) leaving[r]++;
      if (named !== r) namedByOther[named]++;
    }
  });
  const headingNamesHeadless = regions.map((_, r) => naming[r] > 0 && leaving[r] === naming[r] && namedByOther[r] > 0);
  regions.forEach((region, home) => {
    if (region.heading.length === 0) return;
    // A pile of headlines: split it where a line points clearly at another article than its
    // group's, one without a headline or whose headline leaves it (a kicker or subtitle with few
    // telling words stays with its neighbour).
    const parts: RawLine[][] = [];
    let lastTarget = -1;
    for (const unit of headingLinesOf(region.heading)) {
      const words = bigrams(unit.map((l) => l.text).join(''));
      // Piles name articles that cutting left without a headline.
      const named = namedClearly(words, home);
      const target = named >= 0 && (headless[named] || (named !== home && headingNamesHeadless[named])) ? named : home;
      if (parts.length > 0 && target === lastTarget) parts[parts.length - 1].push(...unit);
      else parts.push([...unit]);
      lastTarget = target;
    }
    // A label (four characters or fewer) alone in a part, over a part that goes elsewhere, is that
    // headline's kicker: it goes with it.
    for (let k = parts.length - 2; k >= 0; k--) {
      if (visibleLength(parts[k].map((l) => l.text).join('')) <= LABEL_MAX_CHARS) parts.splice(k, 2, [...parts[k], ...parts[k + 1]]);
    }
    for (const lines of parts) items.push({ lines, home, words: bigrams(lines.map((l) => l.text).join('')), stands: 'heading' });
  });
  // An article whose every headline item shares next to nothing with it: the headline names
  // another article (the extractor printed it over the wrong column), so another may take its place.
  const weakHeading = regions.map(() => false);
  const homeItems = regions.map(() => 0);
  const weakItems = regions.map(() => 0);
  for (const item of items) {
    homeItems[item.home]++;
    if (affinity(item.words, item.home) < MIN_AFFINITY) weakItems[item.home]++;
  }
  regions.forEach((_, r) => {
    weakHeading[r] = homeItems[r] > 0 && weakItems[r] === homeItems[r];
  });
  // …and each of them, not standing right before the article's byline (direct evidence), clearly
  // names another article: its headline leaves, so lines left in a body may take its place. (Asked
  // only of an article such lines name; known once asked.)
  const leaves = new Map<number, boolean>();
  const headingLeaves = (r: number): boolean => {
    let value = leaves.get(r);
    if (value === undefined) {
      value =
        weakHeading[r] &&
        items.every((item) => {
          if (item.home !== r || item.stands !== 'heading') return true;
          if (beforeByline(regions[r], item)) return false;
          const to = namedClearly(item.words, r);
          return to >= 0 && to !== r;
        });
      leaves.set(r, value);
    }
    return value;
  };
  // An article headed by one unit that shares its words: it may take a second line as its headline.
  const single = new Map<number, boolean>();
  const singleHeading = (r: number): boolean => {
    let value = single.get(r);
    if (value === undefined) {
      const heading = regions[r].heading;
      value = heading.length > 0 && headingLinesOf(heading).length === 1 && affinity(bigrams(heading.map((l) => l.text).join('')), r) >= MIN_AFFINITY;
      single.set(r, value);
    }
    return value;
  };
  // The features of a run going to an article (scoreOf weighs them).
  // (Set once the page is known to print headlines apart: see the assignment.)
  let pageApart = false;
  // A heading group that clearly names another article, one with no headline (more clearly than
  // its own by HOME_PRIOR): its words weigh for that one, not as direct evidence for its own.
  const namesHeadless = (item: Item): boolean => {
    if (item.stands !== 'heading') return false;
    if (!headingNamesHeadless[item.home]) return false;
    const r = namedClearly(item.words, item.home);
    return r >= 0 && r !== item.home && headless[r];
  };
  const fitOf = (item: Item, r: number, beside = false): Fit => ({
    shared: affinity(item.words, r),
    home: r === item.home,
    stands: beside ? 'beside' : item.stands,
    units: item.units ?? 0,
    overByline: item.stands === 'heading' && r === item.home && beforeByline(regions[r], item) && !namesAnother(item),
    headless: headless[r],
    oneUnitHeading: singleHeading(r),
    weakHeading: weakHeading[r],
    headingLeaves: headingLeaves(r),
    pageApart,
    namesHeadless: r === item.home && namesHeadless(item),
    headingNamesHeadless: headingNamesHeadless[r],
  });
  // Standing right before a byline is no evidence for a headline that shares nothing with its
  // article and clearly names another one whose own headline names nothing of it.
  const namesAnother = (item: Item) => {
    if (affinity(item.words, item.home) >= MIN_AFFINITY) return false;
    const r = namedClearly(item.words, item.home);
    return r >= 0 && r !== item.home && weakHeading[r];
  };
  // Each article's heading units standing right after its last sentence.
  const trailingUnits = new Map<number, RawLine[][]>();
  // Title-like lines at the end of an article's lines (after its last sentence or credit), or at
  // its start when it has no headline: a headline printed after its body, or a pile of them,
  // that cutting left in the body. They leave only for an article they clearly name that has no
  // headline, or whose headline names nothing of it.
  regions.forEach((region, home) => {
    const heading = new Set(region.heading);
    const edge = (from: number, step: number): RawLine[] => {
      const run: RawLine[] = [];
      // The characters of a vertical headline count as one line.
      let units = 0;
      for (let i = from; i >= 0 && i < region.lines.length; i += step) {
        const l = region.lines[i];
        if (heading.has(l) || l.kind !== 'text' || !l.titleLike) break;
        const last = run[run.length - 1];
        if (!(l.vertical && last?.vertical && Math.abs(l.no - last.no) === 1)) units++;
        if (units > MAX_LOOSE_LINES) break;
        run.push(l);
      }
      return step < 0 ? run.reverse() : run;
    };
    const runs: RawLine[][] = [];
    // After the body's last sentence or credit, not a prose line cut short by a column end.
    const trailing = edge(region.lines.length - 1, -1);
    const before = region.lines[region.lines.length - trailing.length - 1];
    if (trailing.length > 0 && (before === undefined || before.endsSentence || before.kind === 'byline')) runs.push(trailing);
    if (trailing.length > 0 && before?.kind === 'text' && before.endsSentence) trailingUnits.set(home, headingLinesOf(trailing).slice(0, AFTER_MAX_UNITS));
    // Before the body, set apart from it.
    const leading = region.heading.length === 0 ? edge(0, 1) : [];
    const after = region.lines[leading.length];
    if (leading.length > 0 && after !== undefined && (after.no > leading[leading.length - 1].no + 1 || after.kind !== 'text')) runs.push(leading);
    const edgeRuns = runs.length;
    // Inside the body, a heading-like line alone between blank lines after a sentence end: a subheading,
    // or another article's headline that the extractor printed between this one's pieces.
    const inRuns = new Set(runs.flat());
    // (Where most lines stand apart, an extractor writing each printed line as its own block, a
    // blank line tells nothing: a short prose line there is no headline.)
    const overSubheading = new Set<RawLine>();
    if (blankLinesSetApart(region.lines)) for (let i = 1; i + 1 < region.lines.length; i++) {
      const [prev, l, next] = [region.lines[i - 1], region.lines[i], region.lines[i + 1]];
      if (heading.has(l) || inRuns.has(l) || l.kind !== 'text' || !l.headingLike) continue;
      // After a sentence end; or right over a subheading, where the prose before it stops at a
      // column end (the subheading opens the next column).
      // (Two heading lines in a row: the first stands apart from both the prose before it and the
      // subheading leading its prose right under it, another article's headline.)
      // Both are narrower than the prose line broken off at the column's end (prose broken across
      // a blank line fills the column).
      const subheading = next.kind === 'text' && next.headingLike && !next.endsSentence && region.lines[i + 2] !== undefined && region.lines[i + 2].no === next.no + 1 && l.width < prev.width && next.width < prev.width;
      if (!prev.endsSentence && !subheading) continue;
      if (subheading) overSubheading.add(l);
      if (l.no > prev.no + 1 && next.no > l.no + 1) runs.push([l]);
    }
    runs.forEach((run, k) => {
      const edge = k < edgeRuns;
      for (const unit of headingLinesOf(run)) {
        // A run of lines left in a body when it clearly names an article that may take it (its
        // own, when it has no headline: a headless article's headline may stand at its edge, after
        // its body, in a pile).
        const words = bigrams(unit.map((l) => l.text).join(''));
        const r = namedClearly(words, home);
        if (r < 0) continue;
        // A line set apart inside the body over a subheading may also stand beside the one-line
        // heading of the article it names: that article's headline printed away from its
        // subtitle (set vertically beside it).
        const item: Item = { lines: unit, home, words, stands: edge ? 'edge' : 'inside', overSubheading: !edge && overSubheading.has(run[0]) };
        if (scoreOf(fitOf(item, r)) > 0 || (item.overSubheading && scoreOf(fitOf(item, r, true)) > 0)) items.push(item);
      }
    });
  });
  if (items.length === 0) return { displaced };

  // The model: every run against every article near it, scored from its features, then the
  // assignment of runs to articles, each article taking at most one and each line going with one
  // run, the strongest claims first. The place beside an article's heading (its second line) is
  // a place of its own, numbered `regions.length + r`.
  const choices: Choice[] = [];
  const choose = (from: number) => {
    for (let i = from; i < items.length; i++) {
      const [lo, hi] = near(items[i].home);
      for (let r = lo; r <= hi; r++) {
        const score = scoreOf(fitOf(items[i], r));
        if (score > 0) choices.push({ item: i, region: r, score });
      }
      if (!items[i].overSubheading) continue;
      const r = namedClearly(items[i].words, items[i].home);
      const score = r < 0 ? 0 : scoreOf(fitOf(items[i], r, true));
      if (score > 0) choices.push({ item: i, region: regions.length + r, score });
    }
  };
  const linesOf = (i: number) => items[i].lines;
  choose(0);
  let itemTo = bestAssignment(choices, linesOf);
  // The page prints headlines apart from their bodies when a run goes elsewhere than cutting put
  // it, or lines were found left in bodies. Where none does, nothing moves: the regions stay as
  // cutting made them.
  pageApart = items.some((item, i) => item.stands !== 'heading' || itemTo.get(i) !== item.home) || items.length !== regions.filter((r) => r.heading.length > 0).length;
  if (!pageApart) return { displaced };
  // The heading units right after a body's last sentence, taken as they stand: all of them, or
  // the first when another run takes the second. (They weigh less than any other run: the
  // assignment is the one above, and these where it left an article without a headline.)
  const runs = items.length;
  for (const [home, units] of trailingUnits) {
    for (let n = units.length; n >= 1; n--) items.push({ lines: units.slice(0, n).flat(), home, words: new Set(), stands: 'after', units: n });
  }
  choose(runs);
  itemTo = bestAssignment(choices, linesOf);
  for (const [i, place] of itemTo) if (place >= regions.length) itemTo.set(i, place - regions.length);

  const keptHome = new Set<number>();
  items.forEach((item, i) => {
    if (itemTo.get(i) === item.home && item.stands !== 'after') keptHome.add(item.home);
  });
  const newHeading: RawLine[][] = regions.map(() => []);
  items.forEach((item, i) => {
    // A piece of a group that found no article of its own goes back to its group.
    const to = itemTo.get(i) ?? (keptHome.has(item.home) && item.stands === 'heading' ? item.home : undefined);
    if (to === undefined && item.stands !== 'heading') return;
    if (to === undefined) {
      displaced.push(...item.lines);
      return;
    }
    newHeading[to].push(...item.lines);
    if (to !== item.home) {
      displaced.push(...item.lines);
      regions[to].headingMoved = true;
    }
  });
  const moved = new Set(displaced);
  regions.forEach((region, r) => {
    region.heading = newHeading[r].sort((a, b) => a.no - b.no);
    const own = new Set(region.heading);
    // Lines that left for another article are no longer this one's; its own stay in its lines.
    region.lines = region.lines.filter((l) => !moved.has(l) || own.has(l));
  });
  // A moved headline standing right next to its new article joins its lines (and line range):
  // no line of the articles before and after may fall between them.
  const inLines = new Set<RawLine>();
  for (const region of regions) for (const l of region.lines) inLines.add(l);
  const nonEmpty = regions.map((region, r) => r).filter((r) => regions[r].lines.length > 0);
  nonEmpty.forEach((r, k) => {
    const region = regions[r];
    const outside = region.heading.filter((l) => !inLines.has(l));
    if (outside.length === 0) return;
    const lo = Math.min(region.lines[0].no, outside[0].no);
    const hi = Math.max(region.lines[region.lines.length - 1].no, outside[outside.length - 1].no);
    const before = regions[nonEmpty[k - 1]]?.lines;
    const after = regions[nonEmpty[k + 1]]?.lines;
    if ((before && before[before.length - 1].no >= lo) || (after && after[0].no <= hi)) return;
    // Nor another article's headline standing apart (a pile).
    if (regions.some((other, o) => o !== r && other.heading.some((l) => !inLines.has(l) && l.no > lo && l.no < hi))) return;
    region.lines = [...region.lines, ...outside].sort((a, b) => a.no - b.no);
    for (const l of outside) inLines.add(l);
  });
  // An article whose every line left has no headline either: its headline lines stand alone.
  for (const region of regions) {
    if (region.lines.length > 0) continue;
    displaced.push(...region.heading);
    region.heading = [];
  }
  return { displaced: [...new Set(displaced)].filter((l) => !inLines.has(l)) };
}

/**
 * The lines of a headline group as the headline's lines: the characters of a vertical headline
 * make one, and so does a headline broken after a short first piece (`XX县开展` / `“…”宣讲`).
 */
export function headingLinesOf(heading: readonly RawLine[]): RawLine[][] {
  const units: RawLine[][] = [];
  heading.forEach((line, i) => {
    const last = units[units.length - 1];
    const prev = last?.[last.length - 1];
    const next = heading[i + 1];
    // A short line cut before a quotation (`某县` / `“…”` / `…`) opens a headline of its own.
    const opensQuoted = next !== undefined && next.no === line.no + 1 && WHOLE_QUOTATION.test(next.text.trim()) && isCutAtQuotation(line.text, next.text);
    // The extractor may set a blank line between the two pieces of a broken headline.
    const broken = last?.length === 1 && line.no <= prev.no + 2 && !opensQuoted && isBrokenHeadline(prev.text, line.text);
    const paired = last?.length === 1 && line.no === prev.no + 1 && isHeadlinePair(prev.text, line.text);
    const quoted = prev !== undefined && line.no === prev.no + 1 && !prev.vertical && isCutAtQuotation(prev.text, line.text, visibleLength(last.map((l) => l.text).join('')));
    // An extractor that cuts a line at its brackets (`全国茶商` / `（` / `城南` / `）` / `大会开幕`):
    // the headline goes on while a bracket is open, and after a bracket closed alone on its line.
    const bracketed = prev !== undefined && line.no === prev.no + 1 && (openBracket(last.map((l) => l.text).join('')) || LONE_BRACKET.test(line.text) || /^[）)]$/u.test(prev.text));
    if (prev && ((line.no === prev.no + 1 && line.vertical && prev.vertical) || broken || paired || quoted || bracketed)) last.push(line);
    else units.push([line]);
  });
  return units;
}

/**
 * Whether two lines directly one under the other are a headline of two clauses, one a line, set
 * as a pair of about one length (`本周气温持续回升` / `周末北方局地有雨`): the headline is both, joined
 * by a space. A kicker is a label or a longer explanation, not a balanced second half; a phrase
 * broken where it fits is not balanced (`某县开展` / `“三项制度”宣讲`).
 */
export function isHeadlinePair(rawFirst: string, rawSecond: string): boolean {
  // Letter-spaced lines (`守 护 绿 水 青 山`) are read without their spacing.
  const [first, second] = [cleanHeadline(rawFirst), cleanHeadline(rawSecond)];
  const [a, b] = [visibleLength(first), visibleLength(second)];
  if (a <= LABEL_MAX_CHARS || a > BROKEN_FIRST_MAX_CHARS || /\s/u.test(first) || /\s/u.test(second)) return false;
  // a quotation alone on its line is a piece the extractor cut off a headline
  if (WHOLE_QUOTATION.test(first) || WHOLE_QUOTATION.test(second)) return false;
  // a line closed by its own mark (`夏粮丰收了！`) is a headline of its own, not half of a pair
  if (/[！？!?。]$/u.test(first) || /[！？!?。]$/u.test(second)) return false;
  if (SERIES_LABEL.test(first) || SUBTITLE_DASH.test(second) || SERIES_LABEL.test(second)) return false;
  // a first half that ends on its own clause mark (`春风进万家，`) needs no space to set it apart
  if (/[，、；：,;:]$/u.test(first.trim())) return false;
  return Math.abs(a - b) <= Math.max(1, BALANCE_SHARE * Math.max(a, b));
}

/** Whether a round bracket is left open at the end of the text. */
function openBracket(text: string): boolean {
  return text.split(/[（(]/u).length > text.split(/[）)]/u).length;
}

/** Two lines differing by at most a character, or a quarter of the longer, are set as a pair. */
const BALANCE_SHARE = 0.25;

/** A headline unit's text: a pair of clauses joined by a space, the pieces of a broken line without one. */
export function headingUnitTraced(unit: readonly RawLine[]): Traced {
  if (unit.length !== 2 || !isHeadlinePair(unit[0].text, unit[1].text)) return cleanHeadlineTraced(traceParagraphLines({ kind: 'body', lines: [...unit] }));
  const [left, right] = unit.map((l) => cleanHeadlineTraced(tracedLine(l.raw, l.no)));
  return { chars: [...left.chars, ' ', ...right.chars], origins: [...left.origins, null, ...right.origins] };
}


/**
 * Whether two lines directly one under the other are one headline broken in two: the first is
 * too short for a kicker yet longer than a label (`中站`), has no phrase space (`众志成城 共抗疫情`
 * is a kicker), and neither is a series label or a dash-led subtitle.
 */
function isBrokenHeadline(first: string, second: string): boolean {
  const n = visibleLength(first);
  if (n <= LABEL_MAX_CHARS || /\s/u.test(first.trim())) return false;
  if (SERIES_LABEL.test(first) || SUBTITLE_DASH.test(second) || SERIES_LABEL.test(second)) return false;
  // a line closed by its own mark (`夏粮丰收了！`) is a headline of its own
  if (/[！？!?。]$/u.test(second.trim())) return false;
  // a headline broken at its own clause mark (`春风进万家，` / `服务在身边`) goes on under it
  if (/[，、；,;]$/u.test(first.trim())) return visibleLength(second) + n <= MAIN_HEADLINE_MAX_CHARS;
  // A first line that is only its subject (`东湖区市场监督管理局` / `开展…行动`) says nothing
  // on its own: the headline goes on under it, however long.
  if (n <= BROKEN_FIRST_MAX_CHARS) return visibleLength(second) + n <= MAIN_HEADLINE_MAX_CHARS;
  return n <= SUBJECT_MAX_CHARS && SUBJECT_END.test(first) && !/^[“"《（(]/u.test(second) && visibleLength(second) + n <= BROKEN_MAX_CHARS;
}

/** Ends of a place or body's name: a headline line ending so is the subject of the next one. */
const SUBJECT_END = /(?:省|市|州|县|区|镇|乡|村|局|院|厅|委|办|所|队|站|校|中心|公司|集团|协会|法庭)$/u;
/** A subject alone on its line is a name, not a clause; a headline broken after it may run this long in all. */
const SUBJECT_MAX_CHARS = 12;

/**
 * A title spaced out letter by letter, standing alone in its block (`社 区 食 堂 ：让 老 人 吃 饭`): no
 * clause mark, no sentence end. A prose line is spaced out to the column too, but a block of one
 * such line holds a clause mark, or its first line goes on in the next block.
 */
function spacedTitle(line: RawLine, prev: RawLine | undefined, next: RawLine | undefined): boolean {
  return (
    line.kind === 'text' &&
    line.justified &&
    !line.endsSentence &&
    !hasClausePunctuation(line.text) &&
    (prev === undefined || prev.no < line.no - 1) &&
    (next === undefined || next.no > line.no + 1 || goesOnFromElsewhere(next))
  );
}

/**
 * A line that opens on the end of a sentence begun elsewhere (`平。通过…`): one or two characters
 * and a sentence end. No paragraph opens so; the extractor printed it under the line above with
 * no blank line between, but it begins a block of its own, which goes on from another column.
 */
function goesOnFromElsewhere(line: RawLine): boolean {
  return line.kind === 'text' && /^[^\s，。；！？、,;!?“”]{1,2}[。！？]/u.test(line.text.replace(/[\s\u00a0\u3000]+/gu, ''));
}

/**
 * A line that opens inside a sentence begun elsewhere: on the end of it (goesOnFromElsewhere), or
 * on a mark no sentence starts with (`，…`, `）…`).
 */
export function opensMidSentence(line: RawLine): boolean {
  return goesOnFromElsewhere(line) || (line.kind === 'text' && /^[，。、；：！？）」』”,;:!?)]/u.test(line.text));
}

/** A heading inside an article heads a new one when it shares at most this much with the text above… */
const UNRELATED_ABOVE = 0.1;
/** …and at least this much with the text under it. */
const RELATED_BELOW = 0.4;
/**
 * A title spaced out letter by letter is set as a headline (subheads inside an article are set
 * plain), so less of its words need to recur under it: a headline names its article in a few.
 */
const RELATED_BELOW_SPACED = 0.3;
/**
 * A spaced title right over a block that goes on from another column: the text under it is a
 * later part of its article, not the lead a headline takes its words from.
 */
const RELATED_BELOW_LATER_COLUMN = 0.2;
/** Characters under a heading read for its words. */
const BELOW_CHARS = 600;
/**
 * A heading inside an article over no prose of its own (a list of figures or codes) that names, by
 * at least this share of its words, an article elsewhere on the page that has no headline (and
 * names it more than the text under it) heads that article: the extractor printed it away from
 * its body, which it may only reach once it is cut from here (assignHeadlines moves it).
 */
const NAMES_HEADLESS = 0.2;

/** A line of prose holds this many ideographs at least: a line of codes, figures or list marks holds fewer. */
const PROSE_MIN_IDEOGRAPHS = 2;

function isProse(line: RawLine): boolean {
  let n = 0;
  for (let i = 0; i < line.text.length && n < PROSE_MIN_IDEOGRAPHS; i++) if (isHanCode(line.text.charCodeAt(i))) n++;
  return n >= PROSE_MIN_IDEOGRAPHS;
}

/**
 * Splits an article at a heading run inside it that names what follows and shares nothing with
 * what came before: a subheading repeats the article's words, the headline of the next article
 * (one without a byline, such as a weather report) does not. Runs stand apart: after a sentence
 * end and a blank line, before a blank line and prose. The text above is read as it grows, so the
 * work stays linear. A heading block over no prose (a list of plates or figures an extractor set
 * apart) splits too when it names an article printed elsewhere that has no headline (NAMES_HEADLESS).
 */
export function splitAtUnrelatedHeadings(regions: Region[]): Region[] {
  const out: Region[] = [];
  // Runs are told by the blank lines around them: not where every line stands apart.
  if (!blankLinesSetApart(regions.flatMap((r) => r.lines))) return regions;
  // The leads of the articles that have no headline: a heading printed away from its body names one.
  const headless = regions.filter((r) => r.heading.length === 0 && !r.headedAfterBody).map((r) => ({ region: r, words: bigrams(bodyOf(r).slice(0, BELOW_CHARS)) }));
  for (const region of regions) {
    if (region.headedAfterBody) {
      out.push(region);
      continue;
    }
    const heading = new Set(region.heading);
    const start = out.length;
    // The first piece keeps the region's heading, and with it the kicker set across the columns.
    let current: Region = { lines: [], heading: region.heading, ...(region.kickerAcross ? { kickerAcross: region.kickerAcross } : {}) };
    let above = new Set<number>();
    // The word pairs of the lines above are gathered only when a heading candidate asks for them:
    // most lines never do.
    let unread: RawLine[] = [];
    const aboveWords = () => {
      for (const l of unread) for (const w of bigrams(l.text)) above.add(w);
      unread = [];
      return above;
    };
    const lines = region.lines;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const prev = lines[i - 1];
      const run: RawLine[] = [];
      const spaced = spacedTitle(line, prev, lines[i + 1]);
      if (!heading.has(line) && line.kind === 'text' && (line.headingLike || spaced) && prev !== undefined && prev.endsSentence && line.no > prev.no + 1 && aboveWords().size >= 20) {
        if (spaced) run.push(line);
        else for (let k = i; k < lines.length && run.length < 3 && lines[k].kind === 'text' && lines[k].headingLike; k++) run.push(lines[k]);
      }
      let next = lines[i + run.length];
      // Each line of the run clearly narrower than the prose under it: a prose line cut by a column end
      // fills it. (A letter-spaced title is spread over the column whatever its length.)
      const narrower = next !== undefined && (spaced || run.every((l) => l.width < next.width - 2));
      const overProse = run.length > 0 && narrower && next.kind === 'text' && !next.headingLike && (next.no > run[run.length - 1].no + 1 || (spaced && goesOnFromElsewhere(next)));
      // A run over no prose of its own (a list, say) is the block it opens, and may name an article
      // printed elsewhere: it heads one when followed by a blank line.
      if (run.length > 0 && !overProse && !spaced && headless.length > 0) {
        let k = 1;
        while (k < run.length && run[k].no === line.no + k) k++;
        run.length = k;
        next = lines[i + k];
      }
      const awayFromBody = !overProse && run.length > 0 && next !== undefined && next.no > run[run.length - 1].no + 1 && !isProse(next);
      if (overProse || awayFromBody) {
        const words = bigrams(run.map((l) => l.text).join(''));
        let below = '';
        for (let k = i + run.length; k < lines.length && below.length < BELOW_CHARS; k++) below += lines[k].text;
        const belowWords = bigrams(below);
        const share = (set: Set<number>) => {
          let n = 0;
          for (const w of words) if (set.has(w)) n++;
          return words.size > 0 ? n / words.size : 0;
        };
        const related = spaced ? (next.no === line.no + 1 ? RELATED_BELOW_LATER_COLUMN : RELATED_BELOW_SPACED) : RELATED_BELOW;
        const namesHere = overProse && share(belowWords) >= related;
        const namesHeadless = () => {
          const here = share(belowWords);
          return headless.some((h) => h.region !== region && share(h.words) >= NAMES_HEADLESS && share(h.words) > here);
        };
        if (words.size >= 4 && share(aboveWords()) <= UNRELATED_ABOVE && (namesHere || namesHeadless())) {
          out.push(current);
          current = { lines: [], heading: [...run] };
          // Its body goes on from another column: it is no later column of the article after it.
          if (next.no === run[run.length - 1].no + 1) current.goesOnFromElsewhere = true;
          above = new Set();
          unread = [];
        }
      }
      current.lines.push(line);
      if (!heading.has(line)) unread.push(line);
    }
    out.push(current);
    // Columns out of order: the piece holding the line the body reads from keeps reading from it.
    const from = region.readFrom;
    if (from !== undefined) for (const piece of out.slice(start)) if (piece.lines.some((l) => l.no === from)) piece.readFrom = from;
  }
  return out;
}
