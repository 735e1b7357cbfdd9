/**
 * The word segmenter (jieba, via @node-rs/jieba, with its own dictionary and part-of-speech
 * tags) and the names it suggests: person (nr, nrfg, nrt and the new words its HMM finds),
 * organization (nt, and proper words followed by an organization head such as 队, 公司, 委员会)
 * and place (ns) candidates, as code-point spans.
 *
 * The segmenter is run once per text: `tokensOf` keeps the tokens of the text it was last asked
 * about, as the place scan does (one article field is asked about by several extractors).
 * jieba's tags are candidates, not facts: each family below filters them with features written
 * from general knowledge (surnames, organization heads, words that name kinds of places rather
 * than places), and the extractors' own rules win where both speak (article-facts.ts merges).
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { isHan } from './gazetteer-text.ts';

/**
 * A text's words as parallel arrays, token i being `word[i]` tagged `tag[i]` at code points
 * `start[i]` to `end[i]` (end exclusive): a few objects per text rather than one per word (the
 * token objects were about 10 KB of the 100 KB extraction allocates per article). `word` is the
 * segmenter's own array, and `start` and `end` are two views of one array of offsets. Read past
 * the last token, each array gives undefined, as an array of token objects would.
 */
export interface Tokens {
  readonly length: number;
  readonly word: readonly string[];
  readonly tag: readonly string[];
  readonly start: Int32Array;
  /** `start` shifted by one: a token ends where the next begins. */
  readonly end: Int32Array;
}

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  return (jieba ??= Jieba.withDict(dict));
}

/**
 * Loads jieba and its dictionary tables now rather than on the first text: a page worker calls it
 * before it takes pages, so that the first page after a worker starts (or replaces one ended for
 * overrunning) is not charged about half a second of loading against its time limit.
 */
export function loadSegmenter(): void {
  segmenter();
  dictionary();
}

/**
 * jieba's dictionary (one `word frequency tag` line per word, 349,045 words) as an open-addressed
 * table over its own text: a word is found by its hash and compared in place, and its tag and
 * frequency sit in typed arrays. Built as two 350,000-entry Maps of fresh strings, it took about
 * 0.3 s of CPU at every worker's start and about 40 MB of heap, which garbage collection walks;
 * this takes about 0.13 s and about 16 MB (the decoded text and typed arrays). `cut` and a lookup
 * here give exactly the words and tags of jieba's `tag` (checked on the NER dev split: all 62,653
 * tokens equal) at less than half its cost: `tag` makes a JS object per word across the native
 * boundary. Lookups are few (most words take their tag from the small tables in front of it).
 */
interface Dictionary {
  /** The dictionary's text, which the entries point into. */
  readonly text: string;
  /** Entry i's word is text[wordStart[i], wordStart[i] + wordLength[i]). */
  readonly wordStart: Int32Array;
  readonly wordLength: Int32Array;
  /** An index into dictionaryTagNames (interned tags) per entry. */
  readonly tagId: Uint16Array;
  readonly frequency: Float64Array;
  readonly count: number;
  /** Entry index + 1 per slot, 0 for an empty slot; a power of two, at most half full. */
  readonly slots: Int32Array;
}

let table: Dictionary | null = null;
const dictionaryTagNames: string[] = [];

