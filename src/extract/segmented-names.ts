/**
 * Names suggested by the segmenter's words and tags (segmenter.ts), in one pass over the tokens:
 * people, organizations and places as code-point spans with the rule that found each.
 *
 * - person: a word tagged nr/nrfg that starts with a listed surname (2–4 characters); a
 *   transliterated name (nrt, or nr not starting with a surname) of 2+ characters; a new word
 *   found by the HMM (tag x) of 2–3 Han characters starting with a surname; names joined by `·`
 *   (查尔斯·莱斯) form one person; a name followed by 理论/思想/主义 is the name (邓小平理论).
 * - organization: a word tagged nt; a proper word (place, organization, other proper noun,
 *   abbreviation, name) followed by up to four words of which the last is or ends with an
 *   organization head (队, 公司, 委员会, 大学, 部, 局 …): 青岛海牛队, 国务院法制办公室; a
 *   minister's or secretary's title names the body (司法部长 → 司法部, 市委书记 → 市委).
 * - place: a word tagged ns that is not a word for a kind of place (城市, 山区, 两国, 海洋); two
 *   one-character country or region abbreviations written together (中美, 港澳) are two places.
 */
import { TITLE_WORDS, isHan, isHanWord } from './gazetteer-text.ts';
import { surnameLengthAt } from './people.ts';
import { tokensOf, wordFrequency, wordTag, type Tokens } from './segmenter.ts';
import { CharSet, unitIs } from './span.ts';

export type SegmentedType = 'person' | 'organization' | 'place';

export interface SegmentedName {
  type: SegmentedType;
  start: number;
  end: number;
  quote: string;
  rule: string;
}

/** Words of running text that jieba tags ns but that name a kind of place, not a place. */
const GENERIC_PLACE_WORDS = new Set([
  '城市', '城镇', '城乡', '农村', '乡村', '山区', '山村', '海洋', '平原', '高原', '草原', '外国', '大国', '小国', '两国',
  '各国', '本国', '他国', '祖国', '全国', '地区', '海峡', '海港', '海滨', '海岸', '大街', '大桥', '山水', '山坡', '山泉',
  '大山', '城关', '古都', '古城', '大城市', '小城镇', '沿海', '沿海地区', '内地', '边疆', '南北', '东西', '东南西北',
  '南国', '北国', '异国', '故国', '国内', '国外', '海内外', '中外', '城区', '郊区', '市区', '街道', '社区', '港口',
  // common words jieba's dictionary tags ns
  '英雄', '普及', '上马', '上岗',
]);

/** A word ending so names a road, station or gate (西路, 南站, 北口), which places do not report. */
const FACILITY_END = /(?:路|街|站|口|门|道|桥)$/u;

/** Country and region abbreviations that stand alone for the place (中方, 在京, 访华). */
const SIDES = new CharSet([...'中美日俄英法德意韩朝印巴以越泰菲欧华京沪港澳']);
/** One-character abbreviations of countries (中, 美, 日, 俄 …), which pair with each other. */
const COUNTRY_SIDES = new CharSet([...'中美日俄英法德意韩朝印巴越泰菲欧']);
/** Words after two countries' abbreviations that name their relations (中美关系, 中印两国). */
const PAIR_TAILS = new Set(['关系', '两国', '建交', '合作', '友好', '贸易', '双方', '之间', '会谈', '首脑', '关系史']);

/** Is a country abbreviation (or a pair) written next to token i, or across a 、 (中、阿)? */
function besideAbbreviation(tokens: Tokens, i: number): boolean {
  // 日 after a number is a day (5月6日俄…)
  if (tokens.word[i] === '日' && tokens.tag[i - 1] === 'm') return false;
  const before = tokens.word[i - 1] === '、' ? i - 2 : i - 1;
  const after = tokens.word[i + 1] === '、' ? i + 2 : i + 1;
  return countrySide(tokens, after) || (tokens.word[before]?.length === 1 && countrySide(tokens, before));
}

/** Is token k a country's one-character abbreviation, or does it open with two (中美)? */
function countrySide(tokens: Tokens, k: number): boolean {
  const w = tokens.word[k] ?? '';
  return (w.length === 1 && COUNTRY_SIDES.has(w)) || (w.length >= 2 && COUNTRY_SIDES.hasAt(w, 0) && COUNTRY_SIDES.hasAt(w, 1));
}

/** A people's word, a title or a currency after a country's name in one word (法国人, 日本首相, 挪威克朗). */
const COUNTRY_PREFIXED = /(?:人|总统|总理|首相|外长|政府首脑|国王|女王|克朗|卢比|马克|法郎|卢布|比索|里拉|镑)$/u;
/** A term's number before a body's name (第六届, 九届). */
const TERM = /^第?[一二三四五六七八九十]+届$/u;
/** Level words written after a place's name (维也纳|市, 阿尔萨斯|大区, 龙泉|乡). */
const LEVEL_WORDS = new Set(['市', '省', '州', '县', '乡', '镇', '村', '区', '大区', '郡', '邦']);
/** Verbs of visiting or staying that take a one-character place (访华, 驻港, 抵京). */
const VISIT_VERBS = new CharSet([...'访来驻在离抵赴返进旅留']);
const VISITED = new CharSet([...'华京沪港澳美日俄英法德韩欧']);
/** Common surnames that 老/小 (老张, 小李) or 老 after them (胡老) make a form of address. */
const ADDRESSED_SURNAMES = new CharSet([...'王李张刘陈杨黄赵吴周徐孙朱胡郭何罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘蒋蔡余杜程苏魏吕丁任沈姚卢姜崔钟谭陆汪范廖贾夏韦付傅方邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃戴莫孔向汤']);
/** Forms of address and titles written right after a bare surname (王小姐, 李老师, 江主席). */
const ADDRESS_WORDS = new Set(['老师', '小姐', '先生', '女士', '师傅', '大娘', '大爷', '阿姨', '大妈', '大姐', '大哥', '大嫂', '主席', '总理', '教授', '医生', '书记', '局长', '经理', '同志', '老汉']);
/** Last characters of organization abbreviations (欧盟, 北大, 足协, 亚行, 邯钢, 人大). */
const ORG_ABBREVIATION_END = new CharSet([...'盟大协行委办局部院联会社钢航总军队']);
/**
 * Abbreviations that are no organization: counts (四大, 三院; not 十五大, a congress) and sports
 * meets, which are events (亚运会, 八运会).
 */
