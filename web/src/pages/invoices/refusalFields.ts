/**
 * Words and places for the fields a refused finalize names ("customer.address.city"): what the
 * field is called, whose it is, and the page where it is fixed. Pure, so it is unit-tested
 * against the paths the server's rules point at (src/domain/einvoice/profile-checks.ts).
 */
import { formatLabel, isEInvoiceFormat } from './einvoiceFormats.ts';
import i18next from 'i18next';

export interface Place {
  owner: string;
  to: string;
  action: string;
}

/** The field names people know under another name: field → key under invoice.refusal.field. */
const FIELD_WORDS: Record<string, string> = {
  // The forms' own names (organization settings and customer form).
  electronic_address: 'electronicAddress',
  legal_registration_id: 'legalRegistrationId',
  tax_registration_id: 'taxRegistrationId',
  tax_id: 'taxId',
  'bank_details.iban': 'iban',
  'address.postal_code': 'postalCode',
  'address.city': 'city',
  'address.country': 'country',
  address: 'address',
  buyer_reference: 'buyerReference',
  purchase_order_reference: 'purchaseOrderReference',
  delivery_date: 'deliveryDate',
  due_date: 'dueDate',
  tax_rate_id: 'taxRate',
  exemption_reason: 'exemptionReason',
  details: 'details',
  lines: 'lines',
  allowances: 'allowances',
  charges: 'charges',
};

/** The server names the format by its code ("e-invoices (xrechnung-cii)"); people know it by its name. */
export const withFormatNames = (message: string) =>
  message.replace(/ \(([a-z-]+)\)/g, (whole, code: string) => (isEInvoiceFormat(code) ? ` ${i18next.t('invoice.refusal.inFormat', { format: formatLabel(code) })}` : whole));

const words = (field: string) => {
  const key = FIELD_WORDS[field];
  return key === undefined ? field.replaceAll('.', ' ').replaceAll('_', ' ') : i18next.t(`invoice.refusal.field.${key}`);
};

/** Whose the field is, and where to fix it; the first segment of the path says whose. */
export function describeField(path: string, invoice: { id: string; customer_id: string }): { field: string; place: Place | null } {
  const t = (key: string) => i18next.t(key);
  const [head = '', ...rest] = path.split('.');
  const tail = rest.join('.');
  const editInvoice: Place = { owner: t('invoice.refusal.owner.invoice'), to: `/invoices/${invoice.id}/edit`, action: t('invoice.refusal.action.editInvoice') };
  const organization = t('invoice.refusal.owner.organization');
  switch (head) {
    case 'organization':
      // Bank details live with the branding (they are printed on the document).
      return tail.startsWith('bank_details')
        ? { field: words(tail), place: { owner: organization, to: '/settings/branding', action: t('invoice.refusal.action.branding') } }
        : { field: words(tail || 'details'), place: { owner: organization, to: '/settings/organization', action: t('invoice.refusal.action.organization') } };
    case 'customer':
      return {
        field: words(tail || 'details'),
        place: { owner: t('invoice.refusal.owner.customer'), to: `/customers/${invoice.customer_id}`, action: t('invoice.refusal.action.customer') },
      };
    case 'tax_rates':
      return { field: words(tail), place: { owner: t('invoice.refusal.owner.taxRate'), to: '/tax-rates', action: t('invoice.refusal.action.taxRates') } };
    case 'lines':
    case 'allowances':
    case 'charges':
      return { field: words(tail || head), place: editInvoice };
    case 'einvoice':
    case '':
      return { field: t('invoice.refusal.wholeDocument'), place: null };
    default:
      return { field: words(path), place: editInvoice };
  }
}
