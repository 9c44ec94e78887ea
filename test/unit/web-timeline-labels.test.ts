import { beforeAll, describe, expect, it } from 'vitest';
import { useEnglishInterface } from './web-i18n-english.ts';
import { timelineLook, actorText } from '../../web/src/pages/invoices/timelineLabels.ts';

beforeAll(useEnglishInterface);

const ACTIONS = [
  'invoice.created', 'invoice.updated', 'invoice.finalized', 'invoice.sent', 'invoice.viewed', 'invoice.reminder_sent',
  'invoice.reminders_paused', 'invoice.reminders_resumed', 'invoice.late_fee_created', 'invoice.payment_failed',
  'invoice.charge_succeeded', 'invoice.overdue', 'invoice.paid', 'invoice.voided', 'invoice.marked_uncollectible',
  'payment.recorded', 'payment.refunded', 'credit_note.created',
];

describe('invoice timeline labels', () => {
  it('gives every action the other parts emit its own label and icon', () => {
    const labels = ACTIONS.map((action) => timelineLook({ action, details: {} }));
    for (const look of labels) expect(look.icon).not.toBe('•');
    expect(new Set(labels.map((l) => l.label)).size).toBe(ACTIONS.length);
    expect(timelineLook({ action: 'invoice.payment_failed', details: {} }).label).toMatch(/will retry/);
  });

  it('shows a gateway payment as paid online, and unknown actions generically', () => {
    expect(timelineLook({ action: 'payment.recorded', details: { gateway: 'stripe' } }).label).toBe('Paid online via Stripe');
    expect(timelineLook({ action: 'payment.recorded', details: { gateway: null } }).label).toBe('Payment recorded');
    expect(timelineLook({ action: 'invoice.something_new', details: {} })).toEqual({ label: 'Invoice something new', icon: '•', color: 'gray' });
    expect(actorText({ type: 'system', name: null })).toBe('Settle');
    expect(actorText({ type: 'user', name: 'Ada' })).toBe('Ada');
  });
});
