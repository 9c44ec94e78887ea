/**
 * Small factories for test data, made through the public API so tests exercise the same
 * paths as users. Shared by integration and end-to-end tests.
 */
import { expect } from 'vitest';
import type { Role } from '../../src/domain/roles.ts';
import { Client } from './http.ts';
import { testServerAt } from './server.ts';
import { operatorInvitationLink } from '../../src/cli/users.ts';

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

/**
 * The token of a fresh link for `email`'s pending invitation, made the way the server's
 * operator makes one (`settle users invite-link`) — the suites need not read mail for
 * every user they create; test/integration/invitations.test.ts reads the real e-mails.
 */
export async function invitationToken(baseUrl: string, email: string): Promise<string> {
  const link = await operatorInvitationLink(testServerAt(baseUrl).db, baseUrl, email);
  if ('error' in link) throw new Error(link.error);
  return new URL(link.url).searchParams.get('token') ?? '';
}

/** Invites a user with `role` into the owner's current organization; they accept (choosing their password) and are signed in. */
export async function userWithRole(owner: Client, role: Role, email = `${unique(role)}@example.com`): Promise<Client> {
  const created = await owner.post('/api/v1/users', { name: `A ${role}`, email, role });
  expect(created.status, created.text).toBe(201);
  const client = new Client(owner.baseUrl);
  const accepted = await client.post('/api/v1/auth/invitations/accept', { token: await invitationToken(owner.baseUrl, email), password: USER_PASSWORD });
  expect(accepted.status, accepted.text).toBe(200);
  expect(accepted.body.signed_in).toBe(true);
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
