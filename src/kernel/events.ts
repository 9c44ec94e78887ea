/**
 * The one stream of billing events. A use case describes what changed with
 * `emit(trx, ctx, event)` inside its own transaction, after its writes; every subscriber
 * (the audit log, the report summaries, the stored events of the events API, webhook
 * deliveries) runs right there, in the same transaction, so an event and its change commit
 * or roll back together and nothing reacts to a change that did not happen.
 *
 * Types are declared where they happen: each module adds its events to `EventCatalogue` by
 * declaration merging (`declare module '…/kernel/events.ts'`), naming the facts in-process
 * subscribers get (rows, not API objects). The kernel imports no module; the composition
 * root installs the subscribers in the lock order of db/dialect.ts (summaries last among
 * the writers of shared rows).
 */
import type { Executor } from '../db/executor.ts';
import { newId } from '../shared/ids.ts';
import type { RequestContext } from './context.ts';

/**
 * Every event type with the facts its emitter hands subscribers (`undefined`: none beyond
 * the object). Modules extend it; see each module's `*.events.ts`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventCatalogue {}

export type EventType = Extract<keyof EventCatalogue, string>;

/**
 * The types that leave the process: stored for `GET /events` and sent to webhook endpoints.
 * Every other event (sign-ins, invitations, internal balance changes) feeds only in-process
 * subscribers such as the audit log.
 */
export const PUBLIC_EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'customer.anonymized',
  'product.created',
  'product.updated',
  'product.deleted',
  'invoice.created',
  'invoice.updated',
  'invoice.deleted',
  'invoice.finalized',
  'invoice.sent',
  'invoice.paid',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'invoice.overdue',
  'invoice.reminder_sent',
  'payment.created',
  'payment.refunded',
  'credit_note.created',
  'subscription.created',
  'subscription.updated',
  'subscription.paused',
  'subscription.resumed',
  'subscription.canceled',
  'subscription.ended',
  'invoice.payment_failed',
  'invoice.viewed',
  'quote.created',
  'quote.updated',
  'quote.deleted',
  'quote.finalized',
  'quote.sent',
  'quote.accepted',
  'quote.declined',
  'quote.converted',
] as const;

export type PublicEventType = (typeof PUBLIC_EVENT_TYPES)[number];

const publicTypes: ReadonlySet<string> = new Set(PUBLIC_EVENT_TYPES);

export function isPublicEventType(type: string): type is PublicEventType {
  return publicTypes.has(type);
}

/** Who acted, for whom and when: a request context without its database. */
export type EventContext = Pick<RequestContext, 'orgId' | 'actor' | 'requestId' | 'clock'>;

interface EventBase<T extends EventType> {
  type: T;
  resource: { type: string; id: string };
  /** The resource before the change (the audit log's "before"). */
  before?: unknown;
  /** The resource after the change (the audit log's "after"; absent for a deletion). */
  after?: unknown;
  /**
   * The resource exactly as the API returns it, for the events API and webhooks; defaults to
   * `after`, else `before` (a deleted resource as it was). Public types must carry one.
   */
  object?: unknown;
  /** What the audit log records when it differs: another action name, or false for derived events it does not list. */
  audit?: { action: string } | false;
}

type FactsOf<T extends EventType> = EventCatalogue[T] extends undefined ? { facts?: undefined } : { facts: EventCatalogue[T] };

/** An event as its emitter describes it. */
export type NewEvent<T extends EventType = EventType> = T extends EventType ? EventBase<T> & FactsOf<T> : never;

/** An event as subscribers receive it: with its id (`evt_…`, the same in the events API and every webhook delivery) and time. */
export type EmittedEvent<T extends EventType = EventType> = NewEvent<T> & { id: string; createdAt: string };

export interface EventSubscriber {
  /** For logs and errors. */
  name: string;
  /** The types it reacts to, or every type. */
  types: readonly EventType[] | 'all' | 'public';
  handle(trx: Executor, ctx: EventContext, event: EmittedEvent): Promise<void>;
}

let installed: readonly EventSubscriber[] | null = null;

/**
 * Set once by the composition root, in order. Installing the same list again (a second app
 * in one test process) is allowed; the subscribers are static code, not per-app state.
 */
export function installEventSubscribers(subscribers: readonly EventSubscriber[]): void {
  installed = subscribers;
}

function wants(subscriber: EventSubscriber, type: string): boolean {
  if (subscriber.types === 'all') return true;
  if (subscriber.types === 'public') return publicTypes.has(type);
  return (subscriber.types as readonly string[]).includes(type);
}

/**
 * Records an event of the change `trx` is making. Must be called inside that transaction:
 * subscribers write with it. Fails loudly if no subscribers were installed (a process that
 * forgot the composition root would otherwise lose its audit log silently).
 */
export async function emit<T extends EventType>(trx: Executor, ctx: EventContext, event: NewEvent<T>): Promise<EmittedEvent<T>> {
  if (installed === null) throw new Error(`invariant: event ${event.type} emitted before the event subscribers were installed`);
  if (isPublicEventType(event.type) && event.object === undefined && event.after === undefined && event.before === undefined) {
    throw new Error(`invariant: public event ${event.type} carries no object`);
  }
  const emitted = { ...event, id: newId('evt'), createdAt: ctx.clock.now().toISOString() } as EmittedEvent<T>;
  for (const subscriber of installed) {
    if (wants(subscriber, event.type)) await subscriber.handle(trx, ctx, emitted);
  }
  return emitted;
}

/** The object an event publishes: its `object`, else the state after, else the state before. */
export function publishedObject(event: EmittedEvent): unknown {
  return event.object !== undefined ? event.object : event.after !== undefined ? event.after : event.before;
}
