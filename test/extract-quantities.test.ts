import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractQuantities, type Quantity } from '../src/extract/quantities.ts';
import { cpSlice } from '../src/extract/span.ts';

function only(text: string): Quantity {
  const qs = extractQuantities(text);
  assert.equal(qs.length, 1, `expected one quantity in ${text}, got ${JSON.stringify(qs.map((q) => q.quote))}`);
  return qs[0];
}
function quotes(text: string): string[] {
  return extractQuantities(text).map((q) => q.quote);
}

describe('extractQuantities: brief cases', () => {
  it('86万余名党员干部联系100余万户群众', () => {
    const qs = extractQuantities('全市86万余名党员干部联系100余万户群众，带领群众拉起群防群治、联防联控的严密防线。');
    assert.equal(qs.length, 2);
    assert.deepEqual(
      qs.map((q) => [q.quote, q.value, q.qualifier, q.unit, q.unit_class, q.subject]),
      [
        ['86万余名', 860000, 'over', '名', 'count', '党员干部'],
        ['100余万户', 1000000, 'over', '户', 'count', '群众'],
      ],
    );
  });
  it('3000 个口罩 (with a space) → subject 口罩', () => {
    const q = only('市关工委给这些可敬的“五老”志愿者发放了 3000 个口罩和方便面、火腿肠等物资。');
    assert.deepEqual([q.quote, q.value, q.unit, q.subject], ['3000 个', 3000, '个', '口罩']);
  });
  it('每天保证150吨到200吨蔬菜供应 → range, rate 每天, subject 蔬菜', () => {
    const qs = extractQuantities('从农历大年三十到正月初十每天保证150吨到200吨蔬菜供应，目前已经增加到每天供应250吨到300吨，2月10日更是达到420吨。');
    assert.deepEqual(
      qs.map((q) => [q.quote, q.value, q.value_max, q.qualifier, q.unit, q.unit_class, q.subject, q.rate, q.rule]),
      [
        ['150吨到200吨', 150, 200, 'range', '吨', 'mass', '蔬菜', '每天', 'range'],
        ['250吨到300吨', 250, 300, 'range', '吨', 'mass', null, '每天', 'range'],
        ['420吨', 420, null, 'exact', '吨', 'mass', null, null, 'number+unit'],
      ],
    );
  });
  it('日产量由过去的3000个增加到8000个 → rate 日产量 on both', () => {
    const qs = extractQuantities('名仁明康唯一一条口罩生产线在原材料短缺的情况下，日产量由过去的 3000 个增加到8000个。');
    assert.deepEqual(qs.map((q) => [q.quote, q.value, q.rate]), [['3000 个', 3000, '日产量'], ['8000个', 8000, '日产量']]);
  });
  it('150至200吨 and 3-5天 ranges', () => {
    const a = only('每天运送150至200吨物资');
    assert.deepEqual([a.value, a.value_max, a.qualifier, a.unit, a.quote], [150, 200, 'range', '吨', '150至200吨']);
    const b = only('隔离观察3-5天后');
    assert.deepEqual([b.value, b.value_max, b.qualifier, b.unit, b.unit_class], [3, 5, 'range', '天', 'duration']);
  });
  it('equal or falling bounds are no range: 111吨到111吨 is two mentions (found at scale, 9 in 100,000 generated articles)', () => {
    const qs = extractQuantities('每天运送111吨到111吨物资');
    assert.deepEqual(qs.map((q) => [q.quote, q.value, q.value_max]), [['111吨', 111, null], ['111吨', 111, null]]);
    assert.deepEqual(extractQuantities('运送500吨到100吨').map((q) => q.value_max), [null, null]);
  });
  it('range scales a bare first number by the second multiplier: 3至5万元', () => {
    const q = only('投入3至5万元');
    assert.deepEqual([q.value, q.value_max, q.unit], [30000, 50000, '元']);
  });
  it('2 万元 → value 20000, unit 元, printed 万 kept in the quote', () => {
    const q = only('孟州市老党员闫根德捐款 2 万元、温县退休民警');
    assert.deepEqual([q.quote, q.value, q.unit, q.unit_class], ['2 万元', 20000, '元', 'currency']);
    const qs = extractQuantities('孟州市老党员闫根德捐款2万元、温县退休民警王国军缴纳5000元党费助力战“疫”');
    assert.deepEqual(qs.map((x) => [x.quote, x.value, x.unit, x.subject]), [['2万元', 20000, '元', null], ['5000元', 5000, '元', '党费']]);
  });
  it('两个孩子 → 2 个', () => {
    const q = only('樊燕梅安置好家里两个孩子，没吭一声，果断上岗……');
    assert.deepEqual([q.quote, q.value, q.unit, q.subject, q.rule], ['两个', 2, '个', '孩子', 'chinese-numeral+unit']);
  });
  it('上千次 → about 1000', () => {
    const q = only('他每天站在市月季农贸市场入口处，拿着体温枪的手举起上千次。');
    assert.deepEqual([q.quote, q.value, q.qualifier, q.unit], ['上千次', 1000, 'about', '次']);
  });
  it('近20名 → about; 40多名 → over; 1300余人 → over', () => {
    assert.deepEqual((({ quote, value, qualifier }) => [quote, value, qualifier])(only('近20名疫情防控人员正在雪中坚守。')), ['近20名', 20, 'about']);
    const q = only('其他40多名流调人员逐项摸排、逐一核查，一直工作至天亮。');
    assert.deepEqual([q.quote, q.value, q.qualifier, q.subject], ['40多名', 40, 'over', '流调人员']);
    assert.equal(only('专门为隔离观察人员及工作人员等1300余人发放中药颗粒饮剂。').qualifier, 'over');
  });
  it('约/左右/以上/许 qualifiers', () => {
    assert.equal(only('约3000人左右参加').qualifier, 'about');
    assert.equal(only('3000人以上').qualifier, 'over');
    assert.equal(only('3000人左右').qualifier, 'about');
    assert.equal(only('行程300米许').qualifier, 'about');
  });
  it('4倍 / 4倍多 / 两倍多 → ratio', () => {
    const qs = extractQuantities('以高于平时 4 倍价格购进。一同购进的还有涨了4倍多价格的原材料，购买涨价两倍多的原材料');
    assert.deepEqual(qs.map((q) => [q.quote, q.value, q.qualifier, q.unit_class]), [
      ['4 倍', 4, 'exact', 'ratio'], ['4倍多', 4, 'over', 'ratio'], ['两倍多', 2, 'over', 'ratio'],
    ]);
  });
  it('percentages', () => {
    const a = only('治愈率达到50%');
    assert.deepEqual([a.value, a.unit, a.unit_class, a.rule], [50, '%', 'ratio', 'percent']);
    const b = only('占百分之五十');
    assert.deepEqual([b.quote, b.value, b.unit, b.rule], ['百分之五十', 50, '%', 'percent-words']);
    assert.equal(only('下降了2个百分点').unit, '个百分点');
  });
  it('24 小时 → duration; 3年多, 1 年, 7 天, 两个多月', () => {
    assert.deepEqual((({ quote, value, unit, unit_class }) => [quote, value, unit, unit_class])(only('该公司员工全天 24 小时加班生产。')), ['24 小时', 24, '小时', 'duration']);
    const q = only('经过3年多的努力');
    assert.deepEqual([q.value, q.qualifier, q.unit, q.unit_class], [3, 'over', '年', 'duration']);
    assert.deepEqual(quotes('尤其是 3 条生产线的厂，最少也得 1 年。亿中弘 7 天完成生产过程'), ['3 条', '1 年', '7 天']);
    const m = only('已经坚守两个多月');
    assert.deepEqual([m.unit, m.qualifier, m.value], ['个月', 'over', 2]);
  });
  it('2.8万余袋, 1.8万份, 6万多个口罩, 200多万元, 5 万只口罩', () => {
    const qs = extractQuantities('发放中药汤剂2.8万余袋，发放配制好的中草药1.8万份，已累计向社会捐赠6万多个口罩。总投入200多万元。筹措 8.5 吨酒精、17 吨消毒液、5 万只口罩，');
    assert.deepEqual(qs.map((q) => [q.quote, q.value, q.qualifier, q.unit, q.subject]), [
      ['2.8万余袋', 28000, 'over', '袋', null],
      ['1.8万份', 18000, 'exact', '份', null],
      ['6万多个', 60000, 'over', '个', '口罩'],
      ['200多万元', 2000000, 'over', '元', null],
      ['8.5 吨', 8.5, 'exact', '吨', '酒精'],
      ['17 吨', 17, 'exact', '吨', '消毒液'],
      ['5 万只', 50000, 'exact', '只', '口罩'],
    ]);
  });
  it('area and volume: 2000平方米、2万立方米', () => {
    const qs = extractQuantities('提供2000平方米、2万立方米的高台标准库');
    assert.deepEqual(qs.map((q) => [q.value, q.unit, q.unit_class, q.subject]), [[2000, '平方米', 'area', null], [20000, '立方米', 'volume', null]]);
  });
  it('full-width digits and an Arabic 1 (1人 is a quantity)', () => {
    assert.equal(only('共４５名志愿者').value, 45);
    assert.deepEqual((({ value, unit }) => [value, unit])(only('郑州81号确诊病例在焦作的活动轨迹中涉及该区1人，属密切接触人员。')), [1, '人']);
  });
  it('offsets are code points and quote is the code-point slice', () => {
    const text = '𠀀𠀀全市86万余名党员干部联系100余万户群众';
    for (const q of extractQuantities(text)) {
      assert.equal(cpSlice(text, q.start, q.end), q.quote);
    }
    assert.equal(extractQuantities(text)[0].start, 4);
  });
});

