/**
 * Raw lines and what each one is, judged by its own text alone. Everything that needs
 * context (is this short line a headline or a subheading?) is decided later, in segment.ts.
 */
import {
  closeUpLetters,
  endsOnEditorWord,
  isBracketCredit,
  isCreditWordAlone,
  isPageFurniture,
  isStandaloneByline,
  isTrailingCredit,
  startsWithContinuationMarker,
  startsWithInlineByline,
  takeTrailingByline,
} from './bylines.ts';
import { LONE_BRACKET } from './heading-text.ts';
import { bigrams, compactWidth, displayWidth, endsSentence, hasClausePunctuation, isJustified, visibleLength, WHITESPACE_RUN } from './text.ts';

export type LineKind =
  | 'blank'
  /** Editors' credits, page dates: belongs to no article. */
  | 'furniture'
  /** `本报记者 X` on its own line. */
  | 'byline'
  /** Opens with `本报讯（…` or `本报X月X日电（…`. */
  | 'inline-byline'
  /** Opens with `（上接第X版）`. */
  | 'continuation'
  | 'text';

export interface RawLine {
  /** 1-based line number in the raw file. */
  no: number;
  raw: string;
  /**
   * Where `raw` starts in the raw line (code units), for a part of a line that printed two
   * columns side by side (side-by-side.ts); absent for a whole line.
   */
  offset?: number;
  /** The line without leading and trailing whitespace. */
  text: string;
  kind: LineKind;
  /** The raw line starts with whitespace: the extractor's trace of a paragraph indent. */
  indented: boolean;
  /** Display width; on a page printed in pieces, that of the printed line the piece belongs to (measurePieces). */
  width: number;
  /** The width with punctuation counted at half (compactWidth), measured as `width` is. */
  compact: number;
  justified: boolean;
  endsSentence: boolean;
  /**
   * Could be a headline, kicker or subheading by its own text: no clause punctuation, not
   * ending a sentence or with a colon, 2–30 characters. Context decides what it really is.
   */
  headingLike: boolean;
  /**
   * Could be a headline when the page puts it where a headline stands (before a byline): a
   * heading-like line, or a short line of a small block of its own whatever its punctuation
   * (`春风进万家，服务在身边`, `夏粮丰收了！`), which a layout-ordering extractor prints
   * apart from the body. Never a line ending a sentence with `。`.
   */
  titleLike: boolean;
  /** Why a furniture line belongs to no article, when it is not plain page furniture. */
  furniture?: 'notice' | 'table' | 'advert' | 'caption';
  /** A box of furniture (furniture with a reason: a notice, a table, an advertisement, a caption) stands right above the line, only blank lines between. */
  underBox?: boolean;
  /**
   * One or two characters of a headline set vertically, one printed line per character: the
   * line stands in a block of at least VERTICAL_MIN_LINES such lines. Read as one heading line.
   */
  vertical: boolean;
}

/** The part of a raw line from code unit `start` to `end`, as a line of its own (a column's line printed beside another's). */
export function partLine(line: RawLine, start: number, end: number): RawLine {
  const raw = line.raw.slice(start, end);
  const text = raw.trim();
  return {
    ...line,
    raw,
    offset: (line.offset ?? 0) + start,
    text,
    kind: start === 0 || line.kind !== 'inline-byline' ? line.kind : 'text',
    indented: start === 0 && line.indented,
    width: displayWidth(text),
    compact: compactWidth(text),
    justified: isJustified(text),
    endsSentence: endsSentence(text),
    headingLike: false,
    titleLike: false,
  };
}

/** Sets a line aside as page furniture of the given kind: no longer a heading or title candidate. */
function markFurniture(line: RawLine, reason: NonNullable<RawLine['furniture']>): void {
  line.kind = 'furniture';
  line.furniture = reason;
  line.headingLike = false;
  line.titleLike = false;
}

/** Headlines and subheadings are short; longer punctuation-free lines are prose cut by a column. */
const MAX_HEADING_CHARS = 30;
/**
 * A line that ends on a particle, conjunction, preposition or auxiliary (`…物资不能`, `…的`)
 * stops in mid-phrase: it is prose cut by a line or column break, never a whole heading.
 */
const DANGLING_END = /(?:的|与|及|或|把|被|和|不能|能够|正在|已经|进行|并且|而且|因为|但是|对于|关于)$/u;

/** Splits decoded text on LF, CRLF or CR. A final line break does not start another line. */
export function splitRawLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** An ornament alone on its line (`■`): a byline's mark or a box's corner the extractor set apart. */
const LONE_ORNAMENT = /^[■◆●▲□★◇○☆△▼◎]$/u;

function kindOf(text: string): LineKind {
  if (text === '') return 'blank';
  if (isPageFurniture(text) || LONE_ORNAMENT.test(text)) return 'furniture';
  if (isStandaloneByline(text)) return 'byline';
  if (startsWithInlineByline(text)) return 'inline-byline';
  if (startsWithContinuationMarker(text)) return 'continuation';
  return 'text';
}

/** Letters and figures mixed, nothing else: a plate, a part number, a code. */
export const CODE = /^(?=.*[A-Za-z])(?=.*\d)[A-Za-z\d]+$/u;

export function classifyLines(rawLines: readonly string[]): RawLine[] {
  return markUnderBoxes(markLabelsOverAdverts(markScanPrompts(markDatePieces(markDoubledLabels(markAdverts(markTables(markNotices(markCaptionRuns(markCaptions(markBriefCredits(markMidSentence(markColonLeads(markBrokenCredits(markTitleLike(markLabelsAgainstFurniture(markLabelsNextToFurniture(markSectionLabels(measurePieces(markNumberPieces(rawLines.map((raw, index) => {
    // String.prototype.trim takes off exactly the whitespace of `[\s\u00a0\u3000]` (\s holds both).
    const text = raw.trim();
    const kind = kindOf(text);
    const chars = visibleLength(text);
    // A sentence closed by its article's credit in brackets (`…完成。（李 明）`) ends there too.
    const ends = endsSentence(text) || (kind === 'text' && takeTrailingByline(text) !== null);
    return {
      no: index + 1,
      raw,
      text,
      kind,
      indented: kind !== 'blank' && /^[\s\u00a0\u3000]/u.test(raw),
      width: displayWidth(text),
      compact: compactWidth(text),
      justified: isJustified(text),
      endsSentence: ends,
      headingLike:
        kind === 'text' &&
        !ends &&
        !hasClausePunctuation(text) &&
        // a colon at the end, or a single character after it (`…名单：甲`), opens what the lines under it list
        !/[：:]\s*[^\s：:]?$/u.test(text) &&
        !DANGLING_END.test(text) &&
        // a bracket opened or closed on the line alone: a credit or an aside broken across lines
        !unbalancedBrackets(text) &&
        // a headline names its story in words: a code of letters and figures (`AB1234`) is a list's item
        !CODE.test(text) &&
        chars >= 2 &&
        chars <= MAX_HEADING_CHARS,
      titleLike: false,
      vertical: false,
    };
  })))))))))))))))))))));
}

/**
 * A label-short line (at most four characters, no punctuation, letter-spacing aside) alone in its block
 * right above an advertisement's block, only blank lines between, is a piece of the
 * advertisement's lettering (`七`, `文 山三` over `市场价：…`), not a headline or a paragraph's
 * last words. One sweep up the page carries the decision along a run of such lines.
 */
function markLabelsOverAdverts(lines: RawLine[]): RawLine[] {
  let below: RawLine | undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i];
    if (l.kind === 'blank') continue;
    const alone = lines[i - 1]?.kind !== 'text' && lines[i + 1]?.kind !== 'text';
    if (below?.furniture === 'advert' && l.kind === 'text' && alone && isLabelText(closeUpLetters(l.text)) && visibleLength(closeUpLetters(l.text)) <= LABEL_AGAINST_FURNITURE_MAX_CHARS) {
      markFurniture(l, 'advert');
    }
    below = l;
  }
  return lines;
}

/** Marks the lines a box of furniture stands right above (RawLine.underBox). */
function markUnderBoxes(lines: RawLine[]): RawLine[] {
  let box = false;
  for (const l of lines) {
    if (l.kind === 'blank') continue;
    if (box && l.kind !== 'furniture') l.underBox = true;
    box = l.kind === 'furniture' && l.furniture !== undefined;
  }
  return lines;
}

/** A call to scan a code printed beside it (`扫码…`), short and alone on its line. */
const SCAN_PROMPT = /^扫码[^\s，。；：]{0,10}$/u;
/** A short question right over such a call, in its block: the call's opening words. */
const PROMPT_QUESTION = /^[^\s，。；：]{2,12}[？?]$/u;

