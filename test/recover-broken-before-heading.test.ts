import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { coveredOnce } from './support/covered-once.ts';
import { recoverPage } from '../src/recover/index.ts';

// Invented articles. The first breaks off mid-sentence right before a subheading (a column's
// end); the rest of its sentence is printed as a block inside the next article.
const page = (...blocks: string[]) => blocks.join('\n\n') + '\n';
const ORCHARD = [
  '石桥村果园种上新品种',
  '本报讯（记者 王小林）今年春天，石桥村的果农在农技员的指导下，开始在果园里的空地上种',
  '农技员常驻果园',
  '农技员每周到果园两次，查看果树和草莓的长势，帮助果农解决种植中遇到的难题。',
];
const TALK = [
  '社区举办健康讲座',
  '本报讯（记者 李明）昨天上午，东门社区邀请医院的医生为居民讲解春季常见病的预防知识。',
  '讲座结束后，居民们纷纷表示收获很大。',
];
const REST = '植草莓，果农们说，果园里套种草莓，一亩地能多收入两千多元，石桥村的果园今年已经种了三十多亩。';
const TALK_END = '社区负责人表示，今后还将定期举办这样的讲座，请医生给居民讲讲健康知识。';


describe('a sentence broken off before a subheading', () => {
  it('the rest of it, printed inside a later article, is read right after the line it goes on from', () => {
    const text = page(...ORCHARD, ...TALK, REST, TALK_END);
    const p = recoverPage(text);
    assert.equal(p.articles.length, 2);
    const [orchard, talk] = p.articles;
    assert.deepEqual(
      orchard.paragraphs.map((x) => [x.kind, x.text]),
      [
        ['body', `${ORCHARD[1].replace('本报讯（记者 王小林）', '')}${REST}`],
        ['subheading', ORCHARD[2]],
        ['body', ORCHARD[3]],
      ],
    );
    assert.deepEqual(orchard.pieces.map((x) => [x.lineStart, x.lineEnd]), [[1, 7], [15, 15]]);
    assert.deepEqual(talk.paragraphs.map((x) => x.text), [TALK[1].replace('本报讯（记者 李明）', ''), TALK[2], TALK_END]);
    coveredOnce(text, p);
  });

  it('nothing moves when no word joins the broken line to the block', () => {
    const unrelated = '另外，社区还为行动不便的老人准备了上门服务，医生会定期到老人家中测量血压。';
    const p = recoverPage(page(...ORCHARD, ...TALK, unrelated, TALK_END));
    assert.ok(p.articles.every((a) => a.pieces.length === 1), JSON.stringify(p.articles.map((a) => a.pieces)));
  });
});
