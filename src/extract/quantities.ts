/**
 * Quantity extraction from one article text (reflowed Chinese prose).
 *
 * Pure function: `extractQuantities(text)` returns every number + unit (or measure word) it is
 * confident about, with code-point offsets (0-based, end exclusive) and `quote` equal to the
 * code-point slice [start, end). The quote covers the qualifier words (近, 约, 上, 余, 多, 以上,
 * 左右, 许), the numeral and the unit; the counted thing (`subject`) and the rate marker (`rate`)
 * are reported separately and are NOT inside the quote.
 *
 * Policies (see also the README-style notes in the report):
 * - 万/亿 are folded into the value and never kept in `unit`: `2 万元` → value 20000, unit 元
 *   (the printed 万 stays visible in `quote`); `86万余名` → 860000, 名, over.
 * - Not quantities: ordinals (第三批, 第一书记), labels (81号, “64227”工作法, “334”楼院),
 *   road/house numbers (经三路, 6号院), dates and clock times (1月4日, 22时40分, 2020年, 24时 —
 *   left to the date extractor), numbers glued to Latin letters (N95, 5G, COVID-19), a bare
 *   Chinese 一 before a measure word (一名党员, 一面旗, 一道防线, 一份报告, 一个个: 一 is an
 *   indefinite article or figurative there; Arabic 1人 IS a quantity), reduplications (个个, 幅幅),
 *   fixed expressions and slogans (五老, 两委, 一线, 千家万户, 三番五次, 四个意识 …, see
 *   FIXED_EXPRESSIONS), vague magnitudes (数十, 几百, 成千上万), and numbers without a known unit.
 * - Qualifiers: 余/多/以上/超过/逾 → over; 近/约/大约/将近/接近/左右/许/上千/上万/不足/不到 → about;
 *   X到Y / X至Y / X-Y with a shared unit → range (value, value_max).
 */
import { scanNumeral, isArabicDigit, isChineseNumeralChar, type NumeralMatch } from './chinese-numerals.ts';
import { WordIndex } from './gazetteer-text.ts';
import { CharSet, CodePointText, codePointTextOf, skipSpaces, skipSpacesBack, zeroedUint8Array } from './span.ts';

export type QuantityQualifier = 'exact' | 'over' | 'about' | 'range';
export type UnitClass = 'count' | 'mass' | 'area' | 'volume' | 'currency' | 'duration' | 'ratio' | 'length' | 'other';

export interface Quantity {
  start: number;
  end: number;
  quote: string;
  value: number;
  value_max: number | null;
  qualifier: QuantityQualifier;
  /** Unit or measure word as printed, without 万/亿 (folded into value). */
  unit: string;
  unit_class: UnitClass;
  /** The thing counted when printed right after the unit (86万余名党员干部 → 党员干部); null when unsure. */
  subject: string | null;
  /** Rate marker in the same clause before the quantity (每天, 日产量, 每人 …), or a /天-style suffix. */
  rate: string | null;
  /** Short stable rule name: number+unit, chinese-numeral+unit, range, percent, percent-words, approx-magnitude. */
  rule: string;
}

