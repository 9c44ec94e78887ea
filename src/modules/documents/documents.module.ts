/** PDF and HTML renderings of issued documents. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerDocumentRoutes } from './documents.routes.ts';
import { registerInvoicePdfsZipRoute } from './invoice-pdfs-zip.ts';

export const documentsModule: SettleModule = {
  name: 'documents',
  routes: (api, deps) => {
    registerDocumentRoutes(api, deps);
    registerInvoicePdfsZipRoute(api, deps);
  },
};
