/** Quotes (estimates): drafts, the quote series, the customer's answer, conversion into an invoice. */
import type { SettleModule } from '../../kernel/module.ts';
import './quotes.events.ts';
import { registerQuoteRoutes } from './quotes.routes.ts';
import { registerQuotePages } from './quote-pages.routes.ts';
import { eraseQuoteAnswersSubscriber } from './erase-quote-answers.ts';

export const quotesModule: SettleModule = {
  name: 'quotes',
  routes: (api, deps) => {
    registerQuoteRoutes(api, deps);
  },
  subscribers: [eraseQuoteAnswersSubscriber],
  pages: (app, deps) => {
    registerQuotePages(app, deps);
  },
};