/** Units and measure words, with their class. Matched longest first. */
const UNIT_TABLE: Array<[string, UnitClass]> = [
  // ratio
  ['个百分点', 'ratio'], ['百分点', 'ratio'], ['倍', 'ratio'], ['%', 'ratio'], ['％', 'ratio'], ['‰', 'ratio'],
  // duration
  ['个工作日', 'duration'], ['工作日', 'duration'], ['个小时', 'duration'], ['小时', 'duration'], ['分钟', 'duration'],
  ['秒钟', 'duration'], ['个星期', 'duration'], ['个月', 'duration'], ['周年', 'duration'], ['天', 'duration'],
  ['年', 'duration'], ['周', 'duration'], ['个昼夜', 'duration'], ['昼夜', 'duration'], ['个春秋', 'duration'],
  // area / volume / length / mass
  ['平方公里', 'area'], ['平方千米', 'area'], ['平方米', 'area'], ['平米', 'area'], ['公顷', 'area'], ['亩', 'area'],
  ['立方米', 'volume'], ['立方', 'volume'], ['毫升', 'volume'], ['升', 'volume'],
  ['公里', 'length'], ['千米', 'length'], ['厘米', 'length'], ['毫米', 'length'], ['米', 'length'],
  ['公斤', 'mass'], ['千克', 'mass'], ['毫克', 'mass'], ['吨', 'mass'], ['斤', 'mass'], ['克', 'mass'],
  // currency
  ['美元', 'currency'], ['元', 'currency'],
  // other
  ['摄氏度', 'other'], ['℃', 'other'], ['周岁', 'other'], ['岁', 'other'],
  // count (measure words)
  ['人份', 'count'], ['人次', 'count'], ['户次', 'count'], ['辆次', 'count'], ['架次', 'count'], ['车次', 'count'],
  ['剂次', 'count'], ['批次', 'count'], ['班次', 'count'],
  ['名', 'count'], ['人', 'count'], ['户', 'count'], ['个', 'count'], ['袋', 'count'], ['辆', 'count'], ['份', 'count'],
  ['张', 'count'], ['栋', 'count'], ['幢', 'count'], ['套', 'count'], ['家', 'count'], ['只', 'count'], ['次', 'count'],
  ['例', 'count'], ['座', 'count'], ['所', 'count'], ['台', 'count'], ['件', 'count'], ['条', 'count'], ['支', 'count'],
  ['盒', 'count'], ['箱', 'count'], ['瓶', 'count'], ['包', 'count'], ['桶', 'count'], ['副', 'count'], ['双', 'count'],
  ['间', 'count'], ['处', 'count'], ['位', 'count'], ['批', 'count'], ['轮', 'count'], ['剂', 'count'], ['顶', 'count'],
  ['床', 'count'], ['层', 'count'], ['趟', 'count'], ['块', 'count'], ['根', 'count'], ['项', 'count'], ['类', 'count'],
  ['种', 'count'], ['场', 'count'], ['组', 'count'], ['头', 'count'], ['枚', 'count'], ['片', 'count'], ['粒', 'count'],
  ['篇', 'count'], ['起', 'count'], ['单', 'count'], ['封', 'count'], ['罐', 'count'], ['册', 'count'], ['餐', 'count'],
  ['顿', 'count'], ['对', 'count'], ['排', 'count'], ['道', 'count'], ['面', 'count'], ['幅', 'count'],
  ['步', 'count'],
];
const UNITS = [...UNIT_TABLE].sort((a, b) => Array.from(b[0]).length - Array.from(a[0]).length);
/** UNITS grouped by first character (longest first within a group, as in UNITS). */
const UNITS_BY_FIRST = new Map<string, Array<[string, UnitClass]>>();
for (const entry of UNITS) {
  const first = Array.from(entry[0])[0];
  const list = UNITS_BY_FIRST.get(first);
  if (list) list.push(entry);
  else UNITS_BY_FIRST.set(first, [entry]);
}

/** Measure words whose own meaning is the counted thing: no subject is looked for after them. */
const NO_SUBJECT_UNITS = new Set(['人', '人次', '次', '户次', '人份']);

/** unit + following characters that make a different word: the number is not counting that unit. */
const UNIT_WORD_BLACKLIST = [
  '台账', '台湾', '台阶', '个体', '次日', '名单', '名称', '名字', '名义', '处理', '单位', '类似', '种植', '场所', '组织',
  '间隔', '头部', '片区', '项目', '年级', '年龄', '年度', '年初', '年底', '年末', '年前', '周末', '周边', '天然', '天气',
  '天津', '元旦', '包括', '起来', '起步', '起点', '面积', '面对', '面向', '道路', '对接', '对象', '排查', '位置', '批准',
  '条件', '块钱', '只有', '只能', '只要', '家长', '家属', '家庭', '家人', '家中', '家里', '层面', '层级', '米面',
];

