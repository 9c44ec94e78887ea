import { describe, expect, it } from 'vitest';
import { dueSteps, lateFeeAmount, planReminder, stepDate } from '../../../src/domain/reminders.ts';
import { reminderKind, renderReminderEmail } from '../../../src/domain/reminder-template.ts';

const STEPS = [-3, 0, 7, 14, 30];

describe('which reminder steps are due', () => {
  it('dates steps relative to the due date, across months and years', () => {
    expect(stepDate('2026-12-30', 7)).toBe('2027-01-06');
    expect(stepDate('2027-03-01', -3)).toBe('2027-02-26');
  });

  it('lists the steps whose day has come, in order', () => {
    expect(dueSteps('2027-01-10', '2027-01-06', STEPS)).toEqual([]);
    expect(dueSteps('2027-01-10', '2027-01-07', STEPS)).toEqual([-3]);
    expect(dueSteps('2027-01-10', '2027-01-10', [7, 0, -3])).toEqual([-3, 0]);
    expect(dueSteps('2027-01-10', '2027-03-01', STEPS)).toEqual(STEPS);
  });

  it('sends each due step once, in order, as the days pass', () => {
    const handled = new Set<number>();
    const sent: number[] = [];
    for (let day = 1; day <= 60; day++) {
      const today = stepDate('2027-01-05', day - 10);
      const plan = planReminder('2027-01-05', today, STEPS, handled);
      expect(plan.skip).toEqual([]);
      if (plan.send !== null) {
        sent.push(plan.send);
        handled.add(plan.send);
      }
    }
    expect(sent).toEqual(STEPS);
  });

  it('catches up with only the latest due step, skipping the earlier ones', () => {
    expect(planReminder('2027-01-10', '2027-01-30', STEPS, new Set())).toEqual({ send: 14, skip: [-3, 0, 7] });
    expect(planReminder('2027-01-10', '2027-01-30', STEPS, new Set([-3]))).toEqual({ send: 14, skip: [0, 7] });
    expect(planReminder('2027-01-10', '2027-01-30', STEPS, new Set([-3, 0, 7, 14]))).toEqual({ send: null, skip: [] });
  });

  it('never sends a step older than one already handled (a step added later)', () => {
    expect(planReminder('2027-01-10', '2027-01-30', [3, 14], new Set([14]))).toEqual({ send: null, skip: [] });
  });
});

describe('late fees', () => {
  it('charges a fixed amount in the currency’s digits, rounding half up', () => {
    expect(lateFeeAmount({ type: 'fixed', amount: '10' }, 5000n, 'EUR')).toBe(1000n);
    expect(lateFeeAmount({ type: 'fixed', amount: '5.5' }, 5000n, 'JPY')).toBe(6n);
    expect(lateFeeAmount({ type: 'fixed', amount: '1.234' }, 5000n, 'BHD')).toBe(1234n);
    expect(lateFeeAmount({ type: 'fixed', amount: '0.125' }, 5000n, 'EUR')).toBe(13n);
  });

  it('charges a percentage of the amount due, exactly, rounding half up', () => {
    expect(lateFeeAmount({ type: 'percentage', percent: '1.5' }, 123457n, 'EUR')).toBe(1852n);
    expect(lateFeeAmount({ type: 'percentage', percent: '2' }, 125n, 'EUR')).toBe(3n); // 2.5 → 3
    expect(lateFeeAmount({ type: 'percentage', percent: '2' }, 124n, 'EUR')).toBe(2n); // 2.48 → 2
    expect(lateFeeAmount({ type: 'percentage', percent: '0.0001' }, 1_000_000n, 'EUR')).toBe(1n);
    expect(lateFeeAmount({ type: 'percentage', percent: '100' }, 99_999_999_999n, 'EUR')).toBe(99_999_999_999n);
    expect(lateFeeAmount({ type: 'percentage', percent: '5' }, 0n, 'EUR')).toBe(0n);
  });
});

describe('reminder texts', () => {
  const values = { invoice_number: 'INV-7', customer_name: 'Globex', organization_name: 'Acme', amount_due: '€10.00', total: '€10.00', due_date: 'Jan 10, 2027', link: 'https://x.example/p/abc' };

  it('uses a friendly note before the due date and a reminder from it on', () => {
    expect(reminderKind(-3)).toBe('upcoming');
    expect(reminderKind(0)).toBe('overdue');
    expect(reminderKind(null)).toBe('overdue');
  });

  it('takes the step’s own text per language and field, else the built-in one, always with the link', () => {
    const own = renderReminderEmail({ de: { subject: 'Mahnung {invoice_number}', body: 'Bitte zahlen.' } }, 'overdue', 'de', values);
    expect(own.subject).toBe('Mahnung INV-7');
    expect(own.body).toContain('Bitte zahlen.');
    expect(own.body).toContain(values.link);
    const builtIn = renderReminderEmail({ de: { subject: 'Mahnung' } }, 'overdue', 'en', values);
    expect(builtIn.subject).toBe('Payment reminder: invoice INV-7 was due on Jan 10, 2027');
  });
});
