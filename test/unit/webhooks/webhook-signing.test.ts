/**
 * Signing follows the Standard Webhooks specification to the byte: the standardwebhooks
 * package's signature equals the HMAC-SHA256 recomputed from the published algorithm, and
 * the retry schedule is the specification's.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, webhookHeaders } from '../../../src/modules/webhooks/webhook-signing.ts';
import { MAX_DELIVERY_ATTEMPTS, nextRetryDelayMs } from '../../../src/modules/webhooks/retry-schedule.ts';

describe('webhook signing', () => {
  it('signs "{id}.{timestamp}.{body}" with the base64-decoded secret', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    const at = new Date('2026-11-23T10:00:00.750Z');
    const body = JSON.stringify({ id: 'evt_1', type: 'customer.created', data: { object: { name: 'Zoë ✓' } } });
    const headers = webhookHeaders(secret, 'evt_1', at, body);
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = crypto.createHmac('sha256', key).update(`evt_1.1795428000.${body}`).digest('base64');
    expect(headers).toEqual({
      'content-type': 'application/json',
      'user-agent': expect.stringContaining('Settle'),
      'webhook-id': 'evt_1',
      'webhook-timestamp': '1795428000',
      'webhook-signature': `v1,${expected}`,
    });
  });

  it('retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then stops', () => {
    const delays = Array.from({ length: MAX_DELIVERY_ATTEMPTS }, (_, index) => nextRetryDelayMs(index + 1));
    expect(delays).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000, null]);
  });
});