/** Fixed expressions whose numerals are not quantities. */
const FIXED_EXPRESSIONS = [
  '千家万户', '千方百计', '千辛万苦', '万众一心', '万无一失', '三番五次', '三天两头', '三三两两', '五湖四海', '四面八方',
  '七嘴八舌', '七上八下', '十全十美', '九牛一毛', '九死一生', '三令五申', '一五一十', '成千上万', '成百上千', '千千万万',
  '两个维护', '两个确立', '四个意识', '四个自信', '四个全面', '两个一百年', '五位一体', '三个代表', '四个最严', '两不误',
  '一针一线', '一天天', '一年年', '一次次', '一个个', '一幅幅', '一组组', '一件件', '一张张', '一名名', '一位位', '一项项',
  '三天打鱼', '百分百', '五老', '两委', '一线', '一体化', '十四五', '十三五', '两会', '三公', '两学一做', '一岗双责',
  '四不两直', '一人一档', '一户一策', '一楼一策', '一企一策', '一村一策', '两点一线', '三点一线', '点对点', '一对一',
];

const RANGE_CONNECTORS = new Set(['到', '至', '-', '－', '~', '～', '—', '–', '〜']);

/** Rate markers looked for in the clause before a quantity (the nearest one wins). */
const RATE_RE = /(每(?:天|日|人|户|周|月|年|小时|辆|名|家|个|批|班|次|晚|夜)|日均|日产量|日产能|日供应量|日检测量|日检测能力|日处理能力|日销量|日产|月产量|年产量|人均|户均|单日|日均)/gu;

/** Multi-character words that end a subject phrase (verbs, adverbs, time words). */
const SUBJECT_STOP_WORDS = [
  '联系', '参与', '参加', '进行', '开展', '发放', '放弃', '正在', '一起', '深入', '逐项', '逐一', '托付', '助力', '加班',
  '完成', '组建', '组成', '分别', '供应', '保障', '坚守', '投入', '支援', '接受', '覆盖', '奋战', '奔赴', '下沉', '带领',
  '提供', '作为', '前往', '赶赴', '捐赠', '捐献', '发出', '实现', '承担', '落实', '积极', '主动', '全部', '全力', '共同',
  '自发', '纷纷', '陆续', '连续', '每天', '每日', '累计', '目前', '已经', '先后', '同时', '通过', '按照', '根据', '得到',
  '获得', '受到', '用于', '集中', '统一', '采取', '负责', '担任', '到达', '抵达', '返回', '走出', '进入', '报名', '入户',
  '涉及', '来自', '需要', '正式', '随即', '随后', '立即', '迅速', '主要', '全体', '冲锋', '坚持', '放假', '上岗', '到岗',
  '签约', '参战', '出动', '配备', '安排', '转运', '运往', '运送', '送往', '送达', '送到', '发往', '驰援', '支持', '帮助',
  '加入', '成立', '建立', '设立', '设置', '开通', '开设', '开放', '增加', '减少', '达到', '超过', '分布', '居住', '生活',
  '正常', '顺利', '一直', '始终', '日夜', '昼夜', '轮流', '全天', '每人', '不断', '照看', '看管', '陪同', '走上', '奉献',
  '投身', '共计', '合计', '总计', '左右', '以上', '以下', '以内', '上下', '之多', '计', '逐步', '逐渐', '基本', '全面',
  '有效', '成功', '相继', '自愿', '及时', '认真', '严格', '坚决', '一律', '一致', '依次', '连夜', '持续', '仍然', '依然',
  '下达', '承诺', '确保', '服用', '领取', '进驻', '撤离', '解除', '办理', '参战', '同步', '火速', '第一时间',
  '整合', '合并', '纳入', '列入', '改造', '升级', '建成', '投用', '驰援', '赴', '前来', '参战',
];
/** Nouns that contain a stop word (应急保障物资, 供应商): consumed whole inside a subject. */
const SUBJECT_NOUN_WORDS = ['应急保障', '生活保障', '物资保障', '后勤保障', '供应商', '供应链', '服务队', '志愿服务'];
/** Single characters that end a subject phrase (function words). 的 is handled separately (→ null). */
const SUBJECT_STOP_CHARS = new Set(Array.from('在和与及或等都也已将被把对向从为给让由于均共又还就才是并而来去到至了着过再仍'));

const HAN_RE = /\p{Script=Han}/u;

