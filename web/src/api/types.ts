/**
 * Response types, taken from the server's own schemas (type-only imports: nothing of the
 * server is bundled), so the web app and the API cannot drift apart silently.
 */
export type { MeOut as Me } from '../../../src/modules/auth/auth.schemas.ts';
export type { CustomerOut as Customer } from '../../../src/modules/customers/customers.schemas.ts';
export type { OrganizationOut as Organization } from '../../../src/modules/organizations/organizations.schemas.ts';
export type Role = 'viewer' | 'sales' | 'accountant' | 'admin' | 'owner';
