/** The invoice's history (GET /invoices/{id}/timeline), oldest first, as a Mantine Timeline. */
import { Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import { formatDateTime } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { actorText, timelineLook, type TimelineEntry } from './timelineLabels.ts';
import { formatDecimal } from '../../i18n/numbers.ts';
import { userLocale } from '../../i18n/locale.ts';
import { i18next } from '../../i18n/index.ts';

/** The server's one-line summary (English), said again in the interface language from the entry's details. */
function summaryOf(entry: TimelineEntry): string | undefined {
  const d = entry.details;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const currency = text(d.currency);
  const amountOf = (value: unknown) => {
    const amount = text(value);
    return amount === null || currency === null ? null : `${formatDecimal(amount, userLocale())} ${currency}`;
  };
  if (entry.action === 'payment.recorded' || entry.action === 'customer_credit.applied') {
    const amount = amountOf(d.applied_amount);
    if (amount !== null) {
      return entry.action === 'payment.recorded' ? i18next.t('invoice.timeline.summary.payment', { amount }) : i18next.t('invoice.timeline.summary.customerCredit', { amount });
    }
  }
  if (entry.action === 'payment.refunded') {
    const amount = amountOf(d.amount);
    if (amount !== null) return i18next.t('invoice.timeline.summary.refund', { amount });
  }
  if (entry.action === 'credit_note.created') {
    const amount = amountOf(d.total);
    const number = text(d.number);
    if (amount !== null && number !== null) return i18next.t('invoice.timeline.summary.creditNote', { number, amount });
  }
  return entry.summary;
}

export function InvoiceTimeline({ invoiceId }: { invoiceId: string }) {
  const { t } = useTranslation();
  const timeline = useQuery({
    // Under 'invoices' so that every billing refresh (payments, credit notes…) reloads it.
    queryKey: ['invoices', 'timeline', invoiceId],
    queryFn: () => get<{ data: TimelineEntry[] }>(`/invoices/${invoiceId}/timeline`),
  });
  return (
    <Stack gap="xs">
      <Title order={3}>{t('invoice.timeline.title')}</Title>
      {timeline.isPending ? <LoadingState label={t('invoice.timeline.loading')} /> : null}
      {timeline.isError ? <ErrorState error={timeline.error} title={t('invoice.timeline.loadFailed')} /> : null}
      {timeline.data?.data.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('invoice.timeline.empty')}
        </Text>
      ) : null}
      {timeline.data && timeline.data.data.length > 0 ? (
        <Timeline active={timeline.data.data.length} bulletSize={26} lineWidth={2} aria-label={t('invoice.timeline.label')}>
          {timeline.data.data.map((entry, n) => {
            const look = timelineLook(entry);
            return (
              <Timeline.Item
                key={`${entry.at}-${n}`}
                title={look.label}
                bullet={
                  <ThemeIcon size={24} radius="xl" color={look.color} aria-hidden>
                    <Text size="xs" fw={700} c="white" lh={1}>
                      {look.icon}
                    </Text>
                  </ThemeIcon>
                }
              >
                {summaryOf(entry) ? <Text size="sm">{summaryOf(entry)}</Text> : null}
                {typeof entry.details.reason === 'string' && entry.details.reason ? (
                  <Text size="sm" c="dimmed">
                    {t('invoice.timeline.reason', { reason: entry.details.reason })}
                  </Text>
                ) : null}
                <Text size="xs" c="dimmed">
                  {formatDateTime(entry.at)} · {actorText(entry.actor)}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      ) : null}
    </Stack>
  );
}