describe('extractQuantities: not quantities', () => {
  const none = [
    '从2月9日开始，推行第三批重点人群的中药预防干预工作',
    '提前赶到最近的经三路南段加气站，协调加气。',
    '郑州81号确诊病例在焦作的活动轨迹中',
    '该街道按照“外防输入，内防扩散”的原则，探索出“64227”工作法。',
    '该街道参照“334”楼院自治模式，创新性开展疫情防控工作',
    '1月11日22时40分，马村区疾控中心值班人员接到电话',
    '1月4日晚，晋新高速焦作南站迎宾路出口',
    '负责带班的市城乡一体化示范区城管局副局长郭连生从2020年年初疫情防控开始',
    '全市广大“五老”志愿者积极响应市委号召',
    '携手投入疫情防控一线。',
    '千家万户',
    '村两委干部负责把中药汤剂送到居家隔离人员家中。',
    '一名党员一面旗！',
    '一个个感人的瞬间，一幅幅暖心的画面，一组组泪目的镜头',
    '默默地坚守着最后一道防线。',
    '一份流行病学调查报告，一张流调图，在那样一个不眠之夜',
    '资料规范做到“两簿、两台账、七公示”。',
    '坚持“六抓六促六到位”，织密疫情防控网。',
    '监管时做到“三清三不”',
    '没有一个冬天不可逾越，没有一个春天不会来临。',
    '（上接第一版）该公司不计成本',
    '2016 年，王晋豫等人响应号召',
    '从 1 月 30 日开始，孟州市组织多家中医诊所加班加点',
    '2 月 12 日下午，焦作市新冠肺炎疫情防控应急物资仓库',
    '二〇二〇年',
    '佩戴N95口罩',
    '三番五次',
    '数十名志愿者',
    '十分重要',
    '第一时间通过电话向领导请战',
    '绝对不能让物资运送车多耽搁一秒钟。',
  ];
  for (const s of none) {
    it(s, () => assert.deepEqual(quotes(s), []));
  }
});

