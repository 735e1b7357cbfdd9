/**
 * Reading PDFs (src/pdf/read-pdf.ts) and recovering a page from its geometry
 * (src/pdf/recover-pdf-page.ts), on PDFs written by test/support/make-pdf.ts: a readable page,
 * and each bad case with its code naming the file and page. The build over PDFs:
 * test/pdf-build.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildLines } from '../src/pdf/lines.ts';
import { manifestForPage, pdfPageFile, pdfPageName } from '../src/pdf/pdf-pages.ts';
import { readPdf, type PdfPageResult, type PdfReadResult } from '../src/pdf/read-pdf.ts';
import { recoverPdfPage } from '../src/pdf/recover-pdf-page.ts';
import { splitRawLines } from '../src/recover/lines.ts';
import { columnLines, makePdf, type PdfText } from './support/make-pdf.ts';

async function pagesOf(r: PdfReadResult): Promise<PdfPageResult[]> {
  const out: PdfPageResult[] = [];
  for await (const p of r.pages) out.push(p);
  return out;
}

const BODY = '市民可以在网上办理这项业务，办理时间为工作日。新的服务点已经开放，欢迎前来咨询。';

/** A page: a headline over two columns of running text, the first paragraph of each indented, a byline on its own line. */
function articlePage(): PdfText[] {
  return [
    { x: 60, y: 720, size: 28, text: '新服务点开放' },
    { x: 60, y: 690, size: 10, text: '本报记者 王小明' },
    ...columnLines(BODY, { x: 60, top: 670, size: 10, lines: 8, chars: 14, indentFirst: true }),
    ...columnLines(BODY.slice(7), { x: 230, top: 670, size: 10, lines: 6, chars: 14, indentFirst: true }),
  ];
}

describe('readPdf', () => {
  it('reads every page: text runs with their box (points from the top left) and size', async () => {
    const r = await readPdf(makePdf([{ texts: articlePage() }, { texts: [{ x: 50, y: 700, size: 20, text: '第二页' }] }]), 'raw/two.pdf');
    assert.equal(r.pageCount, 2);
    assert.deepEqual(r.issues, []);
    const [one, two] = await pagesOf(r);
    assert.equal(one.page!.height, 800);
    const head = one.page!.runs.find((x) => x.text === '新服务点开放')!;
    assert.equal(head.size, 28);
    assert.ok(Math.abs(head.x0 - 60) < 0.5 && head.y1 > 800 - 720 - 1 && head.y0 < 800 - 720 - 20, JSON.stringify(head));
    assert.equal(two.pageNo, 2);
    assert.equal(two.page!.runs[0].text, '第二页');
  });

  it('a page without text (a scan) is pdf-no-text-layer, naming file and page, and says OCR is needed; the other pages go on', async () => {
    const pages = await pagesOf(await readPdf(makePdf([{ texts: articlePage() }, { box: true }, { texts: articlePage() }]), 'raw/scan.pdf'));
    assert.deepEqual(pages.map((p) => p.issues.map((i) => i.code)), [[], ['pdf-no-text-layer'], []]);
    const i = pages[1].issues[0];
    assert.equal(i.file, 'raw/scan.pdf');
    assert.equal(i.line, 2);
    assert.match(i.message, /OCR is needed/);
    assert.equal(pages[1].page, null);
  });

  it('text whose font decodes to private-use codes is pdf-broken-font', async () => {
    const pages = await pagesOf(await readPdf(makePdf([{ texts: [{ x: 50, y: 700, size: 10, text: 'ABCDEFGHIJ', font: 'pua' }] }]), 'raw/font.pdf'));
    assert.equal(pages[0].issues[0].code, 'pdf-broken-font');
    assert.match(pages[0].issues[0].message, /10 of 10 characters unreadable \(raw\/font\.pdf:1, page\)/);
  });

  it('an encrypted PDF that needs a password is pdf-encrypted, with no pages', async () => {
    const r = await readPdf(makePdf([{ texts: articlePage() }], { encrypted: true }), 'raw/locked.pdf');
    assert.deepEqual(r.issues.map((i) => [i.code, i.file]), [['pdf-encrypted', 'raw/locked.pdf']]);
    assert.deepEqual(await pagesOf(r), []);
  });

  it('a truncated file and one that is no PDF are pdf-damaged', async () => {
    const whole = makePdf([{ texts: articlePage() }]);
    for (const bytes of [whole.slice(0, Math.floor(whole.length / 2)), new TextEncoder().encode('%PDF-1.4\nnot a PDF\n')]) {
      const r = await readPdf(bytes, 'raw/bad.pdf');
      assert.deepEqual(r.issues.map((i) => i.code), ['pdf-damaged']);
      assert.equal(r.pageCount, 0);
    }
  });

  it('a file over the byte or page limit is refused before it is parsed (pdf-too-large, pdf-too-many-pages)', async () => {
    const pdf = makePdf([{ texts: articlePage() }, { texts: articlePage() }, { texts: articlePage() }]);
    const big = await readPdf(pdf, 'raw/big.pdf', { maxBytes: 1000, maxPages: 10 });
    assert.deepEqual(big.issues.map((i) => i.code), ['pdf-too-large']);
    const long = await readPdf(pdf, 'raw/long.pdf', { maxBytes: 10_000_000, maxPages: 2 });
    assert.deepEqual(long.issues.map((i) => [i.code, i.message]), [['pdf-too-many-pages', 'PDF has too many pages: expected at most 2 pages per file (split the edition), got 3 pages (raw/long.pdf)']]);
  });
});

