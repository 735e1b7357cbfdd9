import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeRawText, firstInvalidUtf8Offset, firstLongLine, isIsoDate, listRawFiles, MAX_LINE_LENGTH, parseManifest, readManifest } from '../src/inputs/index.ts';
import { leavesDataFolder } from '../src/inputs/read-manifest.ts';
import { BuildError } from '../src/issues.ts';
import { removeDir, tempDir } from './helpers/fixtures.ts';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeRawText', () => {
  it('decodes UTF-8, drops a BOM and records which it was', () => {
    assert.deepEqual(decodeRawText(bytes([0xef, 0xbb, 0xbf], '疫情\n'), 'raw/a.txt'), { text: '疫情\n', encoding: 'utf-8-bom', issue: null });
    assert.deepEqual(decodeRawText(bytes('疫情\n'), 'raw/a.txt'), { text: '疫情\n', encoding: 'utf-8', issue: null });
  });

  it('decodes UTF-16 with a BOM, either byte order', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('疫情\r\n', 'utf16le')]);
    assert.deepEqual(decodeRawText(le, 'raw/a.txt'), { text: '疫情\r\n', encoding: 'utf-16le', issue: null });
    const be = Buffer.from(le.subarray(2)).swap16();
    assert.deepEqual(decodeRawText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'raw/a.txt'), { text: '疫情\r\n', encoding: 'utf-16be', issue: null });
  });

  it('keeps surrogate-pair characters', () => {
    assert.equal(decodeRawText(bytes('𠀀'), 'raw/a.txt').text, '𠀀');
  });

  it('reports invalid UTF-8 with the byte offset of the first bad sequence', () => {
    const r = decodeRawText(bytes('疫情', [0xe6, 0x83], 'x'), 'raw/a.txt');
    assert.equal(r.issue?.code, 'undecodable-text');
    assert.equal(r.issue?.message, 'raw page is not valid UTF-8 and not GB18030 Chinese text: expected UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK, got an invalid UTF-8 byte sequence at byte offset 6 (raw/a.txt)');
  });

  it('decodes GBK/GB18030 Chinese text, and refuses bytes of another encoding', () => {
    assert.deepEqual(decodeRawText(Buffer.from([0xd2, 0xdf, 0xc7, 0xe9]), 'raw/gbk.txt'), { text: '疫情', encoding: 'gb18030', issue: null });
    // 疫情 in Shift-JIS: trail bytes below 0xA1, outside the GB2312 area.
    assert.equal(decodeRawText(Buffer.from([0x89, 0x75, 0x8f, 0xee]), 'raw/sjis.txt').issue?.code, 'undecodable-text');
  });

  it('reports NUL bytes (e.g. a PNG) as binary-file', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const r = decodeRawText(png, 'raw/img.txt');
    assert.equal(r.issue?.code, 'binary-file');
    assert.equal(r.issue?.message, 'raw page is not text: expected UTF-8, UTF-16 or GB18030 text, got a NUL byte at byte offset 8 (raw/img.txt)');
  });

  it('reports mostly control characters as binary-file', () => {
    assert.equal(decodeRawText(Buffer.from([1, 2, 3, 4, 0x41]), 'raw/c.txt').issue?.code, 'binary-file');
  });

  it('reports empty and whitespace-only files as empty-file', () => {
    assert.equal(decodeRawText(Buffer.alloc(0), 'raw/e.txt').issue?.message, 'raw page is empty: expected the text of a newspaper page, got 0 bytes (raw/e.txt)');
    assert.equal(decodeRawText(bytes(' \n\u3000\n'), 'raw/e.txt').issue?.code, 'empty-file');
  });
});

describe('firstInvalidUtf8Offset', () => {
  const cases: [string, number[], number][] = [
    ['valid', [0x41, 0xe7, 0x96, 0xab], -1],
    ['a lone continuation byte', [0x41, 0x80], 1],
    ['an overlong encoding of /', [0xc0, 0xaf], 0],
    ['an encoded surrogate', [0x41, 0xed, 0xa0, 0x80], 1],
    ['a truncated sequence at the end', [0x41, 0x42, 0xe7, 0x96], 2],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
  ];
  for (const [name, b, offset] of cases) it(name, () => assert.equal(firstInvalidUtf8Offset(Uint8Array.from(b)), offset));
});

