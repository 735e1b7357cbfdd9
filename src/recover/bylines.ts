/**
 * Bylines and other lines with a fixed form: who wrote an article (`本报讯（记者X）`,
 * `本报记者 X`), continuation markers (`（上接第一版）`) and page furniture (`责任编辑：X`).
 */
import type { ContributorRole, RecoveredContributor } from './types.ts';
import { collapseWhitespace } from './text.ts';

/** Role words as printed, longest first so that 见习记者 wins over 记者. */
const ROLE_WORDS: ReadonlyArray<[string, ContributorRole]> = [
  ['特约记者', 'reporter'],
  ['见习记者', 'reporter'],
  ['实习记者', 'intern'],
  ['首席记者', 'reporter'],
  ['记者', 'reporter'],
  ['特约通讯员', 'correspondent'],
  ['通讯员', 'correspondent'],
  ['实习生', 'intern'],
  ['摄影', 'photographer'],
];
const ROLE_ALTERNATION = ROLE_WORDS.map(([word]) => word).join('|');

/** A Chinese personal name as printed in a byline: 2–4 characters, possibly padded with spaces. */
const NAME_CHAR = '[\\u3400-\\u9fff·]';

const STANDALONE_BYLINE = new RegExp(
  `^本报(${ROLE_ALTERNATION})[\\s\\u3000]+(${NAME_CHAR}(?:[\\s\\u3000]*${NAME_CHAR}){1,15})$`,
  'u',
);
/**
 * Other papers' own-line bylines: an optional mark (`■`), the paper or outlet (`XX晚报`,
 * `新东方·东方法治报`, `XX晚报特派XX`), then one or more role words each followed by names
 * (`■记者 X 通讯员 Y Z`, `XX报记者 X`), optionally `/文` or `/摄`. No clause punctuation.
 */
const SPACE = '[\\s\\u3000]';
const OUTLET = '(?:[\\u3400-\\u9fff·]{0,16}?(?:报|台|网|社|新闻)(?:特派[\\u3400-\\u9fff]{0,4}?)?)?';
const NAMES = `${NAME_CHAR}(?:${SPACE}*${NAME_CHAR}){1,15}`;
const ROLE_NAMES = `(?:${ROLE_ALTERNATION})${SPACE}*${NAMES}`;
/** The photographs' source after the writers' credit (`… /文 采访对象供图`, `… 某某供图`): it names no contributor. */
const PHOTOS_SOURCE = `${SPACE}+[\\u3400-\\u9fff]{1,8}供图`;
const PHOTOS_SOURCE_END = new RegExp(`${PHOTOS_SOURCE}$`, 'u');
const OTHER_BYLINE = new RegExp(`^[■◆●▲□★]?${SPACE}*${OUTLET}${ROLE_NAMES}(?:${SPACE}*[/／]?${SPACE}*[文摄图])?(?:${SPACE}+${ROLE_NAMES}(?:${SPACE}*[/／]?${SPACE}*[文摄图])?)*(?:${PHOTOS_SOURCE})?$`, 'u');
/** A photo credit on its own line: `X/摄`, `X 摄`. */
const PHOTO_CREDIT = new RegExp(`^${NAME_CHAR}{2,4}(?:${SPACE}+${NAME_CHAR}{2,4})*${SPACE}*[/／]${SPACE}*摄$`, 'u');
/** A credit in brackets alone on its line (`（李 明）`): the byline that closes the article above. */
const BRACKET_CREDIT = new RegExp(`^[（(]${SPACE}*${NAME_CHAR}(?:${SPACE}*${NAME_CHAR}){1,11}${SPACE}*[）)]$`, 'u');
/** A byline at the very end of an article, after its last sentence: `（李 明）`. */
const TRAILING_BYLINE = new RegExp(`([。！？”])${SPACE}*([（(]${SPACE}*${NAME_CHAR}(?:${SPACE}*${NAME_CHAR}){1,11}${SPACE}*[）)])$`, 'u');
/**
 * A dateline: `本报讯`, `本报2月12日电`, `本报武汉2月8日电`, `新华社北京1月5日电`, `XX晚报讯`,
 * with the spaces the extractor may put between characters and around numbers.
 */
