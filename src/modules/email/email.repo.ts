/**
 * E-mail messages of one organization: every query carries its scope. The job handler
 * builds this repo from the job's organization, requests from the caller's.
 */
import type { EmailMessagesTable } from '../../db/schema.ts';
import type { Executor } from '../../kernel/context.ts';
import { decodeCursor } from '../../shared/pagination.ts';
import type { EmailListQueryInput, EmailMessageOut, EmailStatusValue } from './email.schemas.ts';

export type EmailRow = EmailMessagesTable & { invoice_number: string | null };

export function emailOut(row: EmailRow): EmailMessageOut {
  return {
    id: row.id,
    invoice_id: row.invoice_id,
    invoice_number: row.invoice_number,
    to: row.to_address,
    subject: row.subject,
    body: row.body,
    link_url: row.link_url,
    attachment_name: row.attachment_name,
    status: row.status as EmailStatusValue,
    attempts: row.attempts,
    last_error: row.last_error,
    sent_at: row.sent_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export class EmailRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  private withInvoiceNumber() {
    return this.db
      .selectFrom('email_messages')
      .leftJoin('invoices', (join) =>
        join.onRef('invoices.id', '=', 'email_messages.invoice_id').onRef('invoices.organization_id', '=', 'email_messages.organization_id'),
      )
      .selectAll('email_messages')
      .select('invoices.number as invoice_number')
      .where('email_messages.organization_id', '=', this.orgId);
  }

  find(id: string): Promise<EmailRow | undefined> {
    return this.withInvoiceNumber().where('email_messages.id', '=', id).executeTakeFirst();
  }

  /** Newest first (ids are time-ordered). */
  list(query: EmailListQueryInput): Promise<EmailRow[]> {
    let q = this.withInvoiceNumber();
    if (query.invoice_id !== undefined) q = q.where('email_messages.invoice_id', '=', query.invoice_id);
    if (query.status !== undefined) q = q.where('email_messages.status', '=', query.status);
    if (query.cursor) {
      const [id] = decodeCursor(query.cursor, 1) as [string];
      q = q.where('email_messages.id', '<', id);
    }
    return q.orderBy('email_messages.id', 'desc').limit(query.limit + 1).execute();
  }

  async insert(row: Omit<EmailMessagesTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('email_messages').values({ ...row, organization_id: this.orgId }).execute();
  }

  /**
   * Changes a message only while it is in one of `from` statuses (compare-and-set), so a
   * re-run job or a concurrent retry cannot undo a newer state; true when it changed.
   */
  async transition(id: string, from: readonly EmailStatusValue[], changes: Partial<Omit<EmailMessagesTable, 'id' | 'organization_id'>>): Promise<boolean> {
    const result = await this.db
      .updateTable('email_messages')
      .set(changes)
      .where('organization_id', '=', this.orgId)
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
