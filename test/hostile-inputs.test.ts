/**
 * Small hostile inputs (issue 19, item 9), each refused up front with a coded error naming file,
 * line and field, or decoded: a path-like source id, names too long for the output, control
 * characters and other encodings in curation files, a page of punctuation only.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCurationCsv } from '../src/curation/read-curation.ts';
import { loadGazetteer } from '../src/extract/divisions.ts';
import { listRawFiles, parseManifest } from '../src/inputs/index.ts';
import { BuildError } from '../src/issues.ts';
import { pageContext, processPage } from '../src/pipeline/page-job.ts';
import { parseDatasetMetadata } from '../src/publish/dataset-metadata.ts';
import { loadSchemas } from '../src/schema/index.ts';
import { removeDir, REPO, tempDir } from './helpers/fixtures.ts';

const HEADER = 'file,newspaper,issue_date,issue_date_earliest,issue_date_latest,page,notes';
const CURATION_HEADER = 'action,table,article_id,quote,occurrence,field,value,note';

let dir: string;
before(async () => { dir = await tempDir('hostile'); });
after(async () => { await removeDir(dir); });

const brief = (issues: readonly { code: string; file: string | null; line: number | null; field: string | null }[]) => issues.map((i) => [i.code, i.file, i.line, i.field]);

describe('source ids', () => {
  it('a manifest row whose file gives a path-like source id: invalid-source-id naming manifest.csv, line and field', () => {
    const m = parseManifest(`${HEADER}\n...txt,焦作日报,2022-01-27,,,,\n.hidden.txt,焦作日报,,,,,\n${'a'.repeat(201)}.txt,焦作日报,,,,,\n`, new Set());
    assert.deepEqual(brief(m.issues), [
      ['invalid-source-id', 'manifest.csv', 2, 'file'],
      ['invalid-source-id', 'manifest.csv', 3, 'file'],
      ['invalid-source-id', 'manifest.csv', 4, 'file'],
    ]);
    assert.match(m.issues[0].message, /^manifest names a page whose name gives no usable source id: expected a name whose source id does not start with "\." and has at most 200 characters, such as 000_0f81d0fce9b36645\.txt, got "\.\.\.txt" \(manifest\.csv:2, file\)$/);
  });

  it('a raw page named ...txt (source id ..), or one too long: invalid-source-id, not built', async () => {
    const data = path.join(dir, 'ids');
    await mkdir(path.join(data, 'raw'), { recursive: true });
    for (const name of ['...txt', '001_ok.txt', 'a b.txt', `${'n'.repeat(210)}.txt`]) await writeFile(path.join(data, 'raw', name), '标题\n');
    const listing = await listRawFiles(data);
    // A name with spaces gets a derived id (rows.ts sourceId) and builds.
    assert.deepEqual(listing.names, ['001_ok.txt', 'a b.txt']);
    const expected = 'expected a name whose source id does not start with "." and has at most 200 characters, such as 000_0f81d0fce9b36645.txt';
    assert.deepEqual(listing.issues.map((i) => i.message).sort(), [
      `raw page name does not give a usable source id: ${expected}, got a source id of 210 characters (raw/${'n'.repeat(210)}.txt)`,
      `raw page name does not give a usable source id: ${expected}, got the source id ".." (raw/...txt)`,
    ]);
  });

  it('a dataset name too long for the archive file name: invalid-dataset-metadata before any work', async () => {
    const dataset = JSON.parse(await readFile(path.join(REPO, 'data/dataset.json'), 'utf8'));
    assert.throws(() => parseDatasetMetadata({ ...dataset, name: 'n'.repeat(300) }), (e: BuildError) => e.issues[0].code === 'invalid-dataset-metadata' && /name/.test(e.issues[0].message));
  });
});

describe('curation files', () => {
  it('a NUL byte in a value: invalid-curation naming file, line and field', () => {
    const text = `${CURATION_HEADER}\nreject,dates,000_0f81d0fce9b36645-0123456789ab,1月\u00002日,,,,bad\n`;
    const parsed = parseCurationCsv('curation/facts.csv', Buffer.from(text), ['dates']);
    assert.deepEqual(brief(parsed.issues), [['invalid-curation', 'curation/facts.csv', 2, 'quote']]);
    assert.match(parsed.issues[0].message, /^value holds a control character \(U\+0000\): expected text without NUL or other control characters \(tab and line breaks allowed\), got "1月\\u00002日" \(curation\/facts\.csv:2, quote\)$/);
    assert.deepEqual(parsed.entries, []);
  });

  it('UTF-16 with a byte-order mark is read like UTF-8; without it, the message says what the file is and what is expected', () => {
    const text = `${CURATION_HEADER}\nreject,dates,000_0f81d0fce9b36645-0123456789ab,1月2日,,,,a wrong date\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const utf8 = parseCurationCsv('curation/facts.csv', Buffer.from(text), ['dates']);
    assert.deepEqual(utf8.issues, []);
    assert.deepEqual(parseCurationCsv('curation/facts.csv', le, ['dates']), utf8);
    const bare = parseCurationCsv('curation/facts.csv', Buffer.from(text, 'utf16le'), ['dates']);
    assert.deepEqual(bare.issues.map((i) => i.message), ['curation file is not UTF-8 text: expected UTF-8 (or UTF-16 with a byte-order mark); save it as "CSV UTF-8", got UTF-16 text without a byte-order mark (every other byte is 0) (curation/facts.csv)']);
    const gbk = parseCurationCsv('curation/facts.csv', Buffer.concat([Buffer.from(`${CURATION_HEADER}\n`), Buffer.from([0xb1, 0xea, 0xcc, 0xe2])]), ['dates']);
    assert.match(gbk.issues[0].message, /got an invalid UTF-8 byte sequence at byte offset 58 \(another encoding, e\.g\. GBK\?\)/);
  });
});

describe('pages', () => {
  it('a page of punctuation only has no article: no-articles', () => {
    const ctx = pageContext(loadSchemas(), loadGazetteer(path.join(REPO, 'data/reference')), [], []);
    for (const text of ['。。。，，！\n', '……\n\n——！？\n', '【】\n\n《》。\n']) {
      const r = processPage(ctx, { name: 'p.txt', bytes: Buffer.from(text), sha256: '0'.repeat(64), manifest: null });
      assert.deepEqual(r.issues.filter((i) => i.severity === 'error').map((i) => i.code), ['no-articles'], JSON.stringify(text));
      assert.deepEqual(r.rows, {});
    }
  });
});