// Word lists asked at every position of a subject or after every unit: tries, built once.
const UNIT_WORD_BLACKLIST_INDEX = new WordIndex(UNIT_WORD_BLACKLIST);
const SUBJECT_STOP_INDEX = new WordIndex(SUBJECT_STOP_WORDS);
const SUBJECT_NOUN_BY_FIRST = new Map<string, string[]>();
for (const w of SUBJECT_NOUN_WORDS) {
  const first = Array.from(w)[0];
  const list = SUBJECT_NOUN_BY_FIRST.get(first);
  if (list) list.push(w);
  else SUBJECT_NOUN_BY_FIRST.set(first, [w]);
}

function matchUnit(t: CodePointText, i: number): [string, UnitClass] | null {
  for (const [u, cls] of UNITS_BY_FIRST.get(t.at(i)) ?? []) if (t.startsWithAt(u, i)) return [u, cls];
  return null;
}

/** The fixed expressions by first character, with their index and length in code points. */
const FIXED_BY_FIRST = new Map<string, { index: number; fx: string; len: number }[]>();
FIXED_EXPRESSIONS.forEach((fx, index) => {
  const cps = Array.from(fx);
  const list = FIXED_BY_FIRST.get(cps[0]);
  const e = { index, fx, len: cps.length };
  if (list) list.push(e);
  else FIXED_BY_FIRST.set(cps[0], [e]);
});
const FIXED_FIRST = new CharSet(FIXED_BY_FIRST.keys());

/**
 * Code points inside a fixed expression. One pass over the text, trying only the expressions
 * that start with the character at hand (not one search of the whole text per expression). As
 * that search did, the occurrences of one expression are taken left to right without overlapping
 * each other (`next[index]`: where its next occurrence may start); different expressions may overlap.
 */
/** coveredByFixed's `next`, made once and cleared on each call (no call runs inside another). */
const FIXED_NEXT = new Int32Array(FIXED_EXPRESSIONS.length);

function coveredByFixed(t: CodePointText): Uint8Array {
  const blocked = zeroedUint8Array(t.length);
  const cps = t.cps;
  const next = FIXED_NEXT.fill(0);
  for (let i = 0; i < cps.length; i++) {
    if (!FIXED_FIRST.has(cps[i])) continue;
    for (const { index, fx, len } of FIXED_BY_FIRST.get(cps[i])!) {
      if (i < next[index] || !t.startsWithAt(fx, i)) continue;
      for (let k = i; k < i + len; k++) blocked[k] = 1;
      next[index] = i + len;
    }
  }
  return blocked;
}

interface Prefix {
  start: number;
  qualifier: 'about' | 'over' | null;
  /** 上 before a bare magnitude (上千次). */
  shang: boolean;
}

const PREFIX_WORDS: Array<[string, 'about' | 'over']> = [
  ['大约', 'about'], ['约为', 'about'], ['约有', 'about'], ['大概', 'about'], ['将近', 'about'], ['接近', 'about'], ['不足', 'about'],
  ['不到', 'about'], ['超过', 'over'], ['多达', 'over'],
];
const PREFIX_WORD_ENDS = new CharSet(PREFIX_WORDS.map(([w]) => w[w.length - 1]));

function readPrefix(t: CodePointText, numStart: number): Prefix {
  const i = skipSpacesBack(t, numStart);
  // only a text whose character before i ends a prefix word can end with one
  if (i > 0 && PREFIX_WORD_ENDS.has(t.cps[i - 1])) {
    for (const [w, q] of PREFIX_WORDS) {
      if (t.endsWithBefore(w, i)) {
        // 多达 is emphatic, not "more than": keep it out of the qualifier but not of the quote
        return { start: i - 2, qualifier: w === '多达' ? null : q, shang: false };
      }
    }
  }
  const c = t.at(i - 1);
  const before = t.at(i - 2);
  if (c === '近' && !oneOf('最附临接将亲靠邻', before)) return { start: i - 1, qualifier: 'about', shang: false };
  if (c === '约' && !oneOf('预节签制公条合契大', before)) return { start: i - 1, qualifier: 'about', shang: false };
  if (c === '逾') return { start: i - 1, qualifier: 'over', shang: false };
  if (c === '超' && !oneOf('高', before)) return { start: i - 1, qualifier: 'over', shang: false };
  if (c === '上') return { start: i - 1, qualifier: 'about', shang: true };
  return { start: numStart, qualifier: null, shang: false };
}

