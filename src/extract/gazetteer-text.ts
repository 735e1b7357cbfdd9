/**
 * Small text helpers shared by the people / organization / place extractors.
 *
 * Every offset in this folder is a Unicode CODE POINT index (0-based, end exclusive), never a
 * UTF-16 index: an article is handled as the array `Array.from(text)`, and `quote` is always
 * `chars.slice(start, end).join('')`.
 */
import { codePoints, cpLength, cpStartsWith, zeroedUint8Array } from './span.ts';

export { codePoints, cpLength };

/** Slice [start, end) of a code-point array, joined back into a string. */
export function sliceChars(chars: readonly string[], start: number, end: number): string {
  // Short in-range slices (most: a name, a word) by concatenation, without the array and join.
  if ((start | 0) === start && (end | 0) === end && start >= 0 && end <= chars.length && end - start <= 16) {
    let s = '';
    for (let k = start; k < end; k++) s += chars[k];
    return s;
  }
  return chars.slice(start, end).join('');
}

/** True for a CJK unified ideograph (basic block, extension A, compatibility, extension B+). */
export function isHan(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  return isHanCode(ch.codePointAt(0)!);
}

/** isHan of one code point given as its number. */
export function isHanCode(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x20000 && c <= 0x3134f)
  );
}

/**
 * Is every code point of `word` a Han character (and `word` not empty)? By its char codes, a
 * surrogate pair read as its one code point: no string per character, as `for (const ch of word)`
 * makes (asked of nearly every word of every text).
 */
export function isHanWord(word: string): boolean {
  const n = word.length;
  if (n === 0) return false;
  for (let u = 0; u < n; u++) {
    const c = word.codePointAt(u)!;
    if (c > 0xffff) u++; // the low half of a surrogate pair is read with its high half
    if (!isHanCode(c)) return false;
  }
  return true;
}

/** Does `word` occur in `chars` starting at code point `i`? */
export function startsWithAt(chars: readonly string[], i: number, word: string): boolean {
  return cpStartsWith(chars, i, word);
}

/** Does `word` occur in `chars` ending exactly at code point `end` (exclusive)? */
export function endsWithAt(chars: readonly string[], end: number, word: string): boolean {
  return cpStartsWith(chars, end - cpLength(word), word);
}

/**
 * The Map key of one code point (its value). Number keys are found faster than one-character
 * strings, which the Map must hash and compare by content. -1 for anything that is not exactly
 * one code point, which no word holds.
 */
function keyOf(ch: string | undefined): number {
  if (ch === undefined) return -1;
  if (ch.length === 1) return ch.charCodeAt(0);
  const cp = ch.codePointAt(0)!;
  return ch.length === 2 && cp > 0xffff ? cp : -1;
}

/**
 * A node of a trie over code points. Built once per word list (module load, or once per
 * gazetteer), a trie answers "which words start (or end) here" by walking the text, instead of
 * trying every word at every position.
 */
class TrieNode<T> {
  // The first child is kept in fields, the others in a Map: most nodes below the root have one
  // child, and a comparison is cheaper than a Map lookup.
  private key1 = -1;
  private child1: TrieNode<T> | undefined = undefined;
  private next: Map<number, TrieNode<T>> | null = null;
  /** Set when a word ends at this node. */
  item: T | undefined = undefined;

  child(ch: string): TrieNode<T> {
    let n = this.get(ch);
    if (!n) {
      const key = keyOf(ch);
      n = new TrieNode<T>();
      if (this.child1 === undefined) {
        this.key1 = key;
        this.child1 = n;
      } else {
        (this.next ??= new Map()).set(key, n);
      }
    }
    return n;
  }

  /** The node one character `ch` further down, if any word continues with it. */
  get(ch: string | undefined): TrieNode<T> | undefined {
    const key = keyOf(ch);
    if (key === this.key1) return key === -1 ? undefined : this.child1;
    return this.next?.get(key);
  }
}

/** Size of a trie's table of first pairs, in bits (32 KB). */
const PAIR_BITS = 1 << 18;

function pairHash(u0: number, u1: number): number {
  return (Math.imul(u0, 0x9e3779b1) ^ u1) & (PAIR_BITS - 1);
}

/**
 * The root of a trie, with a bit set of the first UTF-16 unit of every first character: most
 * positions of a text start no word, and a bit test rules them out before any Map lookup.
 */
class Trie<T> {
  readonly root = new TrieNode<T>();
  private readonly firstUnits = new Uint32Array(2048);
  /** First units of the words of one character. */
  private readonly singleUnits = new Uint32Array(2048);
  /** A hash of the first units of the first two characters of every longer word. */
  private readonly pairs = new Uint32Array(PAIR_BITS >>> 5);

