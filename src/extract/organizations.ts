/**
 * Organization mentions in one article (hand-written rules, no segmenter).
 *
 * How a mention is found:
 * 1. Every occurrence of an organizational suffix (局, 委, 办, 分局, 委员会, 中心, 公司, 有限公司,
 *    医院, 卫生院, 学院, 派出所, 大队, 街道办事处, 党支部, 党工委, 工作站, 批发市场, …) is a candidate
 *    right end, unless the suffix is part of a job title (局 in 局长, 党委 in 党委书记, 大队 in
 *    大队长) or of an ordinary word (格局, 委托, 举办, 局面, 办理 …).
 * 2. From the suffix the modifier chain is extended to the left over Han characters (and a short
 *    “quoted” name) until punctuation, a function word or a verb that cannot be inside a name
 *    (的 是 在 由 与 和 向 到 对 为 给 该 我们 来自 依托 委托 结合 按照 …). Known body names
 *    (工业和信息化局, 住房和城乡建设局 …) are atomic, so the 和 inside them does not cut.
 * 3. If the chain contains an anchor (焦作市, 市, 省, 中共, 国家, a county/district name, any place
 *    found by the place extractor when a gazetteer is passed), the mention starts at the leftmost
 *    anchor: `积极响应市委` → 市委, `依托焦作市博爱人家物流有限公司` → 焦作市….
 * 4. Chains of units are one mention (山阳公安分局网安大队, 市纪委监委); nested candidates are
 *    dropped in favour of the outermost.
 * 5. Generic heads are rejected: a bare suffix (派出所), an anaphor (该局, 该公司), a generic
 *    modifier (乡镇卫生院, 定点医院, 村卫生所, 临时党支部, 镇政府). Ambiguous one-character suffixes
 *    (局, 委, 办, 厅) and loose ones (中心, 工作组, 指挥部) need an anchor or a known body name.
 *
 * `canonical`: `市` at the start of a name means 焦作市 in this newspaper and `省` means 河南省.
 * When the name starts with such a prefix (or 焦作市, 河南省, a county-level name of 焦作, 示范区),
 * the canonical name is that prefix written in full plus the body, with abbreviations expanded
 * from a small hand-written table (市市场监管局 → 焦作市市场监督管理局, 市卫健委 →
 * 焦作市卫生健康委员会, 市委老干部局 → 中共焦作市委老干部局). Party committees get 中共. The joint
 * discipline body 市纪委监委 becomes `中共焦作市纪律检查委员会 焦作市监察委员会` (one mention of two
 * bodies that work as one). Names without such a prefix (山阳公安分局, 商丘师范学院) and a 市 that
 * follows 该 (该市 = a county-level city named before) get canonical null.
 */
import {
  OUTSIDE_CITIES,
  OUTSIDE_PROVINCES,
  TITLE_INDEX,
  WordIndex,
  cpLength,
  sliceChars,
  endsWithAt,
  isHan,
  startsWithAt,
} from './gazetteer-text.ts';
import type { Gazetteer } from './divisions.ts';
import { placesOf } from './places.ts';
import { CharSet, codePointTextOf, zeroedUint8Array } from './span.ts';

export type OrgKind = 'government' | 'party' | 'company' | 'hospital' | 'school' | 'police' | 'community' | 'other';

export interface Organization {
  /** Code-point offsets in the article text, end exclusive. */
  start: number;
  end: number;
  /** The code-point slice [start, end) of the text. */
  quote: string;
  /** The name as written (same as quote). */
  name: string;
  /** Full official-style name when determinable (see module doc), else null. */
  canonical: string | null;
  kind: OrgKind;
  rule: OrgRule;
}

export type OrgRule = 'suffix' | 'suffix-anchor' | 'known-name' | 'brand';

export interface OrgOptions {
  /** When given, every place the place extractor finds is an anchor for the left boundary. */
  gazetteer?: Gazetteer;
}

// ---------------------------------------------------------------------------------------------
// Tables

type SuffixClass = 'strong' | 'single' | 'loose';
interface SuffixDef {
  suffix: string;
  kind: OrgKind;
  /** strong: any non-generic modifier; single/loose: need an anchor or a known body name. */
  cls: SuffixClass;
}

const S = (kind: OrgKind, cls: SuffixClass, ...list: string[]): SuffixDef[] =>
  list.map((suffix) => ({ suffix, kind, cls }));

