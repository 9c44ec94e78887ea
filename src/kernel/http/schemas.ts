/**
 * Schemas shared by many routes: list queries, ids, problems, and the input forms of
 * money-like values. One schema library (zod) validates requests, serialises responses
 * and generates the OpenAPI document.
 */
import { z } from 'zod';
import { DecimalError, isCurrencyCode, parseScaled } from '../../domain/money/index.ts';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const IdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id') });

/** One status or several, comma-separated (`?status=open,partially_paid`), each one of `statuses`. */
export function statusList<S extends string>(statuses: readonly S[]) {
  return z
    .string()
    .max(200)
    .transform((value, ctx) => {
      const parts = value.split(',').map((part) => part.trim());
      const unknown = parts.find((part) => !(statuses as readonly string[]).includes(part));
      if (unknown !== undefined) {
        ctx.issues.push({ code: 'custom', message: `"${unknown}" is not one of ${statuses.join(', ')}`, input: value });
        return z.NEVER;
      }
      return parts as S[];
    });
}

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** Text fields: trimmed, bounded, and free of control characters that break documents and CSV. */
export function text(max: number) {
  return z
    .string()
    .max(max)
    .transform((s) => s.trim())
    // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), 'must not contain control characters');
}

export function requiredText(max: number) {
  return text(max).refine((s) => s.length > 0, 'is required');
}

/** An optional text field that can be cleared with null or "" (stored as NULL). */
export function optionalText(max: number) {
  return text(max)
    .nullish()
    .transform((s) => (s === '' || s === undefined ? null : s));
}

export const CurrencyCode = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => isCurrencyCode(s), 'is not an ISO 4217 currency code');

export const CountryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166 country code')
  .transform((s) => s.toUpperCase());

export const LanguageCode = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag such as "en" or "de-AT"');

export const Email = z
  .string()
  .max(254)
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.email('must be an e-mail address'));

/** A decimal given as a string ("19.99") or a JSON number (19.99). */
export const DecimalInput = z.union([z.string().max(40), z.number()], {
  error: (issue) => (issue.input === undefined ? 'is required' : 'must be a decimal string such as "12.50" or a number'),
});

/**
 * A decimal input parsed exactly into an integer scaled by 10^scale, within [min, max]
 * (both scaled). Parse errors and range errors become field errors, never exceptions.
 */
export function scaledDecimal(scale: number, range: { min: bigint; max: bigint; maxText: string; minText?: string }) {
  return DecimalInput.transform((value, ctx) => {
    let scaled: bigint;
    try {
      scaled = parseScaled(value, scale);
    } catch (error) {
      if (!(error instanceof DecimalError)) throw error;
      ctx.issues.push({ code: 'custom', message: error.message, input: value });
      return z.NEVER;
    }
    if (scaled < range.min) {
      ctx.issues.push({ code: 'custom', message: range.min === 0n ? 'must not be negative' : `must be at least ${range.minText ?? ''}`, input: value });
      return z.NEVER;
    }
    if (scaled > range.max) {
      ctx.issues.push({ code: 'custom', message: `must be at most ${range.maxText}`, input: value });
      return z.NEVER;
    }
    return scaled;
  });
}

/** A calendar date written YYYY-MM-DD that exists (2026-02-30 does not). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'is not a real calendar date');

export const PaymentTermsDays = z.number().int().min(0).max(3650);

export const BooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const Address = z
  .object({
    line1: optionalText(200),
    line2: optionalText(200),
    city: optionalText(100),
    region: optionalText(100),
    postal_code: optionalText(20),
    country: CountryCode.nullish().transform((v) => v ?? null),
  })
  .strict()
  .meta({ id: 'Address' });

export const AddressOut = z.object({
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postal_code: z.string().nullable(),
  country: z.string().nullable(),
});

export type AddressValue = z.output<typeof AddressOut>;

export function parseStoredAddress(json: string | null): AddressValue | null {
  return json === null ? null : (JSON.parse(json) as AddressValue);
}

export function problemResponses(...codes: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(codes.map((code) => [code, ProblemSchema]));
}
