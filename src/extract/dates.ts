/**
 * Date and time extraction from one article text (reflowed Chinese prose).
 *
 * Pure function: `extractDates(text, ctx)` returns date/time facts with code-point offsets
 * (0-based, end exclusive) and `quote` equal to the code-point slice [start, end).
 *
 * Year resolution (`year_source`):
 * - 'text': the year is printed in the quote (2020年1月27日, 2016年, 2020年除夕), or carried from a
 *   date with a printed year earlier in the SAME sentence (2020年1月23日至2月8日).
 * - 'issue_date': taken from the issue date (ctx.issueDate, or ctx.issueDateEarliest/Latest when
 *   both fall in the same year), incl. 今年/去年/明年 and 今天/昨天.
 *   Newspaper rule: a yearless date is placed in the latest year such that it lies no more than
 *   62 days (~2 months) AFTER the issue date. So in an issue of 2021-01-14, “11月5日” is
 *   2020-11-05 and “3月” is 2021-03; in an issue of 2021-12-20, “1月5日” is 2022-01-05 and
 *   “正月初一” is 2022-02-01. Lunar dates use the same rule on their solar equivalents.
 * - 'page_evidence': no issue date, but the issue-date range spans two years and exactly one
 *   candidate falls within (earliest − 304 days, latest + 62 days].
 * - 'relative': computed from another fact (`relative_to`): 当日下午17时许, 次日, 第二天, a bare
 *   time (18时) after a date in the same sentence, 至7日 after 2月1日.
 * - null: the year (hence `date`) could not be resolved.
 *
 * `date` is ISO YYYY-MM-DD; month precision uses the 1st of the month, year precision January 1st
 * (the printed 年初/上旬/底 stays in the quote). `24时` is the next day 00:00.
 * Lunar dates are converted with lunar-typescript; 除夕 / 大年三十 is always the day before
 * 正月初一 (computed, never assumed to be 腊月三十).
 * Not dates: durations (24小时, 7天, 1年, 3年多), ordinals (第一时间).
 */
import { Lunar, LunarYear, Solar } from 'lunar-typescript';
import { parseSmallInteger } from './chinese-numerals.ts';
import { CharSet, charClass, CodePointText, codePointTextOf, countBelow, SENTENCE_PUNCT } from './span.ts';

export interface DateContext {
  issueDate: string | null;
  issueDateEarliest: string | null;
  issueDateLatest: string | null;
}

export type DatePrecision = 'minute' | 'hour' | 'day' | 'month' | 'year';
export type YearSource = 'text' | 'issue_date' | 'page_evidence' | 'relative';

export interface DateFact {
  start: number;
  end: number;
  quote: string;
  /** ISO YYYY-MM-DD (month precision: day 01; year precision: 01-01), or null when unresolved. */
  date: string | null;
  /** HH:MM (24-hour clock), or null. */
  time: string | null;
  precision: DatePrecision;
  calendar: 'gregorian' | 'lunar';
  year_source: YearSource | null;
  /** Index (in the returned array) of the anchor fact of a relative expression. */
  relative_to: number | null;
  /** 许 / 左右 / 多 / 约: the time or date is approximate. */
  approximate: boolean;
  /** Printed part of day (晚, 下午, 深夜, 一大早 …), or null. */
  part_of_day: string | null;
  /** Short stable rule name. */
  rule: string;
}

// ───────────────────────── calendar helpers ─────────────────────────

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}
function iso(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}
function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}
export function addDays(isoDate: string, n: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d + n));
  return iso(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}
function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}

/**
 * Lunar years computed so far. Building one (solar terms, new moons) is the expensive part of a
 * conversion, and lunar-typescript keeps only the last one: the year window below alternates
 * between years, so it rebuilt them again and again.
 */
const LUNAR_YEARS = new Map<number, LunarYear>();
/** Conversions done so far, by (year, month, day). */
const LUNAR_TO_SOLAR = new Map<string, string | null>();

/** Solar date of lunar (year, month, day); null when that lunar day does not exist. */
export function lunarToSolar(lunarYear: number, month: number, day: number): string | null {
  const key = `${lunarYear}/${month}/${day}`;
  let solar = LUNAR_TO_SOLAR.get(key);
  if (solar === undefined) {
    solar = convertLunar(lunarYear, month, day);
    LUNAR_TO_SOLAR.set(key, solar);
  }
  return solar;
}

/**
 * The date of `Lunar.fromYmd(lunarYear, month, day).getSolar()`, by the same steps (the month of
 * the lunar year, its first Julian day plus the day) without building the Lunar object, and with
 * the lunar year remembered.
 */
function convertLunar(lunarYear: number, month: number, day: number): string | null {
  try {
    let year = LUNAR_YEARS.get(lunarYear);
    if (!year) {
      year = LunarYear.fromYear(lunarYear);
      LUNAR_YEARS.set(lunarYear, year);
    }
    const m = year.getMonth(month);
    if (m === null || day < 1 || day > m.getDayCount()) return null;
    const noon = Solar.fromJulianDay(m.getFirstJulianDay() + day - 1);
    return iso(noon.getYear(), noon.getMonth(), noon.getDay());
  } catch {
    return null;
  }
}
/** 春节 (正月初一) of the Spring Festival falling in Gregorian year `y`. */
export function springFestival(y: number): string {
  return lunarToSolar(y, 1, 1)!;
}
/** 除夕: the day before the 正月初一 that falls in Gregorian year `y` (library-computed). */
export function lunarNewYearsEve(y: number): string {
  return addDays(springFestival(y), -1);
}

