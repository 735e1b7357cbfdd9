/**
 * Quarantine: one bad page never costs the others. A page that cannot be read, is over a page
 * limit, whose recovery or extraction throws, whose rows fail their schema, or whose rows break a
 * page-level check is left out of the release: none of its rows is published, its `sources` row
 * stays with `left_out` true and the reason, the build report lists it under `quarantined`, and
 * the build goes on (exit 0 with warnings). `--strict` turns this off: any such page fails the
 * build as before.
 *
 * A page's own problems are known when it is made (build.ts leaves its rows unloaded); a check's
 * violations are traced to their pages by the check's `source_id` column, or its `article_id`
 * (ids start with their page's source id), and those pages' rows are deleted before the checks
 * run again. A check whose violations name no page (a curation entry matched nowhere) cannot be
 * quarantined and still fails the build.
 */
import type { DuckDBConnection, Json } from '@duckdb/node-api';
import type { Check } from '../db/checks.ts';
import type { SourcesRow } from '../generated/tables.ts';
import type { ManifestEntry } from '../inputs/index.ts';
import { issue, type Issue } from '../issues.ts';
import { sourceId } from '../rows.ts';
import type { TableSpec } from '../schema/index.ts';
import type { PageResult } from './page-job.ts';
import { manifestForPage, pdfPageFile, type PdfLeftOut } from '../pdf/pdf-pages.ts';

/** A page left out of the release, as the build report lists it. */
export interface QuarantinedPage {
  source_id: string;
  /** The raw file, relative to the data folder. */
  path: string;
  /** The code of the first error that put the page out (`page-too-large`, `check-failed:<check>`, …). */
  code: string;
  /** The failing check, for a check failure; else null. */
  check: string | null;
  /** The first line of the page the error names, when it names one. */
  line: number | null;
  message: string;
}

/** True when the sources table can say a page was left out (schemas without the fields, e.g. in tests, cannot). */
export function canLeaveOut(specs: readonly TableSpec[]): boolean {
  const fields = specs.find((s) => s.table === 'sources')?.fields.map((f) => f.name) ?? [];
  return fields.includes('left_out') && fields.includes('left_out_reason');
}

/**
 * True when every error of a page's own result is about the page's raw file: the page can be left
 * out for them. An error elsewhere (a curation entry that does not fit) is the build's to fail.
 */
