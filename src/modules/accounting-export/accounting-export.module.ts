/** The accountant's exports: the double-entry journal (JSON, CSV, DATEV) and its chart of accounts. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerJournalRoutes } from './journal.routes.ts';

export const accountingExportModule: SettleModule = {
  name: 'accounting-export',
  routes: (api, deps) => {
    registerJournalRoutes(api, deps);
  },
};
