/**
 * The 焦作 administrative-division gazetteer (NBS 统计用区划代码, 2022 vintage, plus the names of
 * the 2020/2021/2023 vintages), with the surface forms the newspaper actually writes.
 *
 * Data: data/reference/jiaozuo_divisions.csv and jiaozuo_divisions_variants.csv (see the README
 * there). `buildGazetteer` is pure (CSV text in, gazetteer out); `loadGazetteer` reads the files.
 */
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SurfaceIndex, cpLength } from './gazetteer-text.ts';
import { wordTag } from './segmenter.ts';

/** Does the segmenter read `word` as one place name (tag ns)? */
function isPlaceWord(word: string): boolean {
  return wordTag(word) === 'ns';
}

export type DivisionLevel = 'city' | 'county' | 'township' | 'village';

export interface Division {
  /** 统计用区划代码: 4 (city), 6 (county), 9 (township) or 12 (village) digits. */
  code: string;
  /** Official name of the 2022 vintage (or of the latest vintage that has the code). */
  name: string;
  level: DivisionLevel;
  /** Code of the parent division; `41` (河南省, not in the gazetteer) for the city. */
  parent_code: string;
  /** False for codes that exist only in another vintage (from the variants file). */
  in_2022: boolean;
}

/**
 * How a surface form was derived from the official name. The place extractor scans text with
 * some kinds only (see places.ts); `lookupDivision` returns all of them.
 * - official: the name as published (2022 vintage)
 * - variant: a name of the code in the 2020/2021/2023 vintage
 * - prefix-stripped: 博爱县 township without its county prefix (博爱县月山镇 → 月山镇)
 * - zone: 示范区 / 城乡一体化示范区 → 410871
 * - short: a county-level or city name without 市/县 that is not an ordinary word (焦作, 孟州, …)
 * - village: village with 村 (西水寨村民委员会 → 西水寨村)
 * - village-stem: village without any suffix (西水寨)
 * - community: residents' committee as 社区 (梅苑社区居民委员会 → 梅苑社区)
 * - community-stem: community without suffix (梅苑); often a road name, so not scanned
 */
export type AliasKind =
  | 'official'
  | 'variant'
  | 'prefix-stripped'
  | 'zone'
  | 'short'
  | 'village'
  | 'village-stem'
  | 'community'
  | 'community-stem';

export interface DivisionAlias {
  surface: string;
  code: string;
  kind: AliasKind;
}

/** A country (ISO 3166-1 alpha-2) or a continent (UN M49 code) by one of its Chinese names. */
export interface WorldPlace {
  code: string;
  kind: 'country' | 'continent';
}

/** Vintage of the 统计用区划代码 in jiaozuo_divisions.csv (see data/reference/README.md). */
export const CODE_VINTAGE = '2022';

/** A Chinese division outside 焦作 down to county level (data/reference/china_divisions.csv). */
export interface NationalDivision {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  parent_code: string;
}

export interface NationalGazetteer {
  divisions: ReadonlyMap<string, NationalDivision>;
  /** Full names, and short names (河南, 郑州, 长垣) that are not ordinary words, → codes. */
  index: SurfaceIndex<string>;
  /** The surfaces that are a full official name (长垣县), not a short one (长垣). */
  fullNames: ReadonlySet<string>;
  /**
   * `surface\u0000code` of a district's name without 区 (山阳 for 山阳区). Such a stem is often an
   * ordinary place word (城关, 南山, 鼓楼), so it stands for the district only where the text has
   * named the district's city before it (焦作市公安局山阳分局).
   */
  districtStems: ReadonlySet<string>;
}

export interface Gazetteer {
  divisions: ReadonlyMap<string, Division>;
  /** Every province, prefecture and county of China but those of 焦作; empty when not loaded. */
  national: NationalGazetteer;
  /** Chinese name → country or continent (data/reference/countries.csv); empty when not loaded. */
  world: ReadonlyMap<string, WorldPlace>;
  /** Surface form → every (code, kind) it can stand for, deduplicated on (code, kind). */
  index: SurfaceIndex<DivisionAlias>;
  /**
   * Code of the province the paper's city is in (the city row's parent: 41 for 焦作市), the prior
   * for a name that divisions of several provinces share; '' when the file has no city row.
   */
  homeProvince: string;
}