// ───────────────────────── patterns ─────────────────────────

const S = '[ \\u00a0\\u3000]*';
const ARABIC_NUM = '[0-9０-９]{1,2}';
const CN_DAY_NUM = '(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';
const CN_MONTH_NUM = '(?:十[一二]?|[一二三四五六七八九])';
const CN_HOUR_NUM = '(?:二十[一二三四]?|十[一二三四五六七八九]?|[零一二三四五六七八九])';
const PARTS = '凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|晚间|夜间|深夜|半夜|夜里|一大早|早|晚|夜';
const YEAR_NUM = '(?:19|20)[0-9]{2}|(?:19|20)[０-９]{2}|[〇零○一二][〇零○一二三四五六七八九]{3}';

/** Gregorian [year] month [day]. Year may be 今年/去年/明年/前年. */
const GREG_RE = new RegExp(
  `(?:(?<yr>${YEAR_NUM})${S}年${S}|(?<yrel>今年|去年|明年|前年))?` +
    `(?<mo>${ARABIC_NUM}|${CN_MONTH_NUM})${S}月(?<mofen>份)?` +
    `(?:${S}(?<da>${ARABIC_NUM}|${CN_DAY_NUM})${S}[日号])?` +
    `(?<msuf>上旬|中旬|下旬|初|底|末|中)?`,
  'yu',
);
/** Year alone: 2020年, 2020年年初, 今年, 去年年底. */
const YEAR_RE = new RegExp(
  `(?:(?<yr>${YEAR_NUM})${S}年|(?<yrel>今年|去年|明年|前年))(?<ysuf>年初|年底|年末|年中|上半年|下半年|初|底|末)?`,
  'gu',
);
/** Lunar month-day, 大年初X / 大年三十, 除夕, festivals. */
const LUNAR_RE = new RegExp(
  `(?:(?<yr>${YEAR_NUM})${S}年${S}|(?<yrel>今年|去年|明年))?(?:(?<nl>农历)${S})?(?:` +
    `(?<dn>大年)(?<dnd>初[一二三四五六七八九十]|三十|二十九|廿九)` +
    `|(?<lm>正|腊|冬|十一|十二|[一二三四五六七八九十])月(?<ld>初[一二三四五六七八九十]|廿[一二三四五六七八九]|卅|[一二]?十[一二三四五六七八九]?|三十)(?:${S}日)?` +
    `|(?<eve>除夕)|(?<fest>春节|元宵节|端午节|中秋节)` +
    `|(?<lone>初[一二三四五六七八九十])` +
    `)`,
  'yu',
);
/**
 * Solar terms whose names are no common words (雨水, 小雪, 大雪, 白露, 清明, 小满, 大暑 are left
 * out: they are weather or ordinary words as often).
 */
const SOLAR_TERM_RE = /(?<term>立春|惊蛰|春分|谷雨|立夏|芒种|夏至|小暑|立秋|处暑|秋分|寒露|霜降|立冬|冬至|小寒|大寒)/gu;
/** What may follow a lunar day written without its month (初六那天, 初六晚上, 初六，). */
const LONE_DAY_AFTER = /^(?:那天|这天|当天|晚|早|上午|下午|中午|凌晨|夜|傍晚|起|以来|开始|前后|[，。、；）])/u;
const GREG_FESTIVAL_RE = /(?<gf>元旦|国庆节)/gu;
/** Time after a date or standing alone. */
const TIME_RE = new RegExp(
  `^${S}(?<part>${PARTS})?${S}(?:(?<approxPre>约|大约))?(?:(?<h>[0-9０-９]{1,2}|${CN_HOUR_NUM})${S}(?<hu>时|点)` +
    `(?:${S}(?<mi>[0-9０-９]{1,2}|[一二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九])${S}分|(?<half>半))?(?<appr>许|左右|多)?)?`,
  'u',
);
/** Relative days. */
const REL_RE = /(?<rel>当日|当天|当晚|当夜|次日|翌日|第二天|第二日|同日|同一天|前一天|前一日|隔天)/gu;
const ISSUE_REL_RE = /(?<irel>今天|今日|昨天|昨日|前天|明天|明日)/gu;
/** Bare time: 18时, 下午5时, 晚上8点半. */
const BARE_TIME_RE = new RegExp(
  `(?:(?<part>${PARTS})${S})?(?<approxPre>约|大约)?(?<h>[0-9０-９]{1,2}|${CN_HOUR_NUM})${S}(?<hu>时|点)` +
    `(?:${S}(?<mi>[0-9０-９]{1,2}|[一二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九])${S}分|(?<half>半))?(?<appr>许|左右|多)?`,
  'yu',
);
/** 至7日 / —14日 right after a full date (not global: exec keeps no state). */
const RANGE_DAY_RE = new RegExp(`^${S}(?:至|到|—|－|-|～|~|、)${S}(?<d>${ARABIC_NUM})${S}日`, 'u');
/** Day alone: 12日 (sentence-initial or after 于/自/从/截至), or 至7日 after a full date. */
const DAY_ONLY_RE = new RegExp(`(?<d>${ARABIC_NUM})${S}日`, 'gu');

/**
 * Every character that can open a match of the three sticky patterns above (the first character
 * of each alternative that can come first, from the same pieces as the patterns): nextMatch tries
 * a pattern only where one of these stands. A search of the whole text with a global pattern
 * tries every position in the engine, and these three start with optional parts that make each
 * try cost, at most positions of a text, for nothing.
 */
