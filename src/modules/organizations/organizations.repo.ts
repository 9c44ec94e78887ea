/**
 * Organizations are the tenants. These queries are the only ones not scoped by an
 * organization id from the request, because they select organizations by membership.
 */
import type { Executor } from '../../server/context.ts';
import type { OrganizationsTable } from '../../db/schema.ts';
import { parseStoredAddress } from '../../server/schemas.ts';
import type { OrganizationOut } from './organizations.schemas.ts';

export function organizationOut(row: OrganizationsTable): OrganizationOut {
  return { ...row, address: parseStoredAddress(row.address) };
}

export async function findOrganization(db: Executor, orgId: string): Promise<OrganizationsTable | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirst();
}

export async function organizationsOfUser(db: Executor, userId: string): Promise<(OrganizationsTable & { role: string })[]> {
  return db
    .selectFrom('organizations')
    .innerJoin('memberships', 'memberships.organization_id', 'organizations.id')
    .selectAll('organizations')
    .select('memberships.role')
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
