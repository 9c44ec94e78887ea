/**
 * Quotes on both databases: draft → finalize (QUO-… number) → accept (API and the customer's
 * page, with name, time and address) → convert into an invoice equal to the quote (lines,
 * discounts, allowances, charges, taxes, totals), once (a second convert: 409 naming the
 * invoice); decline; expiry (an open quote past its date reads as expired and refuses to be
 * accepted); bad input → 422 naming the field; another organization's quote → 404; events.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, unique, userWithRole } from '../support/factories.ts';
import { createTaxRate } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { pdfText, popplerInstalled } from '../support/pdf-text.ts';

describeEachDb('quotes', (kind) => {
  let server: TestServer;
  let owner: Client;
  let customer: any;
  let product: any;
  let standard: any;
  let reduced: any;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    customer = await createCustomer(owner, { name: 'Quote Customer', language: 'de' });
    standard = await createTaxRate(owner, { percentage: '19' });
    reduced = await createTaxRate(owner, { percentage: '7' });
    const created = await owner.post('/api/v1/products', { name: unique('Brochure'), unit_price: '2.50', unit: 'piece', tax_rate_id: reduced.id });
    expect(created.status, created.text).toBe(201);
    product = created.body;
  });
  afterAll(() => server.close());

  const body = (fields: Record<string, unknown> = {}) => ({
    customer_id: customer.id,
    currency: 'EUR',
    expiry_date: '2026-12-31',
    lines: [
      { product_id: product.id, quantity: '120', discount: '5%' },
      { description: 'Design work', quantity: '7.5', unit_price: '85.00', unit: 'hour', tax_rate_id: standard.id, discount: '10.00' },
      { description: 'Shipping', quantity: '1', unit_price: '4.90', tax_rate_id: standard.id },
    ],
    allowances: [{ reason: 'Loyalty', amount: '3%', tax_rate_id: standard.id }],
    charges: [{ reason: 'Packaging', amount: '6.00', tax_rate_id: reduced.id }],
    notes: 'Thank you for your interest.',
    terms: 'Valid for the date shown.',
    ...fields,
  });

  async function openQuote(fields: Record<string, unknown> = {}): Promise<any> {
    const created = await owner.post('/api/v1/quotes', body(fields));
    expect(created.status, created.text).toBe(201);
    const finalized = await owner.post(`/api/v1/quotes/${created.body.id}/finalize`);
    expect(finalized.status, finalized.text).toBe(200);
    return finalized.body;
  }

  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

  it('goes draft → open → accepted → invoiced, the invoice equal to the quote, once', async () => {
    const created = await owner.post('/api/v1/quotes', body());
    expect(created.status, created.text).toBe(201);
    const draft = created.body;
    expect(draft).toMatchObject({ status: 'draft', number: null, expiry_date: '2026-12-31', public_url: null, invoice_id: null });
    expect(draft.lines).toHaveLength(3);
    expect(draft.allowances[0]).toMatchObject({ reason: 'Loyalty', percentage: '3' });
    expect(draft.total).not.toBe('0.00');

    // Draft changes, reads and lists.
    const patched = await owner.patch(`/api/v1/quotes/${draft.id}`, { notes: 'Updated notes' });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.notes).toBe('Updated notes');
    expect(patched.body.total).toBe(draft.total);
    const listed = await owner.get(`/api/v1/quotes?status=draft&customer_id=${customer.id}`);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.data.map((q: any) => q.id)).toContain(draft.id);

    const finalized = await owner.post(`/api/v1/quotes/${draft.id}/finalize`);
    expect(finalized.status, finalized.text).toBe(200);
    const open = finalized.body;
    expect(open.status).toBe('open');
    expect(open.number).toMatch(/^QUO-2026-\d{5}$/);
    expect(open.issue_date).toBe('2026-11-23');
    expect(open.public_url).toMatch(new RegExp(`^${server.url.replaceAll('.', '\\.')}/p/[A-Za-z0-9_-]{43}$`));
    // A finalized quote is no longer editable.
    expect((await owner.patch(`/api/v1/quotes/${draft.id}`, { notes: 'x' })).status).toBe(409);
    expect((await owner.request('DELETE', `/api/v1/quotes/${draft.id}`)).status).toBe(409);

    const accepted = await owner.post(`/api/v1/quotes/${open.id}/accept`, { name: 'Erika Mustermann' });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', accepted_name: 'Erika Mustermann', accepted_at: '2026-11-23T10:00:00.000Z' });
    expect(accepted.body.accepted_ip).toMatch(/127\.0\.0\.1/);
    // Answered once.
    expect((await owner.post(`/api/v1/quotes/${open.id}/decline`, {})).status).toBe(409);

    const converted = await owner.post(`/api/v1/quotes/${open.id}/convert`);
    expect(converted.status, converted.text).toBe(201);
    expect(converted.body.status).toBe('invoiced');
    const invoiceId = converted.body.invoice_id;
    expect(invoiceId).toMatch(/^inv_/);
    const invoice = (await owner.get(`/api/v1/invoices/${invoiceId}`)).body;
    expect(invoice.status).toBe('draft');
    expect(invoice.customer_id).toBe(customer.id);
    expect(invoice.currency).toBe('EUR');
    expect(invoice.notes).toBe('Updated notes');
    const withoutIds = (parts: any[]) => parts.map(({ id: _id, ...rest }: any) => rest);
    const lineFields = (lines: any[]) => withoutIds(lines).map(({ period_start: _s, period_end: _e, ...rest }: any) => rest);
    expect(lineFields(invoice.lines)).toEqual(lineFields(open.lines));
    expect(withoutIds(invoice.allowances)).toEqual(withoutIds(open.allowances));
    expect(withoutIds(invoice.charges)).toEqual(withoutIds(open.charges));
    expect(invoice.taxes).toEqual(open.taxes);
    for (const field of ['subtotal', 'allowance_total', 'charge_total', 'tax_total', 'total']) expect(invoice[field], field).toBe(open[field]);

    // Once: the second call names the invoice.
    const again = await owner.post(`/api/v1/quotes/${open.id}/convert`);
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ path: 'invoice_id', message: invoiceId }]);
    expect(again.body.detail).toContain(invoiceId);
    const invoices = (await owner.get(`/api/v1/invoices?customer_id=${customer.id}`)).body.data;
    expect(invoices.filter((i: any) => i.id === invoiceId)).toHaveLength(1);
    expect(invoices).toHaveLength(1);

    // Events: public and audited.
    const events = ((await owner.get('/api/v1/events?limit=100')).body.data as any[]).filter((e) => e.data.object?.id === open.id);
    expect(events.map((e) => e.type).sort()).toEqual(['quote.accepted', 'quote.converted', 'quote.created', 'quote.finalized', 'quote.updated']);
    const audit = await owner.get('/api/v1/audit-events?limit=200');
    expect(audit.status, audit.text).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('quote.converted');
  });

  it('converts once when two requests race', async () => {
    const open = await openQuote();
    const [a, b] = await Promise.all([owner.post(`/api/v1/quotes/${open.id}/convert`), owner.post(`/api/v1/quotes/${open.id}/convert`)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const winner = a.status === 201 ? a : b;
    const loser = a.status === 201 ? b : a;
    expect(loser.body.errors).toEqual([{ path: 'invoice_id', message: winner.body.invoice_id }]);
    const invoices = (await owner.get(`/api/v1/invoices?customer_id=${customer.id}&limit=200`)).body.data as any[];
    expect(invoices.filter((i) => i.total === open.total && i.status === 'draft').map((i) => i.id)).toContain(winner.body.invoice_id);
    const created = ((await owner.get('/api/v1/events?limit=100')).body.data as any[]).filter((e) => e.type === 'quote.converted' && e.data.object?.id === open.id);
    expect(created).toHaveLength(1);
  });

  it('declines with a reason; a declined quote cannot be accepted or converted', async () => {
    const open = await openQuote();
    const declined = await owner.post(`/api/v1/quotes/${open.id}/decline`, { reason: 'Too expensive' });
    expect(declined.status, declined.text).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', decline_reason: 'Too expensive', declined_at: '2026-11-23T10:00:00.000Z' });
    expect((await owner.post(`/api/v1/quotes/${open.id}/accept`, { name: 'Late' })).status).toBe(409);
    expect((await owner.post(`/api/v1/quotes/${open.id}/convert`)).status).toBe(409);
    expect((await owner.get(`/api/v1/quotes?status=declined`)).body.data.map((q: any) => q.id)).toContain(open.id);
    // No body at all: declined without a reason.
    const other = await openQuote();
    const bare = await owner.post(`/api/v1/quotes/${other.id}/decline`);
    expect(bare.status, bare.text).toBe(200);
    expect(bare.body).toMatchObject({ status: 'declined', decline_reason: null });
  });

  it('the customer page shows Accept and Decline and records name, time and address', async () => {
    const open = await openQuote();
    const token = tokenOf(open.public_url);
    const page = await fetch(`${server.url}/p/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    // The customer reads German.
    expect(html).toContain(`Angebot ${open.number}`);
    expect(html).toContain(`action="/p/${token}/accept"`);
    expect(html).toContain(`action="/p/${token}/decline"`);
    expect(html).toContain('Annehmen');
    expect(html).toContain('Ablehnen');
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    // Its PDF, from the page.
    expect(html).toContain(`href="/p/${token}/pdf"`);
    const pdf = await fetch(`${server.url}/p/${token}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain(`Quote-${open.number}.pdf`);

    // No name: nothing recorded.
    const empty = await fetch(`${server.url}/p/${token}/accept`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=', redirect: 'manual' });
    expect(empty.status).toBe(422);
    expect((await owner.get(`/api/v1/quotes/${open.id}`)).body.status).toBe('open');

    const accept = await fetch(`${server.url}/p/${token}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Max Müller <script>' }).toString(),
      redirect: 'manual',
    });
    expect(accept.status).toBe(303);
    expect(accept.headers.get('location')).toBe(`/p/${token}`);
    const read = (await owner.get(`/api/v1/quotes/${open.id}`)).body;
    expect(read).toMatchObject({ status: 'accepted', accepted_name: 'Max Müller <script>', accepted_at: '2026-11-23T10:00:00.000Z' });
    expect(read.accepted_ip).toMatch(/127\.0\.0\.1/);
    const after = await (await fetch(`${server.url}/p/${token}`)).text();
    expect(after).toContain('Angenommen von Max Müller &lt;script&gt;');
    expect(after).not.toContain('<script>');
    expect(after).not.toContain(`action="/p/${token}/accept"`);
    // Answered: a second answer is refused with a page, not a change.
    const twice = await fetch(`${server.url}/p/${token}/decline`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'reason=no', redirect: 'manual' });
    expect(twice.status).toBe(409);
    expect((await owner.get(`/api/v1/quotes/${open.id}`)).body.status).toBe('accepted');

    // The customer can decline another quote on its page.
    const other = await openQuote();
    const decline = await fetch(`${server.url}/p/${tokenOf(other.public_url)}/decline`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reason=Not+now',
      redirect: 'manual',
    });
    expect(decline.status).toBe(303);
    expect((await owner.get(`/api/v1/quotes/${other.id}`)).body).toMatchObject({ status: 'declined', decline_reason: 'Not now' });

    // Hostile names are refused at the form, nothing recorded.
    const third = await openQuote();
    const thirdToken = tokenOf(third.public_url);
    for (const name of ['x'.repeat(201), 'Bad\u0007Bell', '   ']) {
      const refused = await fetch(`${server.url}/p/${thirdToken}/accept`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ name }).toString(), redirect: 'manual' });
      expect(refused.status, name).toBe(422);
    }
    const asJson = await fetch(`${server.url}/p/${thirdToken}/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: { $ne: 1 } }), redirect: 'manual' });
    expect(asJson.status).toBe(422);
    expect((await owner.get(`/api/v1/quotes/${third.id}`)).body.status).toBe('open');

    // Unknown tokens: the same bare 404.
    expect((await fetch(`${server.url}/p/${'Q'.repeat(43)}/accept`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x' })).status).toBe(404);
  });

  it('refuses bad input with 422 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ expiry_date: '2026-13-45' }, 'expiry_date'],
      [{ expiry_date: 42 }, 'expiry_date'],
      [{ customer_id: 'cus_nope' }, 'customer_id'],
      [{ lines: [{ description: 'x', quantity: 'lots', unit_price: '1' }] }, 'lines.0.quantity'],
      [{ lines: [{ description: 'x', quantity: '1', unit_price: '1', tax_rate_id: 'txr_nope' }] }, 'lines.0.tax_rate_id'],
      [{ issue_date: '2026-12-01', expiry_date: '2026-11-01' }, 'expiry_date'],
      [{ currency: 'XXXX' }, 'currency'],
      [{ surprise: true }, 'surprise'],
    ];
    for (const [fields, path] of cases) {
      const response = await owner.post('/api/v1/quotes', body(fields));
      expect(response.status, `${path}: ${response.text}`).toBe(422);
      expect(JSON.stringify(response.body.errors ?? response.body.detail), path).toContain(path);
    }
    const open = await openQuote();
    const noName = await owner.post(`/api/v1/quotes/${open.id}/accept`, { name: '' });
    expect(noName.status).toBe(422);
    expect(noName.body.errors[0].path).toBe('name');
    expect((await owner.post(`/api/v1/quotes/${open.id}/accept`, { name: 12 })).status).toBe(422);
    expect((await owner.get('/api/v1/quotes?status=bogus')).status).toBe(422);
    expect((await owner.post('/api/v1/quotes', '{not json')).status).toBe(400);
  });

  it("another organization's quotes are 404; viewers cannot change quotes", async () => {
    const open = await openQuote();
    const other = await secondOrganization(owner, 'Quote Rival');
    expect((await other.get(`/api/v1/quotes/${open.id}`)).status).toBe(404);
    expect((await other.post(`/api/v1/quotes/${open.id}/accept`, { name: 'Mallory' })).status).toBe(404);
    expect((await other.post(`/api/v1/quotes/${open.id}/convert`)).status).toBe(404);
    expect((await other.post(`/api/v1/quotes/${open.id}/duplicate`)).status).toBe(404);
    expect((await other.get('/api/v1/quotes')).body.data).toEqual([]);
    const viewer = await userWithRole(owner, 'viewer');
    expect((await viewer.get(`/api/v1/quotes/${open.id}`)).status).toBe(200);
    expect((await viewer.post(`/api/v1/quotes/${open.id}/accept`, { name: 'V' })).status).toBe(403);
  });

  it('duplicates a quote into a new draft with the same content', async () => {
    const open = await openQuote();
    const copy = await owner.post(`/api/v1/quotes/${open.id}/duplicate`);
    expect(copy.status, copy.text).toBe(201);
    expect(copy.body).toMatchObject({ status: 'draft', number: null, issue_date: null, expiry_date: null, total: open.total, subtotal: open.subtotal });
    expect(copy.body.lines.map((l: any) => l.net_amount)).toEqual(open.lines.map((l: any) => l.net_amount));
    const deleted = await owner.request('DELETE', `/api/v1/quotes/${copy.body.id}`);
    expect(deleted.status).toBe(204);
    expect((await owner.get(`/api/v1/quotes/${copy.body.id}`)).status).toBe(404);
  });

  it('prints the quote as a PDF and e-mails its page link in the customer language', async () => {
    const open = await openQuote();
    const pdf = await fetch(`${server.url}/api/v1/quotes/${open.id}/pdf`, { headers: { cookie: owner.cookie ?? '' } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain(`Quote-${open.number}.pdf`);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    if (popplerInstalled) {
      // In the customer's language (German), addressed as a quote, not as an invoice.
      const text = pdfText(bytes);
      expect(text).toMatch(new RegExp(`Angebot\\s+${open.number}`));
      expect(text).toMatch(/Angebot für/i);
      expect(text).not.toMatch(/Rechnung an/i);
    }

    const sent = await owner.post(`/api/v1/quotes/${open.id}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ sent_to: 'billing@example.com', status: 'open' });
    const messages = (await owner.get('/api/v1/emails?limit=50')).body.data as any[];
    const message = messages.find((m) => m.subject.includes(open.number));
    expect(message, JSON.stringify(messages.map((m) => m.subject))).toBeDefined();
    expect(message.subject).toContain('Angebot');
    expect(message.to).toBe('billing@example.com');
    const full = (await owner.get(`/api/v1/emails/${message.id}`)).body;
    expect(JSON.stringify(full)).toContain(open.public_url);
    // A draft is not sent; a bad address names the field.
    const draft = (await owner.post('/api/v1/quotes', body())).body;
    expect((await owner.post(`/api/v1/quotes/${draft.id}/send`, {})).status).toBe(409);
    const bad = await owner.post(`/api/v1/quotes/${open.id}/send`, { to: 'not-an-address' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('to');
  });

  it("erasing the customer closes its quote pages and clears the answers; deleting it deletes its quotes", async () => {
    const erased = await createCustomer(owner, { name: 'Erase Me' });
    const open = await openQuote({ customer_id: erased.id });
    const token = tokenOf(open.public_url);
    expect((await owner.post(`/api/v1/quotes/${open.id}/accept`, { name: 'Private Person' })).status).toBe(200);
    expect((await fetch(`${server.url}/p/${token}`)).status).toBe(200);
    const anonymized = await owner.post(`/api/v1/customers/${erased.id}/anonymize`);
    expect(anonymized.status, anonymized.text).toBe(200);
    expect((await fetch(`${server.url}/p/${token}`)).status).toBe(404);
    const read = (await owner.get(`/api/v1/quotes/${open.id}`)).body;
    expect(read).toMatchObject({ status: 'accepted', accepted_name: null, accepted_ip: null, public_url: null });
    expect(read.accepted_at).not.toBeNull();
    // The audit log and the stored events about the quote keep no trace of the names.
    const audit = JSON.stringify((await owner.get('/api/v1/audit-events?limit=200')).body);
    expect(audit).toContain('quote.accepted');
    expect(audit).not.toContain('Private Person');
    expect(audit).not.toContain('Erase Me');
    const events = JSON.stringify((await owner.get('/api/v1/events?limit=100')).body);
    expect(events).not.toContain('Private Person');

    const leaving = await createCustomer(owner, { name: 'Leaving' });
    const draft = (await owner.post('/api/v1/quotes', body({ customer_id: leaving.id }))).body;
    const deleted = await owner.request('DELETE', `/api/v1/customers/${leaving.id}`);
    expect(deleted.status, deleted.text).toBe(204);
    expect((await owner.get(`/api/v1/quotes/${draft.id}`)).status).toBe(404);
  });

  // Last: moves the clock.
  it('an open quote past its expiry date reads as expired and cannot be accepted or converted', async () => {
    const open = await openQuote({ expiry_date: '2026-11-30' });
    const token = tokenOf(open.public_url);
    server.clock.advance(8 * 24 * 3600 * 1000);
    const read = (await owner.get(`/api/v1/quotes/${open.id}`)).body;
    expect(read.status).toBe('expired');
    expect((await owner.get('/api/v1/quotes?status=expired')).body.data.map((q: any) => q.id)).toContain(open.id);
    expect((await owner.get('/api/v1/quotes?status=open')).body.data.map((q: any) => q.id)).not.toContain(open.id);
    const accept = await owner.post(`/api/v1/quotes/${open.id}/accept`, { name: 'Too Late' });
    expect(accept.status).toBe(409);
    expect(accept.body.detail).toContain('expired');
    expect((await owner.post(`/api/v1/quotes/${open.id}/convert`)).status).toBe(409);
    const page = await (await fetch(`${server.url}/p/${token}`)).text();
    expect(page).toContain('abgelaufen');
    expect(page).not.toContain(`action="/p/${token}/accept"`);
  });
});
