/**
 * Where the invoice's last e-mail stands, under its title, in words that match what really
 * happened: "Waiting in the outbox (no mail server)", "Queued for …", "Sent to … on …" (only
 * once the mail server accepted it), "Failed: reason". The invoice carries `last_email`;
 * those who see the outbox also get the message refreshed while it is on its way, and a way there.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Group, Text } from '@mantine/core';
import { useSession } from '../../auth/session.tsx';
import { formatDateTime } from '../../components/format.ts';
import { EmailStatusBadge } from '../emails/EmailStatusBadge.tsx';
import { inFlight, useLatestInvoiceEmail, type EmailStatus } from '../emails/emailApi.ts';
import type { Invoice } from './invoiceApi.ts';

interface Delivery {
  status: EmailStatus;
  to: string;
  queuedAt: string;
  sentAt: string | null;
  error: string | null;
}

function Strong({ children }: { children: ReactNode }) {
  return (
    <Text span fw={600} c="var(--mantine-color-text)">
      {children}
    </Text>
  );
}

function sentence(delivery: Delivery): ReactNode {
  const to = <Strong>{delivery.to}</Strong>;
  switch (delivery.status) {
    case 'outbox':
      return (
        <>
          Waiting in the outbox (no mail server): for {to} since {formatDateTime(delivery.queuedAt)}
        </>
      );
    case 'queued':
      return (
        <>
          Queued for {to} on {formatDateTime(delivery.queuedAt)}
          {delivery.error ? ` — the last attempt failed (${delivery.error}); it will be tried again` : ''}
        </>
      );
    case 'sending':
      return <>Sending to {to}…</>;
    case 'sent':
      return (
        <>
          Sent to {to} on {formatDateTime(delivery.sentAt ?? delivery.queuedAt)}
        </>
      );
    case 'failed':
      return (
        <>
          Failed: {delivery.error ?? 'not delivered'} (to {to}, {formatDateTime(delivery.queuedAt)})
        </>
      );
  }
}

export function InvoiceSentNote({ invoice }: { invoice: Invoice }) {
  const session = useSession();
  const seesOutbox = session.can('sales');
  const last = invoice.last_email;
  // While the message is on its way, those who may read the outbox watch it move on.
  const latest = useLatestInvoiceEmail(invoice.id, seesOutbox && last !== null && inFlight(last.status));
  if (invoice.sent_at === null) return null;

  const polled = latest.data && latest.data.id === last?.id ? latest.data : null;
  const delivery: Delivery | null = polled
    ? { status: polled.status, to: polled.to, queuedAt: polled.created_at, sentAt: polled.sent_at, error: polled.last_error }
    : last
      ? { status: last.status, to: last.to, queuedAt: last.queued_at, sentAt: last.sent_at, error: last.error }
      : null;

  return (
    <Group gap="xs" wrap="wrap" aria-label="Sending">
      <Text size="sm" c={delivery?.status === 'failed' ? 'red' : 'dimmed'}>
        {delivery ? (
          sentence(delivery)
        ) : (
          <>
            Sending requested for <Strong>{invoice.sent_to ?? '—'}</Strong> on {formatDateTime(invoice.sent_at)}
          </>
        )}
      </Text>
      {delivery ? <EmailStatusBadge status={delivery.status} /> : null}
      {delivery && seesOutbox ? (
        <Anchor component={Link} to={`/emails?invoice_id=${invoice.id}`} size="sm">
          {delivery.status === 'failed' || delivery.status === 'outbox' ? 'Open in Emails to retry' : 'Emails'}
        </Anchor>
      ) : null}
    </Group>
  );
}

/** "Viewed on …": when the customer first opened the invoice's page (customer link or portal). */
export function InvoiceViewedNote({ invoice }: { invoice: Invoice }) {
  if (invoice.viewed_at === null) return null;
  return (
    <Text size="sm" c="dimmed" aria-label="Viewed" data-testid="invoice-viewed">
      Viewed by the customer on <Strong>{formatDateTime(invoice.viewed_at)}</Strong>
    </Text>
  );
}