/**
 * A short question printed in one block with a call to scan a code under it (`…吗？` / `扫码…`):
 * the call to readers printed beside the code's picture, page furniture, not the last sentence
 * of the prose it stands after.
 */
function markScanPrompts(lines: RawLine[]): RawLine[] {
  for (let i = 1; i < lines.length; i++) {
    const [above, line] = [lines[i - 1], lines[i]];
    if (line.kind !== 'text' || !SCAN_PROMPT.test(line.text) || above.kind !== 'text' || !PROMPT_QUESTION.test(above.text)) continue;
    for (const l of [above, line]) {
      l.kind = 'furniture';
      l.headingLike = false;
      l.titleLike = false;
    }
  }
  return lines;
}

/** A few names (spaces left out), perhaps closed by a slash before the next credit: `某某 /`, `甲某 乙某`. */
const CREDIT_NAMES = /^[\u3400-\u9fff·]{2,9}[/／]?$/u;
/**
 * The page's date printed a figure or point a line (`2` / `0` / `3` / `0` / `.` / `5` / …) right
 * before the rest of the date line, after a sentence end: figures of no sentence, furniture.
 */
function markDatePieces(lines: RawLine[]): RawLine[] {
  markSplitDateLines(lines);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].kind !== 'text' || !DATE_PIECE.test(lines[i].text)) continue;
    let end = i;
    while (end + 1 < lines.length && lines[end + 1].kind === 'text' && DATE_PIECE.test(lines[end + 1].text)) end++;
    const [above, below] = [lines[i - 1], lines[end + 1]];
    if (end - i + 1 >= DATE_PIECES_MIN && below?.kind === 'furniture' && (above === undefined || above.kind !== 'text' || above.endsSentence)) {
      for (let k = i; k <= end; k++) {
        lines[k].kind = 'furniture';
        lines[k].headingLike = false;
      }
    }
    i = end;
  }
  return lines;
}

/**
 * The page head cut into pieces by an extractor that reads it out of order (`2` / `030.` / `1.` /
 * `2 星期三` / `要闻 3责任编辑：` / `某某 / 版式设计：…`):
 * - a line ending on a weekday that, read after the short lines of figures right above it, is the
 *   page's date with its weekday: the date, furniture, with those lines;
 * - a short line ending on an editors' credit cut after its colon, right above furniture (the
 *   credit's names and the next credits): furniture.
 */
function markSplitDateLines(lines: RawLine[]): void {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.kind !== 'text') continue;
    // (Each test asked only of a line ending on the character it needs: every line is looked at.)
    const last = l.text.charCodeAt(l.text.length - 1);
    if (WEEKDAY_LAST.has(last) && WEEKDAY_END.test(l.text)) {
      let joined = l.text;
      const pieces: RawLine[] = [];
      for (let k = i - 1; k >= 0 && pieces.length < DATE_LINE_PIECES_MAX; k--) {
        if (lines[k].kind === 'blank') continue;
        if (!FIGURES_PIECE.test(lines[k].text)) break;
        pieces.push(lines[k]);
        joined = lines[k].text + joined;
        if (isPageFurniture(joined.replace(/[\s\u3000]+/gu, ''))) {
          for (const p of [...pieces, l]) {
            p.kind = 'furniture';
            p.headingLike = false;
            p.titleLike = false;
          }
          break;
        }
      }
    }
    if ((last === 0xff1a || last === 0x3a) && l.kind === 'text' && endsOnEditorWord(l.text) && visibleLength(l.text) <= EDITOR_LINE_MAX_CHARS) {
      let k = i + 1;
      while (k < lines.length && lines[k].kind === 'blank') k++;
      if (lines[k]?.kind === 'furniture') {
        l.kind = 'furniture';
        l.headingLike = false;
        l.titleLike = false;
      }
    }
  }
}

const WEEKDAY_END = /(?:星期|周)[一二三四五六日天]$/u;
const WEEKDAY_LAST = new Set([...'一二三四五六日天'].map((c) => c.charCodeAt(0)));
/** Figures, perhaps closed by a point or a date word: a piece of a date cut over lines. */
const FIGURES_PIECE = /^\d{1,4}[.．年月日]?$/u;
/** A date cut over lines: its weekday's line and at most this many lines of figures above it. */
const DATE_LINE_PIECES_MAX = 4;
/** A section's name and a folio before an editors' credit cut after its colon: a short line. */
const EDITOR_LINE_MAX_CHARS = 12;

/** A figure or a point alone on its line; a date printed so runs at least this many. */
const DATE_PIECE = /^[\d.．]$/u;
const DATE_PIECES_MIN = 4;
/** A label standing against furniture is this short: a section's name, an editor's name, a masthead word. */
const LABEL_AGAINST_FURNITURE_MAX_CHARS = 4;

/**
 * The page head a content-stream extractor prints as one block amid the articles (`2030.1.2 星期三` /
 * `责任编辑：某某` / `某某` / `要闻` / `7` / `N E W S`): a very short label line with no blank line
 * between it and furniture is furniture too. A headline this short stands apart.
 */
function markLabelsAgainstFurniture(lines: RawLine[]): RawLine[] {
  const isLabel = (l: RawLine) => {
    if (l.kind !== 'text') return false;
    // A folio may lead the label (`8 要闻`).
    const closed = closeUpLetters(l.text)
      .replace(/(?<=[A-Za-z])[\s\u3000]+(?=[A-Za-z])/gu, '')
      .replace(/^[A-Z]?\d{1,3}[\s\u3000]+(?=[\u3400-\u9fff])/u, '');
    return isLabelText(closed) && (/^[A-Za-z]+$/u.test(closed) || visibleLength(closed) <= LABEL_AGAINST_FURNITURE_MAX_CHARS);
  };
  // An editors' credit cut after its colon (`责任编辑：` / `某某 /`): the names under it are its value.
  const isValue = (l: RawLine, above: RawLine | undefined) => l.kind === 'text' && above?.kind === 'furniture' && endsOnEditorWord(above.text) && CREDIT_NAMES.test(l.text.replace(/[\s\u3000]+/gu, ''));
  // One sweep down and one up carry the decision along a run of labels (linear, however long).
  const mark = (i: number, neighbour: RawLine | undefined) => {
    const l = lines[i];
    if (neighbour?.kind !== 'furniture' || !(isLabel(l) || (neighbour === lines[i - 1] && isValue(l, neighbour)))) return;
    l.kind = 'furniture';
    l.headingLike = false;
  };
  for (let i = 0; i < lines.length; i++) mark(i, lines[i - 1]);
  for (let i = lines.length - 1; i >= 0; i--) mark(i, lines[i + 1]);
  return lines;
}

/** A headline closed by its own mark (`夏粮丰收了！`) standing where a headline stands is this short. */
const EXCLAMATION_MAX_CHARS = 12;
/** A headline's lead-in before its colon (`某县检察：`) is this short. */
const COLON_LEAD_MAX_CHARS = 8;

/**
 * A headline broken after its colon (`某县法院：` / `巡回审判进乡村`), right after a sentence end and
 * right before an article start: the short lead-in is a heading line too.
 */
function markColonLeads(lines: RawLine[]): RawLine[] {
  for (let i = 0; i + 2 < lines.length; i++) {
    const [l, next, after] = [lines[i], lines[i + 1], lines[i + 2]];
    const prev = lines[i - 1];
    if (l.kind !== 'text' || prev === undefined || prev.kind === 'blank' || !prev.endsSentence) continue;
    // The lead-in before a colon, then the headline, then the article start.
    const lead = /[：:]$/u.test(l.text) && visibleLength(l.text) <= COLON_LEAD_MAX_CHARS && !hasClausePunctuation(l.text) && next.headingLike && isStartSignal(after);
    // A short exclamation or question alone on its line right before the article start.
    const exclaimed = /[！？!?]$/u.test(l.text) && visibleLength(l.text) <= EXCLAMATION_MAX_CHARS && !hasClausePunctuation(l.text.slice(0, -1)) && isStartSignal(next);
    if (!lead && !exclaimed) continue;
    l.headingLike = true;
    l.titleLike = true;
  }
  return lines;
}

/**
 * A credit in brackets broken over two lines (`（ 王 五` / `赵 六 ）`), or a photo credit cut after
 * its slash: like one on its line, it closes its article's last sentence, and neither half is a heading.
 */
