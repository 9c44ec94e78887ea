/** Every business module's routes, mounted under /api/v1. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app.ts';
import { registerAuthRoutes } from '../modules/auth/auth.routes.ts';
import { registerOrganizationRoutes } from '../modules/organizations/organizations.routes.ts';
import { registerCustomerRoutes } from '../modules/customers/customers.routes.ts';

export function registerModules(api: FastifyInstance, deps: AppDeps): void {
  registerAuthRoutes(api, deps);
  registerOrganizationRoutes(api, deps);
  registerCustomerRoutes(api, deps);
}
