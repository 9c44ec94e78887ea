/**
 * The outbox as the UI shows it: every message with its status, attempts and last error,
 * and retrying one that failed or that was kept while no SMTP server was configured.
 */
import { inTransaction } from '../../db/transaction.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { announceJobs, enqueueJob } from '../../kernel/jobs/queue.ts';
import { emit } from '../../kernel/events.ts';
import { EMAIL_MAX_ATTEMPTS, EMAIL_SEND_JOB } from './deliver-email.ts';
import { EmailRepo, emailOut } from './email.repo.ts';
import { ERASED } from './erase-customer-emails.ts';
import type { EmailListQueryInput, EmailMessageOut } from './email.schemas.ts';

export async function listEmails(ctx: RequestContext, query: EmailListQueryInput): Promise<Page<EmailMessageOut>> {
  const rows = await new EmailRepo(ctx.db.kysely, ctx.orgId).list(query);
  return toPage(rows, query.limit, (row) => [row.id], emailOut);
}

export async function getEmail(ctx: RequestContext, id: string): Promise<EmailMessageOut> {
  const row = await new EmailRepo(ctx.db.kysely, ctx.orgId).find(id);
  if (!row) throw AppError.notFound('E-mail message');
  return emailOut(row);
}

/**
 * Queues a failed message (or one kept in the outbox, once SMTP is configured) for
 * delivery again. The status is switched by compare-and-set in the same transaction as
 * the new job, so two concurrent retries queue it once.
 */
export async function retryEmail(ctx: RequestContext, id: string, smtp: boolean): Promise<EmailMessageOut> {
  const out = await inTransaction(ctx.db, async (trx) => {
    const repo = new EmailRepo(trx, ctx.orgId);
    const message = await repo.find(id);
    if (!message) throw AppError.notFound('E-mail message');
    if (message.status !== 'failed' && message.status !== 'outbox') {
      throw AppError.conflict(`Only a failed message or one in the outbox can be retried; this one is ${message.status}`);
    }
    if (message.to_address === ERASED) throw AppError.conflict('The customer’s personal data was erased: this message can no longer be sent');
    if (!smtp) throw AppError.conflict('No mail server is configured (SMTP_URL): the message stays in the outbox');
    const now = nowIso(ctx.clock);
    const switched = await repo.transition(id, [message.status], { status: 'queued', last_error: null, updated_at: now });
    if (!switched) throw AppError.conflict('The message changed in the meantime; reload and try again');
    await enqueueJob(trx, { orgId: ctx.orgId, kind: EMAIL_SEND_JOB, payload: { message_id: id }, now, maxAttempts: EMAIL_MAX_ATTEMPTS });
    await emit(trx, ctx, { type: 'email.retried', resource: { type: 'email_message', id: id },
      before: { status: message.status, attempts: message.attempts, last_error: message.last_error },
      after: { status: 'queued' },
    });
    return emailOut({ ...message, status: 'queued', last_error: null, updated_at: now });
  });
  announceJobs(ctx.db);
  return out;
}