describe('recovery from geometry', () => {
  it('gives the article: headline by size, byline by pattern, paragraphs by indent, columns in reading order', async () => {
    const [p] = await pagesOf(await readPdf(makePdf([{ texts: articlePage() }]), 'raw/a.pdf'));
    const { text, page, boxes } = recoverPdfPage(p.page!);
    assert.equal(page.articles.length, 1);
    const a = page.articles[0];
    assert.equal(a.headline, '新服务点开放');
    assert.equal(a.byline, '本报记者 王小明');
    assert.deepEqual(a.contributors.map((c) => [c.name, c.role]), [['王小明', 'reporter']]);
    assert.equal(a.paragraphs.length, 2);
    assert.ok(a.paragraphs[0].text.startsWith('市民可以'));
    assert.ok(a.paragraphs[1].text.startsWith(BODY.slice(7, 12)));
    // The text layer: one printed line per line, each with its box; the article covers its lines.
    const lines = splitRawLines(text);
    assert.equal(lines.length, page.lineCount);
    assert.deepEqual(boxes.map((b) => b.line), lines.map((_, i) => i + 1));
    assert.equal(a.lineStart, 1);
    assert.equal(a.lineEnd, lines.length);
    // Every segment is its raw line from its column on.
    for (const para of a.paragraphs) {
      for (const s of para.segments) {
        const raw = [...lines[s.line - 1]];
        assert.equal([...para.text].slice(s.start, s.end).join(''), raw.slice(s.col, s.col + s.end - s.start).join(''));
      }
    }
    // Boxes are in PDF user space: the headline (baseline 720, 28 pt) stands near the top.
    const headBox = boxes[0];
    assert.ok(headBox.y0 > 710 && headBox.y1 < 760 && headBox.size === 28, JSON.stringify(headBox));
  });

  it('reads a section across its columns before the section under a subhead that breaks both columns', async () => {
    const upper = '上午中心开放，居民前来办理业务。';
    const lower = '下午举行座谈，大家交流意见建议。';
    const texts: PdfText[] = [
      { x: 60, y: 720, size: 28, text: '社区中心开放' },
      ...columnLines(upper, { x: 60, top: 680, size: 10, lines: 4, chars: 14, indentFirst: true }),
      ...columnLines(upper, { x: 220, top: 680, size: 10, lines: 4, chars: 14 }),
      { x: 60, y: 605, size: 13, text: '座谈交流' },
      ...columnLines(lower, { x: 60, top: 580, size: 10, lines: 4, chars: 14, indentFirst: true }),
      ...columnLines(lower, { x: 220, top: 580, size: 10, lines: 4, chars: 14 }),
    ];
    const [p] = await pagesOf(await readPdf(makePdf([{ texts }]), 'raw/s.pdf'));
    const [a] = recoverPdfPage(p.page!).page.articles;
    assert.deepEqual(a.paragraphs.map((x) => x.kind), ['body', 'subheading', 'body']);
    // Read column by column, the upper section's second column would follow the lower section.
    assert.ok([...a.paragraphs[0].text].every((c) => upper.includes(c)) && [...a.paragraphs[0].text].length === 12 + 3 * 14 + 4 * 14, a.paragraphs[0].text);
    assert.equal(a.paragraphs[1].text, '座谈交流');
    assert.ok([...a.paragraphs[2].text].every((c) => lower.includes(c)), a.paragraphs[2].text);
  });

  it('joins vertical text and removes letter spacing from headlines', () => {
    const run = (text: string, x0: number, y0: number, size: number, vertical = false) => ({ text, x0, y0, x1: x0 + (vertical ? size : [...text].length * size), y1: y0 + (vertical ? [...text].length * size : size), size, vertical });
    const lines = buildLines([run('法', 100, 100, 20), run('治', 100, 121, 20), run('一', 100, 142, 20), run('线', 100, 163, 20)]);
    assert.deepEqual(lines.map((l) => [l.text, l.vertical]), [['法治一线', true]]);
    const spaced = buildLines([{ text: '强 化 治 理', x0: 0, y0: 0, x1: 4 * 20 + 3 * 6, y1: 20, size: 20, vertical: false }, { text: '筑 牢 防 线', x0: 4 * 20 + 3 * 6 + 16, y0: 0, x1: 2 * (4 * 20 + 3 * 6) + 16, y1: 20, size: 20, vertical: false }]);
    assert.equal(spaced.length, 1);
    assert.ok(spaced[0].spacing > 0.2);
    assert.equal(spaced[0].wideSpaces.length, 1);
  });
});

describe('PDF source pages', () => {
  it('are named by file and page, and take their page number from the manifest row', () => {
    assert.equal(pdfPageName('r01.pdf', 3), 'r01.pdf-p3');
    assert.equal(pdfPageFile('r01.pdf-p3'), 'raw/r01.pdf#page=3');
    assert.equal(pdfPageFile('000_abc'), null);
    const entry = { file: 'e.pdf', line: 2, newspaper: 'X', issueDate: null, earliest: null, latest: null, status: 'unknown' as const, note: null, page: 5 };
    assert.equal(manifestForPage(entry, 2, 4)!.page, 6);
    assert.equal(manifestForPage({ ...entry, page: null }, 2, 4)!.page, 2);
    assert.equal(manifestForPage({ ...entry, page: null }, 1, 1)!.page, null);
  });
});