const YEAR_FIRST = '12〇零○一二';
const ARABIC_FIRST = '0123456789０１２３４５６７８９';
const GREG_FIRST = new CharSet(new Set([...YEAR_FIRST, ...'今去明前', ...ARABIC_FIRST, ...'十一二三四五六七八九']));
const LUNAR_FIRST = new CharSet(new Set([...YEAR_FIRST, ...'今去明', '农', '大', ...'正腊冬十一二三四五六七八九', '除', ...'春元端中', '初']));
const BARE_TIME_FIRST = new CharSet(new Set([...PARTS.split('|').map((p) => p[0]), ...'约大', ...ARABIC_FIRST, ...'二十零一三四五六七八九']));

// ───────────────────────── raw candidates ─────────────────────────

type RawKind = 'greg' | 'year' | 'lunar' | 'rel' | 'issue-rel' | 'time' | 'day-only' | 'greg-fest';

interface TimePart {
  hour: number | null;
  minute: number | null;
  /** 分 or 半 was printed. */
  hasMinute: boolean;
  part: string | null;
  approximate: boolean;
  end: number; // code point
}

interface Raw {
  kind: RawKind;
  start: number;
  end: number;
  year?: number | null;
  yearRel?: number | null; // 今年 0, 去年 -1, 明年 1, 前年 -2
  month?: number | null;
  day?: number | null;
  lunarMonth?: number;
  lunarDay?: number;
  special?: 'eve' | 'newyear' | 'lantern' | 'duanwu' | 'midautumn' | 'lone' | null;
  /** A solar term's name (立春). */
  term?: string;
  printedLunar?: boolean;
  offset?: number; // rel / issue-rel
  time?: TimePart | null;
  rangeEnd?: boolean; // day-only after 至
  precision: DatePrecision;
  rule: string;
}

const CN_LUNAR_MONTH: Record<string, number> = { 正: 1, 腊: 12, 冬: 11, 十一: 11, 十二: 12 };

function lunarDayValue(s: string): number | null {
  if (s.startsWith('初')) return parseSmallInteger(s.slice(1));
  if (s === '卅') return 30;
  return parseSmallInteger(s);
}

function hourValue(s: string): number | null {
  return parseSmallInteger(s);
}

function readTime(t: CodePointText, fromCp: number): TimePart {
  const rest = t.slice(fromCp, Math.min(t.length, fromCp + 24));
  const m = TIME_RE.exec(rest);
  const none: TimePart = { hour: null, minute: null, hasMinute: false, part: null, approximate: false, end: fromCp };
  if (!m || m[0].length === 0) return none;
  const g = m.groups!;
  let consumed = m[0];
  let part = g.part ?? null;
  if (!g.h) {
    // only a part of day; single-char parts (早/晚/夜) must not start a word (晚会, 夜班)
    if (!part) return none;
    consumed = consumed.replace(/[ \u00a0\u3000]*$/u, '');
    const endCp = fromCp + Array.from(consumed).length;
    if (part.length === 1 && /\p{Script=Han}/u.test(t.at(endCp))) return none;
    return { hour: null, minute: null, hasMinute: false, part, approximate: false, end: endCp };
  }
  let hour = hourValue(g.h);
  let minute = g.mi ? parseSmallInteger(g.mi) : g.half ? 30 : 0;
  if (hour === null || minute === null || hour > 24 || minute > 59) return none;
  // 点 as a clock hour needs context (3点建议 is not a time): a part of day, 半, 分 or a preceding date
  hour = adjustHour(hour, part);
  // 时间 / 时期 / 时候 are not clock times
  const endCp = fromCp + Array.from(consumed).length;
  if (g.hu === '时' && !g.mi && /[间期代候刻段节]/u.test(t.at(endCp))) return none;
  return { hour, minute, hasMinute: !!(g.mi || g.half), part, approximate: !!(g.appr || g.approxPre), end: endCp };
}

function adjustHour(hour: number, part: string | null): number {
  if (!part) return hour;
  if (['下午', '傍晚', '晚上', '晚间', '夜间', '深夜', '夜里', '晚', '夜'].includes(part) && hour < 12) return hour + 12;
  if (part === '中午' && hour < 4) return hour + 12;
  return hour;
}

/** Code-point start and end of a regex match in `t` (module functions, not closures made per text). */
function cpStart(t: CodePointText, m: RegExpExecArray): number {
  return t.cpIndex(m.index);
}
function cpEnd(t: CodePointText, m: RegExpExecArray): number {
  return t.cpIndex(m.index + m[0].length);
}

/**
 * The first match of a global pattern in `text`, its lastIndex set back to 0 first; the next ones
 * by `re.exec(text)`. A loop over exec, where matchAll would make a copy of the pattern and an
 * iterator for every text (none of these patterns matches the empty string, so exec moves on).
 */
function firstMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(text);
}

/**
 * The first match of a sticky pattern starting at or after UTF-16 index `from`, tried only where
 * a character of `first` stands: the match a global pattern's exec would find from `from` (the
 * leftmost start, and at that start the same match), as no match starts elsewhere. The next one
 * is searched from the pattern's lastIndex (the match's end); none of these matches is empty.
 */
function nextMatch(re: RegExp, first: CharSet, text: string, from: number): RegExpExecArray | null {
  for (let u = from; u < text.length; u++) {
    if (!first.hasAt(text, u)) continue;
    re.lastIndex = u;
    const m = re.exec(text);
    if (m !== null) return m;
  }
  return null;
}

