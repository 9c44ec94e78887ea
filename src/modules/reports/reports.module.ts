/** Reports and the summaries they read. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerReportRoutes } from './reports.routes.ts';
import { summariesSubscriber } from './summaries/subscriber.ts';

export const reportsModule: SettleModule = {
  name: 'reports',
  routes: (api, deps) => {
    registerReportRoutes(api, deps);
  },
  subscribers: [summariesSubscriber],
};