/** FNV-1a over the string's UTF-16 code units from `from` to `to`. */
function hashOf(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

function dictionary(): Dictionary {
  if (table) return table;
  const text = new TextDecoder().decode(dict);
  let lines = 0;
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) lines++;
  const capacity = lines + 1;
  const wordStart = new Int32Array(capacity);
  const wordLength = new Int32Array(capacity);
  const tagId = new Uint16Array(capacity);
  const frequency = new Float64Array(capacity);
  let size = 1;
  while (size < 2 * capacity) size <<= 1;
  const slots = new Int32Array(size);
  const tagIds = new Map<number, number[]>();
  let count = 0;
  let from = 0;
  while (from < text.length) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const a = text.indexOf(' ', from);
    const b = text.lastIndexOf(' ', to - 1);
    if (a > from && b > a && b < to) {
      const id = tagIdAt(text, b + 1, to, tagIds);
      // a word listed again keeps its first place and takes the later line's tag and frequency
      let slot = hashOf(text, from, a) & (size - 1);
      let entry = -1;
      for (;;) {
        const e = slots[slot] - 1;
        if (e < 0) break;
        if (wordLength[e] === a - from && sameRun(text, wordStart[e], from, a - from)) {
          entry = e;
          break;
        }
        slot = (slot + 1) & (size - 1);
      }
      if (entry < 0) {
        entry = count++;
        slots[slot] = entry + 1;
        wordStart[entry] = from;
        wordLength[entry] = a - from;
      }
      tagId[entry] = id;
      frequency[entry] = numberAt(text, a + 1, b);
    }
    from = to + 1;
  }
  table = { text, wordStart, wordLength, tagId, frequency, count, slots };
  return table;
}

/**
 * The id of the tag text.slice(from, to).trim(), read in place when it is letters alone (as all
 * of the dictionary's are): `tagIds` keys a tag by its length and first two letters.
 */
function tagIdAt(text: string, from: number, to: number, tagIds: Map<number, number[]>): number {
  let letters = to > from;
  for (let k = from; k < to && letters; k++) {
    const c = text.charCodeAt(k) | 0x20;
    letters = c >= 0x61 && c <= 0x7a;
  }
  let key: number;
  if (letters) key = (to - from) * 0x10000 + text.charCodeAt(from) * 0x100 + (to - from > 1 ? text.charCodeAt(from + 1) : 0);
  else key = -1; // anything else is sliced and trimmed, and kept apart
  const ids = tagIds.get(key) ?? [];
  if (ids.length === 0) tagIds.set(key, ids);
  if (letters) {
    for (const id of ids) {
      const name = dictionaryTagNames[id];
      if (name.length === to - from && text.startsWith(name, from)) return id;
    }
  }
  const tag = internedTag(text.slice(from, to).trim());
  for (const id of ids) if (dictionaryTagNames[id] === tag) return id;
  const id = dictionaryTagNames.push(tag) - 1;
  ids.push(id);
  return id;
}

/** Number(text.slice(from, to)), read in place when it is digits alone. */
function numberAt(text: string, from: number, to: number): number {
  if (to - from > 15 || to === from) return Number(text.slice(from, to));
  let n = 0;
  for (let k = from; k < to; k++) {
    const d = text.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9) return Number(text.slice(from, to));
    n = n * 10 + d;
  }
  return n;
}

/** Do text[x, x + n) and text[y, y + n) hold the same code units? */
function sameRun(text: string, x: number, y: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (text.charCodeAt(x + k) !== text.charCodeAt(y + k)) return false;
  return true;
}

/** The entry of `word` in jieba's dictionary, or -1 when it is not a word of it. */
function entryOf(word: string): number {
  const { text, wordStart, wordLength, slots } = dictionary();
  const n = word.length;
  const mask = slots.length - 1;
  let slot = hashOf(word, 0, n) & mask;
  for (;;) {
    const e = slots[slot] - 1;
    if (e < 0) return -1;
    if (wordLength[e] === n) {
      const at = wordStart[e];
      let k = 0;
      while (k < n && text.charCodeAt(at + k) === word.charCodeAt(k)) k++;
      if (k === n) return e;
    }
    slot = (slot + 1) & mask;
  }
}

/** The dictionary's tag of `word`, or undefined when it is not a word of it. */
function dictionaryTag(word: string): string | undefined {
  const e = entryOf(word);
  return e < 0 ? undefined : dictionaryTagNames[table!.tagId[e]];
}

/**
 * One string per tag, and that one internalized (made a property key): the extractors compare
 * tags with literals (`t.tag === 'ns'`) and look them up in sets for every word, and two
 * internalized strings compare by identity, where a tag sliced from the dictionary's text would
 * be compared character by character and hashed anew. The dictionary has a few dozen tags.
 */
