/** The integrity and citation files of a release: archive, SHA256SUMS, CITATION.cff. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { unzipSync } from 'fflate';
import { parseDatasetMetadata } from '../src/publish/dataset-metadata.ts';
import { archiveName, extractArchive, writeArchive } from '../src/release/archive.ts';
import { parseChecksums, renderChecksums } from '../src/release/checksums.ts';
import { cffAuthors, releaseCitation, renderCff } from '../src/release/citation.ts';
import { listFiles } from '../src/release/list-files.ts';
import { hashTree, removeDir, REPO } from './helpers/fixtures.ts';
import { sharedSyntheticRelease } from './helpers/release.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
/** The dataset's `created` as unzip -Z prints an entry's time (`26-Nov-25 00:00`). */
const CREATED = JSON.parse(readFileSync(path.join(REPO, 'data/dataset.json'), 'utf8')).created as string;
const UNZIP_TIME = (() => {
  const d = new Date(CREATED);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCFullYear() % 100)}-${month}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
})();
const has = (tool: string) => spawnSync(tool, ['--help'], { stdio: 'ignore' }).error === undefined;

let dir: string;
let release: string;
let archive: string;

before(async () => {
  // Read only: what the tests write goes to `dir`.
  const shared = await sharedSyntheticRelease('integrity');
  dir = shared.dir;
  release = shared.release;
  archive = shared.report.release!.archive;
});
after(async () => { await removeDir(dir); });

describe('the archive', () => {
  it('sits beside the version folder, named <name>-<version>.zip, and holds exactly the release folder', async () => {
    assert.equal(archive, path.join(path.dirname(release), archiveName('jiaozuo-daily-epidemic', '0.1.0')));
    const entries = unzipSync(await readFile(archive));
    const names = Object.keys(entries);
    assert.deepEqual(names, [...names].sort(), 'entries are sorted');
    assert.deepEqual(names, (await listFiles(release)).map((f) => `jiaozuo-daily-epidemic-0.1.0/${f}`));
    const out = path.join(dir, 'extracted');
    const { root, issues } = await extractArchive(archive, out);
    assert.deepEqual(issues, []);
    assert.deepEqual(await hashTree(root!), await hashTree(release));
  });

  it('is byte-identical whatever the time zone; only `created` sets the entry times', async () => {
    const files = await listFiles(release);
    const zips: Buffer[] = [];
    const saved = process.env.TZ;
    try {
      for (const tz of ['Asia/Shanghai', 'America/Los_Angeles', 'UTC']) {
        process.env.TZ = tz;
        const file = path.join(dir, `tz-${tz.replace('/', '-')}.zip`);
        await writeArchive(release, files, file, 'x-0.1.0', '2026-11-25T00:00:00Z');
        zips.push(await readFile(file));
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    assert.ok(zips.every((z) => z.equals(zips[0])));
    assert.equal(process.env.TZ, saved, 'the time zone is restored');
    const later = path.join(dir, 'later.zip');
    await writeArchive(release, files, later, 'x-0.1.0', '2027-03-04T05:06:08Z');
    assert.ok(!(await readFile(later)).equals(zips[0]));
  });

  it('records mode 0644 and the created time for every entry (unzip -Z)', { skip: !has('unzip') && 'unzip is not installed' }, () => {
    const listing = execFileSync('unzip', ['-Z', archive], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('jiaozuo-daily-epidemic-0.1.0/'));
    assert.ok(listing.length > 0);
    for (const line of listing) assert.ok(/^-rw-r--r-- .* unx /.test(line) && line.includes(` ${UNZIP_TIME} jiaozuo-daily-epidemic-0.1.0/`), line);
    execFileSync('unzip', ['-tq', archive]);
  });

  it('a created before 1980 (SOURCE_DATE_EPOCH=0) is clamped to the first zip date', async () => {
    const files = await listFiles(release);
    const [a, b] = [path.join(dir, 'epoch0.zip'), path.join(dir, 'epoch1980.zip')];
    await writeArchive(release, files, a, 'x', '1970-01-01T00:00:00Z');
    await writeArchive(release, files, b, 'x', '1980-01-01T00:00:00Z');
    assert.ok((await readFile(a)).equals(await readFile(b)));
  });

  it('an empty file and a file of exactly one chunk round-trip', async () => {
    const src = path.join(dir, 'edge');
    await mkdir(src, { recursive: true });
    await writeFile(path.join(src, 'empty.txt'), '');
    await writeFile(path.join(src, 'mib.bin'), Buffer.alloc(1 << 20, 7));
    const file = path.join(dir, 'edge.zip');
    await writeArchive(src, ['mib.bin', 'empty.txt'], file, 'edge', '2026-11-25T00:00:00Z');
    const { root, issues } = await extractArchive(file, path.join(dir, 'edge-out'));
    assert.deepEqual(issues, []);
    assert.deepEqual(await hashTree(root!), await hashTree(src));
  });
});

describe('SHA256SUMS', () => {
  it('lists every other file of the release, sorted, as "<sha256>  <path>"', async () => {
    const text = await readFile(path.join(release, 'SHA256SUMS'), 'utf8');
    const lines = text.trimEnd().split('\n');
    for (const line of lines) assert.match(line, /^[0-9a-f]{64} {2}[^ ].*$/);
    const paths = lines.map((l) => l.slice(66));
    assert.deepEqual(paths, [...paths].sort());
    assert.deepEqual(paths, (await listFiles(release)).filter((f) => f !== 'SHA256SUMS'));
    const tree = await hashTree(release);
    assert.deepEqual(parseChecksums(text).entries.map((e) => [e.path, e.sha256]), paths.map((p) => [p, tree[p]]));
  });

  it('is checked by sha256sum -c', { skip: !has('sha256sum') && 'sha256sum is not installed' }, () => {
    const output = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: release, encoding: 'utf8' });
    assert.ok(output.trimEnd().split('\n').every((l) => l.endsWith(': OK')), output);
  });

  it('renders in byte order of the path and refuses paths sha256sum would escape', () => {
    const h = 'a'.repeat(64);
    assert.equal(renderChecksums([{ path: 'b/c.csv', sha256: h }, { path: 'B.md', sha256: h }, { path: 'a.md', sha256: h }]), `${h}  B.md\n${h}  a.md\n${h}  b/c.csv\n`);
    assert.throws(() => renderChecksums([{ path: 'a\nb', sha256: h }]));
  });

  it('a malformed line is an issue with its line number', () => {
    const { entries, issues } = parseChecksums(`${'b'.repeat(64)} *bin.dat\nnot a checksum\n`);
    assert.deepEqual(entries, [{ sha256: 'b'.repeat(64), path: 'bin.dat' }]);
    assert.deepEqual(issues.map((i) => [i.code, i.line]), [['invalid-checksums', 2]]);
  });
});