/** County-level and city names written without their suffix that are not also ordinary words. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  焦作: '4108',
  孟州: '410883',
  沁阳: '410882',
  武陟: '410823',
  修武: '410821',
};

const ZONE_CODE = '410871';
const ZONE_ALIASES = ['示范区', '城乡一体化示范区'];
/** 怀川, the old literary name of the 焦作 area (怀庆府), which the newspaper uses for the city. */
const LITERARY_NAMES: Readonly<Record<string, string>> = { 怀川: '4108' };

interface CsvRow {
  code: string;
  name: string;
  level: string;
  parent_code: string;
}

const LEVELS = new Set<string>(['city', 'county', 'township', 'village']);

/**
 * The records of a CSV text as csv-parse reads them with `columns: true, skip_empty_lines: true`
 * (one object per line, keyed by the header). A plain text is cut at its newlines and commas:
 * no quote, no carriage return, no byte-order mark, header names distinct, non-empty and not `__proto__`, every
 * line as many fields as the header (or empty). The reference files are plain, and csv-parse
 * took about 0.1 s of every thread's start on them (the gazetteer is built on the main thread
 * and on each page worker). Any other text goes to csv-parse, for the same records and errors.
 */
export function csvRecords(csvText: string): Record<string, string>[] {
  const parsed = () => parse(csvText, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  if (/["\r\ufeff]/.test(csvText)) return parsed();
  const lines = csvText.split('\n');
  const header = lines[0].split(',');
  if (header.length < 2 || header.some((name) => name === '' || name === '__proto__') || new Set(header).size < header.length) return parsed();
  const rows: Record<string, string>[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const fields = lines[i].split(',');
    if (fields.length !== header.length) return parsed();
    const row: Record<string, string> = {};
    for (let k = 0; k < header.length; k++) row[header[k]] = fields[k];
    rows.push(row);
  }
  return rows;
}

/** csvRecords of a reference file, whose malformed CSV (csv-parse's error: the line and what is wrong) names the file. */
function referenceRecords(csvText: string, file: string): Record<string, string>[] {
  try {
    return csvRecords(csvText);
  } catch (e) {
    throw new Error(`gazetteer ${file}: ${(e as Error).message}`, { cause: e });
  }
}

function parseRows(csvText: string, file: string): CsvRow[] {
  const rows = referenceRecords(csvText, file);
  return rows.map((r, i) => {
    if (!r.code || !r.name || !LEVELS.has(r.level) || r.parent_code === undefined) {
      throw new Error(
        `gazetteer ${file}: expected code,name,level(city|county|township|village),parent_code, got ${JSON.stringify(r)} on record ${i + 1}`,
      );
    }
    return { code: r.code, name: r.name, level: r.level, parent_code: r.parent_code };
  });
}

/** Surface forms of one (code, name) pair, derived from the official name. */
export function aliasesOf(name: string, level: DivisionLevel): { surface: string; kind: AliasKind }[] {
  const out: { surface: string; kind: AliasKind }[] = [];
  if (level === 'township' && name.startsWith('博爱县') && cpLength(name) > 5) {
    out.push({ surface: name.slice('博爱县'.length), kind: 'prefix-stripped' });
  }
  if (level === 'village') {
    // Order matters: the longest suffix first.
    let m = /^(.+?)(村村民委员会|村民委员会|村委会)$/u.exec(name);
    if (m) {
      const stem = m[1];
      out.push({ surface: `${stem}村`, kind: 'village' });
      out.push({ surface: stem, kind: 'village-stem' });
    }
    m = /^(.+?)(社区居民委员会|社区居委会|居民委员会|居委会)$/u.exec(name);
    if (m) {
      const stem = m[1];
      out.push({ surface: `${stem}社区`, kind: 'community' });
      out.push({ surface: stem, kind: 'community-stem' });
    }
  }
  return out;
}

/** The 2022 divisions in file order, then the codes only a variants row has (its first row gives the name). */
function divisionsOf(current: readonly CsvRow[], variants: readonly CsvRow[]): Map<string, Division> {
  const divisions = new Map<string, Division>();
  for (const r of current) divisions.set(r.code, { code: r.code, name: r.name, level: r.level as DivisionLevel, parent_code: r.parent_code, in_2022: true });
  for (const r of variants) {
    if (!divisions.has(r.code)) divisions.set(r.code, { code: r.code, name: r.name, level: r.level as DivisionLevel, parent_code: r.parent_code, in_2022: false });
  }
  return divisions;
}

/**
 * Build the gazetteer from the text of the two CSV files.
 * @param divisionsCsv jiaozuo_divisions.csv (code,name,level,parent_code)
 * @param variantsCsv jiaozuo_divisions_variants.csv (same columns + vintages), optional
 */
export function buildGazetteer(divisionsCsv: string, variantsCsv?: string, countriesCsv?: string, nationalCsv?: string): Gazetteer {
  const index = new SurfaceIndex<DivisionAlias>();
  const seen = new Set<string>();
  const add = (surface: string, code: string, kind: AliasKind) => {
    const key = `${surface}\u0000${code}`;
    if (seen.has(key)) return; // one alias per (surface, code): the first kind wins (official first)
    seen.add(key);
    index.add(surface, { surface, code, kind });
  };

  const variants = variantsCsv ? parseRows(variantsCsv, 'jiaozuo_divisions_variants.csv') : [];
  const divisions = divisionsOf(parseRows(divisionsCsv, 'jiaozuo_divisions.csv'), variants);
  for (const d of divisions.values()) {
    if (d.in_2022) add(d.name, d.code, 'official');
  }
  for (const r of variants) add(r.name, r.code, 'variant');
  for (const [surface, code] of Object.entries(SHORT_NAMES)) add(surface, code, 'short');
  for (const surface of ZONE_ALIASES) add(surface, ZONE_CODE, 'zone');
  for (const [surface, code] of Object.entries(LITERARY_NAMES)) add(surface, code, 'short');
  for (const d of divisions.values()) {
    for (const a of aliasesOf(d.name, d.level)) add(a.surface, d.code, a.kind);
  }
  for (const r of variants) {
    for (const a of aliasesOf(r.name, r.level as DivisionLevel)) add(a.surface, r.code, a.kind);
  }
  const homeCity = [...divisions.values()].find((d) => d.level === 'city' && d.in_2022);
  return {
    divisions,
    index,
    homeProvince: homeCity?.parent_code ?? '',
    world: countriesCsv ? parseWorld(countriesCsv) : new Map(),
    national: nationalCsv ? parseNational(nationalCsv, jiaozuoStems(divisions)) : { divisions: new Map(), index: new SurfaceIndex(), fullNames: new Set(), districtStems: new Set() },
  };
}

/** Suffixes a short name drops, by level (河南省 → 河南, 郑州市 → 郑州, 长垣县 → 长垣). */
const NATIONAL_SUFFIX: Record<NationalDivision['level'], RegExp> = {
  province: /(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/u,
  city: /(?:市|地区|盟)$/u,
  county: /(?:县|市|自治县|旗|自治旗)$/u,
};

/**
 * china_divisions.csv as a gazetteer of the divisions outside 焦作 (4108…, which the 焦作
 * gazetteer holds down to villages). A full name is matched when it keeps two characters before
 * its suffix (城区, 郊区 are not names in running text); a short name when the segmenter reads it
 * as a place name (河南, 郑州: ns), not as an ordinary word (和平 of 和平区, 东方 of 东方市).
 */
/**
 * Stems of 焦作's city and county-level names (山阳 of 山阳区, 温 of 温县): in this paper a bare
 * 山阳 is 山阳区 of 焦作, never 山阳县 of 陕西, so the national gazetteer does not match it.
 */
function jiaozuoStems(divisions: ReadonlyMap<string, Division>): Set<string> {
  const stems = new Set<string>();
  for (const d of divisions.values()) {
    if (d.level === 'city' || d.level === 'county') stems.add(d.name.replace(/(?:市|县|区)$/u, ''));
  }
  return stems;
}

export function parseNational(csvText: string, homeStems: ReadonlySet<string> = new Set()): NationalGazetteer {
  const rows = referenceRecords(csvText, 'china_divisions.csv');
  const divisions = new Map<string, NationalDivision>();
  const index = new SurfaceIndex<string>();
  const fullNames = new Set<string>();
  const districtStems = new Set<string>();
  const seen = new Set<string>();
  const add = (surface: string, code: string) => {
    const key = `${surface}\u0000${code}`;
    if (seen.has(key)) return;
    seen.add(key);
    index.add(surface, code);
  };
  rows.forEach((r, i) => {
    if (!/^\d{2}(?:\d{2}){0,2}$/.test(r.code ?? '') || !r.name || !(r.level in NATIONAL_SUFFIX)) {
      throw new Error(`gazetteer china_divisions.csv: expected code,name,level(province|city|county),parent_code,placeholder, got ${JSON.stringify(r)} on record ${i + 1}`);
    }
    if (r.code.startsWith('4108')) return;
    const level = r.level as NationalDivision['level'];
    divisions.set(r.code, { code: r.code, name: r.name, level, parent_code: r.parent_code });
    if (r.placeholder === 'true') return;
    const stem = r.name.replace(NATIONAL_SUFFIX[level], '');
    if (cpLength(r.name.replace(/(?:区|县|市|旗|盟|地区)$/u, '')) < 2) return; // 城区, 郊区, 矿区: no name in text
    add(r.name, r.code);
    fullNames.add(r.name);
    if (stem !== r.name && !homeStems.has(stem) && (level === 'province' || isPlaceWord(stem))) add(stem, r.code);
    else if (level === 'county' && stem === r.name && r.name.endsWith('区')) {
      const district = r.name.slice(0, -1);
      if (cpLength(district) >= 2 && !homeStems.has(district)) {
        add(district, r.code);
        districtStems.add(districtStemKey(district, r.code));
      }
    }
  });
  return { divisions, index, fullNames, districtStems };
}

/**
 * True when `word` names a division elsewhere in China by itself: a district's stem (金川) does
 * not, since it needs its city before it (see districtStems).
 */
export function isNationalName(national: NationalGazetteer, word: string): boolean {
  return national.index.get(word).some((code) => !isDistrictStem(national, word, code));
}

/** True when `surface` stands for `code` only as its district's name without 区 (金川 for 620302). */
export function isDistrictStem(national: NationalGazetteer, surface: string, code: string): boolean {
  return national.districtStems.has(districtStemKey(surface, code));
}

function districtStemKey(surface: string, code: string): string {
  return `${surface}\u0000${code}`;
}

/** countries.csv (code,alpha3,name,kind) as name → place; the first row of a name wins. */
function parseWorld(csvText: string): Map<string, WorldPlace> {
  const rows = referenceRecords(csvText, 'countries.csv');
  const world = new Map<string, WorldPlace>();
  rows.forEach((r, i) => {
    if (!r.code || !r.name || (r.kind !== 'country' && r.kind !== 'continent')) {
      throw new Error(`gazetteer countries.csv: expected code,alpha3,name,kind(country|continent), got ${JSON.stringify(r)} on record ${i + 1}`);
    }
    if (!world.has(r.name)) world.set(r.name, { code: r.code, kind: r.kind });
  });
  return world;
}

const DEFAULT_REFERENCE_DIR = new URL('../../data/reference/', import.meta.url);

function referenceFile(referenceDir: string | URL, file: string): string {
  return readFileSync(typeof referenceDir === 'string' ? join(referenceDir, file) : new URL(file, referenceDir), 'utf8');
}

/**
 * The divisions as the gazetteer holds them (`loadGazetteer(dir).divisions`), read without its
 * name index, the national and world lists or the segmenter they need (about 90 MB): what the
 * divisions table is made of, on a thread that makes no page.
 */
export function loadDivisions(referenceDir: string | URL = DEFAULT_REFERENCE_DIR): ReadonlyMap<string, Division> {
  const read = (file: string) => referenceFile(referenceDir, file);
  const [divisions, variants] = [read('jiaozuo_divisions.csv'), read('jiaozuo_divisions_variants.csv')];
  return lastBuilt(lastDivisions, [divisions, variants], () => divisionsOf(parseRows(divisions, 'jiaozuo_divisions.csv'), parseRows(variants, 'jiaozuo_divisions_variants.csv')));
}

/**
 * The last result built from the same reference texts, else a new one: a process that builds
 * again (tests; a long-running caller) reads the files each time but parses them and builds the
 * gazetteer's tables once (about 60 ms a build). The results are never changed once built.
 */
interface LastBuilt<T> {
  texts: readonly (string | undefined)[];
  value: T | null;
}
function lastBuilt<T>(memo: LastBuilt<T>, texts: readonly (string | undefined)[], make: () => T): T {
  if (memo.value !== null && memo.texts.length === texts.length && memo.texts.every((t, i) => t === texts[i])) return memo.value;
  memo.value = null; // a failed make leaves nothing behind
  memo.value = make();
  memo.texts = texts;
  return memo.value;
}
const lastDivisions: LastBuilt<ReadonlyMap<string, Division>> = { texts: [], value: null };
const lastGazetteer: LastBuilt<Gazetteer> = { texts: [], value: null };

/** Read data/reference/*.csv (relative to this module) and build the gazetteer. */
export function loadGazetteer(referenceDir: string | URL = DEFAULT_REFERENCE_DIR): Gazetteer {
  const read = (file: string) => referenceFile(referenceDir, file);
  let countries: string | undefined;
  try {
    countries = read('countries.csv');
  } catch {
    countries = undefined; // a data folder's own reference copy may predate the countries list
  }
  let national: string | undefined;
  try {
    national = read('china_divisions.csv');
  } catch {
    national = undefined;
  }
  const [divisions, variants] = [read('jiaozuo_divisions.csv'), read('jiaozuo_divisions_variants.csv')];
  return lastBuilt(lastGazetteer, [divisions, variants, countries, national], () => buildGazetteer(divisions, variants, countries, national));
}

/** Every alias (code + how the surface was derived) a surface name can stand for. */
export function lookupDivision(g: Gazetteer, surface: string): readonly DivisionAlias[] {
  return g.index.get(surface);
}

/** Distinct candidate codes for a surface name (sorted). */
export function candidateCodes(g: Gazetteer, surface: string): string[] {
  return [...new Set(g.index.get(surface).map((a) => a.code))].sort();
}

/** Is `code` equal to `ancestor` or below it? (Codes nest by prefix.) */
export function isWithin(code: string, ancestor: string): boolean {
  return code.startsWith(ancestor);
}

/** The county-level code (6 digits) of a code at county level or below, else null. */
export function countyOf(code: string): string | null {
  return code.length >= 6 ? code.slice(0, 6) : null;
}

/** The township-level code (9 digits) of a code at township level or below, else null. */
export function townshipOf(code: string): string | null {
  return code.length >= 9 ? code.slice(0, 9) : null;
}

/**
 * The reference folder a build uses: `<data>/reference` when the data folder has one, else the
 * project's own copy (a corpus folder need not carry the gazetteer).
 */
export async function referenceDir(dataDir: string): Promise<string | URL> {
  const own = join(dataDir, 'reference');
  return (await stat(join(own, 'jiaozuo_divisions.csv')).then(() => true, () => false)) ? own : new URL('../../data/reference/', import.meta.url);
}

