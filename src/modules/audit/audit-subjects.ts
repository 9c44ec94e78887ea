/**
 * What an audit entry is about, as people name it: the invoice's number, the customer's
 * name, the user's name — and where the web app shows it. Resolved for a whole page of
 * entries at once (one query per resource type), always within the organization; a resource
 * that no longer exists (a deleted draft, a removed user) is named from the entry's own
 * snapshot and has no link.
 */
import type { Executor } from '../../kernel/context.ts';

export interface Subject {
  label: string | null;
  path: string | null;
}

interface Row {
  resource_type: string;
  resource_id: string;
  before: unknown;
  after: unknown;
}

type Lookup = (db: Executor, orgId: string, ids: string[]) => Promise<Map<string, Subject>>;

const byId = (rows: { id: string; label: string | null }[], path: (id: string) => string): Map<string, Subject> =>
  new Map(rows.map((row) => [row.id, { label: row.label, path: path(row.id) }]));

const LOOKUPS: Record<string, Lookup> = {
  invoice: async (db, orgId, ids) => {
    const rows = await db
      .selectFrom('invoices')
      .innerJoin('customers', 'customers.id', 'invoices.customer_id')
      .select(['invoices.id', 'invoices.number', 'customers.name as customer'])
      .where('invoices.organization_id', '=', orgId)
      .where('invoices.id', 'in', ids)
      .execute();
    // A draft has no number yet: its customer names it.
    return byId(rows.map((r) => ({ id: r.id, label: r.number ?? r.customer })), (id) => `/invoices/${id}`);
  },
  quote: async (db, orgId, ids) => {
    const rows = await db
      .selectFrom('quotes')
      .innerJoin('customers', 'customers.id', 'quotes.customer_id')
      .select(['quotes.id', 'quotes.number', 'customers.name as customer'])
      .where('quotes.organization_id', '=', orgId)
      .where('quotes.id', 'in', ids)
      .execute();
    return byId(rows.map((r) => ({ id: r.id, label: r.number ?? r.customer })), (id) => `/quotes/${id}`);
  },
  customer: async (db, orgId, ids) => {
    const rows = await db.selectFrom('customers').select(['id', 'name as label']).where('organization_id', '=', orgId).where('id', 'in', ids).execute();
    return byId(rows, (id) => `/customers/${id}`);
  },
  credit_note: async (db, orgId, ids) => {
    const rows = await db.selectFrom('credit_notes').select(['id', 'number as label']).where('organization_id', '=', orgId).where('id', 'in', ids).execute();
    return byId(rows, (id) => `/credit-notes/${id}`);
  },
  payment: async (db, orgId, ids) => {
    const rows = await db
      .selectFrom('payments')
      .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
      .select(['payments.id', 'payments.invoice_id', 'invoices.number'])
      .where('payments.organization_id', '=', orgId)
      .where('payments.id', 'in', ids)
      .execute();
    // A payment is shown on the invoice it pays.
    return new Map(rows.map((r) => [r.id, { label: r.number, path: `/invoices/${r.invoice_id}` }]));
  },
  subscription: async (db, orgId, ids) => {
    const rows = await db
      .selectFrom('subscriptions')
      .innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
      .select(['subscriptions.id', 'customers.name as label'])
      .where('subscriptions.organization_id', '=', orgId)
      .where('subscriptions.id', 'in', ids)
      .execute();
    return byId(rows, (id) => `/recurring/${id}`);
  },
  product: async (db, orgId, ids) => {
    const rows = await db.selectFrom('products').select(['id', 'name as label']).where('organization_id', '=', orgId).where('id', 'in', ids).execute();
    return byId(rows, () => '/products');
  },
  tax_rate: async (db, orgId, ids) => {
    const rows = await db.selectFrom('tax_rates').select(['id', 'name as label']).where('organization_id', '=', orgId).where('id', 'in', ids).execute();
    return byId(rows, () => '/tax-rates');
  },
  billable_metric: async (db, orgId, ids) => {
    const rows = await db.selectFrom('billable_metrics').select(['id', 'name as label']).where('organization_id', '=', orgId).where('id', 'in', ids).execute();
    return byId(rows, () => '/billable-metrics');
  },
  user: async (db, orgId, ids) => {
    // Only people who are (or were invited to be) members of this organization.
    const rows = await db
      .selectFrom('users')
      .innerJoin('memberships', 'memberships.user_id', 'users.id')
      .select(['users.id', 'users.name', 'users.email'])
      .where('memberships.organization_id', '=', orgId)
      .where('users.id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, { label: `${r.name} (${r.email})`, path: '/settings/users' }]));
  },
  organization: async (db, orgId, ids) => {
    const rows = await db.selectFrom('organizations').select(['id', 'name as label']).where('id', '=', orgId).where('id', 'in', ids).execute();
    return byId(rows, () => '/settings/organization');
  },
  api_token: async (db, orgId, ids) => {
    const rows = await db.selectFrom('api_tokens').select(['id', 'name as label']).where('organization_id', '=', orgId).where('id', 'in', ids).execute();
    return byId(rows, () => '/settings/tokens');
  },
  webhook_endpoint: async (db, orgId, ids) => {
    const rows = await db.selectFrom('webhook_endpoints').select(['id', 'url as label']).where('organization_id', '=', orgId).where('id', 'in', ids).execute();
    return byId(rows, (id) => `/settings/webhooks/${id}`);
  },
  email_message: async (db, orgId, ids) => {
    const rows = await db.selectFrom('email_messages').select(['id', 'to_address as label']).where('organization_id', '=', orgId).where('id', 'in', ids).execute();
    return byId(rows, () => '/emails');
  },
  payment_gateway: (_db, _orgId, ids) => Promise.resolve(new Map(ids.map((id) => [id, { label: 'Stripe', path: '/settings/payments' }]))),
};

/** A name from the entry's own snapshot (after, else before), for a resource that is gone. */
function labelFromSnapshot(row: Row): string | null {
  for (const snapshot of [row.after, row.before]) {
    if (snapshot === null || typeof snapshot !== 'object') continue;
    const s = snapshot as Record<string, unknown>;
    for (const key of ['number', 'name', 'email', 'url']) {
      if (typeof s[key] === 'string' && s[key] !== '') return s[key];
    }
  }
  return null;
}

/** The subject of every entry, in order. */
export async function resolveSubjects(db: Executor, orgId: string, rows: Row[]): Promise<Subject[]> {
  const idsByType = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!(row.resource_type in LOOKUPS)) continue;
    const set = idsByType.get(row.resource_type) ?? new Set<string>();
    set.add(row.resource_id);
    idsByType.set(row.resource_type, set);
  }
  const found = new Map<string, Map<string, Subject>>();
  for (const [type, ids] of idsByType) {
    const lookup = LOOKUPS[type];
    if (lookup) found.set(type, await lookup(db, orgId, [...ids]));
  }
  return rows.map((row) => {
    const live = found.get(row.resource_type)?.get(row.resource_id);
    if (live) return { label: live.label ?? labelFromSnapshot(row), path: live.path };
    return { label: labelFromSnapshot(row), path: null };
  });
}
