/**
 * "Sent to … on …" under an invoice's title, and for those who see the outbox, where the
 * last message stands (queued, sent, failed, kept in the outbox) with a way there.
 */
import { Link } from 'react-router';
import { Anchor, Group, Text } from '@mantine/core';
import { useSession } from '../../auth/session.tsx';
import { formatDateTime } from '../../components/format.ts';
import { EmailStatusBadge } from '../emails/EmailStatusBadge.tsx';
import { useLatestInvoiceEmail } from '../emails/emailApi.ts';
import type { Invoice } from './invoiceApi.ts';

export function InvoiceSentNote({ invoice }: { invoice: Invoice }) {
  const session = useSession();
  const seesOutbox = session.can('sales');
  const latest = useLatestInvoiceEmail(invoice.id, seesOutbox && invoice.sent_at !== null);
  if (invoice.sent_at === null) return null;
  const message = latest.data ?? null;
  return (
    <Group gap="xs" wrap="wrap" aria-label="Sending">
      <Text size="sm" c="dimmed">
        Sent to <Text span fw={600} c="var(--mantine-color-text)">{invoice.sent_to ?? '—'}</Text> on {formatDateTime(invoice.sent_at)}
      </Text>
      {message ? (
        <>
          <EmailStatusBadge status={message.status} />
          <Anchor component={Link} to={`/emails?invoice_id=${invoice.id}`} size="sm">
            {message.status === 'failed' || message.status === 'outbox' ? 'Open in Emails to retry' : 'Emails'}
          </Anchor>
        </>
      ) : null}
    </Group>
  );
}
