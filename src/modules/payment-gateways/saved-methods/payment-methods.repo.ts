/** The provider customers and saved payment methods of one organization. */
import type { Executor } from '../../../kernel/context.ts';
import type { GatewayCustomersTable, SavedPaymentMethodsTable } from '../../../db/schema.ts';

export class PaymentMethodsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  gatewayCustomer(customerId: string, provider: string): Promise<GatewayCustomersTable | undefined> {
    return this.db
      .selectFrom('gateway_customers')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', customerId)
      .where('provider', '=', provider)
      .executeTakeFirst();
  }

  gatewayCustomerByRef(provider: string, customerRef: string): Promise<GatewayCustomersTable | undefined> {
    return this.db
      .selectFrom('gateway_customers')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('provider', '=', provider)
      .where('customer_ref', '=', customerRef)
      .executeTakeFirst();
  }

  /** Inserts unless the customer has one for the provider already; true when inserted. */
  async insertGatewayCustomer(row: Omit<GatewayCustomersTable, 'organization_id'>): Promise<boolean> {
    const result = await this.db
      .insertInto('gateway_customers')
      .values({ ...row, organization_id: this.orgId })
      .onConflict((oc) => oc.columns(['organization_id', 'customer_id', 'provider']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** The customer's methods not removed, the default first, then newest first. */
  methods(customerId: string): Promise<SavedPaymentMethodsTable[]> {
    return this.db
      .selectFrom('saved_payment_methods')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', customerId)
      .where('removed_at', 'is', null)
      .orderBy('is_default', 'desc')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  method(customerId: string, id: string): Promise<SavedPaymentMethodsTable | undefined> {
    return this.db
      .selectFrom('saved_payment_methods')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', customerId)
      .where('id', '=', id)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
  }

  /** A method by id, removed or not (an automatic charge in progress keeps the method it started with). */
  methodById(id: string): Promise<SavedPaymentMethodsTable | undefined> {
    return this.db.selectFrom('saved_payment_methods').selectAll().where('organization_id', '=', this.orgId).where('id', '=', id).executeTakeFirst();
  }

  /** The method auto-charge uses: the default one, else the newest. */
  async defaultMethod(customerId: string): Promise<SavedPaymentMethodsTable | undefined> {
    return (await this.methods(customerId))[0];
  }

  /** Stores a method once per provider reference; true when this call inserted it. */
  async insertMethod(row: Omit<SavedPaymentMethodsTable, 'organization_id'>): Promise<boolean> {
    const result = await this.db
      .insertInto('saved_payment_methods')
      .values({ ...row, organization_id: this.orgId })
      .onConflict((oc) => oc.columns(['organization_id', 'provider', 'payment_method_ref']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async setDefault(customerId: string, id: string): Promise<void> {
    await this.db
      .updateTable('saved_payment_methods')
      .set((eb) => ({ is_default: eb.case().when('id', '=', id).then(1).else(0).end() }))
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', customerId)
      .where('removed_at', 'is', null)
      .execute();
  }

  async markRemoved(id: string, now: string): Promise<void> {
    await this.db.updateTable('saved_payment_methods').set({ removed_at: now, is_default: 0 }).where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  /** GDPR erasure: every method of the customer removed and its display facts scrubbed. */
  async eraseCustomer(customerId: string, now: string): Promise<number> {
    const result = await this.db
      .updateTable('saved_payment_methods')
      .set({ removed_at: now, is_default: 0, brand: null, last4: null, exp_month: null, exp_year: null })
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async deleteCustomer(customerId: string): Promise<void> {
    await this.db.deleteFrom('saved_payment_methods').where('organization_id', '=', this.orgId).where('customer_id', '=', customerId).execute();
    await this.db.deleteFrom('gateway_customers').where('organization_id', '=', this.orgId).where('customer_id', '=', customerId).execute();
  }
}
