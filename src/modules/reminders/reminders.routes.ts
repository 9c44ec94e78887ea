import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { deliveryOf } from '../subscriptions/subscription-invoice.ts';
import { getInvoiceReminders, sendReminderNow, setRemindersPaused } from './invoice-reminders.ts';
import { getReminderSettings, putReminderSettings } from './reminder-settings.ts';
import { InvoiceReminders, ReminderSettings, ReminderSettingsInput, SendReminderInput } from './reminders.schemas.ts';

const tags = ['Reminders'];

/**
 * Reminders: the settings are an organization setting (read: any member; change: admin);
 * reminding, pausing and resuming an invoice's reminders is financial work (accountant).
 */
export function registerReminderRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/organization/reminders',
    {
      config: { requires: 'viewer' },
      schema: {
        tags: ['Organizations', ...tags],
        summary: 'Payment reminders and late fee settings (never saved: disabled, with suggested steps), with the built-in texts and placeholders',
        response: { 200: ReminderSettings, ...problemResponses(401) },
      },
    },
    async (request) => getReminderSettings(contextOf(request, deps)),
  );

  api.put(
    '/organization/reminders',
    {
      config: { requires: 'admin' },
      schema: {
        tags: ['Organizations', ...tags],
        summary: 'Set payment reminders: enabled, steps (days relative to the due date, each with optional texts per language) and the late fee',
        body: ReminderSettingsInput,
        response: { 200: ReminderSettings, ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => putReminderSettings(contextOf(request, deps), request.body),
  );

  api.get(
    '/invoices/:id/reminders',
    {
      config: { requires: 'viewer' },
      schema: {
        tags: ['Invoices', ...tags],
        summary: "An invoice's reminders (sent and skipped steps), whether they are paused, and its late-fee invoices",
        params: IdParams,
        response: { 200: InvoiceReminders, ...problemResponses(401, 404) },
      },
    },
    async (request) => getInvoiceReminders(contextOf(request, deps), request.params.id),
  );

  api.post(
    '/invoices/:id/reminders/pause',
    {
      config: { requires: 'accountant' },
      schema: {
        tags: ['Invoices', ...tags],
        summary: 'Pause the scheduled reminders (and late fees) of a finalized invoice',
        params: IdParams,
        response: { 200: InvoiceReminders, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => setRemindersPaused(contextOf(request, deps), request.params.id, true),
  );

  api.post(
    '/invoices/:id/reminders/resume',
    {
      config: { requires: 'accountant' },
      schema: {
        tags: ['Invoices', ...tags],
        summary: 'Resume the scheduled reminders of an invoice (only the latest step due is sent, never every step missed)',
        params: IdParams,
        response: { 200: InvoiceReminders, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => setRemindersPaused(contextOf(request, deps), request.params.id, false),
  );

  api.post(
    '/invoices/:id/send-reminder',
    {
      config: { requires: 'accountant' },
      schema: {
        tags: ['Invoices', ...tags],
        summary: 'Send a payment reminder now (PDF attached, with the pay link), whatever the schedule, pause or opt-out',
        params: IdParams,
        body: SendReminderInput,
        response: { 200: InvoiceReminders, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => sendReminderNow(contextOf(request, deps), request.params.id, request.body, deliveryOf(deps)),
  );
}