/** Suffixes, matched longest first at a candidate right end. */
const SUFFIXES: SuffixDef[] = [
  ...S('government', 'strong', '人民政府', '政府', '街道办事处', '办事处', '办公室', '管理局', '执法局',
    '执法大队', '管委会', '人大常委会', '政协', '法院', '人民法院', '检察院', '人民检察院', '司法所',
    '税务所', '监察委员会', '委员会', '财政所', '服务站', '便民服务中心', '政务服务中心'),
  ...S('government', 'single', '局', '委', '办', '厅'),
  ...S('government', 'loose', '指挥部', '领导小组'),
  ...S('other', 'loose', '中心', '工作组', '指导组', '专家组'),
  ...S('party', 'strong', '党工委', '党总支', '党支部', '党委', '党组', '纪委', '组织部', '宣传部',
    '统战部', '政法委', '党校'),
  ...S('company', 'strong', '股份有限公司', '有限责任公司', '有限公司', '分公司', '公司', '集团',
    '制药', '药业', '控股', '银行', '支行', '分行', '超市', '大药房', '药房', '酒店', '宾馆'),
  ...S('hospital', 'strong', '医院', '卫生院', '卫生服务中心', '卫生服务站', '卫生室', '卫生所', '诊所',
    '疾控中心', '疾病预防控制中心', '急救中心', '妇幼保健院', '保健院', '血站', '医疗队'),
  ...S('school', 'strong', '大学', '学院', '中学', '小学', '学校', '幼儿园', '技校'),
  ...S('police', 'strong', '派出所', '公安局', '公安分局', '交警大队', '交警支队', '网安大队',
    '特警支队', '刑警大队', '分局'),
  ...S('government', 'strong', '大队', '中队', '支队', '总队'),
  ...S('community', 'strong', '居民委员会', '村民委员会', '居委会', '村委会'),
  ...S('other', 'strong', '协会', '学会', '商会', '基金会', '联合会', '红十字会', '总工会', '工会',
    '妇联', '科协', '文联', '工商联', '工作站', '农贸市场', '批发市场', '菜市场', '研究所',
    '研究院', '事务所', '志愿服务队', '志愿者协会', '合作社', '报社', '日报社', '电视台', '广播电视台'),
].sort((a, b) => cpLength(b.suffix) - cpLength(a.suffix));

/**
 * Bodies of 焦作 municipal (and county) organs whose abbreviation is unambiguous: abbreviated
 * forms → full name. Matched at the end of the name after the prefix (市/焦作市/县区名).
 */
const BODY_TABLE: { full: string; abbr: string[]; kind: OrgKind; party?: boolean }[] = [
  { full: '市场监督管理局', abbr: ['市场监管局'], kind: 'government' },
  { full: '卫生健康委员会', abbr: ['卫健委', '卫生健康委', '卫生健康委员会'], kind: 'government' },
  { full: '工业和信息化局', abbr: ['工信局', '工业和信息化局'], kind: 'government' },
  { full: '发展和改革委员会', abbr: ['发改委', '发展改革委', '发展和改革委员会'], kind: 'government' },
  { full: '人力资源和社会保障局', abbr: ['人社局', '人力资源和社会保障局'], kind: 'government' },
  { full: '住房和城乡建设局', abbr: ['住建局', '住房和城乡建设局'], kind: 'government' },
  { full: '自然资源和规划局', abbr: ['自然资源局', '资源规划局', '自然资源和规划局'], kind: 'government' },
  { full: '文化广电和旅游局', abbr: ['文广旅局', '文广旅游局', '文化广电和旅游局'], kind: 'government' },
  { full: '交通运输局', abbr: ['交通局', '交通运输局'], kind: 'government' },
  { full: '农业农村局', abbr: ['农业农村局'], kind: 'government' },
  { full: '应急管理局', abbr: ['应急局', '应急管理局'], kind: 'government' },
  { full: '城市管理局', abbr: ['城管局', '城市管理局'], kind: 'government' },
  { full: '退役军人事务局', abbr: ['退役军人局', '退役军人事务局'], kind: 'government' },
  { full: '医疗保障局', abbr: ['医保局', '医疗保障局'], kind: 'government' },
  { full: '生态环境局', abbr: ['环保局', '生态环境局'], kind: 'government' },
  { full: '疾病预防控制中心', abbr: ['疾控中心', '疾病预防控制中心'], kind: 'hospital' },
  { full: '商务局', abbr: ['商务局'], kind: 'government' },
  { full: '教育局', abbr: ['教育局'], kind: 'government' },
  { full: '公安局', abbr: ['公安局'], kind: 'police' },
  { full: '财政局', abbr: ['财政局'], kind: 'government' },
  { full: '民政局', abbr: ['民政局'], kind: 'government' },
  { full: '司法局', abbr: ['司法局'], kind: 'government' },
  { full: '统计局', abbr: ['统计局'], kind: 'government' },
  { full: '审计局', abbr: ['审计局'], kind: 'government' },
  { full: '水利局', abbr: ['水利局'], kind: 'government' },
  { full: '林业局', abbr: ['林业局'], kind: 'government' },
  { full: '人民政府', abbr: ['政府', '人民政府'], kind: 'government' },
  { full: '人民政府办公室', abbr: ['政府办', '政府办公室', '人民政府办公室'], kind: 'government' },
  { full: '总工会', abbr: ['总工会'], kind: 'other' },
  { full: '妇女联合会', abbr: ['妇联', '妇女联合会'], kind: 'other' },
  { full: '红十字会', abbr: ['红十字会'], kind: 'other' },
  { full: '工商业联合会', abbr: ['工商联', '工商业联合会'], kind: 'other' },
  { full: '科学技术协会', abbr: ['科协', '科学技术协会'], kind: 'other' },
  { full: '文学艺术界联合会', abbr: ['文联', '文学艺术界联合会'], kind: 'other' },
  { full: '关心下一代工作委员会', abbr: ['关工委', '关心下一代工作委员会'], kind: 'other' },
  // party organs: 市委X → 中共焦作市委X
  { full: '委员会', abbr: ['委'], kind: 'party', party: true },
  { full: '纪律检查委员会', abbr: ['纪委', '纪律检查委员会'], kind: 'party', party: true },
  { full: '监察委员会', abbr: ['监委', '监察委员会'], kind: 'government' },
  { full: '委老干部局', abbr: ['委老干部局'], kind: 'party', party: true },
  { full: '委组织部', abbr: ['委组织部'], kind: 'party', party: true },
  { full: '委宣传部', abbr: ['委宣传部'], kind: 'party', party: true },
  { full: '委统战部', abbr: ['委统战部'], kind: 'party', party: true },
  { full: '委政法委员会', abbr: ['委政法委', '委政法委员会'], kind: 'party', party: true },
  { full: '委精神文明建设指导委员会办公室', abbr: ['文明办'], kind: 'party', party: true },
];

