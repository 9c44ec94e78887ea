/**
 * The reports' and dashboard's pure parts: one preset highlighted at a time (in December
 * "This year" and "Last 12 months" have the same dates), "Collected this month" ends today
 * (a post-dated payment must not count), and the first-steps checklist ticked from data.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS, activePreset } from '../../../web/src/pages/reports/dates.ts';
import { collectedThisMonth } from '../../../web/src/pages/dashboard/range.ts';
import { onboardingSteps } from '../../../web/src/pages/dashboard/onboarding.ts';

const december = new Date(2026, 11, 6, 12);

describe('report presets', () => {
  it('in December "This year" and "Last 12 months" share their dates: only one is highlighted', () => {
    const year = PRESETS.find((p) => p.key === 'this-year')!.range(december);
    const twelve = PRESETS.find((p) => p.key === 'last-12-months')!.range(december);
    expect(year).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(twelve).toEqual(year);
    expect(activePreset(year, null, december)).toBe('this-year');
    expect(activePreset(year, 'this-year', december)).toBe('this-year');
    expect(activePreset(year, 'last-12-months', december)).toBe('last-12-months');
  });

  it('highlights none for typed dates, and ignores a chosen preset whose dates were changed', () => {
    expect(activePreset({ from: '2026-02-03', to: '2026-02-20' }, null, december)).toBeNull();
    expect(activePreset({ from: '2026-02-03', to: '2026-02-20' }, 'this-month', december)).toBeNull();
    expect(activePreset({ from: '2026-12-01', to: '2026-12-31' }, 'nonsense', december)).toBe('this-month');
  });
});

describe('dashboard: collected this month', () => {
  it('sends from the 1st to today, so a payment dated later this month does not count', () => {
    expect(collectedThisMonth(new Date(2026, 10, 23, 9))).toEqual({ from: '2026-11-01', to: '2026-11-23' });
    expect(collectedThisMonth(new Date(2026, 0, 1, 0, 5))).toEqual({ from: '2026-01-01', to: '2026-01-01' });
  });
});

describe('dashboard: first steps', () => {
  const bare = { name: 'Acme', address: null, country: null, email: null, logo_url: null };
  it('a new organization has everything to do, each linking where it is done', () => {
    const steps = onboardingSteps({ organization: bare, taxRates: 0, customers: 0, invoices: 0 });
    expect(steps.map((s) => [s.key, s.done, s.to])).toEqual([
      ['business', false, '/settings/organization'],
      ['logo', false, '/settings/branding'],
      ['taxRates', false, '/tax-rates'],
      ['customer', false, '/customers'],
      ['invoice', false, '/invoices/new'],
      ['email', false, '/settings/organization'],
    ]);
  });

  it('ticks each step from the data', () => {
    const organization = {
      name: 'Acme',
      country: 'DE',
      address: { line1: 'Hauptstraße 1', line2: null, city: 'Berlin', region: null, postal_code: '10115', country: 'DE' },
      email: 'billing@acme.test',
      logo_url: '/api/v1/organization/logo',
    };
    const steps = onboardingSteps({ organization: organization, taxRates: 2, customers: 1, invoices: 1 });
    expect(steps.every((s) => s.done)).toBe(true);
    // A street without a town is not yet a business address.
    const half = onboardingSteps({ organization: { ...organization, address: { ...organization.address, city: ' ' } }, taxRates: 0, customers: 0, invoices: 0 });
    expect(half.find((s) => s.key === 'business')?.done).toBe(false);
  });
});
