/**
 * Finalized invoices never change: the invoice service refuses it, and these triggers are
 * the second guard, for any code path or hand-written SQL that forgets.
 *
 * - invoices: once not a draft, the document's columns are frozen (money and status columns
 *   stay writable for payments, credit notes, void and uncollectible), it cannot go back to
 *   draft, and it cannot be deleted.
 * - invoice_lines, invoice_adjustments: no row of a finalized invoice may be inserted,
 *   changed or deleted. The one exception: a line's product_id may be cleared, which is what
 *   the foreign key's ON DELETE SET NULL does when a product is deleted (the line keeps its
 *   own copy of description, price and tax).
 *
 * SQLite gets plain triggers with WHEN conditions, PostgreSQL plpgsql trigger functions;
 * both are generated from the same column lists below. A column added to these tables later
 * is not guarded until a migration of its own recreates the triggers with it.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Invoice columns that make up the issued document. */
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
];

/** Columns of an invoice's parts; product_id is handled apart (see above). */
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
  ],
};

const INVOICE_MESSAGE = 'finalized invoices never change: only payments, credit notes and status changes may touch them';
const PART_MESSAGE = 'the lines, allowances and charges of a finalized invoice never change';

/** "new.a IS NOT old.a OR …" (SQLite) or "… IS DISTINCT FROM …" (PostgreSQL): any of the columns changed. */
function anyChanged(columns: readonly string[], differs: 'is not' | 'is distinct from'): string {
  return columns.map((column) => `new.${column} ${differs} old.${column}`).join('\n      or ');
}

/** A change to the part other than clearing product_id. */
function partChanged(table: keyof typeof PART_COLUMNS, differs: 'is not' | 'is distinct from'): string {
  const productRelinked = table === 'invoice_lines' ? `\n      or (new.product_id is not null and new.product_id ${differs} old.product_id)` : '';
  return anyChanged(PART_COLUMNS[table], differs) + productRelinked;
}

function sqliteStatements(): string[] {
  const finalized = (ref: string) => `(select status from invoices where id = ${ref}) <> 'draft'`;
  const statements = [
    `create trigger invoices_frozen_update before update on invoices
     when old.status <> 'draft' and (new.status = 'draft'
      or ${anyChanged(FROZEN_INVOICE_COLUMNS, 'is not')})
     begin select raise(abort, '${INVOICE_MESSAGE}'); end`,
    `create trigger invoices_frozen_delete before delete on invoices
     when old.status <> 'draft'
     begin select raise(abort, '${INVOICE_MESSAGE}'); end`,
  ];
  for (const table of Object.keys(PART_COLUMNS) as (keyof typeof PART_COLUMNS)[]) {
    statements.push(
      `create trigger ${table}_frozen_insert before insert on ${table}
       when ${finalized('new.invoice_id')}
       begin select raise(abort, '${PART_MESSAGE}'); end`,
      `create trigger ${table}_frozen_update before update on ${table}
       when (${finalized('old.invoice_id')} or ${finalized('new.invoice_id')}) and (${partChanged(table, 'is not')})
       begin select raise(abort, '${PART_MESSAGE}'); end`,
      `create trigger ${table}_frozen_delete before delete on ${table}
       when ${finalized('old.invoice_id')}
       begin select raise(abort, '${PART_MESSAGE}'); end`,
    );
  }
  return statements;
}

function postgresStatements(): string[] {
  const statements = [
    `create function settle_invoice_is_final(invoice text) returns boolean language sql stable as $$
       select exists (select 1 from invoices where id = invoice and status <> 'draft')
     $$`,
    `create function settle_guard_invoice() returns trigger language plpgsql as $$
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
    `create trigger invoices_frozen before update or delete on invoices
     for each row execute function settle_guard_invoice()`,
  ];
  for (const table of Object.keys(PART_COLUMNS) as (keyof typeof PART_COLUMNS)[]) {
    statements.push(
      `create function settle_guard_${table}() returns trigger language plpgsql as $$
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
      `create trigger ${table}_frozen before insert or update or delete on ${table}
       for each row execute function settle_guard_${table}()`,
    );
  }
  return statements;
}

export async function up(db: AnyDb): Promise<void> {
  const statements = db.getExecutor().adapter instanceof PostgresAdapter ? postgresStatements() : sqliteStatements();
  for (const statement of statements) await sql.raw(statement).execute(db);
}
