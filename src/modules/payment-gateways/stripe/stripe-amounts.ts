/**
 * Settle's minor units (ISO 4217 exponents, src/domain/money) ↔ Stripe's "smallest currency
 * unit". They agree for most currencies (EUR cents, JPY yen, BHD fils), with Stripe's
 * documented special cases (stripe.com/docs/currencies):
 * - ISK and UGX: ISO has no minor unit, Stripe still expects two decimals ending in 00;
 * - three-decimal currencies (BHD, JOD, KWD, OMR, TND): three decimals, the last one 0
 *   (amounts are multiples of 0.010).
 * Conversions are exact or refused, never rounded.
 */
import { currencyExponent } from '../../../domain/money/index.ts';

/** Stripe's exponent where it differs from ISO 4217. */
const STRIPE_EXPONENT: Readonly<Record<string, number>> = { ISK: 2, UGX: 2 };
const THREE_DECIMAL_STEP = 10n;

export class StripeAmountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StripeAmountError';
  }
}

function exponents(currency: string): { iso: number; stripe: number } {
  const iso = currencyExponent(currency);
  return { iso, stripe: STRIPE_EXPONENT[currency] ?? iso };
}

/** Minor units → the integer Stripe expects. */
export function toStripeAmount(minor: bigint, currency: string): number {
  const { iso, stripe } = exponents(currency);
  const amount = minor * 10n ** BigInt(stripe - iso);
  if (stripe === 3 && amount % THREE_DECIMAL_STEP !== 0n) {
    throw new StripeAmountError(`Stripe accepts ${currency} amounts in steps of 0.010 only`);
  }
  if (amount < 0n || amount > BigInt(Number.MAX_SAFE_INTEGER)) throw new StripeAmountError('The amount is out of range for Stripe');
  return Number(amount);
}

/** Stripe's integer → minor units; refuses what does not fit exactly (e.g. 12345 for ISK). */
export function fromStripeAmount(amount: number, currency: string): bigint {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new StripeAmountError('Not a Stripe amount');
  const { iso, stripe } = exponents(currency);
  const factor = 10n ** BigInt(stripe - iso);
  const value = BigInt(amount);
  if (value % factor !== 0n) throw new StripeAmountError(`${amount} is not a whole ${currency} amount`);
  return value / factor;
}

/** Stripe's lower-case currency → ISO upper-case. */
export function isoCurrency(stripeCurrency: string): string {
  return stripeCurrency.toUpperCase();
}
