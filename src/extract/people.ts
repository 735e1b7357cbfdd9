/**
 * Person mentions in one article (hand-written rules, no segmenter).
 *
 * A name is a surname from a compact list (about 330 single and 30 compound surnames) plus one or
 * two given-name characters. Because almost every Han character can start a surname, a candidate
 * is only taken in a context that licenses it:
 * - `title`: right after a job title or role (党委书记刘芳, 民警王国军, 志愿者吴华, 记者王冰);
 *   the employer written right before the title (an organization or a chain of divisions,
 *   optionally followed by 的) becomes `organization`: 市城乡一体化示范区城管局副局长郭连生.
 *   `A局长兼B主任X` and `A党委书记、院长X`: the first title and its employer are kept (局长, A).
 * - `relation`: after 妻子/丈夫/女儿/母亲… (optionally 叫/名叫): 妻子史君利, 丈夫叫陈晨; and a name
 *   followed by 同/和/与 + relation word (张昆同妻子史君利 → 张昆).
 * - `called`: after 名叫/叫作/名为 (名叫樊燕梅).
 * - `list`: after a licensed name and 、/和 (志愿者吴华和岳玮 → 岳玮, with the same title and
 *   employer); or a list of names closed by a count (张宁、许凯两名执法队员: title 执法队员;
 *   连爱国、侯翔和5名疾控人员: no title) or by 等人/等同志.
 * - `title-after`: a full name followed by 总书记/总理/院士/同志/教授 (习近平总书记, 钟南山院士).
 * - `speech`: at a clause start and followed by 说/表示/介绍/告诉.
 * - `representative`: 以葛慎士为代表.
 * - `anonymized`: surname + 某/某某 (张某某), always a person, `anonymized` true.
 * - `byline`: names passed in `opts.contributors` wherever they occur in the text.
 * - `repeat`: any later or earlier occurrence of a name found by another rule.
 * Name length: three characters unless the third is a function word or starts a predicate
 * (张昆同妻子 → 张昆, 侯翔和 → 侯翔, 许凯两名 → 许凯, 刘富林立即 → 刘富林).
 * False positives are limited by that licensing and by a list of ordinary words that start with a
 * surname character (高速, 全力, 向社会, 于随时, 常住, 时间 …).
 *
 * Employer by apposition: `NAME，是ORG TITLE` (丈夫叫陈晨，是山阳公安分局网安大队民警).
 * Employer by anaphora: `该镇/该街道/该村/该社区/该局/该公司… + TITLE` takes the nearest earlier
 * place (needs `opts.gazetteer`) or organization of that kind (该镇党委书记刘建忠 → 南庄镇, from
 * 孟州市南庄镇政府).
 */
import { TITLE_INDEX, WordIndex, cpLength, sliceChars, isHan, startsWithAt, endsWithAt } from './gazetteer-text.ts';
import type { Gazetteer } from './divisions.ts';
import { employerEndingAt, extractOrganizations, orgContext, type OrgContext, type Organization } from './organizations.ts';
import { extractPlaces, type Place } from './places.ts';
import { CharSet, PairSet, zeroedUint8Array } from './span.ts';

export type PersonRule =
  | 'title'
  | 'title-after'
  | 'relation'
  | 'called'
  | 'list'
  | 'count-list'
  | 'speech'
  | 'representative'
  | 'anonymized'
  | 'byline'
  | 'repeat';

export interface Person {
  /** Code-point offsets of the name in the article text, end exclusive. */
  start: number;
  end: number;
  /** The code-point slice [start, end) of the text. */
  quote: string;
  name: string;
  /** The title or role written with this mention (副局长, 民警, 志愿者), else null. */
  title: string | null;
  /** The employer as written (organization or division chain), else null. */
  organization: string | null;
  /** Offsets of the employer mention (for anaphora: of the earlier mention it refers to). */
  organization_start: number | null;
  organization_end: number | null;
  /** How the employer was found. */
  organization_via: 'adjacent' | 'apposition' | 'anaphora' | 'list' | null;
  /** Name written as surname + 某/某某. */
  anonymized: boolean;
  rule: PersonRule;
}

export interface PeopleOptions {
  /** Names from the byline (记者王冰, 通讯员邵珠章): recognized wherever they occur in the text. */
  contributors?: readonly string[];
  /** Enables division anchors for employers and the anaphora 该镇/该街道. */
  gazetteer?: Gazetteer;
}

