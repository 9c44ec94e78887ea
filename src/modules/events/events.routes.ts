/**
 * GET /events: the organization's billing events, for systems that poll instead of (or
 * besides) receiving webhooks. Newest first; `after` (an event id or a time) lists what
 * came after it, oldest first, for catching up.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { PUBLIC_EVENT_TYPES } from '../../kernel/events.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { decodeCursor, toPage } from '../../shared/pagination.ts';
import { EventsRepo } from './events.repo.ts';

const EVENT_ID = /^evt_[0-9a-z]{26}$/;
const known: ReadonlySet<string> = new Set(PUBLIC_EVENT_TYPES);

const EventTypes = z
  .string()
  .max(1000)
  .transform((value, ctx) => {
    const types = value.split(',').map((t) => t.trim()).filter((t) => t !== '');
    const unknown = types.filter((t) => !known.has(t));
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `has unknown event types: ${unknown.slice(0, 5).join(', ')}; known: ${PUBLIC_EVENT_TYPES.join(', ')}` });
      return z.NEVER;
    }
    return types;
  });

const After = z
  .string()
  .max(64)
  .refine((v) => EVENT_ID.test(v) || (/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(v) && !Number.isNaN(Date.parse(v))), {
    message: 'must be an event id (evt_…) or a time such as "2026-12-01" or "2026-12-01T09:30:00Z"',
  });

const EventQuery = z.object({
  type: EventTypes.optional(),
  after: After.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

const EventOut = z
  .object({
    id: z.string(),
    type: z.enum(PUBLIC_EVENT_TYPES),
    created_at: z.string(),
    data: z.object({ object: z.unknown() }),
  })
  .meta({ id: 'Event', description: 'A billing event; `data.object` is the resource as the API returned it when the event happened' });

export function registerEventRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/events',
    {
      config: { requires: 'admin' },
      schema: {
        tags: ['Events and webhooks'],
        summary: 'Billing events, newest first (or oldest first after a given event or time)',
        querystring: EventQuery,
        response: { 200: z.object({ data: z.array(EventOut), next_cursor: z.string().nullable() }), ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const ctx = contextOf(request, deps);
      const { type, after, limit, cursor } = request.query;
      const cursorId = cursor === undefined ? undefined : String(decodeCursor(cursor, 1)[0]);
      const afterId = after !== undefined && EVENT_ID.test(after) ? after : undefined;
      const afterTime = after !== undefined && afterId === undefined ? new Date(after).toISOString() : undefined;
      const rows = await new EventsRepo(ctx.db.kysely, ctx.orgId).list({ types: type, limit, afterId, afterTime, cursor: cursorId });
      return toPage(rows, limit, (row) => [row.id], (row) => ({
        id: row.id,
        type: row.type as (typeof PUBLIC_EVENT_TYPES)[number],
        created_at: row.created_at,
        data: { object: JSON.parse(row.object) as unknown },
      }));
    },
  );
}
