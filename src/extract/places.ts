/**
 * Place mentions in one article: 焦作 administrative divisions (matched against the NBS gazetteer
 * and resolved to a 统计用区划代码) and a hand-written list of places outside 焦作.
 *
 * Policies (see also data/reference/README.md):
 * - Leftmost-longest dictionary matching, scanning the text once. Only full names and the aliases
 *   built in divisions.ts are matched: `山阳公安分局` gives no place (山阳 alone is not an alias; the
 *   county is 山阳区), `孟州市中医管理局` gives 孟州市. A place inside an organization name is still
 *   a place mention (the organization is located there).
 * - Alias kinds scanned: official, variant, prefix-stripped (博爱县 townships), zone (示范区,
 *   城乡一体化示范区 → 410871), short (焦作, 孟州, 沁阳, 武陟, 修武), village `X村` (a one-character
 *   stem such as 王村 only right after a division, since 千村/留村 are ordinary words), community
 *   `X社区`, and bare village stems of three or more characters (西水寨, 恩村三街). Bare community
 *   stems are not scanned: most are road names (太行西路). County short forms that are ordinary
 *   words or organization prefixes (山阳, 解放, 中站, 马村, 博爱, 温) are not scanned either.
 * - A name that several divisions share (太行街道: 山阳区 and 沁阳市) is resolved, in this order, by
 *   the division written immediately before it (`沁阳市太行街道`), by a division written
 *   immediately after it that lies in exactly one candidate, or by the nearest earlier resolved
 *   mention in the article (its township, then its county). Otherwise `code` is null,
 *   `ambiguous` is true and `candidates` lists every code: never a silent guess.
 * - `XX社区` written right after a township but missing from the gazetteer (中站区月山街道月山社区:
 *   NBS only has 月山虚拟社区) is reported as a village-level place with code null (rule
 *   `community-pattern`).
 * - Places outside 焦作 (武汉, 湖北, 山西, 济源市, …) come from a short hand-written list
 *   (gazetteer-text.ts): `in_jiaozuo` false, `code` and `level` null.
 * - Not reported: roads and streets (迎宾路, 经三路, 新华南街), stations (焦作南站), expressways,
 *   deictic references (我市, 该镇, 全市). Anaphora (该镇) is resolved by the people extractor.
 */
import {
  OUTSIDE_CITIES,
  OUTSIDE_PROVINCES,
  OUTSIDE_SUFFIX_ONLY,
  StartFilter,
  SurfaceIndex,
  cpLength,
  sliceChars,
  isHan,
  startsWithAt,
} from './gazetteer-text.ts';
import { codePointTextOf, zeroedUint8Array } from './span.ts';
import { tokensOf } from './segmenter.ts';
import { type DivisionAlias, type DivisionLevel, type Gazetteer, countyOf, isDistrictStem, isWithin, townshipOf } from './divisions.ts';

export type PlaceRule =
  | 'gazetteer'
  | 'gazetteer-prefix'
  | 'gazetteer-following'
  | 'gazetteer-context'
  | 'gazetteer-ambiguous'
  | 'community-pattern'
  | 'outside-list'
  | 'national'
  | 'national-context'
  | 'national-ambiguous'
  | 'outside-context';

export interface Place {
  /** Code-point offsets in the article text, end exclusive. */
  start: number;
  end: number;
  /** The code-point slice [start, end) of the text. */
  quote: string;
  /** The name as written (same as quote). */
  name: string;
  /** 统计用区划代码 of the division, or null (outside 焦作, unresolved, or not in the gazetteer). */
  code: string | null;
  /** Official (gazetteer) name of `code`, or null. */
  official_name: string | null;
  level: DivisionLevel | null;
  in_jiaozuo: boolean;
  /** True when several divisions carry the name and the context did not decide. */
  ambiguous: boolean;
  /** All candidate codes when the name had more than one (resolved or not); else empty. */
  candidates: string[];
  rule: PlaceRule;
  /** 统计用区划代码 down to county level anywhere in China (= code in 焦作), or null. */
  national_code: string | null;
  national_level: 'province' | 'city' | 'county' | 'township' | 'village' | null;
}