function markBrokenCredits(lines: RawLine[]): RawLine[] {
  for (let i = 0; i + 1 < lines.length; i++) {
    const [first, second] = [lines[i], lines[i + 1]];
    if (first.kind !== 'text' || second.kind !== 'text') continue;
    const bracketed = /^[（(][^）)]*$/u.test(first.text) && /^[^（(]*[）)]$/u.test(second.text) && isBracketCredit(`${first.text} ${second.text}`);
    // A photo credit cut after its slash (`王 五/` / `摄`) closes its caption or article the same way.
    const photo = /[/／]$/u.test(first.text) && second.text === '摄' && isTrailingCredit(`${first.text}${second.text}`);
    if (!bracketed && !photo) continue;
    for (const l of [first, second]) {
      l.headingLike = false;
      l.titleLike = false;
    }
    second.endsSentence = true;
  }
  return lines;
}

/** A line of figures alone: a folio, or a piece of a number an extractor split off its sentence. */
const FIGURES_ALONE = /^\d{1,4}$/u;
/** What follows a number in a sentence: a unit, a date or time part, a measure word. */
const AFTER_NUMBER = /^[余多年月日时分秒点元角万亿千百个名人位次件起家所条号岁天周期批项台辆户亩吨米%％.．]/u;
/** A decimal point or a colon printed alone on its line: figures go on under it. */
const NUMBER_JOINT = /^[.．:：]$/u;
/** A closing quotation mark or bracket printed alone on its line, right after figures: `“5.20”`. */
const CLOSING_MARK = /^[”’）)」』]$/u;

/**
 * An extractor that prints figures set in another font as lines of their own (`pdftotext -raw`:
 * `共计 3` / `2` / `0` / `0` / `户居民。`) leaves lines a folio's form. A run of such lines is a
 * piece of a number, text, when the line right above it ends on a figure or the line right under
 * it goes on with what follows a number (`月 1`, `日，`); and those neighbours, cut in the middle
 * of a number, are no heading.
 */
function markNumberPieces(lines: RawLine[]): RawLine[] {
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].kind !== 'furniture' || !FIGURES_ALONE.test(lines[i].text)) continue;
    let end = i;
    while (end + 1 < lines.length && lines[end + 1].kind === 'furniture' && FIGURES_ALONE.test(lines[end + 1].text)) end++;
    const above = lines[i - 1];
    const below = lines[end + 1];
    const prose = (l: RawLine | undefined): l is RawLine => l !== undefined && (l.kind === 'text' || l.kind === 'inline-byline');
    // A decimal point or a time's colon cut off alone (`“5` / `.` / `2` / `0` / `”`) goes on into figures too.
    const fromAbove = prose(above) && (/\d$/u.test(above.text) || NUMBER_JOINT.test(above.text));
    const intoBelow = prose(below) && (AFTER_NUMBER.test(below.text) || CLOSING_MARK.test(below.text));
    if (fromAbove || intoBelow) {
      for (let k = i; k <= end; k++) lines[k].kind = 'text';
      if (fromAbove) above.headingLike = false;
      if (intoBelow) below.headingLike = false;
    }
    i = end;
  }
  // A line ending on a figure right over a line opening with one (`募得善款 3` / `5 万元，…`): a number
  // the extractor cut across two lines, so neither is a heading.
  for (let i = 0; i + 1 < lines.length; i++) {
    const [l, next] = [lines[i], lines[i + 1]];
    if (l.kind === 'text' && next.kind === 'text' && /\d$/u.test(l.text) && /^\d/u.test(next.text)) {
      l.headingLike = false;
      next.headingLike = false;
    }
  }
  return lines;
}

/** A piece of a printed line that goes on in the next raw line: it ends at a clause mark. */
const PIECE_END = /[，、；：,;:]$/u;
/**
 * A piece that is one quotation or title whole (`“某某”`, `《某某》`): the extractor set it apart
 * for its marks' font, in the middle of a printed line, so the line goes on in the next piece.
 */
const QUOTED_PIECE = /^(?:“[^“”]*”|《[^《》]*》|（[^（）]*）)$/u;
/** Whether a piece of a printed line cut into pieces goes on in the next one (`measurePieces`). */
export function goesOnInNextPiece(text: string): boolean {
  return PIECE_END.test(text) || QUOTED_PIECE.test(text);
}
/**
 * Lines of prose end at a clause mark now and then, where the printed line happens to (a tenth
 * of a page's lines or fewer); an extractor that breaks a printed line at each one
 * (`pdftotext -raw`) ends a third of them or more so.
 */
const PIECES_SHARE = 1 / 3;

/**
 * On a page whose extractor cut its printed lines into pieces at their clause marks, each piece
 * is measured as the printed line it belongs to: the run of pieces up to one that ends
 * elsewhere (its width, and spaced out when one of them is). Widths then compare with the
 * column as whole lines do.
 */
function measurePieces(lines: RawLine[]): RawLine[] {
  let text = 0;
  let ending = 0;
  for (const l of lines) {
    if (l.kind === 'blank') continue;
    text++;
    if (PIECE_END.test(l.text)) ending++;
  }
  if (text === 0 || ending < text * PIECES_SHARE) return lines;
  let run: RawLine[] = [];
  const flush = () => {
    let width = 0;
    let compact = 0;
    let justified = false;
    for (const l of run) {
      width += l.width;
      compact += l.compact;
      justified ||= l.justified;
    }
    for (const l of run) {
      l.width = width;
      l.compact = compact;
      l.justified = justified;
    }
    run = [];
  };
  const prose = (l: RawLine | undefined) => l !== undefined && (l.kind === 'text' || l.kind === 'inline-byline');
  lines.forEach((l, i) => {
    if (!prose(l)) {
      flush();
      return;
    }
    run.push(l);
    if (!(goesOnInNextPiece(l.text) && prose(lines[i + 1]))) flush();
  });
  flush();
  return lines;
}

/**
 * A brief's credit in brackets that the extractor printed early, inside its last sentence
 * (`…网上挂号、` / `（某甲 某乙）` / `生活缴费等常用功能。` and a blank line or the end; the rest
 * may be cut into a few pieces): it reads after the rest of its block, where it closes the brief.
 * Returns the lines in reading order (the same array when no credit moves).
 */
export function creditAfterLastLine(lines: readonly RawLine[]): readonly RawLine[] {
  let out: RawLine[] | null = null;
  for (let i = 1; i + 1 < lines.length; i++) {
    const [prev, credit] = [lines[i - 1], lines[i]];
    const open = credit.text.charCodeAt(0);
    if (credit.kind !== 'text' || (open !== 0xff08 && open !== 0x28) || !isBracketCredit(credit.text)) continue;
    if (prev.no !== credit.no - 1 || prev.endsSentence) continue;
    // The rest of the block: the lines right under the credit, the last one ending the sentence.
    let end = i;
    while (end + 1 < lines.length && lines[end + 1].no === lines[end].no + 1 && lines[end + 1].kind === 'text' && end - i < CREDIT_EARLY_MAX_LINES) end++;
    const after = lines[end + 1];
    if (end === i || !lines[end].endsSentence || (after !== undefined && after.no === lines[end].no + 1)) continue;
    out ??= [...lines];
    out.splice(i, end - i + 1, ...lines.slice(i + 1, end + 1), credit);
    i = end;
  }
  return out ?? lines;
}

/** A credit printed early stands at most this many lines before its block's end. */
const CREDIT_EARLY_MAX_LINES = 3;

/** A table (weather, prices) prints as a long run of short cells: lines this short… */
const CELL_MAX_CHARS = 8;
/** …this many in a row, none a sentence or a clause. */
const TABLE_MIN_CELLS = 10;
const TABLE_FIGURE_SHARE = 0.15;
/**
 * A run most of whose cells are codes of letters and figures (`AB1234`) is a list's items, not a
 * table's cells: an extractor that takes each code of a list out of its line prints the codes
 * that stand under one another as a column of their own (code-lists.ts reads them back).
 */
const LIST_CODE_SHARE = 0.5;
/** Titles inside or above a table: a heading line this short, one or two in a row. */
const TABLE_TITLE_MAX_CHARS = 16;
const TABLE_TITLE_LINES = 2;

const PAIRS = ['“”', '‘’', '（）', '()', '「」', '『』', '《》', '【】'];
/** A quote or bracket opened or closed on the line alone: a phrase running across lines, which is prose, not a cell. */
function unbalancedPair(text: string): boolean {
  return PAIRS.some(([open, close]) => text.split(open).length !== text.split(close).length);
}

