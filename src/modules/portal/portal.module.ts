/** The customer portal: portal links (API) and the portal's pages (/portal/{token}). */
import type { SettleModule } from '../../kernel/module.ts';
import './portal.events.ts';
import { registerPortalPages } from './portal-pages.routes.ts';
import { registerPortalRoutes } from './portal.routes.ts';

export const portalModule: SettleModule = {
  name: 'portal',
  routes: registerPortalRoutes,
  pages: registerPortalPages,
};