interface OutsideEntry {
  base: string;
}

let outsideIndexCache: SurfaceIndex<OutsideEntry> | null = null;
function outsideIndex(): SurfaceIndex<OutsideEntry> {
  if (outsideIndexCache) return outsideIndexCache;
  const idx = new SurfaceIndex<OutsideEntry>();
  for (const p of OUTSIDE_PROVINCES) {
    idx.add(p, { base: p });
    for (const suf of ['省', '市', '自治区']) idx.add(p + suf, { base: p });
  }
  for (const c of OUTSIDE_CITIES) {
    idx.add(c, { base: c });
    idx.add(c + '市', { base: c });
  }
  for (const c of OUTSIDE_SUFFIX_ONLY) idx.add(c, { base: c.slice(0, -1) });
  outsideIndexCache = idx;
  return idx;
}

interface RawMatch {
  start: number;
  end: number;
  surface: string;
  /** Distinct candidate codes (Jiaozuo) or empty for outside / pattern matches. Read only (shared). */
  codes: readonly string[];
  outside: boolean;
  pattern: boolean;
  /** Candidate codes of the national gazetteer (outside 焦作); empty otherwise. Read only (shared). */
  national: readonly string[];
}

// The matches are made in one place and read in bounds only: objects of one shape and no reads
// past the end keep the optimized scan from being thrown away again and again (V8 deopts). For the
// same reason the empty codes array is made from a string array (emptied), so that it has the
// array map of every other codes array, not that of `[]`.
const NO_CODES: readonly string[] = (() => {
  const codes = [''];
  codes.length = 0;
  return codes;
})();

function rawMatch(start: number, end: number, surface: string, codes: readonly string[], outside: boolean, pattern: boolean, national: readonly string[] = NO_CODES): RawMatch {
  return { start, end, surface, codes, outside, pattern, national };
}

/** May this alias be used when scanning running text at this position? */
function acceptAlias(a: DivisionAlias, afterDivision: boolean): boolean {
  const n = cpLength(a.surface);
  switch (a.kind) {
    case 'official':
    case 'variant':
    case 'prefix-stripped':
    case 'zone':
    case 'short':
    case 'community':
      return true;
    case 'village':
      return n >= 3 || afterDivision;
    case 'village-stem':
      return n >= 3;
    case 'community-stem':
      return false;
  }
}

/**
 * The distinct codes (sorted) of the aliases of a surface that may be scanned (`acceptAlias`),
 * away from a division and right after one; empty when none may. Worked out once per surface
 * instead of at every match. Keyed by the surface's value list; its length guards against an
 * alias added later. The arrays are shared: never modified.
 */
const ACCEPTED = new WeakMap<readonly DivisionAlias[], { length: number; anywhere: readonly string[]; afterDivision: readonly string[] }>();

function acceptedCodes(values: readonly DivisionAlias[], afterDivision: boolean): readonly string[] {
  let known = ACCEPTED.get(values);
  if (!known || known.length !== values.length) {
    const codes = (after: boolean) => [...new Set(values.filter((a) => acceptAlias(a, after)).map((a) => a.code))].sort();
    known = { length: values.length, anywhere: codes(false), afterDivision: codes(true) };
    ACCEPTED.set(values, known);
  }
  return afterDivision ? known.afterDivision : known.anywhere;
}

// May the surface be scanned here? Asked for every surface found at every position (a one-character
// village stem makes most positions one): a surface with one alias, the usual case, is answered
// directly; one with several from the codes above.
const acceptAnywhere = (_s: string, values: readonly DivisionAlias[]) =>
  values.length === 1 ? acceptAlias(values[0], false) : acceptedCodes(values, false).length > 0;
const acceptAfterDivision = (_s: string, values: readonly DivisionAlias[]) =>
  values.length === 1 ? acceptAlias(values[0], true) : acceptedCodes(values, true).length > 0;

