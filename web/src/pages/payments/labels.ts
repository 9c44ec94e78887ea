/** Display names shared by the payment screens. */
const METHOD_LABELS: Record<string, string> = {
  cash: 'Cash',
  bank_transfer: 'Bank transfer',
  card: 'Card',
  check: 'Check',
  online: 'Online',
  other: 'Other',
  direct_debit: 'Direct debit',
  customer_credit: 'Customer credit',
};

export function methodLabel(method: string): string {
  return METHOD_LABELS[method] ?? method;
}