/** Whether a round bracket is opened or closed on the line alone. */
function unbalancedBrackets(text: string): boolean {
  // Counted in one pass (every heading-like line is asked), not by splitting the line four times.
  let wide = 0;
  let narrow = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xff08) wide++;
    else if (c === 0xff09) wide--;
    else if (c === 0x28) narrow++;
    else if (c === 0x29) narrow--;
  }
  return wide !== 0 || narrow !== 0;
}

/**
 * Marks runs of table cells as furniture: no article prints ten short phrase-less lines in a row.
 * An extractor that reads a table together with the column beside it prints the rest of its
 * cells in short runs between that column's lines; once the page has a table, a shorter run of
 * two cells or more is one of its pieces when most of its cells repeat a word of the table's
 * cells, as written (`今天`, `多云`) or with other figures (`12~3` as `0~0`).
 */
function markTables(lines: RawLine[]): RawLine[] {
  const mark = (run: readonly RawLine[]) => {
    for (const l of run) {
      markFurniture(l, 'table');
    }
  };
  // The words of the page's tables' cells, known once one is found.
  let words: Set<string> | null = null;
  // Cells found, and how many hold a word (an ideograph): a table of words and figures, not a list of codes.
  let found = 0;
  let worded = 0;
  cellRuns(lines, (run, cells) => {
    // Tables hold figures: a good share of the cells has a digit.
    const codes = cells.filter((l) => CODE.test(l.text)).length;
    if (cells.length >= TABLE_MIN_CELLS && cells.filter((l) => /\d/u.test(l.text)).length >= cells.length * TABLE_FIGURE_SHARE && codes <= cells.length * LIST_CODE_SHARE) {
      mark(run);
      words ??= new Set();
      for (const l of cells) for (const w of cellWords(l.text)) words.add(w);
      found += cells.length;
      worded += cells.filter((l) => /\p{Script=Han}/u.test(l.text)).length;
    }
  });
  const known = words as Set<string> | null;
  if (known === null) return lines;
  const repeats = (l: RawLine) => cellWords(l.text).some((w) => known.has(w));
  cellRuns(
    lines,
    (run, cells) => {
      if (cells.length >= TABLE_PIECE_MIN_CELLS && cells.filter(repeats).length >= cells.length * TABLE_PIECE_SHARE) mark(run);
    },
    true,
  );
  if (worded >= found * TABLE_WORDED_SHARE) markCellsBesideTable(lines, repeats);
  return lines;
}

/** A table whose cells hold words this often (not a list of plates or codes) is read with the cells printed beside it. */
const TABLE_WORDED_SHARE = 0.5;
/** A cell stands beside its table when at most this many other lines stand between it and the table's nearest line. */
const TABLE_REACH = 4;
/** A table's row of column heads (`区县 时段 天气 温度`): this many short words or more, parted by spaces. */
const HEAD_ROW_MIN_WORDS = 3;
const HEAD_WORD_MIN_CHARS = 2;
const HEAD_WORD_MAX_CHARS = 6;

/**
 * An extractor reading in rows prints a table and the columns beside it a row at a time: a cell
 * or two, then a line of each column, then the next row's cells. Once a table is found, every
 * cell (or row of column heads) standing at most TABLE_REACH lines from one of its lines is one
 * of its cells too, whatever its words (a label `紫外线强度`, its value `3-5级`), and so on
 * from it, up and down; a title goes with them where it stands set apart (a blank line above)
 * right over one. Prose breaks off every line or two beside a table and its lines are long.
 */
function markCellsBesideTable(lines: RawLine[], repeats: (l: RawLine) => boolean): void {
  const shown = lines.filter((l) => l.kind !== 'blank');
  // Where each line stands in `lines` (looked up, not searched: a page may be long).
  const indexOf = new Map(lines.map((l, k) => [l, k]));
  const cellLike = (l: RawLine | undefined) => l !== undefined && l.kind === 'text' && !l.vertical && (isCell(l) || isHeadRow(l.text));
  const sweep = (order: readonly RawLine[]) => {
    let between = Infinity;
    for (let i = 0; i < order.length; i++) {
      const l = order[i];
      if (l.furniture === 'table') between = 0;
      else if (between <= TABLE_REACH && cellLike(l)) {
        // Two cells in a row, or a row of heads, carry the table on; a cell alone (`补贴`, a
        // column's line cut short) is taken only when it holds a figure or repeats a cell's word,
        // and carries nothing.
        const inTable = (n: RawLine | undefined) => cellLike(n) || n?.furniture === 'table';
        const carries = inTable(order[i + 1]) || inTable(order[i - 1]) || isHeadRow(l.text);
        if (carries || /\d/u.test(l.text) || repeats(l)) markFurniture(l, 'table');
        between = carries ? 0 : between + 1;
      } else between++;
    }
  };
  sweep(shown);
  sweep([...shown].reverse());
  // A picture printed among the cells: its credit (`X供图`) and the sentence right over it, with
  // the table's cells (or a blank line) above and under them, are its caption.
  const boxEdge = (l: RawLine | undefined) => l === undefined || l.kind === 'blank' || l.furniture === 'table';
  for (let i = 1; i < shown.length; i++) {
    const [caption, credit] = [shown[i - 1], shown[i]];
    if ((credit.kind !== 'text' && credit.furniture !== 'table') || !PHOTO_CREDIT_LINE.test(credit.text) || caption.kind !== 'text' || !caption.endsSentence) continue;
    const at = indexOf.get(caption)!;
    if (lines[at + 1] !== credit || !boxEdge(lines[at - 1]) || !boxEdge(lines[at + 2])) continue;
    markFurniture(caption, 'caption');
    markFurniture(credit, 'caption');
  }
  // A title set apart right over a cell of the table; or a panel's title right under one, clearly
  // shorter than the page's column lines and naming one of its cells (`…今日紫外线…`).
  const cells = new Set<string>();
  for (const l of shown) if (l.furniture === 'table') for (const w of l.text.split(WHITESPACE_RUN)) if (/^\p{Script=Han}{2,}$/u.test(w) && [...w].length <= CELL_MAX_CHARS) cells.add(w);
  let column = -1;
  for (let i = 0; i + 1 < shown.length; i++) {
    const l = shown[i];
    if (l.kind !== 'text' || !l.headingLike || visibleLength(l.text) > TABLE_TITLE_MAX_CHARS) continue;
    if (shown[i + 1].furniture === 'table' && lines[indexOf.get(l)! - 1]?.kind === 'blank') markFurniture(l, 'table');
    else if (i > 0 && shown[i - 1].furniture === 'table') {
      if (column < 0) column = columnWidth(lines);
      if (l.width <= PANEL_TITLE_SHARE * column && namesCell(l.text, cells)) markFurniture(l, 'table');
    }
  }
}

/** A panel's title under a table's cell is at most this share of the column's width (a column's line cut short beside the table is near full). */
const PANEL_TITLE_SHARE = 0.75;

/** Whether `text` (a short title) holds one of the words in `cells` (each of at most CELL_MAX_CHARS): its runs are looked up, the set is not walked. */
function namesCell(text: string, cells: ReadonlySet<string>): boolean {
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) for (let n = 2; n <= CELL_MAX_CHARS && i + n <= chars.length; n++) if (cells.has(chars.slice(i, i + n).join(''))) return true;
  return false;
}

/** Column heads in one line: HEAD_ROW_MIN_WORDS or more short words, no sentence, no clause. */
function isHeadRow(text: string): boolean {
  if (/[，。；！？、“”]/u.test(text)) return false;
  const words = text.split(WHITESPACE_RUN);
  return words.length >= HEAD_ROW_MIN_WORDS && words.every((w) => visibleLength(w) >= HEAD_WORD_MIN_CHARS && visibleLength(w) <= HEAD_WORD_MAX_CHARS);
}

/** A table's cell: a short line holding no sentence, no clause, no phrase running across lines. */
function isCell(l: RawLine): boolean {
  return l.kind === 'text' && !l.vertical && visibleLength(l.text) <= CELL_MAX_CHARS && !l.endsSentence && !/[，。；！？、]/u.test(l.text) && !unbalancedPair(l.text);
}

/**
 * Each run of table cells (with the titles standing above or between them) in the lines, given to
 * `close` with its cells apart; blank lines do not break a run.
 */
