import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { generateCorpus } from '../bench/generate-corpus.ts';
import { recoverPage } from '../src/recover/index.ts';
import { removeDir, tempDir } from './helpers/fixtures.ts';

let dir: string;
before(async () => { dir = await tempDir('corpus'); });
after(async () => { await removeDir(dir); });

function digest(folder: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(path.join(folder, 'raw')).sort()) h.update(f).update(readFileSync(path.join(folder, 'raw', f)));
  return h.update(readFileSync(path.join(folder, 'manifest.csv'))).digest('hex');
}

it('the benchmark corpus is deterministic, exactly N articles, and recovery finds them all', () => {
  const a = generateCorpus(path.join(dir, 'a'), 150, 3);
  const b = generateCorpus(path.join(dir, 'b'), 150, 3);
  assert.equal(a.articles, 150);
  assert.equal(digest(a.dir), digest(b.dir));
  assert.notEqual(digest(a.dir), digest(generateCorpus(path.join(dir, 'c'), 150, 4).dir));
  const recovered = readdirSync(path.join(a.dir, 'raw')).reduce((n, f) => n + recoverPage(readFileSync(path.join(a.dir, 'raw', f), 'utf8')).articles.length, 0);
  assert.equal(recovered, 150);
});
