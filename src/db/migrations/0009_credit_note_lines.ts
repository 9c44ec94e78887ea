/**
 * Trust fixes (issue "Trust", items 1 and 3):
 *
 * 1. credit_note_lines: one row per credit-note line that credits a line of the invoice, with
 *    the quantity it credits. The remaining creditable quantity of an invoice line is its
 *    quantity less the sum of these, read under the invoice's row lock, so a line can no
 *    longer be credited again and again beyond its quantity. Existing credit notes are
 *    copied in from their `lines` JSON, so what they already credited counts.
 *
 * 2. Branding frozen at issue: `branding_snapshot` (JSON) on invoices and credit notes holds
 *    every branding input the printed document reads from the live organization (accent
 *    colour, footer, bank details, the logo by content hash, the document's locale), and
 *    `document_assets` holds each distinct logo once per organization, keyed by its SHA-256,
 *    so thousands of issued invoices share one copy. Drafts keep a null snapshot and print the
 *    live branding.
 *
 *    Documents issued BEFORE this migration get a snapshot of their organization's branding as
 *    it is at migration time (the branding they were issued with was never recorded), with no
 *    locale: they keep following the customer's and organization's language, as before.
 *
 * The new columns are frozen like the rest of the issued document: the invoice trigger of 0003
 * lists its columns, so it is recreated here with branding_snapshot added; the credit note
 * trigger of 0004 refuses every update already (it is lifted for the backfill only).
 * credit_note_lines rows are never changed or deleted either.
 *
 * Self-contained: kysely and node builtins only. The frozen column list is copied from 0003.
 */
import crypto from 'node:crypto';
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** 0003's list plus branding_snapshot. */
const FROZEN_INVOICE_COLUMNS = [
  'id',
  'organization_id',
  'customer_id',
  'number',
  'currency',
  'issue_date',
  'due_date',
  'prices_include_tax',
  'notes',
  'terms',
  'subtotal',
  'allowance_total',
  'charge_total',
  'tax_total',
  'total',
  'taxes',
  'customer_snapshot',
  'seller_snapshot',
  'finalized_at',
  'created_at',
  'branding_snapshot',
];

const INVOICE_MESSAGE = 'finalized invoices never change: only payments, credit notes and status changes may touch them';
const CREDIT_NOTE_MESSAGE = 'credit notes never change once issued';
const CREDIT_LINE_MESSAGE = 'credit note lines never change once issued';
const BATCH = 500;

function anyChanged(differs: 'is not' | 'is distinct from'): string {
  return FROZEN_INVOICE_COLUMNS.map((column) => `new.${column} ${differs} old.${column}`).join('\n      or ');
}

