/** Sign-in, sessions, account e-mails (invitations, password resets) and two-factor sign-in. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerAuthRoutes } from './auth.routes.ts';
import { registerAccountRoutes } from './account.routes.ts';
import { registerTwoFactorRoutes } from './two-factor.routes.ts';
import { ACCOUNT_EMAIL_JOB, accountEmailHandler } from './account-email.ts';

export const authModule: SettleModule = {
  name: 'auth',
  routes: (api, deps) => {
    registerAuthRoutes(api, deps);
    registerAccountRoutes(api, deps);
    registerTwoFactorRoutes(api, deps);
  },
  jobs: (deps) => ({ [ACCOUNT_EMAIL_JOB]: accountEmailHandler(deps) }),
};