const TAG_KEYS: Record<string, true> = Object.create(null);
const INTERNED_TAGS = new Map<string, string>();
function internedTag(tag: string): string {
  let interned = INTERNED_TAGS.get(tag);
  if (interned === undefined) {
    TAG_KEYS[tag] = true;
    interned = Object.keys(TAG_KEYS).find((k) => k === tag)!;
    INTERNED_TAGS.set(tag, interned);
  }
  return interned;
}

/** jieba's tag for a word not in its dictionary: m for a number, eng for Latin letters, else x. */
function unlistedTag(word: string): string {
  if (/^[0-9.]+$/.test(word)) return 'm';
  return /^[A-Za-z0-9]+$/.test(word) ? 'eng' : 'x';
}

/**
 * The tags of the words met lately, in front of the dictionary's table: a text's words are few
 * and repeat (Zipf), and a lookup in this small table stays in the CPU's cache, where one in the
 * 350,000-word table mostly misses it (about a tenth of extraction's time, measured with
 * bench/extract-cost.ts). Emptied when full, so its size stays bounded.
 */
const HOT_WORDS = 8192;
const hotTags = new Map<string, string | null>();

function listedTag(word: string): string | null {
  let tag = hotTags.get(word);
  if (tag === undefined) {
    tag = dictionaryTag(word) ?? null;
    if (hotTags.size >= HOT_WORDS) hotTags.clear();
    hotTags.set(word, tag);
  }
  return tag;
}

/** The tag of `word` when it is a word of jieba's dictionary (阵雨 → n), else null. */
export function wordTag(word: string): string | null {
  return listedTag(word);
}

/** How often `word` occurs in jieba's dictionary corpus (0 when it is not a word of it). */
export function wordFrequency(word: string): number {
  const e = entryOf(word);
  return e < 0 ? 0 : table!.frequency[e];
}

let total = 0;

/** The sum of the frequencies of all words of jieba's dictionary: a word's probability is its frequency over this. */
export function dictionaryTotal(): number {
  if (total > 0) return total;
  const { frequency, count } = dictionary();
  for (let e = 0; e < count; e++) total += frequency[e];
  return total;
}

let last: { text: string; tokens: Tokens } | null = null;

/**
 * Texts cut ahead of their extraction (segmentAhead), by text, until forgetAhead. jieba's cut of
 * a text costs about four times as much between other work as among other cuts (6.6 M characters
 * of the bench's pages: 3.9 s of CPU one at a time inside the page stages, 0.8 s back to back):
 * its dictionary (350,000 words) falls out of the CPU's caches between two articles, and a run of
 * cuts keeps the entries it reads warm. Cutting a few pages' texts in one run, before their facts
 * are extracted, gives the same words (a text's words depend on nothing but the text).
 */
const cutAhead = new Map<string, Tokens>();

/** Cuts `texts` now, back to back, for tokensOf to answer from until forgetAhead. */
export function segmentAhead(texts: Iterable<string>): void {
  for (const text of texts) if (!cutAhead.has(text)) cutAhead.set(text, tokensOf(text));
}

/** Lets go of the texts cut ahead. */
export function forgetAhead(): void {
  cutAhead.clear();
}

/**
 * The words of short texts met lately, by text: a paper prints the same short headlines again
 * and again (a column's name, 图片新闻, 简讯), each of which would otherwise cross into the
 * segmenter anew, where a call costs much for its few characters. Emptied when full.
 */
const SHORT_TEXT = 32;
const SHORT_TEXTS = 256;
const shortTexts = new Map<string, Tokens>();

/**
 * The tag of every one-unit word by its char code, filled as words are met: about half of a
 * text's words are one character (punctuation, particles), and an array read spares them a
 * lookup in the 350,000-word table (hashing a fresh string, then a probe far out in memory).
 */
const oneUnitTagIds = new Uint16Array(0x10000); // 0: not met yet, else an index into tagNames
const tagNames: string[] = [''];
const tagIds = new Map<string, number>();