/** Is `ch` (one code point, possibly '' outside the text) one of the characters of `chars`? */
function oneOf(chars: string, ch: string): boolean {
  return ch !== '' && chars.includes(ch);
}

/** Label in quotes: “64227”工作法, "334"楼院. */
function isQuotedLabel(t: CodePointText, m: NumeralMatch): boolean {
  const before = t.at(skipSpacesBack(t, m.start) - 1);
  const after = t.at(skipSpaces(t, m.end));
  return oneOf('“"「‘《', before) && oneOf('”"」’》', after);
}

function skipReason(t: CodePointText, m: NumeralMatch): string | null {
  const prev = t.at(m.start - 1);
  const prevNs = t.at(skipSpacesBack(t, m.start) - 1);
  const j = skipSpaces(t, m.end);
  const next = t.at(j);
  const next2 = t.at(j + 1);
  if (/[A-Za-z]/.test(prev) || (prev === '-' && /[A-Za-z]/.test(t.at(m.start - 2)))) return 'code';
  if (/[A-Za-z]/.test(t.at(m.end))) return 'code';
  if (prev === '.' || prev === '．' || isArabicDigit(prev)) return 'code';
  if (prevNs === '第') return 'ordinal';
  if (isQuotedLabel(t, m)) return 'label';
  if (m.kind === 'chinese' && oneOf('初廿期拜周', prevNs)) return 'date';
  if (oneOf('数几', prevNs)) return 'vague'; // 数十名, 几百人
  if (m.kind === 'chinese' && prevNs === '月') return 'date';
  if (oneOf('号路街巷版届期楼', next)) return 'label';
  // dates and clock times
  if (next === '年') {
    const digits = m.text.replace(/\s/g, '');
    const yearLike = Number.isInteger(m.value) && m.value >= 1900 && m.value <= 2100 && !m.over && m.multiplier === 1 &&
      (Array.from(digits).length === 4);
    if (yearLike) return 'date';
  }
  if (next === '月' || next === '日' || next === '时' || next === '点') return 'date';
  if (next === '分' && next2 !== '钟') return 'date';
  if (next === '秒' && next2 !== '钟') return 'date';
  return null;
}

const RATE_WINDOW_STOP = new Set(['。', '！', '？', '!', '?', '\n', '，', ',', '；', ';', '：', ':']);

function findRate(t: CodePointText, qStart: number): string | null {
  // window: back to the clause boundary (、 does not end it), at most 24 code points
  let k = qStart;
  while (k > 0 && qStart - k < 24 && !RATE_WINDOW_STOP.has(t.at(k - 1))) k--;
  const windowText = t.slice(k, qStart);
  let best: string | null = null;
  // the last match, by an exec loop (matchAll copies the pattern and makes an iterator every time)
  RATE_RE.lastIndex = 0;
  for (let mm = RATE_RE.exec(windowText); mm !== null; mm = RATE_RE.exec(windowText)) best = mm[0];
  return best;
}

function findSubject(t: CodePointText, from: number): string | null {
  let k = from;
  const start = k;
  const maxLen = 8;
  while (k < t.length) {
    const c = t.at(k);
    if (!HAN_RE.test(c)) break;
    if (c === '的' || c === '之') return null;
    if (k > start && SUBJECT_STOP_CHARS.has(c)) break;
    if (k === start && SUBJECT_STOP_CHARS.has(c)) return null;
    const keep = SUBJECT_NOUN_BY_FIRST.get(c)?.find((w) => t.startsWithAt(w, k));
    if (keep) {
      k += Array.from(keep).length;
      if (k - start > maxLen) return null;
      continue;
    }
    if (SUBJECT_STOP_INDEX.longestStartingAt(t.cps, k) !== null) break;
    if (isChineseNumeralChar(c) && k > start && /[个名位家只张条次人户辆吨元份]/u.test(t.at(k + 1))) break; // next quantity
    k++;
    if (k - start > maxLen) return null;
  }
  if (k === start) return null;
  return t.slice(start, k);
}

