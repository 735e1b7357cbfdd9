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

export interface Token {
  word: string;
  tag: string;
  /** Code-point offsets, end exclusive. */
  start: number;
  end: number;
}

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  return (jieba ??= Jieba.withDict(dict));
}

/**
 * The tag of `word` when the segmenter reads it as one dictionary word (阵雨 → n), else null.
 * Used to tell a name from a common word: the given name of 雷阵雨 is the word 阵雨. Asked for a
 * few candidates per article, so one small call each rather than a copy of the dictionary.
 */
export function wordTag(word: string): string | null {
  const tagged = segmenter().tag(word, false);
  return tagged.length === 1 ? tagged[0].tag : null;
}

let last: { text: string; tokens: readonly Token[] } | null = null;

/** jieba's tagged words of `text` with code-point offsets (HMM on: it finds unlisted names). */
export function tokensOf(text: string): readonly Token[] {
  if (last && last.text === text) return last.tokens;
  const tokens: Token[] = [];
  let pos = 0;
  for (const { word, tag } of segmenter().tag(text, true)) {
    let n = 0;
    for (let k = 0; k < word.length; k++) {
      const c = word.charCodeAt(k);
      if (c < 0xdc00 || c > 0xdfff) n++; // count code points: skip low surrogates
    }
    tokens.push({ word, tag, start: pos, end: pos + n });
    pos += n;
  }
  last = { text, tokens };
  return tokens;
}
