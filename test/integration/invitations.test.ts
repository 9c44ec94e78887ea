/**
 * Accounts across organizations: nobody but the owner of an e-mail address chooses its
 * password or joins on its behalf. Invitations and password resets travel as single-use
 * links e-mailed to the address (read here from a real SMTP server); an admin can neither
 * set nor learn another person's password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { OWNER_PASSWORD, USER_PASSWORD, invitationToken, setupOwner, unique, userWithRole } from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';

const PUBLIC_URL = 'https://billing.acme.example';

describeEachDb('invitations and passwords', (kind) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let owner: Client;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { env: { SMTP_URL: smtp.url, PUBLIC_URL, ALLOW_ORGANIZATION_CREATION: 'all' } });
    owner = await setupOwner(server.url);
  });
  afterAll(async () => {
    await server.close();
    await smtp.stop();
  });

  /**
   * The messages to `address` whose subject contains `about`. (The factory that signs users
   * in makes its own invitation link, which ends the e-mailed one: whether that first
   * invitation e-mail went out before depends on the worker, so tests pick mail by subject.)
   */
  const mailsTo = (address: string, about: string) => smtp.received.filter((m) => m.rcptTo.includes(address) && (m.mail.subject ?? '').includes(about));

  /** Waits for the `nth` such message (the background worker delivers it) and returns it. */
  async function mailTo(address: string, about: string, nth = 1) {
    await server.app.jobs.runDueJobs();
    await expect.poll(() => mailsTo(address, about).length, { timeout: 15_000, interval: 25 }).toBeGreaterThanOrEqual(nth);
    return mailsTo(address, about)[nth - 1]!.mail;
  }
  const RESET = 'Reset your Settle password';

  function tokenFrom(text: string, path: string): string {
    const match = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}${path}\\?token=([\\w-]+)`).exec(text);
    expect(match, text).not.toBeNull();
    return match![1]!;
  }

  describe('the cross-organization takeover from the drill', () => {
    it('ends with no access to organization A', async () => {
      const cfo = `${unique('cfo')}@a.example`;
      // The attacker: a viewer of A who opens an organization of their own.
      const attacker = await userWithRole(owner, 'viewer');
      const own = await attacker.post('/api/v1/organizations', { name: 'Attacker Ltd', currency: 'EUR' });
      expect(own.status, own.text).toBe(201);
      expect((await attacker.post('/api/v1/auth/switch-organization', { organization_id: own.body.id })).status).toBe(200);

      // Step 1 of the attack: choose the password of A's CFO. Refused, naming the field, nothing stored.
      const planted = await attacker.post('/api/v1/users', { name: 'CFO', email: cfo, role: 'admin', password: 'chosen-by-the-attacker-1' });
      expect(planted.status).toBe(422);
      expect(planted.body.errors).toEqual([{ path: 'password', message: expect.stringContaining('nobody sets another person') }]);
      expect(await server.db.kysely.selectFrom('users').select('id').where('email', '=', cfo).executeTakeFirst()).toBeUndefined();

      // Without a password the attacker can only invite: the link goes to the CFO's inbox, not to them.
      const invited = await attacker.post('/api/v1/users', { name: 'CFO', email: cfo, role: 'admin' });
      expect(invited.status, invited.text).toBe(201);
      expect(invited.body).toMatchObject({ status: 'invited', active: false, has_password: false, invitation: { delivery: 'email' } });
      expect(JSON.stringify(invited.body)).not.toMatch(/token=/);
      // The account has no password, so nobody can sign in as the CFO.
      for (const password of ['chosen-by-the-attacker-1', '']) {
        expect((await new Client(server.url).post('/api/v1/auth/login', { email: cfo, password })).status).toBe(401);
      }

      // A's admin adds the CFO: another invitation, again only to the CFO's address.
      const addedToA = await owner.post('/api/v1/users', { name: 'CFO', email: cfo, role: 'admin' });
      expect(addedToA.status, addedToA.text).toBe(201);
      expect(addedToA.body.status).toBe('invited');
      // Until the CFO accepts, the membership grants nothing.
      const cfoRow = await server.db.kysely.selectFrom('users').select(['id', 'password_hash']).where('email', '=', cfo).executeTakeFirstOrThrow();
      expect(cfoRow.password_hash).toBeNull();
      const attackerView = await attacker.get('/api/v1/users');
      expect(attackerView.body.data.find((u: { email: string }) => u.email === cfo)).toMatchObject({ status: 'invited' });

      // The real CFO accepts A's invitation from their inbox and chooses their password.
      // The attacker's invitation reached the CFO's inbox too — where it is harmless.
      await mailTo(cfo, 'Attacker Ltd');
      const mail = await mailTo(cfo, 'Acme GmbH');
      const cfoClient = new Client(server.url);
      const accepted = await cfoClient.post('/api/v1/auth/invitations/accept', { token: tokenFrom(mail.text ?? '', '/invitation'), password: 'the-cfo-own-choice-7' });
      expect(accepted.status, accepted.text).toBe(200);
      expect(accepted.body).toMatchObject({ signed_in: true, role: 'admin' });
      expect((await cfoClient.get('/api/v1/customers')).status).toBe(200);

      // The attacker still has no way in: their password is not the CFO's, their invitation is pending.
      const attempt = new Client(server.url);
      expect((await attempt.post('/api/v1/auth/login', { email: cfo, password: 'chosen-by-the-attacker-1' })).status).toBe(401);
      expect((await attacker.post('/api/v1/api-tokens', { name: 'lasting', role: 'admin' })).status).toBe(201); // in their own org only
      const me = await attacker.get('/api/v1/auth/me');
      expect(me.body.organizations.map((o: { name: string }) => o.name).sort()).toEqual(['Acme GmbH', 'Attacker Ltd']);
      expect(me.body.organizations.find((o: { name: string }) => o.name === 'Acme GmbH').role).toBe('viewer');
    });

    it('never lets an admin set or learn another person’s password', async () => {
      const member = await userWithRole(owner, 'sales');
      const me = await member.get('/api/v1/auth/me');
      const patched = await owner.patch(`/api/v1/users/${me.body.user.id}`, { password: 'admin-picked-password-9' });
      expect(patched.status).toBe(422);
      expect(patched.body.errors[0].path).toBe('password');
      // The member's own password still works; the admin's does not.
      expect((await new Client(server.url).post('/api/v1/auth/login', { email: me.body.user.email, password: USER_PASSWORD })).status).toBe(200);
      expect((await new Client(server.url).post('/api/v1/auth/login', { email: me.body.user.email, password: 'admin-picked-password-9' })).status).toBe(401);
    });
  });

  describe('invitations', () => {
    it('e-mails a single-use link; the invitee sees the organization, chooses a password, joins and is signed in', async () => {
      const email = `${unique('ivy')}@example.com`;
      const invited = await owner.post('/api/v1/users', { name: 'Ivy Invitee', email, role: 'accountant' });
      expect(invited.status, invited.text).toBe(201);
      expect(invited.body.invitation.expires_at).toBe('2026-11-30T10:00:00.000Z');
      const mail = await mailTo(email, 'invited you');
      expect(mail.subject).toBe('Olivia Owner invited you to Acme GmbH on Settle');
      expect(mail.text).toContain('as accountant');
      expect(mail.html).toContain(`<a href="${PUBLIC_URL}/invitation?token=`);
      const token = tokenFrom(mail.text ?? '', '/invitation');

      // Only the hash of the token is stored.
      const stored = await server.db.kysely.selectFrom('account_tokens').select('token_hash').where('user_id', '=', invited.body.id).execute();
      expect(JSON.stringify(stored)).not.toContain(token);

      const anonymous = new Client(server.url);
      const lookup = await anonymous.post('/api/v1/auth/invitations/lookup', { token });
      expect(lookup.status, lookup.text).toBe(200);
      expect(lookup.body).toMatchObject({ email, organization: { name: 'Acme GmbH' }, role: 'accountant', invited_by: 'Olivia Owner', needs_password: true });

      // The password rules apply, with the reason.
      const weak = await anonymous.post('/api/v1/auth/invitations/accept', { token, password: 'password12' });
      expect(weak.status).toBe(422);
      expect(weak.body.errors[0]).toMatchObject({ path: 'password', message: expect.stringContaining('too easy to guess') });
      const missing = await anonymous.post('/api/v1/auth/invitations/accept', { token });
      expect(missing.body.errors[0].path).toBe('password');

      const accepted = await anonymous.post('/api/v1/auth/invitations/accept', { token, password: 'ivy-chooses-this-one' });
      expect(accepted.status, accepted.text).toBe(200);
      expect((await anonymous.get('/api/v1/auth/me')).body).toMatchObject({ role: 'accountant', organization: { name: 'Acme GmbH' } });
      const listed = await owner.get(`/api/v1/users/${invited.body.id}`);
      expect(listed.body).toMatchObject({ status: 'active', active: true, has_password: true });

      // Used once: the same link now does nothing.
      const again = await new Client(server.url).post('/api/v1/auth/invitations/accept', { token, password: 'another-password-77' });
      expect(again.status).toBe(422);
      expect(again.body.errors[0].path).toBe('token');
      const audit = await owner.get('/api/v1/audit-events?resource_id=' + invited.body.id);
      expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['user.invited', 'user.joined']));
    });

    it('adds an existing account only when its owner accepts, and keeps its password', async () => {
      const email = `${unique('multi')}@example.com`;
      await userWithRole(owner, 'viewer', email); // has a password in Acme
      const other = await owner.post('/api/v1/organizations', { name: unique('Second'), currency: 'EUR' });
      const ownerInOther = new Client(server.url);
      await ownerInOther.post('/api/v1/auth/login', { email: 'owner@example.com', password: OWNER_PASSWORD });
      await ownerInOther.post('/api/v1/auth/switch-organization', { organization_id: other.body.id });
      const invited = await ownerInOther.post('/api/v1/users', { name: 'ignored', email, role: 'sales' });
      expect(invited.body).toMatchObject({ status: 'invited', has_password: true });

      const member = new Client(server.url);
      await member.post('/api/v1/auth/login', { email, password: USER_PASSWORD });
      // Not yet a member of the second organization.
      expect((await member.post('/api/v1/auth/switch-organization', { organization_id: other.body.id })).status).toBe(404);

      const token = tokenFrom((await mailTo(email, other.body.name)).text ?? '', '/invitation');
      const lookup = await new Client(server.url).post('/api/v1/auth/invitations/lookup', { token });
      expect(lookup.body.needs_password).toBe(false);
      const withPassword = await new Client(server.url).post('/api/v1/auth/invitations/accept', { token, password: 'replace-it-please-1' });
      expect(withPassword.status).toBe(422);
      expect(withPassword.body.errors[0].path).toBe('password');
      const accepted = await new Client(server.url).post('/api/v1/auth/invitations/accept', { token });
      expect(accepted.body).toMatchObject({ signed_in: false, role: 'sales' });
      expect((await member.post('/api/v1/auth/switch-organization', { organization_id: other.body.id })).status).toBe(200);
      expect((await new Client(server.url).post('/api/v1/auth/login', { email, password: USER_PASSWORD })).status).toBe(200);
    });

    it('resends with a new link (the old one stops working), refuses activation by the admin, and withdraws', async () => {
      const email = `${unique('late')}@example.com`;
      const invited = await owner.post('/api/v1/users', { name: 'Late Larry', email, role: 'viewer' });
      const first = tokenFrom((await mailTo(email, 'invited you')).text ?? '', '/invitation');
      const activate = await owner.patch(`/api/v1/users/${invited.body.id}`, { active: true });
      expect(activate.status).toBe(409);
      expect(activate.body.errors[0].path).toBe('active');
      expect((await owner.post('/api/v1/users', { name: 'Late Larry', email, role: 'viewer' })).status).toBe(409);

      const resent = await owner.post(`/api/v1/users/${invited.body.id}/invitation`);
      expect(resent.status, resent.text).toBe(200);
      const second = tokenFrom((await mailTo(email, 'invited you', 2)).text ?? '', '/invitation');
      expect(second).not.toBe(first);
      expect((await new Client(server.url).post('/api/v1/auth/invitations/lookup', { token: first })).status).toBe(422);
      expect((await new Client(server.url).post('/api/v1/auth/invitations/lookup', { token: second })).status).toBe(200);

      expect((await owner.delete(`/api/v1/users/${invited.body.id}`)).status).toBe(204);
      expect((await new Client(server.url).post('/api/v1/auth/invitations/accept', { token: second, password: 'too-late-larry-42' })).status).toBe(422);
    });

    it('rejects bad input naming the field', async () => {
      const anonymous = new Client(server.url);
      for (const body of [{}, { token: '' }, { token: 42 }, { token: 'x'.repeat(500) }, { token: 'nope', extra: 1 }]) {
        const response = await anonymous.post('/api/v1/auth/invitations/accept', body);
        expect(response.status, JSON.stringify(body)).toBe(422);
      }
      const unknown = await anonymous.post('/api/v1/auth/invitations/lookup', { token: "' or 1=1 --" });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0].path).toBe('token');
    });

    it('answers malformed reset and password requests with 422 naming the field, changing nothing', async () => {
      const anonymous = new Client(server.url);
      const cases: [string, unknown, string][] = [
        ['/api/v1/auth/password-reset/request', {}, 'email'],
        ['/api/v1/auth/password-reset/request', { email: 42 }, 'email'],
        ['/api/v1/auth/password-reset/request', { email: 'x'.repeat(300) }, 'email'],
        ['/api/v1/auth/password-reset/confirm', { token: 'whatever' }, 'password'],
        ['/api/v1/auth/password-reset/confirm', { token: 'whatever', password: 'a-perfectly-fine-one-9' }, 'token'],
        ['/api/v1/auth/password-reset/confirm', { token: ['x'], password: 'a-perfectly-fine-one-9' }, 'token'],
      ];
      for (const [path, body, field] of cases) {
        const response = await anonymous.post(path, body);
        expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(422);
        expect(response.body.errors.map((e: { path: string }) => e.path), `${path} ${JSON.stringify(body)}`).toContain(field);
      }
      const signedIn = await userWithRole(owner, 'viewer');
      for (const [body, field] of [
        [{ new_password: 'a-perfectly-fine-one-9' }, 'current_password'],
        [{ current_password: USER_PASSWORD }, 'new_password'],
        [{ current_password: USER_PASSWORD, new_password: 'x'.repeat(300) }, 'new_password'],
        [{ current_password: USER_PASSWORD, new_password: '          ' }, 'new_password'],
      ] as const) {
        const response = await signedIn.post('/api/v1/auth/change-password', body);
        expect(response.status, JSON.stringify(body)).toBe(422);
        expect(response.body.errors[0].path).toBe(field);
      }
      expect((await signedIn.post('/api/v1/auth/2fa/enable', { code: 123456 })).body.errors[0].path).toBe('code');
      // Nothing changed: the password still works.
      const me = (await signedIn.get('/api/v1/auth/me')).body;
      expect((await new Client(server.url).post('/api/v1/auth/login', { email: me.user.email, password: USER_PASSWORD })).status).toBe(200);
    });
  });

  describe('password reset', () => {
    it('answers the same for unknown addresses, mails a one-hour single-use link, and ends every session', async () => {
      const email = `${unique('forgetful')}@example.com`;
      const member = await userWithRole(owner, 'viewer', email);
      const anonymous = new Client(server.url);
      const unknown = await anonymous.post('/api/v1/auth/password-reset/request', { email: 'nobody@nowhere.example' });
      const known = await anonymous.post('/api/v1/auth/password-reset/request', { email: email.toUpperCase() });
      expect([unknown.status, known.status]).toEqual([202, 202]);
      expect(unknown.body).toEqual(known.body);

      const mail = await mailTo(email, RESET);
      expect(smtp.received.some((m) => m.rcptTo.includes('nobody@nowhere.example'))).toBe(false);
      const token = tokenFrom(mail.text ?? '', '/reset-password');

      const weak = await anonymous.post('/api/v1/auth/password-reset/confirm', { token, password: email });
      expect(weak.status).toBe(422);
      expect(weak.body.errors[0]).toEqual({ path: 'password', message: 'must not be your e-mail address or name' });

      // An hour later the link has expired.
      server.clock.advance(61 * 60 * 1000);
      const expired = await anonymous.post('/api/v1/auth/password-reset/confirm', { token, password: 'fresh-start-password-5' });
      expect(expired.status).toBe(422);
      expect(expired.body.errors[0].path).toBe('token');

      await anonymous.post('/api/v1/auth/password-reset/request', { email });
      const fresh = tokenFrom((await mailTo(email, RESET, 2)).text ?? '', '/reset-password');
      const confirmed = await anonymous.post('/api/v1/auth/password-reset/confirm', { token: fresh, password: 'fresh-start-password-5' });
      expect(confirmed.status, confirmed.text).toBe(204);
      expect((await member.get('/api/v1/auth/me')).status).toBe(401); // signed out everywhere
      expect((await anonymous.post('/api/v1/auth/password-reset/confirm', { token: fresh, password: 'second-use-password-6' })).status).toBe(422);
      expect((await new Client(server.url).post('/api/v1/auth/login', { email, password: USER_PASSWORD })).status).toBe(401);
      expect((await new Client(server.url).post('/api/v1/auth/login', { email, password: 'fresh-start-password-5' })).status).toBe(200);
    });

    it('makes at most three reset links an hour for one address, and only the newest works', async () => {
      const email = `${unique('flooded')}@example.com`;
      const member = await userWithRole(owner, 'viewer', email);
      const id = (await member.get('/api/v1/auth/me')).body.user.id;
      for (let i = 0; i < 6; i++) expect((await new Client(server.url).post('/api/v1/auth/password-reset/request', { email })).status).toBe(202);
      await mailTo(email, RESET);
      const queue = () => server.db.kysely.selectFrom('jobs').select('id').where('kind', '=', 'account.email').where('status', 'in', ['pending', 'running']).execute();
      await expect.poll(async () => (await queue()).length, { timeout: 15_000, interval: 25 }).toBe(0);
      const links = await server.db.kysely.selectFrom('account_tokens').select('used_at').where('user_id', '=', id).where('purpose', '=', 'password_reset').execute();
      expect(links).toHaveLength(3);
      expect(links.filter((l) => l.used_at === null)).toHaveLength(1);
      // A link that was ended before its e-mail went out is not sent at all.
      const sent = mailsTo(email, RESET);
      expect(sent.length).toBeGreaterThanOrEqual(1);
      expect(sent.length).toBeLessThanOrEqual(3);
      const newest = tokenFrom(sent[sent.length - 1]!.mail.text ?? '', '/reset-password');
      expect((await new Client(server.url).post('/api/v1/auth/password-reset/confirm', { token: newest, password: 'flood-survivor-pass-3' })).status).toBe(204);
    });
  });

  describe('changing one’s own password', () => {
    it('needs the current password, applies the rules, and ends the other sessions only', async () => {
      const email = `${unique('changer')}@example.com`;
      const first = await userWithRole(owner, 'viewer', email);
      const second = new Client(server.url);
      await second.post('/api/v1/auth/login', { email, password: USER_PASSWORD });

      const wrong = await first.post('/api/v1/auth/change-password', { current_password: 'not-my-password', new_password: 'brand-new-secret-8' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors[0].path).toBe('current_password');
      const weak = await first.post('/api/v1/auth/change-password', { current_password: USER_PASSWORD, new_password: '1234567890' });
      expect(weak.body.errors[0]).toMatchObject({ path: 'new_password', message: expect.stringContaining('too easy to guess') });

      const changed = await first.post('/api/v1/auth/change-password', { current_password: USER_PASSWORD, new_password: 'brand-new-secret-8' });
      expect(changed.status, changed.text).toBe(204);
      expect((await first.get('/api/v1/auth/me')).status).toBe(200);
      expect((await second.get('/api/v1/auth/me')).status).toBe(401);
    });
  });
});

