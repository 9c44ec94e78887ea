/** Types and queries for outgoing e-mail (the outbox), shared by the Emails page and the invoice page. */
import { useQuery } from '@tanstack/react-query';
import { get, query, type Page } from '../../api/client.ts';
import type { EmailMessageOut, EmailStatusValue } from '../../../../src/modules/email/email.schemas.ts';

export type EmailMessage = EmailMessageOut;
export type EmailStatus = EmailStatusValue;

/** Still on its way: worth asking again in a moment. */
export const inFlight = (status: EmailStatus) => status === 'queued' || status === 'sending';

/** The latest message sent for an invoice, refreshed while it is on its way. */
export function useLatestInvoiceEmail(invoiceId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['emails', 'latest', invoiceId],
    queryFn: async () => (await get<Page<EmailMessage>>(`/emails${query({ invoice_id: invoiceId, limit: 1 })}`)).data[0] ?? null,
    enabled,
    refetchInterval: (q) => (q.state.data && inFlight(q.state.data.status) ? 2000 : false),
  });
}