  /** Adds a word given as its code points (Array.from). */
  add(chars: readonly string[], item: T): void {
    if (chars.length === 0) return;
    const u = chars[0].charCodeAt(0);
    this.firstUnits[u >>> 5] |= 1 << (u & 31);
    if (chars.length === 1) this.singleUnits[u >>> 5] |= 1 << (u & 31);
    else {
      const h = pairHash(u, chars[1].charCodeAt(0));
      this.pairs[h >>> 5] |= 1 << (h & 31);
    }
    let node = this.root;
    for (const ch of chars) node = node.child(ch);
    node.item = item;
  }

  /**
   * False when no word can start at `i`: none of one character starts there, and no longer one
   * starts with the two characters there. A large trie (the national gazetteer) has a child at
   * its root for most Han characters, and a lookup there, far out in memory, for every position
   * of a text costs more than this test of two bits in a small table. True may be a false alarm
   * (the hash), never a miss.
   */
  /** mayStartAt for a word given as a string: false when no word of the trie is it. */
  mayHold(word: string): boolean {
    const n = word.length;
    if (n === 0) return false;
    const u = word.charCodeAt(0);
    // the second character's first unit: after the pair when the first is one
    const next = u >= 0xd800 && u <= 0xdbff && n > 1 && (word.charCodeAt(1) & 0xfc00) === 0xdc00 ? 2 : 1;
    if (next >= n) return ((this.singleUnits[u >>> 5] >>> (u & 31)) & 1) === 1;
    const h = pairHash(u, word.charCodeAt(next));
    return ((this.pairs[h >>> 5] >>> (h & 31)) & 1) === 1;
  }

  mayStartAt(chars: readonly string[], i: number): boolean {
    return mayStartWith(this.singleUnits, this.pairs, chars, i);
  }

  /** Adds this trie's tables of first characters to `filter`'s (see StartFilter). */
  addStartsTo(filter: StartFilter): void {
    for (let k = 0; k < this.singleUnits.length; k++) filter.singleUnits[k] |= this.singleUnits[k];
    for (let k = 0; k < this.pairs.length; k++) filter.pairs[k] |= this.pairs[k];
  }

  /** The node for the one-character prefix `ch`, if any word starts with it. */
  first(ch: string | undefined): TrieNode<T> | undefined {
    if (ch === undefined) return undefined;
    const u = ch.charCodeAt(0);
    if (((this.firstUnits[u >>> 5] >>> (u & 31)) & 1) === 0) return undefined;
    return this.root.get(ch);
  }
}

/**
 * Whether a word of a list whose first characters are marked in these tables (a bit per
 * single-unit word's first unit, a bit per hashed pair of first units) can start at `i`.
 */
function mayStartWith(singleUnits: Uint32Array, pairs: Uint32Array, chars: readonly string[], i: number): boolean {
  const c0 = chars[i];
  if (c0 === undefined) return false;
  const u = c0.charCodeAt(0);
  if (((singleUnits[u >>> 5] >>> (u & 31)) & 1) === 1) return true;
  const c1 = chars[i + 1];
  if (c1 === undefined) return false;
  const h = pairHash(u, c1.charCodeAt(0));
  return ((pairs[h >>> 5] >>> (h & 31)) & 1) === 1;
}

/**
 * The tables of first characters of several word lists in one (Trie.mayStartAt's test for all of
 * them at once): a scan that asks several lists at every position rules most positions out with
 * one test in one table, instead of one in each list's, far apart in memory.
 */
export class StartFilter {
  readonly singleUnits = new Uint32Array(2048);
  readonly pairs = new Uint32Array(PAIR_BITS >>> 5);

  constructor(indexes: readonly SurfaceIndex<unknown>[]) {
    for (const index of indexes) index.addStartsTo(this);
  }

  /** False when no word of any of the lists can start at `i` (as each list's mayStartAt). */
  mayStartAt(chars: readonly string[], i: number): boolean {
    return mayStartWith(this.singleUnits, this.pairs, chars, i);
  }
}

const NONE: readonly never[] = [];

/**
 * A dictionary of surface strings, matched longest-first at a position.
 * Values are kept per surface (a surface can carry several values, e.g. several division codes).
 */
export class SurfaceIndex<V> {
  private readonly map = new Map<string, V[]>();
  /** The surfaces as a trie, so a scan stops as soon as nothing can match. */
  private readonly trie = new Trie<{ surface: string; values: V[] }>();

  add(surface: string, value: V): void {
    const list = this.map.get(surface);
    if (list) {
      list.push(value);
      return;
    }
    const values = [value];
    this.map.set(surface, values);
    this.trie.add(Array.from(surface), { surface, values });
  }