const NOT_ABBREVIATION = /^[一二三四五六七八九两][大院局]$|运会$/u;
/** First characters of generic abbreviations (村两委, 党委, 党支部, 团委): no organization's own name. */
const GENERIC_FIRST = new CharSet([...'村党团镇乡县市区省街社支总两各本该']);
/** Generic heads after a region's name: the region is the name (中东地区 → 中东, 汉水流域 → 汉水). */
const REGION_HEADS = ['地区', '各国', '流域'];

/** Words after two abbreviations that make them a route's name (京广铁路, 晋新高速). */
const ROUTE_AFTER = /^(?:高速|公路|铁路|线|路|大道|段|高铁|客专|通道)/u;

/** One-character abbreviations of countries and Chinese regions that are written in pairs (中美, 港澳). */
const ABBREVIATIONS = new CharSet([...'中美日俄英法德意加澳韩朝印巴越泰菲欧亚非港台京津沪渝苏浙粤湘鄂豫冀鲁晋陕川黔滇桂闽赣皖辽吉黑蒙藏疆宁青甘琼']);

/**
 * Organization heads: an organization name ends with one of these words (general knowledge of
 * Chinese organization names; longest listed first is not needed: each is tested as a suffix).
 */
const ORG_HEADS = [
  '队', '公司', '集团', '委员会', '常委会', '理事会', '协会', '学会', '联合会', '商会', '工会', '基金会', '研究会', '促进会',
  '大学', '学院', '中学', '小学', '学校', '党校', '研究所', '研究院', '科学院', '设计院', '医院', '法院', '检察院', '人民法院',
  '部', '局', '厅', '署', '办公室', '办事处', '管理处', '新闻处', '委', '党委', '党组', '党支部', '支部', '总支', '党', '军',
  '银行', '报社', '日报', '晚报', '出版社', '通讯社', '电视台', '电台', '杂志社', '社', '组织', '联盟', '俱乐部', '代表团',
  '使馆', '大使馆', '领事馆', '议会', '国会', '参议院', '众议院', '政协', '人大', '联合体', '厂', '总厂', '分厂', '中心',
  '气象台', '交易所', '基金', '事务所', '航空', '药业',
];
const HEAD_SET = new Set(ORG_HEADS);
/** Is `word` an organization head by itself (党委, 委员会, 公司): a kind of body, not a name? */
export function isOrgHead(word: string): boolean {
  return HEAD_SET.has(word);
}
/** Words that end with a head but are not organizations (干部 ends with 部, 部队 with 队). */
const NOT_HEADED = new Set([
  '干部', '全部', '内部', '外部', '局部', '东部', '西部', '南部', '北部', '中部', '腹部', '头部', '俱乐部',
  '部队', '军队', '排队', '团队', '梯队', '球队', '车队', '结队', '入队', '归队', '带队', '领队', '组队', '站队',
  '结社', '公社', '报社', '旅社', '入党', '建党', '政党', '全党', '参军', '冠军', '亚军', '季军', '大军', '将军',
  '格局', '布局', '大局', '结局', '开局', '骗局', '时局', '全局', '当局', '邮局', '饭局', '棋局', '赌局',
  '中心', '重心', '核心', '市中心', '大厅', '客厅', '餐厅', '展厅', '门厅', '官署',
  // a political situation, most of a region, a headquarters, a strong side, a venue
  '政局', '大部', '总部', '强队', '场所',
  // gatherings and events, which end with 会 as associations do
  '音乐会', '晚会', '舞会', '运动会', '博览会', '展览会', '交易会', '座谈会', '研讨会', '茶话会', '招待会', '发布会', '联欢会', '报告会', '演唱会',
]);
/**
 * Words jieba tags nt that name a kind of organization or a field, not an organization
 * (党组织, 卫生院, 中医药): organization names are proper.
 */
const GENERIC_ORG_WORDS = new Set([
  '党组织', '团组织', '基层组织', '群众组织', '卫生院', '卫生所', '卫生室', '医院', '学校', '政府', '人民政府',
  '国有企业', '私营企业', '民营企业', '地方政府',
]);
/**
 * Endings of the words jieba tags nt that name an organization (国民党, 国际足联, 联合国); its
 * other nt words are kinds or fields (党政机关, 太空飞行, 公共财政, 国际化).
 */
