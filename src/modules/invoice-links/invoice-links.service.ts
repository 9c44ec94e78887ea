/**
 * Customer links: an unguessable public URL per finalized invoice where the customer sees
 * the document and downloads its PDF without an account. The token is the capability
 * (32 random bytes), so it is never logged or copied into the audit trail, and only its
 * SHA-256 is stored: the URL is shown once, when the link is made. Revoking a link kills
 * the token for good, and the next link gets a new one.
 *
 * `ensureInvoiceLink` and `publicInvoiceUrl` are also what sending an invoice by e-mail
 * uses, inside its own transaction.
 */
import { inTransaction } from '../../db/transaction.ts';
import type { Actor, Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { fixedClock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { emit } from '../../kernel/events.ts';
import { LINK_TOKEN_PATTERN, linkTokenHash, newLinkToken } from '../../kernel/http/public-pages.ts';
import { InvoiceLinksRepo } from './invoice-links.repo.ts';
import type { InvoiceLinkListOut, InvoiceLinkOut } from './invoice-links.schemas.ts';


export { LINK_TOKEN_PATTERN, linkTokenHash, newLinkToken };

/**
 * The public address of a link on `baseUrl`, which comes from configuration only
 * (publicBaseUrl in src/config.ts) — never from a request's Host header, which the
 * client chooses and which would otherwise end up in e-mails.
 */
export function publicInvoiceUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/p/${token}`;
}

interface AuditScope {
  orgId: string;
  actor: Actor;
  requestId: string | null;
  now: string;
}

/**
 * Takes the invoice's row lock first (a no-op write, which both databases serialise),
 * so two concurrent requests cannot both find no link and each make one.
 */
async function lockedInvoice(trx: Executor, orgId: string, invoiceId: string): Promise<{ status: string; customerErased: boolean }> {
  await trx
    .updateTable('invoices')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('organization_id', '=', orgId)
    .where('id', '=', invoiceId)
    .execute();
  const invoice = await trx
    .selectFrom('invoices')
    .leftJoin('customers', (join) => join.onRef('customers.id', '=', 'invoices.customer_id').onRef('customers.organization_id', '=', 'invoices.organization_id'))
    .select(['invoices.status', 'customers.anonymized_at'])
    .where('invoices.organization_id', '=', orgId)
    .where('invoices.id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) throw AppError.notFound('Invoice');
  return { status: invoice.status, customerErased: invoice.anonymized_at !== null };
}

/** What making sure of a link gives: the token only when a link was made now (it is never stored). */
interface EnsuredLink {
  id: string;
  token: string | null;
  created_at: string;
  created: boolean;
}

/**
 * `keep`: the live link stays (its token is unknown: only its hash is stored), or one is
 * made. `replace`: the live link, if any, is revoked and a new one made, so the caller
 * holds a working token.
 */
async function ensureLink(trx: Executor, scope: AuditScope, invoiceId: string, mode: 'keep' | 'replace'): Promise<EnsuredLink> {
  const { status, customerErased } = await lockedInvoice(trx, scope.orgId, invoiceId);
  if (status === 'draft') throw AppError.conflict('A draft invoice has no customer link; finalize it first');
  // The public page shows the document's frozen customer details: after erasure they stay private.
  if (customerErased) throw AppError.conflict("The customer's personal data was erased; its invoices get no customer link");
  const repo = new InvoiceLinksRepo(trx, scope.orgId);
  const audit = { orgId: scope.orgId, actor: scope.actor, requestId: scope.requestId, clock: fixedClock(scope.now) };
  const existing = await repo.active(invoiceId);
  if (existing && mode === 'keep') return { id: existing.id, token: null, created_at: existing.created_at, created: false };
  if (existing) {
    await repo.revokeAll(invoiceId, scope.now);
    await emit(trx, audit, { type: 'invoice.link_revoked', resource: { type: 'invoice', id: invoiceId },
      before: { link_id: existing.id, created_at: existing.created_at },
      after: { link_id: existing.id, revoked_at: scope.now, reason: 'replaced' },
    });
  }

  const token = newLinkToken();
  const link = { id: newId('lnk'), invoice_id: invoiceId, token_hash: linkTokenHash(token), created_by: scope.actor.userId, created_at: scope.now, revoked_at: null };
  await repo.insert(link);
  await emit(trx, audit, { type: 'invoice.link_created', resource: { type: 'invoice', id: invoiceId },
    after: { link_id: link.id, created_at: link.created_at },
  });
  return { id: link.id, token, created_at: link.created_at, created: true };
}

/**
 * A fresh customer link for an e-mail, inside the caller's transaction (sending an invoice
 * uses it); a draft or an erased customer's invoice → 409, an unknown invoice → 404.
 *
 * Only the hash of a link's token is stored, so the live link's URL cannot be written into
 * a new message. The simplest correct answer: every sending makes a new link and revokes
 * the previous one. The invoice keeps at most one live link, and the latest e-mail always
 * holds it; links in earlier e-mails (or one copied from the invoice page) stop working.
 */
export async function ensureInvoiceLink(
  trx: Executor,
  orgId: string,
  invoiceId: string,
  actorUserId: string | null,
  now: string,
): Promise<{ token: string }> {
  let actor: Actor = { type: 'system', id: null, name: null, userId: null };
  if (actorUserId !== null) {
    const user = await trx.selectFrom('users').select('name').where('id', '=', actorUserId).executeTakeFirst();
    actor = { type: 'user', id: actorUserId, name: user?.name ?? null, userId: actorUserId };
  }
  const { token } = await ensureLink(trx, { orgId, actor, requestId: null, now }, invoiceId, 'replace');
  if (token === null) throw new Error('a replaced link always has a new token');
  return { token };
}

function scopeOf(ctx: RequestContext): AuditScope {
  return { orgId: ctx.orgId, actor: ctx.actor, requestId: ctx.requestId, now: nowIso(ctx.clock) };
}

/** Turns a token into the URL the customer opens (see publicInvoiceUrl). */
export type LinkUrl = (token: string) => string;

/**
 * Makes the invoice's link (created: true, with its URL — the only time the URL is shown),
 * or answers the live one without its URL; `replace` revokes the live one and makes a new one.
 */
export async function createInvoiceLink(ctx: RequestContext, invoiceId: string, urlOf: LinkUrl, replace: boolean): Promise<InvoiceLinkOut & { created: boolean }> {
  const link = await inTransaction(ctx.db, (trx) => ensureLink(trx, scopeOf(ctx), invoiceId, replace ? 'replace' : 'keep'));
  return { id: link.id, url: link.token === null ? null : urlOf(link.token), created_at: link.created_at, created: link.created };
}

/** Every link the invoice has had, newest first: at most one live (revoked_at null); URLs are never shown again. */
export async function listInvoiceLinks(ctx: RequestContext, invoiceId: string): Promise<InvoiceLinkListOut> {
  const db = ctx.db.kysely;
  const invoice = await db.selectFrom('invoices').select('id').where('organization_id', '=', ctx.orgId).where('id', '=', invoiceId).executeTakeFirst();
  if (!invoice) throw AppError.notFound('Invoice');
  const links = await new InvoiceLinksRepo(db, ctx.orgId).all(invoiceId);
  return { data: links.map((link) => ({ id: link.id, url: null, created_at: link.created_at, revoked_at: link.revoked_at })) };
}

/** The live link's metadata; its URL was shown once, when it was made. */
export async function getInvoiceLink(ctx: RequestContext, invoiceId: string): Promise<InvoiceLinkOut> {
  const db = ctx.db.kysely;
  const invoice = await db.selectFrom('invoices').select('id').where('organization_id', '=', ctx.orgId).where('id', '=', invoiceId).executeTakeFirst();
  if (!invoice) throw AppError.notFound('Invoice');
  const link = await new InvoiceLinksRepo(db, ctx.orgId).active(invoiceId);
  if (!link) throw AppError.notFound('Customer link');
  return { id: link.id, url: null, created_at: link.created_at };
}

export async function revokeInvoiceLink(ctx: RequestContext, invoiceId: string): Promise<void> {
  const scope = scopeOf(ctx);
  await inTransaction(ctx.db, async (trx) => {
    await lockedInvoice(trx, ctx.orgId, invoiceId);
    const repo = new InvoiceLinksRepo(trx, ctx.orgId);
    const live = await repo.active(invoiceId);
    if (!live) throw AppError.notFound('Customer link');
    await repo.revokeAll(invoiceId, scope.now);
    await emit(trx, ctx, { type: 'invoice.link_revoked', resource: { type: 'invoice', id: invoiceId },
      before: { link_id: live.id, created_at: live.created_at },
      after: { link_id: live.id, revoked_at: scope.now },
    });
  });
}

/**
 * GDPR erasure: revokes every live link of every invoice of the customer, so its public
 * pages (which show the document's customer details) answer the same 404 as any unknown
 * link. Runs inside the anonymization's transaction; the number of links revoked.
 */
export function revokeCustomerLinks(trx: Executor, orgId: string, customerId: string, now: string): Promise<number> {
  return new InvoiceLinksRepo(trx, orgId).revokeAllOfCustomer(customerId, now);
}
