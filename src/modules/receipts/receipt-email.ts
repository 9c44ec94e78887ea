/**
 * Receipts by e-mail: when the organization has `send_payment_receipts` on, every payment
 * recorded (not credit applied from the customer's own balance) queues an e-mail with the
 * receipt PDF to the customer — in the payment's transaction, so a payment that rolls back
 * sends nothing, and each payment gets one message. Customers without an e-mail address or
 * whose personal data was erased get none.
 */
import type { EventSubscriber } from '../../kernel/events.ts';
import { formatAmount } from '../../domain/money/index.ts';
import { formatMoney } from '../documents/locale-format.ts';
import { customerLanguage, queueCustomerEmail, receiptEmail } from '../email/customer-emails.ts';
import { CUSTOMER_CREDIT_METHOD } from '../payments/payments.schemas.ts';

export const receiptEmailSubscriber: EventSubscriber = {
  name: 'receipt-email',
  types: ['payment.created'],
  async handle(trx, ctx, event) {
    if (event.type !== 'payment.created') return;
    const { payment, invoice } = event.facts;
    if (payment.method === CUSTOMER_CREDIT_METHOD) return;
    const org = await trx.selectFrom('organizations').select(['name', 'send_payment_receipts']).where('id', '=', ctx.orgId).executeTakeFirst();
    if (!org || org.send_payment_receipts !== 1) return;
    const customer = await trx
      .selectFrom('customers')
      .select(['name', 'email', 'language', 'anonymized_at'])
      .where('organization_id', '=', ctx.orgId)
      .where('id', '=', payment.customer_id)
      .executeTakeFirst();
    if (!customer?.email || customer.anonymized_at !== null) return;
    const language = await customerLanguage(trx, ctx.orgId, customer.language);
    const amount = formatMoney(formatAmount(BigInt(payment.amount), payment.currency), payment.currency, language);
    const { subject, body } = receiptEmail(language, org.name, customer.name, amount, invoice.number ?? '');
    await queueCustomerEmail(trx, ctx.orgId, {
      to: customer.email,
      subject,
      body,
      linkUrl: null,
      customerId: payment.customer_id,
      paymentId: payment.id,
      createdBy: ctx.actor.userId,
      now: event.createdAt,
    });
  },
};
