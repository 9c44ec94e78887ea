/**
 * Billing instants follow the organization's time zone: when it changes (organization.updated,
 * in the same transaction), every pending `next_billing_at` is recomputed from its billing
 * date, so the generator's index stays true.
 */
import { organizationTimeZone, startOfLocalDay } from '../../domain/time-zone.ts';
import type { EventSubscriber } from '../../kernel/events.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';

export const timeZoneMovesSubscriber: EventSubscriber = {
  name: 'subscriptions: billing instants follow the time zone',
  types: ['organization.updated'],
  async handle(trx, ctx) {
    const org = await findOrganization(trx, ctx.orgId);
    if (!org) return;
    const zone = organizationTimeZone(org);
    const pending = await trx
      .selectFrom('subscriptions')
      .select(['id', 'next_billing_date', 'next_billing_at'])
      .where('organization_id', '=', ctx.orgId)
      .where('next_billing_date', 'is not', null)
      .execute();
    for (const row of pending) {
      if (row.next_billing_date === null) continue;
      const at = startOfLocalDay(row.next_billing_date, zone).toISOString();
      if (at === row.next_billing_at) continue;
      await trx.updateTable('subscriptions').set({ next_billing_at: at }).where('organization_id', '=', ctx.orgId).where('id', '=', row.id).execute();
    }
  },
};
