/**
 * A release built from PDF pages: a seed text page beside PDFs written by the test (a readable
 * page, a scanned page, an encrypted, a damaged file, a page in a broken font) and, when ../shared/realpages/pdf is there, the six real
 * PDF pages (read from there at test time, never copied into the project). The release passes
 * every check and `verify`; each unreadable page is reported with its code, file and page and
 * left out (quarantined: a sources row says why; --strict fails the build instead); every line of every article read from a PDF has its page and box in the lines table.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { build, type BuildReport } from '../src/build.ts';
import { pdfReaderVersion } from '../src/pdf/read-pdf.ts';
import { verify } from '../src/release/verify.ts';
import { removeDir, REPO, tempDir } from './helpers/fixtures.ts';
import { quiet, setVersion } from './helpers/release.ts';
import { columnLines, makePdf } from './support/make-pdf.ts';

const REAL = path.join(REPO, '../shared/realpages/pdf');
const real = existsSync(REAL) ? readdirSync(REAL).filter((n) => n.endsWith('.pdf')).sort() : [];
const SEED = '000_0f81d0fce9b36645.txt';
const BODY = '社区服务中心今天正式开放，居民可以就近办理各项业务。工作人员介绍，中心每天上午八点开门。';

let dir: string;
let report: BuildReport;
let csv: (table: string) => Promise<Record<string, string>[]>;

before(async () => {
  dir = await tempDir('pdf-build');
  const data = path.join(dir, 'data');
  await mkdir(path.join(data, 'raw'), { recursive: true });
  await copyFile(path.join(REPO, 'data/raw', SEED), path.join(data, 'raw', SEED));
  await copyFile(path.join(REPO, 'data/dataset.json'), path.join(data, 'dataset.json'));
  await setVersion(data, '0.1.0');
  const page = [
    { x: 60, y: 720, size: 28, text: '社区服务中心开放' },
    { x: 60, y: 690, size: 10, text: '本报记者 李华' },
    ...columnLines(BODY, { x: 60, top: 670, size: 10, lines: 9, chars: 15, indentFirst: true }),
    ...columnLines(BODY.slice(11), { x: 240, top: 670, size: 10, lines: 7, chars: 15, indentFirst: true }),
  ];
  await writeFile(path.join(data, 'raw/made.pdf'), makePdf([{ texts: page }, { box: true }]));
  await writeFile(path.join(data, 'raw/locked.pdf'), makePdf([{ texts: page }], { encrypted: true }));
  const whole = makePdf([{ texts: page }]);
  await writeFile(path.join(data, 'raw/damaged.pdf'), whole.slice(0, Math.floor(whole.length / 2)));
  await writeFile(path.join(data, 'raw/font.pdf'), makePdf([{ texts: page }, { texts: [{ x: 50, y: 700, size: 10, text: 'ABCDEFGHIJ', font: 'pua' }] }]));
  for (const name of real) await copyFile(path.join(REAL, name), path.join(data, 'raw', name));
  // The real pages get their paper's name but no issue date: the dates check would refuse the
  // birth years in r01's biographies, a question for fact extraction, not for reading.
  const rows = ['file,newspaper,issue_date,issue_date_earliest,issue_date_latest,page,notes', `${SEED},焦作日报,2022-01-27,,,,`, 'made.pdf,测试报,2024-05-01,,,3,', 'locked.pdf,测试报,,,,,', 'damaged.pdf,测试报,,,,,', 'font.pdf,测试报,,,,,'];
  for (const name of real) rows.push(`${name},real page,,,,,`);
  await writeFile(path.join(data, 'manifest.csv'), rows.join('\n') + '\n');
  report = await build({ dataDir: data, outDir: path.join(dir, 'dist') }, quiet);
  csv = async (table) => parse(await readFile(path.join(report.release!.path, 'csv', `${table}.csv`)), { columns: true }) as Record<string, string>[];
});
after(async () => { await removeDir(dir); });

describe('bad PDFs, each left out with its code (or failing the build with --strict)', () => {
  /** A data folder of one good text page and the given PDFs. */
  async function folder(name: string, pdfs: Record<string, Uint8Array>): Promise<string> {
    const data = path.join(dir, name);
    await mkdir(path.join(data, 'raw'), { recursive: true });
    await copyFile(path.join(REPO, 'data/raw', SEED), path.join(data, 'raw', SEED));
    await copyFile(path.join(REPO, 'data/dataset.json'), path.join(data, 'dataset.json'));
    await setVersion(data, '0.1.0');
    for (const [file, bytes] of Object.entries(pdfs)) await writeFile(path.join(data, 'raw', file), bytes);
    await writeFile(path.join(data, 'manifest.csv'), ['file,newspaper,issue_date,issue_date_earliest,issue_date_latest,page,notes', `${SEED},焦作日报,2022-01-27,,,,`, ...Object.keys(pdfs).map((f) => `${f},测试报,,,,,`)].join('\n') + '\n');
    return data;
  }
  const page = [{ x: 60, y: 720, size: 28, text: '社区服务中心开放' }, ...columnLines(BODY, { x: 60, top: 670, size: 10, lines: 9, chars: 15, indentFirst: true })];
  const pdfs = () => ({ 'big.pdf': makePdf([{ texts: page }, { texts: page }, { texts: page }, { texts: page }]), 'long.pdf': makePdf([{ texts: page }, { texts: page }, { texts: page }]) });
  const pdfLimits = { maxBytes: makePdf([{ texts: page }, { texts: page }, { texts: page }]).length, maxPages: 2 };

  it('pdf-too-large and pdf-too-many-pages: the file is left out, the other pages go on, exit 0 with warnings', async () => {
    const data = await folder('limits', pdfs());
    const r = await build({ dataDir: data, outDir: path.join(dir, 'limits-out'), pdfLimits }, quiet);
    assert.equal(r.exit_code, 0, JSON.stringify(r.errors.slice(0, 3)));
    assert.deepEqual(r.quarantined!.map((q) => [q.source_id, q.code]), [['big.pdf', 'pdf-too-large'], ['long.pdf', 'pdf-too-many-pages']]);
    assert.deepEqual(r.warnings.filter((w) => w.code.startsWith('pdf-') || w.code === 'page-left-out').map((w) => [w.code, w.file]), [['pdf-too-large', 'raw/big.pdf'], ['page-left-out', 'raw/big.pdf'], ['pdf-too-many-pages', 'raw/long.pdf'], ['page-left-out', 'raw/long.pdf']]);
    const sources = parse(await readFile(path.join(r.release!.path, 'csv/sources.csv')), { columns: true }) as Record<string, string>[];
    assert.deepEqual(sources.map((s) => [s.source_id, s.left_out]), [['000_0f81d0fce9b36645', 'false'], ['big.pdf', 'true'], ['long.pdf', 'true']]);
  });

  it('with --strict, any bad PDF fails the build: exit 1, its code as the error, nothing published', async () => {
    const whole = makePdf([{ texts: page }]);
    const bad = { ...pdfs(), 'locked.pdf': makePdf([{ texts: page }], { encrypted: true }), 'damaged.pdf': whole.slice(0, whole.length >> 1), 'scan.pdf': makePdf([{ box: true }]), 'font.pdf': makePdf([{ texts: [{ x: 50, y: 700, size: 10, text: 'ABCDEFGHIJ', font: 'pua' }] }]) };
    const data = await folder('strict', bad);
    const out = path.join(dir, 'strict-out');
    const r = await build({ dataDir: data, outDir: out, pdfLimits, strict: true }, quiet);
    assert.equal(r.exit_code, 1);
    assert.equal(r.release, null);
    assert.deepEqual(r.errors.map((e) => e.code).sort(), ['pdf-broken-font', 'pdf-damaged', 'pdf-encrypted', 'pdf-no-text-layer', 'pdf-too-large', 'pdf-too-many-pages']);
    assert.deepEqual(r.quarantined, []);
    assert.ok(!existsSync(path.join(out, '0.1.0')));
  });
});