/** Stop characters that cannot be inside an unlisted community name. */
const COMMUNITY_STOP = new Set(['的', '和', '与', '及', '在', '是', '等', '各', '该', '全', '了']);

/** Words that make a short place name (焦作, 孟州) the name of a facility: a station, a road, a residential community. */
const FACILITY_AFTER = /^(?:[东西南北]?站|火车站|高铁站|路|大道|大街|街|社区|小区)/u;

/** Level words that make a district's stem the name of another division (集美镇, 城关乡). */
const LEVEL_AFTER: ReadonlySet<string | undefined> = new Set(['省', '市', '县', '区', '镇', '乡', '村', '街']);

/** True when a short-form match is followed by a facility word (焦作南站, 焦作路). */
function namesFacility(chars: readonly string[], end: number, aliases: readonly DivisionAlias[]): boolean {
  return aliases.every((a) => a.kind === 'short') && FACILITY_AFTER.test(sliceChars(chars, end, end + 3));
}

/**
 * Find place mentions in one article text.
 * @param text the article text (any string; offsets are code points)
 * @param gazetteer from loadGazetteer() / buildGazetteer()
 */
export function extractPlaces(text: string, gazetteer: Gazetteer): Place[] {
  // each key written out, not `{ ...p, candidates }`: a spread followed by a key is a slow path in V8
  return placesOf(text, gazetteer).map((p): Place => ({
    start: p.start, end: p.end, quote: p.quote, name: p.name, code: p.code, official_name: p.official_name, level: p.level,
    in_jiaozuo: p.in_jiaozuo, ambiguous: p.ambiguous, candidates: [...p.candidates], rule: p.rule,
    national_code: p.national_code, national_level: p.national_level,
  }));
}

/**
 * The places of the text most recently asked for. One article field's text is scanned for
 * places by the place extractor and, as anchors and for anaphora, by the organization and people
 * extractors (five times in all): the scan is pure, so it is done once. Callers must not mutate
 * the result (extractPlaces hands out copies).
 */
let lastPlaces: { text: string; gazetteer: Gazetteer; places: readonly Place[] } | null = null;

export function placesOf(text: string, gazetteer: Gazetteer): readonly Place[] {
  if (lastPlaces && lastPlaces.gazetteer === gazetteer && lastPlaces.text === text) return lastPlaces.places;
  const places = scanPlaces(text, gazetteer);
  lastPlaces = { text, gazetteer, places };
  return places;
}

// The scan in three functions (matches, resolution, rows) rather than one: each is compiled on
// its own, and a branch seen for the first time late (V8 deopts) recompiles only its part.
function scanPlaces(text: string, gazetteer: Gazetteer): Place[] {
  const matched = matchPlaces(codePointTextOf(text).cps, gazetteer, gazetteer.national.index.size > 0 ? wordBoundaries(text) : null);
  const { resolved: matchedResolved, rules: matchedRules } = resolvePlaces(matched);
  const matchedNational = resolveNational(matched, matchedResolved, gazetteer);
  // null: a district's name without 区 that no city licensed, which is no place (see resolveNational)
  const raw: RawMatch[] = [];
  const resolved: (string | null)[] = [];
  const rules: PlaceRule[] = [];
  const national: NationalResolution[] = [];
  for (let k = 0; k < matched.length; k++) {
    const n = matchedNational[k];
    if (n === null) continue;
    raw.push(matched[k]);
    resolved.push(matchedResolved[k]);
    rules.push(matchedRules[k]);
    national.push(n);
  }
  const elsewhere = keepHomonymsOutside(raw, resolved, rules, national);
  return placeRows(raw, resolved, rules, gazetteer, national, elsewhere);
}

/**
 * The first characters of the gazetteer's, the outside list's and the national gazetteer's names
 * in one table, per gazetteer (made again should one of its lists have grown since).
 */
