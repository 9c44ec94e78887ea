/**
 * Words and places for the fields a refused finalize names ("customer.address.city"): what the
 * field is called, whose it is, and the page where it is fixed. Pure, so it is unit-tested
 * against the paths the server's rules point at (src/domain/einvoice/profile-checks.ts).
 */
import { formatLabel, isEInvoiceFormat } from './einvoiceFormats.ts';

export interface Place {
  owner: string;
  to: string;
  action: string;
}

/** Words for the field names people know under another name. */
const FIELD_WORDS: Record<string, string> = {
  // The forms' own names (organization settings and customer form).
  electronic_address: 'e-invoice address',
  legal_registration_id: 'legal registration ID',
  tax_registration_id: 'tax number',
  tax_id: 'Tax ID (VAT)',
  'bank_details.iban': 'bank account (IBAN)',
  'address.postal_code': 'post code',
  'address.city': 'city',
  'address.country': 'country',
  address: 'address',
  buyer_reference: 'buyer reference (Leitweg-ID)',
  purchase_order_reference: 'purchase order reference',
  delivery_date: 'delivery date',
  due_date: 'due date',
  tax_rate_id: 'tax rate',
  exemption_reason: 'VAT exemption reason',
};

/** The server names the format by its code ("e-invoices (xrechnung-cii)"); people know it by its name. */
export const withFormatNames = (message: string) => message.replace(/ \(([a-z-]+)\)/g, (whole, code: string) => (isEInvoiceFormat(code) ? ` in ${formatLabel(code)}` : whole));

const words = (field: string) => FIELD_WORDS[field] ?? field.replaceAll('.', ' ').replaceAll('_', ' ');

/** Whose the field is, and where to fix it; the first segment of the path says whose. */
export function describeField(path: string, invoice: { id: string; customer_id: string }): { field: string; place: Place | null } {
  const [head = '', ...rest] = path.split('.');
  const tail = rest.join('.');
  const editInvoice: Place = { owner: 'Invoice', to: `/invoices/${invoice.id}/edit`, action: 'Edit the invoice' };
  switch (head) {
    case 'organization':
      // Bank details live with the branding (they are printed on the document).
      return tail.startsWith('bank_details')
        ? { field: words(tail), place: { owner: 'Your organization', to: '/settings/branding', action: 'Open branding settings' } }
        : { field: words(tail || 'details'), place: { owner: 'Your organization', to: '/settings/organization', action: 'Open organization settings' } };
    case 'customer':
      return { field: words(tail || 'details'), place: { owner: 'Customer', to: `/customers/${invoice.customer_id}`, action: 'Open the customer' } };
    case 'tax_rates':
      return { field: words(tail), place: { owner: 'Tax rate', to: '/tax-rates', action: 'Open tax rates' } };
    case 'lines':
    case 'allowances':
    case 'charges':
      return { field: words(tail || head), place: editInvoice };
    case 'einvoice':
    case '':
      return { field: 'the document as a whole', place: null };
    default:
      return { field: words(path), place: editInvoice };
  }
}
