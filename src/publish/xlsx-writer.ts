/**
 * A streaming writer of the SpreadsheetML (.xlsx, ECMA-376 / ISO/IEC 29500) the release workbook
 * needs, and nothing more: sheets of typed cells (inline text, numbers, booleans, dates), a bold
 * header row that stays frozen, a filter over the columns, column widths, and wrapped text.
 *
 * Why not exceljs's streaming writer, which wrote the workbook before: it builds objects for every
 * row and cell, looks up each cell's style, and deflates through archiver; on the 20,000-article
 * bench it took 53.6 s of a 115 s build, eleven times the whole DuckDB floor. Here each row is one
 * string (or its UTF-8, made by DuckDB: workbook.ts) copied into a buffer, each sheet's XML goes to a part file, and the parts are zipped by
 * the release archive's own writer (src/release/archive.ts: fixed entry order and times, fflate's
 * pinned deflate, large parts deflated on worker threads), so the bytes depend on nothing but the
 * rows. The release archive stores the workbook as it is (a zip already). The workbook is read back by read-workbook.ts, and the tests read it with exceljs's reader
 * and with LibreOffice too.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BackgroundDeflate, BackgroundDeflater, writeArchive } from '../release/archive.ts';
import { writeAll } from '../release/file-bytes.ts';
import { escapeHtml } from './render-release-page.ts';

/** What a cell holds: null for an empty cell; text is written as an inline string, never as a formula. */
export type CellValue = null | string | number | boolean | { date: number };

/** Styles of styles.xml's cellXfs, by index. */
export const STYLE = { plain: 0, header: 1, date: 2, wrapped: 3 } as const;
export type CellStyle = (typeof STYLE)[keyof typeof STYLE];

export interface SheetColumn {
  header: string;
  width: number;
  /** The style of the column's cells (a date column shows its serials as dates). */
  style: CellStyle;
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Days from the spreadsheet epoch (1899-12-30) to 1970-01-01. */
export const UNIX_EPOCH_SERIAL = 25_569;
/** Part files are written in pieces of at most this many bytes. */
const FLUSH_BYTES = 1 << 20;

/** Text that starts or ends with white space, which a reader may trim unless told to keep it. */
const EDGE_SPACE = /^\s|\s$/;

/**
 * fflate's deflate level for the workbook's parts. Level 1 deflates the 260 MB facts sheet of the
 * 20,000-article bench in 3.5 s to 28.3 MB; level 6 takes 7.6 s for 24.8 MB. A spreadsheet is
 * opened, not archived, so the faster level is worth the eighth more bytes.
 */
const WORKBOOK_LEVEL = 1;

/**
 * A closed sheet part at least this large is deflated on a worker at once, while the next sheet is
 * written. Workers are kept for the next part (BackgroundDeflater), so the bar is low; with 16 MiB
 * (when a worker was started per part), the sheets under it in the 20,000-article release added up
 * past writeArchive's 64 MiB, and it started two more workers for them.
 */
const BACKGROUND_BYTES = 1 << 20;

/** Text as XML character data. */
function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** A, B, …, Z, AA, … for a 1-based column number. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** One cell's XML; '' for an empty cell (a sheet leaves it out). */
function cellXml(ref: string, value: CellValue, style: CellStyle): string {
  if (value === null) return '';
  const s = style === STYLE.plain ? '' : ` s="${style}"`;
  switch (typeof value) {
    case 'string':
      // xml:space="preserve" only where it matters (leading or trailing white space): it is a fifth of a short cell's bytes
      return EDGE_SPACE.test(value)
        ? `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeText(value)}</t></is></c>`
        : `<c r="${ref}"${s} t="inlineStr"><is><t>${escapeText(value)}</t></is></c>`;
    case 'number':
      return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : '';
    case 'boolean':
      return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
    default:
      return `<c r="${ref}"${s}><v>${value.date + UNIX_EPOCH_SERIAL}</v></c>`;
  }
}

/** A sheet being written: rows go straight to its part file, through one buffer of FLUSH_BYTES. */
export class SheetWriter {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(FLUSH_BYTES);
  private used = 0;
  private row = 0;
  private readonly letters: string[];

