/** Display names shared by the payment screens, in the user's language. */
import { i18next } from '../../i18n/index.ts';

const METHODS = ['cash', 'bank_transfer', 'card', 'check', 'online', 'other', 'direct_debit', 'customer_credit'] as const;

export function methodLabel(method: string): string {
  return (METHODS as readonly string[]).includes(method) ? i18next.t(`lists.payments.methods.${method as (typeof METHODS)[number]}`) : method;
}
