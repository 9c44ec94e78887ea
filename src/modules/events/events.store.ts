/**
 * The events API's store: every public event is written to `events` in the transaction of
 * its change, with the resource exactly as the API returned it, so `GET /events` and webhook
 * deliveries describe the same thing under the same id.
 */
import { isPublicEventType, publishedObject, type EventSubscriber } from '../../kernel/events.ts';

export const eventStoreSubscriber: EventSubscriber = {
  name: 'event store',
  types: 'public',
  async handle(trx, ctx, event) {
    if (!isPublicEventType(event.type)) return;
    await trx
      .insertInto('events')
      .values({
        id: event.id,
        organization_id: ctx.orgId,
        type: event.type,
        resource_type: event.resource.type,
        resource_id: event.resource.id,
        object: JSON.stringify(publishedObject(event) ?? null),
        created_at: event.createdAt,
      })
      .execute();
  },
};
