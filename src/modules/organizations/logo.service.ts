/**
 * The organization's logo: one image per organization, validated on upload (logo-image.ts),
 * kept as base64 text so both databases store it alike, and audited without its bytes.
 */
import { inTransaction } from '../../db/transaction.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { emit } from '../../kernel/events.ts';
import { assertValidLogo, type LogoType } from './logo-image.ts';
import { findOrganization, organizationOut } from './organizations.repo.ts';
import type { OrganizationOut } from './organizations.schemas.ts';

export interface StoredLogo {
  contentType: LogoType;
  bytes: Buffer;
  updatedAt: string;
}

/** The organization's logo, or null. Documents use this to print it. */
export async function findLogo(db: Executor, orgId: string): Promise<StoredLogo | null> {
  const row = await db
    .selectFrom('organization_logos')
    .select(['content_type', 'data', 'updated_at'])
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  if (!row) return null;
  return { contentType: row.content_type as LogoType, bytes: Buffer.from(row.data, 'base64'), updatedAt: row.updated_at };
}

async function logoFacts(db: Executor, orgId: string): Promise<{ content_type: string; byte_size: number } | null> {
  const row = await db
    .selectFrom('organization_logos')
    .select(['content_type', 'byte_size'])
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  return row ?? null;
}

export async function putLogo(ctx: RequestContext, type: LogoType, bytes: Buffer): Promise<OrganizationOut> {
  assertValidLogo(type, bytes);
  const now = nowIso(ctx.clock);
  return inTransaction(ctx.db, async (trx) => {
    const before = await logoFacts(trx, ctx.orgId);
    const values = { content_type: type, data: bytes.toString('base64'), byte_size: bytes.length, updated_at: now };
    await trx
      .insertInto('organization_logos')
      .values({ organization_id: ctx.orgId, ...values })
      .onConflict((oc) => oc.column('organization_id').doUpdateSet(values))
      .execute();
    await emit(trx, ctx, { type: 'organization.logo_updated', resource: { type: 'organization', id: ctx.orgId },
      before,
      after: { content_type: type, byte_size: bytes.length },
    });
    const org = await findOrganization(trx, ctx.orgId);
    if (!org) throw AppError.notFound('Organization');
    return organizationOut(org);
  });
}

export async function deleteLogo(ctx: RequestContext): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const before = await logoFacts(trx, ctx.orgId);
    if (!before) throw AppError.notFound('Logo');
    await trx.deleteFrom('organization_logos').where('organization_id', '=', ctx.orgId).execute();
    await emit(trx, ctx, { type: 'organization.logo_removed', resource: { type: 'organization', id: ctx.orgId }, before });
  });
}
