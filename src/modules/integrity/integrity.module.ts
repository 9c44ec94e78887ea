/** The tamper-evident chain of issued documents and its verification. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerIntegrityRoutes } from './integrity.routes.ts';

export const integrityModule: SettleModule = {
  name: 'integrity',
  routes: (api, deps) => {
    registerIntegrityRoutes(api, deps);
  },
};
