/** The pure parts of the payment gateway: Stripe amounts, secret masking and forms, the secret box. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SecretBox, loadOrCreateKeyFile, openSecretBox, parseSecretKey } from '../../../src/kernel/secret-box.ts';
import { StripeAmountError, fromStripeAmount, toStripeAmount } from '../../../src/modules/payment-gateways/stripe/stripe-amounts.ts';
import { maskSecret, validateStripeSecrets } from '../../../src/modules/payment-gateways/stripe/stripe-secrets.ts';
import { settleMethodOf } from '../../../src/modules/payment-gateways/record-gateway-payment.ts';
import { loadConfig } from '../../../src/config.ts';

describe('Stripe amounts', () => {
  it('are the minor units for two-, zero- and three-decimal currencies', () => {
    expect(toStripeAmount(12345n, 'EUR')).toBe(12345);
    expect(toStripeAmount(500n, 'JPY')).toBe(500);
    expect(toStripeAmount(1230n, 'BHD')).toBe(1230);
    expect(fromStripeAmount(12345, 'EUR')).toBe(12345n);
    expect(fromStripeAmount(500, 'JPY')).toBe(500n);
    expect(fromStripeAmount(1230, 'KWD')).toBe(1230n);
  });

  it('follow Stripe for ISK and UGX (two decimals ending in 00) and three-decimal steps of 10', () => {
    expect(toStripeAmount(1000n, 'ISK')).toBe(100000);
    expect(fromStripeAmount(100000, 'ISK')).toBe(1000n);
    expect(() => fromStripeAmount(100050, 'ISK')).toThrow(StripeAmountError);
    expect(toStripeAmount(7n, 'UGX')).toBe(700);
    expect(() => toStripeAmount(1235n, 'BHD')).toThrow(StripeAmountError);
    expect(() => fromStripeAmount(1.5, 'EUR')).toThrow(StripeAmountError);
    expect(() => fromStripeAmount(-1, 'EUR')).toThrow(StripeAmountError);
    expect(() => toStripeAmount(2n ** 60n, 'EUR')).toThrow(StripeAmountError);
  });

  it('round-trip exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constantFrom('EUR', 'USD', 'JPY', 'ISK', 'UGX', 'KRW'), (minor, currency) => {
        expect(fromStripeAmount(toStripeAmount(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});

describe('Stripe secrets', () => {
  it('are masked to their prefix and last four characters', () => {
    expect(maskSecret('sk_test_51Habcdefghijklmnop1234')).toBe('sk_test_…1234');
    expect(maskSecret('rk_live_51Habcdefghijklmnopqrst')).toBe('rk_live_…qrst');
    expect(maskSecret('whsec_abcdefghijklmnopqrstuvwxyzabcd')).toBe('whsec_…abcd');
    // Too short to show anything of.
    expect(maskSecret('sk_test_short')).toBe('sk_test_…');
  });

  it('are checked for form, naming the field', () => {
    expect(validateStripeSecrets({ secretKey: 'sk_test_abcdefgh123', webhookSecret: 'whsec_abcdefgh' })).toBeNull();
    expect(validateStripeSecrets({ secretKey: 'pk_test_abcdefgh123', webhookSecret: 'whsec_abcdefgh' })?.path).toBe('secret_key');
    expect(validateStripeSecrets({ secretKey: 'sk_test_abcdefgh123', webhookSecret: 'whsec' })?.path).toBe('webhook_secret');
  });

  it('method types map onto Settle payment methods', () => {
    expect(settleMethodOf('card')).toBe('card');
    expect(settleMethodOf('sepa_debit')).toBe('direct_debit');
    expect(settleMethodOf('customer_balance')).toBe('bank_transfer');
    expect(settleMethodOf('klarna')).toBe('online');
  });
});

describe('secret box', () => {
  const key = Buffer.alloc(32, 7);

  it('round-trips, with a fresh nonce each time', () => {
    const box = new SecretBox(key);
    const a = box.encrypt('sk_test_secret', 'row:1');
    const b = box.encrypt('sk_test_secret', 'row:1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('sk_test_secret');
    expect(box.decrypt(a, 'row:1')).toBe('sk_test_secret');
  });

  it('refuses a tampered value, another aad and another key', () => {
    const box = new SecretBox(key);
    const sealed = box.encrypt('whsec_secret', 'row:1');
    const [v, nonce, body, tag] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => box.decrypt([v, nonce, flipped.toString('base64url'), tag].join('.'), 'row:1')).toThrow(/cannot be decrypted/);
    expect(() => box.decrypt(sealed, 'row:2')).toThrow(/cannot be decrypted/);
    expect(() => new SecretBox(Buffer.alloc(32, 8)).decrypt(sealed, 'row:1')).toThrow(/cannot be decrypted/);
    expect(() => box.decrypt('garbage', 'row:1')).toThrow(/Not a sealed secret/);
  });

  it('takes a key as 64 hex characters or base64 of 32 bytes, and nothing else', () => {
    expect(parseSecretKey('ab'.repeat(32))).toEqual(Buffer.alloc(32, 0xab));
    expect(parseSecretKey(Buffer.alloc(32, 1).toString('base64'))).toEqual(Buffer.alloc(32, 1));
    expect(parseSecretKey(Buffer.alloc(32, 1).toString('base64url'))).toEqual(Buffer.alloc(32, 1));
    expect(parseSecretKey('short')).toBeNull();
    expect(parseSecretKey('zz'.repeat(32))).toBeNull();
    expect(() => loadConfig({ SETTLE_SECRET_KEY: 'not-a-key' })).toThrow(/SETTLE_SECRET_KEY: must be 64 hex characters/);
    expect(() => loadConfig({ SETTLE_SECRET_KEY: 'not-a-key' })).not.toThrow(/not-a-key/);
    expect(loadConfig({ SETTLE_SECRET_KEY: 'ab'.repeat(32) }).SETTLE_SECRET_KEY).toBe('ab'.repeat(32));
  });

  it('generates the key file once (mode 0600) and reads the same key afterwards', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-key-'));
    try {
      const first = loadOrCreateKeyFile(path.join(dir, 'data'));
      const second = loadOrCreateKeyFile(path.join(dir, 'data'));
      expect(second).toEqual(first);
      expect(fs.statSync(path.join(dir, 'data', 'settle-secret.key')).mode & 0o777).toBe(0o600);
      const box = openSecretBox({ DATABASE_URL: `sqlite:${path.join(dir, 'data', 'settle.db')}` });
      expect(new SecretBox(first).decrypt(box.encrypt('x', 'a'), 'a')).toBe('x');
      fs.writeFileSync(path.join(dir, 'data', 'settle-secret.key'), 'broken');
      expect(() => loadOrCreateKeyFile(path.join(dir, 'data'))).toThrow(/is not valid/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
