/** Requests and responses of /billable-metrics, /usage-events and /customers/{id}/usage. */
import { z } from 'zod';
import { IsoDate, ListQuery, requiredText } from '../../kernel/http/schemas.ts';
import { METRIC_AGGREGATIONS } from './usage-aggregate.ts';

export const MAX_BATCH_EVENTS = 1000;
export const MAX_PROPERTIES_BYTES = 4096;
export const MAX_PROPERTIES_KEYS = 50;

const Id = z.string().min(1).max(64);
export const MetricCode = z.string().regex(/^[a-z0-9_.-]{1,64}$/, 'must be 1–64 lower-case letters, digits, "_", "." or "-"');
/** The property of an event whose values a sum, max or unique_count metric aggregates. */
const FieldName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 letters, digits, "_", "." or "-" (a property name of the events)');

// ── Billable metrics ─────────────────────────────────────────────────────────

export const CreateBillableMetric = z
  .object({
    code: MetricCode.meta({ description: 'What usage events name in metric_code; unique in the organization, cannot be changed' }),
    name: requiredText(200),
    aggregation: z.enum(METRIC_AGGREGATIONS).meta({ description: 'count: events; sum / max: of a numeric property; unique_count: distinct values of a property' }),
    field: FieldName.nullish().meta({ description: 'The property aggregated: required for sum, max and unique_count; refused for count' }),
  })
  .strict()
  .superRefine((metric, ctx) => {
    const field = metric.field ?? null;
    if (metric.aggregation === 'count' && field !== null) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: 'must not be given for a count metric (it counts events)' });
    }
    if (metric.aggregation !== 'count' && field === null) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: `is required for a ${metric.aggregation} metric: the property of the events to aggregate` });
    }
  });
export type CreateBillableMetricInput = z.output<typeof CreateBillableMetric>;

export const UpdateBillableMetric = z
  .object({
    name: requiredText(200).optional(),
    field: FieldName.nullish().meta({ description: 'Only while no usage event of the metric exists' }),
  })
  .strict();
export type UpdateBillableMetricInput = z.output<typeof UpdateBillableMetric>;

export const BillableMetric = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    aggregation: z.enum(METRIC_AGGREGATIONS),
    field: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'BillableMetric' });
export type BillableMetricOut = z.output<typeof BillableMetric>;

export const BillableMetricList = z.object({ data: z.array(BillableMetric), next_cursor: z.string().nullable() });
export const BillableMetricListQuery = ListQuery;
export type BillableMetricListQueryInput = z.output<typeof BillableMetricListQuery>;

// ── Usage events ─────────────────────────────────────────────────────────────

/** Any text a sending system uses as its id, without control characters. */
const TransactionId = z
  .string()
  .min(1, 'is required')
  .max(255)
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((s) => !/[\u0000-\u001F\u007F]/.test(s), 'must not contain control characters')
  .meta({ description: "The sender's unique id of the event: sent again, it is answered with the first event and counted once" });

const Timestamp = z.iso
  .datetime({ offset: true, message: 'must be an RFC 3339 date and time with an offset, such as "2027-03-01T09:30:00Z"' })
  .transform((value, ctx) => {
    const ms = Date.parse(value);
    if (!Number.isFinite(ms)) {
      ctx.issues.push({ code: 'custom', message: 'is not a real date and time', input: value });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  })
  .meta({ description: 'When the usage happened (default: now); stored in UTC' });

/** A JSON object of at most 50 properties and 4 KB; kept with its serialised form. */
const Properties = z
  .record(z.string(), z.unknown(), { error: 'must be a JSON object' })
  .transform((properties, ctx) => {
    if (Object.keys(properties).length > MAX_PROPERTIES_KEYS) {
      ctx.issues.push({ code: 'custom', message: `must have at most ${MAX_PROPERTIES_KEYS} properties`, input: properties });
      return z.NEVER;
    }
    const json = JSON.stringify(properties);
    if (Buffer.byteLength(json) > MAX_PROPERTIES_BYTES) {
      ctx.issues.push({ code: 'custom', message: `must be at most ${MAX_PROPERTIES_BYTES} bytes as JSON`, input: properties });
      return z.NEVER;
    }
    return { object: properties, json };
  })
  .meta({ description: 'What the sender knows of the event (at most 50 properties, 4 KB); the metric\'s field is read from here' });

export const UsageEventInput = z
  .object({
    transaction_id: TransactionId,
    customer_id: Id,
    metric_code: MetricCode,
    timestamp: Timestamp.optional(),
    properties: Properties.nullish(),
  })
  .strict();
export type UsageEventInputValue = z.output<typeof UsageEventInput>;

export const UsageEventBatch = z
  .object({
    events: z
      .array(UsageEventInput)
      .min(1, 'must have at least one event')
      .max(MAX_BATCH_EVENTS, `must have at most ${MAX_BATCH_EVENTS} events`),
  })
  .strict();

export const UsageEvent = z
  .object({
    id: z.string(),
    transaction_id: z.string(),
    customer_id: z.string(),
    metric_code: z.string(),
    timestamp: z.string(),
    properties: z.record(z.string(), z.unknown()).nullable(),
    value: z.string().nullable().meta({ description: "The metric's field as recorded (a decimal for sum and max); null for count metrics" }),
    created_at: z.string(),
  })
  .meta({ id: 'UsageEvent' });
export type UsageEventOut = z.output<typeof UsageEvent>;

export const UsageEventBatchResult = z.object({
  data: z.array(UsageEvent).meta({ description: 'One event per input, in order: the stored one (the first) for a transaction id seen before' }),
  created: z.number().int(),
  duplicates: z.number().int(),
});

// ── A customer's usage ───────────────────────────────────────────────────────

const UsageDate = IsoDate.refine((s) => s >= '1900-01-01' && s <= '2999-12-31', 'must be between 1900-01-01 and 2999-12-31');

export const CustomerUsageQuery = z.object({
  metric_code: MetricCode.optional(),
  from: UsageDate.optional().meta({ description: "First day (the organization's calendar); default: the first of this month" }),
  to: UsageDate.optional().meta({ description: 'Last day, included; default: today' }),
});
export type CustomerUsageQueryInput = z.output<typeof CustomerUsageQuery>;

export const CustomerUsage = z
  .object({
    customer_id: z.string(),
    from: z.string(),
    to: z.string(),
    data: z.array(
      z.object({
        metric_code: z.string(),
        name: z.string(),
        aggregation: z.enum(METRIC_AGGREGATIONS),
        value: z.string().meta({ description: 'Decimal text: the count, sum, maximum or number of distinct values' }),
      }),
    ),
  })
  .meta({ id: 'CustomerUsage' });
export type CustomerUsageOut = z.output<typeof CustomerUsage>;
