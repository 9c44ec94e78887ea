/** API tokens for other systems. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerApiTokenRoutes } from './api-tokens.ts';

export const apiTokensModule: SettleModule = {
  name: 'api-tokens',
  routes: (api, deps) => {
    registerApiTokenRoutes(api, deps);
  },
};
