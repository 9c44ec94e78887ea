/** Credit notes. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerCreditNoteRoutes } from './credit-notes.routes.ts';

export const creditNotesModule: SettleModule = {
  name: 'credit-notes',
  routes: (api, deps) => {
    registerCreditNoteRoutes(api, deps);
  },
};
