/** Gateway connections and hosted checkouts, scoped to one organization. */
import type { Executor } from '../../kernel/context.ts';
import type { GatewayCheckoutsTable, PaymentGatewaysTable } from '../../db/schema.ts';

export class GatewaysRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  find(provider: string): Promise<PaymentGatewaysTable | undefined> {
    return this.db.selectFrom('payment_gateways').selectAll().where('organization_id', '=', this.orgId).where('provider', '=', provider).executeTakeFirst();
  }

  all(): Promise<PaymentGatewaysTable[]> {
    return this.db.selectFrom('payment_gateways').selectAll().where('organization_id', '=', this.orgId).orderBy('provider').execute();
  }

  /** The first connected gateway (there is one provider today). */
  async first(): Promise<PaymentGatewaysTable | undefined> {
    return (await this.all())[0];
  }

  async upsert(row: Omit<PaymentGatewaysTable, 'organization_id'>): Promise<void> {
    const { id: _id, connected_at: _connected, ...changes } = row;
    await this.db
      .insertInto('payment_gateways')
      .values({ ...row, organization_id: this.orgId })
      .onConflict((oc) => oc.columns(['organization_id', 'provider']).doUpdateSet(changes))
      .execute();
  }

  async remove(provider: string): Promise<number> {
    const result = await this.db.deleteFrom('payment_gateways').where('organization_id', '=', this.orgId).where('provider', '=', provider).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The newest open checkout of an invoice. */
  openCheckout(invoiceId: string): Promise<GatewayCheckoutsTable | undefined> {
    return this.db
      .selectFrom('gateway_checkouts')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .where('status', '=', 'open')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  async countCheckouts(invoiceId: string): Promise<number> {
    const row = await this.db
      .selectFrom('gateway_checkouts')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async insertCheckout(row: Omit<GatewayCheckoutsTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('gateway_checkouts').values({ ...row, organization_id: this.orgId }).execute();
  }

  async setCheckoutStatus(id: string, status: 'open' | 'expired'): Promise<void> {
    await this.db.updateTable('gateway_checkouts').set({ status }).where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  /** Every open checkout of the organization's invoices ends (the gateway was disconnected). */
  async expireAllCheckouts(): Promise<void> {
    await this.db.updateTable('gateway_checkouts').set({ status: 'expired' }).where('organization_id', '=', this.orgId).where('status', '=', 'open').execute();
  }
}