  // get and has ask the trie's small tables first: most words asked about are none, and a lookup
  // in a large Map (the national gazetteer's) mostly misses the CPU cache.
  get(surface: string): readonly V[] {
    if (!this.trie.mayHold(surface)) return NONE;
    return this.map.get(surface) ?? NONE;
  }

  has(surface: string): boolean {
    return this.trie.mayHold(surface) && this.map.has(surface);
  }

  get size(): number {
    return this.map.size;
  }

  /** For StartFilter: adds this index's tables of first characters to the filter's. */
  addStartsTo(filter: StartFilter): void {
    this.trie.addStartsTo(filter);
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
    if (i < 0 || !this.trie.mayStartAt(chars, i)) return out;
    for (let k = i, node = this.trie.first(chars[i]); node && k < chars.length; node = node.get(chars[++k])) {
      const e = node.item;
      if (e && (!accept || accept(e.surface, e.values))) out.push({ length: k - i + 1, surface: e.surface, values: e.values });
    }
    return out.reverse();
  }

  /** The longest accepted surface starting at `i`, or null. */
  longestAt(
    chars: readonly string[],
    i: number,
    accept?: (surface: string, values: readonly V[]) => boolean,
  ): { length: number; surface: string; values: readonly V[] } | null {
    // One walk down the trie, keeping the longest accepted surface: no array per call, and one
    // object for the answer, not one for every accepted surface on the way.
    if (i < 0 || !this.trie.mayStartAt(chars, i)) return null;
    let best: { surface: string; values: V[] } | undefined;
    let length = 0;
    for (let k = i, node = this.trie.first(chars[i]); node && k < chars.length; node = node.get(chars[++k])) {
      const e = node.item;
      if (e && (!accept || accept(e.surface, e.values))) {
        best = e;
        length = k - i + 1;
      }
    }
    return best === undefined ? null : { length, surface: best.surface, values: best.values };
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

/**
 * A word list as two tries (read forwards, and backwards from the last character), for fast
 * longest-match at a position: built once per list, at module load.
 */
export class WordIndex {
  private readonly forward = new Trie<string>();
  private readonly backward = new Trie<string>();
  /** The longest word's length in code points. */
  private readonly longest: number = 0;

  constructor(words: Iterable<string>) {
    for (const word of new Set(words)) {
      const chars = Array.from(word);
      this.longest = Math.max(this.longest, chars.length);
      this.forward.add(chars, word);
      this.backward.add(chars.reverse(), word);
    }
  }

  /**
   * Every word of the index in `chars`, found by one walk down the trie from each position: the
   * length (in code points, 0 for none) of the longest word starting at each index (`from[i]`,
   * what longestStartingAt finds) and of the longest ending at each (`to[end]`, what
   * longestEndingAt finds), chars.length + 1 entries each. For a text asked about at most of its
   * positions both ways.
   */
  spans(chars: readonly string[]): { from: Uint8Array; to: Uint8Array } {
    if (this.longest > 255) throw new Error(`WordIndex.spans: a word of ${this.longest} code points does not fit`);
    const from = zeroedUint8Array(chars.length + 1);
    const to = zeroedUint8Array(chars.length + 1);
    for (let i = 0; i < chars.length; i++) {
      for (let k = i, node = this.forward.first(chars[i]); node; node = node.get(chars[++k])) {
        if (node.item === undefined) continue;
        const n = k - i + 1;
        from[i] = n; // the walk goes deeper: the last word met is the longest
        if (to[k + 1] < n) to[k + 1] = n;
      }
    }
    return { from, to };
  }

  /** Longest word starting at i, or null. */
  longestStartingAt(chars: readonly string[], i: number): string | null {
    if (i < 0) return null;
    let best: string | null = null;
    for (let k = i, node = this.forward.first(chars[i]); node; node = node.get(chars[++k])) {
      if (node.item !== undefined) best = node.item;
    }
    return best;
  }

  /** Words ending exactly at `end` (exclusive), longest first. */
  endingAt(chars: readonly string[], end: number): string[] {
    const out: string[] = [];
    if (end > chars.length || end < 1) return out;
    for (let k = end - 1, node = this.backward.first(chars[k]); node; node = k > 0 ? node.get(chars[--k]) : undefined) {
      if (node.item !== undefined) out.push(node.item);
    }
    return out.reverse();
  }

  /** Longest word ending exactly at `end`, or null. */
  longestEndingAt(chars: readonly string[], end: number): string | null {
    let best: string | null = null;
    if (end > chars.length || end < 1) return best;
    for (let k = end - 1, node = this.backward.first(chars[k]); node; node = k > 0 ? node.get(chars[--k]) : undefined) {
      if (node.item !== undefined) best = node.item;
    }
    return best;
  }
}

/** The title words (TITLE_WORDS) indexed once, for the organization and the people extractors. */
export const TITLE_INDEX = new WordIndex(TITLE_WORDS);