/** Whole names that need no suffix rule. */
const KNOWN_NAMES: { name: string; canonical: string | null; kind: OrgKind }[] = [
  { name: '党中央', canonical: '中共中央', kind: 'party' },
  { name: '中共中央', canonical: '中共中央', kind: 'party' },
  { name: '国务院', canonical: '国务院', kind: 'government' },
  { name: '国家卫健委', canonical: '国家卫生健康委员会', kind: 'government' },
  { name: '国家卫生健康委', canonical: '国家卫生健康委员会', kind: 'government' },
  { name: '国务院联防联控机制', canonical: '国务院联防联控机制', kind: 'government' },
];

/**
 * What a name ending in a known body ends with, per BODY_TABLE entry: its abbreviations of two
 * or more characters and its full name. Worked out once, not for every candidate.
 */
const BODY_ENDINGS = BODY_TABLE.map((b) => ({ body: b, endings: [...b.abbr.filter((a) => cpLength(a) >= 2), b.full] }));
/** The entries that decide the kind of a name (not party organs, not 政府). */
const KIND_ENDINGS = BODY_ENDINGS.filter(({ body: b }) => !(b.party || b.abbr.includes('政府')));
/** Every abbreviation with its length in code points and its body, in table order. */
const ABBREVIATIONS = BODY_TABLE.flatMap((b) => b.abbr.map((abbr) => ({ abbr, length: cpLength(abbr), full: b.full, party: !!b.party })));

function endsWithAny(name: string, endings: readonly string[]): boolean {
  for (const e of endings) if (name.endsWith(e)) return true;
  return false;
}

/** Bodies that contain a stop character (和 …) and must stay atomic when walking left. */
const ATOMIC_BODIES: string[] = [...new Set(BODY_TABLE.flatMap((b) => [b.full, ...b.abbr]).filter((s) => cpLength(s) >= 3))];

/** Prefixes that fix where a name starts, longest first. */
const COUNTY_NAMES = ['解放区', '中站区', '马村区', '山阳区', '修武县', '博爱县', '武陟县', '温县', '沁阳市', '孟州市'];
const HARD_ANCHORS: string[] = [
  '中国共产党', '中共', '共青团', '焦作市', '河南省', '国家', '中国', '市城乡一体化示范区', '城乡一体化示范区',
  '示范区', ...COUNTY_NAMES,
  ...OUTSIDE_PROVINCES.flatMap((p) => [`${p}省`, `${p}市`]),
  ...OUTSIDE_CITIES.map((c) => `${c}市`),
  ...OUTSIDE_CITIES.filter((c) => cpLength(c) >= 2),
].sort((a, b) => cpLength(b) - cpLength(a));

