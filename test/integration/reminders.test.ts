/**
 * Payment reminders and late fees, driven by the test clock and delivered to a real SMTP
 * server, on both databases: each step exactly once, none after payment, void or credit,
 * pause and opt-out respected, catching up sends only the latest due step, "Send reminder
 * now", late-fee invoices once with exact amounts, and bad settings named by field.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner, unique, userWithRole } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';

const PUBLIC_URL = 'https://billing.example.com';
const LINK = /https:\/\/billing\.example\.com\/p\/[A-Za-z0-9_-]{43}/;

describeEachDb('payment reminders and late fees', (kind) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let owner: Client;
  let vat: any;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { env: { SETTLE_TEST_CLOCK: 'true', SMTP_URL: smtp.url, PUBLIC_URL } });
    owner = await setupOwner(server.url);
    expect((await owner.patch('/api/v1/organization', { time_zone: 'Europe/Berlin' })).status).toBe(200);
    vat = await createTaxRate(owner, { name: 'VAT 19%', category: 'S', percentage: '19' });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });

  async function advance(now: string): Promise<void> {
    const moved = await owner.post('/api/v1/test-clock', { now });
    expect(moved.status, moved.text).toBe(200);
    await drained();
  }

  /**
   * Waits until the background job worker has delivered every reminder. (Not runDueJobs: the
   * job leases run on the business clock, so a second runner after a jump of the test clock
   * would take over a delivery still in flight.)
   */
  async function drained(): Promise<void> {
    await expect
      .poll(async () => {
        const queued = await owner.get('/api/v1/emails?status=queued');
        const sending = await owner.get('/api/v1/emails?status=sending');
        return queued.body.data.length + sending.body.data.length;
      }, { timeout: 15_000, interval: 50 })
      .toBe(0);
  }

  async function settings(body: Record<string, unknown>): Promise<any> {
    const response = await owner.request('PUT', '/api/v1/organization/reminders', body);
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  async function remindersOf(invoiceId: string): Promise<any> {
    const response = await owner.get(`/api/v1/invoices/${invoiceId}/reminders`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  const mailsTo = (address: string) => smtp.received.filter((m) => m.rcptTo.includes(address));
  const steps = (...days: number[]) => days.map((d) => ({ days_relative_to_due: d }));

  async function openInvoice(fields: { email?: string | null; issue: string; due: string; customer?: Record<string, unknown>; lines?: any[] }): Promise<{ invoice: any; email: string }> {
    const email = fields.email === null ? null : (fields.email ?? `${unique('ap')}@customer.example`);
    const customer = await createCustomer(owner, { name: unique('Customer'), email, ...fields.customer });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id, issue_date: fields.issue, due_date: fields.due, ...(fields.lines ? { lines: fields.lines } : {}) });
    return { invoice, email: email ?? '' };
  }

  it('starts disabled with suggested steps and refuses bad settings naming the field', async () => {
    const initial = await owner.get('/api/v1/organization/reminders');
    expect(initial.status, initial.text).toBe(200);
    expect(initial.body).toMatchObject({ enabled: false, late_fee: null, updated_at: null, languages: ['en', 'de', 'fr', 'es'] });
    expect(initial.body.steps.map((s: any) => s.days_relative_to_due)).toEqual([-3, 0, 7, 14, 30]);
    expect(initial.body.default_templates.overdue.de.subject).toContain('{invoice_number}');

    const bad = async (body: unknown, path: string) => {
      const response = await owner.request('PUT', '/api/v1/organization/reminders', body);
      expect(response.status, response.text).toBeGreaterThanOrEqual(400);
      expect(response.status, response.text).toBeLessThan(500);
      expect(response.body.errors?.map((e: any) => e.path), response.text).toContain(path);
    };
    await bad({ enabled: true, steps: steps(0, 7, 7), late_fee: null }, 'steps.2.days_relative_to_due');
    await bad({ enabled: true, steps: steps(0, 9999), late_fee: null }, 'steps.1.days_relative_to_due');
    await bad({ enabled: true, steps: [{ days_relative_to_due: 1.5 }], late_fee: null }, 'steps.0.days_relative_to_due');
    await bad({ enabled: true, steps: [{ days_relative_to_due: 3, template: { de: { subject: 'Hallo {nope}' } } }], late_fee: null }, 'steps.0.template.de.subject');
    await bad({ enabled: true, steps: [{ days_relative_to_due: 3, template: { xx: { subject: 'Hi' } } }], late_fee: null }, 'steps.0.template');
    await bad({ enabled: true, steps: steps(7), late_fee: { type: 'fixed', days_relative_to_due: 7 } }, 'late_fee.amount');
    await bad({ enabled: true, steps: steps(7), late_fee: { type: 'percentage', percent: '101', days_relative_to_due: 7 } }, 'late_fee.percent');
    await bad({ enabled: true, steps: steps(7), late_fee: { type: 'fixed', amount: '-5', days_relative_to_due: 7 } }, 'late_fee.amount');
    await bad({ enabled: true, steps: steps(7), late_fee: { type: 'fixed', amount: '5', days_relative_to_due: 14 } }, 'late_fee.days_relative_to_due');
    await bad({ enabled: true, steps: steps(7), late_fee: { type: 'fixed', amount: '5', days_relative_to_due: 7, tax_rate_id: 'txr_nope' } }, 'late_fee.tax_rate_id');
    await bad({ enabled: 'yes', steps: [], late_fee: null }, 'enabled');
    await bad({ enabled: true, steps: [], late_fee: null, extra: 1 }, 'body');
    const still = await owner.get('/api/v1/organization/reminders');
    expect(still.body.updated_at).toBeNull();

    const accountant = await userWithRole(owner, 'accountant');
    expect((await accountant.get('/api/v1/organization/reminders')).status).toBe(200);
    expect((await accountant.request('PUT', '/api/v1/organization/reminders', { enabled: false, steps: [], late_fee: null })).status).toBe(403);
  });

  it('sends each step exactly once, in the customer language, with the PDF and the pay link', async () => {
    await advance('2026-11-24T09:00:00Z');
    await settings({ enabled: true, steps: [{ days_relative_to_due: -3 }, { days_relative_to_due: 0 }, { days_relative_to_due: 7, template: { de: { subject: 'Letzte Erinnerung: {invoice_number}' } } }], late_fee: null });
    const { invoice, email } = await openInvoice({ issue: '2026-11-24', due: '2026-12-10', customer: { language: 'de' } });

    await advance('2026-12-06T12:00:00Z');
    expect(mailsTo(email)).toHaveLength(0);
    await advance('2026-12-07T12:00:00Z');
    expect(mailsTo(email)).toHaveLength(1);
    await advance('2026-12-31T12:00:00Z');
    await advance('2027-01-15T12:00:00Z');
    const mails = mailsTo(email);
    expect(mails).toHaveLength(3);
    expect(mails[0]?.mail.subject).toBe(`Erinnerung: Rechnung ${invoice.number} ist am 10.12.2026 fällig`);
    expect(mails[2]?.mail.subject).toBe(`Letzte Erinnerung: ${invoice.number}`);
    for (const mail of mails) {
      expect(mail.mail.text).toMatch(LINK);
      expect(mail.mail.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    }
    const state = await remindersOf(invoice.id);
    expect(state.reminders.map((r: any) => [r.step, r.status, r.recipient])).toEqual([
      [-3, 'sent', email],
      [0, 'sent', email],
      [7, 'sent', email],
    ]);
    // The invoice's history shows each reminder.
    const audit = await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.reminder_sent`);
    expect(audit.body.data).toHaveLength(3);
    expect(audit.body.data.map((e: any) => e.after.step).sort()).toEqual([-3, 0, 7]);
    const events = await owner.get(`/api/v1/events?type=invoice.reminder_sent`);
    expect(events.status, events.text).toBe(200);
  });

  it('stops the moment the invoice is paid, voided or credited', async () => {
    await settings({ enabled: true, steps: steps(0, 7, 14), late_fee: null });
    const paid = await openInvoice({ issue: '2027-01-15', due: '2027-01-20' });
    const voided = await openInvoice({ issue: '2027-01-15', due: '2027-01-20' });
    const credited = await openInvoice({ issue: '2027-01-15', due: '2027-01-20' });
    await advance('2027-01-20T12:00:00Z');
    for (const { email } of [paid, voided, credited]) expect(mailsTo(email)).toHaveLength(1);

    const payment = await owner.post('/api/v1/payments', { invoice_id: paid.invoice.id, amount: '100.00', date: '2027-01-20', method: 'bank_transfer' });
    expect(payment.status, payment.text).toBe(201);
    expect((await owner.post(`/api/v1/invoices/${voided.invoice.id}/void`)).status).toBe(200);
    const note = await owner.post(`/api/v1/invoices/${credited.invoice.id}/credit-notes`, { amount: '100.00', reason: 'Returned' });
    expect(note.status, note.text).toBe(201);

    await advance('2027-02-28T12:00:00Z');
    for (const { email, invoice } of [paid, voided, credited]) {
      expect(mailsTo(email)).toHaveLength(1);
      expect((await remindersOf(invoice.id)).reminders).toHaveLength(1);
    }
    const send = await owner.post(`/api/v1/invoices/${paid.invoice.id}/send-reminder`);
    expect(send.status, send.text).toBe(409);
  });

  it('respects the opt-out, missing addresses and a pause; resuming sends only the latest due step', async () => {
    await settings({ enabled: true, steps: steps(0, 7, 14), late_fee: null });
    const optedOut = await openInvoice({ issue: '2027-02-28', due: '2027-03-05', customer: { reminders_enabled: false } });
    expect(optedOut.invoice.customer_id).toBeTruthy();
    expect((await owner.get(`/api/v1/customers/${optedOut.invoice.customer_id}`)).body.reminders_enabled).toBe(false);
    const noAddress = await openInvoice({ issue: '2027-02-28', due: '2027-03-05', email: null });
    const paused = await openInvoice({ issue: '2027-02-28', due: '2027-03-05' });
    const pause = await owner.post(`/api/v1/invoices/${paused.invoice.id}/reminders/pause`);
    expect(pause.status, pause.text).toBe(200);
    expect(pause.body).toMatchObject({ paused: true });

    await advance('2027-03-25T12:00:00Z');
    expect(mailsTo(optedOut.email)).toHaveLength(0);
    expect((await remindersOf(noAddress.invoice.id)).reminders).toHaveLength(0);
    expect(mailsTo(paused.email)).toHaveLength(0);

    const resumed = await owner.post(`/api/v1/invoices/${paused.invoice.id}/reminders/resume`);
    expect(resumed.status, resumed.text).toBe(200);
    await advance('2027-03-25T13:00:00Z');
    expect(mailsTo(paused.email)).toHaveLength(1);
    const state = await remindersOf(paused.invoice.id);
    expect(state.paused).toBe(false);
    expect(state.reminders.map((r: any) => [r.step, r.status])).toEqual([
      [0, 'skipped'],
      [7, 'skipped'],
      [14, 'sent'],
    ]);
    const history = await owner.get(`/api/v1/audit-events?resource_id=${paused.invoice.id}`);
    expect(history.body.data.map((e: any) => e.action)).toEqual(expect.arrayContaining(['invoice.reminders_paused', 'invoice.reminders_resumed', 'invoice.reminder_sent']));
  });

  it('catches up with only the latest due step when reminders are switched on late', async () => {
    await settings({ enabled: false, steps: steps(0, 7, 14), late_fee: null });
    const late = await openInvoice({ issue: '2027-03-25', due: '2027-03-26' });
    await advance('2027-04-20T12:00:00Z');
    expect(mailsTo(late.email)).toHaveLength(0);
    await settings({ enabled: true, steps: steps(0, 7, 14), late_fee: null });
    await advance('2027-04-20T12:05:00Z');
    await advance('2027-05-20T12:00:00Z');
    expect(mailsTo(late.email)).toHaveLength(1);
    expect((await remindersOf(late.invoice.id)).reminders.map((r: any) => `${r.step}:${r.status}`)).toEqual(['0:skipped', '7:skipped', '14:sent']);
  });

  it('sends a reminder now by hand, also while paused, and refuses without an address', async () => {
    const { invoice, email } = await openInvoice({ issue: '2027-05-20', due: '2027-06-30' });
    expect((await owner.post(`/api/v1/invoices/${invoice.id}/reminders/pause`)).status).toBe(200);
    const sent = await owner.post(`/api/v1/invoices/${invoice.id}/send-reminder`);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.reminders).toMatchObject([{ step: null, status: 'sent', recipient: email }]);
    await drained();
    expect(mailsTo(email)).toHaveLength(1);
    expect(mailsTo(email)[0]?.mail.subject).toBe(`Reminder: invoice ${invoice.number} is due on Jun 30, 2027`);
    const other = await owner.post(`/api/v1/invoices/${invoice.id}/send-reminder`, { to: 'finance@elsewhere.example' });
    expect(other.status, other.text).toBe(200);
    expect(other.body.reminders).toHaveLength(2);

    const none = await openInvoice({ issue: '2027-05-20', due: '2027-06-30', email: null });
    const refused = await owner.post(`/api/v1/invoices/${none.invoice.id}/send-reminder`);
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.errors[0].path).toBe('to');
    const badBody = await owner.post(`/api/v1/invoices/${invoice.id}/send-reminder`, { to: 'not an address' });
    expect(badBody.status).toBe(422);
    expect(badBody.body.errors[0].path).toBe('to');
    expect((await owner.post('/api/v1/invoices/inv_missing/send-reminder')).status).toBe(404);

    // Erasing the customer erases the addresses its reminders went to.
    expect((await owner.post(`/api/v1/customers/${invoice.customer_id}/anonymize`)).status).toBe(200);
    expect((await remindersOf(invoice.id)).reminders.map((r: any) => r.recipient)).toEqual([null, null]);
  });

  it('charges a late fee once, as a separate finalized invoice with exact amounts', async () => {
    await advance('2027-06-01T09:00:00Z');
    await settings({ enabled: true, steps: steps(7, 14), late_fee: { type: 'percentage', percent: '1.5', days_relative_to_due: 14, tax_rate_id: vat.id } });
    const { invoice } = await openInvoice({ issue: '2027-06-01', due: '2027-06-10', lines: [{ description: 'Work', quantity: '1', unit_price: '1234.57' }] });
    await advance('2027-06-20T12:00:00Z');
    expect((await remindersOf(invoice.id)).late_fee_invoices).toHaveLength(0);
    await advance('2027-06-24T12:00:00Z');
    await advance('2027-08-31T12:00:00Z');
    const state = await remindersOf(invoice.id);
    expect(state.late_fee_invoices).toHaveLength(1);
    const fee = (await owner.get(`/api/v1/invoices/${state.late_fee_invoices[0].id}`)).body;
    // 1.5 % of 1234.57 = 18.51855 → 18.52; VAT 19 % of 18.52 = 3.5188 → 3.52.
    expect(fee).toMatchObject({
      status: 'open',
      customer_id: invoice.customer_id,
      currency: 'EUR',
      subtotal: '18.52',
      tax_total: '3.52',
      total: '22.04',
      late_fee_for_invoice_id: invoice.id,
      issue_date: '2027-06-24',
    });
    expect(fee.lines[0].description).toBe(`Late fee for ${invoice.number}`);
    expect(state.reminders.find((r: any) => r.step === 14).late_fee_invoice_id).toBe(fee.id);
    const audit = await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.late_fee_created`);
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0].after).toMatchObject({ late_fee_invoice_id: fee.id, step: 14, amount: '18.52' });

    // A fixed fee, with tax, on a new invoice; turning the settings off and on again charges nothing twice.
    await settings({ enabled: true, steps: steps(7, 14), late_fee: { type: 'fixed', amount: '10', days_relative_to_due: 7, tax_rate_id: vat.id } });
    const second = await openInvoice({ issue: '2027-08-31', due: '2027-09-01' });
    await advance('2027-09-08T12:00:00Z');
    await settings({ enabled: false, steps: steps(7, 14), late_fee: { type: 'fixed', amount: '10', days_relative_to_due: 7, tax_rate_id: vat.id } });
    await settings({ enabled: true, steps: steps(7, 14), late_fee: { type: 'fixed', amount: '10', days_relative_to_due: 7, tax_rate_id: vat.id } });
    await advance('2027-09-30T12:00:00Z');
    const fees = (await remindersOf(second.invoice.id)).late_fee_invoices;
    expect(fees).toHaveLength(1);
    expect(fees[0]).toMatchObject({ total: '11.90', currency: 'EUR' });
    expect((await remindersOf(invoice.id)).late_fee_invoices).toHaveLength(1);
    // The fee invoice is reminded like any other, but never charged a fee of its own.
    expect((await remindersOf(fees[0].id)).late_fee_invoices).toHaveLength(0);
  });
});
