/**
 * The chart of accounts the journal export books to, per organization: presets for the
 * German standard charts SKR03 and SKR04 and a generic chart, every account editable.
 *
 * Revenue and tax accounts are found by tax code: `S-19` (category and percentage) first, then
 * the category alone (`E`, `AE`…), then `default`. Payments book to the account of their method.
 * `datev` carries what the DATEV header needs (consultant and client number) and whether the
 * revenue accounts are DATEV automatic accounts (AM: the gross amount is booked to them and
 * DATEV splits off the tax), as SKR03's 8400/8300 and SKR04's 4400/4300 are.
 */
import { z } from 'zod';
import { PAYMENT_METHODS } from '../payments/payments.schemas.ts';

export const CHART_PRESETS = ['skr03', 'skr04', 'generic'] as const;
export type ChartPreset = (typeof CHART_PRESETS)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface AccountChart {
  preset: ChartPreset;
  receivable: string;
  payment_methods: Record<PaymentMethod, string>;
  revenue: Record<string, string>;
  tax: Record<string, string>;
  datev: { consultant_number: number; client_number: number; automatic_accounts: boolean };
}

const methods = (bank: string, cash: string): Record<PaymentMethod, string> =>
  Object.fromEntries(PAYMENT_METHODS.map((method) => [method, method === 'cash' ? cash : bank])) as Record<PaymentMethod, string>;

export const PRESETS: Readonly<Record<ChartPreset, AccountChart>> = {
  // SKR03: 1400 Forderungen aus L+L, 1200 Bank, 1000 Kasse; 8400/8300 Erlöse 19 %/7 % USt (AM),
  // 8100 steuerfreie Umsätze § 4 Nr. 8 ff., 8120 § 4 Nr. 1a (Ausfuhr), 8125 § 4 Nr. 1b (innergem. Lieferung),
  // 8336 § 13b (EU-Leistung, Empfänger schuldet die Steuer), 8338 im Inland nicht steuerbar; 1776/1771 USt 19 %/7 %.
  skr03: {
    preset: 'skr03',
    receivable: '1400',
    payment_methods: methods('1200', '1000'),
    revenue: { 'S-19': '8400', 'S-7': '8300', E: '8100', Z: '8100', G: '8120', K: '8125', AE: '8336', O: '8338', default: '8400' },
    tax: { 'S-19': '1776', 'S-7': '1771', default: '1776' },
    datev: { consultant_number: 1001, client_number: 1, automatic_accounts: true },
  },
  // SKR04: 1200 Forderungen aus L+L, 1800 Bank, 1600 Kasse; 4400/4300 Erlöse 19 %/7 % USt (AM), 4100, 4120, 4125,
  // 4336, 4338 as in SKR03; 3806/3801 USt 19 %/7 %.
  skr04: {
    preset: 'skr04',
    receivable: '1200',
    payment_methods: methods('1800', '1600'),
    revenue: { 'S-19': '4400', 'S-7': '4300', E: '4100', Z: '4100', G: '4120', K: '4125', AE: '4336', O: '4338', default: '4400' },
    tax: { 'S-19': '3806', 'S-7': '3801', default: '3806' },
    datev: { consultant_number: 1001, client_number: 1, automatic_accounts: true },
  },
  generic: {
    preset: 'generic',
    receivable: '1100',
    payment_methods: methods('1000', '1010'),
    revenue: { default: '4000' },
    tax: { default: '2200' },
    datev: { consultant_number: 1001, client_number: 1, automatic_accounts: false },
  },
};

/** The chart of an organization that saved none: SKR03 in Germany, else the generic chart. */
export function defaultChart(country: string | null): AccountChart {
  return structuredClone(PRESETS[country === 'DE' ? 'skr03' : 'generic']);
}

/** A tax code: category and percentage ("S-19", "S-7.5"), for zero-rated categories the category alone. */
export function taxCode(category: string, percentage: string): string {
  return percentage === '0' || percentage === '' ? category : `${category}-${percentage}`;
}

function lookup(accounts: Record<string, string>, category: string, percentage: string): string {
  return accounts[`${category}-${percentage}`] ?? accounts[category] ?? accounts.default ?? '';
}

export function revenueAccount(chart: AccountChart, category: string, percentage: string): string {
  return lookup(chart.revenue, category, percentage);
}

export function taxAccount(chart: AccountChart, category: string, percentage: string): string {
  return lookup(chart.tax, category, percentage);
}

export function paymentAccount(chart: AccountChart, method: string): string {
  return chart.payment_methods[method as PaymentMethod] ?? chart.payment_methods.bank_transfer;
}

const Account = z.string().trim().regex(/^\d{1,9}$/, 'must be an account number of 1 to 9 digits');
const TaxCodeKey = z.string().regex(/^(default|(S|Z|E|AE|K|G|O|L|M)(-\d{1,3}(\.\d{1,6})?)?)$/, 'must be "default", a tax category (S, Z, E, AE, K, G, O, L, M) or a category and percentage such as "S-19"');
const AccountsByCode = z
  .record(TaxCodeKey, Account)
  .refine((accounts) => Object.keys(accounts).length <= 50, 'at most 50 tax codes')
  .refine((accounts) => accounts.default !== undefined, 'needs a "default" account');

export const AccountChartSchema = z
  .object({
    preset: z.enum(CHART_PRESETS),
    receivable: Account,
    payment_methods: z.object(Object.fromEntries(PAYMENT_METHODS.map((m) => [m, Account])) as Record<PaymentMethod, typeof Account>).strict(),
    revenue: AccountsByCode,
    tax: AccountsByCode,
    datev: z
      .object({
        consultant_number: z.number().int().min(1001).max(9_999_999),
        client_number: z.number().int().min(1).max(99_999),
        automatic_accounts: z.boolean(),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'AccountChart', description: 'Accounts the journal export books to (see the accounting export in the API guide)' });

/**
 * PUT body: the preset to start from, and any parts that differ from it: payment methods one
 * by one, revenue and tax accounts as whole maps, DATEV settings one by one.
 */
export const AccountChartInput = z
  .object({
    preset: z.enum(CHART_PRESETS),
    receivable: Account.optional(),
    payment_methods: z.object(Object.fromEntries(PAYMENT_METHODS.map((m) => [m, Account.optional()])) as Record<PaymentMethod, z.ZodOptional<typeof Account>>).strict().optional(),
    revenue: AccountsByCode.optional(),
    tax: AccountsByCode.optional(),
    datev: z
      .object({
        consultant_number: z.number().int().min(1001).max(9_999_999).optional(),
        client_number: z.number().int().min(1).max(99_999).optional(),
        automatic_accounts: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The chart a PUT body describes: its preset with the given parts replaced. */
export function chartFrom(input: z.output<typeof AccountChartInput>): AccountChart {
  const base = structuredClone(PRESETS[input.preset]);
  const defined = <T extends object>(value: T | undefined) => Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined));
  return {
    preset: input.preset,
    receivable: input.receivable ?? base.receivable,
    payment_methods: { ...base.payment_methods, ...defined(input.payment_methods) },
    revenue: input.revenue ?? base.revenue,
    tax: input.tax ?? base.tax,
    datev: { ...base.datev, ...defined(input.datev) },
  };
}

export const AccountChartOut = AccountChartSchema.extend({ saved: z.boolean().meta({ description: 'false: the default chart, never saved' }) }).meta({ id: 'AccountChartOut' });
