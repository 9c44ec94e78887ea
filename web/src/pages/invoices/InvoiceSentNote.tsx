/**
 * Where the invoice's last e-mail stands, under its title, in words that match what really
 * happened: "Waiting in the outbox (no mail server)", "Queued for …", "Sent to … on …" (only
 * once the mail server accepted it), "Failed: reason". The invoice carries `last_email`;
 * those who see the outbox also get the message refreshed while it is on its way, and a way there.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n/index.ts';
import { useSession } from '../../auth/session.tsx';
import { formatDateTime } from '../../components/format.ts';
import { EmailStatusBadge } from '../emails/EmailStatusBadge.tsx';
import { inFlight, useLatestInvoiceEmail, type EmailStatus } from '../emails/emailApi.ts';
import type { Invoice } from './invoiceApi.ts';
import { LINK, withLink } from './timelineLabels.ts';

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

/** A translated sentence with the recipient in bold where the message says {to}. */
function withRecipient(text: string, to: string): ReactNode {
  return withLink(text, <Strong>{to}</Strong>);
}

function sentence(delivery: Delivery): ReactNode {
  const t = (key: string, values: Record<string, string>) => i18next.t(key, { ...values, to: LINK });
  switch (delivery.status) {
    case 'outbox':
      return withRecipient(t('invoice.sent.outbox', { since: formatDateTime(delivery.queuedAt) }), delivery.to);
    case 'queued':
      return (
        <>
          {withRecipient(t('invoice.sent.queued', { at: formatDateTime(delivery.queuedAt) }), delivery.to)}
          {delivery.error ? ` — ${i18next.t('invoice.sent.retrying', { error: delivery.error })}` : ''}
        </>
      );
    case 'sending':
      return withRecipient(t('invoice.sent.sending', {}), delivery.to);
    case 'sent':
      return withRecipient(t('invoice.sent.sent', { at: formatDateTime(delivery.sentAt ?? delivery.queuedAt) }), delivery.to);
    case 'failed':
      return withRecipient(
        t('invoice.sent.failed', { error: delivery.error ?? i18next.t('invoice.sent.notDelivered'), at: formatDateTime(delivery.queuedAt) }),
        delivery.to,
      );
  }
}

export function InvoiceSentNote({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
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
    <Group gap="xs" wrap="wrap" aria-label={t('invoice.sent.label')}>
      <Text size="sm" c={delivery?.status === 'failed' ? 'red' : 'dimmed'}>
        {delivery ? (
          sentence(delivery)
        ) : (
          withRecipient(t('invoice.sent.requested', { to: LINK, at: formatDateTime(invoice.sent_at) }), invoice.sent_to ?? '—')
        )}
      </Text>
      {delivery ? <EmailStatusBadge status={delivery.status} /> : null}
      {delivery && seesOutbox ? (
        <Anchor component={Link} to={`/emails?invoice_id=${invoice.id}`} size="sm">
          {delivery.status === 'failed' || delivery.status === 'outbox' ? t('invoice.sent.openToRetry') : t('invoice.sent.emails')}
        </Anchor>
      ) : null}
    </Group>
  );
}

/** "Viewed on …": when the customer first opened the invoice's page (customer link or portal). */
export function InvoiceViewedNote({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  if (invoice.viewed_at === null) return null;
  return (
    <Text size="sm" c="dimmed" aria-label={t('invoice.sent.viewedLabel')} data-testid="invoice-viewed">
      {withLink(t('invoice.sent.viewed', { at: LINK }), <Strong>{formatDateTime(invoice.viewed_at)}</Strong>)}
    </Text>
  );
}
