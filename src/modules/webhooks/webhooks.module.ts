/**
 * Webhooks: organizations' endpoints receive the public events of the event stream, signed
 * per Standard Webhooks, through the transactional outbox (webhook-outbox.ts) and the job
 * worker (deliver-webhook.ts), with the address checks of webhook-address.ts.
 */
import type { SettleModule } from '../../kernel/module.ts';
import { webhookDeliverHandler } from './deliver-webhook.ts';
import { eraseWebhookPayloadsSubscriber } from './erase-webhook-payloads.ts';
import { WEBHOOK_DELIVER_JOB, webhookOutboxSubscriber } from './webhook-outbox.ts';
import { registerWebhookRoutes } from './webhooks.routes.ts';

export const webhooksModule: SettleModule = {
  name: 'webhooks',
  routes: (api, deps) => {
    registerWebhookRoutes(api, deps);
  },
  jobs: (deps) => ({ [WEBHOOK_DELIVER_JOB]: webhookDeliverHandler(deps) }),
  // Erasure first: the customer.anonymized delivery itself carries nothing to erase.
  subscribers: [eraseWebhookPayloadsSubscriber, webhookOutboxSubscriber],
};
