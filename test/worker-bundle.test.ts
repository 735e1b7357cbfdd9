import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pageWorkerScript, TSX_WORKER } from '../src/pipeline/worker-bundle.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));

describe('page worker bundle', () => {
  it('is one JavaScript file whose modules keep their own URLs, and is made once', async () => {
    const script = await pageWorkerScript();
    assert.notEqual(script.href, TSX_WORKER.href, 'esbuild is installed: the bundle can be made');
    const code = readFileSync(script, 'utf8');
    assert.doesNotMatch(code, /import\.meta\.url/);
    // the schemas are found from load-schemas.ts's own place, not the bundle's
    assert.ok(code.includes(JSON.stringify(pathToFileURL(path.join(REPO, 'src/schema/load-schemas.ts')).href)));
    assert.equal((await pageWorkerScript()).href, script.href);
  });
});