// ───────────── evaluation over real seed sentences (hand-checked gold) ─────────────
// Each entry: a sentence copied from data/raw (line breaks and justification spaces removed)
// and the quantities a careful reader would extract: [quote, value, unit].
const GOLD: Array<[string, Array<[string, number, string]>]> = [
  ['在这场战“疫”中，机关党员干部挺身而出、迎难而上，下沉支援一线；社区党员干部化身防疫安全卫士，全市86万余名党员干部联系100余万户群众，带领群众拉起群防群治、联防联控的严密防线。', [['86万余名', 860000, '名'], ['100余万户', 1000000, '户']]],
  ['1月4日晚，晋新高速焦作南站迎宾路出口，近20名疫情防控人员正在雪中坚守。', [['近20名', 20, '名']]],
  ['“不管什么时间，不管什么环境，作为党员，就要冲在前……”负责带班的市城乡一体化示范区城管局副局长郭连生从2020年年初疫情防控开始，已记不得多少次在卡点值守。', []],
  ['检测点上，一名穿着白色防护服的医护人员名叫樊燕梅，来自示范区苏家作乡卫生院。', []],
  ['樊燕梅安置好家里两个孩子，没吭一声，果断上岗……', [['两个', 2, '个']]],
  ['自1月4日14时起，为有效防止疫情输入和传播，焦作交警按照全市疫情防控工作安排部署，安排部署专门警力，在全市境内所有高速公路下站口和与外地市连通的国、省干线公路设置疫情防控交通检测站，全力筑牢疫情防控安全屏障！', []],
  ['一名党员一面旗！', []],
  ['同在解放区健康产业园区工作的张昆同妻子史君利得知该园区所在4个村的卡点夜班全部由志愿者值守后，他们主动请缨到人流量、车流量大的灵泉陂村口卡点。', [['4个', 4, '个']]],
  ['1月2日起，这对志愿者“夫妻岗”正式“上线”，每三天值夜班一次，从18时开始，到次日8时结束。', [['三天', 3, '天']]],
  ['1月11日22时40分，马村区疾控中心值班人员接到电话，郑州81号确诊病例在焦作的活动轨迹中涉及该区1人，属密切接触人员。', [['1人', 1, '人']]],
  ['连爱国、侯翔和5名疾控人员、2名公安民警一起，在寒风中对张某某及其家人进行流调，快速摸清核心信息。', [['5名', 5, '名'], ['2名', 2, '名']]],
  ['其他40多名流调人员逐项摸排、逐一核查，一直工作至天亮。', [['40多名', 40, '名']]],
  ['一份流行病学调查报告，一张流调图，在那样一个不眠之夜，倾注了多少人的心血，凝聚了多少人的才智！', []],
  ['中站区月山街道月山社区党委书记刘芳的女儿张芷钰，是商丘师范学院的大一学生。', []],
  ['虽然还未满20岁，但她已经跟随母亲两次走上防疫战场，成为名副其实的“防疫老兵”。', [['20岁', 20, '岁'], ['两次', 2, '次']]],
  ['一个个感人的瞬间，一幅幅暖心的画面，一组组泪目的镜头，让你深刻理解了流传甚广的那句话：哪有什么岁月静好，只因有人为你负重前行！', []],
  ['东方红街道充分发挥党员引领作用，发起对党员群众参与疫情防控的集结令，在卡点设立56个党员先锋岗，竖党旗、亮身份，党员主动靠前站好防控“一班岗”。', [['56个', 56, '个']]],
  ['他每天站在市月季农贸市场入口处，拿着体温枪的手举起上千次。', [['上千次', 1000, '次']]],
  ['查验健康码、行程码，测体温……在解放区民主街道道清里社区民政巷口的疫情防控卡点，今年3月即将退休的琚春生工作起来一丝不苟；在新华南街北口疫情防控卡点值守的朱绍华、俞胜利也将退休，可他们都选择在疫情防控点用心、用情、用力站好“最后一班岗”。', []],
  ['“力士小区8栋楼、318户居民，电缆厂院68户……”山阳区焦东街道六号院社区网格员许瑞芳对她所负责的小区情况烂熟于胸。', [['8栋', 8, '栋'], ['318户', 318, '户'], ['68户', 68, '户']]],
  ['今年67岁的她每天坚守在防疫一线，坚持做好政策宣传、信息摸排、巡查值守工作。', [['67岁', 67, '岁']]],
  ['没有一个冬天不可逾越，没有一个春天不会来临。', []],
  ['监管时做到“三清三不”，即进口非冷链货物来源要清楚、货物运输方式要清楚、卸货方式要求要清楚，来源不明不进货、未经核酸检测不卸货、核酸检测不合格不上架销售。', []],
  ['2016年，王晋豫等人响应号召，奔赴西水寨村开展驻村帮扶工作，经过3年多的努力，该村140户贫困户、550个贫困人口逐步脱贫。', [['3年多', 3, '年'], ['140户', 140, '户'], ['550个', 550, '个']]],
  ['“扶贫工作组就是一面旗帜，和村两委在一起就形成了一个战斗堡垒。”王晋豫说，', []],
  ['孟州市老党员闫根德捐款2万元、温县退休民警王国军缴纳5000元党费助力战“疫”；', [['2万元', 20000, '元'], ['5000元', 5000, '元']]],
  ['该局主动联系中州社区和结对帮扶的鑫源社区，详细询问其在防疫工作中遇到的困难和问题，想方设法为两个社区捐赠了1000个口罩和消毒液等防护用品以及方便面、火腿肠等生活物资。', [['两个', 2, '个'], ['1000个', 1000, '个']]],
  ['为给奋战在一线的“五老”志愿者提供有力保障，市关工委给这些可敬的“五老”志愿者发放了3000个口罩和方便面、火腿肠等物资。', [['3000个', 3000, '个']]],
  ['按照市委统一部署，该局选派8名干部深入街道、社区，参与疫情防控工作。', [['8名', 8, '名']]],
  ['市商务局、市物流办分别与焦作市博爱人家物流有限公司、焦作市宏达运输股份有限公司、焦作市方圆运业有限公司等3家企业的负责人进行现场签约。', [['3家', 3, '家']]],
  ['按照协议内容，在新冠肺炎疫情防控期间，市商务局委托焦作市博爱人家物流有限公司提供2000平方米、2万立方米的高台标准库作为我市的临时性应急物资仓库，委托焦作市宏达运输股份有限公司和焦作市方圆运业有限公司共20辆计600吨核定载重能力的货运车辆作为应急物流运输车辆，并将根据工作需要向这3家物流企业下达仓储和运输指令。', [['2000平方米', 2000, '平方米'], ['2万立方米', 20000, '立方米'], ['20辆', 20, '辆'], ['600吨', 600, '吨'], ['3家', 3, '家']]],
  ['正在执勤的中站区综合执法局工作人员刘富林立即协调张宁、许凯两名执法队员，骑巡逻车带领这辆货车尽快赶往加气站。', [['两名', 2, '名']]],
  ['考虑到驰援武汉物资不能耽搁，刘富林专程引路，风驰电掣般提前赶到最近的经三路南段加气站，协调加气。', []],
  ['倡议发出后，多家中医诊所积极响应，两天时间共捐中药预防汤剂1230袋。', [['两天', 2, '天'], ['1230袋', 1230, '袋']]],
  ['为及时送达这些中药预防汤剂和草药，从1月28日起，孟州市卫生健康委每天安排专人，行程200多公里进行发放，保障每人连续服用七天。', [['200多公里', 200, '公里'], ['七天', 7, '天']]],
  ['截至2月12日，孟州市卫生健康委已向各类重点人群众发放中药汤剂2.8万余袋，发放配制好的中草药1.8万份，有效发挥了预防作用。', [['2.8万余袋', 28000, '袋'], ['1.8万份', 18000, '份']]],
  ['群英新村社区共有居民楼60栋，常住居民2406户6478人。', [['60栋', 60, '栋'], ['2406户', 2406, '户'], ['6478人', 6478, '人']]],
  ['1月27日，农历正月初三，名仁明康唯一一条口罩生产线在原材料短缺的情况下，日产量由过去的3000个增加到8000个。', [['3000个', 3000, '个'], ['8000个', 8000, '个']]],
  ['从2月3日开始，在原材料保证供应的前提下，该公司员工全天24小时加班生产。', [['24小时', 24, '小时']]],
  ['目前，在保证市政府统筹下，该公司已累计向社会捐赠6万多个口罩。', [['6万多个', 60000, '个']]],
  ['原有设备早已废弃，该公司凭借长期客户关系，联系到3套目前最先进口罩生产线，并以高于平时4倍价格购进。', [['3套', 3, '套'], ['4倍', 4, '倍']]],
  ['一同购进的还有涨了4倍多价格的原材料，总投入200多万元。', [['4倍多', 4, '倍'], ['200多万元', 2000000, '元']]],
  ['从2月1日领命上马，到2月7日首批产品下线，“正常建一个口罩厂，尤其是3条生产线的厂，最少也得1年。亿中弘7天完成生产过程，是个奇迹！”市工信局一位负责人说。', [['3条', 3, '条'], ['1年', 1, '年'], ['7天', 7, '天']]],
  ['示范区芦堡批发市场作为全市唯一一家农副产品交易批发市场，60多个商户放弃休假，从农历大年三十到正月初十每天保证150吨到200吨蔬菜供应，目前已经增加到每天供应250吨到300吨，2月10日更是达到420吨。', [['60多个', 60, '个'], ['150吨到200吨', 150, '吨'], ['250吨到300吨', 250, '吨'], ['420吨', 420, '吨']]],
  ['6家一线生产企业并不孤单，其背后是示范区的支持、支援和支撑。', [['6家', 6, '家']]],
  ['疫情期间，示范区结合蒙牛焦作公司实际生产经营及内部管控情况，保障该公司安全生产，为该公司优先办理了40张应急保障物资运输通行证，解了企业燃眉之急。', [['40张', 40, '张']]],
  ['市亿中弘工贸公司购买原材料资金紧张，示范区动用100万元财政资金保障原材料供应，并负责开辟各种证件办理绿色通道，确保了该公司尽快投产。', [['100万元', 1000000, '元']]],
  ['示范区甘当“店小二”，为平光制药、可屹隆公司办理物流绿色运输手续；在芦堡批发市场建立临时党支部，保证蔬菜安全进出；为生产企业筹措8.5吨酒精、17吨消毒液、5万只口罩，保障了企业开工所需。', [['8.5吨', 8.5, '吨'], ['17吨', 17, '吨'], ['5万只', 50000, '只']]],
  ['2月12日晚，山阳区首批3名隔离观察期满的密切接触者，办理完成解除医学观察手续后，由医护人员陪同走出隔离点。', [['3名', 3, '名']]],
  ['山阳区按照国家中医药管理局发布的预防新冠肺炎中药配方，指导各级各部门做好中药汤剂熬制、发放工作，专门为隔离观察人员及工作人员等1300余人发放中药颗粒饮剂。', [['1300余人', 1300, '人']]],
  ['“疫情发生后，新城街道办事处与人民路社区卫生服务中心紧密对接，根据国家中医药管理局发布的预防配方，采购了价值2万余元的中药材，确保为辖区各村群众足量供应中药汤剂。”', [['2万余元', 20000, '元']]],
  ['该街道第一时间下发通知，设置值班值守、入户排查、政策宣传、义务巡逻等防控先锋岗，建立临时党支部43个、党员先锋岗89个，1500人在120个楼院卡点参与疫情防控工作。', [['43个', 43, '个'], ['89个', 89, '个'], ['1500人', 1500, '人'], ['120个', 120, '个']]],
  ['该街道充分发挥党员先锋岗作用，6个社区分别组建疫情防控宣传小分队27个，在120个卡点开展疫情防控宣传活动，形成了浓厚宣传氛围。', [['6个', 6, '个'], ['27个', 27, '个'], ['120个', 120, '个']]],
  ['该街道按照“外防输入，内防扩散”的原则，探索出“64227”工作法。', []],
  ['资料规范做到“两簿、两台账、七公示”。', []],
  ['该街道在对111个楼院进行封闭管控的同时，开展代购服务，覆盖群众2万余人，大大降低了人员流动交叉感染几率。', [['111个', 111, '个'], ['2万余人', 20000, '人']]],
  ['该街道参照“334”楼院自治模式，创新性开展疫情防控工作，居民大会表决各类实施方案，大大调动了群众参与的积极性。', []],
  ['全力投入到中站辖区3个高速口检测站点的疫情防控工作，守好焦作西大门，为早日打赢疫情防控阻击战奉献自己的力量。', [['3个', 3, '个']]],
  ['该公司不计成本，购买涨价两倍多的原材料；不讲价钱，无条件服从市政府统筹；除政府统筹外，剩余少量口罩全部捐给社会。', [['两倍多', 2, '倍']]],
  ['焦作平光作为我市一家老牌医药生产企业，有两例中药是此次国家发布指定临床用药。', [['两例', 2, '例']]],
  ['可屹隆公司作为疫情防控应急物资上游生产企业，克服原材料涨价等不利因素，两家企业都在1月31日（农历大年初七）恢复生产。', [['两家', 2, '家']]],
  ['工作人员将该市卫生健康委送来的中药汤剂和草药，分派给镇政府机关各包村干部，由他们送到28个村。', [['28个', 28, '个']]],
  ['围绕“守好门、看好人”两个重点，坚持“六抓六促六到位”，织密疫情防控网。', [['两个', 2, '个']]],
];

