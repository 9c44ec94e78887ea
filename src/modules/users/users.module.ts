/** The people of an organization and their roles. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerUserRoutes } from './users.routes.ts';

export const usersModule: SettleModule = {
  name: 'users',
  routes: (api, deps) => {
    registerUserRoutes(api, deps);
  },
};