const START_FILTERS = new WeakMap<Gazetteer, { sizes: readonly number[]; filter: StartFilter }>();
function startFilter(gazetteer: Gazetteer, outside: SurfaceIndex<OutsideEntry>): StartFilter {
  const lists = [gazetteer.index, outside, gazetteer.national.index];
  let known = START_FILTERS.get(gazetteer);
  if (known === undefined || lists.some((list, k) => list.size !== known!.sizes[k])) {
    known = { sizes: lists.map((list) => list.size), filter: new StartFilter(lists) };
    START_FILTERS.set(gazetteer, known);
  }
  return known.filter;
}

/** Leftmost-longest matches of the gazetteer and the outside list, scanning the text once. */
function matchPlaces(chars: readonly string[], gazetteer: Gazetteer, boundaries: Uint8Array | null): RawMatch[] {
  const outside = outsideIndex();
  const national = gazetteer.national.index;
  const fullNames = gazetteer.national.fullNames;
  const starts = startFilter(gazetteer, outside);
  const raw: RawMatch[] = [];

  let i = 0;
  while (i < chars.length) {
    if (!isHan(chars[i])) {
      i++;
      continue;
    }
    const prev = raw.length > 0 ? raw[raw.length - 1] : undefined;
    // no name of any list starts here, and no unlisted community can follow a match (below)
    if (!starts.mayStartAt(chars, i) && (prev === undefined || prev.end !== i)) {
      i++;
      continue;
    }
    const afterDivision = !!prev && prev.end === i && !prev.outside && prev.codes.some((c) => c.length <= 9);
    const g = gazetteer.index.longestAt(chars, i, afterDivision ? acceptAfterDivision : acceptAnywhere);
    let o = outside.longestAt(chars, i);
    // A division elsewhere in China: by its full name (长垣县, even where the segmenter reads
    // 新乡市长垣县 as 新乡/市长/垣县), or by its short name where the segmenter sees a word boundary
    // on both sides (成都 in 完成都 is no place).
    scan.boundaries = boundaries;
    scan.fullNames = fullNames;
    scan.at = i;
    const n = national.size > 0 ? national.longestAt(chars, i, acceptNational) : null;
    if (n && (!g || n.length > g.length) && (!o || n.length >= o.length)) {
      if (!fullNames.has(n.surface) && FACILITY_AFTER.test(sliceChars(chars, i + n.length, i + n.length + 3))) {
        i += n.length; // 兴平路, 龙山社区: a road or community named after the place, not the place
        continue;
      }
      if (LEVEL_AFTER.has(chars[i + n.length]) && n.values.every((c) => isDistrictStem(gazetteer.national, n.surface, c))) {
        i += n.length; // 集美镇 is a town, not 集美区
        continue;
      }
      raw.push(rawMatch(i, i + n.length, n.surface, NO_CODES, true, false, n.values));
      i += n.length;
      continue;
    }
    if (g && (!o || g.length >= o.length) && namesFacility(chars, i + g.length, g.values)) {
      i += g.length; // 焦作南站, 焦作路: a station or road named after the place, not the place
      continue;
    }
    if (g && (!o || g.length >= o.length)) {
      raw.push(rawMatch(i, i + g.length, g.surface, acceptedCodes(g.values, afterDivision), false, false));
      i += g.length;
      continue;
    }
    if (o) {
      // the hand-written list's names are divisions too: their national codes, when listed
      const listed = national.get(o.surface);
      raw.push(rawMatch(i, i + o.length, o.surface, NO_CODES, true, false, listed.length > 0 ? listed : national.get(`${o.surface}市`)));
      i += o.length;
      continue;
    }
    // An unlisted community right after a township: 月山街道 + 月山社区.
    if (prev && prev.end === i && !prev.outside && prev.codes.length > 0 && prev.codes.every((c) => c.length === 9)) {
      const found = unlistedCommunityEnd(chars, i);
      if (found > 0) {
        raw.push(rawMatch(i, found, sliceChars(chars, i, found), NO_CODES, false, true));
        i = found;
        continue;
      }
    }
    i++;
  }
  return raw;
}

/**
 * Where the national scan stands, for `acceptNational` (a function made once, not a closure made
 * at every position of every text).
 */