/** Function words and verbs that end a name on its left. Two-character ones are checked first. */
const STOP_WORDS: string[] = [
  // verbs and prepositions that introduce an organization
  '来自', '依托', '委托', '结合', '联系', '协调', '按照', '根据', '依据', '通过', '组织', '参加', '参与',
  '前往', '来到', '走进', '深入', '支持', '配合', '督促', '指导', '会同', '联合', '携手', '帮助',
  '看望', '慰问', '捐赠', '捐给', '捐献', '成立', '建立', '设立', '组建', '发布', '召开', '举行',
  '主办', '承办', '协办', '邀请', '要求', '安排', '派驻', '选派', '下派', '属于', '隶属', '位于',
  '担任', '作为', '成为', '包括', '例如', '以及', '还有', '其中', '接到', '收到', '得到', '获得',
  '荣获', '授予', '走访', '对接', '购买', '采购', '加入', '服从', '响应', '表示', '协助', '联手',
  '牵头', '带领', '率领', '陪同', '会见', '考察', '调研', '检查', '督导', '督查', '经过', '针对',
  '围绕', '面向', '关于', '感谢', '致信', '抵达', '进入', '返回', '离开', '入驻', '进驻', '驻扎',
  '派出', '赶到', '赶赴', '奔赴', '回到', '到达', '送到', '送往', '送至', '转运', '运往', '发往', '驰援',
  '支援', '援助', '动员', '号召', '倡议', '部署', '落实', '贯彻', '印发', '出台', '制定', '公布',
  '通报', '召集', '负责', '带班', '值守', '执勤', '我们', '他们', '她们', '咱们', '大家', '各级',
  '全市', '全省', '全县', '全区', '当天', '当日', '目前', '近日', '日前', '今年', '去年', '随后',
  '同时', '此外', '另外', '然后', '已经', '正在', '记者', '获悉', '了解', '获知', '得知', '告诉',
  '介绍', '认为', '指出', '强调', '提出', '遵守', '带头', '辖区', '多家', '一家', '两家', '几家', '唯一',
  '一批', '多个', '这些', '那些', '所有', '全部', '说', '讲', '称', '除',
  // single characters
  '的', '是', '在', '由', '与', '和', '向', '到', '对', '为', '给', '把', '被', '将', '从', '及',
  '或', '并', '同', '跟', '让', '使', '令', '以', '于', '自', '据', '按', '该', '本', '我', '其',
  '这', '那', '此', '各', '每', '等', '了', '着', '过', '也', '都', '还', '又', '就', '才', '已',
  '曾', '正', '均', '兼', '即', '请', '向', '往', '至', '赴', '去', '入', '进', '经', '凭', '沿',
].sort((a, b) => cpLength(b) - cpLength(a));

/** Modifiers that make the name generic (乡镇卫生院, 定点医院) when they are all there is. */
const GENERIC_CORES = new Set([
  '乡镇', '村', '镇', '乡', '县', '区', '社区', '街道', '各级', '相关', '有关', '基层', '定点', '当地',
  '属地', '辖区', '医疗', '公立', '民营', '私立', '县级', '市级', '省级', '乡级', '二级', '三级',
  '一级', '三甲', '大', '各大', '小', '临时', '方舱', '发热', '隔离', '附近', '周边', '所在', '上级',
  '下级', '主管', '职能', '执法', '监管', '卫生', '企业', '医药', '物流', '运输', '生产', '外地',
  '本地', '驻村', '扶贫', '网安', '其他', '多个', '多家', '两家', '一家', '这家', '那家', '中',
  '各类', '大中', '高等', '高', '初', '中等', '职业',
]);

/** Descriptive words; a modifier made only of these is not a name (农副产品交易批发市场). */
const GENERIC_WORDS = [
  '农副产品', '农产品', '交易', '蔬菜', '水果', '综合', '中医', '西医', '专科', '社区', '乡镇', '村级',
  '基层', '定点', '临时', '大型', '小型', '中型', '正规', '附近', '周边', '当地', '本地', '外地',
  '党员', '志愿', '青年', '巾帼', '退役军人', '离退休干部', '离退休', '老干部', '在职',
].sort((a, b) => cpLength(b) - cpLength(a));

function isGenericCore(core: string): boolean {
  if (GENERIC_CORES.has(core)) return true;
  let rest = core;
  for (let changed = true; changed && rest !== ''; ) {
    changed = false;
    for (const w of GENERIC_WORDS) {
      if (rest.startsWith(w)) {
        rest = rest.slice(w.length);
        changed = true;
        break;
      }
    }
  }
  return rest === '' || GENERIC_CORES.has(rest) && rest !== core;
}

/** Two-character words that end in a one-character suffix but are not organizations. */
const NOT_ORG_WORDS = new Set([
  '格局', '布局', '大局', '全局', '结局', '开局', '当局', '饭局', '棋局', '骗局', '残局', '时局',
  '政局', '终局', '变局', '新局', '破局', '乱局', '困局', '定局', '僵局', '邮局', '出局', '入局',
  '两委', '常委', '政委', '编委', '评委', '举办', '创办', '承办', '主办', '协办', '督办', '交办',
  '代办', '查办', '申办', '开办', '兴办', '操办', '筹办', '经办', '转办', '合办', '试办', '照办',
  '停办', '包办', '帮办', '领办', '通办', '专办', '快办', '好办', '难办', '么办', '网办', '首办',
  '大厅', '客厅', '餐厅', '展厅', '门厅', '歌厅', '舞厅', '前厅', '中心',
]);

/** Characters that cannot follow a one-character suffix (委托, 办理, 局面 …). */
const NOT_AFTER_SINGLE: Record<string, Set<string>> = {
  局: new Set(['面', '势', '部', '限', '促', '外', '内']),
  委: new Set(['托', '屈', '婉', '派', '实', '身', '任', '靡', '员']),
  办: new Set(['理', '法', '好', '事', '学', '成', '公', '的', '了', '件', '结', '案', '证', '妥', '实', '过', '到', '起', '完', '一', '不', '齐', '出', '下', '得']),
  厅: new Set(['堂']),
};

