/** Reading the stored events of one organization. */
import type { Executor } from '../../kernel/context.ts';
import type { EventsTable } from '../../db/schema.ts';

export interface EventQuery {
  types: string[] | undefined;
  limit: number;
  /** Oldest first, strictly after this event id (catching up). */
  afterId?: string | undefined;
  /** Oldest first, from this time on (catching up from a date). */
  afterTime?: string | undefined;
  /** The last id of the previous page. */
  cursor?: string | undefined;
}

export class EventsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  /** Newest first, unless `after` asks to catch up (then oldest first). Fetches limit + 1. */
  async list(query: EventQuery): Promise<EventsTable[]> {
    const ascending = query.afterId !== undefined || query.afterTime !== undefined;
    let q = this.db.selectFrom('events').selectAll().where('organization_id', '=', this.orgId);
    if (query.types !== undefined) q = q.where('type', 'in', query.types);
    if (query.afterId !== undefined) q = q.where('id', '>', query.afterId);
    if (query.afterTime !== undefined) q = q.where('created_at', '>', query.afterTime);
    if (query.cursor !== undefined) q = q.where('id', ascending ? '>' : '<', query.cursor);
    return q.orderBy('id', ascending ? 'asc' : 'desc').limit(query.limit + 1).execute();
  }
}