  constructor(file: string, readonly name: string, private readonly columns: readonly SheetColumn[], rows: number, private readonly onClose: () => void = () => {}) {
    this.letters = columns.map((_, k) => columnLetter(k + 1));
    this.fd = openSync(file, 'w');
    const last = `${this.letters[this.letters.length - 1]}${rows + 1}`;
    const cols = columns.map((c, k) => `<col min="${k + 1}" max="${k + 1}" width="${c.width}" customWidth="1"${c.style === STYLE.plain ? '' : ` style="${c.style}"`}/>`).join('');
    this.write(
      `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><dimension ref="A1:${last}"/>` +
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
        `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`,
    );
    this.filterRef = `A1:${last}`;
    this.addRow(columns.map((c) => c.header), columns.map(() => STYLE.header));
  }

  /** The range the filter covers (header and every row). */
  readonly filterRef: string;

  /** The number the next row gets (the header is row 1). */
  get nextRow(): number {
    return this.row + 1;
  }

  /** Appends a row; `styles` overrides the columns' styles cell by cell. */
  addRow(values: readonly CellValue[], styles?: readonly CellStyle[]): void {
    const r = ++this.row;
    let xml = `<row r="${r}">`;
    for (let k = 0; k < values.length; k++) xml += cellXml(this.letters[k] + r, values[k], styles ? styles[k] : this.columns[k].style);
    this.write(xml + '</row>');
  }

  /**
   * Appends a row given as its XML's UTF-8 bytes, `<row r="N">…</row>` with N = nextRow, made
   * elsewhere exactly as addRow makes it (workbook.ts has DuckDB make most rows: see rowSql).
   */
  addRowBytes(xml: Uint8Array): void {
    this.row++;
    if (this.used + xml.length > FLUSH_BYTES) this.flush();
    if (xml.length > FLUSH_BYTES) writeAll(this.fd, xml);
    else {
      this.buffer.set(xml, this.used);
      this.used += xml.length;
    }
  }

  private write(text: string): void {
    // A UTF-16 unit takes at most three bytes of UTF-8.
    if (this.used + 3 * text.length > FLUSH_BYTES) this.flush();
    if (3 * text.length > FLUSH_BYTES) writeAll(this.fd, Buffer.from(text, 'utf8'));
    else this.used += this.buffer.write(text, this.used, 'utf8');
  }

