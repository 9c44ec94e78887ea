/**
 * "Changes nothing": a fingerprint of every business table (row counts and a digest of the
 * rows), taken before and after a rejected request, must be identical.
 */
import crypto from 'node:crypto';
import { expect } from 'vitest';
import { sql } from 'kysely';
import type { TestServer } from './server.ts';

const TABLES = [
  'organizations',
  'users',
  'memberships',
  'api_tokens',
  'customers',
  'products',
  'tax_rates',
  'audit_events',
  'document_sequences',
  'invoices',
  'invoice_lines',
  'invoice_adjustments',
  'payments',
  'refunds',
  'customer_credit_entries',
  'credit_notes',
  'idempotency_keys',
  'organization_logos',
  'invoice_links',
  'email_messages',
  'jobs',
  // Its seq and hash move with every chain entry appended (document_chain itself has no single-column order).
  'document_chain_heads',
] as const;

export async function databaseFingerprint(server: TestServer): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of TABLES) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by 1`.execute(server.db.kysely);
    const digest = crypto.createHash('sha256').update(JSON.stringify(rows.rows)).digest('hex').slice(0, 16);
    result[table] = `${rows.rows.length}:${digest}`;
  }
  return result;
}

export async function expectUnchanged(server: TestServer, action: () => Promise<void>): Promise<void> {
  const before = await databaseFingerprint(server);
  await action();
  expect(await databaseFingerprint(server)).toEqual(before);
}
