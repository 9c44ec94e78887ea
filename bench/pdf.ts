/**
 * PDF throughput: renders a realistic invoice (logo, bank details, three tax rates, a
 * discount, a charge, notes, terms, footer) in-process, as the PDF route does after loading
 * it, and prints PDFs per second and milliseconds per PDF (median over repeated runs) for
 * a 10-line and a 200-line invoice, and the same as a Factur-X PDF (PDF/A-3b with a CII
 * example embedded as factur-x.xml): "Factur-X PDFs per second". Measures, never asserts.
 *
 *   npm run bench:pdf -- [--runs 7] [--count 20]
 *   npm run bench:pdf -- --sample invoice.pdf   (writes the README's sample invoice instead)
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { documentFacturX, documentPdf, documentHtml } from '../src/modules/documents/invoice-files.ts';
import { sampleInvoice } from './sample-invoice.ts';
import { median } from './median.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    count: { type: 'string', default: '20' },
    sample: { type: 'string' },
  },
});

if (values.sample !== undefined) {
  // docs/images/invoice.png: this file, then `pdftoppm -r 80 -png -f 1 -l 1 -singlefile invoice.pdf docs/images/invoice`.
  fs.writeFileSync(values.sample, (await documentPdf(sampleInvoice(6))).content);
  console.log(`wrote ${values.sample}`);
  process.exit(0);
}
/**
 * A CII invoice to embed: the EN 16931 example 01.01a, declared as plain EN 16931. Its bytes,
 * not its figures, matter here: the XML writers are measured by their own bench.
 */
const CII_XML = fs
  .readFileSync(new URL('../test/unit/domain/einvoice/examples/01.01a-INVOICE_uncefact.xml', import.meta.url), 'utf8')
  .replace('urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0', 'urn:cen.eu:en16931:2017');

const runs = Math.max(1, Number(values.runs));
const count = Math.max(1, Number(values.count));


interface Result {
  lines: number;
  pages: number;
  bytes: number;
  msPerPdf: number;
  pdfsPerSecond: number;
  msPerHtml: number;
  msPerFacturX: number;
  facturXPerSecond: number;
}

/** Median milliseconds per call of `render` over the runs, after a warm-up. */
async function timed(render: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await render();
  const perRun: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    for (let i = 0; i < count; i++) await render();
    perRun.push((performance.now() - start) / count);
  }
  return median(perRun);
}

async function measure(lines: number): Promise<Result> {
  const data = sampleInvoice(lines);
  // Warm-up (in timed): fonts read, code paths compiled.
  const first = await documentPdf(data);
  const msPerPdf = await timed(() => documentPdf(data));
  const msPerFacturX = await timed(() => documentFacturX(data, CII_XML));
  const htmlStart = performance.now();
  for (let i = 0; i < count; i++) documentHtml(data);
  const msPerHtml = (performance.now() - htmlStart) / count;
  const pages = (first.content.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  return { lines, pages, bytes: first.content.length, msPerPdf, pdfsPerSecond: 1000 / msPerPdf, msPerHtml, msPerFacturX, facturXPerSecond: 1000 / msPerFacturX };
}

console.log(`PDF rendering, in-process, one core — ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
console.log(`median of ${runs} runs × ${count} PDFs each, after warm-up\n`);
console.log('| invoice | pages | PDF size | ms per PDF | PDFs per second | ms per HTML page | ms per Factur-X PDF | Factur-X PDFs per second |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const lines of [10, 200]) {
  const r = await measure(lines);
  console.log(
    `| ${r.lines} lines | ${r.pages} | ${(r.bytes / 1024).toFixed(0)} KB | ${r.msPerPdf.toFixed(1)} | ${r.pdfsPerSecond.toFixed(1)} | ${r.msPerHtml.toFixed(2)} | ${r.msPerFacturX.toFixed(1)} | ${r.facturXPerSecond.toFixed(1)} |`,
  );
}
