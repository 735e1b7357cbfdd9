/**
 * Lays articles out as the PDF extractor would print them: the inverse of page recovery.
 * Tests render known articles in many layouts and check that recovery gets them back; the
 * benchmark's corpus generator uses it to make pages that exercise the real rules.
 *
 * Every rendered page is one a careful human could read unambiguously; where the extractor's
 * output would be ambiguous even to a person (a full line ending a sentence followed by a
 * short last line), the renderer wraps the way typesetters avoid it.
 */
import type { RecoveredContributor } from '../../src/recover/types.ts';
import type { PlainArticle, PlainPage } from './without-provenance.ts';
import { seededRandom } from './seeded-random.ts';

export { seededRandom };

export interface ArticleSpec {
  kicker?: string;
  headline?: string;
  subtitle?: string;
  /** inline: `本报讯（记者X）` opening the body; dated: `本报2月3日电（记者X）`; standalone: `本报记者 X` line. */
  byline?: { form: 'inline' | 'dated' | 'standalone'; reporters: string[]; correspondents?: string[] };
  continuation?: boolean;
  paragraphs: { kind: 'body' | 'subheading'; text: string }[];
  /** Column width of this article on a narrow page, in CJK characters. */
  column: number;
}

export interface PageSpec {
  layout: 'wide' | 'narrow';
  headlinePosition: 'before' | 'after';
  articles: ArticleSpec[];
  /** Probability of each kind of extractor noise, 0 to 1. */
  noise: { columnBreak: number; justify: number; spacedNumbers: number; blankBetweenParagraphs: number };
  furniture?: string[];
}


const NO_LINE_START = new Set([...'，。、；：？！”’）》…」』']);
const SENTENCE_END = /[。！？…][”’）」』]*$/u;

function charWidth(ch: string): number {
  return ch.codePointAt(0)! < 0x80 ? 0.5 : 1;
}

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** Wraps a paragraph at `column`, the first line two characters short (the dropped indent). */
export function wrapParagraph(text: string, column: number): string[] {
  const chars = [...text];
  const lines: string[] = [];
  let line = '';
  let limit = column - 2;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (line !== '' && width(line) + charWidth(ch) > limit) {
      if (!NO_LINE_START.has(ch)) {
        lines.push(line);
        line = '';
        limit = column;
      } else if (lines.length === 0) {
        // Closing punctuation never starts a line. On the indented first line the typesetter
        // pushes the last character down with it; on other lines it squeezes the mark in.
        const carried = [...line];
        const last = carried.pop()!;
        lines.push(carried.join(''));
        line = last;
        limit = column;
      }
    }
    line += ch;
  }
  if (line !== '') lines.push(line);
  // A sentence that ends exactly at a full line, followed by a short last line, reads like two
  // paragraphs even to a person; typesetters carry the last word over instead.
  const n = lines.length;
  if (n >= 2 && SENTENCE_END.test(lines[n - 2]) && width(lines[n - 1]) <= column - 1.5) {
    const prev = [...lines[n - 2]];
    const carried = prev.splice(prev.length - 2, 2).join('');
    lines[n - 2] = prev.join('');
    lines[n - 1] = carried + lines[n - 1];
  }
  return lines;
}

function spaceOut(line: string): string {
  return [...line].join(' ');
}

function spaceNumbers(line: string): string {
  return line.replace(/(\d+(?:\.\d+)?)/g, ' $1 ').trim();
}

function bylineParts(spec: NonNullable<ArticleSpec['byline']>, date: string): { printed: string; contributors: RecoveredContributor[] } {
  const contributors: RecoveredContributor[] = [
    ...spec.reporters.map((name) => ({ name, role: 'reporter' as const, rolePrinted: '记者' })),
    ...(spec.correspondents ?? []).map((name) => ({ name, role: 'correspondent' as const, rolePrinted: '通讯员' })),
  ];
  if (spec.form === 'standalone') return { printed: `本报记者 ${spec.reporters.join(' ')}`, contributors };
  const inside = [
    spec.reporters.length ? `记者${spec.reporters.join('、')}` : '',
    spec.correspondents?.length ? `通讯员${spec.correspondents.join('、')}` : '',
  ].join('');
  const opener = spec.form === 'dated' ? `本报${date}电` : '本报讯';
  return { printed: `${opener}（${inside}）`, contributors };
}

