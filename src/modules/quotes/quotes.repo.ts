/**
 * Quote queries, created for one organization: every query carries the organization filter.
 * The one unscoped lookup is by the customer page's token hash (the token is the capability).
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, QuoteAdjustmentsTable, QuoteLinesTable, QuotesTable } from '../../db/schema.ts';
import type { DialectName, Executor } from '../../db/executor.ts';
import { containsPattern } from '../../db/dialect.ts';
import { countRows } from '../../db/sorted-list.ts';
import { decodeCursor } from '../../shared/pagination.ts';
import type { AdjustmentRow, LineRow } from '../invoices/invoices.repo.ts';
import type { QuoteListQueryInput, QuoteStatus } from './quotes.schemas.ts';

export type QuoteListFilter = Omit<QuoteListQueryInput, 'limit' | 'cursor'>;

const INSERT_CHUNK = 100;

/** The SQL twin of effectiveStatus (quote-view.ts): an open quote past its expiry date is expired. */
function statusCondition(eb: ExpressionBuilder<Database, 'quotes'>, status: QuoteStatus, today: string) {
  const pastExpiry = eb.and([eb('quotes.expiry_date', 'is not', null), eb('quotes.expiry_date', '<', today)]);
  if (status === 'expired') return eb.or([eb('quotes.status', '=', 'expired'), eb.and([eb('quotes.status', '=', 'open'), pastExpiry])]);
  if (status === 'open') return eb.and([eb('quotes.status', '=', 'open'), eb.not(pastExpiry)]);
  return eb('quotes.status', '=', status);
}

export class QuotesRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  find(id: string): Promise<QuotesTable | undefined> {
    return this.db.selectFrom('quotes').selectAll().where('organization_id', '=', this.orgId).where('id', '=', id).executeTakeFirst();
  }

  /** Locks the quote row (PostgreSQL; SQLite's write transaction holds the lock already) and reads it. */
  async lock(dialect: DialectName, id: string): Promise<QuotesTable | undefined> {
    if (dialect === 'postgres') await sql`select id from quotes where organization_id = ${this.orgId} and id = ${id} for no key update`.execute(this.db);
    return this.find(id);
  }

  lines(quoteId: string): Promise<QuoteLinesTable[]> {
    return this.db.selectFrom('quote_lines').selectAll().where('organization_id', '=', this.orgId).where('quote_id', '=', quoteId).orderBy('position').execute();
  }

  adjustments(quoteId: string): Promise<QuoteAdjustmentsTable[]> {
    return this.db
      .selectFrom('quote_adjustments')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('quote_id', '=', quoteId)
      .orderBy('kind')
      .orderBy('position')
      .execute();
  }

  private filtered(query: QuoteListFilter, today: string) {
    let q = this.db
      .selectFrom('quotes')
      .innerJoin('customers', (join) => join.onRef('customers.id', '=', 'quotes.customer_id').on('customers.organization_id', '=', this.orgId))
      .where('quotes.organization_id', '=', this.orgId)
      .selectAll('quotes');
    const statuses = query.status;
    if (statuses !== undefined) q = q.where((eb) => eb.or(statuses.map((status) => statusCondition(eb, status, today))));
    if (query.customer_id !== undefined) q = q.where('quotes.customer_id', '=', query.customer_id);
    if (query.q !== undefined && query.q.trim() !== '') {
      const pattern = sql`${containsPattern(query.q.trim())} escape '\\'`;
      q = q.where((eb) => eb.or([eb(sql`lower(quotes.number)`, 'like', pattern), eb(sql`lower(customers.name)`, 'like', pattern)]));
    }
    return q;
  }

  /** One page, newest first; `limit + 1` rows. */
  list(query: QuoteListFilter & { limit: number; cursor?: string | undefined }, today: string): Promise<QuotesTable[]> {
    let page = this.filtered(query, today);
    if (query.cursor) {
      const [id] = decodeCursor(query.cursor, 1) as [string];
      page = page.where('quotes.id', '<', id);
    }
    return page.orderBy('quotes.id', 'desc').limit(query.limit + 1).execute();
  }

  count(query: QuoteListFilter, today: string): Promise<number> {
    return countRows(this.filtered(query, today));
  }

  async insert(row: Omit<QuotesTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('quotes').values({ ...row, organization_id: this.orgId }).execute();
  }

  async update(id: string, changes: Partial<Omit<QuotesTable, 'id' | 'organization_id'>>): Promise<void> {
    await this.db.updateTable('quotes').set(changes).where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('quotes').where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  async replaceParts(quoteId: string, lines: LineRow[], adjustments: AdjustmentRow[]): Promise<void> {
    await this.db.deleteFrom('quote_lines').where('organization_id', '=', this.orgId).where('quote_id', '=', quoteId).execute();
    await this.db.deleteFrom('quote_adjustments').where('organization_id', '=', this.orgId).where('quote_id', '=', quoteId).execute();
    await this.insertParts(quoteId, lines, adjustments);
  }

  async insertParts(quoteId: string, lines: LineRow[], adjustments: AdjustmentRow[]): Promise<void> {
    const scope = { organization_id: this.orgId, quote_id: quoteId };
    for (let i = 0; i < lines.length; i += INSERT_CHUNK) {
      await this.db.insertInto('quote_lines').values(lines.slice(i, i + INSERT_CHUNK).map((line) => ({ ...line, ...scope }))).execute();
    }
    if (adjustments.length > 0) await this.db.insertInto('quote_adjustments').values(adjustments.map((a) => ({ ...a, ...scope }))).execute();
  }
}

/** The quote whose customer-page token hashes to `tokenHash`, in whichever organization issued it. */
export function findQuoteByTokenHash(db: Executor, tokenHash: string): Promise<Pick<QuotesTable, 'organization_id' | 'id'> | undefined> {
  return db.selectFrom('quotes').select(['organization_id', 'id']).where('link_token_hash', '=', tokenHash).executeTakeFirst();
}
