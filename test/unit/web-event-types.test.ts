import { describe, expect, it } from 'vitest';
import { PUBLIC_EVENT_TYPES } from '../../src/kernel/events.ts';
import { EVENT_GROUPS, EVENT_TYPES, eventLabel } from '../../web/src/pages/settings/eventTypes.ts';

describe('the web app’s event type labels', () => {
  it('name exactly the public event types of the server, each in one group', () => {
    expect([...EVENT_TYPES].sort()).toEqual([...PUBLIC_EVENT_TYPES].sort());
    expect(EVENT_GROUPS.flatMap((g) => g.types).sort()).toEqual([...PUBLIC_EVENT_TYPES].sort());
  });

  it('fall back to the code for types they do not know', () => {
    expect(eventLabel('invoice.paid')).toBe('Invoice paid');
    expect(eventLabel('ping')).toBe('Test event');
    expect(eventLabel('subscription.renewed')).toBe('subscription.renewed');
  });
});
