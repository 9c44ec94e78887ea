/**
 * The invoice editor's form values, how they become the request body, and the live totals
 * computed with the same domain code the server uses (src/domain/tax).
 *
 * An invoice-wide discount (or charge) may apply to "all lines" (ALL_RATES): EN 16931 wants
 * one document-level allowance per VAT category and rate, so on the way to the API it becomes
 * one allowance per tax rate of the lines — a percentage ("5%") is taken of each rate's lines,
 * an amount is split in proportion to each rate's net with the money module's allocate(), so
 * the parts add up to the amount exactly. Loading an invoice folds such a set back into one.
 */
import { allocate, formatAmount, parseAmount } from '../../../../src/domain/money/index.ts';
import { computeInvoiceTotals, DomainError, parsePercentage, type DomainErrorCode, type InvoiceTotals, type TaxInput } from '../../../../src/domain/tax/index.ts';
import type { Invoice, TaxRate } from './invoiceApi.ts';

/** The tax select's value for "No tax": category O, 0 %, keyed "none" like the server. */
export const NO_TAX = 'none';
/** An adjustment's "tax rate" meaning every rate of the lines, split proportionally. */
export const ALL_RATES = 'all';

export interface LineValues {
  key: string;
  product_id: string | null;
  description: string;
  quantity: string;
  unit: string;
  unit_price: string;
  discount: string;
  tax_rate_id: string;
  /** UN/ECE Rec 20 code ('' none); base quantity and period are kept as loaded (not edited here). */
  unit_code: string;
  base_quantity: string;
  period_start: string | null;
  period_end: string | null;
}

export interface AdjustmentValues {
  key: string;
  reason: string;
  amount: string;
  tax_rate_id: string;
}

export interface EditorValues {
  customer_id: string | null;
  currency: string;
  issue_date: string;
  due_date: string;
  prices_include_tax: boolean;
  lines: LineValues[];
  allowances: AdjustmentValues[];
  charges: AdjustmentValues[];
  notes: string;
  terms: string;
  /** E-invoice details: BT-10, BT-13, BT-72, BT-73/74 ('' none). */
  buyer_reference: string;
  purchase_order_reference: string;
  delivery_date: string;
  period_start: string;
  period_end: string;
}

let counter = 0;
export const newKey = () => `k${(counter += 1)}`;

export const emptyLine = (): LineValues => ({
  key: newKey(),
  product_id: null,
  description: '',
  quantity: '1',
  unit: '',
  unit_price: '',
  discount: '',
  tax_rate_id: NO_TAX,
  unit_code: '',
  base_quantity: '1',
  period_start: null,
  period_end: null,
});

export const emptyAdjustment = (reason = ''): AdjustmentValues => ({ key: newKey(), reason, amount: '', tax_rate_id: ALL_RATES });

export function blankInvoice(currency: string): EditorValues {
  return {
    customer_id: null,
    currency,
    issue_date: '',
    due_date: '',
    prices_include_tax: false,
    lines: [emptyLine()],
    allowances: [],
    charges: [],
    notes: '',
    terms: '',
    buyer_reference: '',
    purchase_order_reference: '',
    delivery_date: '',
    period_start: '',
    period_end: '',
  };
}

export function fromInvoice(invoice: Invoice): EditorValues {
  const values: EditorValues = {
    customer_id: invoice.customer_id,
    currency: invoice.currency,
    issue_date: invoice.issue_date ?? '',
    due_date: invoice.due_date ?? '',
    prices_include_tax: invoice.prices_include_tax,
    lines: invoice.lines.map((line) => ({
      key: newKey(),
      product_id: line.product_id,
      description: line.description,
      quantity: line.quantity,
      unit: line.unit ?? '',
      unit_price: line.unit_price,
      discount: line.discount ?? '',
      tax_rate_id: line.tax_rate_id ?? NO_TAX,
      unit_code: line.unit_code ?? '',
      base_quantity: line.base_quantity,
      period_start: line.period_start,
      period_end: line.period_end,
    })),
    allowances: invoice.allowances.map(adjustmentValues),
    charges: invoice.charges.map(adjustmentValues),
    notes: invoice.notes ?? '',
    terms: invoice.terms ?? '',
    buyer_reference: invoice.buyer_reference ?? '',
    purchase_order_reference: invoice.purchase_order_reference ?? '',
    delivery_date: invoice.delivery_date ?? '',
    period_start: invoice.period_start ?? '',
    period_end: invoice.period_end ?? '',
  };
  const nets = lineNetsByRate(values);
  return { ...values, allowances: foldAdjustments(values.allowances, nets, values.currency), charges: foldAdjustments(values.charges, nets, values.currency) };
}

