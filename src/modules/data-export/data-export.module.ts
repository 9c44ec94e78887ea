/** Data portability: the organization's data as a ZIP, a customer's personal data as JSON. */
import type { SettleModule } from '../../kernel/module.ts';

export const dataExportModule: SettleModule = {
  name: 'data-export',
  routes: () => {},
};
