/**
 * Invoice queries, created for one organization: every query carries the organization
 * filter, so no query here can reach another tenant's rows. Also the lookups an invoice
 * needs from other modules' tables (customers, products, tax rates), scoped the same way.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../../kernel/context.ts';
import type {
  CustomersTable,
  Database,
  InvoiceAdjustmentsTable,
  InvoiceLinesTable,
  InvoicesTable,
  ProductsTable,
  TaxRatesTable,
  EmailMessagesTable,
} from '../../db/schema.ts';
import { containsPattern } from '../../db/dialect.ts';
import { customFieldSearch } from '../../db/custom-fields.ts';
import { decodeCursor } from '../../shared/pagination.ts';
import type { InvoiceListQueryInput } from './invoices.schemas.ts';
import { amount, applySort, countRows, text, type SortSpec } from '../../db/sorted-list.ts';

/** The filters of GET /invoices (what the count and the CSV export honour too). */
export type InvoiceListFilter = Omit<InvoiceListQueryInput, 'limit' | 'cursor' | 'sort' | 'format' | 'locale'>;

/** `?sort=` of GET /invoices; amounts sort by currency first. */
export const INVOICE_SORT: SortSpec = {
  number: [text('invoices.number')],
  issue_date: [text('invoices.issue_date')],
  due_date: [text('invoices.due_date')],
  total: amount('invoices.currency', 'invoices.total'),
  amount_due: amount('invoices.currency', 'invoices.amount_due'),
  status: [text('invoices.status')],
  customer_name: [text('customers.name')],
  created_at: [text('invoices.created_at')],
};

export type LineRow = Omit<InvoiceLinesTable, 'organization_id' | 'invoice_id'>;
export type AdjustmentRow = Omit<InvoiceAdjustmentsTable, 'organization_id' | 'invoice_id'>;

/** Rows per INSERT: well under both databases' limits on bound parameters. */
const INSERT_CHUNK = 100;

/** Live invoices with money owed past their due date (the SQL twin of isOverdue). */
function overdueCondition(eb: ExpressionBuilder<Database, 'invoices'>, today: string) {
  return eb.and([
    eb('invoices.status', 'in', ['open', 'partially_paid']),
    eb('invoices.amount_due', '>', 0),
    eb('invoices.due_date', 'is not', null),
    eb('invoices.due_date', '<', today),
  ]);
}

