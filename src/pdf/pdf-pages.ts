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

/**
 * A PDF file or page that could not be read: left out of the release like any bad page (a sources
 * row says why), or with --strict the build's error.
 */
export interface PdfLeftOut {
  /** The PDF's path relative to the data folder: `raw/x.pdf`. */
  file: string;
  /** The page that could not be read; null when the whole file could not be (encrypted, damaged, too large). */
  pageNo: number | null;
  /** Pages in the file (0 when it could not be opened). */
  pageCount: number;
  bytes: number;
  sha256: string;
  reader: string;
  readerVersion: string;
  issue: Issue;
}

/**
 * A source page to make: a text page by its file name, a PDF page with what was read of it, or a
 * PDF page (or whole file, named by its file name) that could not be read.
 */
export interface SourcePage {
  name: string;
  pdf: PdfPageInput | null;
  leftOut?: PdfLeftOut | null;
}

/** The source pages of raw/, in listing order: text pages as they are, PDFs page by page. */
export async function* sourcePages(dataDir: string, names: readonly string[], limits?: PdfLimits): AsyncIterable<SourcePage> {
  for (const name of names) {
    if (!isPdfName(name)) {
      yield { name, pdf: null };
      continue;
    }
    const file = `raw/${name}`;
    const bytes = await readFile(path.join(dataDir, 'raw', name));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const read = await readPdf(bytes, file, limits);
    const readerVersion = await pdfReaderVersion();
    const about = { file, pageCount: read.pageCount, bytes: bytes.length, sha256, reader: PDF_READER, readerVersion };
    // A file that cannot be opened is one source page left out, named by the file.
    for (const i of read.issues) yield { name, pdf: null, leftOut: { ...about, pageNo: null, issue: i } };
    for await (const p of read.pages) {
      const pageName = pdfPageName(name, p.pageNo);
      if (p.page === null) {
        for (const i of p.issues.slice(0, 1)) yield { name: pageName, pdf: null, leftOut: { ...about, pageNo: p.pageNo, issue: i } };
        continue;
      }
      yield { name: pageName, pdf: { ...about, pageNo: p.pageNo, page: p.page } };
    }
  }
}