/** Characters that cannot follow a longer suffix either (党组织, 中心城区 …). */
const NOT_AFTER: Record<string, Set<string>> = {
  党组: new Set(['织', '成']),
  党委: new Set(['员']),
  中心: new Set(['城', '区', '思', '点', '任', '工', '校', '医']),
  学院: new Set(['派']),
  分局: new Set(['面']),
  政府: new Set(['部', '采', '性']),
};

// ---------------------------------------------------------------------------------------------
// Scanning helpers

interface Ctx {
  chars: string[];
  /** Title-word positions: a suffix must not overlap one. */
  titleMask: Uint8Array;
  /** The length of the longest title word starting at each index (0: none), as TITLE_INDEX.longestStartingAt. */
  titleFrom: Uint8Array;
  /** The length of the longest title word ending at each index (0: none), as TITLE_INDEX.longestEndingAt. */
  titleTo: Uint8Array;
  /** Anchor spans (start → end), all kinds. */
  anchorsAt: Map<number, number>;
  /** Anchors usable to satisfy "needs an anchor" but not to trim (焦作 in 蒙牛焦作公司). */
  softAnchorsAt: Map<number, number>;
}

/**
 * The title words of a text, found once for the organization and the people extractors: where
 * each begins and ends, and the mask of the positions they cover.
 */
function titlesOf(chars: string[]): { titleMask: Uint8Array; titleFrom: Uint8Array; titleTo: Uint8Array } {
  const { from, to } = TITLE_INDEX.spans(chars);
  const mask = zeroedUint8Array(chars.length);
  for (let i = 0; i < chars.length; i++) {
    const n = from[i];
    if (n === 0) continue;
    // 委员 inside 委员会 is the organization, not the title.
    if (n >= 2 && chars[i + n - 2] === '委' && chars[i + n - 1] === '员' && chars[i + n] === '会') continue;
    for (let k = i; k < i + n; k++) mask[k] = 1;
  }
  return { titleMask: mask, titleFrom: from, titleTo: to };
}

/** A lone 市 / 省 is a prefix (市商务局, 省卫生健康委) unless it is part of a word (城市, 超市, 市场). */
function isAdminChar(chars: string[], i: number): boolean {
  const c = chars[i];
  const prev = chars[i - 1];
  const next = chars[i + 1];
  if (c === '市') {
    if (prev && '城超都门夜股上闹集菜街坊互开罢黑花早午晚鱼省县区'.includes(prev)) return false;
    if (next && '场民面值容貌井级区内外长'.includes(next)) return false;
    return isHan(next);
  }
  if (c === '省') {
    if (prev && '节反外本全该各跨内分俭市'.includes(prev)) return false;
    if (next && '略份得钱力心事时会去下级内外长'.includes(next)) return false;
    return isHan(next);
  }
  return false;
}

/** Records an anchor [s, e) in `m`, keeping the longest at each start. */
function putSpan(m: Map<number, number>, s: number, e: number): void {
  if ((m.get(s) ?? -1) < e) m.set(s, e);
}

function buildAnchors(text: string, chars: string[], opts: OrgOptions): { hard: Map<number, number>; soft: Map<number, number> } {
  const hard = new Map<number, number>();
  const soft = new Map<number, number>();
  for (let i = 0; i < chars.length; i++) {
    if (!isHan(chars[i])) continue;
    const a = ANCHOR_INDEX.longestStartingAt(chars, i);
    if (a) putSpan(hard, i, i + cpLength(a));
    if (isAdminChar(chars, i)) putSpan(hard, i, i + 1);
    if (chars[i] === '焦' && chars[i + 1] === '作') putSpan(soft, i, i + 2);
  }
  if (opts.gazetteer) {
    for (const p of placesOf(text, opts.gazetteer)) {
      // A short form (焦作, 孟州) may sit inside a company name; it satisfies but does not trim.
      const isShort = p.in_jiaozuo && p.code !== null && p.quote !== p.official_name && cpLength(p.quote) <= 2;
      putSpan(isShort ? soft : hard, p.start, p.end);
    }
  }
  return { hard, soft };
}

/** Is there a stop word ending exactly at i? Returns its length or 0. */
const STOP_INDEX = new WordIndex(STOP_WORDS);
const ATOMIC_INDEX = new WordIndex(ATOMIC_BODIES);
const ANCHOR_INDEX = new WordIndex(HARD_ANCHORS);

function stopEndingAt(chars: string[], i: number): number {
  const w = STOP_INDEX.longestEndingAt(chars, i);
  return w ? cpLength(w) : 0;
}

/** Atomic body ending at i (工业和信息化局 …): its start, or -1. */
function atomicEndingAt(chars: string[], i: number): number {
  const b = ATOMIC_INDEX.longestEndingAt(chars, i);
  return b ? i - cpLength(b) : -1;
}

const MAX_NAME = 32;

/**
 * Leftmost possible start of a name whose head (suffix) starts at `s`: walk left over the modifier
 * chain until a boundary.
 */
