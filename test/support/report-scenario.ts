/**
 * A year of varied billing activity made through the API, for report tests that compare the
 * reports with figures recomputed from the documents themselves: invoices across month and
 * year boundaries in two currencies, full, partial, late and post-dated payments, refunds,
 * credit notes (applied and left as credit), an overpayment and its credit applied, voided
 * and uncollectible invoices. Deterministic (seeded). Returns the documents as the list
 * endpoints show them.
 */
import { expect } from 'vitest';
import { addDays } from '../../src/domain/dates.ts';
import type { TestServer } from './server.ts';
import type { Client } from './http.ts';
import { createCustomer } from './factories.ts';
import { finalizedInvoice } from './billing-factories.ts';

export interface ScenarioDocuments {
  invoices: any[];
  payments: any[];
  creditNotes: any[];
  customers: { id: string; name: string; currency: string }[];
}

const TODAY = '2026-11-23';

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function all(client: Client, path: string): Promise<any[]> {
  const rows: any[] = [];
  let cursor: string | null = null;
  do {
    const response = await client.get(`${path}${path.includes('?') ? '&' : '?'}limit=200${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    expect(response.status, response.text).toBe(200);
    rows.push(...(response.body.data as any[]));
    cursor = response.body.next_cursor as string | null;
  } while (cursor !== null);
  return rows;
}

export async function buildReportScenario(server: TestServer, owner: Client): Promise<ScenarioDocuments> {
  const rnd = random(20261123);
  const at = (date: string) => server.clock.set(`${date < TODAY ? date : TODAY}T10:00:00.000Z`);
  const ok = async (response: Promise<{ status: number; text: string; body: any }>, status = 200) => {
    const r = await response;
    expect(r.status, r.text).toBe(status);
    return r.body;
  };
  const customers: ScenarioDocuments['customers'] = [];
  for (const [name, currency] of [['Anna', 'EUR'], ['Ben', 'EUR'], ['Cleo', 'EUR'], ['Dario', 'EUR'], ['Emil', 'USD'], ['Fay', 'USD']] as const) {
    customers.push({ id: (await createCustomer(owner, { name, currency })).id as string, name, currency });
  }
  // What happens to each invoice, in turn; the customer is drawn at random, except that credit
  // is applied for the customer whose overpayment left some.
  const OUTCOMES = ['full', 'partial', 'credit_notes', 'full', 'void', 'uncollectible', 'overpay', 'apply_credit', 'open', 'post_dated', 'full', 'partial'] as const;
  let withCredit: ScenarioDocuments['customers'][number] | null = null;

  for (let i = 0; i < 36; i++) {
    const issue = addDays('2025-11-10', i * 10 + Math.floor(rnd() * 7));
    if (issue > TODAY) break;
    const outcome = OUTCOMES[i % OUTCOMES.length];
    const drawn = customers[Math.floor(rnd() * customers.length)] as ScenarioDocuments['customers'][number];
    const customer: ScenarioDocuments['customers'][number] = outcome === 'apply_credit' && withCredit !== null ? withCredit : drawn;
    at(issue);
    const amount = (50 + Math.floor(rnd() * 900)).toFixed(2);
    const invoice = await finalizedInvoice(owner, {
      customerId: customer.id,
      issue_date: issue,
      due_date: addDays(issue, 14 + Math.floor(rnd() * 30)),
      lines: [
        { description: 'Work', quantity: '1', unit_price: amount },
        ...(rnd() < 0.4 ? [{ description: 'Parts', quantity: '2.5', unit_price: '12.34' }] : []),
      ],
    });
    const id = invoice.id as string;
    const due = async () => (await ok(owner.get(`/api/v1/invoices/${id}`))).amount_due as string;
    const pay = async (value: string, date: string, extra: Record<string, unknown> = {}) => {
      at(date);
      return ok(owner.post('/api/v1/payments', { invoice_id: id, amount: value, date, method: rnd() < 0.5 ? 'card' : 'bank_transfer', ...extra }), 201);
    };
    const later = (days: number) => addDays(issue, days);
    const notAfterToday = (date: string) => (date < TODAY ? date : TODAY);
    if (outcome === 'full') {
      const payment = await pay(await due(), later(Math.floor(rnd() * 50)));
      if (rnd() < 0.5) {
        at(later(55));
        await ok(owner.post(`/api/v1/payments/${payment.id}/refund`, { amount: '10.00', reason: 'Goodwill' }));
      }
    } else if (outcome === 'partial') {
      await pay((Number(await due()) / 2).toFixed(2), later(Math.floor(rnd() * 20)));
    } else if (outcome === 'credit_notes') {
      at(later(3));
      await ok(owner.post(`/api/v1/invoices/${id}/credit-notes`, { amount: '20.00', reason: 'Discount', issue_date: notAfterToday(later(3)) }), 201);
      await pay(await due(), later(25));
      at(later(40));
      await ok(owner.post(`/api/v1/invoices/${id}/credit-notes`, { amount: '5.00', reason: 'Late', issue_date: notAfterToday(later(40)) }), 201); // paid: credit
    } else if (outcome === 'void') {
      at(later(2));
      await ok(owner.post(`/api/v1/invoices/${id}/void`, { reason: 'Mistake' }));
    } else if (outcome === 'uncollectible') {
      await pay('20.00', later(5));
      at(later(60));
      await ok(owner.post(`/api/v1/invoices/${id}/mark-uncollectible`, {}));
    } else if (outcome === 'overpay') {
      await pay((Number(await due()) + 100).toFixed(2), later(7), { allow_overpayment: true });
      withCredit = customer;
    } else if (outcome === 'apply_credit' && withCredit !== null) {
      at(later(1));
      await ok(owner.post(`/api/v1/invoices/${id}/apply-credit`, {}), 201);
      withCredit = null;
    } else if (outcome === 'post_dated') {
      await pay('15.00', later(400 - i * 10)); // after today for the recent ones
    }
  }
  server.clock.set(`${TODAY}T10:00:00.000Z`);
  return {
    invoices: await all(owner, '/api/v1/invoices'),
    payments: await all(owner, '/api/v1/payments'),
    creditNotes: await all(owner, '/api/v1/credit-notes'),
    customers,
  };
}

/** Minor units of a decimal amount string ("-12.50" → -1250n), for two-decimal currencies. */
export const cents = (amount: string): bigint => {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return negative ? -value : value;
};