function collectRaw(t: CodePointText): Raw[] {
  const raws: Raw[] = [];
  const text = t.text;

  for (let m = nextMatch(GREG_RE, GREG_FIRST, text, 0); m !== null; m = nextMatch(GREG_RE, GREG_FIRST, text, GREG_RE.lastIndex)) {
    const g = m.groups!;
    const start = cpStart(t, m);
    let end = cpEnd(t, m);
    // not part of a longer number (12月 inside 112月?) and not 3个月 (regex excludes) / 第3月
    if (/[0-9０-９]/.test(t.at(start - 1)) && !g.yr && !g.yrel) continue;
    if (t.at(start - 1) === '第') continue;
    const month = parseSmallInteger(g.mo);
    if (month === null || month < 1 || month > 12) continue;
    const cnMonth = !/[0-9０-９]/.test(g.mo);
    const day = g.da ? parseSmallInteger(g.da) : null;
    if (g.da && (day === null || day < 1 || day > 31)) continue;
    // Chinese month without year or day is too ambiguous (阳春三月 is fine, but 一月一次 …): require a year
    if (cnMonth && !g.da && !g.yr && !g.yrel) continue;
    const msuf: string | null = g.msuf ?? null;
    if (day !== null && msuf) {
      // 1月4日中 … the suffix belongs to the next word; drop it from the match
      end -= Array.from(msuf).length;
    } else if (day === null && msuf === '中') {
      // 3月中旬 is caught by 中旬; a bare 中 (3月中，…/3月中下旬) stays out of the quote
      end -= 1;
    }
    const yearVal = g.yr ? parseYear(g.yr) : null;
    if (g.yr && yearVal === null) continue;
    const yearRel = g.yrel ? ({ 今年: 0, 去年: -1, 明年: 1, 前年: -2 } as Record<string, number>)[g.yrel] : null;
    let time: TimePart | null = null;
    let precision: DatePrecision = day !== null ? 'day' : 'month';
    if (day !== null) {
      time = readTime(t, end);
      if (time.end > end) end = time.end;
      if (time.hour !== null) precision = time.hasMinute ? 'minute' : 'hour';
    }
    raws.push({
      kind: 'greg', start, end, year: yearVal, yearRel, month, day, time, precision,
      rule: day !== null ? (time && time.hour !== null ? 'month-day-time' : 'month-day') : 'month',
    });
    // 至7日 / —14日 after a full date
    if (day !== null) {
      const after = t.slice(end, end + 8);
      const cont = RANGE_DAY_RE.exec(after);
      if (cont) {
        const d2 = parseSmallInteger(cont.groups!.d);
        const lead = cont[0].slice(0, cont[0].search(/[0-9０-９]/u));
        const s2 = end + Array.from(lead).length;
        let e2 = end + Array.from(cont[0]).length;
        if (d2 !== null && d2 >= 1 && d2 <= 31) {
          const tm = readTime(t, e2);
          if (tm.end > e2) e2 = tm.end;
          raws.push({
            kind: 'day-only', start: s2, end: e2, day: d2, rangeEnd: true, time: tm,
            precision: tm.hour !== null ? (tm.hasMinute ? 'minute' : 'hour') : 'day', rule: 'range-end-day',
          });
        }
      }
    }
  }

  for (let m = firstMatch(YEAR_RE, text); m !== null; m = YEAR_RE.exec(text)) {
    const g = m.groups!;
    const start = cpStart(t, m);
    const end = cpEnd(t, m);
    if (/[0-9０-９]/.test(t.at(start - 1))) continue;
    if (g.yr) {
      const y = parseYear(g.yr);
      if (y === null) continue;
    }
    raws.push({
      kind: 'year', start, end, year: g.yr ? parseYear(g.yr) : null,
      yearRel: g.yrel ? ({ 今年: 0, 去年: -1, 明年: 1, 前年: -2 } as Record<string, number>)[g.yrel] : null,
      precision: 'year', rule: g.yr ? 'year' : 'relative-year',
    });
  }

  for (let m = nextMatch(LUNAR_RE, LUNAR_FIRST, text, 0); m !== null; m = nextMatch(LUNAR_RE, LUNAR_FIRST, text, LUNAR_RE.lastIndex)) {
    const g = m.groups!;
    const start = cpStart(t, m);
    let end = cpEnd(t, m);
    const printedLunar = !!g.nl;
    let lunarMonth = 0;
    let lunarDay = 0;
    let special: Raw['special'] = null;
    let rule = 'lunar';
    if (g.dn) {
      const dd = g.dnd;
      if (dd === '三十' || dd === '二十九' || dd === '廿九') {
        special = 'eve';
        rule = 'lunar-eve';
      } else {
        lunarMonth = 1;
        lunarDay = lunarDayValue(dd) ?? 0;
        rule = 'lunar-dayear';
      }
    } else if (g.lm) {
      lunarMonth = CN_LUNAR_MONTH[g.lm] ?? parseSmallInteger(g.lm) ?? 0;
      lunarDay = lunarDayValue(g.ld) ?? 0;
      // a Chinese month with a plain day (三月十五) is lunar only when 农历 is printed or the day is 初X/廿X/卅
      const unambiguousMonth = ['正', '腊', '冬'].includes(g.lm);
      const unambiguousDay = /^(初|廿|卅)/u.test(g.ld);
      if (!printedLunar && !unambiguousMonth && !unambiguousDay) continue;
      if (/[0-9０-９一二三四五六七八九十]/u.test(t.at(start - 1)) && !g.yr && !g.nl) continue;
    } else if (g.lone) {
      // 初六 with no month: the issue's lunar month (or the one before); not 年初, 月初, 初一学生
      if (g.yr || g.yrel || /[年月]/u.test(t.at(start - 1)) || !LONE_DAY_AFTER.test(t.slice(end, Math.min(end + 2, t.length)))) continue;
      special = 'lone';
      lunarDay = lunarDayValue(g.lone) ?? 0;
      rule = 'lunar-day';
    } else if (g.eve) {
      special = 'eve';
      rule = 'lunar-eve';
    } else if (g.fest) {
      special = g.fest === '春节' ? 'newyear' : g.fest === '元宵节' ? 'lantern' : g.fest === '端午节' ? 'duanwu' : 'midautumn';
      rule = 'festival';
    }
    if (!special && (lunarMonth < 1 || lunarMonth > 12 || lunarDay < 1 || lunarDay > 30)) continue;
    const time = readTime(t, end);
    if (time.end > end) end = time.end;
    const precision: DatePrecision = time.hour !== null ? (time.hasMinute ? 'minute' : 'hour') : 'day';
    raws.push({
      kind: 'lunar', start, end, year: g.yr ? parseYear(g.yr) : null, lunarMonth, lunarDay, special, printedLunar,
      yearRel: g.yrel ? ({ 今年: 0, 去年: -1, 明年: 1 } as Record<string, number>)[g.yrel] : null,
      time, precision, rule,
    });
  }

  for (let m = firstMatch(SOLAR_TERM_RE, text); m !== null; m = SOLAR_TERM_RE.exec(text)) {
    raws.push({ kind: 'greg-fest', start: cpStart(t, m), end: cpEnd(t, m), term: m.groups!.term, precision: 'day', rule: 'solar-term' });
  }

  for (let m = firstMatch(GREG_FESTIVAL_RE, text); m !== null; m = GREG_FESTIVAL_RE.exec(text)) {
    const start = cpStart(t, m);
    const end = cpEnd(t, m);
    const month = m.groups!.gf === '元旦' ? 1 : 10;
    raws.push({ kind: 'greg-fest', start, end, month, day: 1, precision: 'day', rule: 'festival' });
  }

  for (let m = firstMatch(REL_RE, text); m !== null; m = REL_RE.exec(text)) {
    const start = cpStart(t, m);
    let end = cpEnd(t, m);
    const rel = m.groups!.rel;
    const offset = ['次日', '翌日', '第二天', '第二日', '隔天'].includes(rel) ? 1 : ['前一天', '前一日'].includes(rel) ? -1 : 0;
    let time = readTime(t, end);
    if (rel === '当晚' || rel === '当夜') {
      // 当晚8时 → 20:00
      const partFromRel = rel === '当晚' ? '晚' : '夜';
      if (time.hour !== null && !time.part) time = { ...time, hour: adjustHour(time.hour, partFromRel), part: partFromRel };
      else if (!time.part) time = { ...time, part: partFromRel };
    }
    if (time.end > end) end = time.end;
    const precision: DatePrecision = time.hour !== null ? (time.hasMinute ? 'minute' : 'hour') : 'day';
    raws.push({ kind: 'rel', start, end, offset, time, precision, rule: time.hour !== null ? 'relative-day+time' : 'relative-day' });
  }

  for (let m = firstMatch(ISSUE_REL_RE, text); m !== null; m = ISSUE_REL_RE.exec(text)) {
    const start = cpStart(t, m);
    let end = cpEnd(t, m);
    const w = m.groups!.irel;
    const offset = { 今天: 0, 今日: 0, 昨天: -1, 昨日: -1, 前天: -2, 明天: 1, 明日: 1 }[w] ?? 0;
    const time = readTime(t, end);
    if (time.end > end) end = time.end;
    const precision: DatePrecision = time.hour !== null ? (time.hasMinute ? 'minute' : 'hour') : 'day';
    raws.push({ kind: 'issue-rel', start, end, offset, time, precision, rule: 'relative-to-issue' });
  }

  for (let m = nextMatch(BARE_TIME_RE, BARE_TIME_FIRST, text, 0); m !== null; m = nextMatch(BARE_TIME_RE, BARE_TIME_FIRST, text, BARE_TIME_RE.lastIndex)) {
    const g = m.groups!;
    const start = cpStart(t, m);
    const end = cpEnd(t, m);
    const before = t.at(start - 1);
    if (/[0-9０-９第小每同暂临及按准届当]/u.test(before) && !g.part) continue;
    if (/[一二三四五六七八九十零]/u.test(before) && !/[0-9０-９]/.test(g.h)) continue;
    if (g.hu === '时' && !g.mi && /[间期代候刻段节辰]/u.test(t.at(end))) continue;
    if (g.hu === '点' && !g.part && !g.mi && !g.half && t.at(end) !== '钟') continue; // 3点建议
    const tm = readTime(t, start);
    if (tm.hour === null) continue;
    raws.push({
      kind: 'time', start, end: tm.end, time: tm, precision: tm.hasMinute ? 'minute' : 'hour',
      rule: 'time',
    });
  }

  for (let m = firstMatch(DAY_ONLY_RE, text); m !== null; m = DAY_ONLY_RE.exec(text)) {
    const start = cpStart(t, m);
    let end = cpEnd(t, m);
    const before = t.at(start - 1);
    const ok = start === 0 || /[。！？\n；，、于自从至到]/u.test(before) || t.slice(start - 2, start) === '截至';
    if (!ok) continue;
    if (/[0-9０-９月]/.test(before)) continue;
    const after = t.at(end);
    const tm = readTime(t, end);
    // 18日、19日: the second day of a list
    const listed = before === '、' && /[日号]/u.test(t.at(start - 2) ?? '');
    const followOk = listed || /[，,、起前后晚早上下凌中至到—]/u.test(after) || tm.hour !== null || tm.part !== null || t.slice(end, end + 2) === '以来';
    if (!followOk) continue;
    if (tm.end > end) end = tm.end;
    const d = parseSmallInteger(m.groups!.d);
    if (d === null || d < 1 || d > 31) continue;
    raws.push({
      kind: 'day-only', start, end, day: d, time: tm, precision: tm.hour !== null ? (tm.hasMinute ? 'minute' : 'hour') : 'day',
      rule: 'day-only',
    });
  }
  return raws;
}