describe('parseManifest', () => {
  const header = 'file,newspaper,issue_date,issue_date_earliest,issue_date_latest,page,notes';
  const raw = new Set(['a.txt', 'b.txt', 'c.txt']);
  const codes = (text: string) => parseManifest(text, raw).issues.map((i) => [i.code, i.line, i.field]);

  it('derives the date status: exact, range, unknown', () => {
    const m = parseManifest(`${header}\na.txt,焦作日报,2022-01-27,,,3,"dated, online"\nb.txt,焦作日报,,2020-02-13,2020-02-29,,\nc.txt,,,,,,\n`, raw);
    assert.deepEqual(m.issues, []);
    assert.deepEqual(m.entries.get('a.txt'), { file: 'a.txt', line: 2, newspaper: '焦作日报', issueDate: '2022-01-27', earliest: '2022-01-27', latest: '2022-01-27', status: 'exact', note: 'dated, online', page: 3 });
    assert.deepEqual(m.entries.get('b.txt'), { file: 'b.txt', line: 3, newspaper: '焦作日报', issueDate: null, earliest: '2020-02-13', latest: '2020-02-29', status: 'range', note: null, page: null });
    assert.equal(m.entries.get('c.txt')?.status, 'unknown');
  });

  it('accepts columns in any order and a BOM', () => {
    const m = parseManifest('\ufeffnotes,page,issue_date_latest,issue_date_earliest,issue_date,newspaper,file\n,,,,2020-01-01,,a.txt\n', raw);
    assert.deepEqual(m.issues, []);
    assert.equal(m.entries.get('a.txt')?.issueDate, '2020-01-01');
  });

  it('reports unknown and missing columns on line 1', () => {
    assert.deepEqual(codes('file,newspaper,date,issue_date_earliest,issue_date_latest,page,notes\n'), [
      ['manifest-unknown-column', 1, 'date'],
      ['manifest-missing-column', 1, 'issue_date'],
    ]);
  });

  it('reports each bad value with its line and column', () => {
    const text = [
      header,
      'a.txt,焦作日报,2020-02-30,,,,',
      'b.txt,焦作日报,,2020-02-29,2020-02-13,0,',
      'a.txt,焦作日报,,,,,',
      'zzz.txt,,,,,,',
      'c.txt,,,2020-02-13,,two,',
      ',,,,,,',
    ].join('\n');
    assert.deepEqual(codes(text), [
      ['manifest-invalid-date', 2, 'issue_date'],
      ['manifest-date-range-reversed', 3, 'issue_date_earliest'],
      ['manifest-invalid-page', 3, 'page'],
      ['manifest-duplicate-file', 4, 'file'],
      ['manifest-file-not-found', 5, 'file'],
      ['manifest-incomplete-range', 6, 'issue_date_latest'],
      ['manifest-invalid-page', 6, 'page'],
      ['manifest-missing-value', 7, 'file'],
    ]);
  });

  it('says what was expected and what was found', () => {
    const [i] = parseManifest(`${header}\na.txt,焦作日报,2020-2-3,,,,\n`, raw).issues;
    assert.equal(i.message, 'not a valid date: expected a calendar date YYYY-MM-DD, got "2020-2-3" (manifest.csv:2, issue_date)');
  });

  it('reports a bound that contradicts issue_date', () => {
    assert.deepEqual(codes(`${header}\na.txt,,2020-02-13,2020-02-12,,,\n`), [['manifest-date-conflict', 2, 'issue_date_earliest']]);
  });

  it('reports malformed CSV with its line', () => {
    assert.deepEqual(codes(`${header}\na.txt,"unclosed,,,,,\n`).map((c) => c[0]), ['manifest-malformed-csv']);
    assert.deepEqual(codes(`${header}\na.txt,1,2\n`), [['manifest-malformed-csv', 2, null]]);
  });

  it('isIsoDate checks the calendar', () => {
    assert.deepEqual(['2020-02-29', '2021-02-29', '2020-13-01', '２０２０-01-01'].map(isIsoDate), [true, false, false, false]);
  });
});

