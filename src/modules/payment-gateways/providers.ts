/**
 * The provider registry: gateways by name. Adding a provider = implementing PaymentProvider
 * and listing it here; billing code only ever asks for `provider(name)`.
 */
import type { Config } from '../../config.ts';
import type { PaymentProvider } from './payment-provider.ts';
import { createStripeProvider } from './stripe/stripe-provider.ts';

export const PROVIDER_NAMES = ['stripe'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

const factories: Record<ProviderName, (config: Pick<Config, 'STRIPE_API_URL'>) => PaymentProvider> = {
  stripe: (config) => createStripeProvider({ apiUrl: config.STRIPE_API_URL }),
};

const cache = new WeakMap<object, Map<ProviderName, PaymentProvider>>();

/** The provider `name` for this configuration (one instance per configuration and name). */
export function providerFor(config: Pick<Config, 'STRIPE_API_URL'>, name: ProviderName): PaymentProvider {
  let byName = cache.get(config);
  if (byName === undefined) {
    byName = new Map();
    cache.set(config, byName);
  }
  let provider = byName.get(name);
  if (provider === undefined) {
    provider = factories[name](config);
    byName.set(name, provider);
  }
  return provider;
}

export function isProviderName(name: string): name is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(name);
}
