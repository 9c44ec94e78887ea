/**
 * Customer use cases. Each change runs in one transaction with its audit event.
 * Responses carry the customer's balances per currency (outstanding and credit), read with
 * one query for a whole list page; the audit log records the customer's own fields only.
 */
import { customFieldCsvColumns } from '../../kernel/http/csv-custom-fields.ts';
import { catalogueCursorKey } from '../../db/catalogue-list.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import type { CustomersTable } from '../../db/schema.ts';
import { lockCustomers } from '../../db/dialect.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { sortedPage } from '../../db/sorted-list.ts';
import { allPages, csvDialect, sendCsv, CSV_PAGE, type CsvColumn } from '../../kernel/http/csv-export.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseStoredAddress } from '../../kernel/http/schemas.ts';
import { electronicAddressColumns, electronicAddressOf } from '../../kernel/http/einvoice-schemas.ts';
import { isEinvoiceFormat } from '../../domain/einvoice/formats.ts';
import { emit } from '../../kernel/events.ts';
import { customFieldsOut, resolveCustomFields } from '../../db/custom-fields.ts';
import { CustomerCreditRepo } from '../payments/customer-credit.repo.ts';
import { CustomersRepo } from './customers.repo.ts';
import type { CreateCustomerInput, CustomerFields, CustomerListQueryInput, CustomerOut, UpdateCustomerInput } from './customers.schemas.ts';
import { eraseCustomerEmails } from '../email/erase-customer-emails.ts';
import { revokeCustomerLinks } from '../invoice-links/invoice-links.service.ts';
import { revokeCustomerPortalLinks } from '../portal/portal-links.service.ts';
import { eraseCustomerFromAudit } from '../audit/erase-personal-data.ts';

export function customerOut(row: CustomersTable): CustomerFields {
  const { organization_id: _org, electronic_address_scheme: _scheme, electronic_address_value: _value, einvoice_format: format, custom_fields: customFields, ...rest } = row;
  return {
    ...rest,
    custom_fields: customFieldsOut(customFields),
    address: parseStoredAddress(row.address),
    archived: row.archived === 1,
    reminders_enabled: row.reminders_enabled !== 0,
    electronic_address: electronicAddressOf(row),
    // Written only through the schema's enum.
    einvoice_format: format !== null && isEinvoiceFormat(format) ? format : null,
  };
}

/** Attaches balances to customers, with one query for all of them. */
async function withBalances(db: Executor, orgId: string, customers: CustomerFields[]): Promise<CustomerOut[]> {
  const balances = await new CustomerCreditRepo(db, orgId).balancesOf(customers.map((c) => c.id));
  return customers.map((c) => ({ ...c, balances: balances.get(c.id) ?? [] }));
}

async function withBalance(db: Executor, orgId: string, customer: CustomerFields): Promise<CustomerOut> {
  const [out] = await withBalances(db, orgId, [customer]);
  if (!out) throw new Error('invariant: one customer in, one out');
  return out;
}

async function readCustomers(ctx: RequestContext, query: CustomerListQueryInput): Promise<Page<CustomerOut>> {
  const rows = await new CustomersRepo(ctx.db.kysely, ctx.orgId).list(query);
  const page =
    query.sort === 'created' || query.sort === undefined
      ? toPage(rows, query.limit, (row) => catalogueCursorKey('created', row), customerOut)
      : sortedPage(rows, query.limit, query.sort, customerOut);
  return { ...page, data: await withBalances(ctx.db.kysely, ctx.orgId, page.data) };
}

/** A page of customers and how many match the filters in all. */
export async function listCustomers(ctx: RequestContext, query: CustomerListQueryInput): Promise<Page<CustomerOut> & { total: number }> {
  const [page, total] = await Promise.all([readCustomers(ctx, query), new CustomersRepo(ctx.db.kysely, ctx.orgId).count(query)]);
  return { ...page, total };
}

const dec = (value: string) => ({ decimal: value });