/** The CFF 1.2.0 schema's rules for the keys we write (https://citation-file-format.github.io/1.2.0/schema). */
const CFF_SUBSET = {
  type: 'object',
  additionalProperties: false,
  required: ['authors', 'cff-version', 'message', 'title'],
  properties: {
    'cff-version': { type: 'string', pattern: '^1\\.2\\.0$' },
    message: { type: 'string', minLength: 1 },
    type: { enum: ['dataset', 'software'] },
    title: { type: 'string', minLength: 1 },
    version: { type: 'string', minLength: 1 },
    'date-released': { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$', format: 'date' },
    abstract: { type: 'string', minLength: 1 },
    license: { anyOf: [{ type: 'string', pattern: '^[A-Za-z0-9.+-]+$' }, { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' } }] },
    keywords: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
    url: { type: 'string', pattern: '^(https|http|ftp|sftp)://.+' },
    authors: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: {
        anyOf: [
          { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1 }, email: { type: 'string' }, affiliation: { type: 'string' } } },
          { type: 'object', additionalProperties: false, properties: { 'family-names': { type: 'string', minLength: 1 }, 'given-names': { type: 'string', minLength: 1 }, email: { type: 'string' }, affiliation: { type: 'string' } } },
        ],
      },
    },
  },
};

describe('CITATION.cff', () => {
  const dataset = parseDatasetMetadata(JSON.parse(readFileSync(path.join(REPO, 'data/dataset.json'), 'utf8')));

  it('follows CFF 1.2.0: a dataset, its version, date-released from created, authors, licence', () => {
    const cff = releaseCitation(dataset, '0.1.0', '2026-11-25T00:00:00Z');
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(CFF_SUBSET);
    assert.ok(validate(cff), JSON.stringify(validate.errors));
    assert.equal(cff.type, 'dataset');
    assert.equal(cff['date-released'], '2026-11-25');
    assert.equal(cff.license, 'CC-BY-4.0');
    assert.deepEqual(cff.authors, [{ name: 'jiaozuo-daily-epidemic contributors' }]);
  });

  it('is block YAML with every string double-quoted', async () => {
    const text = await readFile(path.join(release, 'CITATION.cff'), 'utf8');
    assert.equal(text, renderCff(releaseCitation(dataset, '0.1.0', CREATED)));
    const lines = text.split('\n');
    assert.deepEqual(lines.slice(1, 3), ['cff-version: "1.2.0"', 'message: "If you use this dataset, please cite it using the metadata from this file."']);
    assert.ok(lines.includes('authors:') && lines.includes('  - name: "jiaozuo-daily-epidemic contributors"'));
    assert.ok(lines.includes(`date-released: "${CREATED.slice(0, 10)}"`));
  });

  it('authors: people by name parts, entities by title; only authors or creators when roles say so', () => {
    assert.deepEqual(cffAuthors([
      { title: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace', roles: ['creator'], organization: 'Analytical' },
      { title: 'A helper', roles: ['contributor'] },
      { title: 'The Team', roles: ['author'], email: 'team@example.org' },
    ]), [
      { 'family-names': 'Lovelace', 'given-names': 'Ada', affiliation: 'Analytical' },
      { name: 'The Team', email: 'team@example.org' },
    ]);
    assert.equal(renderCff({ ...releaseCitation(dataset, '1.0.0', '2026-01-01T00:00:00Z'), title: 'a "quoted": title\n' }).includes('title: "a \\"quoted\\": title\\n"'), true);
  });
});