const scan: { boundaries: Uint8Array | null; fullNames: ReadonlySet<string>; at: number } = { boundaries: null, fullNames: new Set(), at: 0 };

/** A national name is taken by its full name anywhere, by a short name only between word boundaries. */
function acceptNational(surface: string): boolean {
  const b = scan.boundaries;
  return scan.fullNames.has(surface) || b === null || (b[scan.at] === 1 && b[scan.at + cpLength(surface)] === 1);
}

/** 1 at every offset where the segmenter puts a word boundary (the text's start and end included). */
function wordBoundaries(text: string): Uint8Array {
  const tokens = tokensOf(text);
  const n = tokens.length > 0 ? tokens.end[tokens.length - 1] : 0;
  const b = zeroedUint8Array(n + 1);
  b[0] = 1;
  for (let i = 0; i < tokens.length; i++) b[tokens.end[i]] = 1;
  return b;
}

interface NationalResolution {
  code: string | null;
  /** Candidates once a name's nested duplicates are dropped (中山市 the city and its county-level code). */
  candidates: readonly string[];
  rule: PlaceRule;
}

/** Drops candidates that lie under another candidate of the same name. */
function outermost(codes: readonly string[]): readonly string[] {
  if (codes.length < 2) return codes;
  return codes.filter((c) => !codes.some((d) => d !== c && c.startsWith(d)));
}

const NATIONAL_LOOKBACK = 200;

/**
 * Codes of the national matches: the only candidate; else the one under the division written
 * just before it (湖北省武汉市江夏区), or under the nearest earlier resolved mention (its city,
 * then its province), or under the nearest later mention of a name that is not shared; else the
 * only one in the paper's province (gazetteer.homeProvince); else null (ambiguous). A district's
 * name without 区 (金川 for 金川区) stands for it only after its city; where no city licenses it and
 * the name stands for nothing else, the match is no place: null instead of a resolution.
 */
function resolveNational(raw: readonly RawMatch[], resolvedJiaozuo: readonly (string | null)[], gazetteer: Gazetteer): (NationalResolution | null)[] {
  const { national, homeProvince } = gazetteer;
  const out: (NationalResolution | null)[] = [];
  for (let k = 0; k < raw.length; k++) {
    const m = raw[k];
    const all = outermost(m.national);
    const stems = all.filter((c) => isDistrictStem(national, m.surface, c));
    const candidates = stems.length === 0 ? all : all.filter((c) => !stems.includes(c));
    if (stems.length > 0) {
      // 金川 for 金川区 only after its city (金昌市): the district of the nearest earlier mention's city
      const city = districtCity(raw, k, out, resolvedJiaozuo, stems);
      if (city !== null) {
        out.push({ code: city, candidates: all, rule: 'national-context' });
        continue;
      }
      if (candidates.length === 0) {
        out.push(null);
        continue;
      }
    }
    if (candidates.length === 0) {
      out.push({ code: null, candidates, rule: 'outside-list' });
      continue;
    }
    if (candidates.length === 1) {
      out.push({ code: candidates[0], candidates, rule: 'national' });
      continue;
    }
    let code: string | null = null;
    const prev = k > 0 ? codeAt(out, resolvedJiaozuo, k - 1) : null;
    if (prev && raw[k - 1].end === m.start) {
      const under = candidates.filter((c) => c.startsWith(prev));
      if (under.length === 1) code = under[0];
    }
    // the nearest earlier mentions, at most NATIONAL_LOOKBACK of them: a long text of names
    // that nothing decides must not cost the square of its length
    for (let j = k - 1; j >= 0 && j >= k - NATIONAL_LOOKBACK && code === null; j--) {
      const pc = codeAt(out, resolvedJiaozuo, j);
      if (pc) code = onlyUnder(candidates, pc);
    }
    // else the nearest later mention whose name is not shared (鼓楼区…福州市)
    for (let j = k + 1; j < raw.length && j <= k + NATIONAL_LOOKBACK && code === null; j++) {
      const later = outermost(raw[j].national);
      const lc = later.length === 1 ? later[0] : resolvedJiaozuo[j] ?? null;
      if (lc && !isDistrictStem(national, raw[j].surface, lc)) code = onlyUnder(candidates, lc);
    }
    if (code === null && homeProvince !== '') {
      const home = candidates.filter((c) => c.startsWith(homeProvince));
      if (home.length === 1) code = home[0];
    }
    out.push({ code, candidates, rule: code === null ? 'national-ambiguous' : 'national-context' });
  }
  return out;
}

