/** The invoice's history (GET /invoices/{id}/timeline), oldest first, as a Mantine Timeline. */
import { Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import { formatDateTime } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { actorText, timelineLook, type TimelineEntry } from './timelineLabels.ts';

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
                {entry.summary ? <Text size="sm">{entry.summary}</Text> : null}
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
