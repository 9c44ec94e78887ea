/**
 * What the organization export holds: one JSON file per resource, read straight from the
 * tables (scoped by organization, page by page in id order), children nested in their parent
 * (an invoice's lines and adjustments, a payment's refunds, a subscription's items, a credit
 * note's credited lines). Rows are stored rows: amounts in minor units (integers), unit prices
 * and quantities as the tables keep them, JSON columns as JSON. Secrets never leave: no password
 * hashes or two-factor secrets, no token hashes or sealed tokens, no webhook signing secrets,
 * no payment gateway keys, no link URLs with live tokens.
 */
import { sql } from 'kysely';
import type { Executor } from '../../kernel/context.ts';

export interface ChildSpec {
  key: string;
  table: string;
  parent: string;
  order: string[];
  json?: string[];
  omit?: string[];
}

export interface ResourceSpec {
  file: string;
  table: string;
  /** The column pages are keyed by (unique per organization). */
  key: string;
  json?: string[];
  omit?: string[];
  children?: ChildSpec[];
}

const SNAPSHOTS = ['customer_snapshot', 'seller_snapshot', 'branding_snapshot'];

export const RESOURCES: readonly ResourceSpec[] = [
  { file: 'customers', table: 'customers', key: 'id', json: ['address', 'custom_fields'] },
  { file: 'tax_rates', table: 'tax_rates', key: 'id' },
  { file: 'products', table: 'products', key: 'id', json: ['custom_fields'] },
  {
    file: 'invoices',
    table: 'invoices',
    key: 'id',
    json: ['taxes', 'custom_fields', 'custom_fields_printed', ...SNAPSHOTS],
    children: [
      { key: 'lines', table: 'invoice_lines', parent: 'invoice_id', order: ['position'] },
      { key: 'adjustments', table: 'invoice_adjustments', parent: 'invoice_id', order: ['kind', 'position'] },
    ],
  },
  {
    file: 'quotes',
    table: 'quotes',
    key: 'id',
    json: ['taxes'],
    omit: ['link_token_hash', 'link_token_sealed'],
    children: [
      { key: 'lines', table: 'quote_lines', parent: 'quote_id', order: ['position'] },
      { key: 'adjustments', table: 'quote_adjustments', parent: 'quote_id', order: ['kind', 'position'] },
    ],
  },
  {
    file: 'credit_notes',
    table: 'credit_notes',
    key: 'id',
    json: ['taxes', 'lines', ...SNAPSHOTS],
    children: [{ key: 'credited_lines', table: 'credit_note_lines', parent: 'credit_note_id', order: ['position'] }],
  },
  {
    file: 'payments',
    table: 'payments',
    key: 'id',
    children: [{ key: 'refunds', table: 'refunds', parent: 'payment_id', order: ['date', 'id'] }],
  },
  { file: 'customer_credit_entries', table: 'customer_credit_entries', key: 'id' },
  {
    file: 'subscriptions',
    table: 'subscriptions',
    key: 'id',
    children: [{ key: 'items', table: 'subscription_items', parent: 'subscription_id', order: ['position'] }],
  },
  { file: 'billable_metrics', table: 'billable_metrics', key: 'id' },
  { file: 'usage_events', table: 'usage_events', key: 'id', json: ['properties'] },
  { file: 'invoice_reminders', table: 'invoice_reminders', key: 'id' },
  { file: 'portal_links', table: 'portal_links', key: 'id', omit: ['token_hash', 'token_sealed'] },
  { file: 'invoice_links', table: 'invoice_links', key: 'id', omit: ['token_hash', 'token_sealed'] },
  { file: 'emails', table: 'email_messages', key: 'id', omit: ['link_url'] },
  { file: 'webhook_endpoints', table: 'webhook_endpoints', key: 'id', json: ['events'], omit: ['secret'] },
  { file: 'api_tokens', table: 'api_tokens', key: 'id', omit: ['token_hash'] },
  { file: 'events', table: 'events', key: 'id', json: ['object'] },
  { file: 'audit_log', table: 'audit_events', key: 'id', json: ['before', 'after'] },
  { file: 'document_chain', table: 'document_chain', key: 'seq' },
  { file: 'custom_field_definitions', table: 'custom_field_definitions', key: 'id', json: ['options'] },
  { file: 'imports', table: 'imports', key: 'id' },
  { file: 'account_chart', table: 'account_charts', key: 'organization_id', json: ['accounts'] },
];

/** Rows read per round trip. */
export const EXPORT_PAGE = 500;