/** Renders a page; returns its text and the articles recovery must find in it. */
export function renderPage(spec: PageSpec, random: () => number): { text: string; expected: PlainPage } {
  const out: string[] = [];
  const push = (line: string) => {
    out.push(line);
    return out.length; // 1-based number of the line just pushed
  };
  const blank = () => {
    if (out.length > 0 && out[out.length - 1] !== '') push('');
  };
  const expected: PlainArticle[] = [];

  for (const [index, article] of spec.articles.entries()) {
    const heading = [article.kicker, article.headline, article.subtitle].filter((t): t is string => Boolean(t));
    let lineStart = 0;
    const mark = (no: number) => {
      if (lineStart === 0) lineStart = no;
    };
    const pushHeading = () => {
      for (const line of heading) {
        mark(push(line));
        blank();
      }
    };
    blank();
    if (spec.headlinePosition === 'before') pushHeading();

    const byline = article.byline ? bylineParts(article.byline, '2月3日') : null;
    if (byline && article.byline?.form === 'standalone') {
      mark(push(byline.printed));
      blank();
    }

    const paragraphs: PlainArticle['paragraphs'] = [];
    let anchor = '';
    for (const [k, paragraph] of article.paragraphs.entries()) {
      const afterSubheading = article.paragraphs[k - 1]?.kind === 'subheading';
      // On narrow pages a subheading sits right on top of its paragraph: with a blank line under
      // it, a short line after a finished paragraph would read as a headline, to a person too.
      const blankAllowed = !(spec.layout === 'narrow' && afterSubheading);
      if (k > 0 && blankAllowed && (paragraph.kind === 'subheading' || random() < spec.noise.blankBetweenParagraphs)) blank();
      let text = paragraph.text;
      if (k === 0 && article.continuation) text = `（上接第一版）${text}`;
      if (k === 0 && byline && article.byline?.form !== 'standalone') text = byline.printed + text;
      const lines =
        paragraph.kind === 'subheading' || spec.layout === 'wide' ? [text] : wrapParagraph(text, article.column);
      let first = 0;
      let last = 0;
      for (const [j, line] of lines.entries()) {
        let printed = line;
        const interior = j < lines.length - 1;
        if (spec.layout === 'narrow' && paragraph.kind === 'body') {
          if (interior && j > 0 && !/[\x00-\x7f]/.test(line) && random() < spec.noise.justify) printed = spaceOut(line);
          else if (random() < spec.noise.spacedNumbers) printed = spaceNumbers(line);
        }
        if (spec.layout === 'wide' && paragraph.kind === 'body' && random() < spec.noise.columnBreak) {
          // A column cut mid-sentence: only after a clause mark, so the first part reads as prose.
          const cut = [...printed];
          const at = cut.findIndex((ch, c) => c > 8 && ch === '，' && c < cut.length - 4);
          if (at > 0) {
            const no = push(cut.slice(0, at + 2).join(''));
            if (first === 0) first = no;
            if (anchor === '') anchor = out[no - 1].replace(/\s+/g, '');
            mark(no);
            push('');
            printed = cut.slice(at + 2).join('');
          }
        }
        const no = push(printed);
        if (first === 0) first = no;
        last = no;
        mark(no);
        if (anchor === '') anchor = printed.replace(/\s+/g, '');
        if (interior && spec.layout === 'narrow' && !SENTENCE_END.test(line) && random() < spec.noise.columnBreak) push('');
      }
      paragraphs.push({ kind: paragraph.kind, text: paragraph.text, lineStart: first, lineEnd: last });
    }

    let lineEnd = out.length;
    while (out[lineEnd - 1] === '') lineEnd--;
    if (spec.headlinePosition === 'after') {
      blank();
      pushHeading();
      lineEnd = out.length;
      while (out[lineEnd - 1] === '') lineEnd--;
    }
    const [kicker, headline, subtitle] = [article.kicker ?? null, article.headline ?? null, article.subtitle ?? null];
    expected.push({
      seq: index + 1,
      kicker,
      headline,
      subtitle,
      byline: byline ? byline.printed : null,
      contributors: byline ? byline.contributors : [],
      isContinuation: Boolean(article.continuation),
      paragraphs,
      lineStart,
      lineEnd,
      anchor,
    });
  }
  const unassigned: PlainPage['unassigned'] = [];
  for (const line of spec.furniture ?? []) {
    blank();
    unassigned.push({ line: push(line), text: line, reason: 'page-furniture' });
  }
  return {
    text: `${out.join('\n')}\n`,
    expected: {
      layout: spec.layout,
      headlinePosition: spec.headlinePosition,
      lineCount: out.length,
      articles: expected,
      unassigned,
    },
  };
}
