/**
 * The data EN 16931 e-invoices need (issue #16):
 *
 * - organizations: electronic address (BT-34: EAS scheme + value), legal registration id
 *   (BT-30, e.g. "HRB 12345") and tax registration id (BT-32, e.g. a German Steuernummer);
 * - customers: electronic address (BT-49), legal registration id (BT-47) and the e-invoice
 *   format they want (ubl, cii, xrechnung-ubl, xrechnung-cii, facturx; null: none);
 * - tax_rates, and the tax snapshot of every invoice line and adjustment: the VAT exemption
 *   reason code (VATEX, BT-121) beside the reason text;
 * - invoices: buyer reference (BT-10), purchase order reference (BT-13), delivery date (BT-72);
 * - invoice_lines: unit code (UN/ECE Rec 20, BT-130; null: the export writes C62), price base
 *   quantity (BT-149, default '1' so every existing line keeps its meaning), period (BT-134/135);
 * - invoice_adjustments: the percentage and base of a percentage allowance/charge
 *   (BT-94/93, BT-101/100); null for an amount.
 *
 * Existing rows get NULL (or base quantity '1'): documents issued before keep exactly the
 * content they were issued with, and the document chain (domain/integrity.ts, format 1)
 * recomputes their hashes unchanged.
 *
 * The new invoice, line and adjustment columns are frozen like the rest of the issued document:
 * the triggers of 0003 (invoices as recreated by 0009) list their columns, so they are recreated
 * here with the new ones — and with invoices.period_start/period_end, added by 0014 without it.
 *
 * Self-contained: kysely only. The column lists are copied from 0003/0009 and extended.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

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
  // new here
  'period_start',
  'period_end',
  'buyer_reference',
  'purchase_order_reference',
  'delivery_date',
];

const PART_COLUMNS: Record<'invoice_lines' | 'invoice_adjustments', string[]> = {
  invoice_lines: [
    'id',
    'organization_id',
    'invoice_id',
    'position',
    'description',
    'quantity',
    'unit',
    'unit_price',
    'discount',
    'tax_rate_id',
    'tax_name',
    'tax_category',
    'tax_percentage',
    'tax_exemption_reason',
    'net_amount',
    // new here
    'tax_exemption_reason_code',
    'unit_code',
    'base_quantity',
    'period_start',
    'period_end',
  ],
  invoice_adjustments: [
    'id',
    'organization_id',
    'invoice_id',
    'kind',
    'position',
    'reason',
    'amount',
    'net_amount',
    'tax_rate_id',
    'tax_name',
    'tax_category',
    'tax_percentage',
    'tax_exemption_reason',
    // new here
    'tax_exemption_reason_code',
    'percentage',
    'base_amount',
  ],
};

const INVOICE_MESSAGE = 'finalized invoices never change: only payments, credit notes and status changes may touch them';
const PART_MESSAGE = 'the lines, allowances and charges of a finalized invoice never change';

function anyChanged(columns: readonly string[], differs: 'is not' | 'is distinct from'): string {
  return columns.map((column) => `new.${column} ${differs} old.${column}`).join('\n      or ');
}

function partChanged(table: keyof typeof PART_COLUMNS, differs: 'is not' | 'is distinct from'): string {
  const productRelinked = table === 'invoice_lines' ? `\n      or (new.product_id is not null and new.product_id ${differs} old.product_id)` : '';
  return anyChanged(PART_COLUMNS[table], differs) + productRelinked;
}

async function run(db: AnyDb, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

async function addColumns(db: AnyDb): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('electronic_address_scheme', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('electronic_address_value', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('legal_registration_id', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('tax_registration_id', 'text').execute();

  await db.schema.alterTable('customers').addColumn('electronic_address_scheme', 'text').execute();
  await db.schema.alterTable('customers').addColumn('electronic_address_value', 'text').execute();
  await db.schema.alterTable('customers').addColumn('legal_registration_id', 'text').execute();
  await db.schema.alterTable('customers').addColumn('einvoice_format', 'text').execute();

  await db.schema.alterTable('tax_rates').addColumn('exemption_reason_code', 'text').execute();

  await db.schema.alterTable('invoices').addColumn('buyer_reference', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('purchase_order_reference', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('delivery_date', 'text').execute();

  await db.schema.alterTable('invoice_lines').addColumn('tax_exemption_reason_code', 'text').execute();
  await db.schema.alterTable('invoice_lines').addColumn('unit_code', 'text').execute();
  await db.schema.alterTable('invoice_lines').addColumn('base_quantity', 'text', (c) => c.notNull().defaultTo('1')).execute();
  await db.schema.alterTable('invoice_lines').addColumn('period_start', 'text').execute();
  await db.schema.alterTable('invoice_lines').addColumn('period_end', 'text').execute();

  await db.schema.alterTable('invoice_adjustments').addColumn('tax_exemption_reason_code', 'text').execute();
  await db.schema.alterTable('invoice_adjustments').addColumn('percentage', 'text').execute();
  await db.schema.alterTable('invoice_adjustments').addColumn('base_amount', 'bigint').execute();
}

function postgresStatements(): string[] {
  // Same functions as 0003/0009 with the longer column lists; the triggers keep calling them.
  const statements = [
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
      or ${anyChanged(FROZEN_INVOICE_COLUMNS, 'is distinct from')} then
         raise exception '${INVOICE_MESSAGE}' using errcode = 'integrity_constraint_violation';
       end if;
       return new;
     end $$`,
  ];
  for (const table of Object.keys(PART_COLUMNS) as (keyof typeof PART_COLUMNS)[]) {
    statements.push(
      `create or replace function settle_guard_${table}() returns trigger language plpgsql as $$
       begin
         if tg_op = 'INSERT' then
           if settle_invoice_is_final(new.invoice_id) then
             raise exception '${PART_MESSAGE}' using errcode = 'integrity_constraint_violation';
           end if;
           return new;
         elsif tg_op = 'DELETE' then
           if settle_invoice_is_final(old.invoice_id) then
             raise exception '${PART_MESSAGE}' using errcode = 'integrity_constraint_violation';
           end if;
           return old;
         end if;
         if (settle_invoice_is_final(old.invoice_id) or settle_invoice_is_final(new.invoice_id))
            and (${partChanged(table, 'is distinct from')}) then
           raise exception '${PART_MESSAGE}' using errcode = 'integrity_constraint_violation';
         end if;
         return new;
       end $$`,
    );
  }
  return statements;
}

function sqliteStatements(): string[] {
  const finalized = (ref: string) => `(select status from invoices where id = ${ref}) <> 'draft'`;
  const statements = [
    'drop trigger invoices_frozen_update',
    `create trigger invoices_frozen_update before update on invoices
     when old.status <> 'draft' and (new.status = 'draft'
      or ${anyChanged(FROZEN_INVOICE_COLUMNS, 'is not')})
     begin select raise(abort, '${INVOICE_MESSAGE}'); end`,
  ];
  for (const table of Object.keys(PART_COLUMNS) as (keyof typeof PART_COLUMNS)[]) {
    statements.push(
      `drop trigger ${table}_frozen_update`,
      `create trigger ${table}_frozen_update before update on ${table}
       when (${finalized('old.invoice_id')} or ${finalized('new.invoice_id')}) and (${partChanged(table, 'is not')})
       begin select raise(abort, '${PART_MESSAGE}'); end`,
    );
  }
  return statements;
}

export async function up(db: AnyDb): Promise<void> {
  await addColumns(db);
  await run(db, db.getExecutor().adapter instanceof PostgresAdapter ? postgresStatements() : sqliteStatements());
}