function leftExtent(ctx: Ctx, s: number, floor = 0): number {
  const { chars } = ctx;
  let i = s;
  while (i > floor && s - i < MAX_NAME) {
    const a = atomicEndingAt(chars, i);
    if (a >= floor && a < i && i < s) {
      // a known body right before the head is part of the chain (工业和信息化局 + 机关党委)
      i = a;
      continue;
    }
    const c = chars[i - 1];
    if (c === '”' || c === '"') {
      // a short quoted name inside the chain: 山阳区“冬香好妈妈”工作站
      let j = i - 2;
      while (j >= floor && j > i - 14 && isHan(chars[j])) j--;
      if (j >= floor && (chars[j] === '“' || chars[j] === '"') && j < i - 2) {
        // only if a name continues on the left of the opening quote (otherwise the quote opens a clause)
        const before = chars[j - 1];
        if (isHan(before) && !stopEndingAt(chars, j)) {
          i = j;
          continue;
        }
      }
      break;
    }
    if (!isHan(c)) break;
    if (stopEndingAt(chars, i)) break;
    i--;
  }
  return i;
}

interface Candidate {
  start: number;
  end: number;
  kind: OrgKind;
  rule: OrgRule;
  canonical: string | null;
}

const SUFFIX_DEFS = new Map(SUFFIXES.map((d) => [d.suffix, d]));
const SUFFIX_INDEX = new WordIndex(SUFFIXES.map((d) => d.suffix));

function suffixAt(ctx: Ctx, end: number, extra?: readonly SuffixDef[]): SuffixDef | null {
  // Most positions end no suffix: answer that without building the list of candidates.
  if (!extra && SUFFIX_INDEX.longestEndingAt(ctx.chars, end) === null) return null;
  const list: SuffixDef[] = SUFFIX_INDEX.endingAt(ctx.chars, end).map((w) => SUFFIX_DEFS.get(w)!);
  if (extra) {
    for (const d of extra) if (endsWithAt(ctx.chars, end, d.suffix)) list.push(d);
    list.sort((a, b) => cpLength(b.suffix) - cpLength(a.suffix));
  }
  for (const d of list) {
    const n = cpLength(d.suffix);
    const s = end - n;
    let masked = false;
    for (let k = s; k < end; k++) if (ctx.titleMask[k]) masked = true;
    if (masked) continue;
    return d;
  }
  return null;
}

function isKnownBodyEnd(chars: string[], start: number, end: number): boolean {
  const name = sliceChars(chars, start, end);
  for (const { endings } of BODY_ENDINGS) if (endsWithAny(name, endings)) return true;
  return false;
}

/**
 * Try to read a name that ends exactly at `end`. Used for every candidate right end by the
 * extractor and, with extra place suffixes (街道, 社区 …), by the people extractor for the
 * organization in front of a title.
 */
function nameEndingAt(ctx: Ctx, end: number, extra?: readonly SuffixDef[], floor = 0): Candidate | null {
  const { chars } = ctx;
  const def = suffixAt(ctx, end, extra);
  if (!def) return null;
  const n = cpLength(def.suffix);
  const s = end - n;
  if (def.cls === 'single') {
    const after = chars[end];
    if (after && NOT_AFTER_SINGLE[def.suffix]?.has(after)) return null;
    if (NOT_ORG_WORDS.has(sliceChars(chars, s - 1, end))) return null;
  }
  if (chars[end] && NOT_AFTER[def.suffix]?.has(chars[end])) return null;
  if (def.suffix === '中心' && NOT_ORG_WORDS.has(sliceChars(chars, s - 1, end))) return null;
  const L = leftExtent(ctx, s, floor);
  // leftmost anchor inside [L, s)
  let start = L;
  let anchored = false;
  for (let p = L; p < s; p++) {
    const e = ctx.anchorsAt.get(p);
    if (e !== undefined && e <= end) {
      start = p;
      anchored = true;
      break;
    }
  }
  let soft = false;
  for (let p = start; p < s && !soft; p++) if (ctx.softAnchorsAt.has(p)) soft = true;
  const core = sliceChars(chars, start, s);
  if (cpLength(core) === 0) return null;
  if (isGenericCore(core)) return null;
  if ((def.cls === 'single' || def.cls === 'loose') && !anchored && !soft && !isKnownBodyEnd(chars, start, end)) return null;
  if (def.cls === 'single' && cpLength(core) < 2 && !(core === '市' || core === '省')) return null;
  // a lone 县/区/镇/乡 before the head, or a number word, is not a name
  if (/^[该本我其这那此各每全]/u.test(core)) return null;
  const canonical = canonicalize(chars, start, end);
  const kind = classify(sliceChars(chars, start, end), def.kind, canonical);
  return { start, end, kind, rule: anchored ? 'suffix-anchor' : 'suffix', canonical };
}