function parseYear(s: string): number | null {
  const norm = s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30));
  if (/^\d{4}$/.test(norm)) return Number(norm);
  const map: Record<string, string> = { 〇: '0', 零: '0', '○': '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
  const digits = Array.from(norm).map((c) => map[c]);
  if (digits.some((d) => d === undefined)) return null;
  const y = Number(digits.join(''));
  return y >= 1900 && y <= 2100 ? y : null;
}

/** Keep non-overlapping candidates: earliest start first, then the longest; kind priority breaks ties. */
const PRIORITY: Record<RawKind, number> = { greg: 0, lunar: 0, 'greg-fest': 1, rel: 1, 'issue-rel': 2, year: 2, 'day-only': 3, time: 4 };

function priorityOf(r: Raw): number {
  return PRIORITY[r.kind] - (r.rangeEnd ? 1 : 0);
}

function byStartLongestPriority(a: Raw, b: Raw): number {
  return a.start - b.start || (b.end - b.start) - (a.end - a.start) || priorityOf(a) - priorityOf(b);
}

function selectRaw(raws: Raw[]): Raw[] {
  const sorted = [...raws].sort(byStartLongestPriority);
  const kept: Raw[] = [];
  let lastEnd = -1;
  for (const r of sorted) {
    if (r.start < lastEnd) continue;
    kept.push(r);
    lastEnd = r.end;
  }
  return kept;
}

