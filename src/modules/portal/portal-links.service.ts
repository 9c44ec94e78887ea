/**
 * Portal links: an unguessable URL per customer (/portal/{token}) where the customer sees
 * its finalized invoices, credit notes, payments and statement without an account. Like
 * invoice links (invoice-links.service.ts) the token is 32 random bytes, only its SHA-256
 * is looked up, it is never logged or audited, and the URL is shown once. A customer has at
 * most one live link: making one revokes the previous one. The token is also kept sealed
 * with the secret box (migration 0022), so sending the link by e-mail reuses the live one:
 * a link in an earlier e-mail keeps working.
 * Customers whose personal data was erased get no portal (409), and erasure revokes theirs.
 */
import { lockCustomers } from '../../db/dialect.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { linkTokenHash, newLinkToken, openSealedLinkToken } from '../../kernel/http/public-pages.ts';
import type { SecretBox } from '../../kernel/secret-box.ts';
import type { PortalLinksTable } from '../../db/schema.ts';
import { announceJobs } from '../../kernel/jobs/queue.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { customerLanguage, portalLinkEmail, queueCustomerEmail } from '../email/customer-emails.ts';
import { PortalLinksRepo } from './portal-links.repo.ts';
import type { PortalLinkOut, PortalLinkSentOut, PortalLinkStateOut, SendPortalLinkInput } from './portal.schemas.ts';

