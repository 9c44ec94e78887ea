/**
 * Issue 19, accounting export: the journal of a month of mixed documents (several tax rates,
 * line and document discounts, prices with tax included, an exempt rate, a credit note,
 * payments by different methods, an overpayment, a refund, another currency, a draft and a
 * void invoice) balances per document and in total, and its figures equal the sales, revenue
 * and tax reports exactly; the CSV and the DATEV EXTF Buchungsstapel carry the same bookings;
 * the chart of accounts is per organization; roles and bad input.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { createTaxRate, draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const FROM = '2026-11-01';
const TO = '2026-11-30';
const cents = (amount: string) => BigInt(Math.round(Number(amount) * 100));
const sumOf = (values: string[]) => values.reduce((sum, v) => sum + cents(v), 0n);

describeEachDb('accounting export: the journal (issue 19)', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    const vat19 = await createTaxRate(owner, { percentage: '19', name: 'USt 19%' });
    const vat7 = await createTaxRate(owner, { percentage: '7', name: 'USt 7%' });
    const exempt = await createTaxRate(owner, { percentage: '0', name: 'Steuerfrei', category: 'E', exemption_reason: 'Exempt under § 4 Nr. 21 UStG' });
    const customer = await createCustomer(owner, { name: 'Müller & Söhne' });
    const other = await createCustomer(owner, { name: 'Beta AG' });

    // October: issued before the month, paid in it.
    const october = await finalizedInvoice(owner, { customerId: other.id, issue_date: '2026-10-20', lines: [{ description: 'Setup', quantity: '1', unit_price: '200.00', tax_rate_id: vat19.id }] });
    const a = await finalizedInvoice(owner, {
      customerId: customer.id,
      issue_date: '2026-11-03',
      lines: [
        { description: 'Design', quantity: '3', unit_price: '333.33', tax_rate_id: vat19.id, discount: '10%' },
        { description: 'Brochures', quantity: '1000', unit_price: '0.4537', tax_rate_id: vat7.id },
      ],
      allowances: [{ reason: 'Loyalty', amount: '25.00', tax_rate_id: vat19.id }],
    });
    const b = await finalizedInvoice(owner, {
      customerId: other.id,
      issue_date: '2026-11-05',
      prices_include_tax: true,
      lines: [
        { description: 'Workshop', quantity: '2', unit_price: '99.99', tax_rate_id: vat19.id },
        { description: 'Course', quantity: '1', unit_price: '150.00', tax_rate_id: exempt.id },
      ],
    });
    const c = await finalizedInvoice(owner, { customerId: customer.id, issue_date: '2026-11-10', lines: [{ description: 'Books', quantity: '7', unit_price: '12.34', tax_rate_id: vat7.id }] });
    // Another currency: its own journal.
    await finalizedInvoice(owner, { customerId: other.id, currency: 'USD', issue_date: '2026-11-11', lines: [{ description: 'Export', quantity: '1', unit_price: '500.00', tax_rate_id: exempt.id }] });
    // Not booked: a draft and a voided invoice.
    await draftInvoice(owner, { customerId: customer.id, issue_date: '2026-11-12' });
    const voided = await finalizedInvoice(owner, { customerId: customer.id, issue_date: '2026-11-12', lines: [{ description: 'Mistake', quantity: '1', unit_price: '80.00', tax_rate_id: vat19.id }] });
    expect((await owner.post(`/api/v1/invoices/${voided.id}/void`)).status).toBe(200);

    const credit = await owner.post(`/api/v1/invoices/${a.id}/credit-notes`, { reason: 'Damaged brochures', issue_date: '2026-11-14', amounts: [{ tax_rate_id: vat7.id, amount: '107.00' }] });
    expect(credit.status, credit.text).toBe(201);
    const pay = async (invoiceId: string, amount: string, method: string, date: string, extra: Record<string, unknown> = {}) => {
      const response = await owner.post('/api/v1/payments', { invoice_id: invoiceId, amount, date, method, reference: `ref ${method}`, ...extra });
      expect(response.status, response.text).toBe(201);
      return response.body;
    };
    await pay(october.id, october.total, 'card', '2026-11-02');
    const paidA = await pay(a.id, '500.00', 'bank_transfer', '2026-11-15');
    await pay(b.id, '100.00', 'cash', '2026-11-16');
    // Overpaid: the excess becomes customer credit, still cash received.
    await pay(c.id, '100.00', 'online', '2026-11-17', { allow_overpayment: true });
    const refund = await owner.post(`/api/v1/payments/${paidA.id}/refund`, { amount: '45.50', reason: 'Goodwill' });
    expect(refund.status, refund.text).toBe(200);
    // After the month: not booked.
    await pay(b.id, '1.00', 'bank_transfer', '2026-12-01');
  });
  afterAll(() => server.close());

  const journal = async (query = '') => {
    const response = await owner.get(`/api/v1/exports/journal?from=${FROM}&to=${TO}${query}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  };

  it('balances per document and in total, and equals the sales, revenue and tax reports exactly', async () => {
    const saved = await owner.request('PUT', '/api/v1/organization/accounts', { preset: 'skr03' });
    expect(saved.status, saved.text).toBe(200);
    const body = await journal();
    expect(body.currency).toBe('EUR');
    expect(body.lines.length).toBeGreaterThan(10);
    expect(body.lines.every((l: any) => l.currency === 'EUR')).toBe(true);
    // Per entry (document) and in total.
    const entries = new Map<number, any[]>();
    for (const line of body.lines) entries.set(line.entry, [...(entries.get(line.entry) ?? []), line]);
    // 3 invoices (not October’s, the USD one, the void one or the draft), 1 credit note, 4 payments (not December’s), 1 refund
    expect(entries.size).toBe(3 + 1 + 4 + 1);
    for (const lines of entries.values()) {
      expect(sumOf(lines.map((l) => l.debit)), JSON.stringify(lines)).toBe(sumOf(lines.map((l) => l.credit)));
    }
    expect(body.totals.debit).toBe(body.totals.credit);
    expect(cents(body.totals.debit)).toBe(sumOf(body.lines.map((l: any) => l.debit)));

    const net = (accounts: string[], kinds?: string[]) => {
      const lines = body.lines.filter((l: any) => accounts.includes(l.account) && (kinds === undefined || kinds.includes(l.kind)));
      return sumOf(lines.map((l: any) => l.credit)) - sumOf(lines.map((l: any) => l.debit));
    };
    const sales = await owner.get(`/api/v1/reports/sales?from=${FROM}&to=${TO}&group_by=year`);
    const eur = sales.body.currencies.find((c: any) => c.currency === 'EUR').periods[0];
    expect(net(['8400', '8300', '8100'])).toBe(cents(eur.net));
    expect(net(['1776', '1771'])).toBe(cents(eur.tax));
    expect(-net(['1400'], ['invoice', 'credit_note'])).toBe(cents(eur.total));
    const revenue = await owner.get(`/api/v1/reports/revenue?from=${FROM}&to=${TO}&group_by=year`);
    const collected = revenue.body.currencies.find((c: any) => c.currency === 'EUR').periods[0];
    expect(-net(['1200', '1000'])).toBe(cents(collected.total));
    expect(cents(collected.total)).toBe(cents('238.00') + cents('500.00') + cents('100.00') + cents('100.00') - cents('45.50'));
    // Per rate: the tax report's taxable amounts on their revenue accounts, tax on the tax accounts.
    const taxes = await owner.get(`/api/v1/reports/taxes?from=${FROM}&to=${TO}`);
    const rates = taxes.body.currencies.find((c: any) => c.currency === 'EUR').rates;
    const rate = (category: string, percentage: string) => rates.find((r: any) => r.category === category && r.percentage === percentage);
    expect(net(['8400'])).toBe(cents(rate('S', '19').taxable_amount));
    expect(net(['8300'])).toBe(cents(rate('S', '7').taxable_amount));
    expect(net(['8100'])).toBe(cents(rate('E', '0').taxable_amount));
    expect(net(['1776'])).toBe(cents(rate('S', '19').tax_amount));
    expect(net(['1771'])).toBe(cents(rate('S', '7').tax_amount));
    // Tax codes and payment accounts by method.
    expect(new Set(body.lines.filter((l: any) => l.account === '8300').map((l: any) => l.tax_code))).toEqual(new Set(['S-7']));
    expect(body.lines.filter((l: any) => l.kind === 'payment' && l.debit !== '0.00').map((l: any) => l.account).sort()).toEqual(['1000', '1200', '1200', '1200']);
    // The credit note books against revenue and tax at 7 %.
    const creditLines = body.lines.filter((l: any) => l.kind === 'credit_note');
    expect(creditLines.map((l: any) => [l.account, l.debit, l.credit])).toEqual([
      ['1400', '0.00', '107.00'],
      ['8300', '100.00', '0.00'],
      ['1771', '7.00', '0.00'],
    ]);

    // The other currency: its own journal, balanced.
    const usd = await journal('&currency=USD');
    expect(usd.lines.map((l: any) => [l.account, l.debit, l.credit])).toEqual([
      ['1400', '500.00', '0.00'],
      ['8100', '0.00', '500.00'],
    ]);
    expect(usd.totals).toEqual({ debit: '500.00', credit: '500.00' });
  });

  it('answers CSV in the reader’s dialect with the same lines', async () => {
    const body = await journal();
    const csv = await owner.get(`/api/v1/exports/journal?from=${FROM}&to=${TO}&format=csv&locale=de`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows: string[][] = parse(csv.text.replace(/^\uFEFF/, ''), { delimiter: ';' });
    expect(rows[0]).toEqual(['Datum', 'Beleg', 'Konto', 'Soll', 'Haben', 'Währung', 'Steuerschlüssel', 'Buchungstext']);
    expect(rows.length - 1).toBe(body.lines.length);
    expect(sumOf(rows.slice(1).map((r) => r[3]!.replace(',', '.')))).toBe(cents(body.totals.debit));
    expect(sumOf(rows.slice(1).map((r) => r[4]!.replace(',', '.')))).toBe(cents(body.totals.credit));
  });

  it('writes a DATEV EXTF Buchungsstapel (700, 21) that parses, in windows-1252, booking the same amounts', async () => {
    const body = await journal();
    const response = await fetch(`${server.url}/api/v1/exports/journal?from=${FROM}&to=${TO}&format=datev`, { headers: { cookie: owner.cookie ?? '' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('windows-1252');
    expect(response.headers.get('content-disposition')).toContain('EXTF_');
    const text = new TextDecoder('windows-1252').decode(await response.arrayBuffer());
    const rows: string[][] = parse(text, { delimiter: ';', relax_column_count: true });
    const [header, columns, ...bookings] = rows;
    expect(header!.slice(0, 5)).toEqual(['EXTF', '700', '21', 'Buchungsstapel', '13']);
    expect(header![10]).toBe('1001'); // Beraternummer
    expect(header![13]).toBe('4'); // Sachkontenlänge
    expect(header!.slice(14, 16)).toEqual(['20261101', '20261130']);
    expect(header![21]).toBe('EUR');
    expect(header![26]).toBe('03');
    expect(columns!.slice(0, 10)).toEqual(['Umsatz (ohne Soll/Haben-Kz)', 'Soll/Haben-Kennzeichen', 'WKZ Umsatz', 'Kurs', 'Basis-Umsatz', 'WKZ Basis-Umsatz', 'Konto', 'Gegenkonto (ohne BU-Schlüssel)', 'BU-Schlüssel', 'Belegdatum']);
    expect(bookings.length).toBeGreaterThan(5);
    for (const row of bookings) {
      expect(row[0]).toMatch(/^\d+,\d{2}$/);
      expect(['S', 'H']).toContain(row[1]);
      expect(row[6]).toBe('1400');
      expect(row[9]).toMatch(/^(0[1-9]|[12]\d|3[01])11$/);
    }
    // Umlauts survive the encoding.
    expect(bookings.some((row) => row[13]!.includes('Müller & Söhne'))).toBe(true);
    // Automatic accounts: gross per rate on the revenue account, no row to a tax account.
    expect(bookings.some((row) => row[7] === '1776' || row[7] === '1771')).toBe(false);
    // The receivable moves exactly as in the journal.
    const signed = bookings.reduce((sum, row) => sum + (row[1] === 'S' ? 1n : -1n) * cents(row[0]!.replace(',', '.')), 0n);
    const receivable = body.lines.filter((l: any) => l.account === '1400');
    expect(signed).toBe(sumOf(receivable.map((l: any) => l.debit)) - sumOf(receivable.map((l: any) => l.credit)));

    // Without automatic accounts the tax goes to its own rows.
    const manual = await owner.request('PUT', '/api/v1/organization/accounts', { preset: 'skr03', datev: { automatic_accounts: false, consultant_number: 4711, client_number: 42 } });
    expect(manual.status, manual.text).toBe(200);
    const separate = await fetch(`${server.url}/api/v1/exports/journal?from=${FROM}&to=${TO}&format=datev`, { headers: { cookie: owner.cookie ?? '' } });
    const separateRows: string[][] = parse(new TextDecoder('windows-1252').decode(await separate.arrayBuffer()), { delimiter: ';', relax_column_count: true });
    expect(separateRows[0]!.slice(10, 12)).toEqual(['4711', '42']);
    expect(separateRows.slice(2).some((row) => row[7] === '1776')).toBe(true);
    await owner.request('PUT', '/api/v1/organization/accounts', { preset: 'skr03' });
  });

  it('keeps a chart of accounts per organization: presets, changed accounts, defaults', async () => {
    const skr04 = await owner.request('PUT', '/api/v1/organization/accounts', { preset: 'skr04', payment_methods: { card: '1460', online: '1460' } });
    expect(skr04.status, skr04.text).toBe(200);
    expect(skr04.body).toMatchObject({ preset: 'skr04', receivable: '1200', saved: true, payment_methods: { bank_transfer: '1800', cash: '1600', card: '1460' }, revenue: { 'S-19': '4400', 'S-7': '4300' }, tax: { 'S-19': '3806', 'S-7': '3801' } });
    expect((await owner.get('/api/v1/organization/accounts')).body).toEqual(skr04.body);
    // The change is in the audit log, the chart before and after.
    const audit = (await owner.get('/api/v1/audit-events?limit=200')).body.data.filter((e: any) => e.action === 'organization.accounts_updated');
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(audit[0]).toMatchObject({ after: { preset: 'skr04', payment_methods: { card: '1460' } } });
    const body = await journal();
    expect(new Set(body.lines.filter((l: any) => l.kind === 'invoice' && l.debit !== '0.00').map((l: any) => l.account))).toEqual(new Set(['1200']));
    expect(body.lines.some((l: any) => l.account === '1460')).toBe(true);
    expect(body.totals.debit).toBe(body.totals.credit);

    // Another organization sees its own (never saved) default chart, and an empty journal.
    const second = await secondOrganization(owner);
    const theirs = await second.get('/api/v1/organization/accounts');
    expect(theirs.body).toMatchObject({ saved: false });
    const empty = await second.get(`/api/v1/exports/journal?from=${FROM}&to=${TO}`);
    expect(empty.body).toMatchObject({ lines: [], totals: { debit: '0.00', credit: '0.00' } });
    await owner.request('PUT', '/api/v1/organization/accounts', { preset: 'generic' });
    const generic = await journal();
    expect(new Set(generic.lines.map((l: any) => l.account))).toEqual(new Set(['1100', '4000', '2200', '1000', '1010']));
  });

  it('refuses bad input naming the field, and checks roles', async () => {
    const bad: [string, string][] = [
      ['', 'from'],
      [`from=${FROM}`, 'to'],
      [`from=2026-13-01&to=${TO}`, 'from'],
      [`from=${FROM}&to=2026-10-01`, 'to'],
      [`from=2025-01-01&to=${TO}`, 'to'],
      [`from=2025-12-01&to=2026-01-31&format=datev`, 'to'],
      [`from=${FROM}&to=${TO}&format=xml`, 'format'],
      [`from=${FROM}&to=${TO}&currency=EURO`, 'currency'],
      [`from=${FROM}&to=${TO}&locale=%3Cscript%3E`, 'locale'],
    ];
    for (const [query, field] of bad) {
      const response = await owner.get(`/api/v1/exports/journal?${query}`);
      expect(response.status, query).toBe(422);
      expect(response.body.errors.map((e: any) => e.path), query).toContain(field);
    }
    const badCharts: [unknown, string][] = [
      [{ preset: 'skr99' }, 'preset'],
      [{ preset: 'skr03', receivable: '14a0' }, 'receivable'],
      [{ preset: 'skr03', receivable: 1400 }, 'receivable'],
      [{ preset: 'skr03', payment_methods: { bitcoin: '1200' } }, 'payment_methods'],
      [{ preset: 'skr03', revenue: { 'S-19': '8400' } }, 'revenue'],
      [{ preset: 'skr03', revenue: { default: '8400', '<x>': '1' } }, 'revenue'],
      [{ preset: 'skr03', revenue: { default: '8400', 'S-19': '84O0' } }, 'revenue.S-19'],
      [{ preset: 'skr03', payment_methods: { cash: '' } }, 'payment_methods.cash'],
      [{ preset: 'skr03', datev: { consultant_number: 5 } }, 'datev.consultant_number'],
      [{ preset: 'skr03', extra: true }, ''],
    ];
    for (const [chart, field] of badCharts) {
      const response = await owner.request('PUT', '/api/v1/organization/accounts', chart);
      expect(response.status, JSON.stringify(chart)).toBe(422);
      if (field !== '') expect(response.body.errors.map((e: any) => e.path).join(' '), JSON.stringify(chart)).toContain(field);
    }

    // Malformed JSON: a 400 like everywhere in the API, nothing saved.
    expect((await owner.request('PUT', '/api/v1/organization/accounts', '{"preset": ')).status).toBe(400);

    const sales = await userWithRole(owner, 'sales');
    const accountant = await userWithRole(owner, 'accountant');
    expect((await sales.get(`/api/v1/exports/journal?from=${FROM}&to=${TO}`)).status).toBe(403);
    expect((await sales.get('/api/v1/organization/accounts')).status).toBe(403);
    expect((await accountant.get(`/api/v1/exports/journal?from=${FROM}&to=${TO}`)).status).toBe(200);
    expect((await accountant.get('/api/v1/organization/accounts')).status).toBe(200);
    expect((await accountant.request('PUT', '/api/v1/organization/accounts', { preset: 'skr03' })).status).toBe(403);
  });
});
