/**
 * The organization's own e-mail template (subject and body with placeholders); null means
 * the built-in one in the customer's language. Shown with the built-in texts so the editor
 * can start from them.
 */
import { inTransaction } from '../../db/transaction.ts';
import type { OrganizationsTable } from '../../db/schema.ts';
import { DEFAULT_TEMPLATES, emailLocale } from '../../domain/email-template.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { emit } from '../../kernel/events.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';
import { PLACEHOLDER_NAMES, type EmailTemplateInputValue, type EmailTemplateOut } from './email.schemas.ts';

function templateOut(org: OrganizationsTable): EmailTemplateOut {
  const { language } = emailLocale(null, org.locale);
  const defaults = DEFAULT_TEMPLATES[language];
  return {
    subject: org.email_subject_template,
    body: org.email_body_template,
    default_subject: defaults.subject,
    default_body: defaults.body,
    language,
    placeholders: PLACEHOLDER_NAMES,
  };
}

export async function getEmailTemplate(ctx: RequestContext): Promise<EmailTemplateOut> {
  const org = await findOrganization(ctx.db.kysely, ctx.orgId);
  if (!org) throw AppError.notFound('Organization');
  return templateOut(org);
}

export async function putEmailTemplate(ctx: RequestContext, input: EmailTemplateInputValue): Promise<EmailTemplateOut> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await findOrganization(trx, ctx.orgId);
    if (!before) throw AppError.notFound('Organization');
    const changes = { email_subject_template: input.subject, email_body_template: input.body, updated_at: nowIso(ctx.clock) };
    await trx.updateTable('organizations').set(changes).where('id', '=', ctx.orgId).execute();
    await emit(trx, ctx, { type: 'organization.email_template_updated', resource: { type: 'organization', id: ctx.orgId },
      before: { subject: before.email_subject_template, body: before.email_body_template },
      after: { subject: input.subject, body: input.body },
    });
    return templateOut({ ...before, ...changes });
  });
}
