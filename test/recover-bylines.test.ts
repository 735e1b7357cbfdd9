import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isPageFurniture,
  isStandaloneByline,
  parseStandaloneByline,
  startsWithContinuationMarker,
  startsWithInlineByline,
  stripContinuationMarker,
  takeInlineByline,
} from '../src/recover/bylines.ts';
import { recoverPage, splitHeadingGroup } from '../src/recover/index.ts';

test('standalone bylines: one or several names, padded names merged', () => {
  assert.deepEqual(parseStandaloneByline('本报记者 许伟涛'), {
    byline: '本报记者 许伟涛',
    contributors: [{ name: '许伟涛', role: 'reporter', rolePrinted: '记者' }],
  });
  assert.deepEqual(
    parseStandaloneByline('本报记者  王冰  李秋').contributors.map((c) => c.name),
    ['王冰', '李秋'],
  );
  assert.deepEqual(parseStandaloneByline('本报记者 王  伟').contributors.map((c) => c.name), ['王伟']);
  assert.equal(parseStandaloneByline('本报通讯员 任瑶').contributors[0].role, 'correspondent');
});

test('standalone bylines are not body sentences that start the same way', () => {
  assert.equal(isStandaloneByline('本报记者 许伟涛'), true);
  assert.equal(isStandaloneByline('本报记者日前从市卫健委获悉'), false);
  assert.equal(isStandaloneByline('本报记者 日前从市卫健委获悉，全市已经开展了大规模检测工作'), false);
});

test('own-line bylines may end with the photographs\' source, which names no contributor', () => {
  const line = '晨光新闻·某某日报记者 王明 见习记者 李华/文 采访对象供图';
  assert.equal(isStandaloneByline(line), true);
  assert.deepEqual(parseStandaloneByline(line).contributors.map((c) => [c.name, c.rolePrinted]), [
    ['王明', '记者'],
    ['李华', '见习记者'],
  ]);
  assert.equal(isStandaloneByline('采访对象供图显示，新馆占地约十亩'), false);
});

test('inline bylines: every common form, taken off the paragraph', () => {
  const plain = takeInlineByline('本报讯（记者王冰）当前，国内外疫情防控形势依然复杂严峻。');
  assert.equal(plain?.parsed.byline, '本报讯（记者王冰）');
  assert.equal(plain?.rest, '当前，国内外疫情防控形势依然复杂严峻。');
  assert.deepEqual(plain?.parsed.contributors, [{ name: '王冰', role: 'reporter', rolePrinted: '记者' }]);

  const two = takeInlineByline('本报讯（通讯员邵珠章、任瑶）面对新冠肺炎疫情防控的严峻形势');
  assert.deepEqual(two?.parsed.contributors.map((c) => [c.name, c.role]), [
    ['邵珠章', 'correspondent'],
    ['任瑶', 'correspondent'],
  ]);

  const mixed = takeInlineByline('本报讯（记者王冰 通讯员李明）近日，');
  assert.equal(mixed?.parsed.byline, '本报讯（记者王冰通讯员李明）');
  assert.deepEqual(mixed?.parsed.contributors.map((c) => [c.name, c.role]), [
    ['王冰', 'reporter'],
    ['李明', 'correspondent'],
  ]);

  const dated = takeInlineByline('本报2月12日电（记者刘婧 李秋）2月12日清晨');
  assert.equal(dated?.parsed.byline, '本报2月12日电（记者刘婧李秋）');
  assert.deepEqual(dated?.parsed.contributors.map((c) => c.name), ['刘婧', '李秋']);
  assert.equal(dated?.rest, '2月12日清晨');

  assert.equal(takeInlineByline('据本报讯，近日'), null);
  assert.equal(startsWithInlineByline('本报讯（通讯员邵珠章、任'), true, 'a byline broken across lines still opens the article');
});

test('continuation markers and page furniture', () => {
  assert.equal(startsWithContinuationMarker('（上接第一版）该公司不计成本，购买'), true);
  assert.equal(startsWithContinuationMarker('(上接第 2 版)该公司'), true);
  assert.equal(stripContinuationMarker('（上接第一版）该公司不计成本'), '该公司不计成本');
  assert.equal(isPageFurniture('责任编辑：张三'), true);
  assert.equal(isPageFurniture('版式设计: 李四'), true);
  assert.equal(isPageFurniture('2020年2月13日 星期四'), true);
  assert.equal(isPageFurniture('编辑部的同志们'), false);
});

test('headline groups: the longest line is the headline, labels and series names are kickers', () => {
  assert.deepEqual(splitHeadingGroup(['我市疫情防控全维度立体观察之四', '焦作亮度：遍地英雄 照亮怀川']), {
    kicker: '我市疫情防控全维度立体观察之四',
    headline: '焦作亮度：遍地英雄 照亮怀川',
    subtitle: null,
  });
  assert.deepEqual(splitHeadingGroup(['我市成立疫情防控应急物资储备库和运输车队', '切实保障市民生活需要']), {
    kicker: null,
    headline: '我市成立疫情防控应急物资储备库和运输车队',
    subtitle: '切实保障市民生活需要',
  });
  assert.deepEqual(splitHeadingGroup(['中站', '为驰援武汉货车护航']), {
    kicker: '中站',
    headline: '为驰援武汉货车护航',
    subtitle: null,
  });
  assert.deepEqual(splitHeadingGroup(['众志成城 共抗疫情', '市委老干部局积极投身疫情防控阻击战', '——记某某']), {
    kicker: '众志成城 共抗疫情',
    headline: '市委老干部局积极投身疫情防控阻击战',
    subtitle: '——记某某',
  });
  // A line in vertical presentation forms was set down the page: the subtitle beside the headline, however long.
  assert.deepEqual(splitHeadingGroup(['北城民警侦破网络诈骗案件', '追回﹃高息理财﹄骗局赃款共十余万元']), {
    kicker: null,
    headline: '北城民警侦破网络诈骗案件',
    subtitle: '追回﹃高息理财﹄骗局赃款共十余万元',
  });
});

test('recover: in a column of briefs each closed by its own credit in brackets, the last brief keeps its credit too; the column has no byline', () => {
  const set = (text: string): string[] => {
    const chars = [...text];
    const out = [chars.splice(0, 14).join('')];
    while (chars.length > 0) out.push(chars.splice(0, 16).join(''));
    return out;
  };
  const briefs = [
    '近日，县林业局组织干部职工来到城郊荒山开展春季义务植树活动，栽种树苗三千余株。（王林 赵华）',
    '日前，县图书馆举办了以“书香润心”为主题的读书分享会，吸引了一百多名读者参加。（李明）',
    '为进一步提升群众的防灾减灾意识，城南社区近日开展了应急疏散演练活动。（陈红 周强）',
  ];
  const text = ['本报讯（记者张三）今天是个好日子，全县上下喜气洋洋，大家都来到广场上参加活动。', '', '简讯', '', ...briefs.flatMap((b) => [...set(b), ''])].join('\n');
  const column = recoverPage(text).articles.find((a) => a.headline === '简讯');
  assert.ok(column);
  assert.equal(column.byline, null);
  assert.match(column.paragraphs[column.paragraphs.length - 1].text, /演练活动。（陈红 ?周强）$/u);
});
