/** Progress: a redrawn status line on a terminal; nothing at all in a pipe or under CI. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../src/cli.ts';
import { createProgress, progressEnabled, statusLine } from '../src/progress.ts';
import { removeDir, tempDir } from './helpers/fixtures.ts';
import { syntheticData } from './helpers/release.ts';

function terminal(isTTY: boolean) {
  let text = '';
  return { target: { write: (t: string) => { text += t; }, isTTY, columns: 60 }, text: () => text };
}

describe('progress', () => {
  it('is drawn on a terminal only, and not under CI', () => {
    assert.equal(progressEnabled({ isTTY: true }, {}), true);
    assert.equal(progressEnabled({ isTTY: false }, {}), false);
    assert.equal(progressEnabled({}, {}), false);
    assert.equal(progressEnabled({ isTTY: true }, { CI: 'true' }), false);
    assert.equal(progressEnabled({ isTTY: true }, { CI: '1' }), false);
    assert.equal(progressEnabled({ isTTY: true }, { CI: 'false' }), true);
    assert.equal(progressEnabled({ isTTY: true }, { CI: '' }), true);
  });

  it('the status line: stage, bar, count, item, cut to the terminal width', () => {
    assert.equal(statusLine('pages', 5, 10, 'raw/a.txt', 80), 'pages [##########..........] 5/10 raw/a.txt');
    assert.equal(statusLine('checks', 0, 0, undefined, 80), 'checks [....................] 0/0');
    assert.equal(statusLine('pages', 1, 2, 'x'.repeat(100), 40).length, 39);
    // a step outside the list (index -1) draws an empty bar, never throws
    assert.equal(statusLine('writing', -1, 8, 'x', 80), 'writing [....................] -1/8 x');
  });

  it('on a terminal: redraws in place, at most every interval, and keeps log lines intact', () => {
    const t = terminal(true);
    let now = 0;
    const p = createProgress(t.target, {}, { intervalMs: 100, now: () => now });
    p.update('pages', 0, 3, 'a');
    now = 50;
    p.update('pages', 1, 3, 'b'); // too soon: skipped
    now = 200;
    p.update('pages', 2, 3, 'c');
    p.log('a log line');
    p.done();
    assert.equal(t.text(), [
      '\r\x1b[Kpages [....................] 0/3 a',
      '\r\x1b[Kpages [#############.......] 2/3 c',
      '\r\x1b[Ka log line\npages [#############.......] 2/3 c',
      '\r\x1b[K',
    ].join(''));
  });

  it('in a pipe or under CI: only the log lines', () => {
    for (const [isTTY, env] of [[false, {}], [true, { CI: 'true' }]] as const) {
      const t = terminal(isTTY);
      const p = createProgress(t.target, env);
      p.update('pages', 1, 2, 'x');
      p.log('line');
      p.done();
      assert.equal(t.text(), 'line\n');
    }
  });
});

describe('progress of a real build through the CLI', () => {
  let dir: string;
  let data: string;
  before(async () => {
    dir = await tempDir('progress');
    // One small page (the fixture page, recovered for real): every stage runs, without the seed pages' work.
    data = await syntheticData(dir, '0.1.0');
  });
  after(async () => { await removeDir(dir); });

  const build = async (out: string, stderrIsTTY: boolean, env: Record<string, string>) => {
    let stderr = '';
    const code = await main(['build', '--data', data, '--out', path.join(dir, out)], { stdout: () => {}, stderr: (t) => { stderr += t; }, env, stderrIsTTY, stderrColumns: 100 });
    return { code, stderr };
  };

  it('a terminal sees the pages, checks and writing steps; CI and pipes see no status line', async () => {
    const tty = await build('tty', true, {});
    assert.equal(tty.code, 0, tty.stderr);
    for (const stage of ['pages [', 'checks [', 'writing [']) assert.ok(tty.stderr.includes(`\r\x1b[K${stage}`), stage);
    assert.ok(!tty.stderr.includes('\x1b[K\n'), 'a log line never follows a half-cleared line');
    for (const [name, isTTY, env] of [['ci', true, { CI: 'true' }], ['pipe', false, {}]] as const) {
      const r = await build(name, isTTY, env);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!r.stderr.includes('\r') && !r.stderr.includes('\x1b'), name);
      assert.match(r.stderr, /^build: 1 raw pages/);
    }
  });
});
