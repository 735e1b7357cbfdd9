/**
 * The contract between page recovery (raw text → articles) and the rest of the pipeline.
 * Recovery is a pure function of one page's decoded text: no ids, no offsets, no I/O.
 * Line numbers are 1-based and inclusive, counted in the raw file.
 */

export type Layout = 'wide' | 'narrow';
export type HeadlinePosition = 'before' | 'after';
export type ParagraphKind = 'body' | 'subheading';
export type ContributorRole = 'reporter' | 'correspondent' | 'intern' | 'photographer' | 'other';

/**
 * A run of recovered text that stands unbroken on one raw line: the code points [start, end) of
 * the paragraph (or headline) are the code points from column `col` of raw line `line` on
 * (whitespace normalized to one space). Characters recovery inserted belong to no segment.
 */
export interface TextSegment {
  start: number;
  end: number;
  line: number;
  /** 0-based, in code points, counted from the raw line's first character. */
  col: number;
}

export interface RecoveredParagraph {
  kind: ParagraphKind;
  /** Reflowed text: line and column breaks joined, justification spaces removed. Never empty. */
  text: string;
  lineStart: number;
  lineEnd: number;
  /** Where each part of the text stands on the raw page; offsets into `text`. */
  segments: TextSegment[];
}

/** A run of raw lines, 1-based and inclusive. */
export interface LineRange {
  lineStart: number;
  lineEnd: number;
}

export interface RecoveredContributor {
  name: string;
  role: ContributorRole;
  /** The role word as printed: 记者, 通讯员, … */
  rolePrinted: string;
}

export interface RecoveredArticle {
  /** Reading order on the page, from 1. */
  seq: number;
  kicker: string | null;
  headline: string | null;
  subtitle: string | null;
  /** Where the headline's characters stand on the raw page; offsets into `headline`. */
  headlineSegments: TextSegment[];
  /** Byline as printed (justification spaces removed), e.g. 本报讯（记者王冰） or 本报记者 许伟涛. */
  byline: string | null;
  contributors: RecoveredContributor[];
  /** The piece starts with （上接第X版）: it continues an article from another page. */
  isContinuation: boolean;
  /** Body paragraphs and subheadings in reading order; the byline and continuation marker are not part of them. */
  paragraphs: RecoveredParagraph[];
  /**
   * First and last raw line of the article, headline, byline and marker lines included. An
   * article printed in pieces around another encloses that article's lines: see `pieces`.
   */
  lineStart: number;
  lineEnd: number;
  /**
   * The article's raw lines as maximal ranges, in line order, disjoint: most articles have one
   * piece, from lineStart to lineEnd. A piece may hold blank and furniture lines that belong to
   * no other article, never a line of another article.
   */
  pieces: LineRange[];
  /**
   * Raw text the stable article id is derived from: the article's first raw body line with all
   * whitespace removed. Raw files never change, so the id survives improvements to recovery rules.
   */
  anchor: string;
  /**
   * How sure recovery is of the article's boundaries and headline, from 0 to 1 (confidence.ts):
   * 1 when every decision had direct evidence on the page, lower for each close call.
   */
  layoutConfidence: number;
  /** The close or weakly supported decisions behind layoutConfidence, e.g. `no-byline`. */
  layoutDoubts: string[];
}

export interface UnassignedLine {
  line: number;
  text: string;
  reason: 'page-furniture' | 'outside-article' | 'displaced-headline' | 'notice' | 'table' | 'advert' | 'caption';
}

export interface RecoveredPage {
  layout: Layout;
  headlinePosition: HeadlinePosition;
  /** Number of lines in the raw text; a final line without a line break counts. */
  lineCount: number;
  articles: RecoveredArticle[];
  unassigned: UnassignedLine[];
}