/** The code of match j: its national resolution's, else its 焦作 one's, else null. */
function codeAt(out: readonly (NationalResolution | null)[], resolvedJiaozuo: readonly (string | null)[], j: number): string | null {
  return out[j]?.code ?? resolvedJiaozuo[j] ?? null;
}

/** The only candidate under the city of `code`, else the only one under its province, else null. */
function onlyUnder(candidates: readonly string[], code: string): string | null {
  for (const ancestor of [code.slice(0, 4), code.slice(0, 2)]) {
    const under = candidates.filter((c) => c.startsWith(ancestor));
    if (under.length === 1) return under[0];
  }
  return null;
}

/** The district stem candidate under the city of the nearest earlier mention that has a city, or null. */
function districtCity(raw: readonly RawMatch[], k: number, out: readonly (NationalResolution | null)[], resolvedJiaozuo: readonly (string | null)[], stems: readonly string[]): string | null {
  for (let j = k - 1; j >= 0 && j >= k - NATIONAL_LOOKBACK; j--) {
    const pc = codeAt(out, resolvedJiaozuo, j);
    if (!pc || pc.length < 4) continue;
    const under = stems.filter((c) => c.startsWith(pc.slice(0, 4)));
    return under.length === 1 ? under[0] : null;
  }
  return null;
}

/**
 * A 焦作 township or village name written right after a place elsewhere (武汉市江夏区龙泉街道)
 * is a homonym there: it never gets the 焦作 code by its name alone.
 */
function keepHomonymsOutside(raw: readonly RawMatch[], resolved: (string | null)[], rules: PlaceRule[], national: readonly NationalResolution[]): Set<number> {
  const elsewhere = new Set<number>();
  for (let k = 1; k < raw.length; k++) {
    const m = raw[k];
    const p = raw[k - 1];
    if (m.outside || m.pattern || p.end !== m.start || !(p.outside || elsewhere.has(k - 1))) continue;
    if (!m.codes.every((c) => c.length >= 9)) continue;
    const pc = national[k - 1]?.code ?? null;
    if (pc !== null && pc.startsWith('4108')) continue;
    resolved[k] = null;
    rules[k] = 'outside-context';
    elsewhere.add(k);
  }
  return elsewhere;
}

function stemChar(c: string): boolean {
  return isHan(c) && !COMMUNITY_STOP.has(c);
}

/** End of `XX社区` starting at i (2 to 5 Han characters then 社区), or -1. */
function unlistedCommunityEnd(chars: readonly string[], i: number): number {
  // each step adds one character to the stem: the stem is whole and all Han, none a stop character,
  // while its last one is (what a slice of chars i … i+k checked for every k)
  for (let k = 2; k <= 5; k++) {
    if (i + k > chars.length) break;
    if (k === 2 && !stemChar(chars[i])) break;
    if (!stemChar(chars[i + k - 1])) break;
    if (startsWithAt(chars, i + k, '社区')) return i + k + 2;
  }
  return -1;
}

function codesWithin(codes: readonly string[], ancestor: string): string[] {
  return codes.filter((c) => isWithin(c, ancestor));
}