  private flush(): void {
    if (this.used === 0) return;
    writeAll(this.fd, this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  /** Ends the sheet's XML and closes its part file. */
  close(): void {
    try {
      this.write(`</sheetData><autoFilter ref="${this.filterRef}"/></worksheet>`);
      this.flush();
    } finally {
      closeSync(this.fd);
      this.onClose();
    }
  }

  /** Closes the part file after a failure, writing nothing more. */
  abandon(): void {
    try { closeSync(this.fd); } catch { /* already closed */ }
  }
}

const STYLES_XML =
  `${XML_DECLARATION}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

export interface WorkbookProperties {
  /** Document author and last editor. */
  creator: string;
  /** RFC 3339 UTC time: the document's created and modified, and every zip entry's time. */
  created: string;
  /** Sheet parts of at least this many bytes are deflated on a worker once closed (default BACKGROUND_BYTES); the bytes are the same either way. */
  backgroundBytes?: number;
  /**
   * The workers that deflate those parts, shared with the caller (the publish step deflates the
   * release archive's files on them too; the sheets go first), who closes them. Default: the
   * writer starts its own and closes them once the workbook is written.
   */
  deflater?: BackgroundDeflater;
}

/**
 * A workbook written sheet by sheet into a folder of parts, then zipped into `file`. Sheets come
 * in the order they are added.
 */
export class XlsxWriter {
  private readonly parts: string;
  private readonly sheets: SheetWriter[] = [];
  private open: SheetWriter | null = null;
  private readonly deflating = new Map<string, BackgroundDeflate>();
  private deflater: BackgroundDeflater | null = null;

  constructor(private readonly file: string, private readonly properties: WorkbookProperties) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.parts = mkdtempSync(`${file}.parts-`);
    mkdirSync(path.join(this.parts, 'xl', 'worksheets'), { recursive: true });
  }

  /** Starts the next sheet (the one before must be closed); `rows` is the number of rows under the header. */
  addSheet(name: string, columns: readonly SheetColumn[], rows: number): SheetWriter {
    if (this.open !== null) throw new Error(`XlsxWriter: sheet ${this.open.name} is still open`);
    const rel = `xl/worksheets/sheet${this.sheets.length + 1}.xml`;
    const file = path.join(this.parts, rel);
    const sheet = new SheetWriter(file, name, columns, rows, () => {
      this.open = null;
      if (statSync(file).size >= (this.properties.backgroundBytes ?? BACKGROUND_BYTES)) this.deflating.set(rel, this.backgroundDeflater().deflate(file, `${file}.deflated`, { level: WORKBOOK_LEVEL, first: true }));
    });
    this.sheets.push(sheet);
    this.open = sheet;
    return sheet;
  }

  /** Writes the workbook's other parts and zips them all into the file. */
  async commit(): Promise<void> {
    try {
      if (this.open !== null) throw new Error(`XlsxWriter: sheet ${this.open.name} is still open`);
      const files = this.writeParts();
      await writeArchive(this.parts, files, this.file, '', this.properties.created, { level: WORKBOOK_LEVEL, deflated: this.deflating });
    } finally {
      await this.stopDeflating();
      rmSync(this.parts, { recursive: true, force: true });
    }
  }

  /** Removes the parts after a failure; no workbook is written. */
  async abandon(): Promise<void> {
    this.open?.abandon();
    await this.stopDeflating();
    rmSync(this.parts, { recursive: true, force: true });
  }

  private backgroundDeflater(): BackgroundDeflater {
    return this.properties.deflater ?? (this.deflater ??= new BackgroundDeflater(WORKBOOK_LEVEL));
  }

  /** Closes the writer's own workers; a shared deflater's are the caller's. */
  private async stopDeflating(): Promise<void> {
    await this.deflater?.close();
    this.deflater = null;
    this.deflating.clear();
  }

  private writeParts(): string[] {
    const n = this.sheets.length;
    const sheetIds = this.sheets.map((_, k) => k + 1);
    const { creator, created } = this.properties;
    const parts: Record<string, string> = {
      '[Content_Types].xml':
        `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheetIds.map((id) => `<Override PartName="/xl/worksheets/sheet${id}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
      '_rels/.rels':
        `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/></Relationships>`,
      'docProps/core.xml':
        `${XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:creator>${escapeText(creator)}</dc:creator><cp:lastModifiedBy>${escapeText(creator)}</cp:lastModifiedBy>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${escapeText(created)}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${escapeText(created)}</dcterms:modified></cp:coreProperties>`,
      'docProps/app.xml':
        `${XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${escapeText(creator)}</Application></Properties>`,
      'xl/workbook.xml':
        `${XML_DECLARATION}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>` +
        this.sheets.map((s, k) => `<sheet name="${escapeHtml(s.name)}" sheetId="${k + 1}" r:id="rId${k + 1}"/>`).join('') +
        '</sheets><definedNames>' +
        this.sheets.map((s, k) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${k}" hidden="1">${escapeText(filterName(s))}</definedName>`).join('') +
        '</definedNames></workbook>',
      'xl/_rels/workbook.xml.rels':
        `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}">` +
        sheetIds.map((id) => `<Relationship Id="rId${id}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${id}.xml"/>`).join('') +
        `<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
      'xl/styles.xml': STYLES_XML,
    };
    for (const [rel, text] of Object.entries(parts)) {
      mkdirSync(path.dirname(path.join(this.parts, rel)), { recursive: true });
      writeFileSync(path.join(this.parts, rel), text);
    }
    return [...Object.keys(parts), ...sheetIds.map((id) => `xl/worksheets/sheet${id}.xml`)];
  }
}

/** The filter's range as a defined name refers to it: `'facts'!$A$1:$F$11`. */
function filterName(sheet: SheetWriter): string {
  const [from, to] = sheet.filterRef.split(':').map((ref) => ref.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2'));
  return `'${sheet.name.replace(/'/g, "''")}'!${from}:${to}`;
}
