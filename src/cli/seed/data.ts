/**
 * The made-up world of `settle seed`: a seeded PRNG, company names, a product catalogue,
 * quantities and payment methods, and ids shaped like real ones (prefix + ULID) dated at the
 * documents' dates. Pure, no I/O.
 */
import type { TaxCategory } from '../../domain/tax/index.ts';

export const DAY_MS = 86_400_000;

/** A small, fast, seeded PRNG (mulberry32): the same arguments give the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rate {
  id: string;
  name: string;
  category: TaxCategory;
  percentage: string;
  exemption_reason: string | null;
}

export interface Product {
  id: string;
  name: string;
  price: string;
  unit: string;
  rate: Rate;
}

export interface Customer {
  id: string;
  name: string;
  email: string;
  currency: string;
  terms: number;
  /** Reverse charge or exempt customers: every line uses that rate. */
  rate: Rate | null;
  snapshot: string;
}

export const FIRST = ['Nordwind', 'Blue Harbor', 'Alpen', 'Greenfield', 'Kestrel', 'Lumen', 'Orbit', 'Pioneer', 'Quartz', 'Riverside', 'Summit', 'Tidal', 'Vertex', 'Willow', 'Zephyr', 'Atlas'];
export const SECOND = ['Trading', 'Logistics', 'Software', 'Consulting', 'Studios', 'Foods', 'Engineering', 'Retail', 'Media', 'Labs', 'Partners', 'Systems'];
export const SUFFIX: Record<string, string[]> = { EUR: ['GmbH', 'AG', 'SARL', 'BV', 'KG'], USD: ['Inc.', 'LLC', 'Corp.'], GBP: ['Ltd', 'PLC', 'LLP'] };
export const PRODUCTS: [string, string, string, 'standard' | 'reduced'][] = [
  ['Consulting hour', '120', 'h', 'standard'],
  ['Support plan (monthly)', '49', 'month', 'standard'],
  ['Enterprise licence', '1499', 'year', 'standard'],
  ['Setup fee', '250', 'piece', 'standard'],
  ['Training day', '890', 'day', 'standard'],
  ['Hosting (monthly)', '19.99', 'month', 'standard'],
  ['Extra storage 100 GB', '4.5', 'month', 'standard'],
  ['Hardware token', '35', 'piece', 'standard'],
  ['Design work', '95', 'h', 'standard'],
  ['Travel expenses', '180', 'piece', 'standard'],
  ['Technical handbook', '39.9', 'piece', 'reduced'],
  ['Magazine subscription', '12.5', 'month', 'reduced'],
  ['Catering per person', '18.7', 'piece', 'reduced'],
  ['E-book bundle', '24.99', 'piece', 'reduced'],
  ['Maintenance visit', '310', 'piece', 'standard'],
  ['Data migration', '1250', 'piece', 'standard'],
  ['API calls (per 1000)', '0.35', 'piece', 'standard'],
  ['Audit report', '2400', 'piece', 'standard'],
  ['Workshop seat', '149', 'piece', 'standard'],
  ['Printed brochures (100)', '89', 'piece', 'reduced'],
];
export const QUANTITIES = ['1', '1', '1', '2', '2', '3', '4', '5', '8', '10', '12', '0.5', '1.5', '2.25', '40'];
export const METHODS = ['bank_transfer', 'bank_transfer', 'bank_transfer', 'card', 'card', 'cash', 'other'];

export function parseCount(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new Error(`--${name} is required`);
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1`);
  return n;
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
let idRandom = random(Date.now());

/** A fresh random part for the ids of this run. */
export function reseedIds(seed: number): void {
  idRandom = random(seed);
}

/**
 * Ids in the shape of shared/ids.ts (prefix + lower-case ULID) dated at `ms`, so that id order
 * follows document dates as it does for real documents; the random part comes from a fast
 * PRNG (crypto per id would dominate the run time), reseeded from crypto for every run.
 */
export function seedId(prefix: string, ms: number): string {
  let time = '';
  let t = Math.max(0, Math.floor(ms));
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  let rest = '';
  for (let i = 0; i < 16; i++) rest += CROCKFORD.charAt(Math.floor(idRandom() * 32));
  return `${prefix}_${time}${rest}`;
}

export const isoDateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const dayMs = (date: string) => Date.parse(`${date}T00:00:00.000Z`);
