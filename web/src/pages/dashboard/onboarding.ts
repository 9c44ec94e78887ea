/** The first steps of a new organization, and whether each is done, from real data. Pure. */
import type { Organization } from '../../api/types.ts';

export interface OnboardingFacts {
  organization: Pick<Organization, 'name' | 'address' | 'country' | 'email' | 'logo_url'>;
  taxRates: number;
  customers: number;
  invoices: number;
}

export const ONBOARDING_STEPS = ['business', 'logo', 'taxRates', 'customer', 'invoice', 'email'] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

const filled = (value: string | null | undefined) => typeof value === 'string' && value.trim() !== '';

export function onboardingSteps(facts: OnboardingFacts): { key: OnboardingStep; done: boolean; to: string }[] {
  const { organization: org } = facts;
  // Business details: what every invoice must show about the seller — name, street, town, country.
  const business = filled(org.name) && org.country !== null && filled(org.address?.line1) && filled(org.address?.city);
  return [
    { key: 'business', done: business, to: '/settings/organization' },
    { key: 'logo', done: org.logo_url !== null, to: '/settings/branding' },
    { key: 'taxRates', done: facts.taxRates > 0, to: '/tax-rates' },
    { key: 'customer', done: facts.customers > 0, to: '/customers' },
    { key: 'invoice', done: facts.invoices > 0, to: '/invoices/new' },
    // Invoice e-mails go out from the server's address with replies to the organization's.
    { key: 'email', done: filled(org.email), to: '/settings/organization' },
  ];
}
