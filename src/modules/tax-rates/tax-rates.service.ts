/**
 * Tax rate use cases. Each change runs in one transaction with its audit event. The EN 16931
 * rules that tie category, percentage and exemption reason together are checked on the
 * complete rate (on PATCH: the stored values merged with the changes).
 */
import { inTransaction } from '../../db/transaction.ts';
import { catalogueCursorKey } from '../../db/catalogue-list.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import type { TaxRatesTable } from '../../db/schema.ts';
import { DECIMAL_SCALE, parseScaled } from '../../domain/money/index.ts';
import {
  DomainError,
  TAX_CATEGORY_NAMES,
  checkTaxCategory,
  isTaxCategory,
  requiresExemptionReason,
  type TaxCategory,
} from '../../domain/tax/index.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { emit } from '../../kernel/events.ts';
import { isForeignKeyViolation } from '../../db/dialect.ts';
import { TaxRatesRepo } from './tax-rates.repo.ts';
import type { CreateTaxRateInput, TaxRateListQueryInput, TaxRateOut, UpdateTaxRateInput } from './tax-rates.schemas.ts';

/** The EN 16931 business rule that demands an exemption reason, per category. */
const EXEMPTION_RULE: Partial<Record<TaxCategory, string>> = {
  E: 'BR-E-10',
  AE: 'BR-AE-10',
  K: 'BR-IC-10',
  G: 'BR-G-10',
  O: 'BR-O-10',
};

function storedCategory(category: string): TaxCategory {
  // Only this module writes the column, always after validation.
  if (!isTaxCategory(category)) throw new Error(`Stored tax category "${category}" is not an EN 16931 code`);
  return category;
}

export function taxRateOut(row: TaxRatesTable): TaxRateOut {
  const { organization_id: _org, ...rest } = row;
  return { ...rest, category: storedCategory(row.category), archived: row.archived === 1 };
}

/** Category, percentage and exemption reason of a complete rate, checked together (also by CSV imports). */
export function assertTaxRateConsistent(rate: { category: TaxCategory; percentage: string; exemption_reason: string | null; exemption_reason_code: string | null }): void {
  try {
    checkTaxCategory(rate.category, parseScaled(rate.percentage, DECIMAL_SCALE), 'tax_rate');
  } catch (error) {
    if (error instanceof DomainError) throw AppError.validation(error.path?.replace(/^tax_rate\./, '') ?? 'percentage', error.message);
    throw error;
  }
  const name = TAX_CATEGORY_NAMES[rate.category];
  // EN 16931 asks for a reason text (BT-120) or a VATEX code (BT-121): either will do.
  if (requiresExemptionReason(rate.category) && rate.exemption_reason === null && rate.exemption_reason_code === null) {
    throw AppError.validation(
      'exemption_reason',
      `is required for category ${rate.category} (${name}, EN 16931 ${EXEMPTION_RULE[rate.category] ?? 'VAT breakdown'})`,
    );
  }
  if (rate.category === 'S' && rate.exemption_reason !== null) {
    throw AppError.validation('exemption_reason', `must be empty for category S (${name})`);
  }
  if (rate.category === 'S' && rate.exemption_reason_code !== null) {
    throw AppError.validation('exemption_reason_code', `must be empty for category S (${name}, EN 16931 BR-S-10)`);
  }
}

export async function listTaxRates(ctx: RequestContext, query: TaxRateListQueryInput): Promise<Page<TaxRateOut>> {
  const rows = await new TaxRatesRepo(ctx.db.kysely, ctx.orgId).list(query);
  return toPage(rows, query.limit, (row) => catalogueCursorKey(query.sort, row), taxRateOut);
}

export async function getTaxRate(ctx: RequestContext, id: string): Promise<TaxRateOut> {
  const row = await new TaxRatesRepo(ctx.db.kysely, ctx.orgId).find(id);
  if (!row) throw AppError.notFound('Tax rate');
  return taxRateOut(row);
}

export async function createTaxRate(ctx: RequestContext, input: CreateTaxRateInput): Promise<TaxRateOut> {
  assertTaxRateConsistent(input);
  const now = nowIso(ctx.clock);
  const row: Omit<TaxRatesTable, 'organization_id'> = {
    id: newId('txr'),
    ...input,
    archived: input.archived ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  return inTransaction(ctx.db, async (trx) => {
    await new TaxRatesRepo(trx, ctx.orgId).insert(row);
    const out = taxRateOut({ ...row, organization_id: ctx.orgId });
    await emit(trx, ctx, { type: 'tax_rate.created', resource: { type: 'tax_rate', id: row.id }, after: out });
    return out;
  });
}

export async function updateTaxRate(ctx: RequestContext, id: string, input: UpdateTaxRateInput): Promise<TaxRateOut> {
  return inTransaction(ctx.db, async (trx) => {
    const repo = new TaxRatesRepo(trx, ctx.orgId);
    const before = await repo.find(id);
    if (!before) throw AppError.notFound('Tax rate');
    assertTaxRateConsistent({
      category: input.category ?? storedCategory(before.category),
      percentage: input.percentage ?? before.percentage,
      exemption_reason: input.exemption_reason !== undefined ? input.exemption_reason : before.exemption_reason,
      exemption_reason_code: input.exemption_reason_code !== undefined ? input.exemption_reason_code : before.exemption_reason_code,
    });
    const { archived, ...rest } = input;
    const changes: Partial<TaxRatesTable> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    if (archived !== undefined) changes.archived = archived ? 1 : 0;
    await repo.update(id, { ...changes, updated_at: nowIso(ctx.clock) });
    const after = await repo.find(id);
    if (!after) throw AppError.notFound('Tax rate');
    const action = archived === true && before.archived === 0 ? 'tax_rate.archived' : 'tax_rate.updated';
    await emit(trx, ctx, { type: action, resource: { type: 'tax_rate', id }, before: taxRateOut(before), after: taxRateOut(after) });
    return taxRateOut(after);
  });
}

const IN_USE = 'This tax rate is used by products or invoices and cannot be deleted; archive it instead';

export async function deleteTaxRate(ctx: RequestContext, id: string): Promise<void> {
  try {
    await inTransaction(ctx.db, async (trx) => {
      const repo = new TaxRatesRepo(trx, ctx.orgId);
      const before = await repo.find(id);
      if (!before) throw AppError.notFound('Tax rate');
      if (await repo.isInUse(id)) throw AppError.conflict(IN_USE);
      await repo.delete(id);
      await emit(trx, ctx, { type: 'tax_rate.deleted', resource: { type: 'tax_rate', id: id }, before: taxRateOut(before) });
    });
  } catch (error) {
    // A product given this rate by a concurrent request, committed after the check above.
    if (isForeignKeyViolation(error)) throw AppError.conflict(IN_USE);
    throw error;
  }
}
