/**
 * Two-factor sign-in (TOTP), the organization rule that requires it of admins and owners,
 * the sessions list, sign-in audit events, and the e-mail after repeated failed sign-ins.
 * Codes are made from the secret at the server's (fixed, movable) clock, as an
 * authenticator app would make them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { OWNER_PASSWORD, USER_PASSWORD, setupOwner, unique, userWithRole } from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';
import { totpCode } from '../../src/modules/auth/totp.ts';

describeEachDb('two-factor sign-in', (kind) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let owner: Client;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { env: { SMTP_URL: smtp.url, LOGIN_MAX_FAILURES: '3' } });
    owner = await setupOwner(server.url);
  });
  afterAll(async () => {
    await server.close();
    await smtp.stop();
  });

  const code = (secret: string) => totpCode(secret, server.clock.now());
  const nextStep = () => server.clock.advance(30_000);

  /** A member with 2FA turned on; returns their signed-in client, e-mail, secret and recovery codes. */
  async function memberWithTwoFactor(role: 'viewer' | 'admin' = 'viewer') {
    const email = `${unique('tfa')}@example.com`;
    const client = await userWithRole(owner, role, email);
    const setup = await client.post('/api/v1/auth/2fa/setup');
    expect(setup.status, setup.text).toBe(200);
    const enabled = await client.post('/api/v1/auth/2fa/enable', { code: code(setup.body.secret) });
    expect(enabled.status, enabled.text).toBe(200);
    nextStep(); // the enabling code's time step is used up
    return { client, email, secret: setup.body.secret as string, recovery: enabled.body.recovery_codes as string[] };
  }

  /**
   * The password step. Browsers get the challenge back in an HttpOnly cookie; this test
   * client keeps only the session cookie, so `code()` sends the challenge in the body as an
   * API client would.
   */
  async function passwordStep(email: string, password = USER_PASSWORD) {
    const client = new Client(server.url);
    const first = await client.post('/api/v1/auth/login', { email, password });
    const challenge = first.body.challenge as string | undefined;
    const secondStep = (body: Record<string, unknown>) => client.post('/api/v1/auth/login/2fa', { challenge, ...body });
    return { client, first, secondStep };
  }

  describe('turning it on', () => {
    it('needs a correct code from the app, then answers ten single-use recovery codes once', async () => {
      const email = `${unique('enabler')}@example.com`;
      const member = await userWithRole(owner, 'viewer', email);
      const elsewhere = new Client(server.url);
      expect((await elsewhere.post('/api/v1/auth/login', { email, password: USER_PASSWORD })).status).toBe(200);
      expect((await member.post('/api/v1/auth/2fa/enable', { code: '123456' })).status).toBe(409); // no setup yet
      const setup = await member.post('/api/v1/auth/2fa/setup');
      expect(setup.body.otpauth_url).toMatch(/^otpauth:\/\/totp\/Settle:.+\?.*secret=[A-Z2-7]+/);
      const wrong = await member.post('/api/v1/auth/2fa/enable', { code: '12345' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors[0].path).toBe('code');
      expect((await member.get('/api/v1/auth/me')).body.two_factor).toEqual({ enabled: false, required: false });

      const enabled = await member.post('/api/v1/auth/2fa/enable', { code: code(setup.body.secret) });
      expect(enabled.status).toBe(200);
      // A browser signed in before must sign in again, now with a code; this one stays.
      expect((await elsewhere.get('/api/v1/auth/me')).status).toBe(401);
      expect((await member.get('/api/v1/auth/me')).status).toBe(200);
      expect(enabled.body.recovery_codes).toHaveLength(10);
      expect(new Set(enabled.body.recovery_codes).size).toBe(10);
      expect((await member.get('/api/v1/auth/me')).body.two_factor.enabled).toBe(true);
      // Stored hashed only.
      const stored = await server.db.kysely.selectFrom('recovery_codes').select('code_hash').execute();
      expect(JSON.stringify(stored)).not.toContain(enabled.body.recovery_codes[0]);
      expect((await member.post('/api/v1/auth/2fa/setup')).status).toBe(409);
    });
  });

  describe('signing in', () => {
    it('grants nothing after the password until a current code is given; a code works once', async () => {
      const { email, secret } = await memberWithTwoFactor();
      const { client, first, secondStep } = await passwordStep(email);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ two_factor_required: true, challenge: expect.any(String) });
      expect(first.headers.get('set-cookie')).toMatch(/^settle_2fa=[\w-]+;.*Path=\/api\/v1\/auth;.*HttpOnly/);
      expect((await client.get('/api/v1/auth/me')).status).toBe(401);
      expect((await client.get('/api/v1/customers')).status).toBe(401);

      expect((await secondStep({ code: '99999' })).status).toBe(401);
      const current = code(secret);
      const second = await secondStep({ code: current });
      expect(second.status, second.text).toBe(200);
      expect(second.body.user.email).toBe(email);
      expect((await client.get('/api/v1/customers')).status).toBe(200);

      // The same code cannot be replayed by someone who overheard it.
      const replay = await passwordStep(email);
      expect((await replay.secondStep({ code: current })).status).toBe(401);
      nextStep();
      expect((await replay.secondStep({ code: code(secret) })).status).toBe(200);
    });

    it('takes the challenge from the body for API clients, and five wrong codes end it', async () => {
      const { email, secret } = await memberWithTwoFactor();
      const { first } = await passwordStep(email);
      const apiClient = new Client(server.url); // no cookie: the challenge in the body
      for (let i = 0; i < 5; i++) expect((await apiClient.post('/api/v1/auth/login/2fa', { challenge: first.body.challenge, code: '12345' })).status).toBe(401);
      const late = await apiClient.post('/api/v1/auth/login/2fa', { challenge: first.body.challenge, code: code(secret) });
      expect(late.status).toBe(401);
      expect(late.body.detail).toContain('enter your password again');
    });

    it('accepts each recovery code once', async () => {
      const { email, recovery } = await memberWithTwoFactor();
      const { secondStep } = await passwordStep(email);
      expect((await secondStep({ recovery_code: recovery[0]!.toUpperCase() })).status).toBe(200);
      const again = await passwordStep(email);
      expect((await again.secondStep({ recovery_code: recovery[0] })).status).toBe(401);
      expect((await again.secondStep({ recovery_code: recovery[1] })).status).toBe(200);
    });

    it('refuses bad input naming the field', async () => {
      const anonymous = new Client(server.url);
      expect((await anonymous.post('/api/v1/auth/login/2fa', { code: '123456' })).body.errors[0].path).toBe('challenge');
      expect((await anonymous.post('/api/v1/auth/login/2fa', { challenge: 'x', code: '1', recovery_code: 'y' })).status).toBe(422);
      expect((await anonymous.post('/api/v1/auth/login/2fa', { challenge: 'x', code: 123456 })).status).toBe(422);
    });

    it('turns off with the password; then signing in needs the password only', async () => {
      const { client, email } = await memberWithTwoFactor();
      expect((await client.post('/api/v1/auth/2fa/disable', { password: 'wrong-password-00' })).status).toBe(422);
      expect((await client.post('/api/v1/auth/2fa/disable', { password: USER_PASSWORD })).status).toBe(204);
      const { first } = await passwordStep(email);
      expect(first.body.user.email).toBe(email);
    });
  });

  describe('the organization rule', () => {
    it('holds admins without 2FA at their account settings until they turn it on; others are not affected', async () => {
      // Only someone who uses 2FA may require it.
      expect((await owner.patch('/api/v1/organization', { require_two_factor: true })).status).toBe(409);
      const ownerSetup = await owner.post('/api/v1/auth/2fa/setup');
      expect((await owner.post('/api/v1/auth/2fa/enable', { code: code(ownerSetup.body.secret) })).status).toBe(200);
      nextStep();
      const admin = await userWithRole(owner, 'admin');
      const viewer = await userWithRole(owner, 'viewer');
      const required = await owner.patch('/api/v1/organization', { require_two_factor: true });
      expect(required.status, required.text).toBe(200);
      expect(required.body.require_two_factor).toBe(true);

      const blocked = await admin.get('/api/v1/customers');
      expect(blocked.status).toBe(403);
      expect(blocked.body.detail).toContain('requires two-factor sign-in');
      expect((await admin.get('/api/v1/auth/me')).body.two_factor).toEqual({ enabled: false, required: true });
      expect((await viewer.get('/api/v1/customers')).status).toBe(200);
      expect((await owner.get('/api/v1/customers')).status).toBe(200);

      const setup = await admin.post('/api/v1/auth/2fa/setup');
      expect((await admin.post('/api/v1/auth/2fa/enable', { code: code(setup.body.secret) })).status).toBe(200);
      nextStep();
      expect((await admin.get('/api/v1/customers')).status).toBe(200);
      expect((await owner.patch('/api/v1/organization', { require_two_factor: false })).status).toBe(200);
      // The owner signs in with a code from now on.
      const ownerLogin = await new Client(server.url).post('/api/v1/auth/login', { email: 'owner@example.com', password: OWNER_PASSWORD });
      expect(ownerLogin.body.two_factor_required).toBe(true);
    });
  });

  describe('sessions and the audit log', () => {
    it('lists one’s sessions and signs another out, but never someone else’s', async () => {
      const email = `${unique('sessions')}@example.com`;
      const first = await userWithRole(owner, 'viewer', email);
      const second = new Client(server.url);
      await second.post('/api/v1/auth/login', { email, password: USER_PASSWORD }, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0' });
      const list = await first.get('/api/v1/auth/sessions');
      expect(list.body.data).toHaveLength(2);
      const other = list.body.data.find((s: { current: boolean }) => !s.current);
      expect(other).toMatchObject({ user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0', ip_address: '127.0.0.1' });
      // Another user cannot sign it out.
      expect((await owner.delete(`/api/v1/auth/sessions/${other.id}`)).status).toBe(404);
      expect((await first.delete(`/api/v1/auth/sessions/${other.id}`)).status).toBe(204);
      expect((await second.get('/api/v1/auth/me')).status).toBe(401);
      expect((await first.get('/api/v1/auth/me')).status).toBe(200);
    });

    it('records sign-ins and failed sign-ins, and e-mails the owner when an address reaches the limit', async () => {
      const email = `${unique('watched')}@example.com`;
      const member = await userWithRole(owner, 'viewer', email);
      const id = (await member.get('/api/v1/auth/me')).body.user.id;
      for (let i = 0; i < 3; i++) expect((await new Client(server.url).post('/api/v1/auth/login', { email, password: 'not-it-at-all-' + i })).status).toBe(401);
      expect((await new Client(server.url).post('/api/v1/auth/login', { email, password: USER_PASSWORD })).status).toBe(429);
      await server.app.jobs.runDueJobs();
      await expect.poll(() => smtp.received.filter((m) => m.rcptTo.includes(email) && m.mail.subject === 'Failed sign-in attempts on your Settle account').length, { timeout: 15_000 }).toBe(1);
      const notice = smtp.received.find((m) => m.rcptTo.includes(email) && m.mail.subject?.startsWith('Failed'))!;
      expect(notice.mail.text).toContain('3 failed attempts');
      expect(notice.mail.text).toContain('127.0.0.1');

      const audit = await owner.get(`/api/v1/audit-events?resource_id=${id}`);
      const actions = audit.body.data.map((e: { action: string }) => e.action);
      expect(actions.filter((a: string) => a === 'user.sign_in_failed')).toHaveLength(3);
      server.clock.advance(901_000);
      expect((await new Client(server.url).post('/api/v1/auth/login', { email, password: USER_PASSWORD })).status).toBe(200);
      const after = await owner.get(`/api/v1/audit-events?resource_id=${id}&action=user.signed_in`);
      expect(after.body.data[0]).toMatchObject({ action: 'user.signed_in', after: { method: 'password', ip: '127.0.0.1' } });
    });
  });
});
