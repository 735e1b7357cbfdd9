/**
 * Small text helpers shared by the people / organization / place extractors.
 *
 * Every offset in this folder is a Unicode CODE POINT index (0-based, end exclusive), never a
 * UTF-16 index: an article is handled as the array `Array.from(text)`, and `quote` is always
 * `chars.slice(start, end).join('')`.
 */
import { codePoints, cpLength } from './span.ts';

export { codePoints, cpLength };

/** Slice [start, end) of a code-point array, joined back into a string. */
export function sliceChars(chars: readonly string[], start: number, end: number): string {
  return chars.slice(start, end).join('');
}

/** True for a CJK unified ideograph (basic block, extension A, compatibility, extension B+). */
export function isHan(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.codePointAt(0)!;
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x20000 && c <= 0x3134f)
  );
}

/** Does `word` occur in `chars` starting at code point `i`? */
const wordCache = new Map<string, string[]>();
function wordChars(word: string): string[] {
  let w = wordCache.get(word);
  if (!w) {
    w = Array.from(word);
    wordCache.set(word, w);
  }
  return w;
}

export function startsWithAt(chars: readonly string[], i: number, word: string): boolean {
  const w = wordChars(word);
  if (i < 0 || i + w.length > chars.length) return false;
  for (let k = 0; k < w.length; k++) if (chars[i + k] !== w[k]) return false;
  return true;
}

/** Does `word` occur in `chars` ending exactly at code point `end` (exclusive)? */
export function endsWithAt(chars: readonly string[], end: number, word: string): boolean {
  const n = wordChars(word).length;
  return startsWithAt(chars, end - n, word);
}

/**
 * A dictionary of surface strings, matched longest-first at a position.
 * Values are kept per surface (a surface can carry several values, e.g. several division codes).
 */
export class SurfaceIndex<V> {
  private readonly map = new Map<string, V[]>();
  /** Every proper prefix of a surface, so a scan can stop as soon as nothing can match. */
  private readonly prefixes = new Set<string>();

  add(surface: string, value: V): void {
    const list = this.map.get(surface);
    if (list) list.push(value);
    else this.map.set(surface, [value]);
    let p = '';
    for (const ch of surface) {
      p += ch;
      this.prefixes.add(p);
    }
  }

  get(surface: string): readonly V[] {
    return this.map.get(surface) ?? [];
  }

  has(surface: string): boolean {
    return this.map.has(surface);
  }

  get size(): number {
    return this.map.size;
  }

  surfaces(): IterableIterator<string> {
    return this.map.keys();
  }

  /**
   * All surfaces that start at `i`, longest first, filtered by `accept` (on the surface and its values).
   * `accept` returning false skips that surface only.
   */
  matchesAt(
    chars: readonly string[],
    i: number,
    accept?: (surface: string, values: readonly V[]) => boolean,
  ): { length: number; surface: string; values: readonly V[] }[] {
    const out: { length: number; surface: string; values: readonly V[] }[] = [];
    let s = '';
    for (let k = i; k < chars.length; k++) {
      s += chars[k];
      if (!this.prefixes.has(s)) break;
      const values = this.map.get(s);
      if (values && (!accept || accept(s, values))) out.push({ length: k - i + 1, surface: s, values });
    }
    return out.reverse();
  }

  /** The longest accepted surface starting at `i`, or null. */
  longestAt(
    chars: readonly string[],
    i: number,
    accept?: (surface: string, values: readonly V[]) => boolean,
  ): { length: number; surface: string; values: readonly V[] } | null {
    const all = this.matchesAt(chars, i, accept);
    return all.length > 0 ? all[0] : null;
  }
}

/**
 * Places outside 焦作 that the newspaper names (hand-written, not exhaustive): all provincial-level
 * units, their capitals, every prefecture-level city of 河南, neighbouring cities of 山西/河北/山东,
 * and a few cities that were in the epidemic news of 2020-2022. Names that are also ordinary
 * words (开封 "to unseal", 长春 a given name, 成都 in 完成都, 长治 in 长治久安…) are only listed with their 市 suffix.
 * Matched with an optional 省/市/自治区 suffix by the place extractor.
 */
export const OUTSIDE_PROVINCES: readonly string[] = [
  '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽',
  '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西',
  '甘肃', '青海', '台湾', '内蒙古', '广西', '西藏', '宁夏', '新疆', '香港', '澳门',
];

export const OUTSIDE_CITIES: readonly string[] = [
  // provincial capitals and other large cities
  '石家庄', '太原', '呼和浩特', '沈阳', '哈尔滨', '南京', '杭州', '合肥', '福州', '南昌', '济南',
  '武汉', '长沙', '广州', '深圳', '南宁', '贵阳', '昆明', '拉萨', '西安', '兰州', '西宁',
  '银川', '乌鲁木齐', '大连', '青岛', '宁波', '厦门', '苏州', '无锡', '温州', '东莞',
  // 河南 prefecture-level cities (焦作 itself excluded) and county-level cities in the news
  '郑州', '洛阳', '平顶山', '安阳', '鹤壁', '新乡', '濮阳', '许昌', '漯河', '三门峡', '南阳',
  '商丘', '信阳', '周口', '驻马店', '济源', '禹州', '巩义', '新郑', '登封', '荥阳', '新密', '长垣',
  // neighbours in 山西 / 河北 / 山东
  '晋城', '运城', '临汾', '邯郸', '邢台', '聊城', '菏泽',
  // 2020-2022 outbreak cities
  '扬州', '张家界', '瑞丽', '满洲里', '额济纳旗', '黑河', '绥芬河', '大理', '西双版纳', '喀什',
];

