/**
 * The audit log as a subscriber of the event stream: every event, public or not, becomes an
 * audit entry with its state before and after, in the transaction of the change. Derived
 * events (`audit: false`, e.g. invoice.paid beside the payment that paid it) are left out,
 * so each action a person took is listed once.
 */
import type { EventSubscriber } from '../../kernel/events.ts';
import { recordAudit } from './audit.repo.ts';

export const auditSubscriber: EventSubscriber = {
  name: 'audit log',
  types: 'all',
  async handle(trx, ctx, event) {
    if (event.audit === false) return;
    await recordAudit(trx, ctx, {
      action: event.audit?.action ?? event.type,
      resourceType: event.resource.type,
      resourceId: event.resource.id,
      before: event.before,
      after: event.after,
    });
  },
};
