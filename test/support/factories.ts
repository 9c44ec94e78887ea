/**
 * Small factories for test data, made through the public API so tests exercise the same
 * paths as users. Shared by integration and end-to-end tests.
 */
import { expect } from 'vitest';
import type { Role } from '../../src/domain/roles.ts';
import { Client } from './http.ts';

export const OWNER_PASSWORD = 'owner-password-123';
export const USER_PASSWORD = 'user-password-123';

let counter = 0;
export function unique(label: string): string {
  counter += 1;
  return `${label}-${process.pid}-${counter}`;
}

/** Runs first-run setup and returns the owner's signed-in client. */
export async function setupOwner(baseUrl: string, org: { name?: string; currency?: string } = {}): Promise<Client> {
  const client = new Client(baseUrl);
  const response = await client.post('/api/v1/setup', {
    organization: { name: org.name ?? 'Acme GmbH', currency: org.currency ?? 'EUR', country: 'DE' },
    user: { name: 'Olivia Owner', email: 'owner@example.com', password: OWNER_PASSWORD },
  });
  expect(response.status, response.text).toBe(201);
  return client;
}

/** Creates a user with `role` in the owner's current organization and signs them in. */
export async function userWithRole(owner: Client, role: Role): Promise<Client> {
  const email = `${unique(role)}@example.com`;
  const created = await owner.post('/api/v1/users', { name: `A ${role}`, email, role, password: USER_PASSWORD });
  expect(created.status, created.text).toBe(201);
  const client = new Client(owner.baseUrl);
  const login = await client.post('/api/v1/auth/login', { email, password: USER_PASSWORD });
  expect(login.status, login.text).toBe(200);
  return client;
}

/** An organization of its own (a second tenant), with its owner signed in to it. */
export async function secondOrganization(owner: Client, name = 'Other Ltd'): Promise<Client> {
  const client = new Client(owner.baseUrl);
  client.cookie = owner.cookie;
  const org = await owner.post('/api/v1/organizations', { name, currency: 'USD' });
  expect(org.status, org.text).toBe(201);
  // A separate session, so switching it does not move the caller's own session.
  const login = await client.post('/api/v1/auth/login', { email: 'owner@example.com', password: OWNER_PASSWORD });
  expect(login.status).toBe(200);
  const switched = await client.post('/api/v1/auth/switch-organization', { organization_id: org.body.id });
  expect(switched.status, switched.text).toBe(200);
  return client;
}

export async function createCustomer(client: Client, fields: Record<string, unknown> = {}): Promise<any> {
  const response = await client.post('/api/v1/customers', { name: unique('Customer'), email: 'billing@example.com', ...fields });
  expect(response.status, response.text).toBe(201);
  return response.body;
}
