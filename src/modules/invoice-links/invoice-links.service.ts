/**
 * Customer links: an unguessable public URL per finalized invoice where the customer sees
 * the document and downloads its PDF without an account. The token is the capability
 * (32 random bytes), so it is never logged or copied into the audit trail; revoking a
 * link kills the token for good, and the next link gets a new one.
 *
 * `ensureInvoiceLink` and `publicInvoiceUrl` are also what sending an invoice by e-mail
 * uses, inside its own transaction.
 */
import { inTransaction } from '../../db/transaction.ts';
import crypto from 'node:crypto';
import type { Actor, Executor, RequestContext } from '../../server/context.ts';
import { nowIso } from '../../server/context.ts';
import { fixedClock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { InvoiceLinksRepo } from './invoice-links.repo.ts';
import type { InvoiceLinkListOut, InvoiceLinkOut } from './invoice-links.schemas.ts';


/** 32 random bytes, base64url: 256 bits nobody can guess or enumerate. */
export function newLinkToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** What a token looks like; anything else is refused before it reaches the database. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The public address of a link: PUBLIC_URL when configured (links in e-mails must not
 * depend on who asked), else the origin the request came in on.
 */
export function publicInvoiceUrl(publicUrl: string | undefined, token: string, fallbackOrigin?: string): string {
  const base = (publicUrl ?? fallbackOrigin ?? '').replace(/\/+$/, '');
  return `${base}/p/${token}`;
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
async function lockedInvoiceStatus(trx: Executor, orgId: string, invoiceId: string): Promise<string> {
  await trx
    .updateTable('invoices')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('organization_id', '=', orgId)
    .where('id', '=', invoiceId)
    .execute();
  const invoice = await trx
    .selectFrom('invoices')
    .select('status')
    .where('organization_id', '=', orgId)
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) throw AppError.notFound('Invoice');
  return invoice.status;
}

async function ensureLink(trx: Executor, scope: AuditScope, invoiceId: string): Promise<{ token: string; created_at: string; created: boolean }> {
  const status = await lockedInvoiceStatus(trx, scope.orgId, invoiceId);
  if (status === 'draft') throw AppError.conflict('A draft invoice has no customer link; finalize it first');
  const repo = new InvoiceLinksRepo(trx, scope.orgId);
  const existing = await repo.active(invoiceId);
  if (existing) return { token: existing.token, created_at: existing.created_at, created: false };

  const link = { id: newId('lnk'), invoice_id: invoiceId, token: newLinkToken(), created_by: scope.actor.userId, created_at: scope.now, revoked_at: null };
  await repo.insert(link);
  await recordAudit(trx, { orgId: scope.orgId, actor: scope.actor, requestId: scope.requestId, clock: fixedClock(scope.now) }, {
    action: 'invoice.link_created',
    resourceType: 'invoice',
    resourceId: invoiceId,
    after: { link_id: link.id, created_at: link.created_at },
  });
  return { token: link.token, created_at: link.created_at, created: true };
}

/**
 * The invoice's live link, made now if it has none. Runs inside the caller's transaction
 * (sending an invoice uses it); a draft → 409, an unknown invoice → 404.
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
  const { token } = await ensureLink(trx, { orgId, actor, requestId: null, now }, invoiceId);
  return { token };
}

function scopeOf(ctx: RequestContext): AuditScope {
  return { orgId: ctx.orgId, actor: ctx.actor, requestId: ctx.requestId, now: nowIso(ctx.clock) };
}

/** Turns a token into the URL the customer opens (see publicInvoiceUrl). */
export type LinkUrl = (token: string) => string;

export async function createInvoiceLink(ctx: RequestContext, invoiceId: string, urlOf: LinkUrl): Promise<InvoiceLinkOut & { created: boolean }> {
  const link = await inTransaction(ctx.db, (trx) => ensureLink(trx, scopeOf(ctx), invoiceId));
  return { url: urlOf(link.token), created_at: link.created_at, created: link.created };
}

/** Every link the invoice has had, newest first: at most one live (revoked_at null). */
export async function listInvoiceLinks(ctx: RequestContext, invoiceId: string, urlOf: LinkUrl): Promise<InvoiceLinkListOut> {
  const db = ctx.db.kysely;
  const invoice = await db.selectFrom('invoices').select('id').where('organization_id', '=', ctx.orgId).where('id', '=', invoiceId).executeTakeFirst();
  if (!invoice) throw AppError.notFound('Invoice');
  const links = await new InvoiceLinksRepo(db, ctx.orgId).all(invoiceId);
  return { data: links.map((link) => ({ url: urlOf(link.token), created_at: link.created_at, revoked_at: link.revoked_at })) };
}

export async function getInvoiceLink(ctx: RequestContext, invoiceId: string, urlOf: LinkUrl): Promise<InvoiceLinkOut> {
  const db = ctx.db.kysely;
  const invoice = await db.selectFrom('invoices').select('id').where('organization_id', '=', ctx.orgId).where('id', '=', invoiceId).executeTakeFirst();
  if (!invoice) throw AppError.notFound('Invoice');
  const link = await new InvoiceLinksRepo(db, ctx.orgId).active(invoiceId);
  if (!link) throw AppError.notFound('Customer link');
  return { url: urlOf(link.token), created_at: link.created_at };
}

export async function revokeInvoiceLink(ctx: RequestContext, invoiceId: string): Promise<void> {
  const scope = scopeOf(ctx);
  await inTransaction(ctx.db, async (trx) => {
    await lockedInvoiceStatus(trx, ctx.orgId, invoiceId);
    const repo = new InvoiceLinksRepo(trx, ctx.orgId);
    const live = await repo.active(invoiceId);
    if (!live) throw AppError.notFound('Customer link');
    await repo.revokeAll(invoiceId, scope.now);
    await recordAudit(trx, ctx, {
      action: 'invoice.link_revoked',
      resourceType: 'invoice',
      resourceId: invoiceId,
      before: { link_id: live.id, created_at: live.created_at },
      after: { link_id: live.id, revoked_at: scope.now },
    });
  });
}