const NT_ORG_END = /(?:[党军社署队部委局院会办厅盟联校协团处所篮足]|^.行|央行|组织|法庭|时报|通讯|联合国|中央|政府|[一二三四五六七八九十]大)$/u;
/** Endings of buildings and halls, which are places (人民大会堂, 北京图书大厦, 中国美术馆). */
const FACILITY_NAME_END = /(?:大厦|会堂|美术馆|博物馆|博物院|展览馆|纪念馆|图书馆|体育馆|体育场|大剧院|剧院)$/u;
/** A government named by its level only (镇政府, 市人民政府) is not a proper name. */
const LEVEL_GOVERNMENT = /^[省市县区镇乡村]?(?:人民)?政府$/u;
const NOT_ORG_ENDINGS = ['关系', '有关', '药', '学', '医'];
/** Generic words that may open an organization name (国家新闻出版署, 中央编译出版社). */
const ORG_OPENERS = new Set(['国家', '国际', '中央', '全国', '世界', '中共', '中华', '人民', '联邦', '最高']);
/**
 * Their first characters: most words start with none, and a bit test spares them the set lookup,
 * which would hash a word fresh from the segmenter only to find it missing.
 */
const ORG_OPENER_FIRST = new CharSet([...ORG_OPENERS].map((w) => w[0]));
/** Words tagged as proper that open a dateline or a role, not a name (6月25日电|外交部, 东道主|法国队). */
const NOT_OPENERS = new Set(['日电', '本报讯', '讯', '电', '东道主']);
/** Titles after a body's name that name the body (司法部长 → 司法部, 市委书记 → 市委). */
const TITLE_OF_BODY: readonly [string, number][] = [
  ['部长', 1], ['局长', 1], ['厅长', 1], ['委书记', 1], ['委主任', 1], ['委副主任', 1], ['委副书记', 1],
];

/** The last characters of those titles: a word ending otherwise (most words) ends with none. */
const TITLE_OF_BODY_LAST = new CharSet(TITLE_OF_BODY.map(([title]) => title[title.length - 1]));

/** How many characters to cut off a word that names a body by its head's title (司法部长 → 1), else -1. */
function titleOfBody(word: string): number {
  if (!TITLE_OF_BODY_LAST.hasAt(word, word.length - 1)) return -1;
  for (let k = 0; k < TITLE_OF_BODY.length; k++) {
    const title = TITLE_OF_BODY[k][0];
    if (word.length > title.length + 1 && word.endsWith(title)) return title.length - TITLE_OF_BODY[k][1];
  }
  return -1;
}

const PROPER_TAGS = new Set(['ns', 'nt', 'nz', 'j', 'nr', 'nrt', 'nrfg']);
/** Tags of words that may stand inside an organization name, between its opener and its head. */
const INNER_TAGS = new Set(['n', 'nz', 'ns', 'nt', 'j', 'vn', 'b', 'nr', 'nrt', 'x', 'l', 'an', 'ng', 'f']);
const NAME_TAGS = new Set(['nr', 'nrfg']);
/** Given-name characters never found in a name: function words and common verbs/adverbs. */
const NOT_IN_NAME = new CharSet([...'的了着过和与及或在是有为被把从向对于以就都也还又再很不没说表示讲组队部局委办科处站所院校厂店村镇乡区市县省']);
/** Tags of words that never continue a name: particles, prepositions, conjunctions, pronouns, numbers. */
const FUNCTION_TAGS_IN_NAME = new Set(['uj', 'ul', 'uz', 'ud', 'ug', 'uv', 'p', 'c', 'r', 'm', 'q', 'f', 'y', 'd', 't']);
/** Words that open a list of names (（陈毛弟、刘谦）, 记者刘正学、果永毅). */
const LIST_OPENERS = new Set(['（', '(', '记者', '通讯员', '、']);
const LIST_CLOSERS = new Set(['、', '）', ')', '报道', '摄', '等']);
/** A name followed by one of these is the name of a doctrine (邓小平理论). */
const DOCTRINE = ['理论', '思想', '主义'];

/**
 * Characters of the standard transliteration of foreign names (新华社 译名 tables: 斯, 尔, 克, 娃 …),
 * less those that are common words or Chinese place words next to a name (的, 和, 在, 国, 南).
 */
export const TRANSLITERATION = new CharSet([
  ...'阿埃艾爱安昂敖奥巴拔班邦鲍贝本比彼毕宾波玻伯勃博布查柴彻楚茨达黛戴丹道德登迪狄蒂丁杜敦顿厄恩尔法凡菲斐费芬丰佛弗伏福富盖甘冈戈格根古瓜圭哈亥汉豪赫亨洪胡怀霍基吉加迦贾杰捷津喀卡凯坎康柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾黎里丽利莉列林琳留柳隆娄卢鲁露路伦罗洛马玛迈麦曼芒梅蒙米缪莫墨姆穆纳娜乃奈内尼妮涅宁纽努诺欧帕潘庞培佩皮珀普齐奇契恰乔切钦琴丘屈萨塞赛桑瑟森沙莎尚绍舍申什史士施斯松苏索塔泰坦汤唐陶特滕图托瓦万旺威韦维魏温翁沃乌伍西希锡夏肖谢辛欣休修雅亚扬耶叶伊依因尤约泽扎詹珍朱卓兹宗佐夫娃坚延',
]);