function cellRuns(lines: readonly RawLine[], close: (run: RawLine[], cells: RawLine[]) => void, titlesApart = false): void {
  // A table's title or a panel's (`全市12个区县今明天气`) stands above or between its cells.
  const isTitle = (l: RawLine) => l.kind === 'text' && l.headingLike && visibleLength(l.text) <= TABLE_TITLE_MAX_CHARS;
  let run: RawLine[] = [];
  let cells: RawLine[] = [];
  let titles: RawLine[] = [];
  const flush = () => {
    if (cells.length > 0) close(run, cells);
    run = [];
    cells = [];
    titles = [];
  };
  // Whether a blank line stands right above the current line.
  let apart = true;
  for (const l of lines) {
    if (l.kind === 'blank') {
      // A title with a blank line under it and no cell yet stands apart from the table: a
      // headline over it, or a title the sweep beside the table takes when a cell is right under it.
      if (cells.length === 0) titles = [];
      apart = true;
      continue;
    }
    // titlesApart: a piece's title stands between its cells or set apart over them, not right under prose (a column's line cut short beside the table).
    const titleFits = !titlesApart || apart || titles.length > 0 || cells.length > 0;
    apart = false;
    if (isCell(l)) {
      run.push(...titles, l);
      cells.push(l);
      titles = [];
    } else if (isTitle(l) && titles.length < TABLE_TITLE_LINES && titleFits) titles.push(l);
    else flush();
  }
  flush();
}

/** A table's piece printed apart: at least two cells, two thirds of them repeating the table's. */
const TABLE_PIECE_MIN_CELLS = 2;
const TABLE_PIECE_SHARE = 2 / 3;

/** A cell's words (parted by whitespace), each run of digits read as `0`; a bare figure is no word. */
function cellWords(text: string): string[] {
  return text
    .split(/\s+/u)
    .map((w) => w.replace(/\d+/gu, '0'))
    .filter((w) => w !== '' && w !== '0');
}

/**
 * A price tag (`会员价：2.5 元/克`, `特价：30 元 /斤`): a label, a price and a unit. Articles quote
 * prices inside sentences; only an advertisement prints them as tags on lines of their own.
 */
const PRICE_TAG = /^[^\s，。；！？]{1,6}[：:][\s\u3000]*\d+(?:\.\d+)?[\s\u3000]*元[\s\u3000]*[/／][\s\u3000]*[\u3400-\u9fff]{1,2}$/u;
/** A price tag cut after its label (`市场价：` / `198 元 /斤`), as an extractor prints it in two lines. */
const PRICE_LABEL = /^[^\s，。；！？]{1,6}[：:]$/u;
const PRICE = /^\d+(?:\.\d+)?[\s\u3000]*元[\s\u3000]*[/／][\s\u3000]*[\u3400-\u9fff]{1,2}$/u;
/** The mark the law asks of an advertisement printed among news: `（广告）`. */
const ADVERT_MARK = /[（(]广告[）)]$/u;

/**
 * One letter printed many times in a row (`参参参参参参…`): lettering drawn large in an advertisement,
 * which the extractor reads glyph by glyph. No sentence repeats a character so.
 */
const LETTER = /^\p{L}$/u;

/**
 * A figure printed so many times in a row (`8888…`) is drawn lettering too: a number holds a run of
 * zeros, nines or the like, never this long.
 */
const REPEATED_FIGURE_RUN = 12;

/**
 * Six or more of one letter in a row, as `/(\p{L})\1{5,}/u` finds them, or REPEATED_FIGURE_RUN of
 * one figure, read by code point with no backtracking: it is asked of every line.
 */
function hasRepeatedLetter(text: string): boolean {
  let previous = -1;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++; // the low half of a surrogate pair is read with its high half
    run = cp === previous ? run + 1 : 1;
    previous = cp;
    if (run === 6 && LETTER.test(String.fromCodePoint(cp))) return true;
    if (run === REPEATED_FIGURE_RUN && cp >= 0x30 && cp <= 0x39) return true;
  }
  return false;
}

/** An advertisement's text block is small; a longer one is an extractor's that prints no blank lines. */
const ADVERT_BLOCK_MAX_LINES = 12;
/** …or of lines so short (an address, a list of bus routes cut at every comma) that they hold no more text than that. */
const ADVERT_BLOCK_MAX_CHARS = 240;

/**
 * Marks as furniture every small block (run of non-blank lines, few of them or little text) holding
 * a price tag, drawn lettering or ending with the advert mark, and in a larger block those lines alone.
 */
function markAdverts(lines: RawLine[]): RawLine[] {
  const cutTag = (i: number) =>
    lines[i]?.kind === 'text' &&
    ((PRICE_LABEL.test(lines[i].text) && PRICE.test(lines[i + 1]?.text ?? '')) || (PRICE.test(lines[i].text) && PRICE_LABEL.test(lines[i - 1]?.text ?? '')));
  const isAdvertAt = (i: number) => {
    const l = lines[i];
    // The mark alone on its line reads as a credit in brackets: it marks its block all the same, and
    // stays a credit line itself (it still closes the block above it, which a line of prose would not).
    if (l.kind === 'byline') return ADVERT_MARK.test(l.text);
    return l.kind === 'text' && (PRICE_TAG.test(l.text) || ADVERT_MARK.test(l.text) || hasRepeatedLetter(l.text) || cutTag(i));
  };
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && lines[i].kind !== 'blank') continue;
    const block = lines.slice(start, i);
    const marked = block.filter((l, k) => isAdvertAt(start + k));
    if (marked.length > 0) {
      const small = block.length <= ADVERT_BLOCK_MAX_LINES || block.reduce((n, l) => n + visibleLength(l.text), 0) <= ADVERT_BLOCK_MAX_CHARS;
      for (const l of small ? block : marked) {
        if (l.kind !== 'text') continue;
        markFurniture(l, 'advert');
      }
    }
    start = i + 1;
  }
  markBetweenAdverts(lines);
  return lines;
}

/** A block this small set between two parts of an advertisement is a part of it too. */
const BETWEEN_ADVERTS_MAX_LINES = 3;

/**
 * A small block of text with an advertisement's block right above it and right under it (only
 * blank lines and ornaments between: the dates of an offer between the drawn lettering and the price tags)
 * is printed inside the advertisement: no article's text stands between two parts of one.
 */
function markBetweenAdverts(lines: RawLine[]): void {
  const isAdvert = (l: RawLine | undefined) => l?.furniture === 'advert';
  // The nearest line from i on (step ±1) that is neither blank nor an ornament alone.
  const nearest = (i: number, step: number): RawLine | undefined => {
    for (; i >= 0 && i < lines.length; i += step) if (lines[i].kind !== 'blank' && !LONE_ORNAMENT.test(lines[i].text)) return lines[i];
    return undefined;
  };
  for (let i = 0; i < lines.length; ) {
    if (lines[i].kind === 'blank') {
      i++;
      continue;
    }
    let end = i;
    while (end + 1 < lines.length && lines[end + 1].kind !== 'blank') end++;
    const block = lines.slice(i, end + 1);
    if (block.length <= BETWEEN_ADVERTS_MAX_LINES && block.every((l) => l.kind === 'text') && isAdvert(nearest(i - 1, -1)) && isAdvert(nearest(end + 1, 1))) {
      for (const l of block) {
        markFurniture(l, 'advert');
      }
    }
    i = end + 1;
  }
}

/** The title of a notice, an advertisement of a court or an office: `某某省某某市人民法院公告`. */
const NOTICE_WORDS = ['公告', '通告', '启事', '声明', '公示'];
const NOTICE_TITLE = new RegExp(`^[^\\s，。；！？]{2,22}(?:${NOTICE_WORDS.join('|')})$`, 'u');
/** The last characters of NOTICE_WORDS: a line ending on none of them is no notice title (asked of every line). */
const NOTICE_TITLE_END = new Set(NOTICE_WORDS.map((w) => w[w.length - 1]));

/**
 * Notices (court and office notices, lost-and-found announcements) run from their title to the
 * next article start: a byline or dateline, less the headline standing right before it. They are
 * printed like articles but are classified matter, no article.
 */
function markNotices(lines: RawLine[]): RawLine[] {
  let i = 0;
  while (i < lines.length) {
    const title = lines[i];
    // (A title ends on its notice word: the line, trimmed, ends on that word's last character.)
    if (title.kind !== 'text' || !NOTICE_TITLE_END.has(title.text[title.text.length - 1]) || !NOTICE_TITLE.test(title.text.replace(/[\s\u3000]+/gu, ''))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < lines.length && !isStartSignal(lines[end])) end++;
    if (end < lines.length) {
      // The headline of the article that starts there: heading-like lines after a sentence end.
      let k = end - 1;
      let heading = 0;
      while (k > i && heading < 3 && (lines[k].kind === 'blank' || lines[k].headingLike || lines[k].titleLike)) {
        if (lines[k].kind !== 'blank') heading++;
        k--;
      }
      if (heading > 0 && (lines[k].endsSentence || k === i)) end = k + 1;
    }
    for (let k = i; k < end; k++) {
      const l = lines[k];
      if (l.kind === 'blank' || l.kind === 'furniture') continue;
      markFurniture(l, 'notice');
    }
    i = end;
  }
  return lines;
}

