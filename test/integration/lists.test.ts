/**
 * Lists at scale on both databases: ?sort= (ascending, descending, amounts grouped by
 * currency) with cursor paging in that order, total counts that honour the filters, CSV export
 * of every matching row in the reader's dialect (English "," and ".", German ";" and ","),
 * formula-safe with names and numbers instead of ids, ?ids= selections, the invoice PDFs as
 * a ZIP, and hostile input answered with a 4xx naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import { draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('lists at scale', (kind) => {
  let server: TestServer;
  let owner: Client;
  const inv: Record<string, any> = {};
  let alpha: any;
  let beta: any;
  let gamma: any;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    alpha = await createCustomer(owner, { name: 'Alpha Shop' });
    beta = await createCustomer(owner, { name: 'Beta Works' });
    gamma = await createCustomer(owner, { name: '=HYPERLINK("http://evil")' });
    const line = (price: string) => [{ description: 'Work', quantity: '1', unit_price: price }];
    inv.a = await finalizedInvoice(owner, { customerId: alpha.id, lines: line('100.00'), issue_date: '2026-11-01', due_date: '2026-11-15' });
    inv.b = await finalizedInvoice(owner, { customerId: beta.id, lines: line('50.00'), issue_date: '2026-11-02', due_date: '2026-11-10' });
    inv.c = await finalizedInvoice(owner, { customerId: gamma.id, currency: 'USD', lines: line('70.00'), issue_date: '2026-11-03', due_date: '2026-11-20' });
    inv.d = await finalizedInvoice(owner, { customerId: alpha.id, currency: 'USD', lines: line('1234.50'), issue_date: '2026-11-04', due_date: '2026-11-30' });
    inv.draft = await draftInvoice(owner, { customerId: beta.id, lines: line('10.00') });
    for (const [invoice, amount] of [
      [inv.a, '30.00'],
      [inv.c, '70.00'],
      [inv.d, '1000.25'],
    ] as const) {
      const paid = await owner.post('/api/v1/payments', { invoice_id: invoice.id, amount, date: '2026-11-20', method: 'bank_transfer', reference: '+1 transfer' });
      expect(paid.status, paid.text).toBe(201);
    }
  });
  afterAll(() => server.close());

  async function list(path: string) {
    const response = await owner.get(path);
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  /** Every page of a list, following next_cursor; checks `total` on each page. */
  async function walk(path: string, limit: number): Promise<any[]> {
    const rows: any[] = [];
    let cursor: string | null = null;
    let total: number | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page: any = await list(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      total ??= page.total;
      expect(page.total).toBe(total);
      rows.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor);
    expect(rows).toHaveLength(total ?? -1);
    return rows;
  }

  describe('sorting and totals', () => {
    it('sorts invoices by total with currencies grouped, ascending and descending, across pages', async () => {
      const numbers = (rows: any[]) => rows.map((row) => row.number);
      const asc = await walk('/api/v1/invoices?status=open,partially_paid&sort=total', 1);
      expect(numbers(asc)).toEqual([inv.b.number, inv.a.number, inv.c.number, inv.d.number].filter((n) => asc.some((r) => r.number === n)));
      expect(asc.map((row) => row.currency)).toEqual(['EUR', 'EUR', 'USD']);
      const all = await walk('/api/v1/invoices?status=open,partially_paid,paid&sort=total', 2);
      expect(numbers(all)).toEqual([inv.b.number, inv.a.number, inv.c.number, inv.d.number]);
      const desc = await walk('/api/v1/invoices?status=open,partially_paid,paid&sort=-total', 1);
      // Descending amounts, still one currency after the other.
      expect(numbers(desc)).toEqual([inv.a.number, inv.b.number, inv.d.number, inv.c.number]);
    });

    it('sorts by due date, customer name and number; the default order stays newest first', async () => {
      const due = await list('/api/v1/invoices?status=open,partially_paid,paid&sort=due_date');
      expect(due.data.map((row: any) => row.id)).toEqual([inv.b.id, inv.a.id, inv.c.id, inv.d.id]);
      const dueDesc = await walk('/api/v1/invoices?status=open,partially_paid,paid&sort=-due_date', 3);
      expect(dueDesc.map((row: any) => row.id)).toEqual([inv.d.id, inv.c.id, inv.a.id, inv.b.id]);
      const byName = await walk('/api/v1/invoices?sort=customer_name', 2);
      // (Where "=HYPERLINK…" sorts depends on the database's collation: only Alpha and Beta are compared.)
      expect(byName.map((row: any) => row.customer_id).filter((id: string) => id !== gamma.id)).toEqual([alpha.id, alpha.id, beta.id, beta.id]);
      const plain = await list('/api/v1/invoices');
      expect(plain.data.map((row: any) => row.id)).toEqual([inv.draft.id, inv.d.id, inv.c.id, inv.b.id, inv.a.id]);
      expect(plain.total).toBe(5);
    });

    it('counts what the filters match: status, currency, search, ids', async () => {
      expect((await list('/api/v1/invoices?currency=USD')).total).toBe(2);
      expect((await list('/api/v1/invoices?q=alpha&limit=1')).total).toBe(2);
      expect((await list('/api/v1/invoices?status=draft')).total).toBe(1);
      const selected = await list(`/api/v1/invoices?ids=${inv.a.id},${inv.c.id}`);
      expect(selected.total).toBe(2);
      expect(selected.data.map((row: any) => row.id).sort()).toEqual([inv.a.id, inv.c.id].sort());
    });

    it('sorts customers, products, payments and credit notes and counts them', async () => {
      const customers = await walk('/api/v1/customers?sort=-name', 1);
      expect(customers.map((c) => c.name).filter((name) => name !== gamma.name)).toEqual(['Beta Works', 'Alpha Shop']);
      expect((await list('/api/v1/customers?sort=created')).total).toBe(3);
      expect((await list('/api/v1/customers?sort=name&q=works')).total).toBe(1);

      for (const [name, price, sku] of [
        ['Widget', '9.99', 'W-1'],
        ['Gadget', '120.00', 'G-1'],
        ['Bolt', '0.25', 'B-1'],
      ]) {
        const created = await owner.post('/api/v1/products', { name, unit_price: price, sku });
        expect(created.status, created.text).toBe(201);
      }
      const products = await walk('/api/v1/products?sort=-unit_price', 2);
      expect(products.map((p) => p.name)).toEqual(['Gadget', 'Widget', 'Bolt']);
      expect((await list('/api/v1/products?sort=sku')).data.map((p: any) => p.sku)).toEqual(['B-1', 'G-1', 'W-1']);

      const payments = await walk('/api/v1/payments?sort=amount', 1);
      expect(payments.map((p) => [p.currency, p.amount])).toEqual([
        ['EUR', '30.00'],
        ['USD', '70.00'],
        ['USD', '1000.25'],
      ]);
      expect(payments.map((p) => p.customer_name)).toEqual(['Alpha Shop', '=HYPERLINK("http://evil")', 'Alpha Shop']);
      expect((await list('/api/v1/payments?currency=USD')).total).toBe(2);
      expect((await list('/api/v1/payments?sort=-amount')).data.map((p: any) => p.amount)).toEqual(['30.00', '1000.25', '70.00']);

      const credit = await owner.post(`/api/v1/invoices/${inv.b.id}/credit-notes`, { reason: 'Damaged', amount: '20.00' });
      expect(credit.status, credit.text).toBe(201);
      const notes = await list('/api/v1/credit-notes?q=beta&sort=-total');
      expect(notes.total).toBe(1);
      expect(notes.data[0]).toMatchObject({ number: credit.body.number, customer_name: 'Beta Works', total: '20.00' });
      expect((await list('/api/v1/credit-notes?q=nobody')).total).toBe(0);
    });
  });

  describe('CSV export', () => {
    it('exports every matching invoice in English: BOM, ",", ".", names and numbers, formula-safe', async () => {
      const response = await owner.get('/api/v1/invoices?format=csv&limit=1&status=open,partially_paid,paid&sort=total&locale=en-US');
      expect(response.status, response.text).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="invoices-\d{4}-\d{2}-\d{2}\.csv"$/);
      // fetch's text() drops a leading BOM; the raw bytes keep it.
      const raw = Buffer.from(await (await fetch(`${server.url}/api/v1/invoices?format=csv&locale=en`, { headers: { cookie: owner.cookie ?? '' } })).arrayBuffer());
      expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = response.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      expect(lines[0]).toBe('Number,Status,Customer,Issue date,Due date,Currency,Net,Tax,Total,Paid,Credited,Amount due,Tax rates');
      // All four rows, not one page of limit=1; in the requested order.
      expect(lines).toHaveLength(5);
      expect(lines[1]).toContain(`${inv.b.number},Open,Beta Works,2026-11-02,2026-11-10,EUR,`);
      expect(lines[3]).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(lines[4]).toContain(',USD,1234.50,0.00,1234.50,1000.25,0.00,234.25,');
      expect(response.text).not.toContain(alpha.id);
    });

    it('exports in German by Accept-Language: ";" and decimal comma, German header', async () => {
      const response = await owner.get('/api/v1/invoices?format=csv&status=open,partially_paid,paid&sort=total', { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' });
      expect(response.status, response.text).toBe(200);
      expect(response.headers.get('content-disposition')).toMatch(/filename="rechnungen-/);
      const lines = response.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      expect(lines[0]).toBe('Nummer;Status;Kunde;Rechnungsdatum;Fälligkeitsdatum;Währung;Netto;USt.;Brutto;Bezahlt;Gutgeschrieben;Offener Betrag;Steuersätze');
      expect(lines[4]).toContain(';Teilweise bezahlt;Alpha Shop;2026-11-04;2026-11-30;USD;1234,50;0,00;1234,50;1000,25;0,00;234,25;');
      // ?locale= wins over the header.
      const english = await owner.get('/api/v1/invoices?format=csv&locale=en', { 'accept-language': 'de-DE' });
      expect(english.text.replace(/^\uFEFF/, '').startsWith('Number,')).toBe(true);
    });

    it('exports a selection, customers, products, payments and credit notes', async () => {
      const selection = await owner.get(`/api/v1/invoices?format=csv&locale=de&ids=${inv.a.id},${inv.d.id}`);
      const rows = selection.text.trimEnd().split('\r\n');
      expect(rows).toHaveLength(3);

      const customers = await owner.get('/api/v1/customers?format=csv&locale=fr&sort=name');
      expect(customers.status, customers.text).toBe(200);
      const customerLines = customers.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      expect(customerLines[0]?.startsWith('Nom;E-mail;')).toBe(true);
      expect(customerLines.some((line) => line.startsWith(`"'=HYPERLINK(""http://evil"")";`))).toBe(true);

      const products = await owner.get('/api/v1/products?format=csv&locale=es&sort=name');
      expect(products.text).toContain('Bolt;B-1;;0,25;');

      const payments = await owner.get('/api/v1/payments?format=csv&locale=de&sort=amount');
      const paymentLines = payments.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      expect(paymentLines[0]).toBe('Datum;Rechnung;Kunde;Zahlungsart;Referenz;Währung;Betrag;Verrechnet;Erstattet;Notizen');
      expect(paymentLines[3]).toBe(`2026-11-20;${inv.d.number};Alpha Shop;Überweisung;'+1 transfer;USD;1000,25;1000,25;0,00;`);

      const notes = await owner.get('/api/v1/credit-notes?format=csv&locale=en');
      expect(notes.text).toContain(`${inv.b.number},Beta Works,Damaged,EUR,20.00,0.00,20.00,`);
    });
  });

  describe('invoice PDFs as a ZIP', () => {
    it('streams one PDF per invoice, named by number', async () => {
      const response = await fetch(`${server.url}/api/v1/invoices/pdfs.zip?ids=${inv.a.id},${inv.c.id}`, { headers: { cookie: owner.cookie ?? '' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/zip');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="invoices-.*\.zip"$/);
      const zip = Buffer.from(await response.arrayBuffer());
      expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
      const text = zip.toString('latin1');
      expect(text.split('%PDF-').length - 1).toBe(2);
      expect(text).toContain(`${String(inv.a.number).replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`);
      expect(text).toContain(`${String(inv.c.number).replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`);
    });

    it('refuses drafts, unknown or foreign ids and more than 100 with a 422 naming ids', async () => {
      const other = await secondOrganization(owner, 'Foreign Ltd');
      const foreign = await finalizedInvoice(other, { currency: 'USD' });
      for (const ids of [inv.draft.id, 'inv_nope', foreign.id, '', Array.from({ length: 101 }, (_, i) => `inv_${i}`).join(','), 'a;b']) {
        const response = await owner.get(`/api/v1/invoices/pdfs.zip?ids=${encodeURIComponent(ids)}`);
        expect(response.status, `${ids}: ${response.text}`).toBe(422);
        expect(response.body.errors[0].path).toBe('ids');
      }
      // Their CSV and list never show another organization's rows either.
      expect((await list(`/api/v1/invoices?ids=${foreign.id}`)).total).toBe(0);
    });
  });

  describe('hostile input', () => {
    it('answers unknown sorts, formats, cursors, locales and selections with 422 naming the field', async () => {
      const cases: [string, string][] = [
        ['/api/v1/invoices?sort=id', 'sort'],
        ['/api/v1/invoices?sort=--total', 'sort'],
        ['/api/v1/invoices?sort=total;drop table invoices', 'sort'],
        ['/api/v1/customers?sort=balance_x', 'sort'],
        ['/api/v1/products?sort=-created', 'sort'],
        ['/api/v1/payments?sort=invoice_id', 'sort'],
        ['/api/v1/credit-notes?sort=reason', 'sort'],
        ['/api/v1/invoices?format=xlsx', 'format'],
        ['/api/v1/payments?format=pdf', 'format'],
        ['/api/v1/invoices?format=csv&locale=%3Cscript%3E', 'locale'],
        ['/api/v1/invoices?ids=a,b%27', 'ids'],
        ['/api/v1/invoices?currency=EURO', 'currency'],
        ['/api/v1/credit-notes?currency=12', 'currency'],
      ];
      for (const [path, field] of cases) {
        const response = await owner.get(path);
        expect(response.status, `${path}: ${response.text}`).toBe(422);
        expect(response.body.errors[0].path, path).toBe(field);
      }
      // A cursor from another order, or forged, is refused.
      const page = await list('/api/v1/invoices?sort=total&limit=1');
      for (const path of [`/api/v1/invoices?sort=-total&cursor=${page.next_cursor}`, `/api/v1/invoices?sort=number&cursor=${page.next_cursor}`, '/api/v1/invoices?sort=total&cursor=WyJ0b3RhbCJd']) {
        const response = await owner.get(path);
        expect(response.status, `${path}: ${response.text}`).toBe(422);
        expect(response.body.errors[0].path).toBe('cursor');
      }
    });
  });
});