function suffixQualifier(t: CodePointText, i: number, unitClass: UnitClass): { end: number; qualifier: 'over' | 'about' | null; rateSuffix: string | null } {
  let end = i;
  let qualifier: 'over' | 'about' | null = null;
  if (t.startsWithAt('以上', end)) { end += 2; qualifier = 'over'; }
  else if (t.startsWithAt('左右', end)) { end += 2; qualifier = 'about'; }
  else if (unitClass !== 'count' && t.at(end) === '许' && !t.startsWithAt('许多', end)) { end += 1; qualifier = 'about'; }
  else if (unitClass !== 'count' && (t.at(end) === '多' || t.at(end) === '余')) {
    // 3年多, 4倍多, 3吨多: after a count word 多 starts a new word (多功能, 多家)
    end += 1; qualifier = 'over';
  }
  let rateSuffix: string | null = null;
  const slash = /^[\/／](天|日|人|户|小时|次|月|年)/u.exec(t.slice(end, end + 4));
  if (slash) { rateSuffix = slash[0]; end += Array.from(slash[0]).length; }
  return { end, qualifier, rateSuffix };
}

export function extractQuantities(text: string): Quantity[] {
  const t = codePointTextOf(text);
  const blocked = coveredByFixed(t);
  const out: Quantity[] = [];
  let i = 0;
  while (i < t.length) {
    if (blocked[i]) { i++; continue; }

    const c = t.cps[i];
    // 百分之五十 / 百分之12.5
    if (c === '百' && t.startsWithAt('百分之', i)) {
      const m = scanNumeral(t, i + 3);
      if (m) {
        out.push(makeQuantity(t, i, m.end, m.value, null, m.over ? 'over' : 'exact', '%', 'ratio', 'percent-words', null, findRate(t, i)));
        i = m.end;
        continue;
      }
      i += 3;
      continue;
    }

    const startsNumeral = isArabicDigit(c) || isChineseNumeralChar(c);
    if (!startsNumeral) { i++; continue; }
    const approx = approximateNumeral(t, i, blocked);
    if (approx) {
      out.push(approx);
      i = approx.end;
      continue;
    }
    // only start at the beginning of a numeral run
    if (i > 0 && (isArabicDigit(t.at(i - 1)) || (isChineseNumeralChar(t.at(i - 1)) && isChineseNumeralChar(t.at(i)) && !isArabicDigit(t.at(i))))) {
      i++;
      continue;
    }
    const m = scanNumeral(t, i, { allowBareMagnitude: true });
    if (!m) { i++; continue; }
    const prefix0 = readPrefix(t, i);
    const q = buildQuantity(t, m, prefix0, blocked);
    if (q) {
      out.push(q);
      i = q.end;
    } else {
      i = Math.max(m.end, i + 1);
    }
  }
  return out;
}

// Maps, not object literals: a property read by a character made at run time must first find the
// string among the property names (a lookup of its own), at every numeral character of a text.
const CN_ONE_DIGIT: ReadonlyMap<string, number> = new Map(Object.entries({ 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }));
const CN_MAGNITUDE: ReadonlyMap<string, number> = new Map(Object.entries({ 十: 10, 百: 100, 千: 1000, 万: 10000 }));

/**
 * Approximate Chinese numerals, a range in words: two neighbouring digits (两三斤 2–3, 三四个
 * 3–4, 二三十人 20–30) and 十几/二十几 (十几天 11–19, 二十几岁 21–29), followed by a unit.
 * Not when 数/几 or 第 stands before (vague or ordinal), nor inside a fixed expression.
 */
