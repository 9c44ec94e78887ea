/**
 * `POST /quotes/{id}/send`: e-mails an open (or answered) quote to the customer with the link
 * to its page (Accept / Decline), in the customer's language. In ONE transaction: the quote
 * records sent_at/sent_to (event quote.sent) and the message is stored with its delivery job
 * (without a mail server the job keeps it in the outbox); the quote's PDF is attached when it
 * is delivered. The link is the quote's own page.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inOneTransaction } from '../../db/transaction.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { nowIso, type RequestContext } from '../../kernel/context.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { announceJobs } from '../../kernel/jobs/queue.ts';
import { AppError } from '../../shared/errors.ts';
import { formatDate, formatMoney } from '../documents/locale-format.ts';
import { markQuoteSent } from '../quotes/quote-lifecycle.ts';
import { loadQuoteForPage } from '../quotes/quote-page.ts';
import { quoteLabels } from '../quotes/quote-labels.ts';
import { quoteLinks } from '../quotes/quotes.routes.ts';
import { Quote, type QuoteOut } from '../quotes/quotes.schemas.ts';
import { queueCustomerEmail } from './customer-emails.ts';

const SendQuote = z
  .object({ to: z.string().trim().max(254).email('is not an e-mail address').optional().meta({ description: "Recipient; default: the customer's e-mail address" }) })
  .strict()
  .nullish()
  .transform((v) => v ?? {});

export async function sendQuote(ctx: RequestContext, deps: AppDeps, quoteId: string, to: string | undefined): Promise<QuoteOut> {
  const links = quoteLinks(deps);
  const sent = await inOneTransaction(ctx.db, async (db) => {
    const inner: RequestContext = { ...ctx, db };
    const { quote, seller, locale } = await loadQuoteForPage(inner, quoteId, links, db.kysely);
    const recipient = to ?? quote.customer.email;
    if (!recipient) throw AppError.validation('to', 'is required: the customer has no e-mail address');
    const after = await markQuoteSent(inner, quoteId, recipient, links);
    if (after.public_url === null) throw AppError.conflict("The quote's customer page cannot be opened (was the secret key changed?); duplicate the quote");
    const t = quoteLabels(locale);
    const number = after.number ?? '';
    await queueCustomerEmail(db.kysely, ctx.orgId, {
      to: recipient,
      subject: t.emailSubject(number, seller),
      body: t.emailBody(after.customer.name, number, formatMoney(after.total, after.currency, locale), formatDate(after.expiry_date ?? '', locale), after.public_url, seller),
      linkUrl: after.public_url,
      customerId: after.customer_id,
      quoteId: after.id,
      attachmentName: `Quote-${number}.pdf`,
      createdBy: ctx.actor.userId,
      now: nowIso(ctx.clock),
    });
    return after;
  });
  if (deps.config.SMTP_URL !== undefined) announceJobs(ctx.db);
  return sent;
}

export function registerQuoteEmailRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/quotes/:id/send',
    {
      config: { requires: 'sales' },
      schema: {
        tags: ['Quotes', 'E-mail'],
        summary: "E-mail a finalized quote with the link to its page (Accept / Decline), in the customer's language; default recipient: the customer's address",
        params: IdParams,
        body: SendQuote,
        response: { 200: Quote, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => sendQuote(contextOf(request, deps), deps, request.params.id, request.body.to),
  );
}
