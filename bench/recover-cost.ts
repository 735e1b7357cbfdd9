/**
 * `npx tsx bench/recover-cost.ts [--corpus DIR] [--pages N] [--rounds R] [--repo DIR]`: the CPU
 * time of page recovery alone (`recoverPage`, the bench's `layout` stage) per page and per article,
 * on one thread, measured with the process's CPU clock, which a busy machine inflates far less
 * than wall time; and a hash of what recovery made of the pages, so that a change meant only to
 * be faster shows that it recovers every page as before.
 *
 * The pages are the first N raw pages of a corpus folder (default: the bench's generated corpus of
 * 5,000 articles, `npm run bench -- --articles 5000` makes it; or `data` for the seed pages).
 * `--repo DIR` loads the recovery of another checkout of this project (e.g. a `git worktree` of an
 * older commit) on the same pages: run it once per checkout, back to back.
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
    rounds: { type: 'string', default: '3' },
    repo: { type: 'string', default: '.' },
  },
});
const pages = Number(values.pages);
const rounds = Number(values.rounds);
if (!(Number.isSafeInteger(pages) && pages > 0 && Number.isSafeInteger(rounds) && rounds > 0)) throw new Error('--pages and --rounds take whole numbers ≥ 1');

const repo = path.resolve(values.repo!);
const { recoverPage } = (await import(pathToFileURL(path.join(repo, 'src', 'recover', 'index.ts')).href)) as { recoverPage: (text: string) => { articles: unknown[] } };
const raw = path.join(values.corpus!, 'raw');
if (!existsSync(raw)) {
  console.error(`recover-cost: ${raw} does not exist: give --corpus a folder with raw pages (\`npm run bench -- --articles 5000\` makes bench/corpus/5000-1; \`--corpus data\` takes the seed pages)`);
  process.exit(2);
}
const texts = readdirSync(raw).filter((n) => n.endsWith('.txt')).sort().slice(0, pages).map((n) => readFileSync(path.join(raw, n), 'utf8'));

const run = () => texts.map((t) => recoverPage(t));
const first = run(); // warm up, and what the hash is of
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
  recovered_sha256: createHash('sha256').update(JSON.stringify(first)).digest('hex'),
}));
