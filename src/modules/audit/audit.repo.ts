/**
 * The audit log: who changed what, when, with the state before and after. Always written
 * with the executor of the change itself, so the event commits or rolls back with it.
 */
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { newId } from '../../shared/ids.ts';
import { nowIso } from '../../kernel/context.ts';
import type { AuditEventsTable } from '../../db/schema.ts';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId: string;
  before?: unknown;
  after?: unknown;
}

/** Fields never copied into the audit log, whatever resource they belong to. */
const SECRET_FIELDS = new Set(['password', 'password_hash', 'token', 'token_hash']);

function snapshot(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v: unknown) => (SECRET_FIELDS.has(key) ? undefined : v));
}

export async function recordAudit(executor: Executor, ctx: Omit<RequestContext, 'db' | 'role' | 'timeZone'>, entry: AuditEntry): Promise<void> {
  await executor
    .insertInto('audit_events')
    .values({
      id: newId('aud'),
      organization_id: ctx.orgId,
      actor_type: ctx.actor.type,
      actor_id: ctx.actor.id,
      actor_name: ctx.actor.name,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      before: snapshot(entry.before),
      after: snapshot(entry.after),
      request_id: ctx.requestId,
      created_at: nowIso(ctx.clock),
    })
    .execute();
}

export interface AuditQuery {
  limit: number;
  cursor?: string | undefined;
  resourceId?: string | undefined;
  resourceType?: string | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  /** Entries at or after this instant (ISO). */
  from?: string | undefined;
  /** Entries before this instant (ISO). */
  before?: string | undefined;
}

export class AuditRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  async list(query: AuditQuery): Promise<AuditEventsTable[]> {
    let q = this.db.selectFrom('audit_events').selectAll().where('organization_id', '=', this.orgId);
    if (query.resourceId) q = q.where('resource_id', '=', query.resourceId);
    if (query.resourceType) q = q.where('resource_type', '=', query.resourceType);
    if (query.action) q = q.where('action', '=', query.action);
    if (query.actorId) q = q.where('actor_id', '=', query.actorId);
    if (query.from) q = q.where('created_at', '>=', query.from);
    if (query.before) q = q.where('created_at', '<', query.before);
    if (query.cursor) q = q.where('id', '<', query.cursor);
    return q.orderBy('id', 'desc').limit(query.limit + 1).execute();
  }
}