function approximateNumeral(t: CodePointText, i: number, blocked: Uint8Array): Quantity | null {
  if (blocked[i] || oneOf('数几第初', t.at(i - 1))) return null;
  let value: number;
  let max: number;
  let k = i;
  const a = CN_ONE_DIGIT.get(t.at(k));
  const b = CN_ONE_DIGIT.get(t.at(k + 1));
  if (a !== undefined && b !== undefined && b === a + 1 && t.at(k) !== '一') {
    k += 2;
    const mag = CN_MAGNITUDE.get(t.at(k)) ?? 1;
    if (mag > 1) k++;
    value = a * mag;
    max = b * mag;
  } else if (t.at(k) === '十' && t.at(k + 1) === '几') {
    k += 2;
    value = 11;
    max = 19;
  } else if (a !== undefined && t.at(k + 1) === '十' && t.at(k + 2) === '几' && t.at(k) !== '一') {
    k += 3;
    value = a * 10 + 1;
    max = a * 10 + 9;
  } else {
    return null;
  }
  const unit = matchUnit(t, k);
  if (!unit) return null;
  for (let q = i; q < k; q++) if (blocked[q]) return null;
  const end = k + Array.from(unit[0]).length;
  const subject = unit[1] === 'count' && !NO_SUBJECT_UNITS.has(unit[0]) ? findSubject(t, end) : null;
  return makeQuantity(t, i, end, value, max, 'range', unit[0], unit[1], 'approximate-numeral', subject, findRate(t, i));
}

/** Measure words that count places (两个社区, 3座村庄): a place word after them is what they count. */
const COUNTERS_OF_PLACES = new Set(['个', '座', '所', '家', '处']);
/** After a number and its measure word, a division's suffix: the number names the place (七百间街道). */
const PLACE_NAME_AFTER = /^(?:街道|社区|村委|村民|居委|乡|镇)/u;

/** Durations that 一 counts rather than introduces (一秒钟, 一天 are often a manner of speaking). */
const DURATIONS_AFTER_ONE = new Set(['个小时', '小时', '个月', '个星期', '个工作日', '个昼夜']);
/** Does a duration unit that 一 counts (一个小时, 一个月) start at i? */
function isDurationAt(t: CodePointText, i: number): boolean {
  const unit = matchUnit(t, i);
  return unit !== null && DURATIONS_AFTER_ONE.has(unit[0]);
}

function makeQuantity(
  t: CodePointText, start: number, end: number, value: number, valueMax: number | null, qualifier: QuantityQualifier,
  unit: string, unitClass: UnitClass, rule: string, subject: string | null, rate: string | null = null,
): Quantity {
  return { start, end, quote: t.slice(start, end), value, value_max: valueMax, qualifier, unit, unit_class: unitClass, subject, rate, rule };
}

/**
 * A range continuing the numeral `m` at `at` (到/至/-… a second numeral and a unit, the same unit
 * as `firstUnit` when one was printed after the first numeral). A module function rather than a
 * closure made for every numeral.
 */
function tryRange(t: CodePointText, m: NumeralMatch, at: number, firstUnit: string | null): { end: number; max: number; unit: [string, UnitClass]; scaled: number } | null {
  const value = m.value;
  const c = skipSpaces(t, at);
  if (!RANGE_CONNECTORS.has(t.at(c))) return null;
  // 一 after a number is not a connector; — may be doubled (——)
  let d = c + 1;
  if ((t.at(c) === '—' || t.at(c) === '－') && t.at(d) === t.at(c)) d++;
  d = skipSpaces(t, d);
  const m2 = scanNumeral(t, d);
  if (!m2 || m2.bare && m2.value === 1) return null;
  if (skipReason(t, m2)) return null;
  let e = skipSpaces(t, m2.end);
  if (t.at(e) === '多' || t.at(e) === '余') e = skipSpaces(t, e + 1);
  const u2 = matchUnit(t, e);
  if (!u2) return null;
  if (firstUnit !== null && firstUnit !== u2[0]) return null;
  let scaled = value;
  if (firstUnit === null && m.multiplier === 1 && m2.multiplier > 1 && value * m2.multiplier <= m2.value) scaled = value * m2.multiplier; // 3至5万元
  if (scaled >= m2.value) return null; // not an increasing range (111吨到111吨 is two mentions of one amount)
  return { end: e + Array.from(u2[0]).length, max: m2.value, unit: u2, scaled };
}

