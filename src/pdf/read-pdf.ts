/**
 * Reading a PDF: every page's text runs with their position and size, as pdf.js measures them
 * (its Node build, with the bundled CMaps so Chinese fonts decode; no canvas). A page that cannot
 * be read (no text layer, fonts that decode to nothing readable) gets a coded issue naming the
 * file and page; a file that cannot be opened (encrypted, damaged, too large) one naming the file.
 * The other pages go on either way.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { issue, type Issue } from '../issues.ts';

/** The reader recorded with every page read from a PDF (sources.reader, sources.reader_version). */
export const PDF_READER = 'pdfjs-dist';

/** A file larger than this is not one newspaper edition; it is refused before pdf.js parses it. */
export const MAX_PDF_BYTES = 200 * 1024 * 1024;
/** An edition has tens of pages; a file with more is refused (each page is one source page). */
export const MAX_PDF_PAGES = 1000;
/**
 * Share of a page's characters in the private-use area or U+FFFD above which its fonts are
 * taken as broken: the text layer would publish codes, not Chinese. A few such characters (a
 * logo glyph, a bullet) are normal.
 */
const MAX_UNREADABLE_SHARE = 0.05;

/** One run of text as pdf.js measured it, in PDF points with the origin at the page's top left. */
export interface PdfRun {
  text: string;
  /** Left, top, right and bottom of the run's box (y grows downwards). */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Type size in points. */
  size: number;
  /** True for text set top to bottom (a vertical writing mode font). */
  vertical: boolean;
}

export interface PdfPageText {
  /** 1-based page number in the file. */
  pageNo: number;
  /** Page size in points. */
  width: number;
  height: number;
  runs: PdfRun[];
}

export interface PdfPageResult {
  pageNo: number;
  page: PdfPageText | null;
  issues: Issue[];
}

export interface PdfLimits {
  maxBytes: number;
  maxPages: number;
}

export interface PdfReadResult {
  /** Pages in the file (0 when it could not be opened). */
  pageCount: number;
  /** Issues about the whole file (it could not be opened); the pages then are empty. */
  issues: Issue[];
  pages: AsyncIterable<PdfPageResult>;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsModule: Promise<PdfJs> | null = null;

/** pdf.js, loaded once per thread (its module takes ~0.3 s to load). */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsModule;
}

/** The version of pdf.js, recorded with every page it read. */
export async function pdfReaderVersion(): Promise<string> {
  return (await loadPdfJs()).version;
}

/** pdf.js's data folders (CMaps for Chinese fonts, standard font metrics), as URLs ending in '/'. */
function dataUrls(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const dir = (name: string) => pathToFileURL(path.join(root, name) + path.sep).pathname;
  return { cMapUrl: dir('cmaps'), standardFontDataUrl: dir('standard_fonts') };
}

function isUnreadable(cp: number): boolean {
  return cp === 0xfffd || (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000;
}

/**
 * Opens `bytes` (the PDF at `file`, relative to the data folder) and reads its pages one by one
 * as the caller iterates, so a large edition is never held as text all at once.
 */
export async function readPdf(bytes: Uint8Array, file: string, limits: PdfLimits = { maxBytes: MAX_PDF_BYTES, maxPages: MAX_PDF_PAGES }): Promise<PdfReadResult> {
  const fail = (code: string, what: string, expected: string, got: string): PdfReadResult =>
    ({ pageCount: 0, issues: [issue({ code, file, what, expected, got })], pages: (async function* () {})() });
  if (bytes.length > limits.maxBytes) {
    return fail('pdf-too-large', 'PDF file is too large', `at most ${limits.maxBytes} bytes (split the edition into smaller files)`, `${bytes.length} bytes`);
  }
  const pdfjs = await loadPdfJs();
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    ...dataUrls(),
    cMapPacked: true,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    const name = (e as Error)?.name ?? '';
    const message = (e as Error)?.message ?? String(e);
    if (name === 'PasswordException') {
      return fail('pdf-encrypted', 'PDF is encrypted and needs a password', 'a PDF that opens without a password', message);
    }
    return fail('pdf-damaged', 'PDF cannot be read', 'a complete, valid PDF file', `${name || 'error'}: ${message}`);
  }
  const pageCount = doc.numPages;
  if (pageCount > limits.maxPages) {
    await doc.destroy();
    return fail('pdf-too-many-pages', 'PDF has too many pages', `at most ${limits.maxPages} pages per file (split the edition)`, `${pageCount} pages`);
  }
  async function* pages(): AsyncIterable<PdfPageResult> {
    try {
      for (let pageNo = 1; pageNo <= pageCount; pageNo++) yield await readPage(doc, pageNo, file);
    } finally {
      await doc.destroy();
    }
  }
  return { pageCount, issues: [], pages: pages() };
}

async function readPage(doc: import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy, pageNo: number, file: string): Promise<PdfPageResult> {
  const at = { file, line: pageNo, field: 'page' };
  const fail = (code: string, what: string, expected: string, got: string): PdfPageResult =>
    ({ pageNo, page: null, issues: [issue({ code, ...at, what, expected, got })] });
  let page;
  let content;
  try {
    page = await doc.getPage(pageNo);
    content = await page.getTextContent();
  } catch (e) {
    return fail('pdf-damaged', 'PDF page cannot be read', 'a readable page', `${(e as Error)?.name ?? 'error'}: ${(e as Error)?.message ?? String(e)}`);
  }
  const [vx0, vy0, vx1, vy1] = page.view;
  const width = vx1 - vx0;
  const height = vy1 - vy0;
  const runs: PdfRun[] = [];
  let chars = 0;
  let unreadable = 0;
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const [a, b, c, d, e, f] = item.transform as number[];
    // Rotated text (b, c non-zero) is rare in news columns; its size is the length of the scale vector.
    const size = Math.hypot(c, d) || Math.hypot(a, b);
    const vertical = item.dir === 'ttb' || (content.styles[item.fontName]?.vertical ?? false);
    const x = e - vx0;
    const baseline = vy1 - f;
    const w = vertical ? size : item.width;
    const h = vertical ? item.height : size;
    // A horizontal run's box reaches from the baseline up by its size (ascent and descent of CJK
    // type sum to about one em); a vertical run hangs down from its origin.
    const box = vertical
      ? { x0: x, y0: baseline, x1: x + w, y1: baseline + h }
      : { x0: x, y0: baseline - h * 0.88, x1: x + w, y1: baseline + h * 0.12 };
    for (const ch of item.str) {
      chars++;
      if (isUnreadable(ch.codePointAt(0)!)) unreadable++;
    }
    runs.push({ text: item.str, ...box, size, vertical });
  }
  page.cleanup();
  if (runs.length === 0) {
    return fail('pdf-no-text-layer', 'PDF page has no text layer (a scanned image): OCR is needed before it can be read', 'text drawn as text', 'no text on the page');
  }
  if (unreadable / chars > MAX_UNREADABLE_SHARE) {
    return fail('pdf-broken-font', 'PDF page text does not decode: its fonts map characters to private-use or replacement codes', 'fonts with a Unicode mapping (ToUnicode or a known encoding)', `${unreadable} of ${chars} characters unreadable`);
  }
  return { pageNo, page: { pageNo, width, height, runs }, issues: [] };
}