// ───────────────────────── resolution ─────────────────────────

interface Reference {
  lo: string;
  hi: string;
  source: YearSource;
}

function reference(ctx: DateContext): Reference | null {
  if (ctx.issueDate) return { lo: ctx.issueDate, hi: ctx.issueDate, source: 'issue_date' };
  const lo = ctx.issueDateEarliest ?? ctx.issueDateLatest;
  const hi = ctx.issueDateLatest ?? ctx.issueDateEarliest;
  if (!lo || !hi) return null;
  return { lo, hi, source: yearOf(lo) === yearOf(hi) && ctx.issueDateEarliest && ctx.issueDateLatest ? 'issue_date' : 'page_evidence' };
}

/**
 * Sets the date and year source of `fact` from the date it has in each year (`dateFor`), by the
 * rules of the module doc. (A module function, not a closure made for every fact.)
 */
function resolveYear(
  fact: DateFact,
  ref: Reference | null,
  carried: DateFact | null,
  dateFor: (y: number) => string | null,
  printedYear: number | null | undefined,
  yearRel: number | null | undefined,
): void {
  if (printedYear) {
    fact.date = dateFor(printedYear);
    fact.year_source = 'text';
    return;
  }
  if (yearRel !== null && yearRel !== undefined) {
    if (ref && yearOf(ref.lo) === yearOf(ref.hi)) {
      fact.date = dateFor(yearOf(ref.hi) + yearRel);
      fact.year_source = 'issue_date';
    }
    return;
  }
  if (carried && carried.date) {
    let d = dateFor(yearOf(carried.date));
    if (d && d < carried.date) d = dateFor(yearOf(carried.date) + 1);
    fact.date = d;
    fact.year_source = 'text';
    return;
  }
  if (ref) {
    const d = pickByWindow(ref, dateFor);
    if (d) {
      fact.date = d;
      fact.year_source = ref.source;
    }
  }
}

/**
 * The date of lunar day `day` written without its month in an issue of `issueDate`: that day of
 * the issue's lunar month, or of the month before when it would fall after the issue.
 */
function loneLunarDay(issueDate: string, day: number): string | null {
  const lunar = Solar.fromYmd(yearOf(issueDate), Number(issueDate.slice(5, 7)), Number(issueDate.slice(8, 10))).getLunar();
  const y = lunar.getYear();
  const m = Math.abs(lunar.getMonth()); // a leap month counts as its month
  const d = lunarToSolar(y, m, day);
  if (d && d <= issueDate) return d;
  return m === 1 ? lunarToSolar(y - 1, 12, day) : lunarToSolar(y, m - 1, day);
}

const SOLAR_TERMS = new Map<number, Record<string, { toYmd(): string }>>();

/** The date of solar term `name` in Gregorian year `y` (冬至 is the December one). */
function solarTermDate(name: string, y: number): string | null {
  let table = SOLAR_TERMS.get(y);
  if (!table) {
    table = Lunar.fromYmd(y, 6, 1).getJieQiTable(); // lunar year y: 小寒 … 大雪 of year y, then DONG_ZHI
    SOLAR_TERMS.set(y, table);
  }
  return (name === '冬至' ? table.DONG_ZHI : table[name])?.toYmd() ?? null;
}

