import { z } from 'zod';
import { EMAIL_PLACEHOLDERS, MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH, templateProblem } from '../../domain/email-template.ts';
import { Email, ListQuery } from '../../kernel/http/schemas.ts';

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'outbox'] as const;
export type EmailStatusValue = (typeof EMAIL_STATUSES)[number];

/**
 * A subject or body as written by a person: placeholders allowed (unknown ones refused),
 * the subject on one line. Control characters other than line breaks and tabs are refused.
 */
export function templateText(kind: 'subject' | 'body') {
  const max = kind === 'subject' ? MAX_SUBJECT_LENGTH : MAX_BODY_LENGTH;
  return z
    .string()
    .transform((s) => s.trim())
    .superRefine((value, ctx) => {
      // The length first, so an oversized text is not scanned any further.
      const problem =
        value.length > max
          ? `must be at most ${max} characters`
          : // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
            /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value)
            ? 'must not contain control characters'
            : templateProblem(value, kind);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    });
}

export const SendInvoice = z
  .object({
    to: Email.optional().meta({ description: "Recipient; default: the customer's e-mail address" }),
    subject: templateText('subject').optional().meta({ description: "Subject; default: the organization's template, else the built-in one in the customer's language" }),
    message: templateText('body').optional().meta({ description: 'Body text; placeholders such as {link} are filled in. Default: the template' }),
  })
  .strict()
  .nullish()
  .transform((v) => v ?? {});
export type SendInvoiceInput = z.output<typeof SendInvoice>;

export const SendPreview = z
  .object({
    to: z.string().nullable().meta({ description: "The customer's e-mail address, if it has one" }),
    subject: z.string(),
    body: z.string().meta({ description: 'The body with every placeholder filled in except {link}, which becomes the invoice’s customer link when sent' }),
    language: z.string(),
    reply_to: z.string().nullable().meta({ description: "Where replies go: the organization's e-mail address (null: none is set)" }),
    delivery: z.enum(['smtp', 'outbox']).meta({ description: 'outbox: no SMTP server is configured; the message will be kept, not delivered' }),
  })
  .meta({ id: 'InvoiceSendPreview' });
export type SendPreviewOut = z.output<typeof SendPreview>;

export const EmailTemplateInput = z
  .object({
    subject: templateText('subject').nullable().meta({ description: 'null: the built-in subject in the customer’s language' }),
    body: templateText('body').nullable().meta({ description: 'null: the built-in body in the customer’s language' }),
  })
  .strict();
export type EmailTemplateInputValue = z.output<typeof EmailTemplateInput>;

export const EmailTemplate = z
  .object({
    subject: z.string().nullable(),
    body: z.string().nullable(),
    default_subject: z.string().meta({ description: "The built-in subject in the organization's language" }),
    default_body: z.string(),
    language: z.string(),
    placeholders: z.array(z.string()),
  })
  .meta({ id: 'EmailTemplate' });
export type EmailTemplateOut = z.output<typeof EmailTemplate>;

export const EmailMessage = z
  .object({
    id: z.string(),
    invoice_id: z.string().nullable(),
    invoice_number: z.string().nullable(),
    to: z.string(),
    subject: z.string(),
    body: z.string(),
    link_url: z.string().nullable(),
    attachment_name: z.string().nullable(),
    status: z.enum(EMAIL_STATUSES).meta({ description: 'queued → sending → sent; failed after the last attempt; outbox when no SMTP server is configured' }),
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    sent_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'EmailMessage' });
export type EmailMessageOut = z.output<typeof EmailMessage>;

export const EmailList = z.object({ data: z.array(EmailMessage), next_cursor: z.string().nullable() }).meta({ id: 'EmailMessageList' });

export const EmailListQuery = ListQuery.extend({
  invoice_id: z.string().min(1).max(64).optional(),
  status: z.enum(EMAIL_STATUSES).optional(),
});
export type EmailListQueryInput = z.output<typeof EmailListQuery>;

export const PLACEHOLDER_NAMES = EMAIL_PLACEHOLDERS.map((name) => `{${name}}`);
