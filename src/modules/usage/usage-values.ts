/**
 * The value a usage event contributes to its metric, read from its properties on arrival:
 * nothing for count; the property as text for unique_count; for sum and max an exact decimal
 * (at most 6 decimals, |x| ≤ 10^12, a JSON number or a decimal string) kept both as
 * normalised text and × 10^6 as an integer, so usage-aggregate.ts sums it exactly in SQL.
 */
import { DECIMAL_SCALE, DecimalError, formatScaledTrimmed, parseScaled } from '../../domain/money/index.ts';
import type { FieldError } from '../../shared/errors.ts';
import type { MetricAggregation } from './usage-aggregate.ts';

const MAX_MAGNITUDE = 10n ** 12n * 10n ** BigInt(DECIMAL_SCALE);

export interface MetricShape {
  aggregation: MetricAggregation;
  field: string | null;
}

export interface EventValue {
  value: string | null;
  /** The value × 10^6 as integer text (sum and max), else null. */
  valueScaled: string | null;
}

/** The value, or the error naming `properties.<field>`. */
export function eventValue(metric: MetricShape, properties: Record<string, unknown> | null): EventValue | FieldError {
  if (metric.aggregation === 'count' || metric.field === null) return { value: null, valueScaled: null };
  const path = `properties.${metric.field}`;
  const raw = properties !== null && Object.hasOwn(properties, metric.field) ? properties[metric.field] : undefined;
  if (raw === undefined || raw === null) return { path, message: `is required: the metric aggregates it (${metric.aggregation})` };
  if (metric.aggregation === 'unique_count') {
    if (typeof raw === 'number' && Number.isFinite(raw)) return { value: String(raw), valueScaled: null };
    if (typeof raw === 'string' && raw !== '') return { value: raw, valueScaled: null };
    return { path, message: 'must be a non-empty string or a number (the distinct values are counted)' };
  }
  if (typeof raw !== 'number' && typeof raw !== 'string') return { path, message: 'must be a number or a decimal string such as "12.5"' };
  let scaled: bigint;
  try {
    scaled = parseScaled(raw, DECIMAL_SCALE);
  } catch (error) {
    if (error instanceof DecimalError) return { path, message: error.message };
    throw error;
  }
  if (scaled > MAX_MAGNITUDE || scaled < -MAX_MAGNITUDE) return { path, message: 'must be between -1000000000000 and 1000000000000' };
  return { value: formatScaledTrimmed(scaled, DECIMAL_SCALE), valueScaled: scaled.toString() };
}

export function isFieldError(result: EventValue | FieldError): result is FieldError {
  return 'path' in result;
}
