/**
 * `npm run bench:pathological [-- --sizes 1000,10000,100000] [--cap 60]`: the time of recovery
 * and of rows + fact extraction on pathological pages of n lines (or n characters), for each
 * shape, so that a step whose time grows faster than n log n shows: the `x` columns give the
 * growth against the size before (10 for linear when sizes grow tenfold, 100 for quadratic).
 *
 * Shapes (generated here, never stored): many short lines in one paragraph, many headlines (short
 * lines between blank lines), quotes and brackets nested deeply over many lines, and one long
 * line of n characters (the build refuses lines over MAX_LINE_LENGTH before recovery; measured
 * here anyway, as recovery would see it), and one long sentence of n characters of relative dates
 * or closing brackets for each of RELATIVE_DATE_UNITS (fact extraction; the growth once asserted by
 * a timed test). The page limits are not applied: each stage is timed alone, and a stage still
 * running after --cap seconds is cut off (shown as `>cap`), so one runaway step cannot stall the
 * bench.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadGazetteer } from '../src/extract/divisions.ts';
import { addPageFacts } from '../src/extract/page-facts.ts';
import { PageTimeout, withinTime } from '../src/pipeline/page-limits.ts';
import { recoverPage, type RecoveredPage } from '../src/recover/index.ts';
import { pageRows } from '../src/rows.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));

/** Units of one long sentence that once made fact extraction quadratic (each date, or each closing bracket, looked back over the whole run). */
export const RELATIVE_DATE_UNITS = ['当日（', '次日焦作市', '24时', '）'] as const;

/** A page of one headline and one paragraph of `n` characters repeating `unit` (after one fact for the brackets). */
export function relativeDates(unit: string, n: number): string {
  return `标题\n\n${unit.startsWith('）') ? '3人' : ''}${unit.repeat(Math.ceil(n / unit.length)).slice(0, n)}\n`;
}

/** The pathological shapes, each a page of about `n` lines (the long line: `n` characters). */
export const SHAPES: Record<string, (n: number) => string> = {
  'short lines': (n) => '标题\n\n' + '字\n'.repeat(n),
  headlines: (n) => Array.from({ length: n }, (_, k) => `第${k + 1}条标题`).join('\n\n') + '\n',
  'nested quotes': (n) => {
    const open = ['“', '（', '「', '《', '【', '『', '‘', '('];
    const close = ['”', '）', '」', '》', '】', '』', '’', ')'];
    const half = Math.floor(n / 2);
    const lines = ['标题', ''];
    for (let k = 0; k < half; k++) lines.push(`${open[k % open.length]}第${k}层`);
    for (let k = half - 1; k >= 0; k--) lines.push(`文字${close[k % close.length]}`);
    return lines.join('\n') + '\n';
  },
  'long line': (n) => '标题\n\n' + '疫情防控工作，'.repeat(Math.ceil(n / 7)).slice(0, n) + '\n',
  ...Object.fromEntries(RELATIVE_DATE_UNITS.map((unit) => [`relative dates ${unit}`, (n: number) => relativeDates(unit, n)])),
};

function timed<T>(cap: number, job: () => T): { seconds: number; value: T | null } {
  const t0 = performance.now();
  try {
    const value = withinTime(cap, job);
    return { seconds: (performance.now() - t0) / 1000, value };
  } catch (e) {
    if (e instanceof PageTimeout) return { seconds: Infinity, value: null };
    throw e;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,100000' }, cap: { type: 'string', default: '60' }, shape: { type: 'string' } } });
  const sizes = values.sizes.split(',').map(Number);
  const cap = Number(values.cap);
  const gazetteer = loadGazetteer(path.join(REPO, 'data/reference'));
  const show = (s: number) => (s === Infinity ? `>${cap}` : s.toFixed(3));
  const growth = (s: number, before: number | undefined) => (before === undefined || !Number.isFinite(s) || !Number.isFinite(before) ? '' : (s / Math.max(before, 0.001)).toFixed(1));
  process.stdout.write(`pathological pages: seconds of recovery and of rows + facts, cut off after ${cap} s\n\n`);
  process.stdout.write('| shape | n | recover s | x | rows+facts s | x | articles |\n|---|---|---|---|---|---|---|\n');
  const summary: Record<string, { n: number; recover: number | null; extract: number | null }[]> = {};
  for (const [shape, make] of Object.entries(SHAPES)) {
    if (values.shape && values.shape !== shape) continue;
    let before: { recover: number; extract: number } | undefined;
    let skip = false;
    for (const n of sizes) {
      if (skip) { process.stdout.write(`| ${shape} | ${n} | skipped (a smaller size was cut off) | | | | |\n`); continue; }
      const text = make(n);
      const recovered = timed(cap, () => recoverPage(text));
      let extract = { seconds: NaN, value: null as number | null };
      if (recovered.value) {
        const page = recovered.value as RecoveredPage;
        extract = timed(cap, () => {
          const rows = pageRows({ name: 'x.txt', sha256: '0'.repeat(64), bytes: text.length, manifest: null }, text, page);
          addPageFacts(rows, gazetteer);
          return rows.articles.length;
        });
      }
      process.stdout.write(`| ${shape} | ${n} | ${show(recovered.seconds)} | ${growth(recovered.seconds, before?.recover)} | ${show(extract.seconds)} | ${growth(extract.seconds, before?.extract)} | ${extract.value ?? ''} |\n`);
      (summary[shape] ??= []).push({ n, recover: Number.isFinite(recovered.seconds) ? recovered.seconds : null, extract: Number.isFinite(extract.seconds) ? extract.seconds : null });
      before = { recover: recovered.seconds, extract: extract.seconds };
      skip = !Number.isFinite(recovered.seconds) || !Number.isFinite(extract.seconds);
    }
  }
  process.stdout.write('\n' + JSON.stringify({ cap_seconds: cap, shapes: summary }) + '\n');
}