const S = '[\\s\\u3000]*';
const DATELINE = `(?:本${S}报|新${S}华${S}社|[\\u3400-\\u9fff]{2,6}${S}(?:晚${S}报|日${S}报|商${S}报|时${S}报))${S}(?:讯|(?:[\\u3400-\\u9fff]{2,4}${S})?\\d{1,2}${S}月${S}\\d{1,2}${S}日${S}电)`;
const OPENER = `${DATELINE}${S}[（(]`;
const INLINE_BYLINE_START = new RegExp(`^${OPENER}`, 'u');
const INLINE_BYLINE = new RegExp(`^(${OPENER}([^）)]{1,60})[）)])[\\s\\u3000]*`, 'u');
/** A dateline that opens a paragraph without a credit in brackets: `东方晚报讯 记者从…`. */
const BARE_DATELINE = new RegExp(`^(${DATELINE})(?![\\s\\u3000]*[（(])[\\s\\u3000]*`, 'u');
/**
 * A credit without brackets after a bare dateline, closed by 报道: `本报讯 XX晚报记者张华报道 昨日…`
 * (outlet, role word, a name of 2–4 characters), with the extractor's spaces between characters.
 */
const CJK_S = `[\\u3400-\\u9fff·]${S}`;
const SPACED_ROLE = ROLE_WORDS.map(([word]) => [...word].join(S)).join('|');
const REPORTED_BY = new RegExp(`^((?:${CJK_S}){0,12}?(?:${SPACED_ROLE})${S}(?:${CJK_S}){2,4}?报${S}道)${S}`, 'u');
const CONTINUATION_MARKER = /^[（(]上接第[\s\u3000]*([一二三四五六七八九十\d]+)[\s\u3000]*版[）)][\s\u3000]*/u;
/** Editors' credit words as printed at the head or foot of a page. */
const EDITOR_WORD = '(?:责任编辑|责任美编|版式设计|美术编辑|图片编辑|责编|美编|编辑|版式|检校|校对|制图|组版|统筹|[一二三终政][\\s\\u3000]*审)';
/** Contact and trainee credits printed among the editors': `邮箱：`, `新闻热线：`, `实习生：`. */
const CONTACT_WORD = '(?:邮箱|新闻热线|热线|电话|投稿|实习生)';
/** A line ending on a credit word (the value of the credit before it first, if any). */
const CREDIT_WORD_ENDING = new RegExp(`^(?:[^\\s，。；！？]{1,20}?[\\s\\u3000]*)?(?:${EDITOR_WORD}|${CONTACT_WORD})[\\s\\u3000]*[：:]$`, 'u');
/** An editors' credit cut after its colon, its names on the next line: `责任编辑：`, `某某/ 版式设计：`. */
const EDITOR_WORD_ENDING = new RegExp(`${EDITOR_WORD}[\\s\\u3000]*[：:]$`, 'u');
export function endsOnEditorWord(text: string): boolean {
  return EDITOR_WORD_ENDING.test(text);
}
/** A line naming two editors' credits (`责编：X 版式：Y`). */
const TWO_EDITORS = new RegExp(`${EDITOR_WORD}[\\s\\u3000]*[：:]?[\\s\\u3000]*[\\u3400-\\u9fff]{2,4}[\\s\\u3000/]+.*${EDITOR_WORD}[\\s\\u3000]*[：:]?[\\s\\u3000]*[\\u3400-\\u9fff]{2,4}`, 'u');
const PAGE_FURNITURE = [
  /^(责任编辑|版式设计|美术编辑|图片编辑|校对|编辑|制图|组版)[\s\u3000]*[：:]/u,
  /^\d{4}年\d{1,2}月\d{1,2}日[\s\u3000]*(星期|周)[一二三四五六日天]/u,
  /^第[\s\u3000]*\d+[\s\u3000]*版$/u,
  // A page date, spaced or dotted, with or without its weekday; a weekday alone.
  /^\d{4}[\s\u3000]*(年|\.)[\s\u3000]*\d{1,2}[\s\u3000]*(月|\.)[\s\u3000]*\d{1,2}[\s\u3000]*日?[\s\u3000]*((星期|周)[一二三四五六日天])?$/u,
  /^(星期|周)[一二三四五六日天]$/u,
  // Editors' credits: a line opening with one (`责编：X 版式：Y`), or naming two.
  new RegExp(`^${EDITOR_WORD}[\\s\\u3000]*[：:]?[\\s\\u3000]*[\\u3400-\\u9fff]{2,4}(?:[\\s\\u3000/]|$)`, 'u'),
  // (Tested only on a line with a space or slash between the two and a character every credit word
  // holds, as it requires: most lines are spared the expression, which may start anywhere.)
  { test: (text: string) => /[\s\u3000/]/u.test(text) && /[编版校图统审]/u.test(text) && TWO_EDITORS.test(text) },
  // Contact lines: mailbox, hotline, telephone, WeChat account.
  /(邮箱|热线|电话|微信|投稿)[\s\u3000]*[：:][\s\u3000]*[\w@.\-]/u,
  // A folio: the page number or label alone (`7`, `A06`).
  /^[A-Z]?\d{1,4}$/u,
  // A credit word alone, its name on the next line (`一审：` / `程丽清`); or after the value of the
  // credit before it, where an extractor cut the line at each colon (`某某 版式：` / `某某甲`).
  // (Tested only on a line ending in a colon, as it requires: most lines are spared the expression.)
  { test: (text: string) => /[：:]$/u.test(text) && CREDIT_WORD_ENDING.test(text) },
];