/** The portal's address on `baseUrl` (from configuration, never a request's Host). */
export function portalUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/portal/${token}`;
}

async function lockedCustomer(trx: Executor, ctx: RequestContext, customerId: string) {
  await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [customerId]);
  const customer = await trx
    .selectFrom('customers')
    .select(['id', 'name', 'email', 'language', 'anonymized_at'])
    .where('organization_id', '=', ctx.orgId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer) throw AppError.notFound('Customer');
  if (customer.anonymized_at !== null) throw AppError.conflict("The customer's personal data was erased; it gets no customer portal");
  return customer;
}

/** What a sealed token is bound to: a value copied into another link's row does not open. */
function sealedTokenAad(orgId: string, customerId: string, linkId: string): string {
  return `portal_links:${orgId}:${customerId}:${linkId}:token`;
}

/** The live link's token from its sealed copy; null when it has none or it does not open to this link's hash. */
function openPortalToken(secrets: SecretBox, orgId: string, link: PortalLinksTable): string | null {
  return openSealedLinkToken(secrets, link.token_sealed, sealedTokenAad(orgId, link.customer_id, link.id), link.token_hash);
}

/** Revokes the live link (if any) and makes a new one; the new token (stored only hashed and sealed). */
async function replaceLink(trx: Executor, ctx: RequestContext, customerId: string, secrets: SecretBox): Promise<{ id: string; token: string; created_at: string }> {
  const now = nowIso(ctx.clock);
  const repo = new PortalLinksRepo(trx, ctx.orgId);
  const live = await repo.active(customerId);
  if (live) {
    await repo.revokeAll(customerId, now);
    await emit(trx, ctx, { type: 'customer.portal_link_revoked', resource: { type: 'customer', id: customerId },
      before: { link_id: live.id, created_at: live.created_at },
      after: { link_id: live.id, revoked_at: now, reason: 'replaced' },
    });
  }
  const token = newLinkToken();
  const id = newId('plk');
  const link = {
    id,
    customer_id: customerId,
    token_hash: linkTokenHash(token),
    token_sealed: secrets.encrypt(token, sealedTokenAad(ctx.orgId, customerId, id)),
    created_by: ctx.actor.userId,
    created_at: now,
    revoked_at: null,
  };
  await repo.insert(link);
  await emit(trx, ctx, { type: 'customer.portal_link_created', resource: { type: 'customer', id: customerId }, after: { link_id: link.id, created_at: now } });
  return { id: link.id, token, created_at: now };
}

export async function createPortalLink(ctx: RequestContext, customerId: string, baseUrl: string, secrets: SecretBox): Promise<PortalLinkOut> {
  return inTransaction(ctx.db, async (trx) => {
    await lockedCustomer(trx, ctx, customerId);
    const link = await replaceLink(trx, ctx, customerId, secrets);
    return { id: link.id, customer_id: customerId, url: portalUrl(baseUrl, link.token), created_at: link.created_at };
  });
}

export async function getPortalLink(ctx: RequestContext, customerId: string): Promise<PortalLinkStateOut> {
  const db = ctx.db.kysely;
  const customer = await db.selectFrom('customers').select('id').where('organization_id', '=', ctx.orgId).where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw AppError.notFound('Customer');
  const link = await new PortalLinksRepo(db, ctx.orgId).active(customerId);
  if (!link) return { customer_id: customerId, active: false, id: null, url: null, created_at: null };
  return { customer_id: customerId, active: true, id: link.id, url: null, created_at: link.created_at };
}

export async function revokePortalLink(ctx: RequestContext, customerId: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [customerId]);
    const customer = await trx.selectFrom('customers').select('id').where('organization_id', '=', ctx.orgId).where('id', '=', customerId).executeTakeFirst();
    if (!customer) throw AppError.notFound('Customer');
    const repo = new PortalLinksRepo(trx, ctx.orgId);
    const live = await repo.active(customerId);
    if (!live) throw AppError.notFound('Portal link');
    const now = nowIso(ctx.clock);
    await repo.revokeAll(customerId, now);
    await emit(trx, ctx, { type: 'customer.portal_link_revoked', resource: { type: 'customer', id: customerId },
      before: { link_id: live.id, created_at: live.created_at },
      after: { link_id: live.id, revoked_at: now },
    });
  });
}

/**
 * The live link e-mailed to the customer through the outbox (links in earlier e-mails keep
 * working); a new one when there is none, or the live one cannot be opened (made before
 * migration 0022, or sealed with another key).
 */
export async function sendPortalLink(ctx: RequestContext, customerId: string, input: SendPortalLinkInput, baseUrl: string, secrets: SecretBox): Promise<PortalLinkSentOut> {
  const sent = await inTransaction(ctx.db, async (trx) => {
    const customer = await lockedCustomer(trx, ctx, customerId);
    const to = input.to ?? customer.email;
    if (!to) throw AppError.validation('to', 'is required: the customer has no e-mail address');
    const live = await new PortalLinksRepo(trx, ctx.orgId).active(customerId);
    const liveToken = live ? openPortalToken(secrets, ctx.orgId, live) : null;
    const link = live && liveToken ? { id: live.id, token: liveToken, created_at: live.created_at } : await replaceLink(trx, ctx, customerId, secrets);
    const org = await trx.selectFrom('organizations').select('name').where('id', '=', ctx.orgId).executeTakeFirst();
    const url = portalUrl(baseUrl, link.token);
    const { subject, body } = portalLinkEmail(await customerLanguage(trx, ctx.orgId, customer.language), org?.name ?? '', customer.name, url);
    const now = nowIso(ctx.clock);
    const messageId = await queueCustomerEmail(trx, ctx.orgId, { to, subject, body, linkUrl: url, customerId, createdBy: ctx.actor.userId, now });
    await emit(trx, ctx, { type: 'customer.portal_link_sent', resource: { type: 'customer', id: customerId }, after: { link_id: link.id, email_message_id: messageId, to } });
    return { id: link.id, customer_id: customerId, url: null, created_at: link.created_at, email_message_id: messageId, to, delivery: 'queued' as const };
  });
  announceJobs(ctx.db);
  return sent;
}

/** GDPR erasure: every live portal link of the customer dies with its data (inside the erasure's transaction). */
export function revokeCustomerPortalLinks(trx: Executor, orgId: string, customerId: string, now: string): Promise<number> {
  return new PortalLinksRepo(trx, orgId).revokeAll(customerId, now);
}