export class InvoicesRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  private scoped() {
    return this.db.selectFrom('invoices').where('invoices.organization_id', '=', this.orgId);
  }

  find(id: string): Promise<InvoicesTable | undefined> {
    return this.scoped().selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The invoice's latest e-mail message (the last sending), if it was ever sent. */
  latestEmail(invoiceId: string): Promise<EmailMessagesTable | undefined> {
    return this.db
      .selectFrom('email_messages')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  lines(invoiceId: string): Promise<InvoiceLinesTable[]> {
    return this.db
      .selectFrom('invoice_lines')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .orderBy('position')
      .execute();
  }

  adjustments(invoiceId: string): Promise<InvoiceAdjustmentsTable[]> {
    return this.db
      .selectFrom('invoice_adjustments')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .orderBy('kind')
      .orderBy('position')
      .execute();
  }

  /** The invoices matching a list's filters (no order, no paging), with the customer's live name. */
  private filtered(query: InvoiceListFilter, today: string) {
    let q = this.scoped()
      .innerJoin('customers', (join) => join.onRef('customers.id', '=', 'invoices.customer_id').on('customers.organization_id', '=', this.orgId))
      .selectAll('invoices');
    if (query.ids !== undefined) q = q.where('invoices.id', 'in', query.ids);
    if (query.status !== undefined) q = q.where('invoices.status', 'in', query.status);
    if (query.customer_id !== undefined) q = q.where('invoices.customer_id', '=', query.customer_id);
    if (query.subscription_id !== undefined) q = q.where('invoices.subscription_id', '=', query.subscription_id);
    if (query.currency !== undefined) q = q.where('invoices.currency', '=', query.currency);
    if (query.overdue === 'true') q = q.where((eb) => overdueCondition(eb, today));
    if (query.overdue === 'false') q = q.where((eb) => eb.not(overdueCondition(eb, today)));
    if (query.from !== undefined) q = q.where('invoices.issue_date', '>=', query.from);
    if (query.to !== undefined) q = q.where('invoices.issue_date', '<=', query.to);
    if (query.q !== undefined && query.q.trim() !== '') {
      const text = containsPattern(query.q.trim());
      const pattern = sql`${text} escape '\\'`;
      const customFields = customFieldSearch(this.db, 'invoices.custom_fields');
      q = q.where((eb) => eb.or([eb(sql`lower(invoices.number)`, 'like', pattern), eb(sql`lower(customers.name)`, 'like', pattern), customFields(text)]));
    }
    return q;
  }

  /** One page: newest first, or in `sort` order (see INVOICE_SORT); `limit + 1` rows. */
  async list(query: InvoiceListFilter & { limit: number; cursor?: string | undefined; sort?: string | undefined }, today: string): Promise<InvoicesTable[]> {
    const q = this.filtered(query, today);
    if (query.sort !== undefined) return applySort(q, INVOICE_SORT, query.sort, 'invoices.id', query.cursor, query.limit).execute();
    let page = q;
    if (query.cursor) {
      const [id] = decodeCursor(query.cursor, 1) as [string];
      page = page.where('invoices.id', '<', id);
    }
    return page.orderBy('invoices.id', 'desc').limit(query.limit + 1).execute();
  }

  /** How many invoices match the filters. */
  count(query: InvoiceListFilter, today: string): Promise<number> {
    return countRows(this.filtered(query, today));
  }

  async insert(row: Omit<InvoicesTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('invoices').values({ ...row, organization_id: this.orgId }).execute();
  }

  async update(id: string, changes: Partial<Omit<InvoicesTable, 'id' | 'organization_id'>>): Promise<void> {
    await this.db.updateTable('invoices').set(changes).where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('invoices').where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  /** Replaces all lines, allowances and charges of a draft. */
  async replaceParts(invoiceId: string, lines: LineRow[], adjustments: AdjustmentRow[]): Promise<void> {
    await this.db.deleteFrom('invoice_lines').where('organization_id', '=', this.orgId).where('invoice_id', '=', invoiceId).execute();
    await this.db.deleteFrom('invoice_adjustments').where('organization_id', '=', this.orgId).where('invoice_id', '=', invoiceId).execute();
    await this.insertParts(invoiceId, lines, adjustments);
  }

  /** The lines and adjustments of an invoice that has none yet (one just inserted). */
  async insertParts(invoiceId: string, lines: LineRow[], adjustments: AdjustmentRow[]): Promise<void> {
    const scope = { organization_id: this.orgId, invoice_id: invoiceId };
    for (let i = 0; i < lines.length; i += INSERT_CHUNK) {
      await this.db.insertInto('invoice_lines').values(lines.slice(i, i + INSERT_CHUNK).map((line) => ({ ...line, ...scope }))).execute();
    }
    if (adjustments.length > 0) {
      await this.db.insertInto('invoice_adjustments').values(adjustments.map((a) => ({ ...a, ...scope }))).execute();
    }
  }

  // ── Lookups in other modules' tables, scoped to the organization ──────────

  customer(id: string): Promise<CustomersTable | undefined> {
    return this.db.selectFrom('customers').selectAll().where('organization_id', '=', this.orgId).where('id', '=', id).executeTakeFirst();
  }

  async customers(ids: readonly string[]): Promise<Map<string, CustomersTable>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('customers').selectAll().where('organization_id', '=', this.orgId).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((row) => [row.id, row]));
  }

  async products(ids: readonly string[]): Promise<Map<string, ProductsTable>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('products').selectAll().where('organization_id', '=', this.orgId).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((row) => [row.id, row]));
  }

  async taxRates(ids: readonly string[]): Promise<Map<string, TaxRatesTable>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('tax_rates').selectAll().where('organization_id', '=', this.orgId).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((row) => [row.id, row]));
  }
}