/** The solar date of a lunar candidate in lunar year `y`. */
function lunarDateFor(r: Raw, y: number): string | null {
  switch (r.special) {
    case 'eve': return lunarNewYearsEve(y);
    case 'newyear': return springFestival(y);
    case 'lantern': return lunarToSolar(y, 1, 15);
    case 'duanwu': return lunarToSolar(y, 5, 5);
    case 'midautumn': return lunarToSolar(y, 8, 15);
    default: {
      const s = lunarToSolar(y, r.lunarMonth!, r.lunarDay!);
      // 腊月三十 in a 29-day 腊月 is the eve
      if (!s && r.lunarMonth === 12 && r.lunarDay === 30) return lunarNewYearsEve(y + 1);
      return s;
    }
  }
}

/**
 * (lo − 304 d, hi + 62 d] of a reference, remembered for the last one: every yearless date of a
 * page asks for the same window.
 */
let lastWindow: { lo: string; hi: string; lower: string; upper: string } | null = null;
function windowOf(ref: Reference): { lower: string; upper: string } {
  if (lastWindow === null || lastWindow.lo !== ref.lo || lastWindow.hi !== ref.hi) {
    lastWindow = { lo: ref.lo, hi: ref.hi, lower: addDays(ref.lo, -304), upper: addDays(ref.hi, 62) };
  }
  return lastWindow;
}

/** Pick the year parameter whose date lies in (lo − 304 d, hi + 62 d]; latest wins with an exact issue date. */
function pickByWindow(ref: Reference, dateFor: (y: number) => string | null): string | null {
  const { upper, lower } = windowOf(ref);
  const cands: string[] = [];
  for (let y = yearOf(ref.lo) - 2; y <= yearOf(ref.hi) + 1; y++) {
    const d = dateFor(y);
    if (d && d <= upper && d > lower) cands.push(d);
  }
  if (cands.length === 0) return null;
  cands.sort();
  if (ref.lo === ref.hi) return cands[cands.length - 1];
  return cands.length === 1 ? cands[0] : null;
}

function fmtTime(h: number | null, mi: number | null): string | null {
  if (h === null) return null;
  return `${pad(h)}:${pad(mi ?? 0)}`;
}

/** Apply a time to a date: 24时 → next day 00:00. */
function withTime(date: string | null, tp: TimePart | null | undefined): { date: string | null; time: string | null } {
  if (!tp || tp.hour === null) return { date, time: null };
  if (tp.hour === 24) return { date: date ? addDays(date, 1) : null, time: fmtTime(0, tp.minute) };
  return { date, time: fmtTime(tp.hour, tp.minute) };
}

/**
 * The code-point positions, in order, of the characters `re` matches in `t` (a global pattern of
 * one-unit characters): found by the regex engine's search, which passes over the characters
 * between them without reading each in a loop.
 */
function positionsOf(t: CodePointText, re: RegExp): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(t.text); m !== null; m = re.exec(t.text)) out.push(t.cpIndex(m.index));
  return out;
}

/** The characters of SENTENCE_PUNCT (each one unit), as a pattern. */
const SENTENCE_PUNCT_RE = new RegExp(charClass(SENTENCE_PUNCT), 'g');
const EVERY_RE = /每/g;

/** Where the sentence holding code point k starts: just after the last sentence punctuation before k (`puncts` from positionsOf). */
function sentenceStartIn(puncts: readonly number[], k: number): number {
  const n = countBelow(puncts, k);
  return n === 0 ? 0 : puncts[n - 1] + 1;
}

function isDayFact(f: DateFact): boolean {
  return f.precision === 'day' || f.precision === 'hour' || f.precision === 'minute';
}
/** The fact a later date without a year takes its year from: a printed Gregorian year, finer than a year. */
function carriesYear(f: DateFact): boolean {
  return f.year_source === 'text' && !!f.date && f.calendar === 'gregorian' && f.precision !== 'year';
}

