/** Sending invoices by e-mail through the outbox, and the e-mail templates. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerEmailRoutes } from './email.routes.ts';
import { EMAIL_SEND_JOB, emailSendHandler } from './deliver-email.ts';
import { registerQuoteEmailRoutes } from './send-quote.ts';

export const emailModule: SettleModule = {
  name: 'email',
  routes: (api, deps) => {
    registerEmailRoutes(api, deps);
    registerQuoteEmailRoutes(api, deps);
  },
  jobs: (deps) => ({ [EMAIL_SEND_JOB]: emailSendHandler(deps) }),
};
