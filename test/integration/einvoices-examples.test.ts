/**
 * The 20 EN 16931 example invoices (XRechnung test suite) re-created through the API on both
 * databases: the seller as the organization, the buyer as a customer, the rates, lines,
 * allowances and charges from the file; finalized; exported in UBL, CII and both XRechnung
 * variants; each export passes the official EN 16931 rules (and the profile rules) with no
 * fatal assert, and every BT total in it equals the example's. Then a credit note of each
 * (all lines) is exported as a UBL CreditNote and an XRechnung CII (type 381), checked the same
 * way, and carries the credit note's own figures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmount, parseAmount } from '../../src/domain/money/index.ts';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { setupOwner } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { exampleScenario } from '../support/einvoice-examples.ts';
import { normalisePercent, parseEInvoice, type DeclaredTotals } from '../unit/domain/einvoice/parse-einvoice.ts';

const directory = new URL('../unit/domain/einvoice/examples/', import.meta.url);
const examples = readdirSync(directory)
  .filter((name) => name.endsWith('_ubl.xml'))
  .map((name) => ({ name, xml: readFileSync(new URL(name, directory), 'utf8') }))
  .map((file) => ({ ...file, scenario: exampleScenario(file.xml), declared: parseEInvoice(file.xml).declared }))
  // Issued in date order: the invoice series refuses an issue date before the last one.
  .sort((a, b) => String(a.scenario.invoice.issue_date).localeCompare(String(b.scenario.invoice.issue_date)) || a.name.localeCompare(b.name));

const FORMATS = ['ubl', 'cii', 'xrechnung-ubl', 'xrechnung-cii'] as const;

/** Every BT total of a declaration, normalised to the currency's digits ("336.9" → "336.90"). */
function figures(declared: DeclaredTotals, currency = 'EUR') {
  const money = (value: string | undefined) => formatAmount(parseAmount(value ?? '0', currency), currency);
  return {
    lineNets: declared.lineNets.map(money),
    lineTotal: money(declared.lineTotal),
    allowanceTotal: money(declared.allowanceTotal),
    chargeTotal: money(declared.chargeTotal),
    taxExclusive: money(declared.taxExclusive),
    taxTotal: money(declared.taxTotal),
    taxInclusive: money(declared.taxInclusive),
    breakdown: declared.breakdown
      .map((b) => ({ category: b.category, percentage: normalisePercent(b.percentage), taxable: money(b.taxable), tax: money(b.tax) }))
      .sort((a, b) => `${a.category}${a.percentage}`.localeCompare(`${b.category}${b.percentage}`)),
  };
}

describeEachDb('EN 16931 examples re-created, exported and checked', (kind) => {
  let server: TestServer;
  let owner: Client;
  const rateIds = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  async function exportAndCheck(path: string, format: string) {
    const file = await owner.get(`${path}/einvoice?format=${format}`);
    expect(file.status, `${format}: ${file.text.slice(0, 300)}`).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^application\/xml/);
    const check = await owner.get(`${path}/einvoice/validation?format=${format}`);
    expect(check.status, check.text).toBe(200);
    expect(check.body.errors, `${format}: ${JSON.stringify(check.body.errors).slice(0, 1500)}`).toEqual([]);
    expect(check.body.valid).toBe(true);
    return parseEInvoice(file.text);
  }

  describe.each(examples)('$name', ({ scenario, declared }) => {
    it('is re-created, finalized, exported in every format with 0 fatal asserts and the same totals; so is its credit note', async () => {
      const org = await owner.patch('/api/v1/organization', { ...scenario.organization, currency: undefined });
      expect(org.status, org.text).toBe(200);
      for (const rate of scenario.taxRates) {
        const key = `${rate.key}|${rate.exemption_reason ?? ''}|${rate.exemption_reason_code ?? ''}`;
        if (rateIds.has(key)) continue;
        const created = await owner.post('/api/v1/tax-rates', {
          name: `${rate.category} ${rate.percentage}% ${rateIds.size}`,
          category: rate.category,
          percentage: rate.percentage,
          exemption_reason: rate.exemption_reason,
          exemption_reason_code: rate.exemption_reason_code,
        });
        expect(created.status, created.text).toBe(201);
        rateIds.set(key, created.body.id);
      }
      const rateId = (key: string) => {
        const rate = scenario.taxRates.find((r) => r.key === key)!;
        return rateIds.get(`${rate.key}|${rate.exemption_reason ?? ''}|${rate.exemption_reason_code ?? ''}`)!;
      };
      const customer = await owner.post('/api/v1/customers', { ...scenario.customer, einvoice_format: 'xrechnung-cii' });
      expect(customer.status, customer.text).toBe(201);
      const withRate = (item: Record<string, any>) => ({ ...item, tax_rate_id: rateId(item.tax_rate_id) });
      const draft = await owner.post('/api/v1/invoices', {
        ...scenario.invoice,
        customer_id: customer.body.id,
        lines: scenario.invoice.lines.map(withRate),
        allowances: scenario.invoice.allowances.map(withRate),
        charges: scenario.invoice.charges.map(withRate),
      });
      expect(draft.status, draft.text).toBe(201);
      // The customer receives XRechnung: finalizing validates the would-be e-invoice first.
      const invoice = await owner.post(`/api/v1/invoices/${draft.body.id}/finalize`);
      expect(invoice.status, invoice.text).toBe(200);

      const expected = figures(declared);
      for (const format of FORMATS) {
        const exported = await exportAndCheck(`/api/v1/invoices/${invoice.body.id}`, format);
        expect(figures(exported.declared), format).toEqual(expected);
        // BT-115. Settle does no cash rounding (BT-114): the amount due is the total. 01.17a alone
        // rounds 336.90 up to 336.91; every other example's amount due is its total.
        const payable = formatAmount(parseAmount(exported.declared.payable, 'EUR'), 'EUR');
        expect(payable, format).toBe(expected.taxInclusive);
        if (declared.rounding === undefined) expect(payable, format).toBe(formatAmount(parseAmount(declared.payable, 'EUR'), 'EUR'));
      }

      const note = await owner.post(`/api/v1/invoices/${invoice.body.id}/credit-notes`, {
        reason: 'Full credit',
        lines: invoice.body.lines.map((line: { id: string }) => ({ invoice_line_id: line.id })),
      });
      expect(note.status, note.text).toBe(201);
      // Credit notes in one format of each syntax (UBL CreditNote, CII type 381), one of them XRechnung.
      for (const format of ['ubl', 'xrechnung-cii'] as const) {
        const exported = await exportAndCheck(`/api/v1/credit-notes/${note.body.id}`, format);
        const own = exported.declared;
        expect([own.lineTotal, own.taxTotal, own.taxInclusive, own.payable].map((v) => formatAmount(parseAmount(v, 'EUR'), 'EUR')), format).toEqual([
          note.body.subtotal,
          note.body.tax_total,
          note.body.total,
          note.body.total,
        ]);
        if (scenario.invoice.allowances.length === 0 && scenario.invoice.charges.length === 0) {
          // All lines credited and no document allowance or charge: the invoice's figures, line by line.
          expect(own.lineNets.map((v) => formatAmount(parseAmount(v, 'EUR'), 'EUR'))).toEqual(expected.lineNets);
          expect(formatAmount(parseAmount(own.taxTotal, 'EUR'), 'EUR')).toBe(expected.taxTotal);
        }
      }
    });
  });
});
