/**
 * Opaque, unguessable, time-ordered ids with a readable type prefix (`cus_01j…`).
 * Time order makes `ORDER BY id` a stable creation order for cursor pagination.
 *
 * The id after the prefix is a ULID (https://github.com/ulid/spec), lower-cased: 10
 * Crockford base-32 characters of milliseconds since 1970, then 16 of randomness (80 bits).
 * Monotonic: within one millisecond (or if the clock steps back) the random part of the
 * previous id is incremented, so ids made by this process always sort in creation order.
 * Randomness comes from the operating system's CSPRNG in blocks (one `randomFillSync` per
 * 256 ids, not one per character as ulidx did), one byte per character: 256 is a multiple of
 * 32, so `byte & 31` is uniform.
 */
import { randomFillSync } from 'node:crypto';

export type IdPrefix = 'org' | 'usr' | 'cus' | 'prd' | 'txr' | 'tok' | 'aud' | 'inv' | 'lin' | 'adj' | 'pay' | 'ref' | 'cce' | 'crn' | 'job' | 'eml' | 'lnk' | 'atk' | 'rcv' | 'chl' | 'evt' | 'whe' | 'whd' | 'wha' | 'sub' | 'sit' | 'bmt' | 'use' | 'pgr' | 'pgw' | 'chk' | 'gcu' | 'spm' | 'ach' | 'plk' | 'rem' | 'imp' | 'cfd' | 'quo';

/** Crockford's base 32, lower case (the ids have always been lower-cased). */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TIME_LENGTH = 10;
const RANDOM_LENGTH = 16;
const POOL_IDS = 256;

const pool = Buffer.alloc(RANDOM_LENGTH * POOL_IDS);
let poolOffset = pool.length;

let lastTime = -1;
/** The previous id's random part, one base-32 digit per entry. */
const lastRandom = new Uint8Array(RANDOM_LENGTH);

function encodeTime(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > 2 ** 48 - 1) throw new Error(`cannot encode time ${ms} in a ULID`);
  let text = '';
  for (let i = 0, rest = ms; i < TIME_LENGTH; i++, rest = Math.floor(rest / 32)) text = ALPHABET[rest % 32] + text;
  return text;
}

function freshRandom(): void {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  for (let i = 0; i < RANDOM_LENGTH; i++) lastRandom[i] = (pool[poolOffset + i] ?? 0) & 31;
  poolOffset += RANDOM_LENGTH;
}

function incrementRandom(): void {
  for (let i = RANDOM_LENGTH - 1; i >= 0; i--) {
    if ((lastRandom[i] ?? 0) < 31) {
      lastRandom[i] = (lastRandom[i] ?? 0) + 1;
      return;
    }
    lastRandom[i] = 0;
  }
  throw new Error('ULID random part overflowed within one millisecond');
}

let lastTimeText = '';

/** A monotonic ULID in lower case; `now` for tests. */
export function ulid(now: number = Date.now()): string {
  if (now <= lastTime) {
    incrementRandom();
  } else {
    lastTime = now;
    lastTimeText = encodeTime(now);
    freshRandom();
  }
  let text = lastTimeText;
  for (let i = 0; i < RANDOM_LENGTH; i++) text += ALPHABET[lastRandom[i] ?? 0];
  return text;
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}
