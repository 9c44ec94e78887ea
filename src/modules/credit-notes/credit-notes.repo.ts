/**
 * Credit note queries for one organization. Credit notes are written once and never
 * updated, so there is no update or delete here.
 */
import type { Executor } from '../../kernel/context.ts';
import type { CreditNoteLinesTable, CreditNotesTable, InvoiceLinesTable, TaxRatesTable } from '../../db/schema.ts';
import { formatAmount, parseScaled } from '../../domain/money/index.ts';
import type { TaxRow } from './credit-by-amount.ts';
import type { CreditNoteOut } from './credit-notes.schemas.ts';

type CreditLineOut = CreditNoteOut['lines'][number];
/** A stored credit line: those written before migration 0023 lack unit_code, base_quantity and the VATEX code. */
type StoredCreditLine = Omit<CreditLineOut, 'net_amount' | 'discount' | 'unit_code' | 'base_quantity' | 'tax'> & {
  net_amount: number;
  discount?: string | null;
  unit_code?: string | null;
  base_quantity?: string;
  tax: Omit<CreditLineOut['tax'], 'exemption_reason_code'> & { exemption_reason_code?: string | null };
};
type StoredCreditTax = Omit<CreditNoteOut['taxes'][number], 'taxable_amount' | 'tax_amount' | 'exemption_reason' | 'exemption_reason_code'> & {
  taxable_amount: number;
  tax_amount: number;
  exemption_reason?: string | null;
  exemption_reason_code?: string | null;
};

export function creditNoteOut(row: CreditNotesTable, invoiceNumber: string | null): CreditNoteOut {
  const money = (value: number) => formatAmount(BigInt(value), row.currency);
  return {
    id: row.id,
    number: row.number,
    invoice_id: row.invoice_id,
    invoice_number: invoiceNumber,
    customer_id: row.customer_id,
    // Snapshots frozen before migration 0023 lack the e-invoice fields: null, as on invoices.
    customer: { electronic_address: null, legal_registration_id: null, ...(JSON.parse(row.customer_snapshot) as Record<string, unknown>) },
    currency: row.currency,
    reason: row.reason,
    issue_date: row.issue_date,
    lines: (JSON.parse(row.lines) as StoredCreditLine[]).map((line) => ({
      ...line,
      discount: line.discount ?? null,
      unit_code: line.unit_code ?? null,
      base_quantity: line.base_quantity ?? '1',
      tax: { ...line.tax, exemption_reason_code: line.tax.exemption_reason_code ?? null },
      net_amount: money(line.net_amount),
    })),
    subtotal: money(row.subtotal),
    tax_total: money(row.tax_total),
    taxes: (JSON.parse(row.taxes) as StoredCreditTax[]).map(
      (tax) => ({
        ...tax,
        exemption_reason: tax.exemption_reason ?? null,
        exemption_reason_code: tax.exemption_reason_code ?? null,
        taxable_amount: money(tax.taxable_amount),
        tax_amount: money(tax.tax_amount),
      }),
    ),
    total: money(row.total),
    applied_amount: money(row.applied_amount),
    credit_amount: money(row.credit_amount),
    created_at: row.created_at,
  };
}

export interface CreditNoteFilter {
  limit: number;
  cursor?: string | undefined;
  invoiceId?: string | undefined;
  customerId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export class CreditNotesRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  private scoped() {
    return this.db
      .selectFrom('credit_notes')
      .innerJoin('invoices', 'invoices.id', 'credit_notes.invoice_id')
      .where('credit_notes.organization_id', '=', this.orgId)
      .selectAll('credit_notes')
      .select('invoices.number as invoice_number');
  }

  find(id: string) {
    return this.scoped().where('credit_notes.id', '=', id).executeTakeFirst();
  }

  list(filter: CreditNoteFilter) {
    let q = this.scoped();
    if (filter.invoiceId) q = q.where('credit_notes.invoice_id', '=', filter.invoiceId);
    if (filter.customerId) q = q.where('credit_notes.customer_id', '=', filter.customerId);
    if (filter.from) q = q.where('credit_notes.issue_date', '>=', filter.from);
    if (filter.to) q = q.where('credit_notes.issue_date', '<=', filter.to);
    if (filter.cursor) q = q.where('credit_notes.id', '<', filter.cursor);
    return q.orderBy('credit_notes.id', 'desc').limit(filter.limit + 1).execute();
  }

  async insert(row: CreditNotesTable): Promise<void> {
    await this.db.insertInto('credit_notes').values(row).execute();
  }

  async invoiceLines(invoiceId: string): Promise<Map<string, InvoiceLinesTable>> {
    const rows = await this.db
      .selectFrom('invoice_lines')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .execute();
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Quantity credited so far per invoice line (scaled by 10^6). Read under the invoice's lock. */
  async creditedQuantities(invoiceId: string): Promise<Map<string, bigint>> {
    const rows = await this.db
      .selectFrom('credit_note_lines')
      .select(['invoice_line_id', 'quantity'])
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .execute();
    const credited = new Map<string, bigint>();
    for (const row of rows) credited.set(row.invoice_line_id, (credited.get(row.invoice_line_id) ?? 0n) + parseScaled(row.quantity, 6));
    return credited;
  }

  async insertLines(rows: CreditNoteLinesTable[]): Promise<void> {
    if (rows.length > 0) await this.db.insertInto('credit_note_lines').values(rows).execute();
  }

  /** The tax breakdowns of the invoice's credit notes so far (amounts in minor units). */
  async earlierTaxes(invoiceId: string): Promise<TaxRow[][]> {
    const rows = await this.db.selectFrom('credit_notes').select('taxes').where('organization_id', '=', this.orgId).where('invoice_id', '=', invoiceId).execute();
    return rows.map((row) => JSON.parse(row.taxes) as TaxRow[]);
  }

  async taxRates(): Promise<Map<string, TaxRatesTable>> {
    const rows = await this.db.selectFrom('tax_rates').selectAll().where('organization_id', '=', this.orgId).execute();
    return new Map(rows.map((row) => [row.id, row]));
  }
}