// Subjects a careful reader would name (checked separately from detection).
const GOLD_SUBJECTS: Array<[string, string, string | null]> = [
  ['全市86万余名党员干部联系100余万户群众', '86万余名', '党员干部'],
  ['全市86万余名党员干部联系100余万户群众', '100余万户', '群众'],
  ['樊燕梅安置好家里两个孩子，没吭一声', '两个', '孩子'],
  ['在卡点设立56个党员先锋岗，竖党旗', '56个', '党员先锋岗'],
  ['该村140户贫困户、550个贫困人口逐步脱贫。', '140户', '贫困户'],
  ['该村140户贫困户、550个贫困人口逐步脱贫。', '550个', '贫困人口'],
  ['为两个社区捐赠了1000个口罩和消毒液等防护用品', '1000个', '口罩'],
  ['该局选派8名干部深入街道、社区', '8名', '干部'],
  ['60多个商户放弃休假', '60多个', '商户'],
  ['示范区动用100万元财政资金保障原材料供应', '100万元', '财政资金'],
  ['为生产企业筹措8.5吨酒精、17吨消毒液、5万只口罩，', '5万只', '口罩'],
  ['1500人在120个楼院卡点参与疫情防控工作。', '120个', '楼院卡点'],
  ['该街道在对111个楼院进行封闭管控的同时', '111个', '楼院'],
  ['张宁、许凯两名执法队员，骑巡逻车', '两名', '执法队员'],
  ['有两例中药是此次国家发布指定临床用药。', '两例', '中药'],
  ['力士小区8栋楼、318户居民，', '318户', '居民'],
  ['连爱国、侯翔和5名疾控人员、2名公安民警一起，', '2名', '公安民警'],
  ['首批3名隔离观察期满的密切接触者', '3名', null],
  ['采购了价值2万余元的中药材', '2万余元', null],
  ['为该公司优先办理了40张应急保障物资运输通行证', '40张', null],
];

