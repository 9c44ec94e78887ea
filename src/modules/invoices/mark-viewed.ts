/**
 * The first time the customer opens an invoice's page (its customer link /p/{token}, or the
 * invoice in the customer portal), the invoice records `viewed_at` and announces
 * `invoice.viewed` (public; audited on the invoice, so it shows on its timeline). Staff in
 * the app and PDF downloads do not count. Exactly once, however many first views race: the
 * column is set by a compare-and-set (`where viewed_at is null`) under the invoice's lock,
 * in the same transaction as the event, and only the writer that changed the row emits.
 */
import { inTransaction } from '../../db/transaction.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { systemContext } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { lockInvoice } from './invoice-money.ts';
import { getInvoice } from './read-invoices.ts';

export async function markInvoiceViewed(deps: Pick<AppDeps, 'db' | 'clock'>, orgId: string, invoiceId: string, via: 'link' | 'portal' = 'link'): Promise<boolean> {
  // The common case (viewed before) costs one read and no write.
  const seen = await deps.db.kysely.selectFrom('invoices').select(['viewed_at', 'status']).where('organization_id', '=', orgId).where('id', '=', invoiceId).executeTakeFirst();
  if (!seen || seen.viewed_at !== null || seen.status === 'draft') return false;
  const ctx = systemContext(deps, orgId, 'Customer', { role: 'viewer' });
  return inTransaction(deps.db, async (trx) => {
    await lockInvoice(trx, ctx, invoiceId);
    const now = ctx.clock.now().toISOString();
    const result = await trx
      .updateTable('invoices')
      .set({ viewed_at: now })
      .where('organization_id', '=', orgId)
      .where('id', '=', invoiceId)
      .where('viewed_at', 'is', null)
      .where('status', '!=', 'draft')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await emit(trx, ctx, {
      type: 'invoice.viewed',
      resource: { type: 'invoice', id: invoiceId },
      before: { viewed_at: null },
      after: { viewed_at: now, via },
      object: await getInvoice(ctx, invoiceId, trx),
    });
    return true;
  });
}
