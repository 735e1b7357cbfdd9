/**
 * `tsx bench/pdf-read.ts [--pages N] [--dir DIR]`: the cost of reading PDF pages on one core,
 * warm — the PDFs of DIR (default ../shared/realpages/pdf) read over and over until N pages
 * (default 1,002) have been read, each with pdf.js (the build's reader) and then recovered from
 * its geometry. Prints wall seconds per page for reading and for recovery, CPU seconds per page
 * (the cost per core when the machine is shared), the first round (which loads pdf.js and its
 * CMaps) not counted, and the peak RSS. The last line is JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readPdf } from '../src/pdf/read-pdf.ts';
import { recoverPdfPage } from '../src/pdf/recover-pdf-page.ts';

const { values } = parseArgs({ options: { pages: { type: 'string', default: '1002' }, dir: { type: 'string', default: fileURLToPath(new URL('../../shared/realpages/pdf/', import.meta.url)) } } });
const files = readdirSync(values.dir).filter((n) => n.toLowerCase().endsWith('.pdf')).sort().map((n) => path.join(values.dir, n));
if (files.length === 0) {
  console.log(`no PDFs in ${values.dir}: nothing to measure`);
  process.exit(0);
}
const bytes = files.map((f) => readFileSync(f));
const target = Number(values.pages);

let peakRss = 0;
const sample = () => { peakRss = Math.max(peakRss, process.memoryUsage.rss()); };
const timer = setInterval(sample, 50);

/** Reads (and recovers) every file once; seconds spent on each. */
async function round(): Promise<{ pages: number; read: number; recover: number }> {
  let pages = 0;
  let read = 0;
  let recover = 0;
  for (let i = 0; i < files.length; i++) {
    let t0 = performance.now();
    const r = await readPdf(bytes[i], files[i]);
    const it = r.pages[Symbol.asyncIterator]();
    for (;;) {
      const next = await it.next();
      read += (performance.now() - t0) / 1000;
      if (next.done) break;
      if (next.value.page) {
        const t1 = performance.now();
        recoverPdfPage(next.value.page);
        recover += (performance.now() - t1) / 1000;
      }
      pages++;
      t0 = performance.now();
    }
  }
  return { pages, read, recover };
}

const cold = await round();
let pages = 0;
let read = 0;
let recover = 0;
const start = performance.now();
const cpu0 = process.cpuUsage();
while (pages < target) {
  const r = await round();
  pages += r.pages;
  read += r.read;
  recover += r.recover;
  sample();
}
const wall = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(timer);
const figures = {
  files: files.length,
  pages,
  cold_seconds_first_round: Number((cold.read + cold.recover).toFixed(2)),
  read_s_per_page: Number((read / pages).toFixed(4)),
  recover_s_per_page: Number((recover / pages).toFixed(4)),
  total_s_per_page: Number((wall / pages).toFixed(4)),
  /** CPU seconds per page (all threads): on a machine shared with other work, the cost per core. */
  cpu_s_per_page: Number((cpuSeconds / pages).toFixed(4)),
  peak_rss_mb: Math.round(peakRss / 2 ** 20),
};
console.log(`${pages} pages (${files.length} PDFs repeated), one core, warm: reading ${figures.read_s_per_page} s/page, recovery ${figures.recover_s_per_page} s/page, in all ${figures.total_s_per_page} s/page (wall), ${figures.cpu_s_per_page} CPU s/page; peak RSS ${figures.peak_rss_mb} MB`);
console.log(JSON.stringify(figures));
