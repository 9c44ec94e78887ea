/**
 * Customer links: an unguessable public URL per finalized invoice where the customer sees
 * the document and downloads its PDF without an account. The token is the capability
 * (32 random bytes), so it is never logged or copied into the audit trail. The public page
 * looks a link up by the token's SHA-256; the token itself is kept only sealed with the
 * installation's secret box (AES-256-GCM, bound to the organization, invoice and link), so
 * every e-mail about the invoice carries the same live link and staff can see its URL again.
 * Revoking a link (by hand, by replacing it, or by erasing the customer) kills the token for
 * good: its row loses the sealed token, and the next link gets a new one.
 *
 * `ensureInvoiceLink` and `publicInvoiceUrl` are also what e-mails about an invoice use
 * (sending it, reminders, failed automatic charges), inside their own transaction.
 */
import { inTransaction } from '../../db/transaction.ts';
import type { Actor, Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { fixedClock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { emit } from '../../kernel/events.ts';
import { LINK_TOKEN_PATTERN, linkTokenHash, newLinkToken, openSealedLinkToken } from '../../kernel/http/public-pages.ts';
import { openedSecretBox, type SecretBox } from '../../kernel/secret-box.ts';
import type { InvoiceLinksTable } from '../../db/schema.ts';
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

/** What making sure of a link gives: its token when known (made now, or the live one opened). */
interface EnsuredLink {
  id: string;
  token: string | null;
  created_at: string;
  created: boolean;
}

/** What a sealed token is bound to: a value copied into another link's row does not open. */
function sealedTokenAad(orgId: string, invoiceId: string, linkId: string): string {
  return `invoice_links:${orgId}:${invoiceId}:${linkId}:token`;
}

/**
 * The link's token, opened from its sealed copy; null when it has none (made before
 * migration 0021, or revoked) or it cannot be opened (another key, altered) — or when it
 * does not hash to the link's token_hash, so a URL shown is always one that works.
 */
export function openLinkToken(secrets: SecretBox, orgId: string, link: Pick<InvoiceLinksTable, 'id' | 'invoice_id' | 'token_hash' | 'token_sealed'>): string | null {
  return openSealedLinkToken(secrets, link.token_sealed, sealedTokenAad(orgId, link.invoice_id, link.id), link.token_hash);
}

/**
 * `keep`: the live link stays (with its token when it can be opened), or one is made.
 * `reuse`: the live link when its token can be opened, else (none, made before sealed
 * tokens, or sealed with another key) a new one replaces it, so the caller always holds a
 * working token. `replace`: the live link, if any, is revoked and a new one made.
 */
async function ensureLink(trx: Executor, secrets: SecretBox, scope: AuditScope, invoiceId: string, mode: 'keep' | 'reuse' | 'replace'): Promise<EnsuredLink> {
  const { status, customerErased } = await lockedInvoice(trx, scope.orgId, invoiceId);
  if (status === 'draft') throw AppError.conflict('A draft invoice has no customer link; finalize it first');
  // The public page shows the document's frozen customer details: after erasure they stay private.
  if (customerErased) throw AppError.conflict("The customer's personal data was erased; its invoices get no customer link");
  const repo = new InvoiceLinksRepo(trx, scope.orgId);
  const audit = { orgId: scope.orgId, actor: scope.actor, requestId: scope.requestId, clock: fixedClock(scope.now) };
  const existing = await repo.active(invoiceId);
  if (existing && mode !== 'replace') {
    const token = openLinkToken(secrets, scope.orgId, existing);
    if (token !== null || mode === 'keep') return { id: existing.id, token, created_at: existing.created_at, created: false };
  }
  if (existing) {
    await repo.revokeAll(invoiceId, scope.now);
    await emit(trx, audit, { type: 'invoice.link_revoked', resource: { type: 'invoice', id: invoiceId },
      before: { link_id: existing.id, created_at: existing.created_at },
      after: { link_id: existing.id, revoked_at: scope.now, reason: 'replaced' },
    });
  }

  const token = newLinkToken();
  const id = newId('lnk');
  const link = {
    id,
    invoice_id: invoiceId,
    token_hash: linkTokenHash(token),
    token_sealed: secrets.encrypt(token, sealedTokenAad(scope.orgId, invoiceId, id)),
    created_by: scope.actor.userId,
    created_at: scope.now,
    revoked_at: null,
  };
  await repo.insert(link);
  await emit(trx, audit, { type: 'invoice.link_created', resource: { type: 'invoice', id: invoiceId },
    after: { link_id: link.id, created_at: link.created_at },
  });
  return { id: link.id, token, created_at: link.created_at, created: true };
}

/**
 * The invoice's live customer link for an e-mail, inside the caller's transaction (sending
 * an invoice, a reminder, a failed automatic charge); a draft or an erased customer's
 * invoice → 409, an unknown invoice → 404.
 *
 * Every e-mail about the invoice carries the same link: the live one, whose token is opened
 * from its sealed copy, so the links in earlier e-mails keep working. A new link is made
 * only when there is none, or when the live one's token cannot be opened (a link made
 * before sealed tokens, or the secret key changed); that one is then revoked.
 */
export async function ensureInvoiceLink(
  trx: Executor,
  orgId: string,
  invoiceId: string,
  actorUserId: string | null,
  now: string,
  secrets: SecretBox,
): Promise<{ token: string }> {
  let actor: Actor = { type: 'system', id: null, name: null, userId: null };
  if (actorUserId !== null) {
    const user = await trx.selectFrom('users').select('name').where('id', '=', actorUserId).executeTakeFirst();
    actor = { type: 'user', id: actorUserId, name: user?.name ?? null, userId: actorUserId };
  }
  const { token } = await ensureLink(trx, secrets, { orgId, actor, requestId: null, now }, invoiceId, 'reuse');
  if (token === null) throw new Error('invariant: a reused or new link has a token');
  return { token };
}

function scopeOf(ctx: RequestContext): AuditScope {
  return { orgId: ctx.orgId, actor: ctx.actor, requestId: ctx.requestId, now: nowIso(ctx.clock) };
}

/** Turns a token into the URL the customer opens (see publicInvoiceUrl). */
export type LinkUrl = (token: string) => string;

/** What showing a link's URL takes: the secret box that opens its token, and where links point. */
export interface LinkAccess {
  secrets: SecretBox;
  urlOf: LinkUrl;
}

/**
 * Makes the invoice's link (created: true), or answers the live one (created: false);
 * `replace` revokes the live one and makes a new one. The URL is shown whenever the token
 * is known (null for a link made before sealed tokens, or sealed with another key).
 */
export async function createInvoiceLink(ctx: RequestContext, invoiceId: string, access: LinkAccess, replace: boolean): Promise<InvoiceLinkOut & { created: boolean }> {
  const link = await inTransaction(ctx.db, (trx) => ensureLink(trx, access.secrets, scopeOf(ctx), invoiceId, replace ? 'replace' : 'keep'));
  return { id: link.id, url: link.token === null ? null : access.urlOf(link.token), created_at: link.created_at, created: link.created };
}

/** Every link the invoice has had, newest first: at most one live (revoked_at null), the only one with a URL. */
export async function listInvoiceLinks(ctx: RequestContext, invoiceId: string, access: LinkAccess): Promise<InvoiceLinkListOut> {
  const db = ctx.db.kysely;
  const invoice = await db.selectFrom('invoices').select('id').where('organization_id', '=', ctx.orgId).where('id', '=', invoiceId).executeTakeFirst();
  if (!invoice) throw AppError.notFound('Invoice');
  const links = await new InvoiceLinksRepo(db, ctx.orgId).all(invoiceId);
  return { data: links.map((link) => ({ id: link.id, url: urlOfLive(ctx.orgId, link, access), created_at: link.created_at, revoked_at: link.revoked_at })) };
}

/** The live link: when it was made, and its URL when its token can be opened. */
export async function getInvoiceLink(ctx: RequestContext, invoiceId: string, access: LinkAccess): Promise<InvoiceLinkOut> {
  const db = ctx.db.kysely;
  const invoice = await db.selectFrom('invoices').select('id').where('organization_id', '=', ctx.orgId).where('id', '=', invoiceId).executeTakeFirst();
  if (!invoice) throw AppError.notFound('Invoice');
  const link = await new InvoiceLinksRepo(db, ctx.orgId).active(invoiceId);
  if (!link) throw AppError.notFound('Customer link');
  return { id: link.id, url: urlOfLive(ctx.orgId, link, access), created_at: link.created_at };
}

function urlOfLive(orgId: string, link: InvoiceLinksTable, access: LinkAccess): string | null {
  if (link.revoked_at !== null) return null;
  const token = openLinkToken(access.secrets, orgId, link);
  return token === null ? null : access.urlOf(token);
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
 * GDPR erasure: revokes every live link of every invoice of the customer (dropping their
 * sealed tokens), so its public pages (which show the document's customer details) answer
 * the same 404 as any unknown link, and no later e-mail can bring a link back. Runs inside the anonymization's transaction; the number of links revoked.
 */
export function revokeCustomerLinks(trx: Executor, orgId: string, customerId: string, now: string): Promise<number> {
  return new InvoiceLinksRepo(trx, orgId).revokeAllOfCustomer(customerId, now);
}

/** The installation's secret box from the app's deps (kernel/secret-box.ts). */
export const linkSecrets = openedSecretBox;
