/** The organization's settings, logo and the organizations a person belongs to. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerOrganizationRoutes } from './organizations.routes.ts';

export const organizationsModule: SettleModule = {
  name: 'organizations',
  routes: (api, deps) => {
    registerOrganizationRoutes(api, deps);
  },
};