/** Words before a transliterated word that make it a place (在伯尔尼, 首都阿布贾, 城市哈斯科沃). */
const BEFORE_PLACE = new Set(['本报', '迁都', '直飞', '在', '首都', '城市', '到', '赴', '抵达', '前往', '访问', '飞往', '来自', '胜地', '港口', '从']);
/** Words after one that make it a place or a people's name (阿拉伯国家, 奥格朗德州). */
const AFTER_PLACE = /^(?:州|省|市|县|镇|港|湾|岛|河|山|国家|地区|城|湖|体系|产油国|号|人)/u;

/** Last characters of names of places: settlements, temples, palaces, islands, districts. */
const PLACE_KIND_END = /[镇村乡寺庙宫岛郡州堡湾峰阁]$/u;
/** Last characters of transliterated words that name things, not people (尤伯杯, 卢浮宫, 尼古丁, 海王星). */
const OBJECT_END = /[杯宫寺庙车塔星丁堡港峰]$/u;

/** A word in quotes or title marks alone (“菲亚特”, 《白鹿原》) names a thing or a work. */
function quoted(tokens: Tokens, i: number): boolean {
  const before = tokens.word[i - 1] ?? '';
  const after = tokens.word[i + 1] ?? '';
  return (before === '“' && after === '”') || (before === '《' && (after === '》' || after === '报'));
}

/** A capital's, a dateline's or a weather list's place: 首都X, 本报X5月…电, ℃X晴. */
function datelineOrCapital(tokens: Tokens, i: number): boolean {
  const before = tokens.word[i - 1] ?? '';
  if (before.endsWith('首都')) return true;
  if ((before === '本报' || before === '新华社' || before === '电') && tokens.tag[i + 1] === 'm') return true;
  return (before === '℃' || before.endsWith('℃')) && /^[晴阴多小中大雷阵暴]/u.test(tokens.word[i + 1] ?? '');
}

function placeContext(tokens: Tokens, i: number): boolean {
  const before = tokens.word[i - 1] ?? '';
  return BEFORE_PLACE.has(before) || /(?:城市|首都|胜地)$/u.test(before) || AFTER_PLACE.test(tokens.word[i + 1] ?? '') || /[晴云雨雪阴℃]/u.test(tokens.word[i + 1] ?? '');
}

/** Is every character of `w` one of the transliteration characters? */
export function transliterated(w: string): boolean {
  return TRANSLITERATION.hasAll(w);
}

/** Does `word` end with a word that ends like a head but names no body (格局, 场所, 音乐会)? */
function notHeadedTail(word: string): boolean {
  for (let k = 0; k < word.length - 1; k++) if (NOT_HEADED.has(word.slice(k))) return true;
  return false;
}

/**
 * endsWithHead of the words met lately: it is asked of most words of a text, several times (as an
 * organization's last word, then as a word of its own), and words repeat; a lookup here costs
 * less than its slices and set lookups. Emptied when full, so its size stays bounded.
 */
const HEADED = new Map<string, boolean>();
const HEADED_WORDS = 8192;

function endsWithHead(word: string): boolean {
  let headed = HEADED.get(word);
  if (headed === undefined) {
    headed = wordEndsWithHead(word);
    if (HEADED.size >= HEADED_WORDS) HEADED.clear();
    HEADED.set(word, headed);
  }
  return headed;
}

function wordEndsWithHead(word: string): boolean {
  if (HEAD_SET.has(word)) return true;
  for (let k = 0; k < word.length - 1; k++) {
    const tail = word.slice(k);
    if (NOT_HEADED.has(tail) && (tail !== '中心' || k === 0)) return false;
  }
  for (let k = 1; k < word.length; k++) if (HEAD_SET.has(word.slice(k))) return true;
  return false;
}

/** Titles of national and international news that TITLE_WORDS (local offices) lacks, before or after a name. */
const NEWS_TITLES = ['总统', '总理', '首相', '总书记', '委员长', '大使', '教练'];
/** Words after a name that say it is one: a title or honorific, or a verb of saying. */
const AFTER_NAME = new Set([
  ...TITLE_WORDS, ...NEWS_TITLES, '同志', '先生', '女士', '夫人', '小姐', '主席',
  '说', '表示', '指出', '认为', '强调', '介绍', '告诉', '等', '称', '会见', '宣布', '透露', '回忆', '主持', '出席', '提出', '谈到', '发表',
]);
/** Words before a name that say it is one. */
const BEFORE_NAME = new Set([
  ...TITLE_WORDS, ...NEWS_TITLES, '运动员', '选手', '作者', '夫人', '妻子', '丈夫', '儿子', '女儿',
  '国务卿', '大臣', '议长', '外长', '总裁', '董事长', '发言人', '司令', '参议员', '众议员', '议员', '国王', '王子', '女王', '球员', '前锋', '后卫', '门将', '外援', '名将', '棋手',
]);

/** A word ending in a title (外交部长, 省委书记, 外交大臣) licenses the name after it. */
const TITLE_ENDING = /(?:[部局厅省市县区院校社议外]长|书记|主席|总理|总统|主任|大使|记者|大臣|国务卿|总裁|发言人|司令|议员)$/u;

/** Tokens i..j stand in a list of names: （陈毛弟、刘谦）, 记者刘正学、果永毅报道. */
function inNameList(tokens: Tokens, i: number, j: number): boolean {
  const before = tokens.word[i - 1] ?? '';
  const after = tokens.word[j + 1] ?? '';
  return LIST_OPENERS.has(before) && LIST_CLOSERS.has(after);
}

