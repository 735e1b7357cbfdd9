/**
 * PDF files in raw/ as source pages: each page of `raw/x.pdf` is one source page, `x.pdf-p<N>`,
 * read here (pdf.js is asynchronous; the page job that recovers it is not) and handed on with
 * its measured runs. A file or page that cannot be read is reported with its code, file and
 * page, and left out; the other pages go on.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ManifestEntry } from '../inputs/read-manifest.ts';
import type { Issue } from '../issues.ts';
import { PDF_READER, pdfReaderVersion, readPdf, type PdfLimits, type PdfPageText } from './read-pdf.ts';

/** One page of a PDF, read and ready to recover (plain data: it crosses to worker threads). */
export interface PdfPageInput {
  /** The PDF's path relative to the data folder: `raw/x.pdf`. */
  file: string;
  pageNo: number;
  pageCount: number;
  /** Size and SHA-256 of the whole PDF file. */
  bytes: number;
  sha256: string;
  reader: string;
  readerVersion: string;
  page: PdfPageText;
}

/** True for a raw file that is a PDF (by its name: `.pdf`, any case). */
export function isPdfName(name: string): boolean {
  return /\.pdf$/iu.test(name);
}

/**
 * Source name (and source_id) of a PDF page: `x.pdf` page 2 → `x.pdf-p2`. The file's whole name
 * stays in it, so it never collides with a text page `x.txt` and names its file and page.
 */
export function pdfPageName(fileName: string, pageNo: number): string {
  return `${fileName}-p${pageNo}`;
}

/** The file and page a PDF page's source id names (`x.pdf-p2` → `raw/x.pdf#page=2`), or null for a text page's. */
export function pdfPageFile(source: string): string | null {
  const m = /^(.*\.pdf)-p([1-9][0-9]*)$/iu.exec(source);
  return m ? `raw/${m[1]}#page=${m[2]}` : null;
}

/**
 * The manifest row of a PDF names the file; each page takes the row's page number plus its
 * place in the file (an edition's page 5 and on). Without a page number in the row, a
 * one-page PDF's page is unknown and a longer file's pages are numbered from 1.
 */
export function manifestForPage(entry: ManifestEntry | null, pageNo: number, pageCount: number): ManifestEntry | null {
  if (entry === null) return null;
  const page = entry.page !== null ? entry.page + pageNo - 1 : pageCount > 1 ? pageNo : null;
  return { ...entry, page };
}

/** A source page to make: a text page by its file name, or a PDF page with what was read of it. */
export interface SourcePage {
  name: string;
  pdf: PdfPageInput | null;
}

/**
 * The source pages of raw/, in listing order: text pages as they are, PDFs page by page.
 * Problems reading a PDF go to `issues` (warnings: the page is left out, the build goes on).
 */
export async function* sourcePages(dataDir: string, names: readonly string[], issues: Issue[], limits?: PdfLimits): AsyncIterable<SourcePage> {
  for (const name of names) {
    if (!isPdfName(name)) {
      yield { name, pdf: null };
      continue;
    }
    const file = `raw/${name}`;
    const bytes = await readFile(path.join(dataDir, 'raw', name));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const read = await readPdf(bytes, file, limits);
    issues.push(...read.issues.map(leftOut));
    const readerVersion = await pdfReaderVersion();
    for await (const p of read.pages) {
      issues.push(...p.issues.map(leftOut));
      if (p.page === null) continue;
      yield { name: pdfPageName(name, p.pageNo), pdf: { file, pageNo: p.pageNo, pageCount: read.pageCount, bytes: bytes.length, sha256, reader: PDF_READER, readerVersion, page: p.page } };
    }
  }
}

/**
 * A PDF problem leaves its page (or file) out of the release and the build goes on, so it is
 * reported as a warning with its code; quarantine (or --strict) decides what it means for the build.
 */
function leftOut(i: Issue): Issue {
  return { ...i, severity: 'warning', message: `${i.message}; left out of the release` };
}