function classify(name: string, base: OrgKind, canonical: string | null): OrgKind {
  if (canonical?.startsWith('中共')) return 'party';
  for (const { body, endings } of KIND_ENDINGS) if (endsWithAny(name, endings)) return body.kind;
  if (/(党委|党工委|党支部|党总支|党组|纪委|[市县区省]委|组织部|宣传部|统战部|政法委|党校)$/u.test(name)) return 'party';
  if (/^(中共|中国共产党)/u.test(name)) return 'party';
  if (/(居民委员会|村民委员会|居委会|村委会)$/u.test(name)) return 'community';
  if (/(公安|派出所|交警|网安|特警|刑警|警)/u.test(name) && /(局|分局|所|大队|中队|支队|总队)$/u.test(name)) return 'police';
  if (/(医院|卫生院|卫生服务中心|卫生服务站|卫生室|卫生所|诊所|疾控中心|疾病预防控制中心|急救中心|保健院|血站|医疗队)$/u.test(name)) return 'hospital';
  if (/(监委|监察委员会)$/u.test(name)) return 'government';
  return base;
}

const PREFIXES: { written: string; full: string }[] = [
  { written: '市城乡一体化示范区', full: '焦作市城乡一体化示范区' },
  { written: '城乡一体化示范区', full: '焦作市城乡一体化示范区' },
  { written: '示范区', full: '焦作市城乡一体化示范区' },
  { written: '焦作市', full: '焦作市' },
  { written: '河南省', full: '河南省' },
  ...COUNTY_NAMES.map((c) => ({ written: c, full: c })),
  { written: '市', full: '焦作市' },
  { written: '省', full: '河南省' },
];

/** Expand the body (the part after the prefix) with the abbreviation table. */
function expandBody(body: string): { text: string; party: boolean } {
  if (body === '') return { text: '', party: false };
  if (body === '纪委监委') return { text: '纪律检查委员会 {P}监察委员会', party: true };
  let best: (typeof ABBREVIATIONS)[number] | null = null;
  for (const a of ABBREVIATIONS) {
    if (body.endsWith(a.abbr) && (!best || a.length > best.length)) best = a;
  }
  if (!best) return { text: body, party: false };
  const head = body.slice(0, body.length - best.abbr.length);
  // 委 alone expands only for the committee itself (市委 → 市委员会), not 卫健委-like bodies
  if (best.abbr === '委' && head !== '') return { text: body, party: false };
  return { text: head + best.full, party: best.party && head === '' };
}

function canonicalize(chars: string[], start: number, end: number): string | null {
  const name = sliceChars(chars, start, end);
  if (KNOWN_NAMES.some((k) => k.name === name)) return KNOWN_NAMES.find((k) => k.name === name)!.canonical;
  for (const p of PREFIXES) {
    if (!name.startsWith(p.written)) continue;
    if ((p.written === '市' || p.written === '省') && chars[start - 1] === '该') return null; // 该市 = a county-level city
    let body = name.slice(p.written.length);
    if (body === '') return null;
    const party = body.startsWith('委');
    const { text, party: partyBody } = expandBody(body);
    let full = p.full + text;
    if (full.includes('{P}')) full = `中共${full.replace('{P}', p.full)}`;
    else if (party || partyBody) full = `中共${full}`;
    return full;
  }
  return null;
}

/**
 * The context of the text most recently asked for: the people extractor and the organization
 * extractor both scan the same article field (title mask, anchors), and nothing changes it after
 * it is built, so it is built once.
 */
let lastCtx: { text: string; gazetteer: Gazetteer | undefined; ctx: Ctx } | null = null;

function makeCtx(text: string, opts: OrgOptions): Ctx {
  if (lastCtx && lastCtx.gazetteer === opts.gazetteer && lastCtx.text === text) return lastCtx.ctx;
  const chars = codePointTextOf(text).cps;
  const { hard, soft } = buildAnchors(text, chars, opts);
  const { titleMask, titleFrom, titleTo } = titlesOf(chars);
  const ctx = { chars, titleMask, titleFrom, titleTo, anchorsAt: hard, softAnchorsAt: soft };
  lastCtx = { text, gazetteer: opts.gazetteer, ctx };
  return ctx;
}

/** Groups a list by the first character of each entry's word, keeping the list's order. */
function byFirstChar<T>(list: readonly T[], word: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of list) {
    const first = Array.from(word(t))[0];
    const l = m.get(first);
    if (l) l.push(t);
    else m.set(first, [t]);
  }
  return m;
}
const KNOWN_BY_FIRST = byFirstChar(KNOWN_NAMES, (k) => k.name);
const BRAND_PLACES_BY_FIRST = byFirstChar(['焦作', '中国', '河南', ...COUNTY_NAMES], (p) => p);
/** Their first characters as bit tables: most positions start neither, and skip both lookups. */
const KNOWN_FIRST = new CharSet(KNOWN_BY_FIRST.keys());
const BRAND_PLACES_FIRST = new CharSet(BRAND_PLACES_BY_FIRST.keys());

