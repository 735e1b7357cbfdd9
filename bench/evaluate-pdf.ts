/**
 * `tsx bench/evaluate-pdf.ts [--verbose]`: the PDF path scored on the real pages — every page of
 * ../shared/realpages/pdf/ read with pdf.js and recovered from its geometry (src/pdf), against
 * the same gold.json and with the same scorer as the text extractors (bench/realpages-score.ts).
 * `npm run evaluate:layout` prints it as the `pdf` row of its table. Skips when the folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPdf } from '../src/pdf/read-pdf.ts';
import { recoverPdfPage } from '../src/pdf/recover-pdf-page.ts';
import { addTally, emptyTally, finish, formatRealPages, loadGold, REALPAGES_DIR, scorePage, type ExtractorResult, type GoldPage } from './realpages-score.ts';

/** The PDF of a gold page (`r01.txt` → `pdf/r01.pdf`). */
export function pdfPath(page: string, dir: URL = REALPAGES_DIR): URL {
  return new URL(`pdf/${page.replace(/\.txt$/u, '')}.pdf`, dir);
}

/** Reads and recovers every gold page's PDF and scores it; null when the PDFs are absent. */
export async function scorePdfPages(gold: readonly GoldPage[], dir: URL = REALPAGES_DIR): Promise<ExtractorResult | null> {
  if (!gold.every((g) => existsSync(pdfPath(g.page, dir)))) return null;
  const total = emptyTally();
  const pages: ExtractorResult['pages'] = [];
  for (const g of gold) {
    const file = fileURLToPath(pdfPath(g.page, dir));
    const read = await readPdf(readFileSync(file), file);
    const articles = [];
    for await (const p of read.pages) if (p.page) articles.push(...recoverPdfPage(p.page).page.articles);
    const { tally, verdicts } = scorePage(g, articles);
    addTally(total, tally);
    pages.push({ page: g.page, score: finish(tally), verdicts });
  }
  // 'pdf' is a reader, not one of the text extractors; the table shows it as one more row.
  return { extractor: 'pdf' as ExtractorResult['extractor'], total: finish(total), pages };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const gold = loadGold();
  const result = gold && (await scorePdfPages(gold));
  if (!result) {
    console.log('real pages: ../shared/realpages (gold.json and pdf/) not found, skipped');
  } else {
    console.log(formatRealPages([result]));
    if (process.argv.includes('--verbose')) {
      for (const p of result.pages) {
        console.log(`\npdf ${p.page}`);
        for (const v of p.verdicts) console.log('  ', JSON.stringify(v));
      }
    }
    console.log(JSON.stringify({ pdf: result.total }));
  }
}