function roleOf(word: string): ContributorRole {
  return ROLE_WORDS.find(([w]) => w === word)?.[1] ?? 'other';
}

/**
 * Splits a run of names. Names are separated by 、，, or spaces; a name padded to a fixed width
 * (`王  伟`) prints as single characters separated by spaces, which are merged back.
 */
function splitNames(run: string): string[] {
  const tokens = collapseWhitespace(run)
    .split(/[、，,\s]+/u)
    .filter((t) => t !== '');
  const names: string[] = [];
  let pending = '';
  for (const token of tokens) {
    if ([...token].length === 1) {
      pending += token;
      continue;
    }
    if (pending) names.push(pending);
    pending = '';
    names.push(token);
  }
  if (pending) names.push(pending);
  return names;
}

/**
 * Removes spaces around single characters: they come from justification (`通 讯 员 邵 珠 章`) or
 * from a name padded to width (`王  伟`). Spaces between longer tokens separate names (`王冰 李秋`).
 */
function closeUpSpacedCharacters(text: string): string {
  const tokens = collapseWhitespace(text).split(' ');
  return tokens.reduce((acc, token, i) => {
    const prev = tokens[i - 1];
    const separate = prev !== undefined && [...prev].length > 1 && [...token].length > 1;
    return acc + (separate ? ' ' : '') + token;
  }, '');
}

/** True for a credit that can only close an article: `（李 明）` alone on its line, or a photo credit `X/摄`. */
export function isTrailingCredit(line: string): boolean {
  const trimmed = line.trim();
  return BRACKET_CREDIT.test(trimmed) || PHOTO_CREDIT.test(trimmed);
}

/** True for a credit in brackets alone on its line: `（李 明）`. */
export function isBracketCredit(line: string): boolean {
  return BRACKET_CREDIT.test(line.trim());
}

