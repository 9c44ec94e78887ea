/**
 * Types and queries shared by the invoice screens. Response types come from the server's
 * schemas (type-only imports: nothing of the server is bundled).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { get, query, type Page } from '../../api/client.ts';
import type { InvoiceOut, InvoiceSummaryOut } from '../../../../src/modules/invoices/invoices.schemas.ts';
import type { PaymentOut } from '../../../../src/modules/payments/payments.schemas.ts';
import type { CreditNoteOut } from '../../../../src/modules/credit-notes/credit-notes.schemas.ts';
import type { ProductOut } from '../../../../src/modules/products/products.schemas.ts';
import type { TaxRateOut } from '../../../../src/modules/tax-rates/tax-rates.schemas.ts';
import { isEInvoiceFormat, type EInvoiceFormat } from './einvoiceFormats.ts';
import { i18next } from '../../i18n/index.ts';

export type Invoice = InvoiceOut;
export type InvoiceSummary = InvoiceSummaryOut;
export type Payment = PaymentOut;
export type CreditNote = CreditNoteOut;
export type Product = ProductOut;
export type TaxRate = TaxRateOut;

/** The payment methods a person records by hand (the API's values). */
export const PAYMENT_METHOD_VALUES = ['cash', 'bank_transfer', 'card', 'check', 'online', 'direct_debit', 'other'] as const;

/** A payment method in the interface language; unknown ones (customer_credit, new ones) in words. */
export function paymentMethodLabel(method: string): string {
  switch (method) {
    case 'cash':
    case 'bank_transfer':
    case 'card':
    case 'check':
    case 'online':
    case 'direct_debit':
    case 'other':
    case 'customer_credit':
      return i18next.t(`invoice.methods.${method}`);
    default:
      return method.replaceAll('_', ' ');
  }
}

/**
 * The methods for a Select, labelled in the interface language: each label is read when it is
 * shown (a getter), so a list built once still follows a change of language.
 */
export const PAYMENT_METHODS: { readonly value: string; readonly label: string }[] = PAYMENT_METHOD_VALUES.map((value) => ({
  value,
  get label() {
    return paymentMethodLabel(value);
  },
}));

export function useInvoice(id: string | undefined) {
  return useQuery({
    queryKey: ['invoices', 'one', id],
    queryFn: () => get<Invoice>(`/invoices/${id ?? ''}`),
    enabled: id !== undefined,
  });
}

export function useTaxRates() {
  return useQuery({ queryKey: ['tax-rates', 'all'], queryFn: () => get<Page<TaxRate>>(`/tax-rates${query({ limit: 200 })}`), staleTime: 60_000 });
}

export function useProducts() {
  return useQuery({ queryKey: ['products', 'all'], queryFn: () => get<Page<Product>>(`/products${query({ limit: 200 })}`), staleTime: 60_000 });
}

export function useInvoicePayments(invoiceId: string) {
  return useQuery({ queryKey: ['payments', { invoice_id: invoiceId }], queryFn: () => get<Page<Payment>>(`/payments${query({ invoice_id: invoiceId, limit: 200 })}`) });
}

export function useInvoiceCreditNotes(invoiceId: string) {
  return useQuery({
    queryKey: ['credit-notes', { invoice_id: invoiceId }],
    queryFn: () => get<Page<CreditNote>>(`/credit-notes${query({ invoice_id: invoiceId, limit: 200 })}`),
  });
}

/**
 * The e-invoice format the customer receives (null: none), read from the customer itself: the
 * invoice's snapshot does not carry it, and the customer may have asked for one since.
 */
export function useCustomerEInvoiceFormat(customerId: string) {
  return useQuery({
    queryKey: ['customers', 'one', customerId],
    queryFn: () => get<{ einvoice_format?: string | null }>(`/customers/${customerId}`),
    select: (customer): EInvoiceFormat | null => (isEInvoiceFormat(customer.einvoice_format) ? customer.einvoice_format : null),
    staleTime: 30_000,
  });
}

/** After any change to an invoice: everything that shows invoices, payments or credit is stale. */
export function useRefreshBilling() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [['invoices'], ['payments'], ['credit-notes'], ['customers'], ['dashboard']].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
}

/** "0.00" and friends. */
export const isZero = (amount: string) => /^-?0*(\.0*)?$/.test(amount);

export const today = () => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};
