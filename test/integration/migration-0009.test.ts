/**
 * Migration 0009 on a database with documents issued before it: issued invoices and credit
 * notes get the branding of migration time (the logo stored once), drafts none; what earlier
 * credit notes credited per invoice line is carried over; the new columns are frozen.
 */
import crypto from 'node:crypto';
import { Migrator } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/server.ts';
import { createTestDatabase, type DbKind } from '../support/databases.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest, migrations } from '../../src/db/migrate.ts';
import { pngImage } from '../support/images.ts';

describeEachDb('migration 0009: credit note lines and frozen branding', (kind: DbKind) => {
  it('snapshots the branding onto issued documents and carries credited quantities over', async () => {
    const database = await createTestDatabase(kind);
    const db = openDatabase(database.url, { poolSize: 2, onConnectionError: () => undefined });
    try {
      const names = Object.keys(migrations).sort();
      const migrator = new Migrator({
        db: db.kysely,
        provider: { getMigrations: () => Promise.resolve(migrations) },
        migrationTableName: 'settle_migrations',
        migrationLockTableName: 'settle_migrations_lock',
      });
      expect((await migrator.migrateTo(names[names.indexOf('0009_credit_note_lines') - 1]!)).error).toBeUndefined();

      const now = '2026-11-23T10:00:00.000Z';
      const k = db.kysely as any;
      const bank = JSON.stringify({ iban: 'DE89370400440532013000' });
      await k
        .insertInto('organizations')
        .values({ id: 'org_m', name: 'Migrated', currency: 'EUR', invoice_number_format: 'INV-{SEQ:5}', accent_color: '#123456', document_footer: 'Footer', bank_details: bank, created_at: now, updated_at: now })
        .execute();
      const logo = pngImage(8, 8);
      await k.insertInto('organization_logos').values({ organization_id: 'org_m', content_type: 'image/png', data: logo.toString('base64'), byte_size: logo.length, updated_at: now }).execute();
      await k.insertInto('customers').values({ id: 'cus_m', organization_id: 'org_m', name: 'Customer', created_at: now, updated_at: now }).execute();
      for (const id of ['inv_open', 'inv_draft']) {
        await k.insertInto('invoices').values({ id, organization_id: 'org_m', customer_id: 'cus_m', status: 'draft', currency: 'EUR', created_at: now, updated_at: now }).execute();
      }
      await k
        .insertInto('invoice_lines')
        .values({ id: 'lin_m', organization_id: 'org_m', invoice_id: 'inv_open', position: 0, description: 'Work', quantity: '3', unit_price: '10', tax_category: 'O', tax_percentage: '0', net_amount: 3000 })
        .execute();
      await k.updateTable('invoices').set({ status: 'open', number: 'INV-00001', issue_date: '2026-11-20', finalized_at: now }).where('id', '=', 'inv_open').execute();
      const creditLine = { invoice_line_id: 'lin_m', description: 'Work', quantity: '2', unit_price: '10', tax_rate_id: null, tax: {}, net_amount: 2000 };
      await k
        .insertInto('credit_notes')
        .values({
          id: 'crn_m', organization_id: 'org_m', invoice_id: 'inv_open', customer_id: 'cus_m', number: 'CN-00001', currency: 'EUR', reason: 'x', issue_date: '2026-11-21',
          subtotal: 2000, tax_total: 0, total: 2000, applied_amount: 2000, credit_amount: 0, taxes: '[]', lines: JSON.stringify([creditLine]),
          customer_snapshot: '{}', seller_snapshot: '{}', created_at: now,
        })
        .execute();

      expect(await migrateToLatest(db)).toContain('0009_credit_note_lines');

      const sha256 = crypto.createHash('sha256').update(logo).digest('hex');
      const expected = { accent_color: '#123456', document_footer: 'Footer', bank_details: bank, logo: { sha256, content_type: 'image/png' }, locale: null };
      const invoices = await k.selectFrom('invoices').select(['id', 'branding_snapshot']).orderBy('id').execute();
      expect(invoices.map((r: any) => [r.id, r.branding_snapshot === null ? null : JSON.parse(r.branding_snapshot)])).toEqual([
        ['inv_draft', null],
        ['inv_open', expected],
      ]);
      const note = await k.selectFrom('credit_notes').select('branding_snapshot').executeTakeFirstOrThrow();
      expect(JSON.parse(note.branding_snapshot)).toEqual(expected);
      expect(await k.selectFrom('document_assets').select(['sha256', 'byte_size']).execute()).toEqual([{ sha256, byte_size: logo.length }]);
      expect(await k.selectFrom('credit_note_lines').select(['credit_note_id', 'invoice_line_id', 'quantity']).execute()).toEqual([
        { credit_note_id: 'crn_m', invoice_line_id: 'lin_m', quantity: '2' },
      ]);
      // Frozen from now on: the invoice's snapshot like its other columns, credit notes as before.
      await expect(k.updateTable('invoices').set({ branding_snapshot: '{}' }).where('id', '=', 'inv_open').execute()).rejects.toThrow(/never change/);
      await expect(k.updateTable('credit_notes').set({ branding_snapshot: '{}' }).execute()).rejects.toThrow(/never change/);
      await k.updateTable('invoices').set({ notes: 'still a draft' }).where('id', '=', 'inv_draft').execute();
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
