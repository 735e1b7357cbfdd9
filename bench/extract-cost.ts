/**
 * `npx tsx bench/extract-cost.ts [--parquet FILE] [--limit N] [--rounds R] [--repo DIR]`: the CPU
 * time per article of fact extraction alone (`articleFacts`: quantities, dates, people,
 * organizations, places), on one thread, measured with the process's CPU clock, which a busy
 * machine inflates far less than wall time.
 *
 * The articles are read from an `articles.parquet` (default: the newest committed release's; the
 * bench's release, `bench/corpus/…`, after `npm run bench` with a kept output, or any release).
 * `--repo DIR` loads the extractors of another checkout of this project (e.g. a `git worktree` of an
 * older commit) on the same articles, so two versions compare on equal input: run it once per
 * checkout, back to back. The facts found are hashed (`facts_sha256`), so that a change meant
 * only to be faster shows that it finds the same facts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from '../src/db/open-database.ts';

const { values } = parseArgs({
  options: {
    parquet: { type: 'string' },
    limit: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '5' },
    repo: { type: 'string', default: '.' },
  },
});

const repo = path.resolve(values.repo!);
const latest = JSON.parse(readFileSync(path.join('dist', 'latest.json'), 'utf8')) as { version: string };
const parquet = values.parquet ?? path.join('dist', latest.version, 'parquet', 'articles.parquet');
const limit = Number(values.limit);
const rounds = Number(values.rounds);
if (!(Number.isSafeInteger(limit) && limit > 0 && Number.isSafeInteger(rounds) && rounds > 0)) throw new Error('--limit and --rounds take whole numbers ≥ 1');

const load = (file: string) => import(pathToFileURL(path.join(repo, 'src', 'extract', file)).href);
const { articleFacts } = await load('article-facts.ts');
const { loadGazetteer } = await load('divisions.ts');
const gazetteer = loadGazetteer();

const connection = await (await DuckDBInstance.create(':memory:')).connect();
const articles = (await connection.runAndReadAll(`SELECT article_id, headline, text, byline FROM read_parquet(${sqlString(parquet)}) ORDER BY article_id LIMIT ${limit}`)).getRowObjectsJson() as { article_id: string; headline: string | null; text: string; byline: string | null }[];
// An issue date, so that dates resolve as on a dated page.
const ctx = { source: { issue_date: '2022-03-01', issue_date_earliest: '2022-03-01', issue_date_latest: '2022-03-01' }, gazetteer };
const run = () => {
  for (const a of articles) articleFacts({ ...a, byline: a.byline ?? '' }, [], ctx);
};

// Warm up (the segmenter's dictionary, the compiled code), and what the hash is of: a change
// meant only to be faster shows that it finds the same facts.
const facts = articles.map((a) => articleFacts({ ...a, byline: a.byline ?? '' }, [], ctx));
const factsSha256 = createHash('sha256').update(JSON.stringify(facts)).digest('hex');
const before = process.cpuUsage();
for (let k = 0; k < rounds; k++) run();
const used = process.cpuUsage(before);
const ms = (used.user + used.system) / 1000;
const result = { repo: values.repo, parquet, articles: articles.length, rounds, cpu_ms_per_article: Number((ms / (articles.length * rounds)).toFixed(3)), facts_sha256: factsSha256 };
console.log(JSON.stringify(result));