describe('a release from PDF pages', () => {
  it('builds, passes every check, and passes verify', async () => {
    assert.equal(report.exit_code, 0, JSON.stringify(report.errors.slice(0, 3)));
    assert.ok(report.checks.length > 0 && report.checks.every((c) => c.passed));
    const v = await verify(report.release!.path);
    assert.deepEqual(v.errors, []);
    assert.equal(v.ok, true);
  });

  it('leaves each unreadable page or file out with its code, file and page: a sources row says why, the report and README list it', async () => {
    const pdfIssues = report.warnings.filter((w) => w.code.startsWith('pdf-')).map((w) => [w.code, w.file, w.line]);
    assert.deepEqual(pdfIssues, [['pdf-damaged', 'raw/damaged.pdf', null], ['pdf-broken-font', 'raw/font.pdf', 2], ['pdf-encrypted', 'raw/locked.pdf', null], ['pdf-no-text-layer', 'raw/made.pdf', 2]]);
    const out = [['damaged.pdf', 'raw/damaged.pdf', 'pdf-damaged'], ['font.pdf-p2', 'raw/font.pdf#page=2', 'pdf-broken-font'], ['locked.pdf', 'raw/locked.pdf', 'pdf-encrypted'], ['made.pdf-p2', 'raw/made.pdf#page=2', 'pdf-no-text-layer']];
    assert.deepEqual(report.quarantined!.filter((q) => q.code.startsWith('pdf-')).map((q) => [q.source_id, q.path, q.code]), out);
    assert.equal(report.warnings.filter((w) => w.code === 'page-left-out' && /\.pdf(#page=[0-9]+)?$/u.test(w.file ?? '')).length, 4);
    const sources = await csv('sources');
    const made = sources.filter((s) => s.file.endsWith('.pdf') && !real.includes(s.file.slice(4)));
    assert.deepEqual(made.filter((s) => s.left_out === 'false').map((s) => s.source_id), ['font.pdf-p1', 'made.pdf-p1']);
    const left = made.filter((s) => s.left_out === 'true').map((s) => [s.source_id, s.file, s.pdf_page, s.reader, s.left_out_reason.split(':')[0]]);
    assert.deepEqual(left, [['damaged.pdf', 'raw/damaged.pdf', '', 'pdfjs-dist', 'pdf-damaged'], ['font.pdf-p2', 'raw/font.pdf', '2', 'pdfjs-dist', 'pdf-broken-font'], ['locked.pdf', 'raw/locked.pdf', '', 'pdfjs-dist', 'pdf-encrypted'], ['made.pdf-p2', 'raw/made.pdf', '2', 'pdfjs-dist', 'pdf-no-text-layer']]);
    assert.match(sources.find((s) => s.source_id === 'made.pdf-p2')!.left_out_reason, /OCR is needed/);
    const readme = await readFile(path.join(report.release!.path, 'README.md'), 'utf8');
    for (const [, file, code] of out) assert.ok(readme.includes(file) && readme.includes(code), `${file} ${code} in the README`);
  });

  it('records the reader and page of every PDF page, and its page number from the manifest', async () => {
    const made = (await csv('sources')).find((s) => s.source_id === 'made.pdf-p1')!;
    assert.deepEqual([made.file, made.reader, made.reader_version, made.pdf_page, made.page, made.newspaper], ['raw/made.pdf', 'pdfjs-dist', await pdfReaderVersion(), '1', '3', '测试报']);
    const articles = (await csv('articles')).filter((a) => a.source_id === 'made.pdf-p1');
    assert.deepEqual(articles.map((a) => [a.headline, a.byline, a.paragraph_count]), [['社区服务中心开放', '本报记者 李华', '2']]);
  });

  it('gives every line of every article read from a PDF its page and box', async () => {
    const lines = new Map((await csv('lines')).map((l) => [`${l.source_id}:${l.line_no}`, l]));
    const sources = new Map((await csv('sources')).map((s) => [s.source_id, s]));
    const articles = (await csv('articles')).filter((a) => sources.get(a.source_id)!.reader !== '');
    assert.ok(articles.length >= 1 + (real.length ? 30 : 0), `${articles.length} articles from PDFs`);
    for (const a of articles) {
      for (let n = Number(a.line_start); n <= Number(a.line_end); n++) {
        const l = lines.get(`${a.source_id}:${n}`);
        assert.ok(l, `${a.source_id} line ${n} has no box`);
        assert.equal(l.pdf_page, sources.get(a.source_id)!.pdf_page);
        assert.ok(Number(l.x1) > Number(l.x0) && Number(l.y1) > Number(l.y0));
      }
    }
    // Text pages have no boxes.
    assert.ok(![...lines.keys()].some((k) => k.startsWith(SEED.replace('.txt', ''))));
  });

  it('reads the six real PDF pages when ../shared/realpages is there', { skip: real.length === 0 && 'no ../shared/realpages/pdf' }, async () => {
    const sources = (await csv('sources')).filter((s) => real.includes(s.file.slice('raw/'.length)));
    assert.equal(sources.length, real.length);
    const articles = (await csv('articles')).filter((a) => sources.some((s) => s.source_id === a.source_id));
    // 36 articles in the gold (../shared/realpages/gold.json); the quality is scored by bench/evaluate-pdf.ts.
    assert.ok(articles.length >= 30 && articles.length <= 42, `${articles.length} articles`);
  });
});