export function pageCanBeQuarantined(name: string, errors: readonly Issue[]): boolean {
  const file = pageFile(name);
  // A PDF page's problems name its page (`raw/x.pdf#page=2`) or its file.
  return errors.length > 0 && errors.every((e) => e.file === file || e.file === file.replace(/#page=[0-9]+$/u, ''));
}

/** The raw file of a source page: `raw/x.txt`, or `raw/x.pdf#page=2` for a page of a PDF. */
export function pageFile(name: string): string {
  return pdfPageFile(name) ?? `raw/${name}`;
}

export function quarantinedFromIssue(name: string, e: Issue): QuarantinedPage {
  // A PDF page's issues give its page number as their line, which is no line of the page.
  const line = pdfPageFile(name) ? null : e.line;
  return { source_id: sourceId(name), path: pageFile(name), code: e.code, check: null, line, message: e.message };
}

/**
 * A PDF file or page that could not be read, left out: the entry the report lists, and its sources
 * row (a file that could not be opened is one row, named by the file, with no page).
 */
export function quarantinedPdf(name: string, p: PdfLeftOut, manifest: ManifestEntry | null): { q: QuarantinedPage; row: SourcesRow } {
  const path = p.pageNo === null ? p.file : `${p.file}#page=${p.pageNo}`;
  const q: QuarantinedPage = { source_id: sourceId(name), path, code: p.issue.code, check: null, line: null, message: p.issue.message };
  const m = manifestForPage(manifest, p.pageNo ?? 1, Math.max(1, p.pageCount));
  const row = leftOutSourceRow(name, p.sha256, p.bytes, m, {}, q, { file: p.file, pageNo: p.pageNo, reader: p.reader, readerVersion: p.readerVersion });
  return { q, row };
}

/** `<code>: <message>`, the left_out_reason of a sources row. */
export function leftOutReason(q: QuarantinedPage): string {
  return `${q.code}: ${q.message}`;
}

/** The sources row of a page left out while it was made: what the build knows of it, and why it is out. */
export function leftOutSourceRow(name: string, sha256: string, bytes: number, manifest: ManifestEntry | null, known: PageResult['known'], q: QuarantinedPage, pdf: { file: string; pageNo: number | null; reader: string; readerVersion: string } | null = null): SourcesRow {
  const m = manifest;
  return {
    source_id: sourceId(name),
    file: pdf ? pdf.file : `raw/${name}`,
    sha256,
    bytes,
    encoding: known.encoding ?? null,
    newspaper: m?.newspaper ?? null,
    issue_date: m?.issueDate ?? null,
    issue_date_earliest: m?.earliest ?? null,
    issue_date_latest: m?.latest ?? null,
    issue_date_status: m?.status ?? 'unknown',
    issue_date_note: m?.note ?? null,
    page: m?.page ?? null,
    line_count: known.line_count ?? null,
    layout: known.layout ?? null,
    headline_position: known.headline_position ?? null,
    in_manifest: m !== null,
    left_out: true,
    left_out_reason: leftOutReason(q),
    reader: pdf?.reader ?? null,
    reader_version: pdf?.readerVersion ?? null,
    pdf_page: pdf?.pageNo ?? null,
  };
}

/** An issue as a warning: the problem of a page that was left out, which no longer fails the build. */
export function asWarning(i: Issue): Issue {
  return i.severity === 'warning' ? i : { ...i, severity: 'warning' };
}

/** One warning per page left out, saying so. */
export function leftOutWarning(q: QuarantinedPage): Issue {
  return issue({ code: 'page-left-out', severity: 'warning', file: q.path, line: q.line, what: 'page left out of the release (quarantined); the other pages are published', expected: 'a page that builds and passes every check (--strict fails the build instead)', got: q.code });
}

/**
 * The pages whose rows a failed check lists, each with its first line and number of violations,
 * over the tables as they are now (a batch's scope included); null when the check's rows name no
 * page, so it cannot be quarantined.
 */
export async function violatingPages(connection: DuckDBConnection, check: Check): Promise<Map<string, { line: number | null; violations: number }> | null> {
  const columns = (await connection.runAndReadAll(`SELECT * FROM (${check.sql}) LIMIT 0`)).columnNames();
  const source = columns.includes('source_id') ? 'source_id' : columns.includes('article_id') ? `regexp_replace(article_id, '-[0-9a-f]{12}$', '')` : null;
  if (source === null) return null;
  const line = columns.includes('line_no') ? 'line_no' : columns.includes('line_start') ? 'line_start' : 'NULL';
  const rows = (await connection.runAndReadAll(
    `SELECT ${source} AS source_id, min(${line}) AS line, count(*) AS n FROM (${check.sql}) GROUP BY 1 ORDER BY 1`,
  )).getRowObjectsJson() as Record<string, Json>[];
  if (rows.some((r) => r.source_id === null)) return null;
  return new Map(rows.map((r) => [String(r.source_id), { line: r.line === null ? null : Number(r.line), violations: Number(r.n) }]));
}

/** The quarantine entry of a page that broke `check`. */
export function quarantinedByCheck(source: string, name: string, check: Check, at: { line: number | null; violations: number }): QuarantinedPage {
  const path = `raw/${name}`;
  const message = `check ${check.name} failed on this page (${at.violations} violation${at.violations === 1 ? '' : 's'}${at.line === null ? '' : `, the first at line ${at.line}`}): expected ${check.description.replace(/\.$/, '')} (${path}${at.line === null ? '' : `:${at.line}`})`;
  return { source_id: source, path, code: `check-failed:${check.name}`, check: check.name, line: at.line, message };
}