function buildQuantity(t: CodePointText, m: NumeralMatch, prefix: Prefix, blocked: Uint8Array): Quantity | null {
  if (skipReason(t, m)) return null;
  for (let k = m.start; k < m.end; k++) if (blocked[k]) return null;
  if (m.bareMagnitude && !(prefix.shang || prefix.qualifier || m.over)) return null; // 千家, 万人空巷, 百姓
  if (!m.bareMagnitude && prefix.shang) prefix = { start: m.start, qualifier: null, shang: false }; // 上3名? no
  // 一名党员一面旗, 一道防线: an indefinite article; but 一个小时, 一天 are a duration
  if (m.bare && m.value === 1 && !isDurationAt(t, skipSpaces(t, m.end))) return null;
  if (m.bareMagnitude && prefix.qualifier === null && prefix.shang === false && !m.over) return null;

  let j = skipSpaces(t, m.end);
  // 40 多名 (a space before 多)
  let over = m.over;
  if (!over && (t.at(j) === '多' || t.at(j) === '余') && j > m.end && m.kind !== 'chinese') {
    over = true;
    j = skipSpaces(t, j + 1);
  }

  let unit = matchUnit(t, j);
  let value = m.value;
  let valueMax: number | null = null;
  let rule = m.kind === 'chinese' ? 'chinese-numeral+unit' : 'number+unit';
  if (m.bareMagnitude) rule = 'approx-magnitude';
  let end: number;

  if (unit) {
    let afterUnit = j + Array.from(unit[0]).length;
    // 两个多月 / 三个多小时: the 多 sits inside the unit
    if (unit[0] === '个' && (t.at(afterUnit) === '多' || t.at(afterUnit) === '余')) {
      for (const [w, cls] of [['月', 'duration'], ['小时', 'duration'], ['星期', 'duration'], ['工作日', 'duration']] as const) {
        if (t.startsWithAt(w, afterUnit + 1)) {
          unit = ['个' + w, cls];
          over = true;
          afterUnit = afterUnit + 1 + Array.from(w).length;
          break;
        }
      }
    }
    // reduplication (个个) and unit-as-part-of-a-word (台账, 次日)
    if (t.startsWithAt(unit[0] + unit[0], j) && Array.from(unit[0]).length === 1) return null;
    if (UNIT_WORD_BLACKLIST_INDEX.longestStartingAt(t.cps, j) !== null) return null;
    // 年 as a duration only after a non-year number (1年, 3年多); 2020年 was skipped above
    const r = tryRange(t, m, afterUnit, unit[0]);
    if (r) {
      valueMax = r.max;
      end = r.end;
      rule = 'range';
    } else {
      end = afterUnit;
    }
  } else {
    const r = tryRange(t, m, m.end, null);
    if (!r) return null;
    unit = r.unit;
    value = r.scaled;
    valueMax = r.max;
    end = r.end;
    rule = 'range';
  }
  if (unit[0] === '%' || unit[0] === '％' || unit[0] === '‰') rule = rule === 'range' ? 'range' : 'percent';
  if (!COUNTERS_OF_PLACES.has(unit[0]) && PLACE_NAME_AFTER.test(t.slice(end, end + 2))) return null;

  const suf = suffixQualifier(t, end, unit[1]);
  end = suf.end;
  let qualifier: QuantityQualifier;
  if (valueMax !== null) qualifier = 'range';
  else if (prefix.qualifier) qualifier = prefix.qualifier;
  else if (over || suf.qualifier === 'over') qualifier = 'over';
  else if (suf.qualifier === 'about') qualifier = 'about';
  else qualifier = 'exact';

  const start = prefix.start;
  const cls = unit[1];
  let subject: string | null = null;
  if (['count', 'mass', 'volume', 'currency', 'area', 'length'].includes(cls) && !NO_SUBJECT_UNITS.has(unit[0])) {
    subject = findSubject(t, skipSpaces(t, end));
  }
  let rate = suf.rateSuffix ?? findRate(t, start);
  if (rate && t.at(start - 1) === '每') rate = null;
  return makeQuantity(t, start, end, value, valueMax, qualifier, unit[0], cls, rule, subject, rate);
}