/** Titles and honorifics written after a name (江泽民主席, 库马拉通加总统). */
const TITLES_AFTER = new Set(['总统', '总理', '首相', '主席', '先生', '女士', '同志', '教练', '议长', '外长', '国王', '夫人']);

/** Does a title stand right before token i (教练|扎加洛, 外交部长|…), or one right after it? */
function titledName(tokens: Tokens, i: number): boolean {
  const before = tokens.word[i - 1] ?? '';
  return BEFORE_NAME.has(before) || TITLE_ENDING.test(before) || TITLES_AFTER.has(tokens.word[i + 1] ?? '');
}

/** Does a title, an honorific, a verb of saying or a list of names stand next to token i? */
function licensedName(tokens: Tokens, i: number): boolean {
  const before = tokens.word[i - 1] ?? '';
  return AFTER_NAME.has(tokens.word[i + 1] ?? '') || BEFORE_NAME.has(before) || TITLE_ENDING.test(before) || inNameList(tokens, i, i);
}

/** Is the given name of a surname + given name word a common word of its own (雷 + 阵雨, 青 + 少年)? */
function givenIsWord(given: string): boolean {
  if (given.length !== 2) return false;
  const tag = wordTag(given);
  return tag !== null && tag !== 'x' && !tag.startsWith('nr');
}

/** Tags of one character that is no given name: a particle, number, measure word, direction, pronoun, preposition, adverb, verb. */
const NOT_GIVEN_TAGS = /^(?:u|m|q|f|r|p|d|v|c)/u;
/** Tags of a one-character word that ends a name rather than continuing it (的, 在, 和, 说). */
const AFTER_NAME_TAGS = /^(?:u|p|c|d|v|r|x|f)/u;

/**
 * Is token i, a surname and one character the segmenter could not read as words, a name by
 * itself? Not after a number (1·2|万人), not when its second character is a function word
 * (任|其, 戴|上) or an adjective before a noun (戴好|口罩), not when a single character follows that may be a third one (李培|之).
 */
function plainGivenName(tokens: Tokens, i: number): boolean {
  const given = wordTag(tokens.word[i][1]) ?? '';
  if (tokens.tag[i - 1] === 'm' || NOT_GIVEN_TAGS.test(given)) return false;
  const next = i + 1;
  if (given === 'a' && tokens.tag[next]?.startsWith('n')) return false; // a verb and its result before an object (戴好|口罩)
  if (next < tokens.length && tokens.end[next] - tokens.start[next] === 1 && isHan(tokens.word[next]) && !AFTER_NAME_TAGS.test(tokens.tag[next])) return false;
  return true;
}

/**
 * A three-character word that is a common word and one more character (安全|性, 银行|卡, 许可|证):
 * jieba's dictionary tags some such words nr, and its HMM makes others.
 */
function commonOpening(w: string): boolean {
  return w.length === 3 && COMMON_OPENING_TAGS.has(wordTag(w.slice(0, 2)) ?? '') && wordFrequency(w.slice(0, 2)) >= COMMON_OPENING_FREQUENCY;
}

/** A given name that is a common word (frequent in jieba's dictionary), a title, or ends like a place. */
function commonGiven(given: string): boolean {
  // a given name that is itself a name or place word of the dictionary (亚平, 国华) is no common word
  return (wordFrequency(given) >= COMMON_WORD_FREQUENCY && !PROPER_GIVEN_TAGS.has(wordTag(given) ?? '')) || ADDRESS_WORDS.has(given) || BEFORE_NAME.has(given) || /[县府寺庄村山镇街州省市河湖江杯宫庙塔堡港]$/u.test(given);
}
const COMMON_WORD_FREQUENCY = 50;
/** Tags and frequency of a common word that opens a new word of the segmenter (安全, 银行, 纪念). */
const COMMON_OPENING_TAGS = new Set(['n', 'vn', 'an', 'a', 'ad', 'd', 'v', 'nz']);
const COMMON_OPENING_FREQUENCY = 100;
const PROPER_GIVEN_TAGS = new Set(['nr', 'nrfg', 'nrt', 'nz', 'ns']);

/**
 * Is token i a person's name? Surname + given name words of three or four characters unless
 * the given name is itself a common word; two-character ones (彭真, 卫星, 明白 are all tagged nr)
 * only where a title, an honorific or a verb of saying stands next to them.
 */