/** Listed only with their suffix because the bare name is also an ordinary word or a given name. */
export const OUTSIDE_SUFFIX_ONLY: readonly string[] = [
  '开封市', '长春市', '中山市', '通辽市', '吉林市', '成都市', '长治市',
];

/**
 * Job titles and roles that precede a person's name (党委书记刘芳, 民警王国军) or follow an
 * organization (城管局副局长). Matched longest-first. Shared by the organization extractor
 * (a suffix inside a title, 局 in 局长, is not the end of an organization) and the people extractor.
 */
export const TITLE_WORDS: readonly string[] = [
  // party
  '党委书记', '党委副书记', '党工委书记', '党工委副书记', '党支部书记', '党支部副书记', '党总支书记',
  '党组书记', '党组成员', '第一书记', '副书记', '书记', '常委', '委员', '政委', '副政委', '教导员',
  // government and public bodies
  '局长', '副局长', '主任', '副主任', '常务副主任', '处长', '副处长', '科长', '副科长', '部长', '副部长',
  '市长', '副市长', '县长', '副县长', '区长', '副区长', '镇长', '副镇长', '乡长', '副乡长', '村长',
  '主席', '副主席', '秘书长', '理事长', '会长', '副会长', '站长', '副站长', '所长', '副所长',
  '队长', '副队长', '大队长', '副大队长', '中队长', '支队长', '副支队长', '组长', '副组长',
  '负责人', '主要负责人', '工作人员', '干部', '党员干部', '党员', '老党员', '共产党员', '公务员',
  '网格员', '网格长', '楼长', '信息员', '联络员', '宣传员', '监督员', '安全员', '指导员', '调度员',
  '流调员', '检测员', '消杀员', '志愿者', '党员志愿者', '社工', '执法队员', '队员', '村医', '村干部',
  // police
  '民警', '辅警', '交警', '特警', '刑警', '社区民警', '派出所所长',
  // companies
  '董事长', '副董事长', '总经理', '副总经理', '经理', '副经理', '总监', '厂长', '副厂长', '店长',
  '主管', '员工', '职工', '工人', '环卫工人', '司机', '驾驶员', '快递员', '外卖员', '营业员', '收银员', '保安',
  // health
  '院长', '副院长', '医生', '医师', '主任医师', '副主任医师', '主治医师', '住院医师', '护士',
  '护士长', '护师', '主管护师', '医护人员', '医务人员', '专家',
  // education
  '校长', '副校长', '园长', '教师', '老师', '教授', '副教授', '学生', '大一学生', '大二学生',
  '大三学生', '大四学生', '研究生', '班主任', '辅导员',
  // press
  '记者', '通讯员', '实习生', '编辑',
  // residents
  '村民', '居民', '市民',
];

/** A word list indexed by first and last character, for fast longest-match at a position. */
export class WordIndex {
  private readonly byFirst = new Map<string, { word: string; chars: string[] }[]>();
  private readonly byLast = new Map<string, { word: string; chars: string[] }[]>();

  constructor(words: Iterable<string>) {
    for (const word of new Set(words)) {
      const chars = Array.from(word);
      if (chars.length === 0) continue;
      const e = { word, chars };
      const f = this.byFirst.get(chars[0]);
      if (f) f.push(e);
      else this.byFirst.set(chars[0], [e]);
      const l = this.byLast.get(chars[chars.length - 1]);
      if (l) l.push(e);
      else this.byLast.set(chars[chars.length - 1], [e]);
    }
    for (const m of [this.byFirst, this.byLast]) for (const list of m.values()) list.sort((a, b) => b.chars.length - a.chars.length);
  }

  /** Longest word starting at i, or null. */
  longestStartingAt(chars: readonly string[], i: number): string | null {
    const list = this.byFirst.get(chars[i]);
    if (!list) return null;
    for (const e of list) if (startsWithAt(chars, i, e.word)) return e.word;
    return null;
  }

  /** Words ending exactly at `end` (exclusive), longest first. */
  endingAt(chars: readonly string[], end: number): string[] {
    const list = this.byLast.get(chars[end - 1]);
    if (!list) return [];
    const out: string[] = [];
    for (const e of list) if (endsWithAt(chars, end, e.word)) out.push(e.word);
    return out;
  }

  /** Longest word ending exactly at `end`, or null. */
  longestEndingAt(chars: readonly string[], end: number): string | null {
    const list = this.byLast.get(chars[end - 1]);
    if (!list) return null;
    for (const e of list) if (endsWithAt(chars, end, e.word)) return e.word;
    return null;
  }
}
