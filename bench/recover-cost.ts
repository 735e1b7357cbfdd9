/**
 * `npx tsx bench/recover-cost.ts [--corpus DIR] [--pages N] [--warmup W] [--rounds R] [--repo DIR]`: the CPU
 * time of page recovery alone (`recoverPage`, the bench's `layout` stage) per page and per article,
 * on one thread, measured with the process's CPU clock, which a busy machine inflates far less
 * than wall time; and a hash of what recovery made of the pages, so that a change meant only to
 * be faster shows that it recovers every page as before.
 *
 * The pages are the first N raw pages of a corpus folder (default: the bench's generated corpus of
 * 5,000 articles, `npm run bench -- --articles 5000` makes it; or `data` for the seed pages).
 * `--repo DIR` loads the recovery of another checkout of this project (e.g. a `git worktree` of an
 * older commit) on the same pages: run it once per checkout, back to back.
 *
 * The figure is the steady state, as over a whole corpus: W rounds over the pages (default 5) are
 * run first and not counted, because the JIT takes several rounds to settle (the larger the code,
 * the longer: three rounds measured mostly warm-up). The first round's cost is printed apart
 * (`first_round_cpu_ms_per_page`): it is what one short run pays.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: path.join('bench', 'corpus', '5000-1') },
    pages: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '5' },
    repo: { type: 'string', default: '.' },
  },
});
const pages = Number(values.pages);
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
if (!(Number.isSafeInteger(pages) && pages > 0 && Number.isSafeInteger(rounds) && rounds > 0 && Number.isSafeInteger(warmup) && warmup > 0)) {
  throw new Error('--pages, --warmup and --rounds take whole numbers ≥ 1');
}

const repo = path.resolve(values.repo!);
const { recoverPage } = (await import(pathToFileURL(path.join(repo, 'src', 'recover', 'index.ts')).href)) as { recoverPage: (text: string) => { articles: unknown[] } };
const raw = path.join(values.corpus!, 'raw');
if (!existsSync(raw)) {
  console.error(`recover-cost: ${raw} does not exist: give --corpus a folder with raw pages (\`npm run bench -- --articles 5000\` makes bench/corpus/5000-1; \`--corpus data\` takes the seed pages)`);
  process.exit(2);
}
const texts = readdirSync(raw).filter((n) => n.endsWith('.txt')).sort().slice(0, pages).map((n) => readFileSync(path.join(raw, n), 'utf8'));

const run = () => texts.map((t) => recoverPage(t));
const cold = process.cpuUsage();
const first = run(); // the first warm-up round, and what the hash is of
const coldUsed = process.cpuUsage(cold);
for (let k = 1; k < warmup; k++) run();
const articles = first.reduce((n, p) => n + p.articles.length, 0);
const before = process.cpuUsage();
for (let k = 0; k < rounds; k++) run();
const used = process.cpuUsage(before);
const ms = (used.user + used.system) / 1000 / rounds;
console.log(JSON.stringify({
  repo: values.repo,
  corpus: values.corpus,
  pages: texts.length,
  articles,
  rounds,
  cpu_ms_per_page: Number((ms / texts.length).toFixed(3)),
  cpu_ms_per_article: Number((ms / articles).toFixed(3)),
  warmup,
  first_round_cpu_ms_per_page: Number(((coldUsed.user + coldUsed.system) / 1000 / texts.length).toFixed(3)),
  recovered_sha256: createHash('sha256').update(JSON.stringify(first)).digest('hex'),
}));
