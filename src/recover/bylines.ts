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
/** `本报讯（` or `本报2月12日电（`, with the spaces the extractor may put around numbers. */
const OPENER = '本[\\s\\u3000]*报[\\s\\u3000]*(?:讯|\\d{1,2}[\\s\\u3000]*月[\\s\\u3000]*\\d{1,2}[\\s\\u3000]*日[\\s\\u3000]*电)[\\s\\u3000]*[（(]';
const INLINE_BYLINE_START = new RegExp(`^${OPENER}`, 'u');
const INLINE_BYLINE = new RegExp(`^(${OPENER}([^）)]{1,60})[）)])[\\s\\u3000]*`, 'u');
const CONTINUATION_MARKER = /^[（(]上接第[\s\u3000]*([一二三四五六七八九十\d]+)[\s\u3000]*版[）)][\s\u3000]*/u;
const PAGE_FURNITURE = [
  /^(责任编辑|版式设计|美术编辑|图片编辑|校对|编辑|制图|组版)[\s\u3000]*[：:]/u,
  /^\d{4}年\d{1,2}月\d{1,2}日[\s\u3000]*(星期|周)[一二三四五六日天]/u,
  /^第[\s\u3000]*\d+[\s\u3000]*版$/u,
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

/** True for a line such as `本报记者 许伟涛` that stands on its own before an article's body. */
export function isStandaloneByline(line: string): boolean {
  return STANDALONE_BYLINE.test(line.trim());
}

export interface ParsedByline {
  /** The byline as it will be published. */
  byline: string;
  contributors: RecoveredContributor[];
}

export function parseStandaloneByline(line: string): ParsedByline {
  const match = STANDALONE_BYLINE.exec(line.trim());
  if (!match) throw new Error(`not a standalone byline: ${line}`);
  const roleWord = match[1];
  const names = splitNames(match[2]);
  return {
    byline: `本报${roleWord} ${names.join(' ')}`,
    contributors: names.map((name) => ({ name, role: roleOf(roleWord), rolePrinted: roleWord })),
  };
}

/** True for a line that opens an article with an inline byline, even one broken across lines. */
export function startsWithInlineByline(line: string): boolean {
  return INLINE_BYLINE_START.test(line.trim());
}

/**
 * Takes the inline byline off the start of a paragraph (`本报讯（记者王冰）当前，…`).
 * Returns null when the paragraph does not open with one. The byline is published without
 * whitespace; the rest is the paragraph as it continues.
 */
export function takeInlineByline(paragraph: string): { parsed: ParsedByline; rest: string } | null {
  const match = INLINE_BYLINE.exec(paragraph);
  if (!match) return null;
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

/** True for lines that belong to the page, not to any article: editors' credits, dates, page numbers. */
export function isPageFurniture(line: string): boolean {
  const trimmed = line.trim();
  return PAGE_FURNITURE.some((pattern) => pattern.test(trimmed));
}
