/** Payment receipts: the PDF (GET /payments/{id}/receipt) and the optional e-mail on each payment. */
import type { SettleModule } from '../../kernel/module.ts';
import { receiptEmailSubscriber } from './receipt-email.ts';
import { registerReceiptRoutes } from './receipts.routes.ts';

export const receiptsModule: SettleModule = {
  name: 'receipts',
  routes: registerReceiptRoutes,
  subscribers: [receiptEmailSubscriber],
};
