/**
 * What an event is about, in words, from the resource it carries (`data.object`, the
 * resource as the API returned it then): "Invoice INV-2026-00012" for Acme, a link to it in
 * the app where it has a page and still exists.
 */
import type { BillingEvent } from '../../api/types.ts';
import i18next from 'i18next';
import { formatMoney } from '../../components/format.ts';

export interface EventResource {
  title: string;
  /** The page of the resource itself. */
  to?: string;
  /** A second line: the customer, an amount, the invoice it belongs to. */
  detail?: string;
  /** Where the second line leads (the invoice of a payment or credit note). */
  detailTo?: string;
}

type Obj = Record<string, unknown>;

const text = (o: Obj | null | undefined, key: string): string | undefined => {
  const value = o?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};
const child = (o: Obj | null | undefined, key: string): Obj | undefined => {
  const value = o?.[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
};
const money = (o: Obj, key: string): string | undefined => {
  const amount = text(o, key);
  const currency = text(o, 'currency');
  return amount && currency ? formatMoney(amount, currency) : undefined;
};
/** Words in the user's language; the English ones where i18next is not set up (unit tests under Node). */
function tr(key: string, english: string, values?: Record<string, unknown>): string {
  return i18next.isInitialized ? i18next.t(key, values) : english;
}
const R = 'webhooks.events.resource';

const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' · ') || undefined;
const path = (base: string, id: string | undefined) => (id ? `${base}/${encodeURIComponent(id)}` : undefined);

export function eventResource(event: Pick<BillingEvent, 'type' | 'data'>): EventResource {
  const o = event.data.object ?? {};
  const [kind, action] = event.type.split('.');
  const gone = action === 'deleted';
  const id = text(o, 'id');
  switch (kind) {
    case 'customer':
      return { title: text(o, 'name') ?? tr(`${R}.customer`, 'Customer'), to: gone ? undefined : path('/customers', id), detail: text(o, 'email') };
    case 'product':
      return { title: text(o, 'name') ?? tr(`${R}.product`, 'Product'), detail: text(o, 'sku') };
    case 'invoice': {
      const number = text(o, 'number');
      return {
        title: number ? tr(`${R}.invoiceNumber`, `Invoice ${number}`, { number }) : tr(`${R}.draftInvoice`, 'Draft invoice'),
        to: gone ? undefined : path('/invoices', id),
        detail: join(text(child(o, 'customer'), 'name'), money(o, 'total')),
      };
    }
    case 'payment': {
      const amount = money(o, 'amount');
      const invoice = text(o, 'invoice_number');
      return {
        title: amount ? tr(`${R}.paymentOf`, `Payment of ${amount}`, { amount }) : tr(`${R}.payment`, 'Payment'),
        detail: invoice ? tr(`${R}.invoiceNumber`, `Invoice ${invoice}`, { number: invoice }) : tr(`${R}.invoice`, 'Invoice'),
        detailTo: path('/invoices', text(o, 'invoice_id')),
      };
    }
    case 'credit_note': {
      const number = text(o, 'number');
      const invoice = text(o, 'invoice_number');
      return {
        title: join(number ? tr(`${R}.creditNoteNumber`, `Credit note ${number}`, { number }) : tr(`${R}.creditNote`, 'Credit note'), money(o, 'total')) ?? tr(`${R}.creditNote`, 'Credit note'),
        detail: invoice ? tr(`${R}.invoiceNumber`, `Invoice ${invoice}`, { number: invoice }) : tr(`${R}.invoice`, 'Invoice'),
        detailTo: path('/invoices', text(o, 'invoice_id')),
      };
    }
    default:
      return { title: id ?? kind ?? event.type };
  }
}
