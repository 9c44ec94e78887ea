/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the maintained
 * `standardwebhooks` package computes `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))
 * with the key base64-decoded from the secret after `whsec_`, so receivers can verify with
 * the same package or a few lines of node:crypto (docs/api.md).
 */
import crypto from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export const SECRET_PREFIX = 'whsec_';
/** 32 random bytes: the HMAC-SHA256 block-size key the specification recommends at least 24 bytes of. */
const SECRET_BYTES = 32;

export const USER_AGENT = 'Settle-Webhooks/1 (+https://www.standardwebhooks.com)';

export function newWebhookSecret(): string {
  return SECRET_PREFIX + crypto.randomBytes(SECRET_BYTES).toString('base64');
}

/**
 * The headers of one delivery attempt. `webhook-id` is the event's id, the same on every
 * attempt, so a receiver can drop duplicates; the timestamp is this attempt's, so a receiver
 * can refuse replays of old requests.
 */
export function webhookHeaders(secret: string, eventId: string, at: Date, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(eventId, at, body),
  };
}
