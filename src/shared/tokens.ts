/**
 * Random bearer tokens and their lookup keys. A token is 256 random bits, so a plain SHA-256
 * of it is a safe key to store and look it up by (sessions, API tokens, account and customer
 * links); the token itself is never stored.
 */
import crypto from 'node:crypto';

export function randomToken(prefix: string): string {
  return `${prefix}${crypto.randomBytes(32).toString('base64url')}`;
}

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}