function personName(tokens: Tokens, i: number): boolean {
  const w = tokens.word[i];
  const tag = tokens.tag[i];
  const n = tokens.end[i] - tokens.start[i];
  if (!isHanWord(w) || n < 2) return false;

  if (tag === 'nrt') return licensedName(tokens, i) || (n >= 3 && !placeContext(tokens, i) && !quoted(tokens, i) && !OBJECT_END.test(w));
  if (NAME_TAGS.has(tag)) {
    const s = surnameLengthAt(w);
    if (s > 0) {
      if (NOT_IN_NAME.hasAny(w, s)) return false;
      if (n - s === 1) return licensedName(tokens, i);
      // a three-character word jieba lists as a name (胡锦涛, 贺鹏飞) unless its given name is a
      // common word, a title or a place word (徐校长, 杭州府, 古文字)
      return n - s <= 2 && ((!commonGiven(w.slice(s)) && !commonOpening(w)) || licensedName(tokens, i));
    }
    // a transliteration tagged nr (克林顿, 基里延科): its characters say what it is
    return tag === 'nr' && n >= 3 && n <= 5 && (licensedName(tokens, i) || (transliterated(w) && !placeContext(tokens, i)));
  }
  if (tag === 'x') {
    // a new word of transliteration characters only (伯奇费尔, 森西尼): a foreign name unless a place or thing
    if (n >= 3 && n <= 5 && transliterated(w) && !placeContext(tokens, i) && !quoted(tokens, i) && !OBJECT_END.test(w)) return true;
    const s = surnameLengthAt(w);
    if (s === 0 || n > 3) return false;
    if (NOT_IN_NAME.hasAny(w, s)) return false;
    // a common word and one more character (安全|性, 银行|卡, 许可|证) is no name unless licensed
    if (commonOpening(w)) return licensedName(tokens, i);
    // a surname and one character the segmenter could not read as words (刘杰, 李昕): a name
    // when the surname is a common one
    return n - s === 2 || licensedName(tokens, i) || (n === 2 && ADDRESSED_SURNAMES.hasAt(w, 0) && plainGivenName(tokens, i));
  }
  return false;
}

/** Pushes tokens i..j (inclusive) as one name, less `endTrim` characters at its end. */
function pushTokens(out: SegmentedName[], tokens: Tokens, type: SegmentedType, i: number, j: number, rule: string, endTrim = 0): void {
  let quote = '';
  for (let k = i; k <= j; k++) quote += tokens.word[k];
  if (endTrim > 0) quote = [...quote].slice(0, -endTrim).join('');
  out.push({ type, start: tokens.start[i], end: tokens.end[j] - endTrim, quote, rule });
}

/** Pushes the one character at `at` as a name. */
function pushOne(out: SegmentedName[], type: SegmentedType, at: number, quote: string, rule: string): void {
  out.push({ type, start: at, end: at + 1, quote, rule });
}

function noPlace(): boolean {
  return false;
}

/**
 * Names suggested by the segmenter for `text`, sorted by start. `isPlace` says whether a word is
 * a listed place name (a country, a Chinese division): jieba tags some of them nr (伊拉克), and a
 * listed place is never taken for a person.
 */