export function extractDates(text: string, ctx: DateContext): DateFact[] {
  const t = codePointTextOf(text);
  const raws = selectRaw(collectRaw(t));
  const ref = reference(ctx);
  const out: DateFact[] = [];
  if (raws.length === 0) return out; // a text without dates needs none of the tables below

  // What the rules look back for, kept as they go so that each fact costs constant time, not the
  // length of its sentence (a long sentence of many dates, 当日当日…, was quadratic). The raws are in
  // text order without overlaps, so the facts' ends increase: the facts of the current sentence
  // are those after `beforeSentence`, the last one ending at or before the sentence's start.
  const puncts = positionsOf(t, SENTENCE_PUNCT_RE);
  let everyAt: number[] | null = null; // where 每 stands, found when first asked
  let beforeSentence = -1;
  let lastCarrier = -1; // index of the latest fact that carriesYear
  let lastDay = -1; // index of the latest fact at day precision or finer

  for (const r of raws) {
    const approximate = !!r.time?.approximate;
    const part = r.time?.part ?? null;
    // Fields written out, not `{ ...base, date, … }`: a spread then new keys is a slow path in V8.
    const fact: DateFact = {
      start: r.start, end: r.end, quote: t.slice(r.start, r.end), date: null, time: null, precision: r.precision,
      calendar: r.kind === 'lunar' ? 'lunar' : 'gregorian', year_source: null, relative_to: null, approximate, part_of_day: part, rule: r.rule,
    };

    // a printed year earlier in the same sentence (2020年1月23日至2月8日)
    const sentStart = sentenceStartIn(puncts, r.start);
    while (beforeSentence + 1 < out.length && out[beforeSentence + 1].end <= sentStart) beforeSentence++;
    const carried = lastCarrier > beforeSentence ? out[lastCarrier] : null;

    switch (r.kind) {
      case 'greg': {
        const m = r.month!;
        const d = r.day ?? null;
        resolveYear(fact, ref, carried, (y) => (d === null ? iso(y, m, 1) : validYmd(y, m, d) ? iso(y, m, d) : null), r.year, r.yearRel);
        const wt = withTime(fact.date, r.time);
        fact.date = wt.date;
        fact.time = wt.time;
        break;
      }
      case 'year': {
        if (r.year) {
          fact.date = iso(r.year, 1, 1);
          fact.year_source = 'text';
        } else if (ref && yearOf(ref.lo) === yearOf(ref.hi)) {
          fact.date = iso(yearOf(ref.hi) + (r.yearRel ?? 0), 1, 1);
          fact.year_source = 'issue_date';
        }
        break;
      }
      case 'greg-fest': {
        resolveYear(fact, ref, carried, (y) => (r.term ? solarTermDate(r.term, y) : iso(y, r.month!, r.day!)), null, null);
        break;
      }
      case 'lunar': {
        if (r.special === 'lone') {
          if (ctx.issueDate) {
            fact.date = loneLunarDay(ctx.issueDate, r.lunarDay!);
            fact.year_source = fact.date ? 'issue_date' : null;
          }
          const lt = withTime(fact.date, r.time);
          fact.date = lt.date;
          fact.time = lt.time;
          break;
        }
        resolveYear(fact, ref, carried, (y) => lunarDateFor(r, y), r.year, r.yearRel);
        const wt = withTime(fact.date, r.time);
        fact.date = wt.date;
        fact.time = wt.time;
        break;
      }
      case 'rel': {
        // anchor: nearest earlier fact at day precision or finer
        const anchorIdx = lastDay >= 0 ? lastDay : null;
        fact.relative_to = anchorIdx;
        const anchor = anchorIdx !== null ? out[anchorIdx] : null;
        let date: string | null = null;
        if (anchor?.date) {
          // an anchor at 24时 was already moved to the next day
          date = addDays(anchor.date, r.offset ?? 0);
        }
        const wt = withTime(date, r.time);
        fact.date = wt.date;
        fact.time = wt.time;
        fact.year_source = fact.date ? 'relative' : null;
        break;
      }
      case 'issue-rel': {
        if (ctx.issueDate) {
          const wt = withTime(addDays(ctx.issueDate, r.offset ?? 0), r.time);
          fact.date = wt.date;
          fact.time = wt.time;
          fact.year_source = 'issue_date';
        } else {
          fact.time = withTime(null, r.time).time;
        }
        break;
      }
      case 'time': {
        // anchor: a day-or-finer fact earlier in the same sentence, unless a 每 (recurring schedule) intervenes
        let anchorIdx: number | null = null;
        if (lastDay > beforeSentence) {
          const f = out[lastDay];
          // not when a 每 (every day …) stands between them
          if (r.start > f.end) everyAt ??= positionsOf(t, EVERY_RE);
          if (!(r.start > f.end && countBelow(everyAt!, r.start) > countBelow(everyAt!, f.end))) anchorIdx = lastDay;
        }
        const anchor = anchorIdx !== null ? out[anchorIdx] : null;
        let date = anchor?.date ?? null;
        // the anchor carried its own 24时 shift; use its calendar day
        if (anchor && anchor.date && anchor.time === '00:00' && /24\s*时/u.test(anchor.quote)) date = addDays(anchor.date, -1);
        const wt = withTime(date, r.time);
        fact.date = wt.date;
        fact.time = wt.time;
        fact.relative_to = anchorIdx;
        fact.year_source = fact.date ? 'relative' : null;
        break;
      }
      case 'day-only': {
        const d = r.day!;
        if (r.rangeEnd) {
          // 2月1日至7日: same month as the previous fact (next month when the day goes backwards)
          const anchorIdx = out.length - 1;
          const anchor = out[anchorIdx];
          fact.relative_to = anchorIdx >= 0 ? anchorIdx : null;
          if (anchor?.date) {
            let [y, m] = anchor.date.split('-').map(Number);
            if (d < Number(anchor.date.slice(8, 10))) { m += 1; if (m > 12) { m = 1; y += 1; } }
            const date = validYmd(y, m, d) ? iso(y, m, d) : null;
            const wt = withTime(date, r.time);
            fact.date = wt.date;
            fact.time = wt.time;
            fact.year_source = fact.date ? 'relative' : null;
          }
        } else if (ctx.issueDate) {
          // 12日，… : the issue month (previous month when the day is after the issue day)
          let [y, m] = ctx.issueDate.split('-').map(Number);
          if (d > Number(ctx.issueDate.slice(8, 10))) { m -= 1; if (m < 1) { m = 12; y -= 1; } }
          const date = validYmd(y, m, d) ? iso(y, m, d) : null;
          const wt = withTime(date, r.time);
          fact.date = wt.date;
          fact.time = wt.time;
          fact.year_source = fact.date ? 'issue_date' : null;
        }
        break;
      }
    }
    if (carriesYear(fact)) lastCarrier = out.length;
    if (isDayFact(fact)) lastDay = out.length;
    out.push(fact);
  }
  return out;
}
