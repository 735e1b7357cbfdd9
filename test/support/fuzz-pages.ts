/**
 * Fuzzing page recovery, rows and fact extraction: random and mutated pages (shuffled lines of the
 * seed pages, line breaks and spaces inserted inside real text, random CJK and ASCII, control
 * characters, very long lines, lines deleted, duplicated, swapped or joined) and the properties
 * every page must keep, whatever its text. Used by test/fuzz-pages.test.ts (a fixed-seed sample)
 * and bench/fuzz.ts (`npm run fuzz -- --runs N`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { loadGazetteer, type Gazetteer } from '../../src/extract/divisions.ts';
import { addPageFacts } from '../../src/extract/page-facts.ts';
import { FACT_TABLES } from '../../src/extract/article-facts.ts';
import { decodeRawText, type ManifestEntry } from '../../src/inputs/index.ts';
import { recoverPage } from '../../src/recover/index.ts';
import { pageRows, splitLines, type PageRows } from '../../src/rows.ts';
import { loadSchemas, validateRow, type TableSpec } from '../../src/schema/index.ts';

const RAW = new URL('../../data/raw/', import.meta.url);
const FIXTURES = new URL('../fixtures/pages/', import.meta.url);

/** The seed pages (data/raw/*.txt), then the hand-checked fixture pages, as decoded text. */
export const SEED_PAGES: readonly string[] = [
  ...readdirSync(RAW).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(new URL(f, RAW), 'utf8')),
  ...readdirSync(FIXTURES).sort().map((d) => readFileSync(new URL(`${d}/input.txt`, FIXTURES), 'utf8')),
];
const SEED_LINES = SEED_PAGES.map(splitLines);
/** Seed text without line breaks or spaces, as code points: material for long lines. */
const SEED_RUN = Array.from(SEED_PAGES.join('').replace(/\s+/gu, '')).slice(0, 40_000);

export interface FuzzShape {
  /** Longest generated line, in code points (a page longer than the build's limit is refused by decoding). */
  maxLongLine: number;
}