export function segmentedNames(text: string, isPlace: (word: string) => boolean = noPlace): SegmentedName[] {
  const tokens = tokensOf(text);
  const out: SegmentedName[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const word = tokens.word[i];
    const tag = tokens.tag[i];
    const start = tokens.start[i];
    const end = tokens.end[i];
    const n = end - start;
    // 中|美, 日|俄, 中、阿: a country's one-character abbreviation next to another is the country
    if (n === 1 && tag !== 'ns' && COUNTRY_SIDES.has(word) && besideAbbreviation(tokens, i)) {
      pushOne(out, 'place', start, word, 'segmenter-abbreviation');
      continue;
    }
    // 中美关系, 美中关系, 中印两国: two countries' abbreviations opening a word of their relations
    if (n >= 3 && COUNTRY_SIDES.hasAt(word, 0) && COUNTRY_SIDES.hasAt(word, 1) && word.charCodeAt(0) !== word.charCodeAt(1) && PAIR_TAILS.has(word.slice(2))) {
      pushOne(out, 'place', start, word[0], 'segmenter-abbreviation');
      pushOne(out, 'place', start + 1, word[1], 'segmenter-abbreviation');
      continue;
    }
    // Most words are one character (punctuation, particles): only a surname (nr) or a place
    // abbreviation (ns) of one character can start a name; a foreign name's first part is longer.
    if (n === 1 && tag !== 'nr' && tag !== 'ns' && tokens.word[i + 1] !== '·') continue;
    const han = isHanWord(word);
    // 中方, 美方: the side of a country; 访华, 驻华, 抵京: a visit to or a stay in a place.
    if (n === 2 && unitIs(word, 1, '方') && SIDES.hasAt(word, 0)) {
      pushOne(out, 'place', start, word[0], 'segmenter-abbreviation');
      continue;
    }
    // 访华, 驻华大使, 对华关系, 来华访问: the place visited or dealt with
    if (n >= 2 && (VISIT_VERBS.hasAt(word, 0) || unitIs(word, 0, '对')) && VISITED.hasAt(word, 1) && (n === 2 || VISIT_VERBS.hasAt(word, 0) || word.slice(2) === '关系')) {
      pushOne(out, 'place', start + 1, word[1], 'segmenter-abbreviation');
      continue;
    }
    // 法国人, 法国总理, 日本首相: a listed country before a people's word or a title
    if (n >= 3 && han) {
      const country = COUNTRY_PREFIXED.exec(word);
      if (country && isPlace(word.slice(0, word.length - country[0].length))) {
        pushTokens(out, tokens, 'place', i, i, 'segmenter-place', country[0].length);
        continue;
      }
    }
    // 王小姐, 李老师, 江主席: a surname and a form of address or title in one word: the surname.
    if (n >= 3 && ADDRESSED_SURNAMES.hasAt(word, 0) && ADDRESS_WORDS.has(word.slice(1))) {
      pushOne(out, 'person', start, word[0], 'segmenter-address');
      continue;
    }
    // 老张, 小李, 胡老: a surname with a form of address is the person (the surname).
    if (n === 2 && (unitIs(word, 0, '老') || unitIs(word, 0, '小')) && ADDRESSED_SURNAMES.hasAt(word, 1) && !tag.startsWith('v')) {
      pushOne(out, 'person', start + 1, word[1], 'segmenter-address');
      continue;
    }
    if (n === 2 && unitIs(word, 1, '老') && ADDRESSED_SURNAMES.hasAt(word, 0)) {
      pushOne(out, 'person', start, word[0], 'segmenter-address');
      continue;
    }
    // A listed place jieba tags as a name (伊拉克), or its people (荷兰人: 荷兰).
    if ((NAME_TAGS.has(tag) || tag === 'nrt') && han) {
      if (isPlace(word)) {
        pushTokens(out, tokens, 'place', i, i, 'segmenter-place');
        continue;
      }
      if (word.endsWith('人') && n >= 3 && isPlace(word.slice(0, -1))) {
        out.push({ type: 'place', start, end: end - 1, quote: word.slice(0, -1), rule: 'segmenter-place' });
        continue;
      }
      // a name-tagged word that ends in a kind of place (公明镇, 清凉寺, 白金汉宫, 肯特郡), or a
      // transliteration where a place stands (首都阿布贾, ℃莫斯科晴): a place's name
      if ((n >= 3 && PLACE_KIND_END.test(word) && !GENERIC_PLACE_WORDS.has(word)) || (n >= 3 && transliterated(word) && placeContext(tokens, i))) {
        // with its level written as the next word (斯特拉斯堡|市, 巴达赫尚|省)
        const level = LEVEL_WORDS.has(tokens.word[i + 1] ?? '') ? 1 : 0;
        pushTokens(out, tokens, 'place', i, i + level, 'segmenter-place-name');
        i += level;
        continue;
      }
    }
    // A proper word where only a place stands: 首都新德里, 本报开罗5月…电, a weather list (℃法兰克福晴)
    if ((tag === 'nz' || tag === 'nrt' || tag === 'nr') && n >= 2 && n <= 5 && han && datelineOrCapital(tokens, i)) {
      pushTokens(out, tokens, 'place', i, i, 'segmenter-place-name');
      continue;
    }
    // 俄, 韩 tagged as abbreviations (j): the country
    if (n === 1 && tag === 'j' && SIDES.has(word)) {
      pushOne(out, 'place', start, word, 'segmenter-abbreviation');
      continue;
    }
    // An abbreviation of an organization (欧盟, 北大, 足协, 亚行): tag j and an organization ending.
    if (tag === 'j' && n >= 2 && han && !GENERIC_FIRST.hasAt(word, 0) && !NOT_ABBREVIATION.test(word) && !HEAD_SET.has(word) && ORG_ABBREVIATION_END.hasAt(word, word.length - 1) && !(ABBREVIATIONS.hasAt(word, 0) && ABBREVIATIONS.hasAt(word, 1) && n === 2 && !ORG_ABBREVIATION_END.hasAt(word, 1))) {
      pushTokens(out, tokens, 'organization', i, i, 'segmenter-abbreviation');
      continue;
    }
    // Foreign names joined by a middle dot: 查尔斯·莱斯, 马·莱万多夫斯基.
    if (han && tokens.word[i + 1] === '·' && i + 2 < tokens.length && isHanWord(tokens.word[i + 2])) {
      let j = i + 2;
      while (tokens.word[j + 1] === '·' && j + 2 < tokens.length && isHanWord(tokens.word[j + 2])) j += 2;
      pushTokens(out, tokens, 'person', i, j, 'segmenter-foreign');
      i = j;
      continue;
    }
    // An organization: a proper opener, up to four inner words, a head.
    if ((PROPER_TAGS.has(tag) || (ORG_OPENER_FIRST.hasAt(word, 0) && ORG_OPENERS.has(word))) && han && !NOT_OPENERS.has(word)) {
      let best = -1;
      for (let j = i + 1; j <= i + 4 && j < tokens.length; j++) {
        const uWord = tokens.word[j];
        const uTag = tokens.tag[j];
        if (!isHanWord(uWord)) break;
        if (endsWithHead(uWord) && (uTag.startsWith('n') || uTag === 'j' || uTag === 'zg' || uTag === 'x')) best = j;
        if (!INNER_TAGS.has(uTag)) break;
      }
      if (best > 0) {
        pushTokens(out, tokens, 'organization', i, best, 'segmenter-head');
        i = best;
        continue;
      }
    }
    // A listed place opening a word of another kind (中国国情, 中国画, 北京烤鸭): the place
    if ((tag === 'n' || tag === 'nz' || tag === 'l') && n >= 3 && han && !endsWithHead(word) && !FACILITY_NAME_END.test(word)) {
      let k = 0;
      for (let len = Math.min(4, n - 1); len >= 2 && k === 0; len--) if (isPlace(word.slice(0, len))) k = len;
      if (k > 0) {
        pushTokens(out, tokens, 'place', i, i, 'segmenter-place', n - k);
        continue;
      }
    }
    // One word that is a proper name with an organization's head (人民日报, 泰山队), or a listed
    // place's team (匈牙利队, 智利队)
    if ((tag === 'nz' || tag === 'n') && n >= 3 && han && endsWithHead(word) && !HEAD_SET.has(word)) {
      const team = word.endsWith('队') && isPlace(word.slice(0, -1));
      if (tag === 'nz' || team) {
        pushTokens(out, tokens, 'organization', i, i, 'segmenter-head');
        continue;
      }
    }
    if (tag === 'nt' && han && FACILITY_NAME_END.test(word) && n >= 4) {
      pushTokens(out, tokens, 'place', i, i, 'segmenter-facility'); // 北京图书大厦, 中国美术馆: a building is a place
      continue;
    }
    if (tag === 'nt' && han && !GENERIC_ORG_WORDS.has(word) && !LEVEL_GOVERNMENT.test(word) && !NOT_ORG_ENDINGS.some((e) => word.endsWith(e)) && (endsWithHead(word) || (NT_ORG_END.test(word) && (word.endsWith('队') || !notHeadedTail(word))))) {
      // a congress or a committee numbered by its term is that body (第六届|全国人大, 六届|人大常委会)
      const term = TERM.test(tokens.word[i - 1] ?? '') ? 1 : 0;
      pushTokens(out, tokens, 'organization', i - term, i, 'segmenter-nt');
      continue;
    }
    // A body named by its head's title: 司法部长 → 司法部.
    const trim = titleOfBody(word);
    if (trim >= 0 && han) {
      pushTokens(out, tokens, 'organization', i, i, 'segmenter-title-body', trim);
      continue;
    }
    // A surname the segmenter cut from its given name (李/培之, 曹/火星), in a list of names or
    // next to a title: surname token + one or two characters.
    if (n === 1 && surnameLengthAt(word + '某') === 1 && tag === 'nr' && i + 1 < tokens.length) {
      const gWord = tokens.word[i + 1];
      const gTag = tokens.tag[i + 1];
      const gn = tokens.end[i + 1] - tokens.start[i + 1];
      if (gn >= 1 && gn <= 2 && isHanWord(gWord) && !NAME_TAGS.has(gTag) && !FUNCTION_TAGS_IN_NAME.has(gTag) && !NOT_IN_NAME.hasAny(gWord)) {
        const after = tokens.word[i + 2] ?? '';
        const before = tokens.word[i - 1] ?? '';
        if (inNameList(tokens, i, i + 1) || (AFTER_NAME.has(after) && after !== '等') || TITLE_ENDING.test(before) || BEFORE_NAME.has(before)) {
          pushTokens(out, tokens, 'person', i, i + 1, 'segmenter-name');
          i += 1;
          continue;
        }
      }
    }
    if (personName(tokens, i)) {
      pushTokens(out, tokens, 'person', i, i, 'segmenter-name');
      continue;
    }
    if (han && n >= 4) {
      const doctrine = DOCTRINE.find((d) => word.endsWith(d) && word.length - d.length >= 2);
      const founder = doctrine && word.slice(0, -doctrine.length);
      // 邓小平理论, 马克思主义: a name of jieba's dictionary before the doctrine's word
      if (doctrine && founder && (NAME_TAGS.has(tag) ? surnameLengthAt(word) > 0 : NAME_TAGS.has(wordTag(founder) ?? ''))) {
        pushTokens(out, tokens, 'person', i, i, 'segmenter-name', doctrine.length);
        continue;
      }
    }
    // A word jieba tags as a place, listed nowhere, between a title and a name's place (教练扎加洛,
    // 国务委员罗干, 库马拉通加总统): a person
    if (tag === 'ns' && han && n >= 2 && n <= 5 && !isPlace(word) && titledName(tokens, i)) {
      pushTokens(out, tokens, 'person', i, i, 'segmenter-name');
      continue;
    }
    if (tag === 'ns' && han && end - start >= 2 && !GENERIC_PLACE_WORDS.has(word) && !FACILITY_END.test(word)) {
      if (end - start === 2 && ABBREVIATIONS.hasAt(word, 0) && ABBREVIATIONS.hasAt(word, 1)) {
        if (ROUTE_AFTER.test(tokens.word[i + 1] ?? '')) continue; // 晋新高速, 京广线: a route, not two places
        out.push({ type: 'place', start, end: start + 1, quote: word[0], rule: 'segmenter-abbreviation' });
        out.push({ type: 'place', start: start + 1, end, quote: word[1], rule: 'segmenter-abbreviation' });
        continue;
      }
      const region = REGION_HEADS.find((h) => word.endsWith(h) && word.length - h.length >= 2);
      if (region) {
        pushTokens(out, tokens, 'place', i, i, 'segmenter-place', region.length); // 中东地区 → 中东
        continue;
      }
      // 维也纳|市, 龙泉|乡: a place not in a gazetteer with its level written as the next word
      if (!isPlace(word) && LEVEL_WORDS.has(tokens.word[i + 1] ?? '')) {
        pushTokens(out, tokens, 'place', i, i + 1, 'segmenter-place');
        i += 1;
        continue;
      }
      pushTokens(out, tokens, 'place', i, i, 'segmenter-place');
      continue;
    }
    if (tag === 'ns' && n === 1 && SIDES.has(word)) {
      pushOne(out, 'place', start, word, 'segmenter-abbreviation'); // 在京, 美将
      continue;
    }
    // 中美关系, 中日合作: two abbreviations as one word of another tag.
    if (end - start === 2 && ABBREVIATIONS.hasAt(word, 0) && ABBREVIATIONS.hasAt(word, 1) && word.charCodeAt(0) !== word.charCodeAt(1) && (tag === 'j' || tag === 't' || tag === 'x')) {
      out.push({ type: 'place', start, end: start + 1, quote: word[0], rule: 'segmenter-abbreviation' });
      out.push({ type: 'place', start: start + 1, end, quote: word[1], rule: 'segmenter-abbreviation' });
    }
  }
  return out;
}