// ---------------------------------------------------------------------------------------------

const SINGLE_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝郜海阚花权强帅屠豆禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌裘亓修邰赫杭况宿鲜印逯隆茹诸战慕危玉银亢嵇哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧由琚习';
const COMPOUND_SURNAMES = [
  '欧阳', '上官', '司马', '诸葛', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒',
  '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '百里', '呼延', '申屠', '万俟', '东方', '闻人',
  '钟离', '澹台', '公冶', '太史', '宗政', '濮阳',
];
// Character sets are bit tables (CharSet): they are asked at nearly every position of a text.
const SURNAMES = new CharSet(Array.from(SINGLE_SURNAMES));
/** Compound surnames by their two characters (all are two BMP characters): one lookup, not 30 comparisons. */
const COMPOUND_SET = new Set(COMPOUND_SURNAMES);
const COMPOUND_FIRST = new CharSet(COMPOUND_SURNAMES.map((c) => c[0]));

/** Length of the surname `word` starts with (2 for a compound surname, 1, or 0 for none). */
export function surnameLengthAt(word: string): number {
  if (word.length >= 3 && COMPOUND_SET.has(word.slice(0, 2))) return 2;
  return word.length >= 2 && SURNAMES.hasAt(word, 0) ? 1 : 0;
}

/** A given name never contains these. */
const NOT_GIVEN = new CharSet(Array.from('的了是在和与及等个名位们这那其之所而或并也都就又还把被将从向对为给着过吗呢吧啊'));

/** Third character that ends a two-character name (function words, verbs that follow a name). */
const TERMINATORS = new CharSet(
  // Not 刚/才/来/正/时/共/作/带…: they end many given names (王志刚, 王德才, 张福来, 李国正); the
  // predicate words below (来到, 正在, 作为, 带领 …) cover those after a two-character name.
  Array.from('的说和与同及在是等也就都还又了着对向把被将从为给跟到让告称表介认坦第一二两三四五六七八九十几每于这那其便却而并各即已曾再以'),
);

/** Two-character words that start right after a two-character name (刘富林立即 is 3 + 立即). */
const PREDICATE_WORDS = new PairSet([
  '立即', '告诉', '表示', '介绍', '认为', '同志', '同时', '一起', '一直', '正在', '主动', '带领', '带着',
  '带头', '高兴', '激动', '专程', '每天', '今年', '已经', '早早', '坚持', '负责', '所在', '家中',
  '陪同', '参加', '出席', '主持', '带队', '率队', '指出', '强调', '要求', '检查', '调研', '看望', '慰问',
  '参与', '前往', '深入', '来到', '走进', '现场', '一行', '及其', '发现', '接到', '得知', '了解', '看到',
  '透露', '称赞', '感慨', '回忆', '希望', '建议', '提醒', '呼吁', '担任', '马上', '随即', '迅速', '始终',
  '总是', '率先', '连续', '坚守', '放弃', '顾不', '冒着', '顶着', '不顾', '毕业', '出生', '家住', '夫妇',
  '夫妻', '二人', '两人', '三人', '先后', '分别', '亲自', '默默', '常常', '经常', '从事', '退休',
  '来到', '来自', '正在', '正是', '共同', '作为', '笑着', '回到', '回忆', '用心', '时候', '刚刚', '才能',
  '去年', '来说', '带来',
]);