const fromCodePoint = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCodePoint(c));
const cjk = fromCodePoint(0x4e00, 0x9fa5);
const ascii = fromCodePoint(0x20, 0x7e);
const astral = fc.oneof(fromCodePoint(0x20000, 0x2a6df), fromCodePoint(0x1f300, 0x1f64f));
const punctuation = fc.constantFrom(...'，。、；：？！（）《》“”‘’—…·【】〔〕％．'.split(''), '——', '……');
const numerals = fc.constantFrom(...'0123456789０１２３４５６７８９〇零一二三四五六七八九十百千万亿两半'.split(''));
const space = fc.constantFrom(' ', '  ', '\u3000', '\t', '\u00a0', '\u2002', '\u2003', '\u2009');
const lineBreak = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\n \n');
/** Controls and invisible characters a PDF extractor may leave (lone surrogates never survive decoding). */
const control = fc.constantFrom('\u0000', '\u0001', '\u0007', '\b', '\v', '\f', '\u001b', '\u001f', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\u200b', '\u200d', '\ufffd');
/** Phrases that steer recovery and the extractors: bylines, markers, furniture, dates, places, units. */
const snippet = fc.constantFrom(
  '本报记者 张三', '本报讯（记者王冰 通讯员李四）', '本报2月3日电（记者 许伟涛）', '（上接第一版）', '（下转第二版）', '责任编辑：李四', '本版编辑 王五',
  '通讯员 李四', '实习生 赵六', '摄影 孙七', '——记市卫健委', '2020年2月13日', '正月初三', '当日', '次日', '17时许', '24时', '焦作市', '温县', '该镇', '示范区',
  '万元', '3.5%', '1000余人', '第一', '市卫健委', '焦作日报', '王某某', '。', '：', '（', '）',
);
/** Tokens the fact extractors act on, to be thrown together into sentences. */
const factToken = fc.oneof(
  fc.stringMatching(/^[0-9]{1,25}(\.[0-9]{1,6})?$/),
  fc.stringMatching(/^[0-9０-９]{1,4}[,，][0-9]{3}$/),
  fc.array(fc.constantFrom(...'〇零一二三四五六七八九十百千万亿两半壹贰叁'.split('')), { minLength: 1, maxLength: 12 }).map((c) => c.join('')),
  fc.constantFrom(
    '万元', '亿元', '元', '人', '人次', '例', '名', '户', '个', '平方米', '公里', '吨', '岁', '%', '％', '余', '多', '近', '超过', '至', '—', '~', '到', '约', '左右', '以上',
    '年', '月', '日', '号', '时', '分', '点', '许', '农历', '正月', '腊月', '初', '廿', '今年', '去年', '明年', '当日', '当天', '次日', '第二天', '上午', '下午', '晚', '凌晨', '深夜', '春节', '元宵节',
    '局', '委', '市委', '县委', '政府', '医院', '公司', '有限公司', '学校', '派出所', '公安局', '社区', '村委会', '办事处', '指挥部', '卫健委', '疾控中心',
    '张某某', '王冰', '李', '某', '同志', '副局长', '局长', '书记', '民警', '记者', '志愿者', '医生', '护士', '村民',
    '焦作', '焦作市', '温县', '沁阳市', '孟州市', '武陟县', '修武县', '博爱县', '山阳区', '解放区', '中站区', '马村区', '示范区', '怀川', '街道', '镇', '乡', '村', '该镇', '该村', '河南省', '武汉',
    '，', '。', '、', '：', '；', '（', '）', '“', '”', ' ', '\n',
  ),
);

const char = fc.oneof(
  { weight: 8, arbitrary: cjk },
  { weight: 3, arbitrary: ascii },
  { weight: 3, arbitrary: punctuation },
  { weight: 2, arbitrary: numerals },
  { weight: 2, arbitrary: space },
  { weight: 1, arbitrary: astral },
);

/** Inserts fragments at code-point positions (taken modulo the length, so any position is valid). */
function withInsertions(base: fc.Arbitrary<string>, fragment: fc.Arbitrary<string>, max: number): fc.Arbitrary<string> {
  return fc.tuple(base, fc.array(fc.tuple(fc.nat(), fragment), { maxLength: max })).map(([text, inserts]) => {
    const cps = Array.from(text);
    for (const [at, piece] of inserts) cps.splice(at % (cps.length + 1), 0, piece);
    return cps.join('');
  });
}

const seedIndex = fc.nat({ max: SEED_PAGES.length - 1 });
/** A run of consecutive lines of one seed page. */
const seedWindow = fc.tuple(seedIndex, fc.nat(), fc.integer({ min: 1, max: 200 })).map(([i, start, length]) => {
  const lines = SEED_LINES[i];
  const from = start % lines.length;
  return lines.slice(from, from + length);
});
const ending = fc.constantFrom('\n', '', '\r\n', '\n\n');
const joined = (lines: fc.Arbitrary<string[]>) => fc.tuple(lines, ending).map(([l, end]) => l.join('\n') + end);

/** The kinds of page, each a named arbitrary so a failure says which one produced it. */
export function pageKinds(shape: FuzzShape): Record<string, fc.Arbitrary<string>> {
  // Log-uniform from 200 to the longest: every order of magnitude as likely, so the longest lines
  // are tried without most of the time going to them.
  const longLength = fc.double({ min: 0, max: 1, noNaN: true }).map((u) => Math.round(200 * (Math.max(200, shape.maxLongLine) / 200) ** u));
  const longLine = fc.oneof(
    fc.tuple(fc.nat(), longLength).map(([at, n]) => {
      const from = at % SEED_RUN.length;
      return [...SEED_RUN.slice(from), ...SEED_RUN].slice(0, n).join('');
    }),
    fc.tuple(fc.array(fc.oneof(char, snippet), { minLength: 1, maxLength: 20 }), longLength).map(([unit, n]) => {
      const cps = Array.from(unit.join(''));
      return Array.from({ length: n }, (_, k) => cps[k % cps.length]).join('');
    }),
  );
  return {
    // Lines of a seed page in random order, some left out.
    shuffled: joined(seedIndex.chain((i) => fc.shuffledSubarray([...SEED_LINES[i]], { minLength: 1, maxLength: Math.min(150, SEED_LINES[i].length) }))),
    // Real text with line breaks, spaces, characters and phrases inserted anywhere, inside words too.
    inserted: withInsertions(joined(seedWindow), fc.oneof(lineBreak, space, char, snippet), 40),
    // Random CJK, ASCII, punctuation, numerals and phrases.
    random: joined(fc.array(fc.oneof({ weight: 4, arbitrary: fc.array(char, { maxLength: 60 }).map((c) => c.join('')) }, { weight: 1, arbitrary: snippet }), { minLength: 1, maxLength: 80 })),
    // Sentences of numbers, numerals, units, dates, names, titles, organizations and places.
    facts: joined(fc.array(fc.array(fc.oneof({ weight: 5, arbitrary: factToken }, { weight: 1, arbitrary: char }), { minLength: 1, maxLength: 40 }).map((t) => t.join('') + '。'), { minLength: 1, maxLength: 30 })),
    // Control and invisible characters scattered through real text.
    controls: withInsertions(joined(seedWindow), control, 60),
    // Very long lines among real ones.
    long: fc.tuple(seedWindow, fc.array(fc.tuple(fc.nat(), longLine), { minLength: 1, maxLength: 3 }), ending).map(([lines, longs, end]) => {
      const out = [...lines];
      for (const [at, line] of longs) out.splice(at % (out.length + 1), 0, line);
      return out.join('\n') + end;
    }),
    // A whole seed page with lines deleted, duplicated, swapped, joined or split.
    edited: fc.tuple(seedIndex, fc.array(fc.tuple(fc.constantFrom('delete', 'duplicate', 'swap', 'join', 'split', 'blank'), fc.nat()), { minLength: 1, maxLength: 25 }), ending).map(([i, ops, end]) => {
      const lines = [...SEED_LINES[i]];
      for (const [op, n] of ops) {
        if (lines.length === 0) break;
        const k = n % lines.length;
        if (op === 'delete') lines.splice(k, 1);
        else if (op === 'duplicate') lines.splice(k, 0, lines[k]);
        else if (op === 'swap' && k + 1 < lines.length) [lines[k], lines[k + 1]] = [lines[k + 1], lines[k]];
        else if (op === 'join' && k + 1 < lines.length) lines.splice(k, 2, lines[k] + lines[k + 1]);
        else if (op === 'split') {
          const cps = Array.from(lines[k]);
          const at = n % (cps.length + 1);
          lines.splice(k, 1, cps.slice(0, at).join(''), cps.slice(at).join(''));
        } else if (op === 'blank') lines.splice(k, 0, '');
      }
      return lines.join('\n') + end;
    }),
  };
}

const KIND_WEIGHTS: Record<string, number> = { shuffled: 2, inserted: 3, random: 2, facts: 3, controls: 1, long: 1, edited: 2 };

/** A fuzz case: the page text, which kind made it, and which manifest entry it is built with. */
export interface FuzzCase {
  kind: string;
  text: string;
  manifest: 'none' | 'exact' | 'range';
}

export function fuzzCase(shape: FuzzShape): fc.Arbitrary<FuzzCase> {
  const kinds = pageKinds(shape);
  return fc.tuple(
    fc.oneof(...Object.entries(kinds).map(([kind, arbitrary]) => ({ weight: KIND_WEIGHTS[kind], arbitrary: arbitrary.map((text) => ({ kind, text })) }))),
    fc.constantFrom('none', 'exact', 'range' as const),
  ).map(([{ kind, text }, manifest]) => ({ kind, text, manifest: manifest as FuzzCase['manifest'] }));
}

const MANIFESTS: Record<FuzzCase['manifest'], ManifestEntry | null> = {
  none: null,
  exact: { file: 'f01_fuzz.txt', line: 2, newspaper: '焦作日报', issueDate: '2020-02-13', earliest: '2020-02-13', latest: '2020-02-13', status: 'exact', note: null, page: 2 },
  range: { file: 'f01_fuzz.txt', line: 2, newspaper: '焦作日报', issueDate: null, earliest: '2020-02-13', latest: '2020-02-29', status: 'range', note: null, page: null },
};

export interface FuzzContext {
  gazetteer: Gazetteer;
  specs: readonly TableSpec[];
  /** A case that takes longer than this is a failure (a hang, or close to one). */
  caseLimitMs: number;
}

export function fuzzContext(caseLimitMs = 10_000): FuzzContext {
  return { gazetteer: loadGazetteer(), specs: loadSchemas(), caseLimitMs };
}

const cps = (s: string) => Array.from(s);
const slice = (chars: readonly string[], start: number, end: number) => chars.slice(start, end).join('');

/**
 * Runs one page through recovery, rows and fact extraction and returns every property it breaks
 * (empty when none): a crash, a case slower than the limit, an offset outside its text, a quote or
 * paragraph that is not its slice, a text segment that does not map to its raw line, a row its
 * JSON Schema rejects.
 */
export function pageViolations(c: FuzzCase, ctx: FuzzContext): string[] {
  const out: string[] = [];
  const started = performance.now();
  const slow = () => {
    const ms = performance.now() - started;
    if (ms > ctx.caseLimitMs) out.push(`took ${ms.toFixed(0)} ms (limit ${ctx.caseLimitMs} ms) for ${cps(c.text).length} characters`);
  };
  // As the build reads a page: decoded from its bytes first. A page decoding refuses (empty, mostly
  // control characters, a line over the limit) never reaches recovery; it must still not crash it.
  const bytes = Buffer.from(c.text, 'utf8');
  const decoded = decodeRawText(bytes, 'raw/f01_fuzz.txt');
  let rows: PageRows;
  try {
    if (decoded.text === null) {
      recoverPage(c.text);
      slow();
      return out;
    }
    const text = decoded.text;
    const page = recoverPage(text);
    const lines = splitLines(text);
    if (page.lineCount !== lines.length) out.push(`lineCount ${page.lineCount}, but the text has ${lines.length} lines`);
    rows = pageRows({ name: 'f01_fuzz.txt', sha256: '0'.repeat(64), bytes: bytes.length, encoding: decoded.encoding, manifest: MANIFESTS[c.manifest] }, text, page);
    addPageFacts(rows, ctx.gazetteer);
  } catch (e) {
    return [`crash: ${(e as Error).stack ?? e}`];
  }
  slow();

  const rawLines = splitLines(decoded.text).map(cps);
  const lineCount = rawLines.length;
  const articles = new Map(rows.articles.map(({ row }) => [row.article_id, { row, text: cps(row.text), headline: row.headline === null ? null : cps(row.headline), byline: row.byline === null ? null : cps(row.byline) }]));
  for (const { row: a } of rows.articles) {
    if (!(1 <= a.line_start && a.line_start <= a.line_end && a.line_end <= lineCount)) out.push(`article ${a.article_id}: lines ${a.line_start}-${a.line_end} outside 1-${lineCount}`);
  }
  for (const { row: u } of rows.unassigned_lines) if (!(1 <= u.line_no && u.line_no <= lineCount)) out.push(`unassigned line ${u.line_no} outside 1-${lineCount}`);

  for (const { row: p } of rows.paragraphs) {
    const a = articles.get(p.article_id)!;
    if (!(0 <= p.start && p.start <= p.end && p.end <= a.text.length)) out.push(`paragraph ${p.article_id}#${p.paragraph_no}: [${p.start}, ${p.end}) outside its article text of ${a.text.length}`);
    else if (slice(a.text, p.start, p.end) !== p.text) out.push(`paragraph ${p.article_id}#${p.paragraph_no}: text ${JSON.stringify(p.text)} is not its slice ${JSON.stringify(slice(a.text, p.start, p.end))}`);
    if (!(1 <= p.line_start && p.line_start <= p.line_end && p.line_end <= lineCount)) out.push(`paragraph ${p.article_id}#${p.paragraph_no}: lines ${p.line_start}-${p.line_end} outside 1-${lineCount}`);
  }

  for (const table of FACT_TABLES) {
    for (const { row: f } of rows[table] as { row: { fact_id: string; article_id: string; field: 'text' | 'headline' | 'byline'; start: number; end: number; quote: string; sentence_start: number; sentence_end: number } }[]) {
      const column = articles.get(f.article_id)?.[f.field];
      if (!column) { out.push(`${table} ${f.fact_id}: no ${f.field} in article ${f.article_id}`); continue; }
      if (!(0 <= f.sentence_start && f.sentence_start <= f.start && f.start < f.end && f.end <= f.sentence_end && f.sentence_end <= column.length)) {
        out.push(`${table} ${f.fact_id}: span [${f.start}, ${f.end}) in sentence [${f.sentence_start}, ${f.sentence_end}) outside ${f.field} of ${column.length}`);
      } else if (slice(column, f.start, f.end) !== f.quote) {
        out.push(`${table} ${f.fact_id}: quote ${JSON.stringify(f.quote)} is not its slice ${JSON.stringify(slice(column, f.start, f.end))}`);
      }
    }
  }

  // Text segments: as the check text-segments-match-raw proves in DuckDB.
  const byColumn = new Map<string, { start: number; end: number }[]>();
  for (const { row: s } of rows.text_segments) {
    const a = articles.get(s.article_id)!;
    const column = s.field === 'text' ? a.text : a.headline;
    const raw = rawLines[s.line_no - 1];
    const where = `text segment ${s.article_id} ${s.field} [${s.start}, ${s.end}) at ${s.line_no}:${s.column}`;
    if (!column || !raw) { out.push(`${where}: no such column or raw line`); continue; }
    if (!(0 <= s.start && s.start < s.end && s.end <= column.length && 0 <= s.column && s.column + (s.end - s.start) <= raw.length)) { out.push(`${where}: outside its text or raw line`); continue; }
    const rawSlice = slice(raw, s.column, s.column + (s.end - s.start)).replace(/\s/gu, ' '); // as recovery collapses it
    if (rawSlice !== slice(column, s.start, s.end)) out.push(`${where}: ${JSON.stringify(slice(column, s.start, s.end))} is not the raw ${JSON.stringify(rawSlice)}`);
    const key = `${s.article_id}\u0000${s.field}`;
    byColumn.set(key, [...(byColumn.get(key) ?? []), { start: s.start, end: s.end }]);
  }
  for (const a of articles.values()) {
    for (const [field, column] of [['text', a.text], ['headline', a.headline]] as const) {
      if (!column) continue;
      const segments = (byColumn.get(`${a.row.article_id}\u0000${field}`) ?? []).sort((x, y) => x.start - y.start);
      let covered = 0;
      for (const s of segments) {
        if (s.start < covered) out.push(`text segments of ${a.row.article_id} ${field} overlap at ${s.start}`);
        else if (!/^[\n ]*$/.test(slice(column, covered, s.start))) out.push(`${a.row.article_id} ${field} [${covered}, ${s.start}) maps to no raw line: ${JSON.stringify(slice(column, covered, s.start))}`);
        covered = Math.max(covered, s.end);
      }
      if (!/^[\n ]*$/.test(slice(column, covered, column.length))) out.push(`${a.row.article_id} ${field} [${covered}, ${column.length}) maps to no raw line: ${JSON.stringify(slice(column, covered, column.length).slice(0, 40))}`);
    }
  }

  for (const spec of ctx.specs) {
    for (const { row, at } of (rows[spec.table as keyof PageRows] ?? []) as { row: unknown; at: { file: string | null; line: number | null } }[]) {
      for (const i of validateRow(spec, row, at)) out.push(`${i.code}: ${i.message}`);
    }
  }
  return out;
}

/** The property: a page breaks none of them. Throws the list, so fast-check shrinks and reports it. */
export function pageProperty(shape: FuzzShape, ctx: FuzzContext) {
  return fc.property(fuzzCase(shape), (c) => {
    const violations = pageViolations(c, ctx);
    if (violations.length) throw new Error(`${c.kind} page (${c.manifest} manifest) breaks ${violations.length} properties:\n  ${violations.slice(0, 10).join('\n  ')}`);
  });
}
