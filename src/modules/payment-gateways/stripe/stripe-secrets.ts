/** The forms of Stripe's secrets, and how they are shown once stored (pure). */

const SECRET_KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9]{8,247}$/;
const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/=]{8,200}$/;

export function validateStripeSecrets(input: { secretKey: string; webhookSecret: string }): { path: string; message: string } | null {
  if (!SECRET_KEY.test(input.secretKey)) return { path: 'secret_key', message: 'must be a Stripe secret or restricted key (sk_test_…, sk_live_…, rk_test_…, rk_live_…)' };
  if (!WEBHOOK_SECRET.test(input.webhookSecret)) return { path: 'webhook_secret', message: 'must be a Stripe webhook signing secret (whsec_…)' };
  return null;
}

/**
 * "sk_test_…1234": the prefix up to the mode (or "whsec_") and the last four characters,
 * never more than a quarter of the secret's random part.
 */
export function maskSecret(secret: string): string {
  const prefix = /^((?:sk|rk|pk)_(?:test|live)_|whsec_)/.exec(secret)?.[1] ?? '';
  const rest = secret.slice(prefix.length);
  if (rest.length < 16) return `${prefix}…`;
  return `${prefix}…${rest.slice(-4)}`;
}
