import { createHash } from 'node:crypto';
import { TABLE_NAMES, type SourcesRow, type TableName, type TableRows } from './generated/tables.ts';
import type { ManifestEntry } from './inputs/index.ts';
import type { Gazetteer } from './extract/divisions.ts';
import type { RecoveredPage } from './recover/index.ts';
import { splitRawLines } from './recover/lines.ts';
import type { Provenance } from './schema/index.ts';

/** What the pipeline knows about a raw page before recovery. */
export interface SourceInfo {
  /** File name in raw/, e.g. `000_0f81d0fce9b36645.txt`. */
  name: string;
  sha256: string;
  bytes: number;
  /** As detected when decoding; UTF-8 when not given. */
  encoding?: SourcesRow['encoding'];
  manifest: ManifestEntry | null;
  /** A page read from a PDF: the file (`raw/x.pdf`), page number and reader; its raw text is the reader's text layer. */
  pdf?: { file: string; pageNo: number; reader: string; readerVersion: string } | null;
}

/** A row and where it came from (raw file and line), so validation issues can point at it. */
export interface Located<T> {
  row: T;
  at: Provenance;
}

/** One page's rows, per table. */
export type PageRows = { [T in TableName]: Located<TableRows[T]>[] };

/** Length in Unicode code points (what ajv's minLength and DuckDB's length() count), not UTF-16 units. */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Lines of a raw page as the recovery contract counts them (LF, CRLF or CR; a final line break
 * starts no line): recovery's own splitter, so raw_lines and line numbers can never disagree.
 */
export const splitLines = splitRawLines;

/** The characters a source_id may have (schema/sources.schema.json), as a character class. */
const SOURCE_ID_CHARS = 'A-Za-z0-9_.-';

/**
 * A raw page's id from its file name: the name without `.txt` when it has only the characters
 * ids allow (`[A-Za-z0-9_.-]`, as every seed page), so existing ids never change. Any other name
 * (`焦作日报 2022-01-21 第2版.txt`) keeps its allowed characters, each other run becoming one `_`,
 * followed by `_` and 8 hex of the SHA-256 of its NFC form: unique for distinct names, the
 * same on every file system (macOS stores names decomposed), readable where it can be
 * (`2022-01-21_2_1f0c3a9b`).
 */
export function sourceId(fileName: string): string {
  const base = fileName.replace(/\.txt$/, '');
  if (new RegExp(`^[${SOURCE_ID_CHARS}]+$`).test(base)) return base;
  const nfc = base.normalize('NFC');
  const kept = nfc.replace(new RegExp(`[^${SOURCE_ID_CHARS}]+`, 'g'), '_').replace(/^_+|_+$/g, '');
  const hash = createHash('sha256').update(nfc).digest('hex').slice(0, 8);
  return kept ? `${kept}_${hash}` : hash;
}

/**
 * `<source_id>-<12 hex>`: a hash of the article's anchor (its first raw body line) and which
 * occurrence of that anchor on the page it is. It depends on nothing else on the page, so the id
 * survives changes to how other articles are recovered.
 */
export function articleId(source: string, anchor: string, occurrence: number): string {
  const hex = createHash('sha256').update(`${source}\n${anchor}\n${occurrence}`).digest('hex');
  return `${source}-${hex.slice(0, 12)}`;
}

/** The source (page) of an article id, the inverse of articleId's prefix. */
export function articleSource(articleId: string): string {
  return articleId.replace(/-[0-9a-f]{12}$/, '');
}

export function emptyPageRows(): PageRows {
  return Object.fromEntries(TABLE_NAMES.map((t) => [t, []])) as unknown as PageRows;
}