// A second set, written in the style of the corpus BEFORE the extractor saw it (the seed pages
// are only two). First run, before any fix: tp=45 fp=1 fn=1 (15个昼夜 read as 15个),
// precision 0.978, recall 0.978, plus one qualifier miss (约有3万人) and one wrong subject
// (38个乡村卡点整合). Those were then fixed, so it is now a regression set, not a held-out one.
const BLIND: Array<[string, Array<[string, number, string]>]> = [
  ['截至3月5日24时，全市累计报告新冠肺炎确诊病例32例，累计治愈出院28例，现有医学观察人员1260人。', [['32例', 32, '例'], ['28例', 28, '例'], ['1260人', 1260, '人']]],
  ['全市共设立核酸采样点1200余个，组织医务人员3500余名，完成核酸检测约85万人次。', [['1200余个', 1200, '个'], ['3500余名', 3500, '名'], ['约85万人次', 850000, '人次']]],
  ['该县为群众免费发放口罩10万只、消毒液2000余瓶，价值30余万元。', [['10万只', 100000, '只'], ['2000余瓶', 2000, '瓶'], ['30余万元', 300000, '元']]],
  ['武陟县组织志愿者400多人次，连续奋战15个昼夜。', [['400多人次', 400, '人次'], ['15个昼夜', 15, '个昼夜']]],
  ['博爱县第一时间抽调50名医护人员驰援。', [['50名', 50, '名']]],
  ['我市第二批援鄂医疗队共有队员12名，其中医生4名、护士8名。', [['12名', 12, '名'], ['4名', 4, '名'], ['8名', 8, '名']]],
  ['每天对辖区内的3000余户居民进行排查，累计排查人员1.2万人次。', [['3000余户', 3000, '户'], ['1.2万人次', 12000, '人次']]],
  ['目前，该企业日产口罩可达20万只，较疫情初期增长了5倍。', [['20万只', 200000, '只'], ['5倍', 5, '倍']]],
  ['全市已有95%以上的规模以上工业企业复工复产。', [['95%以上', 95, '%']]],
  ['该市场每天供应蔬菜约300吨、肉类50吨左右。', [['约300吨', 300, '吨'], ['50吨左右', 50, '吨']]],
  ['修武县投入资金800万元，用于购置防疫物资。', [['800万元', 8000000, '元']]],
  ['该院发热门诊24小时接诊，累计接诊发热患者136人次。', [['24小时', 24, '小时'], ['136人次', 136, '人次']]],
  ['全市1.6万名党员干部下沉到1700多个村（社区）。', [['1.6万名', 16000, '名'], ['1700多个', 1700, '个']]],
  ['共向湖北运送蔬菜3批次、共计120余吨。', [['3批次', 3, '批次'], ['120余吨', 120, '吨']]],
  ['新冠疫苗接种第一剂次覆盖率达到96.5%。', [['96.5%', 96.5, '%']]],
  ['隔离期满14天后，经两次核酸检测均为阴性，解除隔离。', [['14天', 14, '天'], ['两次', 2, '次']]],
  ['温县将38个乡村卡点整合为12个，配备工作人员146名。', [['38个', 38, '个'], ['12个', 12, '个'], ['146名', 146, '名']]],
  ['该公司捐赠价值50万元的防护服2000套、护目镜500副。', [['50万元', 500000, '元'], ['2000套', 2000, '套'], ['500副', 500, '副']]],
  ['疫情期间，焦作市民政局向困难群众发放救助金1300余万元。', [['1300余万元', 13000000, '元']]],
  ['从1月24日至2月10日，全市公安机关共出动警力2.3万余人次、警车5600余辆次。', [['2.3万余人次', 23000, '人次'], ['5600余辆次', 5600, '辆次']]],
  ['在焦作工作的外地务工人员约有3万人。', [['约有3万人', 30000, '人']]],
  ['沁阳市16个乡镇（街道）全部设立了疫情防控指挥部。', [['16个', 16, '个']]],
  ['孟州市一名八旬老人捐出了自己的1000元积蓄。', [['1000元', 1000, '元']]],
  ['每名隔离人员每天测量体温两次。', [['两次', 2, '次']]],
  ['面积约5000平方米的方舱医院建成投用。', [['约5000平方米', 5000, '平方米']]],
];

