/**
 * Two columns printed row by row (src/recover/side-by-side.ts), on invented pages in pdftotext's
 * reading order: in each row the left column's raw lines, then the right column's, some rows on
 * one raw line with a space between; the left column is read in full, then the right one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPage } from '../src/recover/index.ts';

/** A page: the headline, a blank line, the rows (each `[left raw lines, right raw lines]`), those in `joined` printing the left's last raw line and the right's first as one. */
function rowsPage(headline: string, rows: readonly [readonly string[], readonly string[]][], joined: ReadonlySet<number>): string {
  const raw: string[] = [];
  for (const [k, [left, right]] of rows.entries()) {
    if (joined.has(k) && left.length > 0 && right.length > 0) raw.push(...left.slice(0, -1), `${left[left.length - 1]} ${right[0]}`, ...right.slice(1));
    else raw.push(...left, ...right);
  }
  return [headline, '', ...raw, ''].join('\n');
}

const texts = (text: string) => recoverPage(text).articles.map((a) => ({ headline: a.headline, byline: a.byline, paragraphs: a.paragraphs.map((p) => p.text) }));

describe('two columns printed row by row', () => {
  it('rows in one block, none too wide, a number cut into pieces: the left column in full, then the right, which its last line goes on in', () => {
    // The left column's last line (`…，村`) goes on in the right column's first (`里的…`).
    const rows: [string[], string[]][] = [
      [['本报讯（记者林晓）昨天上午，'], ['里的老人说，这条路修好以后，']],
      [['青山村通往镇上的水泥路正式通'], ['孩子们上学再也不用踩泥水了。']],
      [['车。'], ['村委会主任介绍，修路的钱一部']],
      [['这条路全长'], ['分来自镇里的补助，一部分由村']],
      [['6', '.', '8公里，宽五米，从去年秋天开'], ['民自愿捐款，还有不少在外地读']],
      [['工，经过半年多的施工终于完成。'], ['书的大学生也寄回了钱。']],
      [['通车当天，'], ['路修好后，村里的果园也打算办']],
      [['村民们在村口放起了鞭炮，'], ['起采摘节，欢迎城里的游客周末']],
      [['记者看到，'], ['开车来摘果子，顺便看看村里的风']],
      [['不少村民站在路边看热闹，村'], ['景。']],
    ];
    assert.deepEqual(texts(rowsPage('青山村水泥路通车了', rows, new Set([0, 3, 6, 8]))), [
      {
        headline: '青山村水泥路通车了',
        byline: '本报讯（记者林晓）',
        paragraphs: [
          '昨天上午，青山村通往镇上的水泥路正式通车。',
          '这条路全长6.8公里，宽五米，从去年秋天开工，经过半年多的施工终于完成。',
          '通车当天，村民们在村口放起了鞭炮，记者看到，不少村民站在路边看热闹，村里的老人说，这条路修好以后，孩子们上学再也不用踩泥水了。村委会主任介绍，修路的钱一部分来自镇里的补助，一部分由村民自愿捐款，还有不少在外地读书的大学生也寄回了钱。',
          '路修好后，村里的果园也打算办起采摘节，欢迎城里的游客周末开车来摘果子，顺便看看村里的风景。',
        ],
      },
    ]);
  });

  it('the left column ends at its line that makes a word with the right column\'s first; the right column\'s lines printed alone below are the right column\'s', () => {
    const left = [
      '本报讯（记者 方圆）4月8日上午，',
      '城南小学的操场上坐满了学生和家',
      '长，一场消防演练在这里举行。演练',
      '开始前，消防员向学生们讲解了灭火',
      '器的使用方法和逃生时的注意事项。',
      '据介绍，参加这次演练的师生共有',
      '1200多人，所有人员在三分钟内撤',
      '离到了操场，演练结束后，学生们还',
      '参观了停在校门口的消防车和开往城南的公',
    ];
    const right = [
      '交车。消防员告诉学生，公交车上',
      '也配有灭火器，乘客遇到火情时要',
      '保持冷静，听从司机的指挥有序下',
      '车。校长说，学校每学期都会组织',
      '两次消防演练，让学生们把逃生的',
      '本领记在心里，遇到危险时不慌张',
      '。下个月，学校还将请交警到校讲',
      '解交通安全知识，教学生们认识路',
      '口的信号灯和斑马线。不少家长表',
      '示，这样的活动很有意义，希望学',
      '校多办一些，孩子们学到的本领能',
      '用一辈子。',
    ];
    const rows: [string[], string[]][] = right.map((r, k) => [k < left.length ? [left[k]] : [], [r]]);
    const [article] = texts(rowsPage('消防演练进校园', rows, new Set([0, 4, 7])));
    assert.equal(article.byline, '本报讯（记者方圆）');
    assert.deepEqual(article.paragraphs, [[...left, ...right].join('').replace('本报讯（记者 方圆）', '')]);
  });
  it('a column broken into pieces at every run, only four rows joined, the right column\'s top printed above the dateline: the left column, then the right from its top', () => {
    // Each joined row holds a piece of each column's line, a little too wide, not two full lines.
    const page = [
      '东湖少儿图书馆开馆',
      '■记者 方圆',
      '',
      '分馆共设绘本区和自习区等420多个座',
      '位、',
      '亲子阅读空间、',
      '电子阅 览室、',
      '绘本',
      '城南日报讯 时值2030年的全民阅 专区等，',
      '为少年儿童课后阅读和家长陪伴',
      '读月来临，图书馆推出新举措，',
      '4 月 20 提供了安静舒适的场所，',
      '同时助力全市',
      '日，',
      '市图书馆东湖分馆（少儿馆）正式开 创建',
      '“全国书香城市示范区”',
      '，',
      '让全民阅',
      '馆，首日接待小读者和家长三千余人次。 读成为',
      '“城南新风 书香满城”',
      '的新名片。',
      '',
    ].join('\n');
    const [article] = texts(page);
    assert.equal(article.byline, '城南日报讯 ■记者 方圆');
    assert.equal(
      article.paragraphs.join(''),
      '时值2030年的全民阅读月来临，图书馆推出新举措，4月20日，市图书馆东湖分馆（少儿馆）正式开馆，首日接待小读者和家长三千余人次。' +
        '分馆共设绘本区和自习区等420多个座位、亲子阅读空间、电子阅览室、绘本专区等，为少年儿童课后阅读和家长陪伴提供了安静舒适的场所，同时助力全市创建“全国书香城市示范区”，让全民阅读成为“城南新风书香满城”的新名片。',
    );
  });
});