/** Ordinary words that begin with a surname character: never the start of a name. */
const NOT_NAME_PREFIX = new PairSet([
  '全力', '全面', '全部', '全体', '全天', '全程', '全市', '全国', '全员', '全省', '全区', '全县', '全村',
  '高速', '高台', '高度', '高效', '高危', '高峰', '高温', '高兴', '常住', '常态', '常规', '时间', '时刻',
  '时候', '时期', '和平', '安全', '安排', '安置', '安心', '方面', '方式', '方案', '方便', '成为', '成立',
  '成员', '成功', '原来', '原有', '原材', '原则', '连续', '连日', '连夜', '相关', '来自', '来到', '国家',
  '国内', '平时', '平安', '计划', '信息', '信心', '展开', '利用', '由于', '但是', '那些', '都是', '都在',
  '都要', '马上', '向社', '于随', '于是', '强化', '位于', '路口', '关于', '关心', '关注', '关键', '管理',
  '管控', '万元', '万余', '万名', '万人', '温暖', '温度', '温县', '康复', '施工', '白天', '白色', '田间',
  '齐心', '宁郭', '尚未', '严格', '严防', '严重', '汤剂', '戴着', '戴好', '戴上', '付出', '周边', '周末',
  '周围', '周密', '何时', '许多', '许可', '程序', '程度', '任务', '任何', '陆续', '范围', '杜绝', '谢谢',
  '郑州', '郑重', '张贴', '陈列', '黄码', '董事', '贺信', '顾客', '庞大', '庄严', '章程', '殷切', '焦作',
  '左右', '祝福', '包括', '包村', '舒适', '纪委', '纪检', '童年', '毕业', '盛情', '蓝色', '游客', '房屋',
  '尤其', '车辆', '芦堡', '景区', '费用', '宗旨', '边境', '商户', '荣获', '麻烦', '迟迟', '官方', '惠民',
  '乐观', '班子', '劳动', '楼院', '楼栋', '满足', '闻令', '厉行', '丰富', '印发', '危险', '呼吁', '幸福',
  '奉献', '晋新', '修复', '薄弱', '宿舍', '明确', '明天', '明显', '文件', '文明', '文化', '云台', '海报',
  '区域', '武汉', '武陟', '孟州', '申请', '辛苦', '凌晨', '冷链', '封闭', '封控', '应急', '应对', '居家',
  '居民', '阴性', '阳性', '战疫', '公司', '干部', '卫生', '单位', '查验', '宣传', '支援', '支持', '储备',
  '巩固', '解决', '解除', '解放', '华北', '党员', '党委', '党组', '商丘', '南部', '司机', '项目', '简单',
  '米面', '师生', '沙发', '燕麦', '谈话', '池塘', '易感', '钱款', '石油', '金额', '毛巾', '江苏', '龙头',
  '林业', '叶子', '苏家', '夏季', '余人', '余名', '余户', '曾经', '季度', '都市', '能力', '方舱', '齐全',
  '严密', '常务', '向着', '向前', '于此', '成本', '成效', '和谐', '安装', '时代', '时段', '连接', '原料',
  '秦岭', '江西', '云南', '海南', '湖南', '山西', '宁夏', '安徽', '吉林', '黑龙', '广东', '广西', '上海',
  '北京', '天津', '重庆', '四川', '贵州', '甘肃', '青海', '西藏', '新疆', '台湾', '香港', '澳门', '河南',
  '河北', '湖北', '山东', '辽宁', '浙江', '福建', '陕西', '内蒙', '战斗', '战士', '战线', '战场', '战胜',
  '战役', '战略', '战时', '关口', '关爱', '关怀', '包保', '连心', '齐上', '常年', '时时', '高低',
  // organization heads that can follow a title word (交警支队, 民警大队)
  '支队', '支部', '支行', '总队', '中队', '司法', '司令', '商务', '商会', '武装', '信访', '关工', '监委',
]);
const ADDRESS_TERMS = ['大爷', '大妈', '大娘', '大伯', '大叔', '大姐', '大哥', '阿姨', '师傅', '老师', '奶奶', '爷爷', '婆婆', '先生', '女士', '小姐', '同学', '医生', '书记', '主任', '总'];
const ADDRESS_INDEX = new WordIndex(ADDRESS_TERMS);
const NOT_NAME_WORDS = new Set(['向社会', '于随时', '高台标', '平光制']);

const RELATIONS = ['妻子', '丈夫', '爱人', '老伴', '女儿', '儿子', '母亲', '父亲', '妈妈', '爸爸', '哥哥', '姐姐', '弟弟', '妹妹', '孙子', '孙女', '外孙', '同事', '战友', '搭档'];
const SPEECH = ['说', '表示', '介绍', '告诉', '坦言', '感慨', '笑着说', '说道'];
const CALLED = ['名叫', '叫作', '叫做', '名为'];
/** First characters of the words above: most positions start none of them, and skip the word loops. */
const RELATION_FIRST = new CharSet(RELATIONS.map((w) => Array.from(w)[0]));
const CALLED_FIRST = new CharSet(CALLED.map((w) => Array.from(w)[0]));
const CONJUNCTIONS = ['同', '和', '与', '带着'];
const EMPLOYER_LINKS = ['下派', '派驻', '选派', '派出', '退休', '离休', '原'];
/** Titles written after the name. */
const AFTER_TITLES = ['总书记', '总理', '院士', '同志', '教授', '主任医师'];


interface NameHit {
  start: number;
  end: number;
  anonymized: boolean;
}

