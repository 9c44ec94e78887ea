/**
 * The customer's answer on the quote page: `POST /p/{token}/accept` (field `name`) and
 * `POST /p/{token}/decline` (optional `reason`), plain form posts (no JavaScript), then 303
 * back to the page. The token in the path is the only key (as for Pay now on an invoice
 * page): no cookie is read or set, so a cross-site form cannot borrow a session. Acceptance
 * records the name, the time and the address it came from. The page itself (`GET /p/{token}`)
 * is the invoice links' route, which shows a quote when the token is a quote's.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { systemContext, type RequestContext } from '../../kernel/context.ts';
import { LINK_TOKEN_PATTERN, TokenParams, linkTokenHash, notFound, pageResponses, privateHeaders, screenWith, sendMessagePage, sendPage, sendPdf } from '../../kernel/http/public-pages.ts';
import { VisitorLimit } from '../../kernel/http/visitor-limit.ts';
import { AppError } from '../../shared/errors.ts';
import { acceptQuote, declineQuote } from './quote-lifecycle.ts';
import { loadQuoteForPage, QUOTE_PAGE_CSP, renderQuotePage } from './quote-page.ts';
import { quotePdf } from './quote-pdf.ts';
import { findQuoteByTokenHash } from './quotes.repo.ts';
import { quoteLinks } from './quotes.routes.ts';

const tags = ['Customer pages'];

/** The quote a token opens, as a system actor of its organization; null → the bare 404. */
export async function resolveQuoteToken(deps: AppDeps, request: FastifyRequest, token: string): Promise<{ ctx: RequestContext; quoteId: string } | null> {
  if (!LINK_TOKEN_PATTERN.test(token)) return null;
  const found = await findQuoteByTokenHash(deps.db.kysely, linkTokenHash(token));
  if (!found) return null;
  const ctx = systemContext(deps, found.organization_id, 'Customer (quote page)', { role: 'viewer', requestId: request.id });
  return { ctx, quoteId: found.id };
}

/** GET /p/{token} for a quote's token (called by the invoice links' page route); false: not a quote's. */
export async function sendQuotePage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, token: string): Promise<boolean> {
  const found = await resolveQuoteToken(deps, request, token);
  if (!found) return false;
  const view = await loadQuoteForPage(found.ctx, found.quoteId, quoteLinks(deps));
  await sendPage(reply, { html: renderQuotePage(view, token), csp: QUOTE_PAGE_CSP });
  return true;
}

/** GET /p/{token}/pdf for a quote's token (called by the invoice links' PDF route); false: not a quote's. */
export async function sendQuotePdf(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, token: string): Promise<boolean> {
  const found = await resolveQuoteToken(deps, request, token);
  if (!found) return false;
  await sendPdf(reply, await quotePdf(found.ctx, found.quoteId, quoteLinks(deps)));
  return true;
}

/** Form fields, with control characters refused like any other text. */
const Form = z.record(z.string(), z.string());

function field(body: unknown, name: string, max: number): string | null {
  const parsed = Form.safeParse(body);
  const value = parsed.success ? (parsed.data[name] ?? '').trim() : '';
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (value === '' || value.length > max || /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value)) return null;
  return value;
}

export function registerQuotePages(app: FastifyInstance, deps: AppDeps): void {
  const limit = new VisitorLimit(deps.config.PUBLIC_LINK_MAX_PER_MINUTE, deps.clock);
  const screen = screenWith(limit);
  const links = quoteLinks(deps);

  void app.register((scope, _options, done) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8192 }, (_request, body, next) => {
      next(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    const api = scope.withTypeProvider<ZodTypeProvider>();
    const responses = {
      303: { description: 'Back to the quote page', content: { 'text/plain': { schema: z.string() } } },
      404: pageResponses('')[404],
      409: { description: 'The quote is no longer open (answered, expired or invoiced): a page saying so', content: { 'text/html': { schema: z.string() } } },
      422: { description: 'A required field is missing: a page saying so', content: { 'text/html': { schema: z.string() } } },
      429: pageResponses('')[429],
    };

    const answer = async (request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply, run: (ctx: RequestContext, quoteId: string) => Promise<unknown>) => {
      const { token } = request.params;
      const found = await resolveQuoteToken(deps, request, token);
      if (!found) return notFound(reply);
      const back = { href: `/p/${token}`, label: 'Back to the quote' };
      try {
        await run(found.ctx, found.quoteId);
      } catch (error) {
        if (error instanceof AppError && error.code === 'conflict') return sendMessagePage(reply, 409, { title: 'This quote can no longer be answered', text: error.message, back });
        throw error;
      }
      privateHeaders(reply);
      return reply.code(303).header('Location', `/p/${token}`).send('');
    };

    api.post(
      '/p/:token/accept',
      {
        config: { requires: 'public' },
        onRequest: screen,
        bodyLimit: 8192,
        schema: { tags, summary: 'Accept the quote (form field `name`): records name, time and address; 303 back to the page', security: [], params: TokenParams, response: responses },
      },
      async (request, reply) => {
        const name = field(request.body, 'name', 200);
        if (name === null) {
          return sendMessagePage(reply, 422, { title: 'Your name is required', text: 'name: please type your name to accept the quote.', back: { href: `/p/${request.params.token}`, label: 'Back to the quote' } });
        }
        return answer(request, reply, (ctx, quoteId) => acceptQuote(ctx, quoteId, name, { ip: request.ip }, links));
      },
    );

    api.post(
      '/p/:token/decline',
      {
        config: { requires: 'public' },
        onRequest: screen,
        bodyLimit: 8192,
        schema: { tags, summary: 'Decline the quote (optional form field `reason`); 303 back to the page', security: [], params: TokenParams, response: responses },
      },
      async (request, reply) => answer(request, reply, (ctx, quoteId) => declineQuote(ctx, quoteId, field(request.body, 'reason', 2000), links)),
    );
    done();
  });
}
