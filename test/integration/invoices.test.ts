/**
 * Draft invoices over HTTP: create, read, change, delete; lines from products; the HTML
 * preview; list filters and pagination; and isolation between organizations.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import { createTaxRate, draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';

describeEachDb('invoices', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('creates, reads, changes and deletes a draft, with audit events', async () => {
    const rate = await createTaxRate(owner, { percentage: '19', name: 'VAT 19%' });
    const customer = await createCustomer(owner, {
      name: 'Müller & Söhne GmbH',
      email: 'rechnung@mueller.example',
      address: { line1: 'Hauptstraße 1', city: 'Berlin', postal_code: '10115', country: 'DE' },
      tax_id: 'DE123456789',
    });
    const created = await owner.post('/api/v1/invoices', {
      customer_id: customer.id,
      lines: [{ description: ' Consulting ', quantity: '2', unit_price: 150, unit: 'hour', tax_rate_id: rate.id }],
      notes: 'Thank you',
    });
    expect(created.status, created.text).toBe(201);
    const invoice = created.body;
    expect(invoice.id).toMatch(/^inv_/);
    expect(invoice).toMatchObject({
      number: null,
      status: 'draft',
      customer_id: customer.id,
      customer: {
        id: customer.id,
        name: 'Müller & Söhne GmbH',
        email: 'rechnung@mueller.example',
        tax_id: 'DE123456789',
        address: { line1: 'Hauptstraße 1', city: 'Berlin', postal_code: '10115', country: 'DE' },
      },
      currency: 'EUR',
      issue_date: null,
      due_date: null,
      prices_include_tax: false,
      allowances: [],
      charges: [],
      subtotal: '300.00',
      allowance_total: '0.00',
      charge_total: '0.00',
      tax_total: '57.00',
      taxes: [{ tax_rate_id: rate.id, category: 'S', percentage: '19', name: 'VAT 19%', exemption_reason: null, taxable_amount: '300.00', tax_amount: '57.00' }],
      total: '357.00',
      amount_paid: '0.00',
      amount_credited: '0.00',
      amount_due: '357.00',
      overdue: false,
      notes: 'Thank you',
      terms: null,
      finalized_at: null,
      paid_at: null,
      voided_at: null,
      uncollectible_at: null,
      created_at: '2026-11-23T10:00:00.000Z',
    });
    expect(invoice.lines).toEqual([
      {
        id: expect.stringMatching(/^lin_/),
        product_id: null,
        description: 'Consulting',
        quantity: '2',
        unit: 'hour',
        unit_code: null,
        unit_price: '150.00',
        base_quantity: '1',
        discount: null,
        tax_rate_id: rate.id,
        tax: { category: 'S', percentage: '19', name: 'VAT 19%', exemption_reason: null, exemption_reason_code: null },
        period_start: null,
        period_end: null,
        net_amount: '300.00',
      },
    ]);
    expect(invoice).not.toHaveProperty('organization_id');

    const read = await owner.get(`/api/v1/invoices/${invoice.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(invoice);

    // Drafts show the live customer.
    await owner.patch(`/api/v1/customers/${customer.id}`, { name: 'Müller & Töchter GmbH' });
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.customer.name).toBe('Müller & Töchter GmbH');

    const patched = await owner.patch(`/api/v1/invoices/${invoice.id}`, {
      issue_date: '2026-11-20',
      due_date: '2026-12-04',
      terms: 'Net 14',
      notes: null,
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ issue_date: '2026-11-20', due_date: '2026-12-04', terms: 'Net 14', notes: null, total: '357.00' });
    // Unchanged lines keep their ids.
    expect(patched.body.lines.map((l: { id: string }) => l.id)).toEqual(invoice.lines.map((l: { id: string }) => l.id));

    const replaced = await owner.patch(`/api/v1/invoices/${invoice.id}`, {
      lines: [
        { description: 'Design', quantity: 1, unit_price: '99.99' },
        { description: 'Travel', quantity: '0.5', unit_price: '80' },
      ],
    });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body.lines.map((l: { description: string; net_amount: string }) => [l.description, l.net_amount])).toEqual([
      ['Design', '99.99'],
      ['Travel', '40.00'],
    ]);
    expect(replaced.body).toMatchObject({ subtotal: '139.99', tax_total: '0.00', total: '139.99', amount_due: '139.99' });
    expect(replaced.body.taxes).toEqual([
      {
        tax_rate_id: null,
        category: 'O',
        percentage: '0',
        name: null,
        exemption_reason: 'Not subject to VAT',
        exemption_reason_code: null,
        taxable_amount: '139.99',
        tax_amount: '0.00',
      },
    ]);

    const deleted = await owner.delete(`/api/v1/invoices/${invoice.id}`);
    expect(deleted.status).toBe(204);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).status).toBe(404);
    const lines = await server.db.kysely.selectFrom('invoice_lines').select('id').where('invoice_id', '=', invoice.id).execute();
    expect(lines).toEqual([]);

    const audit = await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}`);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'invoice.deleted',
      'invoice.updated',
      'invoice.updated',
      'invoice.created',
    ]);
    expect(audit.body.data[1].before.total).toBe('357.00');
    expect(audit.body.data[1].after.total).toBe('139.99');
  });

  it('defaults the currency to the customer’s, then the organization’s', async () => {
    const usd = await createCustomer(owner, { currency: 'USD' });
    expect((await draftInvoice(owner, { customerId: usd.id })).currency).toBe('USD');
    expect((await draftInvoice(owner)).currency).toBe('EUR');
    expect((await draftInvoice(owner, { customerId: usd.id, currency: 'chf' })).currency).toBe('CHF');
  });

  it('fills a line from its product where the line leaves fields out', async () => {
    const rate = await createTaxRate(owner, { percentage: '7', name: 'Reduced' });
    const product = (
      await owner.post('/api/v1/products', { name: 'Handbook', description: 'Printed handbook, 2nd ed.', unit_price: '24.5', unit: 'piece', tax_rate_id: rate.id })
    ).body;
    const plain = (await owner.post('/api/v1/products', { name: 'Support hour', unit_price: '80' })).body;
    const invoice = await draftInvoice(owner, {
      lines: [
        { product_id: product.id, quantity: '2' },
        { product_id: product.id, quantity: 1, description: 'Handbook (signed)', unit_price: '30', unit: null, tax_rate_id: null },
        { product_id: plain.id, quantity: '1.25' },
      ],
    });
    expect(invoice.lines).toMatchObject([
      { product_id: product.id, description: 'Printed handbook, 2nd ed.', quantity: '2', unit_price: '24.50', unit: 'piece', tax_rate_id: rate.id, net_amount: '49.00' },
      { product_id: product.id, description: 'Handbook (signed)', quantity: '1', unit_price: '30.00', unit: null, tax_rate_id: null, net_amount: '30.00' },
      { product_id: plain.id, description: 'Support hour', quantity: '1.25', unit_price: '80.00', unit: null, tax_rate_id: null, net_amount: '100.00' },
    ]);
    expect(invoice.lines[0].tax).toEqual({ category: 'S', percentage: '7', name: 'Reduced', exemption_reason: null, exemption_reason_code: null });
    expect(invoice).toMatchObject({ subtotal: '179.00', tax_total: '3.43', total: '182.43' });
  });

  it('previews the document as HTML with its figures, a DRAFT mark, and every value escaped', async () => {
    const rate = await createTaxRate(owner, { percentage: '19', name: 'VAT <19%>' });
    const exempt = await createTaxRate(owner, { percentage: '0', category: 'E', name: 'Exempt', exemption_reason: 'Art. 132 "medical" & care' });
    const customer = await createCustomer(owner, { name: '<script>alert(1)</script>', email: 'x@example.com' });
    const draft = await draftInvoice(owner, {
      customerId: customer.id,
      lines: [
        { description: '<img src=x onerror=alert(2)>', quantity: '3', unit_price: '10.00', tax_rate_id: rate.id, discount: '10%' },
        { description: 'Therapy', quantity: '1', unit_price: '50', tax_rate_id: exempt.id },
      ],
      charges: [{ reason: 'Shipping & handling', amount: '4.90', tax_rate_id: rate.id }],
      notes: "Pay by <b>Friday</b>, it's due",
    });
    const preview = await owner.get(`/api/v1/invoices/${draft.id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = preview.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('unsafe-inline');
    const html = preview.text;
    // The page's one inline style is allowed by its hash, and nothing else.
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(csp).toContain(`style-src 'sha256-${crypto.createHash('sha256').update(style).digest('base64')}'`);
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('Art. 132 &quot;medical&quot; &amp; care');
    expect(html).toContain('VAT &lt;19%&gt;');
    expect(html).toContain('Pay by &lt;b&gt;Friday&lt;/b&gt;, it&#39;s due');
    expect(html).toContain('DRAFT');
    expect(html).toContain('Acme GmbH');
    // 27.00 + 50.00 + 4.90 shipping; tax 19% of 31.90 = 6.06; total 87.96
    expect(draft).toMatchObject({ subtotal: '77.00', charge_total: '4.90', tax_total: '6.06', total: '87.96' });
    for (const figure of ['27.00', '50.00', '4.90', '31.90', '6.06', '€87.96', '10.00', '10%']) expect(html, figure).toContain(figure);

    const issued = await owner.post(`/api/v1/invoices/${draft.id}/finalize`);
    expect(issued.status, issued.text).toBe(200);
    const final = await owner.get(`/api/v1/invoices/${draft.id}/preview`);
    expect(final.text).toContain(issued.body.number);
    expect(final.text).not.toContain('DRAFT');
    expect(final.text).toContain('€87.96');
    await owner.post(`/api/v1/invoices/${draft.id}/void`);
    expect((await owner.get(`/api/v1/invoices/${draft.id}/preview`)).text).toContain('VOID');
  });

  it('filters the list by status, customer, overdue, number or customer name, and issue dates', async () => {
    // Its own organization, so its own number series: these invoices are dated back, and issue
    // dates never go backwards within a series.
    const books = await secondOrganization(owner, 'Filters Books Ltd');
    const other = await secondOrganization(owner, 'Filters Other Ltd');
    await draftInvoice(other, { customer: { name: 'Zebra 100%_Corp' } });
    const zebra = await createCustomer(books, { name: 'Zebra 100%_Corp', payment_terms_days: 10 });
    const yak = await createCustomer(books, { name: 'Yak Industries' });
    const draft = await draftInvoice(books, { customerId: zebra.id });
    const open = await finalizedInvoice(books, { customerId: zebra.id, issue_date: '2026-10-01' });
    const recent = await finalizedInvoice(books, { customerId: yak.id, issue_date: '2026-11-20', due_date: '2026-11-25' });
    const voided = await finalizedInvoice(books, { customerId: yak.id, issue_date: '2026-11-21', due_date: '2026-11-22' });
    expect((await books.post(`/api/v1/invoices/${voided.id}/void`)).status).toBe(200);
    const mine = [draft.id, open.id, recent.id, voided.id];

    const ids = async (query: string) => {
      const response = await books.get(`/api/v1/invoices?${query}`);
      expect(response.status, response.text).toBe(200);
      return (response.body.data as { id: string }[]).map((i) => i.id).filter((id) => mine.includes(id));
    };
    expect(await ids('')).toEqual([voided.id, recent.id, open.id, draft.id]);
    expect(await ids('status=draft')).toEqual([draft.id]);
    expect(await ids('status=open,void')).toEqual([voided.id, recent.id, open.id]);
    expect(await ids(`customer_id=${zebra.id}`)).toEqual([open.id, draft.id]);
    expect(await ids(`q=${encodeURIComponent('100%_')}`)).toEqual([open.id, draft.id]);
    expect(await ids('q=YAK')).toEqual([voided.id, recent.id]);
    expect(await ids(`q=${encodeURIComponent(recent.number)}`)).toEqual([recent.id]);
    expect(await ids('from=2026-10-01&to=2026-11-19')).toEqual([open.id]);
    expect(await ids('from=2026-09-01')).toEqual([voided.id, recent.id, open.id]);
    // Due 2026-10-11 (10 days' terms): overdue today; the voided one owes nothing.
    expect(open.due_date).toBe('2026-10-11');
    expect(await ids('overdue=true')).toEqual([open.id]);
    expect(await ids('overdue=false')).toEqual([voided.id, recent.id, draft.id]);
    const listed = (await books.get(`/api/v1/invoices?customer_id=${zebra.id}`)).body.data[0];
    expect(listed).toMatchObject({ id: open.id, overdue: true, total: '100.00', amount_due: '100.00', customer: { name: 'Zebra 100%_Corp' } });
    expect(listed).not.toHaveProperty('lines');

    // Recent is due 2026-11-25: not overdue on that day, overdue the day after.
    server.clock.set('2026-11-25T23:59:59Z');
    expect(await ids('overdue=true')).toEqual([open.id]);
    server.clock.set('2026-11-26T00:00:00Z');
    try {
      expect(await ids('overdue=true')).toEqual([recent.id, open.id]);
      expect((await books.get(`/api/v1/invoices/${recent.id}`)).body.overdue).toBe(true);
    } finally {
      server.clock.set('2026-11-23T10:00:00Z');
    }

    for (const bad of ['status=paid,nope', 'from=2026-02-30', 'overdue=yes', 'limit=201', 'cursor=abc']) {
      const response = await books.get(`/api/v1/invoices?${bad}`);
      expect(response.status, bad).toBe(422);
      expect(response.body.errors[0].path, bad).toBe(bad.split('=')[0]);
    }
  });

  it('paginates newest first without repeats or gaps', async () => {
    const customer = await createCustomer(owner, { name: 'Paged Customer' });
    const created: string[] = [];
    for (let i = 0; i < 7; i += 1) created.push((await draftInvoice(owner, { customerId: customer.id })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await owner.get(`/api/v1/invoices?customer_id=${customer.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.data.map((i: { id: string }) => i.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
  });

  it('answers 404 for another organization’s invoice on every route, and changes nothing', async () => {
    const other = await secondOrganization(owner, 'Isolation Other Ltd');
    const theirs = await draftInvoice(other, { customer: { name: 'Their Secret Customer' } });
    const theirsOpen = await finalizedInvoice(other);
    await expectUnchanged(server, async () => {
      for (const id of [theirs.id, theirsOpen.id, 'inv_doesnotexist']) {
        const responses = [
          await owner.get(`/api/v1/invoices/${id}`),
          await owner.patch(`/api/v1/invoices/${id}`, { notes: 'mine now' }),
          await owner.delete(`/api/v1/invoices/${id}`),
          await owner.get(`/api/v1/invoices/${id}/preview`),
          await owner.post(`/api/v1/invoices/${id}/finalize`),
          await owner.post(`/api/v1/invoices/${id}/void`),
          await owner.post(`/api/v1/invoices/${id}/mark-uncollectible`),
        ];
        for (const response of responses) {
          expect(response.status, response.text).toBe(404);
          expect(response.text).not.toContain('Their Secret Customer');
        }
      }
      const list = await owner.get('/api/v1/invoices?q=Their%20Secret');
      expect(list.body.data).toEqual([]);
    });
  });
});