/** Read a name starting at i (surname + 1–2 given characters), or null. */
function readName(chars: string[], i: number): NameHit | null {
  let sl = 0;
  const c0 = chars[i];
  if (COMPOUND_FIRST.has(c0) && i + 1 < chars.length && COMPOUND_SET.has(c0 + chars[i + 1])) sl = 2;
  if (!sl && SURNAMES.has(c0)) sl = 1;
  if (!sl) return null;
  const g = i + sl;
  // anonymized: 张某某 / 李某
  if (chars[g] === '某') {
    if (chars[g + 1] === '某') return { start: i, end: g + 2, anonymized: true };
    if (!chars[g + 1] || !'日时天地些种个位项件处年月次'.includes(chars[g + 1])) return { start: i, end: g + 1, anonymized: true };
    return null;
  }
  const g1 = chars[g];
  if (!isHan(g1) || NOT_GIVEN.has(g1)) return null;
  // 李大爷, 王阿姨, 张师傅: a form of address, not a name
  if (ADDRESS_INDEX.longestStartingAt(chars, g) !== null) return null;
  if (NOT_NAME_PREFIX.hasAt(chars, i)) return null;
  if (NOT_NAME_WORDS.has(sliceChars(chars, i, i + 3))) return null;
  let len = 2;
  const g2 = chars[g + 1];
  if (isHan(g2) && !NOT_GIVEN.has(g2) && !TERMINATORS.has(g2) && !PREDICATE_WORDS.hasAt(chars, g + 1)) {
    // a title or relation word right after two characters also ends the name (王涛主任)
    const t = TITLE_INDEX.longestStartingAt(chars, g + 1);
    if (!t || cpLength(t) < 2) len = 3;
  }
  return { start: i, end: i + sl + (len - 1), anonymized: false };
}

/**
 * Every code point index i where `name` starts in `chars` (the code points of `text`), in order:
 * found by indexOf on the text, not by trying every position. An occurrence that starts inside
 * a surrogate pair, or does not end on a code point boundary, is not one in `chars`: each is
 * checked there.
 */
function occurrences(text: string, chars: readonly string[], name: string): number[] {
  const out: number[] = [];
  if (name === '') return out;
  let i = 0; // code point index of UTF-16 offset `at`, kept as `at` moves forward
  let at = 0;
  for (let u = text.indexOf(name); u >= 0; u = text.indexOf(name, u + 1)) {
    while (at < u) at += chars[i++].length;
    if (at === u && startsWithAt(chars, i, name)) out.push(i);
  }
  return out;
}

/** The first of `words` (in list order) that starts at `i`, or null. */
function firstStartingAt(chars: readonly string[], i: number, words: readonly string[]): string | null {
  for (const w of words) if (startsWithAt(chars, i, w)) return w;
  return null;
}

/**
 * Longest title word ending exactly at `end`: from the organization context's table of the text's
 * title words (found once for both extractors), not a walk back from `end`.
 */
function titleEndingAt(ctx: OrgContext, end: number): { start: number; title: string } | null {
  const n = end >= 1 && end <= ctx.chars.length ? ctx.titleTo[end] : 0;
  return n === 0 ? null : { start: end - n, title: sliceChars(ctx.chars, end - n, end) };
}

/** Longest title word starting at `i` (from the same table). */
function titleStartingAt(ctx: OrgContext, i: number): string | null {
  const n = i >= 0 && i < ctx.chars.length ? ctx.titleFrom[i] : 0;
  return n === 0 ? null : sliceChars(ctx.chars, i, i + n);
}

const BOUNDARY = new CharSet(Array.from('，。！？；：、“”‘’（）《》—…\n\r\t 　,.!?;:()'));

type Draft = Person;

type Employer = Pick<Person, 'organization' | 'organization_start' | 'organization_end' | 'organization_via'>;

/**
 * What the rules of one extraction share: the text, the names found so far (drafts, by start) and
 * the places and organizations of the text. A class, and one function per rule below, rather than
 * one function with closures: the closures were made anew for every text (each call site then saw
 * a new function) and the whole was one very large function to compile.
 */
class PeopleScan {
  readonly drafts = new Map<number, Draft>();
  /**
   * inside[i]: some draft has start < i < end. Drafts are only ever added (never moved or
   * removed), so this mask answers "is i inside a name found so far" without a scan of drafts.
   */
  readonly inside: Uint8Array;
  /** readName is pure and asked at the same positions by several rules: each position is read once. */
  private readonly names: (NameHit | null | undefined)[];