function oneUnitTag(word: string, c: number): string {
  const id = oneUnitTagIds[c];
  if (id !== 0) return tagNames[id];
  const tag = dictionaryTag(word) ?? unlistedTag(word);
  oneUnitTagIds[c] = tagIdOf(tag);
  return tag;
}

/**
 * The tag of every two-unit word met lately, by its two char codes, in an open-addressed table:
 * most longer words are two characters, and a word fresh from the segmenter would have its hash
 * computed anew for the Map lookup (about a tenth of the tokens' cost), where two char codes make
 * the key with no string read. Emptied when half full, so probes stay short.
 */
const PAIR_SLOTS = 1 << 14;
const pairKeys = new Int32Array(PAIR_SLOTS);
const pairTagIds = new Uint16Array(PAIR_SLOTS); // 0: empty slot, else an index into tagNames
let pairCount = 0;

function twoUnitTag(word: string): string {
  const key = (word.charCodeAt(0) << 16) | word.charCodeAt(1);
  let slot = Math.imul(key, 0x9e3779b1) >>> 18; // the hash's top 14 bits
  for (;;) {
    const id = pairTagIds[slot];
    if (id === 0) break;
    if (pairKeys[slot] === key) return tagNames[id];
    slot = (slot + 1) & (PAIR_SLOTS - 1);
  }
  const tag = listedTag(word) ?? unlistedTag(word);
  if (pairCount >= PAIR_SLOTS >>> 1) {
    pairTagIds.fill(0);
    pairCount = 0;
    slot = Math.imul(key, 0x9e3779b1) >>> 18;
    while (pairTagIds[slot] !== 0) slot = (slot + 1) & (PAIR_SLOTS - 1);
  }
  pairKeys[slot] = key;
  pairTagIds[slot] = tagIdOf(tag);
  pairCount++;
  return tag;
}

function tagIdOf(tag: string): number {
  let id = tagIds.get(tag);
  if (id === undefined) {
    id = tagNames.push(tag) - 1;
    tagIds.set(tag, id);
  }
  return id;
}

const SURROGATE = /[\ud800-\udfff]/;

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** jieba's tagged words of `text` with code-point offsets (HMM on: it finds unlisted names). */
export function tokensOf(text: string): Tokens {
  if (last && last.text === text) return last.tokens;
  const early = cutAhead.get(text);
  if (early !== undefined) {
    last = { text, tokens: early };
    return early;
  }
  const short = text.length <= SHORT_TEXT;
  if (short) {
    const tokens = shortTexts.get(text);
    if (tokens !== undefined) {
      last = { text, tokens };
      return tokens;
    }
  }
  const words = segmenter().cut(text, true);
  const n = words.length;
  // made at their length and filled in place: pushed, they would be copied as they grow
  const tag = new Array<string>(n);
  const offsets = new Int32Array(n + 1); // token i spans offsets[i] to offsets[i + 1]
  const pairs = SURROGATE.test(text); // without any, a word's length is its count of code points
  let pos = 0;
  for (let w = 0; w < n; w++) {
    const word = words[w];
    if (word.length === 1) {
      const c = word.charCodeAt(0);
      tag[w] = oneUnitTag(word, c);
      if (!isLowSurrogate(c)) pos++; // a lone low surrogate is no code point of its own
      offsets[w + 1] = pos;
      continue;
    }
    let units = word.length;
    if (pairs) for (let k = 0; k < word.length; k++) if (isLowSurrogate(word.charCodeAt(k))) units--; // count code points
    tag[w] = word.length === 2 ? twoUnitTag(word) : listedTag(word) ?? unlistedTag(word);
    pos += units;
    offsets[w + 1] = pos;
  }
  const tokens: Tokens = { length: n, word: words, tag, start: offsets.subarray(0, n), end: offsets.subarray(1) };
  last = { text, tokens };
  if (short) {
    if (shortTexts.size >= SHORT_TEXTS) shortTexts.clear();
    shortTexts.set(text, tokens);
  }
  return tokens;
}
