/**
 * Opaque, unguessable, time-ordered ids with a readable type prefix (`cus_01J…`).
 * Time order makes `ORDER BY id` a stable creation order for cursor pagination.
 */
import { monotonicFactory } from 'ulidx';

const ulid = monotonicFactory();

export type IdPrefix = 'org' | 'usr' | 'cus' | 'prd' | 'txr' | 'tok' | 'aud' | 'inv' | 'lin' | 'adj' | 'pay' | 'ref' | 'cce' | 'crn' | 'job' | 'eml' | 'lnk' | 'atk' | 'rcv' | 'chl' | 'evt' | 'whe' | 'whd' | 'wha';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}