  constructor(
    readonly text: string,
    readonly ctx: OrgContext,
    readonly chars: string[],
    readonly places: readonly Place[],
    readonly orgs: readonly Organization[],
  ) {
    this.inside = zeroedUint8Array(chars.length + 1);
    this.names = new Array(chars.length);
  }

  nameAt(j: number): NameHit | null {
    if (j < 0 || j >= this.chars.length) return readName(this.chars, j);
    let h = this.names[j];
    if (h === undefined) h = this.names[j] = readName(this.chars, j);
    return h;
  }

  add(hit: NameHit, rule: PersonRule, extra: Partial<Person> = {}): Draft {
    const drafts = this.drafts;
    if (drafts.has(hit.start)) {
      const d = drafts.get(hit.start)!;
      // keep the first rule, but fill in a missing title/employer
      if (!d.title && extra.title) d.title = extra.title;
      if (!d.organization && extra.organization) {
        d.organization = extra.organization;
        d.organization_start = extra.organization_start ?? null;
        d.organization_end = extra.organization_end ?? null;
        d.organization_via = extra.organization_via ?? null;
      }
      return d;
    }
    const quote = sliceChars(this.chars, hit.start, hit.end);
    const d: Draft = {
      start: hit.start,
      end: hit.end,
      quote,
      name: quote,
      title: null,
      organization: null,
      organization_start: null,
      organization_end: null,
      organization_via: null,
      anonymized: hit.anonymized,
      rule,
      ...extra,
    };
    drafts.set(hit.start, d);
    for (let k = hit.start + 1; k < hit.end && k < this.inside.length; k++) this.inside[k] = 1;
    return d;
  }

  /** The place or organization an anaphor (该镇 / 该街道 / 该局 …) ending at `at` refers to. */
  anaphor(at: number): { name: string; start: number; end: number } | null {
    const m = /该(街道|社区|镇|乡|村|区|县|市|局|委|公司|中心|医院|院|所|队)$/u.exec(sliceChars(this.chars, Math.max(0, at - 4), at));
    if (!m) return null;
    const head = m[1];
    const before = at - cpLength(m[0]);
    const placeHit = [...this.places]
      .reverse()
      .find((p) => p.end <= before && p.in_jiaozuo && (p.quote.endsWith(head) || (p.official_name ?? '').endsWith(head)));
    const orgHit = [...this.orgs].reverse().find((o) => o.end <= before && o.quote.endsWith(head));
    const best = [placeHit, orgHit].filter((x): x is NonNullable<typeof x> => !!x).sort((a, b) => b.end - a.end)[0];
    return best ? { name: best.quote, start: best.start, end: best.end } : null;
  }

  /** Employer right before a title starting at `t` (directly, or with 的, or an anaphor). */
  employerBefore(t: number): Employer {
    const chars = this.chars;
    const none = { organization: null, organization_start: null, organization_end: null, organization_via: null };
    const tries = [t];
    if (chars[t - 1] === '的') tries.push(t - 1);
    // 市纪委监委下派党员干部郭志立, 温县退休民警王国军
    for (const w of EMPLOYER_LINKS) {
      if (endsWithAt(chars, t, w)) tries.push(t - cpLength(w));
    }
    for (const at of tries) {
      const ana = this.anaphor(at);
      if (ana) return { organization: ana.name, organization_start: ana.start, organization_end: ana.end, organization_via: 'anaphora' };
      const e = employerEndingAt(this.ctx, at);
      if (e) return { organization: e.name, organization_start: e.start, organization_end: e.end, organization_via: 'adjacent' };
    }
    return none;
  }
}

/** 1. title + name */
function titleRule(s: PeopleScan): void {
  const chars = s.chars;
  for (let i = 1; i < chars.length; i++) {
    const t = titleEndingAt(s.ctx, i);
    if (!t) continue;
    const hit = s.nameAt(i);
    if (!hit) continue;
    // A兼B: keep the first title and its employer
    let first = t;
    // 党委书记、院长马国庆: two titles of one employer
    if (chars[t.start - 1] === '、') {
      const t0 = titleEndingAt(s.ctx, t.start - 1);
      if (t0) first = t0;
    }
    for (let k = first.start - 1; k >= Math.max(0, first.start - 12); k--) {
      if (!isHan(chars[k])) break;
      if (chars[k] === '兼') {
        const t0 = titleEndingAt(s.ctx, k);
        if (t0) first = t0;
        break;
      }
    }
    s.add(hit, 'title', { title: first.title, ...s.employerBefore(first.start) });
  }
}