function adjustmentValues(a: Invoice['allowances'][number]): AdjustmentValues {
  // A percentage stays one ("5%"): its amount follows the lines.
  return { key: newKey(), reason: a.reason, amount: a.percentage === null ? a.amount : `${a.percentage}%`, tax_rate_id: a.tax_rate_id ?? NO_TAX };
}

const rateOrNull = (id: string) => (id === NO_TAX || id === '' ? null : id);
const textOrNull = (value: string) => (value.trim() === '' ? null : value);

/** The body of POST /invoices and PATCH /invoices/:id. */
export function requestBody(values: EditorValues) {
  return prepareRequest(values).body;
}

/**
 * The request body, and for each allowance and charge sent the index of the form row it came
 * from (a discount on all lines becomes one allowance per tax rate), to put the server's field
 * errors back at the row the user typed.
 */
export function prepareRequest(values: EditorValues) {
  const nets = lineNetsByRate(values);
  const allowances = expandAdjustments(values.allowances, nets, values.currency);
  const charges = expandAdjustments(values.charges, nets, values.currency);
  const adjustment = (a: ExpandedAdjustment) => ({ reason: a.reason, amount: a.amount.trim(), tax_rate_id: rateOrNull(a.tax_rate_id) });
  const body = {
    customer_id: values.customer_id ?? '',
    currency: values.currency,
    issue_date: textOrNull(values.issue_date),
    due_date: textOrNull(values.due_date),
    prices_include_tax: values.prices_include_tax,
    lines: values.lines.map((line) => ({
      product_id: line.product_id,
      description: line.description,
      quantity: line.quantity.trim(),
      unit_price: line.unit_price.trim(),
      unit: textOrNull(line.unit),
      tax_rate_id: rateOrNull(line.tax_rate_id),
      discount: textOrNull(line.discount.trim()),
      unit_code: textOrNull(line.unit_code),
      base_quantity: line.base_quantity,
      period_start: line.period_start,
      period_end: line.period_end,
    })),
    allowances: allowances.map(adjustment),
    charges: charges.map(adjustment),
    notes: textOrNull(values.notes),
    terms: textOrNull(values.terms),
    buyer_reference: textOrNull(values.buyer_reference.trim()),
    purchase_order_reference: textOrNull(values.purchase_order_reference.trim()),
    delivery_date: textOrNull(values.delivery_date),
    period_start: textOrNull(values.period_start),
    period_end: textOrNull(values.period_end),
  };
  return { body, allowanceOrigin: allowances.map((a) => a.origin), chargeOrigin: charges.map((c) => c.origin) };
}

/** The server's field errors with allowance and charge indexes turned back into the form's rows. */
export function formErrors(errors: Record<string, string>, request: ReturnType<typeof prepareRequest>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const match = /^(allowances|charges)\.(\d+)(\..*)?$/.exec(path);
    if (match === null) {
      out[path] = message;
      continue;
    }
    const origins = match[1] === 'allowances' ? request.allowanceOrigin : request.chargeOrigin;
    const row = origins[Number(match[2])] ?? Number(match[2]);
    // A split row's tax rate is not the user's: its error belongs to the amount.
    const rest = match[3] === '.tax_rate_id' ? '.amount' : (match[3] ?? '');
    out[`${match[1]}.${row}${rest}`] ??= message;
  }
  return out;
}

/** Each tax rate of the lines (in order of first use) with the sum of its computable lines' nets. */
export function lineNetsByRate(values: Pick<EditorValues, 'lines' | 'currency' | 'prices_include_tax'>): Map<string, bigint> {
  const nets = new Map<string, bigint>();
  for (const line of values.lines) {
    const key = line.tax_rate_id === '' ? NO_TAX : line.tax_rate_id;
    const net = lineNet(line, values.currency, values.prices_include_tax);
    nets.set(key, (nets.get(key) ?? 0n) + (net ?? 0n));
  }
  return nets;
}