describe('listRawFiles and readManifest', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir('inputs');
    await mkdir(path.join(dir, 'raw/sub'), { recursive: true });
    for (const f of ['b.txt', 'a.txt', 'notes.md']) await writeFile(path.join(dir, 'raw', f), 'x');
  });
  after(async () => { await removeDir(dir); });

  it('lists *.txt sorted and warns about anything else', async () => {
    const r = await listRawFiles(dir);
    assert.deepEqual(r.names, ['a.txt', 'b.txt']);
    assert.deepEqual(r.issues.map((i) => [i.code, i.severity, i.file]).sort(), [['ignored-file', 'warning', 'raw/notes.md'], ['ignored-file', 'warning', 'raw/sub']]);
  });

  it('a missing raw/ folder is a configuration error', async () => {
    await assert.rejects(listRawFiles(path.join(dir, 'nope')), (e: unknown) => e instanceof BuildError && e.issues[0].code === 'missing-raw-folder');
  });

  it('a missing manifest is no manifest', async () => {
    assert.deepEqual(await readManifest(dir, new Set()), { entries: new Map(), issues: [] });
  });

  it('reads the file from its bytes: a BOM, Chinese text, a note over two lines, and a bad byte named by its offset', async () => {
    const data = path.join(dir, 'bytes');
    await mkdir(data, { recursive: true });
    const csv = 'file,newspaper,issue_date,issue_date_earliest,issue_date_latest,page,notes\na.txt,焦作日报,2020-02-03,,,2,"第一行\n第二行"\nb.txt,焦作日报,2020-2-4,,,,\n';
    await writeFile(path.join(data, 'manifest.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]));
    const m = await readManifest(data, new Set(['a.txt', 'b.txt']));
    assert.deepEqual(m.entries.get('a.txt'), { file: 'a.txt', line: 2, newspaper: '焦作日报', issueDate: '2020-02-03', earliest: '2020-02-03', latest: '2020-02-03', status: 'exact', note: '第一行\n第二行', page: 2 });
    assert.deepEqual(m.issues.map((i) => [i.code, i.line, i.field]), [['manifest-invalid-date', 4, 'issue_date']]);
    await writeFile(path.join(data, 'manifest.csv'), Buffer.concat([Buffer.from(csv.slice(0, 20)), Buffer.from([0xff]), Buffer.from(csv.slice(20))]));
    const bad = await readManifest(data, new Set(['a.txt']));
    assert.deepEqual(bad.issues.map((i) => i.code), ['undecodable-text']);
    assert.match(bad.issues[0].message, /byte offset 20\b/);
  });

  it('follows a symbolic link inside the data folder; one leaving it is path-outside-data; a broken one is ignored', async () => {
    const data = path.join(dir, 'links');
    await mkdir(path.join(data, 'raw'), { recursive: true });
    await writeFile(path.join(data, 'kept.txt'), 'x');
    await symlink(path.join(data, 'kept.txt'), path.join(data, 'raw/inside.txt'));
    await symlink(path.join(dir, 'raw/a.txt'), path.join(data, 'raw/outside.txt'));
    await symlink(path.join(data, 'nothing.txt'), path.join(data, 'raw/broken.txt'));
    const r = await listRawFiles(data);
    assert.deepEqual(r.names, ['inside.txt']);
    assert.deepEqual(r.issues.map((i) => [i.code, i.severity, i.file]).sort(), [['ignored-file', 'warning', 'raw/broken.txt'], ['path-outside-data', 'error', 'raw/outside.txt']]);
  });
});

describe('line length', () => {
  it('finds the first line longer than the limit, counting code points and any line break', () => {
    assert.equal(firstLongLine('ab\ncd', 2), null);
    assert.deepEqual(firstLongLine('ab\r\nabc\rx', 2), { line: 2, length: 3 });
    assert.equal(firstLongLine('𠀀𠀀\n', 2), null, 'a surrogate pair is one character');
    assert.deepEqual(firstLongLine('𠀀𠀀𠀀', 2), { line: 1, length: 3 });
  });

  it('a line of exactly the limit decodes; one more character is line-too-long with file, line and length', () => {
    const line = '疫'.repeat(MAX_LINE_LENGTH);
    assert.equal(decodeRawText(bytes(`标题\n${line}\n`), 'raw/a.txt').issue, null);
    assert.equal(
      decodeRawText(bytes(`标题\n${line}情\n`), 'raw/a.txt').issue?.message,
      `raw page line is too long: expected at most ${MAX_LINE_LENGTH} characters per line (a newspaper page, not a dump), got ${MAX_LINE_LENGTH + 1} characters (raw/a.txt:2)`,
    );
  });
});

describe('manifest paths', () => {
  it('refuses absolute paths and .. segments, whatever the separator', () => {
    for (const p of ['../x.txt', '/etc/passwd', 'a/../../x.txt', '..\\x.txt', 'C:\\x.txt', '\\\\server\\x.txt']) assert.equal(leavesDataFolder(p), true, p);
    for (const p of ['000_a.txt', 'x..y.txt', '.hidden.txt']) assert.equal(leavesDataFolder(p), false, p);
  });

  it('reports path-outside-data with line and field, and does not look the path up', () => {
    const { issues } = parseManifest('file,newspaper,issue_date,issue_date_earliest,issue_date_latest,page,notes\n../x.txt,,,,,,\n', new Set());
    assert.deepEqual(issues.map((i) => i.message), ['manifest names a path outside the data folder: expected a file name in raw/, such as 000_0f81d0fce9b36645.txt, got "../x.txt" (manifest.csv:2, file)']);
  });
});
