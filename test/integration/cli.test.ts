/**
 * The `settle` command line, run as a real process against a real database file.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { runCli, startServerProcess } from '../support/process.ts';
import { setupOwner } from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { sqlitePathFromUrl } from '../../src/db/connection.ts';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
});

describe('settle CLI [sqlite]', () => {
  it('migrates, creates a user, resets a password, makes an invitation link and backs up a live database', { timeout: 120_000 }, async () => {
    const database = await createTestDatabase('sqlite');
    databases.push(database);
    const migrate = await runCli(['migrate'], database.url);
    expect(migrate.stdout).toContain('0001_foundation');
    expect((await runCli(['migrate'], database.url)).stdout).toContain('up to date');

    const server = await startServerProcess(database.url);
    try {
      const owner = await setupOwner(server.url);
      const tooShort = await runCli(['create-user', '--email', 'acc@example.com', '--name', 'Acc', '--role', 'accountant', '--password-stdin'], database.url, 'short');
      expect(tooShort.code).toBe(1);
      expect(tooShort.stderr).toContain('at least 10 characters');

      const guessable = await runCli(['create-user', '--email', 'acc@example.com', '--name', 'Acc', '--role', 'accountant', '--password-stdin'], database.url, 'password12');
      expect(guessable.code).toBe(1);
      expect(guessable.stderr).toContain('too easy to guess');

      const created = await runCli(['create-user', '--email', 'acc@example.com', '--name', 'Acc', '--role', 'accountant', '--password-stdin'], database.url, 'first-password-1\n');
      expect(created.code, created.stderr).toBe(0);
      const acc = new Client(server.url);
      const login = await acc.post('/api/v1/auth/login', { email: 'acc@example.com', password: 'first-password-1' });
      expect(login.status).toBe(200);
      expect(login.body.role).toBe('accountant');

      const reset = await runCli(['reset-password', '--email', 'acc@example.com'], database.url);
      expect(reset.code, reset.stderr).toBe(0);
      const newPassword = /New password \(shown once\): (\S+)/.exec(reset.stdout)?.[1] ?? '';
      expect(newPassword.length).toBeGreaterThanOrEqual(10);
      expect((await acc.get('/api/v1/auth/me')).status).toBe(401);
      expect((await new Client(server.url).post('/api/v1/auth/login', { email: 'acc@example.com', password: newPassword })).status).toBe(200);

      // Without a mail server, the operator hands over an invitation link.
      expect((await runCli(['invite-link', '--email', 'nobody@example.com'], database.url)).stderr).toContain('no pending invitation');
      expect((await owner.post('/api/v1/users', { name: 'Ines', email: 'ines@example.com', role: 'sales' })).body.invitation.delivery).toBe('no_mail_server');
      const link = await runCli(['invite-link', '--email', 'ines@example.com'], database.url);
      expect(link.code, link.stderr).toBe(0);
      const token = /\/invitation\?token=([\w-]+)/.exec(link.stdout)?.[1] ?? '';
      const ines = new Client(server.url);
      const accepted = await ines.post('/api/v1/auth/invitations/accept', { token, password: 'ines-sells-things-3' });
      expect(accepted.status, accepted.text).toBe(200);
      expect((await ines.get('/api/v1/auth/me')).body.role).toBe('sales');

      await owner.post('/api/v1/customers', { name: 'In the backup' });
      const target = `${sqlitePathFromUrl(database.url)}.backup`;
      const backup = await runCli(['backup', target], database.url);
      expect(backup.code, backup.stderr).toBe(0);
      const copy = new BetterSqlite3(target, { readonly: true });
      const names = copy.prepare('select name from customers').all() as { name: string }[];
      copy.close();
      expect(names.map((n) => n.name)).toContain('In the backup');
      expect((await runCli(['backup', target], database.url)).code).toBe(1);
      fs.rmSync(target);

      const events = await owner.get('/api/v1/audit-events?action=user.password_reset');
      expect(events.body.data).toHaveLength(1);
      expect(events.body.data[0].actor).toMatchObject({ type: 'system', name: 'settle CLI' });
    } finally {
      await server.stop();
    }
  });

  it('explains its usage and refuses unknown commands', async () => {
    const database = await createTestDatabase('sqlite');
    databases.push(database);
    const unknown = await runCli(['frobnicate'], database.url);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Usage: settle');
  });
});
