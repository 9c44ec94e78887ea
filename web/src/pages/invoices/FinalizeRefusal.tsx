/**
 * Why an invoice could not be finalized, one readable line per problem: for a customer who
 * receives e-invoices the server checks the would-be document and answers 422 with each
 * broken rule and the field it is about ("customer.address.city"). Each line says in words
 * which field that is, whose it is, and links to where it is fixed.
 */
import { Link } from 'react-router';
import { Alert, Anchor, CloseButton, Group, Stack, Text } from '@mantine/core';
import { RuleBadge } from './EInvoiceCard.tsx';
import type { FieldError } from '../../api/client.ts';
import { formatLabel, isEInvoiceFormat, ruleMessage } from './einvoiceFormats.ts';

export interface Refusal {
  message: string;
  errors: FieldError[];
}

interface Place {
  owner: string;
  to: string;
  action: string;
}

/** Words for the field names people know under another name. */
const FIELD_WORDS: Record<string, string> = {
  electronic_address: 'electronic address (e-invoice endpoint)',
  tax_id: 'VAT id',
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
const withFormatNames = (message: string) => message.replace(/ \(([a-z-]+)\)/g, (whole, code: string) => (isEInvoiceFormat(code) ? ` in ${formatLabel(code)}` : whole));

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

export function FinalizeRefusal({ refusal, invoice, onClose }: { refusal: Refusal; invoice: { id: string; customer_id: string }; onClose: () => void }) {
  return (
    <Alert color="red" role="alert" title="This invoice cannot be finalized yet">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Text size="sm">{withFormatNames(refusal.message)}</Text>
          <CloseButton size="sm" aria-label="Dismiss" onClick={onClose} />
        </Group>
        <Stack component="ul" gap={8} m={0} p={0} aria-label="What to fix" style={{ listStyle: 'none' }}>
          {refusal.errors.map((error, index) => {
            const { field, place } = describeField(error.path, invoice);
            const rule = /^\[([^\]]+)\]/.exec(error.message)?.[1];
            return (
              <li key={`${error.path}|${index}`}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {rule === undefined ? null : <RuleBadge rule={rule} color="red" />}
                  <Text span fw={600} size="sm">
                    {place === null ? 'Invoice' : place.owner}: {field}
                  </Text>
                  {' — '}
                  {rule === undefined ? error.message : ruleMessage({ rule, message: error.message })}
                  {place === null ? null : (
                    <>
                      {' '}
                      <Anchor component={Link} to={place.to} size="sm">
                        {place.action}
                      </Anchor>
                    </>
                  )}
                </Text>
              </li>
            );
          })}
        </Stack>
      </Stack>
    </Alert>
  );
}
