/**
 * Minimal PDFs written byte by byte, for tests of the PDF reader: pages of text in a standard
 * Chinese font (STSong-Light, UniGB-UCS2-H: no font embedded, pdf.js maps it with its CMaps), in
 * a font whose glyphs decode to private-use codes (a broken font), or with no text at all (a
 * scan); optionally encrypted with a password. No real newspaper page is copied.
 */

export interface PdfText {
  /** Left and baseline, in points from the page's bottom left. */
  x: number;
  y: number;
  size: number;
  text: string;
  /** `cjk` (default): STSong-Light; `pua`: a font whose glyphs decode to U+E000…; */
  font?: 'cjk' | 'pua';
}

export interface PdfPageSpec {
  width?: number;
  height?: number;
  texts?: PdfText[];
  /** Draw a filled box (the stand-in for a scanned image) instead of, or besides, text. */
  box?: boolean;
}

export interface PdfOptions {
  /** Add an encryption dictionary whose password is not empty: the file cannot be opened without it. */
  encrypted?: boolean;
}

const hex = (s: string) => [...s].map((ch) => ch.codePointAt(0)!.toString(16).padStart(4, '0')).join('').toUpperCase();

/** The bytes of a PDF with the given pages. */
export function makePdf(pages: readonly PdfPageSpec[], options: PdfOptions = {}): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) ; // object number = index + 1
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add('PAGES');
  add('<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>');
  add('<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 >>');
  add('<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>');
  const differences = Array.from({ length: 26 }, (_, i) => `/uniE0${(i + 16).toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  add(`<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /Differences [65 ${differences}] >> >>`);
  const kids: number[] = [];
  for (const p of pages) {
    const ops: string[] = [];
    if (p.box) ops.push('0.5 g 50 50 400 600 re f');
    for (const t of p.texts ?? []) {
      const font = t.font === 'pua' ? '/F2' : '/F1';
      const shown = t.font === 'pua' ? `(${t.text.replace(/[()\\]/g, '')})` : `<${hex(t.text)}>`;
      ops.push(`BT ${font} ${t.size} Tf ${t.x} ${t.y} Td ${shown} Tj ET`);
    }
    const stream = ops.join('\n');
    add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    const content = objects.length;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${p.width ?? 600} ${p.height ?? 800}] /Resources << /Font << /F1 3 0 R /F2 6 0 R >> >> /Contents ${content} 0 R >>`);
    kids.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let encrypt = '';
  if (options.encrypted) {
    // Standard security handler, revision 2; O and U are not those of an empty user password.
    add(`<< /Filter /Standard /V 1 /R 2 /O <${'AB'.repeat(32)}> /U <${'CD'.repeat(32)}> /P -4 >>`);
    encrypt = ` /Encrypt ${objects.length} 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]`;
  }
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** A column of body lines at `size`, each `chars` characters of `text` repeated, from the top. */
export function columnLines(text: string, opts: { x: number; top: number; size: number; lines: number; chars: number; indentFirst?: boolean }): PdfText[] {
  const chars = [...text];
  const out: PdfText[] = [];
  let k = 0;
  for (let i = 0; i < opts.lines; i++) {
    const indent = opts.indentFirst && i === 0 ? 2 : 0;
    const n = opts.chars - indent;
    const line = Array.from({ length: n }, () => chars[k++ % chars.length]).join('');
    out.push({ x: opts.x + indent * opts.size, y: opts.top - i * opts.size * 1.5, size: opts.size, text: line });
  }
  return out;
}
