/** The audit log: who changed what, when. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerAuditRoutes } from './audit.routes.ts';
import { auditSubscriber } from './audit.subscriber.ts';

export const auditModule: SettleModule = {
  name: 'audit',
  routes: (api, deps) => {
    registerAuditRoutes(api, deps);
  },
  subscribers: [auditSubscriber],
};