/** Resolves the codes of the matches (see the module doc): the code of each, and by which rule. */
function resolvePlaces(raw: readonly RawMatch[]): { resolved: (string | null)[]; rules: PlaceRule[] } {
  const resolved: (string | null)[] = raw.map((m) => (m.codes.length === 1 ? m.codes[0] : null));
  const rules: PlaceRule[] = raw.map((m) =>
    m.outside ? 'outside-list' : m.pattern ? 'community-pattern' : m.codes.length === 1 ? 'gazetteer' : 'gazetteer-ambiguous',
  );

  // 1. by the division immediately before (left to right, so chains resolve in order)
  for (let k = 0; k < raw.length; k++) {
    const m = raw[k];
    if (m.outside || m.pattern || resolved[k] !== null) continue;
    const p = k > 0 ? raw[k - 1] : undefined;
    if (p && p.end === m.start && resolved[k - 1]) {
      const f = codesWithin(m.codes, resolved[k - 1]!);
      if (f.length === 1) {
        resolved[k] = f[0];
        rules[k] = 'gazetteer-prefix';
        continue;
      }
    }
    // 2. by the division immediately after (太行街道 + a community found in only one of them)
    const nx = k + 1 < raw.length ? raw[k + 1] : undefined;
    if (nx && nx.start === m.end && !nx.outside && !nx.pattern && nx.codes.length > 0) {
      const parents = m.codes.filter((c) => nx.codes.some((d) => d !== c && isWithin(d, c)));
      if (parents.length === 1) {
        resolved[k] = parents[0];
        rules[k] = 'gazetteer-following';
        continue;
      }
    }
    // 3. by the nearest earlier resolved mention: its township, then its county
    for (let j = k - 1; j >= 0 && resolved[k] === null; j--) {
      const pc = resolved[j];
      if (!pc) continue;
      for (const anc of [townshipOf(pc), countyOf(pc)]) {
        if (!anc) continue;
        const f = codesWithin(m.codes, anc);
        if (f.length === 1) {
          resolved[k] = f[0];
          rules[k] = 'gazetteer-context';
          break;
        }
      }
      // A resolved mention at county level or below that does not contain any candidate says
      // nothing about this name; keep looking further back.
    }
  }
  return { resolved, rules };
}

function placeRows(
  raw: readonly RawMatch[],
  resolved: readonly (string | null)[],
  rules: readonly PlaceRule[],
  gazetteer: Gazetteer,
  national: readonly NationalResolution[],
  elsewhere: ReadonlySet<number>,
): Place[] {
  return raw.map((m, k) => {
    if (m.national.length > 0 || elsewhere.has(k)) return outsideRow(m, national[k], gazetteer, elsewhere.has(k) ? rules[k] : null);
    const code = resolved[k];
    const div = code ? gazetteer.divisions.get(code) : undefined;
    let level: DivisionLevel | null = div ? div.level : null;
    if (!code && m.codes.length > 1) {
      const levels = new Set(m.codes.map((c) => gazetteer.divisions.get(c)?.level));
      if (levels.size === 1) level = [...levels][0] ?? null;
    }
    if (m.pattern) level = 'village';
    const ambiguous = !m.outside && !m.pattern && code === null && m.codes.length > 1;
    return {
      start: m.start,
      end: m.end,
      quote: m.surface,
      name: m.surface,
      code,
      official_name: div ? div.name : null,
      level,
      in_jiaozuo: !m.outside,
      ambiguous,
      candidates: m.codes.length > 1 ? [...m.codes] : [],
      rule: rules[k],
      national_code: code,
      national_level: code === null ? null : level,
    };
  });
}

/** A place elsewhere in China: its national code (or candidates), no 焦作 code. */
function outsideRow(m: RawMatch, n: NationalResolution, gazetteer: Gazetteer, rule: PlaceRule | null): Place {
  const div = n.code ? gazetteer.national.divisions.get(n.code) : undefined;
  return {
    start: m.start,
    end: m.end,
    quote: m.surface,
    name: m.surface,
    code: null,
    official_name: div ? div.name : null,
    level: null,
    in_jiaozuo: false,
    ambiguous: rule === null && n.code === null && n.candidates.length > 1,
    candidates: n.candidates.length > 1 ? [...n.candidates] : [],
    rule: rule ?? n.rule,
    national_code: n.code,
    national_level: div ? div.level : null,
  };
}
