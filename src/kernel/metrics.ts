/**
 * Process-wide metrics: prom-client's default ones (one set per process, however many apps
 * it runs, as in the tests) and counters that modules increment. server/metrics.ts serves
 * them at /metrics with the per-app ones.
 */
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

const emailDeliveryFailures = new Counter({
  name: 'settle_email_delivery_failures_total',
  help: 'SMTP delivery attempts of this process that failed (retried later, or the message is failed)',
  registers: [processRegistry],
});

/** Called by the e-mail delivery job when an SMTP attempt fails. */
export function countEmailDeliveryFailure(): void {
  emailDeliveryFailures.inc();
}

