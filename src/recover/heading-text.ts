/** What the text of a headline group's lines tells of their part: kicker, headline or subtitle. */

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
