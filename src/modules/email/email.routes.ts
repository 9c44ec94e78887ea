import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { publicBaseUrl } from '../../config.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { Invoice } from '../invoices/invoices.schemas.ts';
import { EmailList, EmailListQuery, EmailMessage, EmailTemplate, EmailTemplateInput, SendInvoice, SendPreview } from './email.schemas.ts';
import { getEmail, listEmails, retryEmail } from './email-messages.ts';
import { getEmailTemplate, putEmailTemplate } from './email-template.service.ts';
import { previewInvoiceEmail, sendInvoice } from './send-invoice.ts';
import { linkSecrets } from '../invoice-links/invoice-links.service.ts';

const tags = ['E-mail'];

/**
 * Sending invoices by e-mail and the outbox. Who may do what: whoever may send an invoice
 * (sales) may see and retry the messages; the template is an organization setting (admin).
 */
export function registerEmailRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const smtp = () => deps.config.SMTP_URL !== undefined;
  // Links in e-mails come from configuration only, never from the request's Host header.
  const baseUrl = publicBaseUrl(deps.config);

  api.post(
    '/invoices/:id/send',
    {
      config: { requires: 'sales' },
      schema: {
        tags: ['Invoices', ...tags],
        summary: "E-mail a finalized invoice (PDF attached, with its customer link); default recipient: the customer's address",
        description:
          'The message is stored and its delivery queued in the same transaction that records sent_at and sent_to. ' +
          'Without SMTP_URL it is kept in the outbox (GET /emails) instead of being delivered.',
        params: IdParams,
        body: SendInvoice,
        response: { 200: Invoice, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      sendInvoice(contextOf(request, deps), request.params.id, request.body, {
        smtp: smtp(),
        baseUrl,
        secrets: linkSecrets(deps),
      }),
  );

  api.get(
    '/invoices/:id/send-preview',
    {
      config: { requires: 'sales' },
      schema: {
        tags: ['Invoices', ...tags],
        summary: 'The recipient, subject and body an invoice e-mail would have now ({link} is filled in when sent)',
        params: IdParams,
        response: { 200: SendPreview, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => previewInvoiceEmail(contextOf(request, deps), request.params.id, smtp()),
  );

  api.get(
    '/emails',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Outgoing e-mail, newest first (filter by invoice_id, status)',
        querystring: EmailListQuery,
        response: { 200: EmailList, ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => listEmails(contextOf(request, deps), request.query),
  );

  api.get(
    '/emails/:id',
    {
      config: { requires: 'sales' },
      schema: { tags, summary: 'One outgoing e-mail with its status', params: IdParams, response: { 200: EmailMessage, ...problemResponses(401, 403, 404) } },
    },
    async (request) => getEmail(contextOf(request, deps), request.params.id),
  );

  api.post(
    '/emails/:id/retry',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Queue a failed message, or one kept in the outbox (once SMTP is configured), for delivery again',
        params: IdParams,
        response: { 200: EmailMessage, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => retryEmail(contextOf(request, deps), request.params.id, smtp()),
  );

  api.get(
    '/organization/email-template',
    {
      config: { requires: 'viewer' },
      schema: {
        tags: ['Organizations', ...tags],
        summary: "The organization's invoice e-mail template (null: the built-in one) with the built-in texts and the placeholders",
        response: { 200: EmailTemplate, ...problemResponses(401) },
      },
    },
    async (request) => getEmailTemplate(contextOf(request, deps)),
  );

  api.put(
    '/organization/email-template',
    {
      config: { requires: 'admin' },
      schema: {
        tags: ['Organizations', ...tags],
        summary: 'Set the invoice e-mail subject and body (placeholders: {invoice_number} {customer_name} {organization_name} {amount_due} {total} {due_date} {link}); null restores the built-in text',
        body: EmailTemplateInput,
        response: { 200: EmailTemplate, ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => putEmailTemplate(contextOf(request, deps), request.body),
  );
}
