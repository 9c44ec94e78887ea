/** The events API: every public billing event, stored with its change. */
import type { SettleModule } from '../../kernel/module.ts';
import { eventStoreSubscriber } from './events.store.ts';
import { registerEventRoutes } from './events.routes.ts';

export const eventsModule: SettleModule = {
  name: 'events',
  routes: registerEventRoutes,
  subscribers: [eventStoreSubscriber],
};