/** A line's total in minor units, or null while it cannot be computed (empty or invalid input). */
function lineNet(line: LineValues, currency: string, pricesIncludeTax: boolean): bigint | null {
  if (line.quantity.trim() === '' || line.unit_price.trim() === '') return null;
  try {
    const totals = computeInvoiceTotals({ currency, prices_include_tax: pricesIncludeTax, lines: [lineInput(line, { category: 'O', percentage: '0', key: NO_TAX })] });
    return totals.lines[0]?.line_total ?? null;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

function lineInput(line: LineValues, tax: TaxInput) {
  return {
    quantity: line.quantity.trim(),
    unit_price: line.unit_price.trim(),
    base_quantity: line.base_quantity,
    ...(line.discount.trim() === '' ? {} : { discount: line.discount.trim() }),
    tax,
  };
}

export interface ExpandedAdjustment {
  reason: string;
  amount: string;
  tax_rate_id: string;
  /** The form row it came from. */
  origin: number;
  /** Live totals only: the amount it comes to (minor units), unless it was left out. */
  computed?: bigint;
}

/** "5%" / "5 %" → true; an amount or an invalid text → false. */
function isPercentage(amount: string): boolean {
  try {
    return parsePercentage(amount.trim(), 'Amount', 'amount') !== null;
  } catch {
    return /%\s*$/.test(amount);
  }
}

/**
 * One adjustment per tax rate for each row on all lines: a percentage is taken of each rate's
 * lines; an amount is split in proportion to each rate's positive net with allocate() (exact:
 * the parts add up to the amount). A row that cannot be split yet (no amount, no lines, an
 * invalid amount) goes out as one adjustment at the first line's rate, for the server to judge.
 */
export function expandAdjustments(list: readonly AdjustmentValues[], nets: ReadonlyMap<string, bigint>, currency: string): ExpandedAdjustment[] {
  const rates = [...nets].filter(([, net]) => net > 0n);
  const fallback = rates[0]?.[0] ?? [...nets.keys()][0] ?? NO_TAX;
  return list.flatMap((a, origin): ExpandedAdjustment[] => {
    const amount = a.amount.trim();
    if (a.tax_rate_id !== ALL_RATES) return [{ reason: a.reason, amount, tax_rate_id: a.tax_rate_id, origin }];
    const single = { reason: a.reason, amount, tax_rate_id: fallback, origin };
    if (amount === '' || rates.length < 2) return [single];
    if (isPercentage(amount)) return rates.map(([rate]) => ({ reason: a.reason, amount, tax_rate_id: rate, origin }));
    let minor: bigint;
    try {
      minor = parseAmount(amount, currency);
    } catch {
      return [single];
    }
    const parts = allocate(minor, rates.map(([, net]) => net));
    const split = rates.flatMap(([rate], i) => ((parts[i] ?? 0n) === 0n ? [] : [{ reason: a.reason, amount: formatAmount(parts[i] ?? 0n, currency), tax_rate_id: rate, origin }]));
    return split.length === 0 ? [single] : split;
  });
}

/**
 * Folds adjustments that together cover every rate of the lines — same reason, one per rate,
 * the same percentage, or amounts exactly as splitting their sum would give — back into one
 * row on all lines; anything else stays as it is.
 */
export function foldAdjustments(list: readonly AdjustmentValues[], nets: ReadonlyMap<string, bigint>, currency: string): AdjustmentValues[] {
  const rates = [...nets].filter(([, net]) => net > 0n);
  if (rates.length === 0) return [...list];
  const out: AdjustmentValues[] = [];
  const used = new Set<number>();
  list.forEach((a, i) => {
    if (used.has(i)) return;
    const percent = isPercentage(a.amount);
    const members = rates.map(([rate]) => list.findIndex((b, j) => !used.has(j) && b.tax_rate_id === rate && b.reason === a.reason && isPercentage(b.amount) === percent));
    const fits = members.every((j) => j >= 0) && members.includes(i) && (percent ? members.every((j) => list[j]?.amount.trim() === a.amount.trim()) : splitsExactly(members.map((j) => list[j]?.amount ?? ''), rates, currency));
    if (!fits) {
      out.push(a);
      used.add(i);
      return;
    }
    for (const j of members) used.add(j);
    const amount = percent ? a.amount : formatAmount(members.reduce((sum, j) => sum + parseAmount(list[j]?.amount ?? '0', currency), 0n), currency);
    out.push({ ...a, amount, tax_rate_id: ALL_RATES });
  });
  return out;
}

/** Whether `amounts` (one per rate) are what splitting their sum over the rates' nets gives. */
function splitsExactly(amounts: string[], rates: [string, bigint][], currency: string): boolean {
  try {
    const minor = amounts.map((amount) => parseAmount(amount, currency));
    const parts = allocate(minor.reduce((sum, m) => sum + m, 0n), rates.map(([, net]) => net));
    return parts.every((part, i) => part === minor[i]);
  } catch {
    return false;
  }
}

/** Something the live check found wrong with one field (shown once the field was touched or on save). */
export interface LiveIssue {
  path: string;
  code: DomainErrorCode;
  message: string;
}

export type LiveTotals =
  | {
      ok: true;
      totals: InvoiceTotals;
      /** Per line: false while it cannot be computed yet (it counts as zero meanwhile). */
      computed: boolean[];
      /** Fields whose input the totals had to leave out. */
      issues: LiveIssue[];
      /** The allowances and charges as they will be sent (a discount on all lines split per rate), those left out included. */
      allowances: ExpandedAdjustment[];
      charges: ExpandedAdjustment[];
    }
  | { ok: false; message: string; path: string | undefined };

const ZERO_LINE = { quantity: '0', unit_price: '0' };

/**
 * The totals as the server will compute them from everything that can be computed: a line
 * still being typed (or wrong) counts as zero, an allowance or charge without a valid amount
 * is left out, and what was left out is listed in `issues`. Only a conflict between whole
 * parts (a tax rate used with two percentages) gives no totals at all.
 */
export function liveTotals(values: EditorValues, rates: readonly TaxRate[]): LiveTotals {
  const byId = new Map(rates.map((rate) => [rate.id, rate]));
  const issues: LiveIssue[] = [];
  const tax = (id: string, path: string): TaxInput => {
    const rate = byId.get(id);
    if (id === NO_TAX || id === '' || rate === undefined) {
      if (id !== NO_TAX && id !== '') issues.push({ path, code: 'invalid_tax', message: 'Unknown tax rate' });
      return { category: 'O', percentage: '0', key: NO_TAX };
    }
    return { category: rate.category, percentage: rate.percentage, key: rate.id };
  };
  const attempt = (run: () => void, path: (domainPath: string | undefined) => string): boolean => {
    try {
      run();
      return true;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      issues.push({ path: path(error.path), code: error.code, message: error.message });
      return false;
    }
  };
  const base = { currency: values.currency, prices_include_tax: values.prices_include_tax };
  const computed: boolean[] = [];
  const lines = values.lines.map((line, i) => {
    const input = lineInput(line, tax(line.tax_rate_id, `lines.${i}.tax_rate_id`));
    const complete = line.quantity.trim() !== '' && line.unit_price.trim() !== '';
    const ok = complete && attempt(() => computeInvoiceTotals({ ...base, lines: [input] }), (p) => (p === undefined ? `lines.${i}` : p.replace(/^lines\.0/, `lines.${i}`)));
    computed.push(ok);
    return ok ? input : { ...ZERO_LINE, tax: input.tax };
  });
  const nets = lineNetsByRate(values);
  const allowances = expandAdjustments(values.allowances, nets, values.currency);
  const charges = expandAdjustments(values.charges, nets, values.currency);
  const usable = (kind: 'allowances' | 'charges', list: ExpandedAdjustment[]) =>
    list.flatMap((a) => {
      if (a.amount === '') return [];
      const input = { amount: a.amount, tax: tax(a.tax_rate_id, `${kind}.${a.origin}.tax_rate_id`) };
      const ok = attempt(() => computeInvoiceTotals({ ...base, lines, [kind]: [input] }), () => `${kind}.${a.origin}.amount`);
      return ok ? [{ input, expanded: a }] : [];
    });
  try {
    const kept = { allowances: usable('allowances', allowances), charges: usable('charges', charges) };
    const totals = computeInvoiceTotals({ ...base, lines, allowances: kept.allowances.map((k) => k.input), charges: kept.charges.map((k) => k.input) });
    const withAmounts = (kind: 'allowances' | 'charges') => {
      const amounts = new Map(kept[kind].map((k, i) => [k.expanded, totals[kind][i]?.amount]));
      return (kind === 'allowances' ? allowances : charges).map((a) => {
        const amount = amounts.get(a);
        return amount === undefined ? a : { ...a, computed: amount };
      });
    };
    return { ok: true, totals, computed, issues, allowances: withAmounts('allowances'), charges: withAmounts('charges') };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, message: error.message, path: error.path };
    throw error;
  }
}