/** A photo credit on its own line: `学校供图`, `X/摄`, `XX报通讯员 X 摄`. */
const PHOTO_CREDIT_LINE = /(?:供图|[/／]?[\s\u3000]*摄)$/u;
/** A caption is a line or a few, each a text box of its own (a block of one line). */
const CAPTION_MAX_LINES = 3;
/** A line this many times as wide as the page's column is set across columns, as a caption under a picture is. */
const ACROSS_COLUMNS = 1.5;

/**
 * A photo's caption inside an article: the one-line blocks right above a photo credit, the last
 * ending a sentence, with the article's prose or page furniture (an editor line; not a headline)
 * above them. The caption and its
 * credit belong to the page, not to the text around them. (Photo news, a headline over a caption
 * and its credit, stays an article: a headline stands above its caption.)
 *
 * An extractor reading in rows prints a caption set across the columns under its picture as one
 * block with its credit: lines that wide, in a block holding nothing else, are a caption too; and
 * a headline standing over such a caption heads it only when they share a word (the headline of
 * photo news names what its caption tells; another article's headline printed over the picture
 * does not).
 */
function markCaptions(lines: RawLine[]): RawLine[] {
  const oneLineBlock = (i: number) => lines[i - 1]?.kind === 'blank' && lines[i + 1]?.kind === 'blank';
  // The page's column width, measured once a credit is found (0: none measured).
  let pageColumn = -1;
  const across = (l: RawLine) => {
    if (pageColumn < 0) pageColumn = columnWidth(lines);
    return pageColumn > 0 && l.width >= ACROSS_COLUMNS * pageColumn;
  };
  for (let i = 0; i < lines.length; i++) {
    const credit = lines[i];
    if ((credit.kind !== 'text' && credit.kind !== 'byline') || !PHOTO_CREDIT_LINE.test(credit.text) || visibleLength(credit.text) > 24) continue;
    const caption: RawLine[] = [];
    let k = i - 1;
    for (; k >= 0 && caption.length < CAPTION_MAX_LINES; k--) {
      const l = lines[k];
      if (l.kind === 'blank') continue;
      if (l.kind !== 'text' || l.titleLike || (caption.length === 0 && !l.endsSentence)) break;
      if (!oneLineBlock(k) && !across(l)) break;
      caption.push(l);
    }
    // Lines set across the columns in a block are a caption only when the block holds nothing else.
    const top = caption[caption.length - 1];
    if (top !== undefined && lines[top.no - 2] !== undefined && lines[top.no - 2].kind !== 'blank') continue;
    while (k >= 0 && lines[k].kind === 'blank') k--;
    const above = lines[k];
    // A headline stands in a block of its own; the last line of a longer block is prose.
    const inLongBlock = k >= TITLE_BLOCK_MAX_LINES && lines.slice(k - TITLE_BLOCK_MAX_LINES, k).every((l) => l.kind !== 'blank');
    const headsCaption = above?.titleLike && !inLongBlock && !(caption.every(across) && !sharesWord(above.text, caption));
    if (caption.length === 0 || above === undefined || (above.kind !== 'text' && above.kind !== 'furniture') || headsCaption) continue;
    for (const l of [...caption, credit]) {
      markFurniture(l, 'caption');
    }
  }
  markCaptionPieces(lines);
  return lines;
}

/** A piece of a picture's name set in a narrow box: a line this short, without punctuation. */
const CAPTION_PIECE_MAX_CHARS = 3;
const CAPTION_PIECES_MIN = 3;
const CAPTION_PIECES_MAX = 12;
/** A picture's name, as the last words of a caption: `…概念图`, `…示意图`, `…效果图`. */
const PICTURE_NAME_END = /(?:概念图|示意图|效果图)$/u;

/**
 * A picture's name set in a narrow box, which the extractor prints a piece of two or three
 * characters a line (`东湖新` / `城规` / `划效` / `果图`), blank lines between or not: a run of such
 * lines set apart by blank lines that, read joined, ends as a picture's name is its caption.
 */
function markCaptionPieces(lines: RawLine[]): void {
  // (Ideographs only, each one UTF-16 unit: the length is the count, and most lines fail it at once.)
  const isPiece = (l: RawLine) => l.text.length <= CAPTION_PIECE_MAX_CHARS && l.kind === 'text' && /^[\u3400-\u9fff]+$/u.test(l.text);
  for (let i = 0; i < lines.length; i++) {
    if (!isPiece(lines[i]) || (i > 0 && lines[i - 1].kind !== 'blank')) continue;
    const run: RawLine[] = [];
    let k = i;
    for (; k < lines.length && run.length <= CAPTION_PIECES_MAX; k++) {
      if (lines[k].kind === 'blank') continue;
      if (!isPiece(lines[k])) break;
      run.push(lines[k]);
    }
    const last = run[run.length - 1];
    const setApart = lines[last.no] === undefined || lines[last.no].kind === 'blank';
    if (run.length >= CAPTION_PIECES_MIN && run.length <= CAPTION_PIECES_MAX && setApart && PICTURE_NAME_END.test(run.map((l) => l.text).join(''))) {
      for (const l of run) {
        markFurniture(l, 'caption');
      }
    }
    i = last.no - 1;
  }
}

/** Whether a heading and a caption share a word (two letters in a row). */
function sharesWord(heading: string, caption: readonly RawLine[]): boolean {
  const words = bigrams(caption.map((l) => l.text).join(''));
  for (const w of bigrams(heading)) if (words.has(w)) return true;
  return false;
}

/**
 * A caption's last sentence, then its photographer's credit on the same line (`…能力。 某某报通讯员
 * 某某 摄`), or the photo's source (`…现场。 某某供图`).
 */
const CAPTION_CREDIT_END = /[。！？][\s\u3000]+(?:[^\s，。；！？]{0,20}?[\s\u3000]*[\u3400-\u9fff·]{2,4}[\s\u3000]*[/／]?[\s\u3000]*摄|[\u3400-\u9fff]{1,8}供图)$/u;
/** A caption runs a few printed lines (pieces, for an extractor that cuts them at commas). */
const CAPTION_RUN_MAX_LINES = 8;

/**
 * A photo caption with its credit on its last line: that line and those above it back to the last
 * sentence end or furniture (the caption's own sentences end inside its lines) are furniture.
 */
function markCaptionRuns(lines: RawLine[]): RawLine[] {
  for (let i = 0; i < lines.length; i++) {
    // (The credit's 摄 or 供图 ends the line: the test is asked only of the lines that end on it.)
    if (lines[i].kind !== 'text' || !(lines[i].text.endsWith('摄') || lines[i].text.endsWith('供图')) || !CAPTION_CREDIT_END.test(lines[i].text)) continue;
    let k = i;
    while (k - 1 >= 0 && i - k + 1 < CAPTION_RUN_MAX_LINES && lines[k - 1].kind === 'text' && !lines[k - 1].endsSentence) k--;
    const above = lines[k - 1];
    if (above !== undefined && above.kind === 'text' && !above.endsSentence) continue;
    for (let j = k; j <= i; j++) {
      markFurniture(lines[j], 'caption');
    }
  }
  return lines;
}

/**
 * A credit in brackets alone on its line between a finished sentence and more untitled prose
 * (`…活动。` / `（王五 李六）` / `为迎接…`) closes the article opened by the last byline or dateline;
 * once that one is closed, further credits close briefs of a column of briefs (简讯), not articles:
 * they are text, kept at the end of their brief's paragraph (reflow.ts).
 */
function markBriefCredits(lines: RawLine[]): RawLine[] {
  let prev: RawLine | undefined;
  let opened = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.kind === 'blank') continue;
    const credit = l.kind === 'byline' && isBracketCredit(l.text);
    if (credit && prev?.kind === 'text' && prev.endsSentence && !opened) {
      let k = i + 1;
      while (k < lines.length && lines[k].kind === 'blank') k++;
      const next = lines[k];
      if (next !== undefined && next.kind === 'text' && !next.titleLike && !next.headingLike) {
        l.kind = 'text';
        l.headingLike = false;
        l.titleLike = false;
      }
    }
    // A credit alone on its line that an earlier rule read as text (printed inside its brief's last
    // sentence, `…网上挂号、` / `（某甲 某乙）` / `…等功能。`) closes its brief all the same.
    if (credit || (l.kind === 'text' && (takeTrailingByline(l.text) !== null || isBracketCredit(l.text)))) opened = false;
    else if (isStartSignal(l)) opened = true;
    prev = l;
  }
  return lines;
}

