/**
 * Password hashing (argon2id) and random tokens. Session and API tokens are 256-bit random
 * values, so a plain SHA-256 of them is a safe lookup key (shared/tokens.ts); passwords are
 * low-entropy and get a slow, salted argon2id hash.
 */
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

// Algorithm.Argon2id from @node-rs/argon2 (a const enum, which isolated modules cannot import).
const ARGON2ID = 2;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    // Spend the same time as a real check so unknown accounts cannot be told apart by timing.
    await hash(password, ARGON2_OPTIONS);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// The token helpers live in shared/ (customer links use them too); re-exported for auth's files.
export { randomToken, sha256 } from '../../shared/tokens.ts';