const CUSTOMER_COLUMNS: CsvColumn<CustomerOut>[] = [
  { header: { en: 'Name', de: 'Name', fr: 'Nom', es: 'Nombre' }, value: (c) => c.name },
  { header: { en: 'Email', de: 'E-Mail', fr: 'E-mail', es: 'Correo electrónico' }, value: (c) => c.email },
  { header: { en: 'Phone', de: 'Telefon', fr: 'Téléphone', es: 'Teléfono' }, value: (c) => c.phone },
  { header: { en: 'Tax ID', de: 'USt-IdNr.', fr: 'N° de TVA', es: 'NIF/CIF' }, value: (c) => c.tax_id },
  {
    header: { en: 'Address', de: 'Adresse', fr: 'Adresse', es: 'Dirección' },
    value: (c) => (c.address ? [c.address.line1, c.address.line2, [c.address.postal_code, c.address.city].filter(Boolean).join(' '), c.address.region, c.address.country].filter(Boolean).join(', ') : null),
  },
  { header: { en: 'Currency', de: 'Währung', fr: 'Devise', es: 'Moneda' }, value: (c) => c.currency },
  { header: { en: 'Language', de: 'Sprache', fr: 'Langue', es: 'Idioma' }, value: (c) => c.language },
  { header: { en: 'Payment terms (days)', de: 'Zahlungsziel (Tage)', fr: 'Délai de paiement (jours)', es: 'Plazo de pago (días)' }, value: (c) => c.payment_terms_days },
  // Balances are per currency: one "EUR 120.00" entry per currency, never summed across currencies.
  {
    header: { en: 'Outstanding', de: 'Offen', fr: 'Impayé', es: 'Pendiente' },
    value: (c) => (c.balances.length === 1 && c.balances[0] ? dec(c.balances[0].outstanding) : c.balances.map((b) => `${b.currency} ${b.outstanding}`).join(' | ') || null),
  },
  { header: { en: 'Balance currency', de: 'Saldowährung', fr: 'Devise du solde', es: 'Moneda del saldo' }, value: (c) => c.balances.map((b) => b.currency).join(' | ') || null },
  { header: { en: 'Archived', de: 'Archiviert', fr: 'Archivé', es: 'Archivado' }, value: (c) => (c.archived ? 'x' : null) },
  { header: { en: 'Created', de: 'Angelegt', fr: 'Créé le', es: 'Creado' }, value: (c) => c.created_at.slice(0, 10) },
];

/** GET /customers?format=csv: every customer matching the filters. */
export async function sendCustomersCsv(ctx: RequestContext, request: FastifyRequest, reply: FastifyReply, query: CustomerListQueryInput): Promise<FastifyReply> {
  const language = csvDialect(query.locale, request.headers['accept-language']).language;
  const name = { en: 'customers', de: 'kunden', fr: 'clients', es: 'clientes' }[language];
  return sendCsv(request, reply, `${name}-${nowIso(ctx.clock).slice(0, 10)}`, query.locale, [...CUSTOMER_COLUMNS, ...(await customFieldCsvColumns<CustomerOut>(ctx.db.kysely, ctx.orgId, 'customer'))], () =>
    allPages(async (cursor) => {
      const page = await readCustomers(ctx, { ...query, cursor, limit: CSV_PAGE });
      return { rows: page.data, next: page.next_cursor };
    }),
  );
}

export async function getCustomer(ctx: RequestContext, id: string): Promise<CustomerOut> {
  const row = await new CustomersRepo(ctx.db.kysely, ctx.orgId).find(id);
  if (!row) throw AppError.notFound('Customer');
  return withBalance(ctx.db.kysely, ctx.orgId, customerOut(row));
}

export async function createCustomer(ctx: RequestContext, input: CreateCustomerInput): Promise<CustomerOut> {
  const now = nowIso(ctx.clock);
  const { electronic_address: electronicAddress, custom_fields: customFields, ...fields } = input;
  const row: Omit<CustomersTable, 'organization_id'> = {
    id: newId('cus'),
    ...fields,
    custom_fields: null,
    electronic_address_scheme: electronicAddress?.scheme ?? null,
    electronic_address_value: electronicAddress?.value ?? null,
    address: input.address === null ? null : JSON.stringify(input.address),
    reminders_enabled: input.reminders_enabled ? 1 : 0,
    archived: 0,
    anonymized_at: null,
    created_at: now,
    updated_at: now,
  };
  return inTransaction(ctx.db, async (trx) => {
    row.custom_fields = await resolveCustomFields(trx, ctx.orgId, 'customer', null, customFields ?? {});
    await new CustomersRepo(trx, ctx.orgId).insert(row);
    const out = customerOut({ ...row, organization_id: ctx.orgId });
    // A new customer has no invoices and no credit yet.
    const created = { ...out, balances: [] };
    await emit(trx, ctx, { type: 'customer.created', resource: { type: 'customer', id: row.id }, after: out, object: created });
    return created;
  });
}