/** True for a line such as `本报记者 许伟涛` or `■记者 X 通讯员 Y` that stands on its own. */
export function isStandaloneByline(line: string): boolean {
  const trimmed = line.trim();
  return STANDALONE_BYLINE.test(trimmed) || BRACKET_CREDIT.test(trimmed) || (OTHER_BYLINE.test(trimmed) && !/^本报/u.test(trimmed)) || PHOTO_CREDIT.test(trimmed);
}

export interface ParsedByline {
  /** The byline as it will be published. */
  byline: string;
  contributors: RecoveredContributor[];
}

export function parseStandaloneByline(line: string): ParsedByline {
  const match = STANDALONE_BYLINE.exec(line.trim());
  if (!match) return parseOtherByline(line);
  const roleWord = match[1];
  const names = splitNames(match[2]);
  return {
    byline: `本报${roleWord} ${names.join(' ')}`,
    contributors: names.map((name) => ({ name, role: roleOf(roleWord), rolePrinted: roleWord })),
  };
}

/** Bylines of other forms: published as printed (whitespace collapsed), contributors by role word. */
function parseOtherByline(line: string): ParsedByline {
  const printed = collapseWhitespace(line);
  if (BRACKET_CREDIT.test(printed)) {
    return { byline: printed, contributors: [{ name: splitNames(printed.slice(1, -1)).join(''), role: 'other', rolePrinted: '' }] };
  }
  if (!OTHER_BYLINE.test(printed) && !PHOTO_CREDIT.test(printed)) throw new Error(`not a standalone byline: ${line}`);
  if (PHOTO_CREDIT.test(printed)) {
    const names = splitNames(printed.replace(/[\s\u3000]*[/／][\s\u3000]*摄$/u, ''));
    return { byline: printed, contributors: names.map((name) => ({ name, role: 'photographer', rolePrinted: '摄' })) };
  }
  const credit = printed.replace(PHOTOS_SOURCE_END, '');
  return { byline: printed, contributors: contributorsOf(credit.replace(/[/／][\s\u3000]*[文摄图]/gu, ' ').replace(/^[■◆●▲□★]/u, '')) };
}

/** Contributors of a credit: the names after each role word, up to the next one. */
function contributorsOf(credit: string): RecoveredContributor[] {
  const contributors: RecoveredContributor[] = [];
  const parts = credit.split(new RegExp(`(${ROLE_ALTERNATION})`, 'u'));
  for (let i = 1; i < parts.length; i += 2) {
    for (const name of splitNames(parts[i + 1] ?? '')) contributors.push({ name, role: roleOf(parts[i]), rolePrinted: parts[i] });
  }
  return contributors;
}

/** True for a line that opens an article with an inline byline or a dateline, even one broken across lines. */
export function startsWithInlineByline(line: string): boolean {
  const trimmed = line.trim();
  return INLINE_BYLINE_START.test(trimmed) || BARE_DATELINE.test(trimmed);
}

/**
 * Takes a trailing byline off the end of an article's last paragraph (`…完成。（李 明）`).
 * Returns null when there is none.
 */
export function takeTrailingByline(paragraph: string): { byline: string; rest: string; contributors: RecoveredContributor[] } | null {
  const match = TRAILING_BYLINE.exec(paragraph);
  if (!match) return null;
  const byline = match[2];
  const names = splitNames(byline.replace(/^[（(]|[）)]$/gu, ''));
  return {
    byline,
    rest: paragraph.slice(0, match.index + match[1].length),
    contributors: [{ name: names.join(''), role: 'other', rolePrinted: '' }],
  };
}

/**
 * Takes the inline byline off the start of a paragraph (`本报讯（记者王冰）当前，…`).
 * Returns null when the paragraph does not open with one. The byline is published without
 * whitespace; the rest is the paragraph as it continues.
 */