/**
 * A line opening with the last character or two of a sentence, or with one character and a
 * clause mark (`2019 年 5` / `月，…`): no heading line ends one character short of a clause.
 */
const WORD_FINISHED = /^(?:[^\s，。、；：！？“”]{1,2}[。！？]|[^\s\x00-\x7f，。、；：！？“”][，、；])/u;
/** A line ending on a clause mark leaves its sentence open: the line right under it goes on with it. */
const OPEN_CLAUSE_END = /[，、；,;]$/u;

/**
 * Lines that go on with an open sentence above them are prose, whatever their own text: no
 * heading can start right under `…，` (extractors that break a printed line at every comma,
 * such as `pdftotext -raw`, leave many short comma-free pieces), and a word in brackets there
 * (`村` / `（社区）`) is no closing credit, which follows a sentence end.
 */
function markMidSentence(lines: RawLine[]): RawLine[] {
  let prev: RawLine | undefined;
  // The name under a credit word printed alone on its line (`一 审：` / `程丽清`) is furniture too.
  for (let i = 0, last: RawLine | undefined; i < lines.length; i++) {
    const l = lines[i];
    if (l.kind === 'blank') continue;
    if (last !== undefined && last.kind === 'furniture' && isCreditWordAlone(last.text) && l.kind === 'text' && /^[\u3400-\u9fff·]{2,4}$/u.test(l.text.replace(/[\s\u3000]+/gu, ''))) {
      l.kind = 'furniture';
      l.headingLike = false;
      l.titleLike = false;
    }
    last = l;
  }
  // A title (`春风进万家，` / `服务在身边`) may break at its comma: in a block of its own, or opening one.
  let blockStart = 0;
  const blockSize = (i: number) => {
    let end = i;
    while (end < lines.length && lines[end].kind !== 'blank') end++;
    return end - blockStart;
  };
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.kind === 'blank') {
      blockStart = i + 1;
      size = 0;
      continue;
    }
    if (size === 0) size = blockSize(i);
    if (prev !== undefined && !prev.endsSentence && l.kind === 'byline' && isBracketCredit(l.text)) {
      l.kind = 'text';
      l.headingLike = false;
      l.titleLike = false;
    }
    // A line whose word the next line finishes (`…社区服务中` / `心。将…`), even across the blank line
    // some extractors set after a paragraph's first line, stops mid-word: prose.
    // Across a blank line, a line of two phrases set apart by a space (`守护一方平安 服务万家灯火`) is
    // a headline, which content-stream extractors may print between a column's pieces.
    const phrases = !prev?.justified && /[\u3400-\u9fff]{2}[\s\u3000]+[\u3400-\u9fff]{2}/u.test(prev?.text ?? '');
    if (prev !== undefined && (l.no === prev.no + 1 || (l.no === prev.no + 2 && !phrases)) && prev.kind === 'text' && (prev.headingLike || prev.titleLike) && !prev.vertical && WORD_FINISHED.test(l.text)) {
      prev.headingLike = false;
      prev.titleLike = false;
    }
    if (prev !== undefined && l.no === prev.no + 1 && size > TITLE_BLOCK_MAX_LINES && prev.no > blockStart + 1 && prev.kind === 'text' && OPEN_CLAUSE_END.test(prev.text) && !prev.headingLike && !l.vertical) {
      l.headingLike = false;
      l.titleLike = false;
    }
    // …and where it opens a block, its first half is a heading line too when the second half
    // leads straight into a byline or dateline (`春风进万家，` / `服务在身边` / `本报讯（记者 X）…`).
    const next = lines[i + 1];
    // (Where an extractor prints no blank lines, a sentence end just above opens the block.)
    const opensBlock = i === blockStart || (prev !== undefined && prev.endsSentence && l.no === prev.no + 1);
    if (opensBlock && l.kind === 'text' && OPEN_CLAUSE_END.test(l.text) && visibleLength(l.text) <= TITLE_MAX_CHARS && next !== undefined && next.kind === 'text' && next.headingLike && isByline(lines[i + 2])) {
      l.headingLike = true;
      l.titleLike = true;
    }
    prev = l;
  }
  return lines;
}

/** A byline of its own or a dateline opening a paragraph. */
export function isByline(line: RawLine | undefined): boolean {
  return line !== undefined && (line.kind === 'byline' || line.kind === 'inline-byline');
}

/** A block of this many lines or fewer, each this short, may be a headline whatever its punctuation. */
const TITLE_BLOCK_MAX_LINES = 2;
const TITLE_MAX_CHARS = 24;

/** A vertical headline prints at least this many one- or two-character lines in a row. */
const VERTICAL_MIN_LINES = 4;
const VERTICAL_MAX_CHARS = 2;
/** …and no more than a headline holds… */
const VERTICAL_MAX_LINES = MAX_HEADING_CHARS;
/** …mostly different ones. */
const VERTICAL_DISTINCT_SHARE = 0.5;

/**
 * Sets titleLike and vertical, which depend on the line's block: the run of non-blank lines it
 * stands in.
 */
function markTitleLike(lines: RawLine[]): RawLine[] {
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && lines[i].kind !== 'blank') continue;
    const size = i - start;
    const block = lines.slice(start, i);
    // A table column (`今天` / `明天` / `今天` …) also prints short lines, but repeats them.
    const vertical =
      size >= VERTICAL_MIN_LINES &&
      size <= VERTICAL_MAX_LINES &&
      block.every((l) => l.kind === 'text' && visibleLength(l.text) <= VERTICAL_MAX_CHARS) &&
      new Set(block.map((l) => l.text)).size >= size * VERTICAL_DISTINCT_SHARE;
    for (let k = start; k < i; k++) {
      const l = lines[k];
      if (vertical) {
        l.vertical = true;
        l.headingLike = true;
        l.titleLike = true;
        continue;
      }
      l.titleLike =
        l.headingLike ||
        (l.kind === 'text' &&
          size <= TITLE_BLOCK_MAX_LINES &&
          visibleLength(l.text) >= 2 &&
          visibleLength(l.text) <= TITLE_MAX_CHARS &&
          !/[。；;]$/u.test(l.text) &&
          !/[：:]$/u.test(l.text) &&
          // a sentence closed by its credit (`…资料。（某某）`) is no title
          takeTrailingByline(l.text) === null);
    }
    start = i + 1;
  }
  // A bracket alone on its line between two heading lines is a piece of one (`某某商` / `（` / `福建` / `）`).
  for (let i = 1; i + 1 < lines.length; i++) {
    const l = lines[i];
    if (l.kind !== 'text' || !LONE_BRACKET.test(l.text)) continue;
    const [prev, next] = [lines[i - 1], lines[i + 1]];
    if (!prev.headingLike || !(next.headingLike || LONE_BRACKET.test(next.text))) continue;
    l.headingLike = true;
    l.titleLike = true;
  }
  return markVerticalRuns(lines);
}

/** One ideograph alone on its line. */
const LONE_IDEOGRAPH = /^\p{Script=Han}$/u;
/** A vertical form's mark alone on its line (`﹃`, `﹄`, `︵`): set among a vertical headline's characters. */
const LONE_VERTICAL_MARK = /^[\uFE10-\uFE19\uFE30-\uFE4F]$/u;

/**
 * A vertical headline inside a larger block: an extractor that prints no blank lines
 * (`pdftotext -raw`) sets its characters among the lines around them, one a line. A run of at
 * least VERTICAL_MIN_LINES lines of one ideograph each, mostly different, is one; prose wraps
 * no line after a single character, let alone several in a row.
 */
function markVerticalRuns(lines: RawLine[]): RawLine[] {
  let run: RawLine[] = [];
  const close = () => {
    // The quotation marks of a vertical headline (`﹃` / `﹄`) print alone on their lines too; the
    // run is measured by its characters.
    const chars = run.filter((l) => LONE_IDEOGRAPH.test(l.text));
    if (chars.length >= VERTICAL_MIN_LINES && chars.length <= VERTICAL_MAX_LINES && new Set(chars.map((l) => l.text)).size >= chars.length * VERTICAL_DISTINCT_SHARE) {
      for (const l of run) {
        l.vertical = true;
        l.headingLike = true;
        l.titleLike = true;
      }
    }
    run = [];
  };
  for (const l of lines) {
    if (l.kind === 'text' && !l.vertical && (LONE_IDEOGRAPH.test(l.text) || (run.length > 0 && LONE_VERTICAL_MARK.test(l.text)))) run.push(l);
    else close();
  }
  close();
  return lines;
}