type Row = Record<string, unknown>;

/** A stored row as exported: omitted columns dropped, JSON columns parsed, the organization id left out. */
export function exportedRow(row: Row, json: readonly string[] = [], omit: readonly string[] = []): Row {
  const out: Row = {};
  for (const [column, value] of Object.entries(row)) {
    if (column === 'organization_id' || omit.includes(column)) continue;
    if (json.includes(column) && typeof value === 'string') {
      try {
        out[column] = JSON.parse(value) as unknown;
        continue;
      } catch {
        // not JSON after all: keep the text
      }
    }
    out[column] = value;
  }
  return out;
}

/**
 * Rows of a table named by a spec, scoped to the organization: `where` a column is greater
 * than a value (paging) or in a list, ordered by `order`. Names come from the specs above only.
 */
export async function selectRows(
  db: Executor,
  tableName: string,
  orgId: string,
  where: { column: string; after: unknown } | { column: string; in: readonly unknown[] } | null,
  order: readonly string[],
  limit?: number,
): Promise<Row[]> {
  const filter =
    where === null ? sql`` : 'after' in where ? sql`and ${sql.ref(where.column)} > ${where.after}` : sql`and ${sql.ref(where.column)} in (${sql.join([...where.in])})`;
  const query = sql<Row>`select * from ${sql.table(tableName)} where organization_id = ${orgId} ${filter}
    order by ${sql.join(order.map((column) => sql.ref(column)))} ${limit === undefined ? sql`` : sql`limit ${limit}`}`;
  return (await query.execute(db)).rows;
}

/** One page of `spec`'s rows after `after` (by its key), children nested. */
export async function resourcePage(db: Executor, orgId: string, spec: ResourceSpec, after: unknown): Promise<Row[]> {
  const rows = await selectRows(db, spec.table, orgId, after === null ? null : { column: spec.key, after }, [spec.key], EXPORT_PAGE);
  return withChildren(db, orgId, spec, rows);
}

/** Exported rows of `spec` with their children nested. */
export async function withChildren(db: Executor, orgId: string, spec: ResourceSpec, rows: Row[]): Promise<Row[]> {
  const out = rows.map((row) => exportedRow(row, spec.json, spec.omit));
  for (const child of spec.children ?? []) {
    const ids = rows.map((row) => row[spec.key]);
    if (ids.length === 0) continue;
    const children = await selectRows(db, child.table, orgId, { column: child.parent, in: ids }, [child.parent, ...child.order]);
    const byParent = new Map<unknown, Row[]>();
    for (const c of children) byParent.set(c[child.parent], [...(byParent.get(c[child.parent]) ?? []), exportedRow(c, child.json, [child.parent, ...(child.omit ?? [])])]);
    out.forEach((row, i) => {
      row[child.key] = byParent.get(rows[i]?.[spec.key]) ?? [];
    });
  }
  return out;
}

/** The rows of `spec` as a JSON array, a page at a time; `count` learns how many. */
export async function* resourceJson(db: Executor, orgId: string, spec: ResourceSpec, count: (n: number) => void): AsyncGenerator<string> {
  let after: unknown = null;
  let first = true;
  yield '[';
  for (;;) {
    const rows = await resourcePage(db, orgId, spec, after);
    for (const row of rows) {
      yield `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
      first = false;
    }
    count(rows.length);
    if (rows.length < EXPORT_PAGE) break;
    after = rows[rows.length - 1]?.[spec.key];
  }
  yield '\n]\n';
}

/** The organization (without its e-invoice sealed data: it has none) and its users without secrets. */
export async function organizationJson(db: Executor, orgId: string): Promise<Row> {
  const org = await db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
  const chart = await db.selectFrom('account_charts').select(['preset', 'accounts']).where('organization_id', '=', orgId).executeTakeFirst();
  const reminders = await db.selectFrom('reminder_settings').selectAll().where('organization_id', '=', orgId).executeTakeFirst();
  return {
    ...exportedRow(org, ['address', 'bank_details']),
    account_chart: chart ? (JSON.parse(chart.accounts) as unknown) : null,
    reminder_settings: reminders ? exportedRow(reminders, ['steps', 'late_fee']) : null,
  };
}

export async function usersJson(db: Executor, orgId: string): Promise<Row[]> {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.active', 'm.invitation_pending', 'u.totp_enabled_at', 'm.created_at', 'm.updated_at'])
    .where('m.organization_id', '=', orgId)
    .orderBy('u.id')
    .execute();
}