export function takeInlineByline(paragraph: string): { parsed: ParsedByline; rest: string } | null {
  const match = INLINE_BYLINE.exec(paragraph);
  if (!match) {
    const bare = BARE_DATELINE.exec(paragraph);
    if (!bare) return null;
    const dateline = bare[1].replace(/[\s\u3000]+/gu, '');
    const rest = paragraph.slice(bare[0].length);
    const credit = REPORTED_BY.exec(rest);
    if (!credit) return { parsed: { byline: dateline, contributors: [] }, rest };
    const printed = credit[1].replace(/[\s\u3000]+/gu, '');
    return { parsed: { byline: `${dateline} ${printed}`, contributors: contributorsOf(printed.replace(/报道$/u, '')) }, rest: rest.slice(credit[0].length) };
  }
  const inside = closeUpSpacedCharacters(match[2]);
  const contributors: RecoveredContributor[] = [];
  const roleSplit = new RegExp(`(${ROLE_ALTERNATION})`, 'u');
  const parts = inside.split(roleSplit);
  // parts alternates: [text before first role, role, names, role, names, ...]
  for (let i = 1; i < parts.length; i += 2) {
    const roleWord = parts[i];
    for (const name of splitNames(parts[i + 1] ?? '')) {
      contributors.push({ name, role: roleOf(roleWord), rolePrinted: roleWord });
    }
  }
  return {
    parsed: { byline: match[1].replace(/[\s\u3000]+/gu, ''), contributors },
    rest: paragraph.slice(match[0].length),
  };
}

export function startsWithContinuationMarker(line: string): boolean {
  return CONTINUATION_MARKER.test(line.trim());
}

/**
 * The marker a continued article opens with and the page number it names as written:
 * `（上接第一版）该公司…` → `{ marker: '（上接第一版）', page: '一' }`; null without one.
 */
export function continuationMarker(line: string): { marker: string; page: string } | null {
  const m = CONTINUATION_MARKER.exec(line.trim());
  return m ? { marker: m[0].trim(), page: m[1] } : null;
}

/** Removes a leading `（上接第X版）`; returns the text unchanged when there is none. */
export function stripContinuationMarker(paragraph: string): string {
  return paragraph.replace(CONTINUATION_MARKER, '');
}

/** True for a credit word alone on its line (`一 审：`, `美编：`): the name under it is furniture too. */
export function isCreditWordAlone(line: string): boolean {
  const trimmed = line.trim().replace(/^([\u3400-\u9fff])[\s\u3000]+([\u3400-\u9fff])(?=[\s\u3000]*[：:]$)/u, '$1$2');
  return CREDIT_WORD_ENDING.test(trimmed);
}

/** True for lines that belong to the page, not to any article: editors' credits, dates, page numbers. */
export function isPageFurniture(line: string): boolean {
  const trimmed = line.trim();
  if (PAGE_FURNITURE.some((pattern) => pattern.test(trimmed))) return true;
  // Both readings below close up spaces: a line without any (most lines) reads as it stands.
  if (!/[\s\u3000]/u.test(trimmed)) return false;
  // A two-character credit word may be letter-spaced (`美 编：X`, `一 审：X`).
  const spaced = /^([\u3400-\u9fff])[\s\u3000]+([\u3400-\u9fff])(?=[\s\u3000]*[：:])/u.exec(trimmed);
  if (spaced) {
    const closed = spaced[1] + spaced[2] + trimmed.slice(spaced[0].length);
    if (PAGE_FURNITURE.some((pattern) => pattern.test(closed))) return true;
  }
  // A line spaced out letter by letter (`责 任 编 辑 ：某 某`, `2030.1.2 星 期 三`) read closed up.
  const closed = closeUpLetters(trimmed);
  return closed !== trimmed && PAGE_FURNITURE.some((pattern) => pattern.test(closed));
}

/** The line without the spaces between its ideographs and marks (letter-spacing). */
export function closeUpLetters(text: string): string {
  return text.replace(/(?<=[\u3400-\u9fff：:/／])[\s\u3000]+(?=[\u3400-\u9fff：:/／])/gu, '');
}