/** 2. relation / called / representative / anonymized / speech */
function contextRules(s: PeopleScan): void {
  const chars = s.chars;
  for (let i = 0; i < chars.length; i++) {
    if (RELATION_FIRST.has(chars[i])) {
      for (const r of RELATIONS) {
        if (!startsWithAt(chars, i, r)) continue;
        let j = i + cpLength(r);
        for (const c of ['名叫', '叫']) if (startsWithAt(chars, j, c)) j += cpLength(c);
        const hit = s.nameAt(j);
        if (hit && !hit.anonymized) s.add(hit, 'relation');
      }
    }
    if (CALLED_FIRST.has(chars[i])) {
      for (const c of CALLED) {
        if (!startsWithAt(chars, i, c)) continue;
        const hit = s.nameAt(i + cpLength(c));
        if (hit && !hit.anonymized) s.add(hit, 'called');
      }
    }
    if (chars[i] === '以' && (i === 0 || BOUNDARY.has(chars[i - 1]) || !isHan(chars[i - 1]))) {
      const hit = s.nameAt(i + 1);
      if (hit && (startsWithAt(chars, hit.end, '为代表') || startsWithAt(chars, hit.end, '为首'))) s.add(hit, 'representative');
    }
    const hit = s.nameAt(i);
    if (!hit) continue;
    const prevBoundary = i === 0 || BOUNDARY.has(chars[i - 1]);
    if (hit.anonymized) {
      s.add(hit, 'anonymized');
      continue;
    }
    // (No closures over `hit` in this loop: capturing it would allocate a scope at every position.)
    // 习近平总书记, 钟南山院士, 郭志立同志: a full name right before an honorific title
    const afterTitle = hit.end - hit.start === 3 ? firstStartingAt(chars, hit.end, AFTER_TITLES) : null;
    if (afterTitle !== null) s.add(hit, 'title-after', { title: afterTitle });
    // 张昆同妻子…
    for (const conj of CONJUNCTIONS) {
      if (startsWithAt(chars, hit.end, conj) && firstStartingAt(chars, hit.end + cpLength(conj), RELATIONS) !== null) {
        s.add(hit, 'relation');
      }
    }
    if (prevBoundary && firstStartingAt(chars, hit.end, SPEECH) !== null) {
      s.add(hit, 'speech');
    }
  }
}

/** 3. lists closed by a count or 等人: 张宁、许凯两名执法队员 / 连爱国、侯翔和5名疾控人员 / 王晋豫等人 */
function countedLists(s: PeopleScan): void {
  const { chars, inside, places, orgs } = s;
  for (let i = 0; i < chars.length; i++) {
    if (inside[i]) continue;
    const h0 = s.nameAt(i);
    if (!h0 || h0.anonymized) continue; // no list starts here (most positions)
    const names: NameHit[] = [];
    let j = i;
    for (;;) {
      const h = s.nameAt(j);
      if (!h || h.anonymized) break;
      names.push(h);
      j = h.end;
      if (chars[j] === '、') {
        j++;
        continue;
      }
      break;
    }
    if (names.length === 0) continue;
    // One name can only be closed by 等人 (every other close needs two names): most positions stop here.
    if (names.length === 1 && chars[j] !== '等') continue;
    const tail = sliceChars(chars, j, j + 12);
    let title: string | null = null;
    let ok = false;
    const count = /^(和|及|与)?(等)?([0-9０-９]+|[一二两三四五六七八九十几多]+)(名|位)/u.exec(tail);
    if (count && names.length >= 2) {
      ok = true;
      if (!count[1]) {
        const after = j + cpLength(count[0]);
        title = titleStartingAt(s.ctx, after);
      }
    }
    // a single name closed by 等人 must start a clause (王晋豫等人), so 晋豫 inside 王晋豫 is not one
    const clauseStart = i === 0 || BOUNDARY.has(chars[i - 1]) || !!titleEndingAt(s.ctx, i);
    if (/^等(人|同志|[0-9一二两三四五六七八九十几多]+人)/u.test(tail) && (names.length >= 2 || clauseStart)) ok = true;
    // 朱绍华、俞胜利也将退休: two or more full three-character names joined by 、
    const plain =
      names.length >= 2 &&
      names.every(
        (h) =>
          h.end - h.start === 3 &&
          !'乡镇村区县市街路站局委办院所队组'.includes(chars[h.end - 1]) &&
          !places.some((p) => p.start < h.end && p.end > h.start) &&
          !orgs.some((o) => o.start < h.end && o.end > h.start),
      );
    if (!ok && !plain) continue;
    for (const h of names) s.add(h, ok ? 'count-list' : 'list', title ? { title } : {});
    i = j - 1;
  }
}

