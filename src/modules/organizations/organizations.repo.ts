/**
 * Organizations are the tenants. These queries are the only ones not scoped by an
 * organization id from the request, because they select organizations by membership.
 */
import type { Executor } from '../../kernel/context.ts';
import type { OrganizationsTable } from '../../db/schema.ts';
import { organizationTimeZone } from '../../domain/time-zone.ts';
import { parseStoredAddress } from '../../kernel/http/schemas.ts';
import { electronicAddressOf } from '../../kernel/http/einvoice-schemas.ts';
import type { BankDetailsValue, OrganizationOut } from './organizations.schemas.ts';

/** An organization with when its logo last changed (null without a logo). */
export type OrganizationRow = OrganizationsTable & { logo_updated_at?: string | null };

export const LOGO_PATH = '/api/v1/organization/logo';

export function parseBankDetails(json: string | null): BankDetailsValue | null {
  if (json === null) return null;
  const stored = JSON.parse(json) as Partial<BankDetailsValue>;
  return {
    account_holder: stored.account_holder ?? null,
    bank_name: stored.bank_name ?? null,
    iban: stored.iban ?? null,
    bic: stored.bic ?? null,
    instructions: stored.instructions ?? null,
  };
}

export function organizationOut(row: OrganizationRow): OrganizationOut {
  const { logo_updated_at: logoUpdatedAt, electronic_address_scheme: _scheme, electronic_address_value: _value, ...org } = row;
  return {
    ...org,
    electronic_address: electronicAddressOf(row),
    address: parseStoredAddress(row.address),
    bank_details: parseBankDetails(row.bank_details),
    require_two_factor: row.require_two_factor === 1,
    time_zone: organizationTimeZone(row),
    time_zone_set: row.time_zone !== null,
    send_payment_receipts: row.send_payment_receipts === 1,
    // The version in the URL changes with the logo, so browsers never show a stale one.
    logo_url: logoUpdatedAt ? `${LOGO_PATH}?v=${Date.parse(logoUpdatedAt)}` : null,
  };
}

export async function findOrganization(db: Executor, orgId: string): Promise<OrganizationRow | undefined> {
  return db
    .selectFrom('organizations')
    .leftJoin('organization_logos', 'organization_logos.organization_id', 'organizations.id')
    .selectAll('organizations')
    .select('organization_logos.updated_at as logo_updated_at')
    .where('organizations.id', '=', orgId)
    .executeTakeFirst();
}

export async function organizationsOfUser(db: Executor, userId: string): Promise<(OrganizationRow & { role: string })[]> {
  return db
    .selectFrom('organizations')
    .innerJoin('memberships', 'memberships.organization_id', 'organizations.id')
    .leftJoin('organization_logos', 'organization_logos.organization_id', 'organizations.id')
    .selectAll('organizations')
    .select(['memberships.role', 'organization_logos.updated_at as logo_updated_at'])
    .where('memberships.user_id', '=', userId)
    .where('memberships.active', '=', 1)
    .orderBy('organizations.name')
    .orderBy('organizations.id')
    .execute();
}

export async function activeMembership(db: Executor, userId: string, orgId: string): Promise<{ role: string } | undefined> {
  return db
    .selectFrom('memberships')
    .select('role')
    .where('user_id', '=', userId)
    .where('organization_id', '=', orgId)
    .where('active', '=', 1)
    .executeTakeFirst();
}
