/**
 * PDF throughput: renders a realistic invoice (logo, bank details, three tax rates, a
 * discount, a charge, notes, terms, footer) in-process, as the PDF route does after loading
 * it, and prints PDFs per second and milliseconds per PDF (median over repeated runs) for
 * a 10-line and a 200-line invoice. Measures, never asserts.
 *
 *   npm run bench:pdf -- [--runs 7] [--count 20]
 *   npm run bench:pdf -- --sample invoice.pdf   (writes the README's sample invoice instead)
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { documentPdf, documentHtml } from '../src/modules/documents/invoice-files.ts';
import { sampleInvoice } from './sample-invoice.ts';

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
const runs = Math.max(1, Number(values.runs));
const count = Math.max(1, Number(values.count));

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Result {
  lines: number;
  pages: number;
  bytes: number;
  msPerPdf: number;
  pdfsPerSecond: number;
  msPerHtml: number;
}

async function measure(lines: number): Promise<Result> {
  const data = sampleInvoice(lines);
  // Warm-up: fonts read, code paths compiled.
  const first = await documentPdf(data);
  for (let i = 0; i < 3; i++) await documentPdf(data);
  const perRun: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    for (let i = 0; i < count; i++) await documentPdf(data);
    perRun.push((performance.now() - start) / count);
  }
  const htmlStart = performance.now();
  for (let i = 0; i < count; i++) documentHtml(data);
  const msPerHtml = (performance.now() - htmlStart) / count;
  const msPerPdf = median(perRun);
  const pages = (first.content.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  return { lines, pages, bytes: first.content.length, msPerPdf, pdfsPerSecond: 1000 / msPerPdf, msPerHtml };
}

console.log(`PDF rendering, in-process, one core — ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
console.log(`median of ${runs} runs × ${count} PDFs each, after warm-up\n`);
console.log('| invoice | pages | PDF size | ms per PDF | PDFs per second | ms per HTML page |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const lines of [10, 200]) {
  const r = await measure(lines);
  console.log(
    `| ${r.lines} lines | ${r.pages} | ${(r.bytes / 1024).toFixed(0)} KB | ${r.msPerPdf.toFixed(1)} | ${r.pdfsPerSecond.toFixed(1)} | ${r.msPerHtml.toFixed(2)} |`,
  );
}
