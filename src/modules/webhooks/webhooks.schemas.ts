/** Request and response schemas of the webhook routes (they also make the OpenAPI document). */
import { z } from 'zod';
import { PUBLIC_EVENT_TYPES, isPublicEventType } from '../../kernel/events.ts';
import { ListQuery, optionalText } from '../../kernel/http/schemas.ts';
import { MAX_URL_LENGTH, urlSyntaxProblem } from './webhook-url.ts';

export const ALL_EVENTS = '*';

const WebhookUrl = z
  .string()
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
  .superRefine((text, ctx) => {
    const problem = urlSyntaxProblem(text);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ description: 'Where events are POSTed: an https: URL (http: only with WEBHOOK_ALLOW_HTTP=true) on a public address', example: 'https://example.com/webhooks/settle' });

/**
 * The event types an endpoint receives, or ["*"] for all. Checked as a whole so that every
 * problem is reported on `events` itself, naming the unknown types.
 */
const EventTypes = z
  .array(z.unknown(), { error: 'must be a list of event types, or ["*"]' })
  .min(1, 'must name at least one event type, or ["*"] for all')
  .max(100, 'must list at most 100 event types')
  .superRefine((list, ctx) => {
    const notText = list.filter((item) => typeof item !== 'string');
    if (notText.length > 0) return ctx.addIssue({ code: 'custom', message: 'must contain only event type names' });
    const unknown = (list as string[]).filter((type) => type !== ALL_EVENTS && !isPublicEventType(type));
    if (unknown.length > 0) {
      const shown = unknown.slice(0, 5).map((type) => JSON.stringify(type.slice(0, 60))).join(', ');
      return ctx.addIssue({ code: 'custom', message: `has unknown event types: ${shown}` });
    }
    if (list.includes(ALL_EVENTS) && list.length > 1) ctx.addIssue({ code: 'custom', message: '"*" (all events) must stand alone' });
  })
  // Duplicates collapse; the order is the catalogue's, so equal subscriptions read the same.
  .transform((list) => (list.includes(ALL_EVENTS) ? [ALL_EVENTS] : PUBLIC_EVENT_TYPES.filter((type) => list.includes(type))))
  .meta({
    description: `Event types to receive, or ["*"] for every type: ${PUBLIC_EVENT_TYPES.join(', ')}`,
    items: { type: 'string', enum: [ALL_EVENTS, ...PUBLIC_EVENT_TYPES] },
  });

export const CreateWebhookEndpoint = z
  .object({
    url: WebhookUrl,
    events: EventTypes,
    description: optionalText(500),
  })
  .strict();

export const UpdateWebhookEndpoint = z
  .object({
    url: WebhookUrl.optional(),
    events: EventTypes.optional(),
    description: optionalText(500).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export type CreateWebhookEndpointInput = z.output<typeof CreateWebhookEndpoint>;
export type UpdateWebhookEndpointInput = z.output<typeof UpdateWebhookEndpoint>;

export const WebhookEndpoint = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().describe('Why Settle disabled the endpoint (deliveries failing for 3 days); null when enabled or disabled by hand'),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'WebhookEndpoint' });

export const CreatedWebhookEndpoint = WebhookEndpoint.extend({
  secret: z.string().describe('The signing secret (whsec_…), shown only in this response'),
}).meta({ id: 'CreatedWebhookEndpoint' });

export const WebhookEndpointList = z.object({ data: z.array(WebhookEndpoint), next_cursor: z.string().nullable() });

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const WebhookAttempt = z.object({
  attempt: z.number().int(),
  status_code: z.number().int().nullable(),
  duration_ms: z.number().int(),
  error: z.string().nullable(),
  created_at: z.string(),
});

export const WebhookDelivery = z
  .object({
    id: z.string(),
    event_id: z.string().describe('Also the webhook-id header, the same on every attempt'),
    event_type: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.array(WebhookAttempt),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: z.string().nullable(),
    delivered_at: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });

export type WebhookDeliveryOut = z.output<typeof WebhookDelivery>;
export type WebhookEndpointOut = z.output<typeof WebhookEndpoint>;

export const WebhookDeliveryList = z.object({ data: z.array(WebhookDelivery), next_cursor: z.string().nullable() });

export const WebhookListQuery = ListQuery;

export const DeliveryParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id'),
  delivery_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id'),
});