export async function updateCustomer(ctx: RequestContext, id: string, input: UpdateCustomerInput): Promise<CustomerOut> {
  return inTransaction(ctx.db, async (trx) => {
    const repo = new CustomersRepo(trx, ctx.orgId);
    // The customer's row first, as in every write path (db/dialect.ts).
    await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [id]);
    const before = await repo.find(id);
    if (!before) throw AppError.notFound('Customer');
    if (before.anonymized_at !== null && Object.keys(input).some((key) => key !== 'archived')) {
      throw AppError.conflict('This customer was anonymized; its personal data cannot be filled in again');
    }
    const { address, archived, reminders_enabled: reminders, electronic_address: electronicAddress, custom_fields: customFields, ...rest } = input;
    const changes: Partial<CustomersTable> = { ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)), ...electronicAddressColumns(electronicAddress) };
    if (customFields !== undefined) changes.custom_fields = await resolveCustomFields(trx, ctx.orgId, 'customer', before.custom_fields, customFields);
    if (address !== undefined) changes.address = address === null ? null : JSON.stringify(address);
    if (archived !== undefined) changes.archived = archived ? 1 : 0;
    if (reminders !== undefined) changes.reminders_enabled = reminders ? 1 : 0;
    await repo.update(id, { ...changes, updated_at: nowIso(ctx.clock) });
    const after = await repo.find(id);
    if (!after) throw AppError.notFound('Customer');
    const archiving = archived === true && before.archived === 0;
    const updated = await withBalance(trx, ctx.orgId, customerOut(after));
    await emit(trx, ctx, {
      type: 'customer.updated',
      resource: { type: 'customer', id },
      before: customerOut(before),
      after: customerOut(after),
      object: updated,
      ...(archiving ? { audit: { action: 'customer.archived' } } : {}),
    });
    return updated;
  });
}

export async function deleteCustomer(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const repo = new CustomersRepo(trx, ctx.orgId);
    // The customer's row first, then its drafts (db/dialect.ts).
    await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [id]);
    const before = await repo.find(id);
    if (!before) throw AppError.notFound('Customer');
    if (await repo.hasDocuments(id)) {
      throw AppError.conflict('This customer has finalized invoices and cannot be deleted; archive or anonymize it instead');
    }
    if (await repo.hasRecurringBilling(id)) {
      throw AppError.conflict('This customer has recurring billing or recorded usage and cannot be deleted; cancel its subscriptions and archive it instead');
    }
    await repo.deleteDrafts(id);
    await repo.delete(id);
    await emit(trx, ctx, { type: 'customer.deleted', resource: { type: 'customer', id }, before: customerOut(before) });
  });
}

/**
 * GDPR erasure: personal fields are scrubbed, the row (and the invoices that refer to it)
 * stays so the books still add up. The audit events and stored responses about it, and its
 * e-mail messages, lose its personal data too; the frozen snapshot on issued documents stays
 * (legal retention). The audit event records that it happened, not the data.
 */
export async function anonymizeCustomer(ctx: RequestContext, id: string): Promise<CustomerOut> {
  return inTransaction(ctx.db, async (trx) => {
    const repo = new CustomersRepo(trx, ctx.orgId);
    // The customer's row first, as in every write path (db/dialect.ts).
    await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [id]);
    const before = await repo.find(id);
    if (!before) throw AppError.notFound('Customer');
    if (before.anonymized_at !== null) return withBalance(trx, ctx.orgId, customerOut(before));
    const now = nowIso(ctx.clock);
    // The audit trail first: it reads the values to erase from the row and the outbox.
    const eventsScrubbed = await eraseCustomerFromAudit(trx, ctx.orgId, id);
    await repo.update(id, {
      name: `Anonymized customer ${id.slice(-6)}`,
      email: null,
      phone: null,
      address: null,
      tax_id: null,
      notes: null,
      // An electronic address can be personal (an e-mail); the registration id names the business.
      electronic_address_scheme: null,
      electronic_address_value: null,
      legal_registration_id: null,
      // Custom field values may be personal (a contact person, a birthday).
      custom_fields: null,
      archived: 1,
      anonymized_at: now,
      updated_at: now,
    });
    await eraseCustomerEmails(trx, ctx.orgId, id, now);
    // Its invoices' public pages show its name and address: every link dies with the data.
    const linksRevoked = (await revokeCustomerLinks(trx, ctx.orgId, id, now)) + (await revokeCustomerPortalLinks(trx, ctx.orgId, id, now));
    const after = await repo.find(id);
    if (!after) throw AppError.notFound('Customer');
    const anonymized = await withBalance(trx, ctx.orgId, customerOut(after));
    await emit(trx, ctx, {
      type: 'customer.anonymized',
      resource: { type: 'customer', id },
      // The audit log records that it happened, not the data.
      after: { anonymized_at: now, links_revoked: linksRevoked, audit_events_scrubbed: eventsScrubbed },
      object: anonymized,
    });
    return anonymized;
  });
}
