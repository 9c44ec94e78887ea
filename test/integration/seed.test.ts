/**
 * `settle seed` run as a real process on a fresh database of each kind: the data set is
 * complete, exactly consistent, chained (GET /integrity verifies), and the reports answer on it.
 */
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { Client } from '../support/http.ts';
import { runCli, startServerProcess } from '../support/process.ts';
import { describeEachDb } from '../support/server.ts';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
});

describeEachDb('settle seed', (kind) => {
  it('creates 300 consistent invoices with payments, credit notes and a working summary', { timeout: 120_000 }, async () => {
    const database = await createTestDatabase(kind);
    databases.push(database);
    const today = new Date().toISOString().slice(0, 10);
    const run = await runCli(['seed', '--invoices', '300'], database.url);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/rows\/s/);
    const email = /Login: (\S+)/.exec(run.stdout)?.[1];
    const password = /Password \(shown once\): (\S+)/.exec(run.stdout)?.[1];
    expect(email).toBeDefined();
    expect(password).toBeDefined();

    let invoiceTotals: { currency: string; status: string; total: number }[] = [];
    let creditTotals: { currency: string; total: number }[] = [];
    const db = openDatabase(database.url, { poolSize: 2, onConnectionError: () => undefined });
    try {
      const k = db.kysely;
      const invoices = await k.selectFrom('invoices').selectAll().execute();
      const lines = await k.selectFrom('invoice_lines').select(['invoice_id', 'net_amount']).execute();
      const payments = await k.selectFrom('payments').select(['invoice_id', 'amount', 'refunded_amount', 'date']).execute();
      const creditNotes = await k.selectFrom('credit_notes').select(['invoice_id', 'applied_amount']).execute();
      expect(invoices).toHaveLength(300);
      invoiceTotals = invoices.map((i) => ({ currency: i.currency, status: i.status, total: Number(i.total) }));
      creditTotals = (await k.selectFrom('credit_notes').select(['currency', 'total']).execute()).map((n) => ({ currency: n.currency, total: Number(n.total) }));
      expect(await k.selectFrom('customers').select('id').execute()).toHaveLength(30);
      expect(new Set(invoices.map((i) => i.currency)).size).toBeGreaterThan(1);
      expect(new Set(invoices.map((i) => i.number)).size).toBe(300);

      const netOf = new Map<string, number>();
      for (const line of lines) netOf.set(line.invoice_id, (netOf.get(line.invoice_id) ?? 0) + Number(line.net_amount));
      const paidOf = new Map<string, number>();
      for (const p of payments) paidOf.set(p.invoice_id, (paidOf.get(p.invoice_id) ?? 0) + Number(p.amount) - Number(p.refunded_amount));
      const creditedOf = new Map<string, number>();
      for (const n of creditNotes) creditedOf.set(n.invoice_id, (creditedOf.get(n.invoice_id) ?? 0) + Number(n.applied_amount));
      for (const invoice of invoices) {
        expect(Number(invoice.subtotal)).toBe(netOf.get(invoice.id));
        expect(Number(invoice.total)).toBe(Number(invoice.subtotal) + Number(invoice.tax_total));
        const taxes = JSON.parse(invoice.taxes) as { taxable_amount: number; tax_amount: number }[];
        expect(taxes.reduce((s, t) => s + t.tax_amount, 0)).toBe(Number(invoice.tax_total));
        expect(taxes.reduce((s, t) => s + t.taxable_amount, 0)).toBe(Number(invoice.subtotal));
        expect(Number(invoice.amount_paid)).toBe(paidOf.get(invoice.id) ?? 0);
        expect(Number(invoice.amount_credited)).toBe(creditedOf.get(invoice.id) ?? 0);
        if (invoice.status !== 'void') {
          expect(Number(invoice.amount_due)).toBe(Math.max(0, Number(invoice.total) - Number(invoice.amount_paid) - Number(invoice.amount_credited)));
        }
        // Flagged as the overdue check would have: a server started on the data set has no backlog.
        const overdue = ['open', 'partially_paid'].includes(invoice.status) && Number(invoice.amount_due) > 0 && invoice.due_date! < today;
        expect(invoice.overdue_at !== null, invoice.id).toBe(overdue);
      }
      expect(invoices.some((i) => i.overdue_at !== null)).toBe(true);
      const statuses = new Set(invoices.map((i) => i.status));
      expect(statuses).toContain('paid');
      expect(statuses).toContain('partially_paid');
      expect(statuses).toContain('open');
      expect(payments.every((p) => invoices.find((i) => i.id === p.invoice_id)!.issue_date! <= p.date)).toBe(true);

      // Numbering continues where the seed stopped: one sequence row per year, matching the numbers.
      const sequences = await k.selectFrom('document_sequences').selectAll().where('kind', '=', 'invoice').execute();
      const perYear = new Map<string, number>();
      for (const i of invoices) perYear.set(i.issue_date!.slice(0, 4), (perYear.get(i.issue_date!.slice(0, 4)) ?? 0) + 1);
      expect(Object.fromEntries(sequences.map((s) => [s.scope, s.last_value]))).toEqual(Object.fromEntries(perYear));
    } finally {
      await db.close();
    }

    const server = await startServerProcess(database.url);
    try {
      const client = new Client(server.url);
      expect((await client.post('/api/v1/auth/login', { email, password })).status).toBe(200);
      // Every seeded document is chained: invoices, payments, refunds and credit notes.
      const integrity = await client.get('/api/v1/integrity');
      expect(integrity.body, integrity.text).toMatchObject({ verified: true });
      expect(integrity.body.documents).toBeGreaterThan(300);
      const summary = await client.get('/api/v1/reports/summary');
      expect(summary.status).toBe(200);
      expect((summary.body as { currencies: unknown[] }).currencies.length).toBeGreaterThan(1);
      // The report summaries the seed built agree with its documents.
      for (const c of (summary.body as { currencies: { currency: string; invoiced: string; invoice_count: number }[] }).currencies) {
        const invoiced = invoiceTotals.filter((i) => i.currency === c.currency && i.status !== 'void');
        expect(c.invoice_count, c.currency).toBe(invoiced.length);
        // Invoiced is net of credit notes (the one vocabulary of every report).
        const credited = creditTotals.filter((n) => n.currency === c.currency).reduce((sum, n) => sum + BigInt(n.total), 0n);
        const cents = invoiced.reduce((sum, i) => sum + BigInt(i.total), 0n) - credited;
        expect(c.invoiced, c.currency).toBe(`${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
      }
    } finally {
      await server.stop();
    }
  });
});