describeEachDb('who may create organizations (ALLOW_ORGANIZATION_CREATION)', (kind) => {
  for (const [setting, viewer, owner] of [
    [undefined, 403, 201],
    ['owners', 403, 201],
    ['all', 201, 201],
    ['true', 201, 201],
    ['none', 403, 403],
  ] as const) {
    it(`${setting ?? '(default)'}: a viewer gets ${viewer}, an owner ${owner}`, async () => {
      const server = await startTestServer(kind, { env: setting === undefined ? {} : { ALLOW_ORGANIZATION_CREATION: setting } });
      try {
        const ownerClient = await setupOwner(server.url);
        const viewerClient = await userWithRole(ownerClient, 'viewer');
        expect((await viewerClient.post('/api/v1/organizations', { name: 'Mine', currency: 'EUR' })).status).toBe(viewer);
        expect((await ownerClient.post('/api/v1/organizations', { name: 'Second', currency: 'EUR' })).status).toBe(owner);
      } finally {
        await server.close();
      }
    });
  }
});

describe('invitation tokens for the factories', () => {
  it('are refused for an address without a pending invitation', async () => {
    const server = await startTestServer('sqlite');
    try {
      await setupOwner(server.url);
      await expect(invitationToken(server.url, 'owner@example.com')).rejects.toThrow(/no pending invitation/);
    } finally {
      await server.close();
    }
  });
});
