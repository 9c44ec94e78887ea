/**
 * E-invoice throughput: builds the EN 16931 model of a realistic invoice (bench/sample-invoice.ts)
 * and writes it in each XML format in-process, as GET /invoices/{id}/einvoice does after loading
 * it; then validates UBL and CII with the official rules (rules worker, compiled rules cached),
 * as GET …/einvoice/validation and finalizing for e-invoice customers do. Prints exports and
 * validations per second (median over runs) for a 10-line and a 200-line invoice. Measures,
 * never asserts.
 *
 *   npm run bench:einvoice -- [--runs 5] [--count 20]
 */
import { parseArgs } from 'node:util';
import { invoiceModel } from '../src/modules/einvoices/einvoice-model.ts';
import { validateEInvoice } from '../src/modules/einvoices/validation/validate.ts';
import { stopRulesWorker } from '../src/modules/einvoices/validation/rules-worker.ts';
import { writeEInvoice } from '../src/modules/einvoices/xml/index.ts';
import { sampleInvoice } from './sample-invoice.ts';
import { median } from './median.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, count: { type: 'string', default: '20' } } });
const runs = Math.max(1, Number(values.runs));
const count = Math.max(1, Number(values.count));


async function perSecond(work: () => unknown, times: number): Promise<number> {
  await work();
  const perRun: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    for (let i = 0; i < times; i++) await work();
    perRun.push((performance.now() - start) / times);
  }
  return 1000 / median(perRun);
}

const rows: string[][] = [];
for (const lines of [10, 200]) {
  const data = sampleInvoice(lines);
  const invoice = { ...data, invoice: { ...data.invoice, buyer_reference: '04011000-12345-03' } };
  const model = invoiceModel(invoice);
  for (const format of ['ubl', 'cii'] as const) {
    const { xml } = writeEInvoice(model, format);
    const exports = await perSecond(() => writeEInvoice(invoiceModel(invoice), format), count * 10);
    const times = Math.max(3, Math.floor(count / (lines > 10 ? 4 : 1)));
    // Own exports run the rules only; an upload (POST /einvoices/validate) of CII adds the D16B schema.
    const rules = await perSecond(() => validateEInvoice(xml, { schema: false }), times);
    const upload = format === 'cii' ? (await perSecond(() => validateEInvoice(xml), times)).toFixed(1) : '=';
    rows.push([String(lines), format, `${(xml.length / 1024).toFixed(1)} KB`, exports.toFixed(0), rules.toFixed(1), upload]);
  }
}
await stopRulesWorker();

console.log('\nE-invoices (median of runs; export = model + XML; validation = the official EN 16931 rules in the rules worker; upload = POST /einvoices/validate, CII also its XSD)');
console.log(['lines', 'format', 'size', 'exports/s', 'validations/s', 'upload validations/s'].join('\t'));
for (const row of rows) console.log(row.join('\t'));
