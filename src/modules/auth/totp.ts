/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: SHA-1, 6
 * digits, 30-second steps, through the maintained `otpauth` library. A code is accepted one
 * step early or late (clocks drift), and never for a step at or before the last one accepted,
 * so an overheard code cannot be replayed. Recovery codes are random, shown once, and
 * stored as SHA-256 (their entropy makes a slow hash unnecessary).
 */
import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { sha256 } from './secrets.ts';

const PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: codes are read off paper. 31 symbols × 12 ≈ 59 bits each. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function totp(secretBase32: string, label = 'account'): TOTP {
  return new TOTP({ issuer: 'Settle', label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URL an authenticator app reads from the QR code. */
export function otpauthUrl(secretBase32: string, email: string): string {
  return totp(secretBase32, email).toString();
}

/** The code for `at` (tests and the setup screen's self-check). */
export function totpCode(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}

/**
 * The time step `code` is valid for at `now` (±1 step), or null — also when that step is not
 * after `lastStep`, the last one accepted for this secret.
 */
export function acceptedTotpStep(secretBase32: string, code: string, now: Date, lastStep: number | null): number | null {
  const digits = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(digits)) return null;
  const delta = totp(secretBase32).validate({ token: digits, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[crypto.randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** What is stored for a recovery code: case, spaces and dashes do not matter when it is typed. */
export function recoveryCodeHash(code: string): string {
  return sha256(code.toLowerCase().replace(/[\s-]+/g, ''));
}