async function run(db: AnyDb, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

async function createTables(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('credit_note_lines')
    .addColumn('credit_note_id', 'text', (c) => c.notNull().references('credit_notes.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('invoice_line_id', 'text', (c) => c.notNull().references('invoice_lines.id'))
    // Normalised decimal text (up to 6 decimals), like invoice_lines.quantity.
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('credit_note_lines_pk', ['credit_note_id', 'position'])
    .execute();
  await db.schema.createIndex('credit_note_lines_invoice_idx').on('credit_note_lines').columns(['organization_id', 'invoice_id']).execute();

  await db.schema
    .createTable('document_assets')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    // SHA-256 (hex) of the decoded bytes: the same logo on many documents is stored once.
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    /** base64, like organization_logos.data */
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_assets_pk', ['organization_id', 'sha256'])
    .execute();

  await db.schema.alterTable('invoices').addColumn('branding_snapshot', 'text').execute();
  await db.schema.alterTable('credit_notes').addColumn('branding_snapshot', 'text').execute();
}

interface OldCreditNote {
  id: string;
  organization_id: string;
  invoice_id: string;
  lines: string;
  created_at: string;
}

async function backfillCreditNoteLines(db: AnyDb): Promise<void> {
  const notes = (await db.selectFrom('credit_notes').select(['id', 'organization_id', 'invoice_id', 'lines', 'created_at']).orderBy('id').execute()) as OldCreditNote[];
  const rows: Record<string, unknown>[] = [];
  for (const note of notes) {
    const lines = JSON.parse(note.lines) as { invoice_line_id?: string | null; quantity?: string }[];
    lines.forEach((line, position) => {
      if (typeof line.invoice_line_id !== 'string' || typeof line.quantity !== 'string') return;
      rows.push({
        credit_note_id: note.id,
        position,
        organization_id: note.organization_id,
        invoice_id: note.invoice_id,
        invoice_line_id: line.invoice_line_id,
        quantity: line.quantity,
        created_at: note.created_at,
      });
    });
  }
  for (let i = 0; i < rows.length; i += BATCH) await db.insertInto('credit_note_lines').values(rows.slice(i, i + BATCH)).execute();
}

interface OrgBranding {
  id: string;
  accent_color: string | null;
  document_footer: string | null;
  bank_details: string | null;
}

/** Snapshots the branding of today onto every issued document (see the header comment). */
async function backfillBranding(db: AnyDb, now: string): Promise<void> {
  const orgs = (await db.selectFrom('organizations').select(['id', 'accent_color', 'document_footer', 'bank_details']).execute()) as OrgBranding[];
  for (const org of orgs) {
    const logo = await db
      .selectFrom('organization_logos')
      .select(['content_type', 'data'])
      .where('organization_id', '=', org.id)
      .$castTo<{ content_type: string; data: string }>()
      .executeTakeFirst();
    let logoRef: { sha256: string; content_type: string } | null = null;
    if (logo) {
      const bytes = Buffer.from(logo.data, 'base64');
      logoRef = { sha256: crypto.createHash('sha256').update(bytes).digest('hex'), content_type: logo.content_type };
      await db
        .insertInto('document_assets')
        .values({ organization_id: org.id, sha256: logoRef.sha256, content_type: logo.content_type, data: logo.data, byte_size: bytes.length, created_at: now })
        .onConflict((oc) => oc.columns(['organization_id', 'sha256']).doNothing())
        .execute();
    }
    const snapshot = JSON.stringify({
      accent_color: org.accent_color,
      document_footer: org.document_footer,
      bank_details: org.bank_details,
      logo: logoRef,
      locale: null,
    });
    // branding_snapshot is not yet in the invoice trigger's list, so issued invoices accept it.
    await db.updateTable('invoices').set({ branding_snapshot: snapshot }).where('organization_id', '=', org.id).where('status', '<>', 'draft').execute();
    await db.updateTable('credit_notes').set({ branding_snapshot: snapshot }).where('organization_id', '=', org.id).execute();
  }
}

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await createTables(db);
  await backfillCreditNoteLines(db);

  // Credit notes refuse every update (0004): lift that guard for the backfill only.
  if (postgres) await run(db, ['alter table credit_notes disable trigger credit_notes_frozen']);
  else await run(db, ['drop trigger credit_notes_frozen_update']);
  await backfillBranding(db, new Date().toISOString());

  if (postgres) {
    await run(db, [
      'alter table credit_notes enable trigger credit_notes_frozen',
      // Same function as 0003, with the longer column list; the trigger keeps calling it.
      `create or replace function settle_guard_invoice() returns trigger language plpgsql as $$
       begin
         if old.status = 'draft' then
           if tg_op = 'DELETE' then return old; end if;
           return new;
         end if;
         if tg_op = 'DELETE' then
           raise exception '${INVOICE_MESSAGE}' using errcode = 'integrity_constraint_violation';
         end if;
         if new.status = 'draft'
        or ${anyChanged('is distinct from')} then
           raise exception '${INVOICE_MESSAGE}' using errcode = 'integrity_constraint_violation';
         end if;
         return new;
       end $$`,
      `create function settle_guard_credit_note_line() returns trigger language plpgsql as $$
       begin
         raise exception '${CREDIT_LINE_MESSAGE}' using errcode = 'integrity_constraint_violation';
       end $$`,
      `create trigger credit_note_lines_frozen before update or delete on credit_note_lines
       for each row execute function settle_guard_credit_note_line()`,
    ]);
    return;
  }
  await run(db, [
    `create trigger credit_notes_frozen_update before update on credit_notes begin select raise(abort, '${CREDIT_NOTE_MESSAGE}'); end`,
    'drop trigger invoices_frozen_update',
    `create trigger invoices_frozen_update before update on invoices
     when old.status <> 'draft' and (new.status = 'draft'
      or ${anyChanged('is not')})
     begin select raise(abort, '${INVOICE_MESSAGE}'); end`,
    `create trigger credit_note_lines_frozen_update before update on credit_note_lines begin select raise(abort, '${CREDIT_LINE_MESSAGE}'); end`,
    `create trigger credit_note_lines_frozen_delete before delete on credit_note_lines begin select raise(abort, '${CREDIT_LINE_MESSAGE}'); end`,
  ]);
}