function score(set: Array<[string, Array<[string, number, string]>]>) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  for (const [sentence, gold] of set) {
    const got = extractQuantities(sentence).map((q) => `${q.quote}|${q.value}|${q.unit}`);
    const remaining = gold.map(([qt, v, u]) => `${qt}|${v}|${u}`);
    for (const g of got) {
      const k = remaining.indexOf(g);
      if (k >= 0) { tp++; remaining.splice(k, 1); } else { fp++; misses.push(`FP ${g} in ${sentence.slice(0, 20)}`); }
    }
    fn += remaining.length;
    for (const r of remaining) misses.push(`FN ${r} in ${sentence.slice(0, 20)}`);
  }
  return { tp, fp, fn, precision: tp / (tp + fp), recall: tp / (tp + fn), misses };
}

describe('extractQuantities: evaluation on hand-checked seed sentences', () => {
  it('precision / recall', () => {
    const { tp, fp, fn, precision, recall, misses } = score(GOLD);
    let subjOk = 0;
    for (const [s, quote, subject] of GOLD_SUBJECTS) {
      const q = extractQuantities(s).find((x) => x.quote === quote);
      if (q && q.subject === subject) subjOk++;
      else misses.push(`SUBJ ${quote}: got ${q?.subject} want ${subject}`);
    }
    const subjectAcc = subjOk / GOLD_SUBJECTS.length;
    console.log(`quantities: ${GOLD.length} sentences, gold=${tp + fn} tp=${tp} fp=${fp} fn=${fn} precision=${precision.toFixed(3)} recall=${recall.toFixed(3)} subject-accuracy=${subjectAcc.toFixed(3)} (${GOLD_SUBJECTS.length} checked)`);
    if (misses.length) console.log(misses.join('\n'));
    // measured: precision 1.000, recall 1.000, subject accuracy 1.000 on this set; allow a little slack
    assert.ok(precision >= 0.95, `precision ${precision}`);
    assert.ok(recall >= 0.95, `recall ${recall}`);
    assert.ok(subjectAcc >= 0.9, `subject accuracy ${subjectAcc}`);
  });
  it('precision / recall on the second (style-alike) set', () => {
    const r = score(BLIND);
    console.log(`quantities (second set): ${BLIND.length} sentences, gold=${r.tp + r.fn} tp=${r.tp} fp=${r.fp} fn=${r.fn} precision=${r.precision.toFixed(3)} recall=${r.recall.toFixed(3)}`);
    if (r.misses.length) console.log(r.misses.join('\n'));
    // first blind run measured 0.978 / 0.978; now 1.000 / 1.000 after the fixes
    assert.ok(r.precision >= 0.95, `precision ${r.precision}`);
    assert.ok(r.recall >= 0.95, `recall ${r.recall}`);
  });
});