function brandsAndKnown(ctx: Ctx): Candidate[] {
  const out: Candidate[] = [];
  const { chars } = ctx;
  for (let i = 0; i < chars.length; i++) {
    // only the names and places that start with this character (same order as the full lists)
    const c = chars[i];
    if (KNOWN_FIRST.has(c)) {
      for (const k of KNOWN_BY_FIRST.get(c)!) {
        if (startsWithAt(chars, i, k.name)) out.push({ start: i, end: i + cpLength(k.name), kind: k.kind, rule: 'known-name', canonical: k.canonical });
      }
    }
    // 焦作移动 / 中国联通 …; 焦作交警 (the traffic police of a place)
    if (!BRAND_PLACES_FIRST.has(c)) continue;
    for (const place of BRAND_PLACES_BY_FIRST.get(c)!) {
      if (!startsWithAt(chars, i, place)) continue;
      const j = i + cpLength(place);
      for (const brand of ['移动', '联通', '电信', '铁塔', '交警']) {
        if (startsWithAt(chars, j, brand)) {
          out.push({ start: i, end: j + 2, kind: brand === '交警' ? 'police' : 'company', rule: 'brand', canonical: null });
        }
      }
    }
  }
  return out;
}

/** Keep outermost, non-overlapping candidates (longest first at equal start). */
function outermost(cands: Candidate[]): Candidate[] {
  const sorted = [...cands].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  for (const c of sorted) {
    if (kept.some((k) => c.start >= k.start && c.end <= k.end)) continue;
    // partial overlap: keep the one already kept (it starts earlier)
    if (kept.some((k) => c.start < k.end && c.end > k.start)) {
      const k = kept.find((k) => c.start < k.end && c.end > k.start)!;
      if (c.end - c.start > k.end - k.start && c.start >= k.start) {
        kept.splice(kept.indexOf(k), 1, c);
      }
      continue;
    }
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Find organization mentions in one article text.
 * @param text the article text (offsets are code points)
 * @param opts `gazetteer`: use every place mention as an anchor for the left boundary
 */
export function extractOrganizations(text: string, opts: OrgOptions = {}): Organization[] {
  const ctx = makeCtx(text, opts);
  return organizationsOf(ctx).map((c) => {
    const quote = sliceChars(ctx.chars, c.start, c.end);
    return { start: c.start, end: c.end, quote, name: quote, canonical: c.canonical, kind: c.kind, rule: c.rule };
  });
}

/**
 * The kept candidates of the text most recently asked for (the people extractor and the facts
 * both ask for the same article field's organizations). Pure, so computed once; not mutated.
 */
let lastOrgs: { ctx: Ctx; cands: readonly Candidate[] } | null = null;

function organizationsOf(ctx: Ctx): readonly Candidate[] {
  if (lastOrgs && lastOrgs.ctx === ctx) return lastOrgs.cands;
  const cands: Candidate[] = [];
  for (let end = 1; end <= ctx.chars.length; end++) {
    if (!isHan(ctx.chars[end - 1])) continue;
    const c = nameEndingAt(ctx, end);
    if (c) cands.push(c);
  }
  cands.push(...brandsAndKnown(ctx));
  const kept = outermost(cands);
  lastOrgs = { ctx, cands: kept };
  return kept;
}

/** Place-like heads that may stand for the employer in front of a title (山阳区东方红街道党委书记). */
const PLACE_HEADS: SuffixDef[] = [
  ...S('government', 'strong', '街道', '社区', '镇', '乡', '村'),
  ...S('government', 'single', '区', '县', '市'),
  ...S('other', 'strong', '市场部', '办公室', '财务部', '销售部', '项目部'),
  // hospital departments: only with an anchor (市第二人民医院感染科), else a partial name is worse than none
  ...S('other', 'loose', '科', '病区', '门诊'),
];

/**
 * A reusable scanner for one text, for the people extractor: the organization or place chain that
 * ends exactly at `end` (just before a title), or null.
 */
export function createOrgScanner(text: string, opts: OrgOptions = {}) {
  const ctx = makeCtx(text, opts);
  return {
    chars: ctx.chars,
    /** Employer (organization or division chain) ending at `end`, not reaching left of `floor`. */
    employerEndingAt(end: number, floor = 0): { start: number; end: number; name: string } | null {
      return employerEndingAt(ctx, end, floor);
    },
  };
}

/** The organization context of one text (its code points, title mask and anchors), for the people extractor. */
export type OrgContext = Readonly<Ctx>;

export function orgContext(text: string, opts: OrgOptions = {}): OrgContext {
  return makeCtx(text, opts);
}

/**
 * Employer (organization or division chain) ending at `end`, not reaching left of `floor`. A module
 * function (createOrgScanner wraps it): the people extractor calls it with the context directly.
 */
export function employerEndingAt(ctx: OrgContext, end: number, floor = 0): { start: number; end: number; name: string } | null {
  const c = nameEndingAt(ctx, end, PLACE_HEADS, floor);
  if (c) return { start: c.start, end: c.end, name: sliceChars(ctx.chars, c.start, c.end) };
  // a bare place name (孟州市老党员): an anchor ending at `end`
  for (const [s, e] of ctx.anchorsAt) {
    if (e === end && s >= floor && cpLength(sliceChars(ctx.chars, s, e)) >= 2) return { start: s, end: e, name: sliceChars(ctx.chars, s, e) };
  }
  return null;
}