/** Turns one recovered page into table rows. Pure. */
export function pageRows(source: SourceInfo, text: string, page: RecoveredPage): PageRows {
  const id = sourceId(source.name);
  // A PDF page's lines are those of its page: `raw/x.pdf#page=2:17` names line 17 of page 2.
  const pdf = source.pdf ?? null;
  const file = pdf ? `${pdf.file}#page=${pdf.pageNo}` : `raw/${source.name}`;
  const at = (line: number | null): Provenance => ({ file, line });
  const rows = emptyPageRows();
  const m = source.manifest;

  rows.sources.push({
    at: at(null),
    row: {
      source_id: id,
      file: pdf ? pdf.file : file,
      sha256: source.sha256,
      bytes: source.bytes,
      encoding: source.encoding ?? 'utf-8',
      newspaper: m?.newspaper ?? null,
      issue_date: m?.issueDate ?? null,
      issue_date_earliest: m?.earliest ?? null,
      issue_date_latest: m?.latest ?? null,
      issue_date_status: m?.status ?? 'unknown',
      issue_date_note: m?.note ?? null,
      page: m?.page ?? null,
      line_count: page.lineCount,
      layout: page.layout,
      headline_position: page.headlinePosition,
      in_manifest: m !== null,
      left_out: false,
      left_out_reason: null,
      reader: pdf?.reader ?? null,
      reader_version: pdf?.readerVersion ?? null,
      pdf_page: pdf?.pageNo ?? null,
    },
  });

  splitLines(text).forEach((line, i) => {
    rows.raw_lines.push({ at: at(i + 1), row: { source_id: id, line_no: i + 1, is_blank: line.trim() === '', text: line } });
  });

  for (const u of page.unassigned) {
    rows.unassigned_lines.push({ at: at(u.line), row: { source_id: id, line_no: u.line, text: u.text.trim(), reason: u.reason } });
  }

  const occurrences = new Map<string, number>();
  for (const a of page.articles) {
    const n = occurrences.get(a.anchor) ?? 0;
    occurrences.set(a.anchor, n + 1);
    const aid = articleId(id, a.anchor, n);
    let offset = 0;
    for (const s of a.headlineSegments) {
      rows.text_segments.push({ at: at(s.line), row: { article_id: aid, field: 'headline', start: s.start, end: s.end, line_no: s.line, column: s.col } });
    }
    a.paragraphs.forEach((p, i) => {
      const length = codePointLength(p.text);
      for (const s of p.segments) {
        rows.text_segments.push({ at: at(s.line), row: { article_id: aid, field: 'text', start: offset + s.start, end: offset + s.end, line_no: s.line, column: s.col } });
      }
      rows.paragraphs.push({
        at: at(p.lineStart),
        row: { article_id: aid, paragraph_no: i + 1, kind: p.kind, start: offset, end: offset + length, text: p.text, line_start: p.lineStart, line_end: p.lineEnd },
      });
      offset += length + 1; // the "\n" joining paragraphs
    });
    const body = a.paragraphs.map((p) => p.text).join('\n');
    rows.articles.push({
      at: at(a.lineStart),
      row: {
        article_id: aid,
        source_id: id,
        seq: a.seq,
        kicker: a.kicker,
        headline: a.headline,
        subtitle: a.subtitle,
        byline: a.byline,
        is_continuation: a.isContinuation,
        text: body,
        char_count: codePointLength(body),
        paragraph_count: a.paragraphs.length,
        line_start: a.lineStart,
        line_end: a.lineEnd,
        curated: false,
        layout_confidence: a.layoutConfidence,
        layout_doubts: a.layoutDoubts.length > 0 ? a.layoutDoubts.join(' ') : null,
      },
    });
    a.pieces.forEach((piece, i) => {
      rows.article_pieces.push({ at: at(piece.lineStart), row: { article_id: aid, piece_no: i + 1, line_start: piece.lineStart, line_end: piece.lineEnd } });
    });
    a.contributors.forEach((c, i) => {
      rows.contributors.push({ at: at(a.lineStart), row: { article_id: aid, position: i + 1, name: c.name, role: c.role, role_printed: c.rolePrinted } });
    });
  }
  return rows;
}

/** The divisions table: every division the gazetteer knows, 2022 vintage first. */
export function divisionRows(g: Pick<Gazetteer, 'divisions'>): PageRows {
  const rows = emptyPageRows();
  for (const d of g.divisions.values()) {
    rows.divisions.push({
      at: { file: d.in_2022 ? 'reference/jiaozuo_divisions.csv' : 'reference/jiaozuo_divisions_variants.csv', line: null },
      row: { code: d.code, name: d.name, level: d.level, parent_code: d.parent_code, in_2022: d.in_2022 },
    });
  }
  return rows;
}