describe('extractQuantities: invariants on random text', () => {
  it('never throws; offsets are sorted, non-overlapping code-point spans', async () => {
    const fc = (await import('fast-check')).default;
    const alphabet = Array.from('0123456789０１２.，。、 一二两三十百千万亿余多近约上名个人户吨元天年月日时分号第“”到至-%倍𠀀党员口罩');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        let last = 0;
        for (const q of extractQuantities(text)) {
          assert.ok(q.start >= last && q.end > q.start, JSON.stringify(q));
          assert.equal(cpSlice(text, q.start, q.end), q.quote);
          assert.ok(Number.isFinite(q.value));
          last = q.end;
        }
      }),
      { numRuns: 2000, seed: 42 },
    );
  });
});

describe('extractQuantities: approximate and compound Chinese numerals', () => {
  const rows = (text: string) => extractQuantities(text).map((q) => [q.quote, q.value, q.value_max, q.unit, q.qualifier]);

  it('neighbouring digits and 十几 are a range in words', () => {
    assert.deepEqual(rows('他在家隔离了十几天。'), [['十几天', 11, 19, '天', 'range']]);
    assert.deepEqual(rows('早上买了两三斤青菜。'), [['两三斤', 2, 3, '斤', 'range']]);
    assert.deepEqual(rows('来了三四个志愿者。'), [['三四个', 3, 4, '个', 'range']]);
    assert.deepEqual(rows('村里有二三十户人家。'), [['二三十户', 20, 30, '户', 'range']]);
    assert.deepEqual(rows('他今年二十几岁。'), [['二十几岁', 21, 29, '岁', 'range']]);
  });

  it('一 counts a duration (一个小时), 万多 is over', () => {
    assert.deepEqual(rows('排队用了一个小时。'), [['一个小时', 1, null, '个小时', 'exact']]);
    assert.deepEqual(rows('他每天走2万多步。'), [['2万多步', 20000, null, '步', 'over']]);
  });

  it('a numeral in a place name is no quantity (七百间街道), a count of places is (两个社区)', () => {
    assert.deepEqual(rows('七百间街道的居民'), []);
    assert.deepEqual(rows('为两个社区捐赠物资'), [['两个', 2, null, '个', 'exact']]);
  });
});
