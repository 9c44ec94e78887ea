import { inTransaction } from '../../db/transaction.ts';
import type { z } from 'zod';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { AppError } from '../../shared/errors.ts';
import { DEFAULT_CREDIT_NOTE_NUMBER_FORMAT, DEFAULT_INVOICE_NUMBER_FORMAT } from '../../domain/numbering.ts';
import { emit } from '../../kernel/events.ts';
import { electronicAddressColumns } from '../../kernel/http/einvoice-schemas.ts';
import type { CreateOrganization, OrganizationOut, UpdateOrganization } from './organizations.schemas.ts';
import { findOrganization, organizationOut } from './organizations.repo.ts';

/** Creates an organization with `ownerId` as its owner. Runs inside the caller's transaction. */
export async function insertOrganization(
  trx: Executor,
  clock: Clock,
  input: z.output<typeof CreateOrganization>,
  ownerId: string,
): Promise<OrganizationOut> {
  const now = nowIso(clock);
  const row = {
    id: newId('org'),
    name: input.name,
    currency: input.currency,
    country: input.country ?? null,
    address: null,
    tax_id: null,
    email: null,
    phone: null,
    payment_terms_days: 30,
    invoice_number_format: DEFAULT_INVOICE_NUMBER_FORMAT,
    credit_note_number_format: DEFAULT_CREDIT_NOTE_NUMBER_FORMAT,
    locale: 'en',
    accent_color: null,
    document_footer: null,
    bank_details: null,
    email_subject_template: null,
    email_body_template: null,
    require_two_factor: 0,
    time_zone: null,
    send_payment_receipts: 0,
    electronic_address_scheme: null,
    electronic_address_value: null,
    legal_registration_id: null,
    tax_registration_id: null,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('organizations').values(row).execute();
  await trx
    .insertInto('memberships')
    .values({ organization_id: row.id, user_id: ownerId, role: 'owner', active: 1, created_at: now, updated_at: now })
    .execute();
  return organizationOut(row);
}

export type OrganizationCreationPolicy = 'owners' | 'all' | 'none';

/**
 * Creates another organization owned by the caller, as far as the installation's
 * ALLOW_ORGANIZATION_CREATION allows: by default only people who already own one here (a
 * viewer invited into someone's business does not start their own on that server).
 */
export async function createOrganization(ctx: RequestContext, input: z.output<typeof CreateOrganization>, policy: OrganizationCreationPolicy): Promise<OrganizationOut> {
  const ownerId = ctx.actor.userId;
  if (ownerId === null) throw new AppError('forbidden', 'Only a user can create an organization');
  if (policy === 'none') throw new AppError('forbidden', 'Creating organizations is turned off on this installation (ALLOW_ORGANIZATION_CREATION=none)');
  if (policy === 'owners') {
    const owned = await ctx.db.kysely
      .selectFrom('memberships')
      .select('organization_id')
      .where('user_id', '=', ownerId)
      .where('role', '=', 'owner')
      .where('active', '=', 1)
      .limit(1)
      .executeTakeFirst();
    if (!owned) throw new AppError('forbidden', 'Only the owner of an organization can create another one on this installation (ALLOW_ORGANIZATION_CREATION=owners)');
  }
  return inTransaction(ctx.db, async (trx) => {
    const org = await insertOrganization(trx, ctx.clock, input, ownerId);
    await emit(trx, { ...ctx, orgId: org.id }, { type: 'organization.created', resource: { type: 'organization', id: org.id }, after: org });
    return org;
  });
}

/** Requiring two factors of admins is set by someone who already signs in with them. */
async function assertActorUsesTwoFactor(trx: Executor, ctx: RequestContext): Promise<void> {
  const user = ctx.actor.userId === null ? undefined : await trx.selectFrom('users').select('totp_enabled_at').where('id', '=', ctx.actor.userId).executeTakeFirst();
  if (user?.totp_enabled_at === undefined || user.totp_enabled_at === null) {
    throw new AppError('conflict', 'require_two_factor: turn on two-factor sign-in for your own account first (Settings → Your account)', [
      { path: 'require_two_factor', message: 'turn on two-factor sign-in for your own account first' },
    ]);
  }
}

export async function getOrganization(ctx: RequestContext): Promise<OrganizationOut> {
  const row = await findOrganization(ctx.db.kysely, ctx.orgId);
  if (!row) throw AppError.notFound('Organization');
  return organizationOut(row);
}

/** Only the fields given are kept; details with nothing in them are no details (NULL). */
function storedBankDetails(details: z.output<typeof UpdateOrganization>['bank_details']): string | null {
  if (!details) return null;
  const given = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== null && v !== undefined));
  return Object.keys(given).length === 0 ? null : JSON.stringify(given);
}

export async function updateOrganization(ctx: RequestContext, input: z.output<typeof UpdateOrganization>): Promise<OrganizationOut> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await findOrganization(trx, ctx.orgId);
    if (!before) throw AppError.notFound('Organization');
    const { address, bank_details: bankDetails, require_two_factor: requireTwoFactor, send_payment_receipts: sendReceipts, electronic_address: electronicAddress, ...rest } = input;
    const changes: Record<string, unknown> = { ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)), ...electronicAddressColumns(electronicAddress) };
    if (sendReceipts !== undefined) changes.send_payment_receipts = sendReceipts ? 1 : 0;
    if (requireTwoFactor !== undefined) {
      if (requireTwoFactor) await assertActorUsesTwoFactor(trx, ctx);
      changes.require_two_factor = requireTwoFactor ? 1 : 0;
    }
    if (address !== undefined) changes.address = address === null ? null : JSON.stringify(address);
    if (bankDetails !== undefined) changes.bank_details = storedBankDetails(bankDetails);
    await trx
      .updateTable('organizations')
      .set({ ...changes, updated_at: nowIso(ctx.clock) })
      .where('id', '=', ctx.orgId)
      .execute();
    const after = await findOrganization(trx, ctx.orgId);
    if (!after) throw AppError.notFound('Organization');
    await emit(trx, ctx, { type: 'organization.updated', resource: { type: 'organization', id: ctx.orgId },
      before: organizationOut(before),
      after: organizationOut(after),
    });
    return organizationOut(after);
  });
}