/** 4. list continuation: 志愿者吴华和岳玮, 通讯员邵珠章、任瑶 (repeat until stable) */
function listContinuations(s: PeopleScan): void {
  const { chars, drafts } = s;
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of [...drafts.values()]) {
      const sep = chars[d.end];
      if (sep !== '、' && sep !== '和') continue;
      const hit = s.nameAt(d.end + 1);
      if (!hit || hit.anonymized || drafts.has(hit.start)) continue;
      // the next name must end the list item: punctuation, another separator or a predicate
      s.add(hit, 'list', {
        title: d.title,
        organization: d.organization,
        organization_start: d.organization_start,
        organization_end: d.organization_end,
        organization_via: d.organization ? 'list' : null,
      });
      changed = true;
    }
  }
}

/** 5. byline contributors */
function bylineNames(s: PeopleScan, contributors: readonly string[]): void {
  for (const name of contributors) {
    if (cpLength(name) < 2) continue;
    for (const i of occurrences(s.text, s.chars, name)) s.add({ start: i, end: i + cpLength(name), anonymized: false }, 'byline');
  }
}

/** 6. apposition: NAME，是 ORG TITLE */
function appositions(s: PeopleScan): void {
  const chars = s.chars;
  for (const d of s.drafts.values()) {
    let j = d.end;
    if (chars[j] === '，' || chars[j] === ',') j++;
    if (chars[j] !== '是') continue;
    j++;
    for (let t = j + 2; t <= Math.min(chars.length, j + 30); t++) {
      if (!isHan(chars[t - 1]) && chars[t - 1] !== '”') break;
      const title = titleStartingAt(s.ctx, t);
      if (!title) continue;
      const at = chars[t - 1] === '的' ? t - 1 : t;
      const e = employerEndingAt(s.ctx, at, j);
      if (e && e.start === j) {
        if (!d.title) d.title = title;
        if (!d.organization) {
          d.organization = e.name;
          d.organization_start = e.start;
          d.organization_end = e.end;
          d.organization_via = 'apposition';
        }
        break;
      }
    }
  }
}

/** 7. repeats of every name found */
function repeats(s: PeopleScan): void {
  const { drafts, inside } = s;
  const known = new Set([...drafts.values()].filter((d) => cpLength(d.name) >= 2 && !d.anonymized).map((d) => d.name));
  for (const name of known) {
    const n = cpLength(name);
    for (const i of occurrences(s.text, s.chars, name)) {
      if (drafts.has(i)) continue;
      // a two-character name must not be the start of a longer name here
      if (n === 2) {
        const h = s.nameAt(i);
        if (!h || h.end !== i + n) continue;
      }
      // not inside another name already found (no draft starts at i, checked above)
      if (inside[i]) continue;
      s.add({ start: i, end: i + n, anonymized: false }, 'repeat');
    }
  }
}

/**
 * Find person mentions in one article text.
 * @param text the article text (offsets are code points)
 */
export function extractPeople(text: string, opts: PeopleOptions = {}): Person[] {
  const ctx = orgContext(text, { gazetteer: opts.gazetteer });
  // places and organizations, for anaphora (该镇 → the last 镇 named before)
  const places = opts.gazetteer ? extractPlaces(text, opts.gazetteer) : [];
  const orgs = extractOrganizations(text, { gazetteer: opts.gazetteer });
  const s = new PeopleScan(text, ctx, ctx.chars, places, orgs);

  titleRule(s);
  contextRules(s);
  countedLists(s);
  listContinuations(s);
  bylineNames(s, opts.contributors ?? []);
  appositions(s);
  repeats(s);

  // overlapping candidates: keep the earlier (then longer) one
  const kept: Person[] = [];
  for (const d of [...s.drafts.values()].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const last = kept[kept.length - 1];
    if (last && d.start < last.end) continue;
    kept.push(d);
  }
  return kept;
}
