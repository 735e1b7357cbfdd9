/** What the text of a headline group's lines tells of their part: kicker, headline or subtitle. */
import { visibleLength } from './text.ts';

/** Main headlines are short; a line longer than this in a headline group is a kicker or subtitle. */
export const MAIN_HEADLINE_MAX_CHARS = 24;
/** Series labels (…之四) and numbered parts are kickers; `——…` lines are subtitles. */
export const SERIES_LABEL = /之[一二三四五六七八九十百]+$|^[（(]?[一二三四五六七八九十\d]+[）)、]/u;
export const SUBTITLE_DASH = /^[—－-]{1,2}/u;
/** A line this short is a place or topic label (`中站`), printed above the headline. */
export const LABEL_MAX_CHARS = 4;
/**
 * Presentation forms that only vertical text prints (`﹃﹄`, `︵︶`): a headline line holding them
 * was set down the page, which a subtitle beside a headline set across it is.
 */
export const VERTICAL_FORMS = /[\uFE10-\uFE19\uFE30-\uFE4F]/u;

/** A first headline line this short cannot stand as a kicker of its own unless it is a label. */
export const BROKEN_FIRST_MAX_CHARS = 8;
/** A headline broken over lines may run this long in all. */
export const BROKEN_MAX_CHARS = 30;

/** A round bracket alone on its line: a piece of a headline an extractor cut at its brackets. */
export const LONE_BRACKET = /^[（()）]$/u;

/** A whole quotation on its line: `“三项制度”`. */
export const WHOLE_QUOTATION = /^[“‘「『"][^“”‘’「」『』"]+[”’」』"]$/u;

/**
 * Whether a headline line and the line right under it are one headline that the extractor cut
 * where a quotation starts or ends (`某县开展` / `“三项制度”` / `宣讲`): one of them is the
 * quotation alone, the other a short piece, and together they are no longer than a headline.
 */
export function isCutAtQuotation(above: string, line: string, unitChars = visibleLength(above)): boolean {
  // (Without the spaces an extractor sets around Latin letters and figures: `启用 102 座`.)
  const [a, b] = [above, line].map((t) => t.trim().replace(/[\s\u3000]*([A-Za-z0-9.]+)[\s\u3000]*/gu, '$1'));
  if (/\s/u.test(a) || /\s/u.test(b) || SUBTITLE_DASH.test(b) || SERIES_LABEL.test(a) || SERIES_LABEL.test(b)) return false;
  // The piece after a quotation is short; the one before it may be a kicker's whole subject.
  if (WHOLE_QUOTATION.test(b)) return visibleLength(a) <= MAIN_HEADLINE_MAX_CHARS && unitChars + visibleLength(b) <= BROKEN_MAX_CHARS;
  return WHOLE_QUOTATION.test(a) && visibleLength(b) <= BROKEN_FIRST_MAX_CHARS && unitChars + visibleLength(b) <= BROKEN_MAX_CHARS;
}
