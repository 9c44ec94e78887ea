/**
 * An invoice a subscription generates — for a period (generate-invoices.ts) or for one usage
 * event billed at once (bill-immediately.ts) — then collected the subscription's way: left a
 * draft, finalized, or finalized and sent. Its `billing_key` is unique per organization, so
 * whatever runs twice, the same key is invoiced at most once.
 */
import type { SubscriptionsTable } from '../../db/schema.ts';
import { lastIssuedInSeries } from '../../db/sequences.ts';
import { addDays } from '../../domain/dates.ts';
import { documentLocale } from '../../domain/document-language.ts';
import { sequenceScope } from '../../domain/numbering.ts';
import { nowIso, type RequestContext } from '../../kernel/context.ts';
import { enqueueJob } from '../../kernel/jobs/queue.ts';
import { publicBaseUrl, type Config } from '../../config.ts';
import { createInvoice } from '../invoices/draft-invoices.ts';
import { finalizeInvoice } from '../invoices/finalize-invoice.ts';
import type { CreateInvoiceInput, InvoiceOut, LineInputValue } from '../invoices/invoices.schemas.ts';
import { sendInvoice, type Delivery } from '../email/send-invoice.ts';
import { linkSecrets } from '../invoice-links/invoice-links.service.ts';
import type { SecretBox } from '../../kernel/secret-box.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';

/** The job that sends an invoice generated where the mail settings are not at hand (an event subscriber). */
export const SEND_GENERATED_INVOICE_JOB = 'subscriptions.send_invoice';

/** How e-mails go out, from the app's deps: the mail settings, where links point, and the secret box for link tokens. */
export function deliveryOf(deps: { config: Config; secrets?: SecretBox | undefined }): Delivery {
  return { smtp: deps.config.SMTP_URL !== undefined, baseUrl: publicBaseUrl(deps.config), secrets: linkSecrets(deps) };
}

export interface SubscriptionBill {
  period: { start: string; end: string };
  /** The date it is due to be issued; a date before the series' last issue date becomes today. */
  billingDate: string;
  billingKey: string;
  today: string;
}

/**
 * How to collect: `false` leaves the draft (the upcoming-invoice preview); otherwise as the
 * subscription says, sending with `delivery` — or, given `'job'`, by a job after the commit.
 */
export type Collect = false | { delivery: Delivery } | 'job';

export async function issueSubscriptionInvoice(
  ctx: RequestContext,
  sub: SubscriptionsTable,
  bill: SubscriptionBill,
  linesFor: (locale: string) => Promise<LineInputValue[]>,
  collect: Collect,
): Promise<InvoiceOut> {
  const trx = ctx.db.kysely;
  const org = await findOrganization(trx, ctx.orgId);
  const customer = await trx.selectFrom('customers').selectAll().where('organization_id', '=', ctx.orgId).where('id', '=', sub.customer_id).executeTakeFirst();
  if (!org || !customer) throw new Error(`invariant: organization or customer of subscription ${sub.id} is missing`);
  const lines = await linesFor(documentLocale(customer.language, org.locale));

  // Issue dates never go backwards: a period billed late is issued today.
  const last = await lastIssuedInSeries(trx, ctx.orgId, 'invoice', sequenceScope(org.invoice_number_format, bill.billingDate));
  const issueDate = last !== undefined && last.issue_date > bill.billingDate ? (last.issue_date > bill.today ? last.issue_date : bill.today) : bill.billingDate;
  const terms = sub.payment_terms_days ?? customer.payment_terms_days ?? org.payment_terms_days;
  const input: CreateInvoiceInput = {
    customer_id: sub.customer_id,
    currency: sub.currency,
    issue_date: issueDate,
    due_date: addDays(issueDate, terms),
    prices_include_tax: sub.prices_include_tax === 1,
    lines,
    allowances: [],
    charges: [],
    notes: sub.notes,
    terms: sub.terms,
    finalize: false,
  };
  const draft = await createInvoice(ctx, input, { subscriptionId: sub.id, period: bill.period, billingKey: bill.billingKey });
  if (sub.collection === 'draft' || collect === false) return draft;
  // charge_automatically: finalized here; the auto-charge module charges the saved method (its subscriber of invoice.finalized).
  const finalized = await finalizeInvoice(ctx, draft.id);
  if (sub.collection !== 'send' || customer.email === null) return finalized;
  if (collect === 'job') {
    await enqueueJob(trx, { orgId: ctx.orgId, kind: SEND_GENERATED_INVOICE_JOB, payload: { invoice_id: draft.id }, now: nowIso(ctx.clock) });
    return finalized;
  }
  return sendInvoice(ctx, draft.id, {}, collect.delivery);
}
