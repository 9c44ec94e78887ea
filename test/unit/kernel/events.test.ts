/**
 * The event stream's dispatch: subscribers run in the installed order with the emitting
 * executor, filtered by type or by being public, each event gets an id and the clock's time,
 * and misuse (nothing installed, a public event without an object) fails loudly.
 */
import { describe, expect, it } from 'vitest';
import { emit, installEventSubscribers, isPublicEventType, type EmittedEvent, type EventContext, type EventSubscriber } from '../../../src/kernel/events.ts';
import type { Executor } from '../../../src/db/executor.ts';
import { fixedClock } from '../../../src/shared/clock.ts';

const ctx: EventContext = { orgId: 'org_1', actor: { type: 'system', id: null, name: 'Test', userId: null }, requestId: null, clock: fixedClock('2026-12-06T10:00:00.000Z') };
const trx = { marker: 'the transaction' } as unknown as Executor;

function recorder(name: string, types: EventSubscriber['types'], seen: string[]): EventSubscriber {
  return {
    name,
    types,
    handle: (executor, context, event) => {
      expect(executor).toBe(trx);
      expect(context).toBe(ctx);
      seen.push(`${name}:${event.type}`);
      return Promise.resolve();
    },
  };
}

describe('emit', () => {
  it('fails loudly before the subscribers are installed', async () => {
    await expect(emit(trx, ctx, { type: 'customer.created', resource: { type: 'customer', id: 'cus_1' }, after: {} })).rejects.toThrow(/installed/);
  });

  it('runs the subscribers that want the event, in the installed order', async () => {
    const seen: string[] = [];
    installEventSubscribers([recorder('all', 'all', seen), recorder('public', 'public', seen), recorder('summaries', ['invoice.balance_changed'], seen)]);
    const event = await emit(trx, ctx, { type: 'customer.created', resource: { type: 'customer', id: 'cus_1' }, after: { id: 'cus_1' } });
    await emit(trx, ctx, { type: 'user.signed_in', resource: { type: 'user', id: 'usr_1' } });
    await emit(trx, ctx, { type: 'invoice.balance_changed', resource: { type: 'invoice', id: 'inv_1' }, audit: false, facts: { before: {} as never, after: {} as never } });
    expect(seen).toEqual(['all:customer.created', 'public:customer.created', 'all:user.signed_in', 'all:invoice.balance_changed', 'summaries:invoice.balance_changed']);
    expect(event.id).toMatch(/^evt_[0-9a-z]{26}$/);
    expect(event.createdAt).toBe('2026-12-06T10:00:00.000Z');
  });

  it('gives each event its own id, in order', async () => {
    const ids: string[] = [];
    installEventSubscribers([{ name: 'ids', types: 'all', handle: (_t, _c, e: EmittedEvent) => Promise.resolve(void ids.push(e.id)) }]);
    for (let i = 0; i < 50; i++) await emit(trx, ctx, { type: 'customer.updated', resource: { type: 'customer', id: 'cus_1' }, after: {} });
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort()).toEqual(ids);
  });

  it('refuses a public event that carries no object', async () => {
    installEventSubscribers([]);
    await expect(emit(trx, ctx, { type: 'invoice.paid', resource: { type: 'invoice', id: 'inv_1' }, audit: false })).rejects.toThrow(/carries no object/);
  });

  it('knows which types are public', () => {
    expect(isPublicEventType('invoice.overdue')).toBe(true);
    expect(isPublicEventType('invoice.balance_changed')).toBe(false);
    expect(isPublicEventType('user.signed_in')).toBe(false);
  });
});