/** A section label or masthead word in the page head: short (`综合新闻`, `NEW SANMEN`), no punctuation. */
const LABEL_MAX_CHARS = 8;
function isLabelText(text: string): boolean {
  // Short first (most lines are not), then no punctuation but the middle dot of a name.
  if (!(/^[\x20-\x7e]+$/u.test(text) ? text.length <= 24 : visibleLength(text) <= LABEL_MAX_CHARS)) return false;
  return !/[^\P{P}·]/u.test(text);
}

/** A column label set between ornaments (`◇简 讯◇`, `【法治】`): furniture wherever it stands. */
const FOLIO = /^[A-Z]?\d{1,4}$/u;
const ORNAMENTED_LABEL = /^[◇◆■□●○★☆【〖][^。，！？]{1,10}[◇◆■□●○★☆】〗]$/u;

/**
 * Section labels inside the page (a composite page's second section, `黔西南新闻`): a short
 * label alone in its block, right next to furniture (a folio, another label), is furniture too.
 * One sweep each way carries the decision along a chain of labels.
 */
function markLabelsNextToFurniture(lines: RawLine[]): RawLine[] {
  const isLabelBlock = (i: number) =>
    lines[i].kind === 'text' &&
    (lines[i - 1] === undefined || lines[i - 1].kind === 'blank') &&
    (lines[i + 1] === undefined || lines[i + 1].kind === 'blank') &&
    isLabelText(lines[i].text);
  // Labels stand next to a folio or another label, not next to editors' credits (which may
  // follow an article's last line or headline).
  const labels = new Set<RawLine>();
  for (const l of lines) {
    if (l.kind === 'text' && ORNAMENTED_LABEL.test(l.text)) labels.add(l);
    if (l.kind === 'furniture' && FOLIO.test(l.text)) labels.add(l);
  }
  const sweep = (from: number, to: number, step: number) => {
    let neighbour: RawLine | undefined;
    for (let i = from; i !== to; i += step) {
      const l = lines[i];
      if (l.kind === 'blank') continue;
      if (neighbour !== undefined && labels.has(neighbour) && isLabelBlock(i)) labels.add(l);
      neighbour = l;
    }
  };
  sweep(lines.length - 1, -1, -1);
  sweep(0, lines.length, 1);
  for (const l of labels) {
    l.kind = 'furniture';
    l.headingLike = false;
  }
  return lines;
}

/**
 * A label printed twice, on two lines in a row or run together (`文体新闻` / `文体新闻`,
 * `文体新闻文体新闻`): a section label set with its shadow, which extractors read twice. No
 * headline is printed twice. (After tables: repeated cells are theirs.)
 */
function markDoubledLabels(lines: RawLine[]): RawLine[] {
  const furniture = (l: RawLine) => {
    l.kind = 'furniture';
    l.headingLike = false;
    l.titleLike = false;
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.kind !== 'text' || !isLabelText(l.text)) continue;
    const chars = [...l.text];
    const half = chars.length / 2;
    if (chars.length >= 4 && Number.isInteger(half) && chars.slice(0, half).join('') === chars.slice(half).join('')) furniture(l);
    const next = lines[i + 1];
    if (next !== undefined && next.kind === 'text' && next.text === l.text && visibleLength(l.text) > 1) {
      furniture(l);
      furniture(next);
    }
  }
  return lines;
}

/**
 * The page head: above the first article, among the lines already known as furniture (date,
 * folio, editors), short label lines are the section's name or the paper's, not a headline —
 * unless an article start (a byline) follows directly, which makes one a headline.
 */
function markSectionLabels(lines: RawLine[]): RawLine[] {
  let sawFurniture = false;
  const next = (i: number) => {
    for (let k = i + 1; k < lines.length; k++) if (lines[k].kind !== 'blank') return lines[k];
    return undefined;
  };
  for (let i = 0; i < lines.length && i < 40; i++) {
    const line = lines[i];
    if (line.kind === 'blank') continue;
    if (line.kind === 'furniture') {
      sawFurniture = true;
      continue;
    }
    const after = next(i);
    if (!sawFurniture || line.kind !== 'text' || !isLabelText(line.text) || (after && isStartSignal(after))) break;
    line.kind = 'furniture';
    line.headingLike = false;
  }
  return lines;
}

/** Lines that start an article whatever the layout: a byline or a continuation marker. */
export function isStartSignal(line: RawLine): boolean {
  return line.kind === 'byline' || line.kind === 'inline-byline' || line.kind === 'continuation';
}

/** Shorter lines measure nothing: a figure or a word the extractor split off a printed line. */
export const MIN_MEASURED_WIDTH = 4;

/**
 * A line that wraps inside a paragraph, and so is as wide as its column: the next raw line goes
 * on from it, and it neither ends a sentence (a paragraph's last line is short by nature) nor is
 * spaced out (full whatever it counts).
 */
export function wrapsInParagraph(line: RawLine, next: RawLine | undefined): boolean {
  return next !== undefined && next.kind !== 'blank' && next.no === line.no + 1 && !line.justified && !line.endsSentence;
}

/** A line ending on a mark, which a typesetter may squeeze in: it may hold one character more than the column. */
export function endsOnMark(line: RawLine): boolean {
  // The last code point alone (`/\p{P}$/u` over the line would try every position of it).
  const text = line.text;
  const n = text.length;
  if (n === 0) return false;
  const c = text.charCodeAt(n - 1);
  if (c < 0xd800 || c > 0xdfff) {
    const known = punctuationKnown[c];
    if (known !== 0) return known === 2;
    const yes = PUNCTUATION.test(text[n - 1]);
    punctuationKnown[c] = yes ? 2 : 1;
    return yes;
  }
  const high = n >= 2 ? text.charCodeAt(n - 2) : 0;
  return PUNCTUATION.test(c >= 0xdc00 && high >= 0xd800 && high <= 0xdbff ? text.slice(n - 2) : text[n - 1]);
}

const PUNCTUATION = /^\p{P}$/u;
/** Whether each BMP code point other than a surrogate is punctuation, filled as met: 0 not yet, 1 no, 2 yes. */
const punctuationKnown = new Uint8Array(0x10000);

/** Whether the text holds more than `most` Latin letters and figures (`[A-Za-z0-9]`). */
export function hasMoreAsciiAlnum(text: string, most: number): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) if (++n > most) return true;
  }
  return false;
}

/**
 * The most common width of lines that wrap inside a paragraph (followed directly by another
 * text line), i.e. the column width. Left out: lines that end a sentence (a paragraph's last
 * line is short by nature), justified lines (full whatever they count), and likely first lines
 * of paragraphs (after a sentence end: two characters short for the dropped indent), unless
 * nothing else is left. Ties go to the wider width.
 */
export function columnWidth(lines: readonly RawLine[], widthOf: (line: RawLine) => number = (l) => l.width): number {
  const wrapping: RawLine[] = [];
  const firstLines: RawLine[] = [];
  let previous: RawLine | undefined;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i];
    const next = lines[i + 1];
    if (line.kind === 'blank') continue;
    const afterSentence = !previous || previous.endsSentence;
    previous = line;
    if (!wrapsInParagraph(line, next) || widthOf(line) < MIN_MEASURED_WIDTH) continue;
    (afterSentence ? firstLines : wrapping).push(line);
  }
  // A line ending in punctuation may hold one character more (the mark squeezed in): the
  // column shows best in lines that end on a character.
  const unsqueezed = wrapping.filter((l) => !endsOnMark(l));
  // Latin letters and figures print wider than the half width they are counted at: a column of
  // number plates or codes measures short. Lines of ideographs measure it exactly.
  const ideographic = unsqueezed.filter((l) => !hasMoreAsciiAlnum(l.text, 2));
  const counts = new Map<number, number>();
  for (const line of ideographic.length >= 3 ? ideographic : unsqueezed.length >= 3 ? unsqueezed : wrapping.length > 0 ? wrapping : firstLines) {
    const w = Math.round(widthOf(line));
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [w, c] of counts) {
    if (c > bestCount || (c === bestCount && w > best)) {
      best = w;
      bestCount = c;
    }
  }
  if (bestCount > 0) return best;
  // A loop, not Math.max(...widths): a spread of a long page overflows the stack.
  return lines.reduce((widest, l) => (l.kind !== 'blank' && widthOf(l) > widest ? widthOf(l) : widest), 0);
}
