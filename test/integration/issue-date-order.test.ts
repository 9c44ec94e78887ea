/**
 * Issue "Trust", item 4: issue dates never go backwards within a number series, for invoices
 * and for credit notes, also when several finalizations race for the next number.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { setupOwner } from '../support/factories.ts';
import { draftInvoice, finalizeInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';

describeEachDb('issue dates in number order (Trust 4)', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('refuses finalizing an invoice dated before the last one of its series, naming issue_date', async () => {
    const first = await finalizeInvoice(owner, (await draftInvoice(owner, { issue_date: '2026-11-20' })).id);
    expect(first.number).toBe('INV-2026-00001');
    const earlier = await draftInvoice(owner, { issue_date: '2026-11-19' });
    await expectUnchanged(server, async () => {
      const response = await owner.post(`/api/v1/invoices/${earlier.id}/finalize`);
      expect(response.status, response.text).toBe(409);
      expect(response.body.errors).toEqual([
        { path: 'issue_date', message: 'must not be before 2026-11-20, the date of INV-2026-00001, the last invoice issued in this series' },
      ]);
      expect(response.body.detail).toContain('issue_date: must not be before 2026-11-20');
    });
    // The same day and later days are fine; the number was not used up by the refusal.
    expect((await finalizeInvoice(owner, (await draftInvoice(owner, { issue_date: '2026-11-20' })).id)).number).toBe('INV-2026-00002');
    // Another year is another series (the format shows the year): its own order.
    expect((await finalizeInvoice(owner, (await draftInvoice(owner, { issue_date: '2025-12-30' })).id)).number).toBe('INV-2025-00001');
  });

  it('refuses a credit note dated before the last credit note of its series', async () => {
    const invoice = await finalizeInvoice(owner, (await draftInvoice(owner, { issue_date: '2026-11-21' })).id);
    const first = await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, { amount: '1.00', reason: 'x', issue_date: '2026-11-22' });
    expect(first.status, first.text).toBe(201);
    await expectUnchanged(server, async () => {
      const response = await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, { amount: '1.00', reason: 'x', issue_date: '2026-11-21' });
      expect(response.status, response.text).toBe(409);
      expect(response.body.errors[0]).toEqual({
        path: 'issue_date',
        message: `must not be before 2026-11-22, the date of ${first.body.number}, the last credit note issued in this series`,
      });
    });
  });

  it('keeps numbers and dates in one order when finalizations with crossing dates race', async () => {
    const dates = ['2026-12-09', '2026-12-01', '2026-12-05', '2026-12-03', '2026-12-09', '2026-12-02', '2026-12-07', '2026-12-04'];
    const drafts = await Promise.all(dates.map((issue_date) => draftInvoice(owner, { issue_date })));
    const results = await Promise.all(drafts.map((draft) => owner.post(`/api/v1/invoices/${draft.id}/finalize`)));
    for (const result of results) {
      expect([200, 409], result.text).toContain(result.status);
      if (result.status === 409) expect(result.body.errors[0].path).toBe('issue_date');
    }
    expect(results.some((r) => r.status === 200)).toBe(true);
    const issued = (await owner.get('/api/v1/invoices?limit=200')).body.data
      .filter((i: any) => i.number?.startsWith('INV-2026-'))
      .sort((a: any, b: any) => (a.number < b.number ? -1 : 1));
    const issueDates = issued.map((i: any) => i.issue_date as string);
    expect(issueDates).toEqual([...issueDates].sort());
  });
});
