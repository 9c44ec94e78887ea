/**
 * An endpoint's deliveries: when, which event, where it stands, the last HTTP status, how
 * long it took, attempts, the next retry and the last error; each row opens to every attempt.
 * On a phone the secondary columns fold into the opened row.
 */
import { Fragment, useState, type ReactNode } from 'react';
import { Badge, Button, Code, Group, SimpleGrid, Stack, Table, Text, Timeline, Tooltip, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { post } from '../../../api/client.ts';
import type { WebhookAttempt, WebhookDelivery } from '../../../api/types.ts';
import { formatDateTime } from '../../../components/format.ts';
import { ExpandButton } from '../../../components/ExpandButton.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states.tsx';
import { LoadMore } from '../../customers/listing.tsx';
import { EventName } from '../EventName.tsx';
import { endpointKeys, useDeliveries } from './webhookApi.ts';

const ok = (code: number | null | undefined) => code !== null && code !== undefined && code >= 200 && code < 300;

export function DeliveryStatusBadge({ delivery }: { delivery: WebhookDelivery }) {
  const { t } = useTranslation();
  const look =
    delivery.status === 'delivered'
      ? { color: 'green', label: 'delivered' }
      : delivery.status === 'failed'
        ? { color: 'red', label: 'failed' }
        : delivery.attempts.length > 0
          ? { color: 'orange', label: 'retrying' }
          : { color: 'blue', label: 'pending' };
  return (
    <Badge color={look.color} variant="light" style={{ minWidth: 'max-content' }}>
      {t(`webhooks.deliveries.status.${look.label}`)}
    </Badge>
  );
}

function HttpStatus({ code }: { code: number | null | undefined }) {
  if (code === null || code === undefined) return <Text span size="sm" c="dimmed">—</Text>;
  return (
    <Text span size="sm" c={ok(code) ? 'green.8' : 'red.8'} ff="monospace">
      {code}
    </Text>
  );
}

function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const lastAttempt = (d: WebhookDelivery): WebhookAttempt | undefined => d.attempts.reduce<WebhookAttempt | undefined>((last, a) => (last && last.attempt > a.attempt ? last : a), undefined);

function RetryButton({ endpointId, delivery }: { endpointId: string; delivery: WebhookDelivery }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => post<WebhookDelivery>(`/webhook-endpoints/${endpointId}/deliveries/${delivery.id}/retry`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('webhooks.deliveries.sentAgain', { type: delivery.event_type }) });
      await queryClient.invalidateQueries({ queryKey: endpointKeys.deliveries(endpointId) });
    },
    onError: (error) => notifications.show({ color: 'red', title: t('webhooks.deliveries.retryError'), message: error.message }),
  });
  // Any delivery may be sent again, with the same webhook-id: a pending one's next attempt is brought forward.
  const label = delivery.status === 'pending' ? t('webhooks.deliveries.retryNow') : delivery.status === 'delivered' ? t('webhooks.deliveries.sendAgain') : t('webhooks.deliveries.retry');
  return (
    <Button
      size="xs"
      variant={delivery.status === 'delivered' ? 'subtle' : 'light'}
      loading={retry.isPending}
      onClick={() => retry.mutate()}
      aria-label={`${label}: ${delivery.event_type} ${delivery.event_id}`}
    >
      {label}
    </Button>
  );
}

function Attempts({ delivery }: { delivery: WebhookDelivery }) {
  const { t } = useTranslation();
  if (delivery.attempts.length === 0) return <Text size="sm" c="dimmed">{t('webhooks.deliveries.notTried')}</Text>;
  const attempts = [...delivery.attempts].sort((a, b) => a.attempt - b.attempt);
  return (
    <Timeline bulletSize={14} lineWidth={2} active={attempts.length - 1}>
      {attempts.map((a) => (
        <Timeline.Item key={a.attempt} color={ok(a.status_code) ? 'green' : 'red'} title={t('webhooks.deliveries.attempt', { n: a.attempt })}>
          <Text size="xs" c="dimmed">
            {formatDateTime(a.created_at)} · {a.status_code === null ? t('webhooks.deliveries.noAnswer') : `HTTP ${a.status_code}`} · {duration(a.duration_ms)}
          </Text>
          {a.error ? (
            <Text size="xs" c="red.8" style={{ overflowWrap: 'anywhere' }}>
              {a.error}
            </Text>
          ) : null}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Stack>
  );
}

function Details({ endpointId, delivery, wide }: { endpointId: string; delivery: WebhookDelivery; wide: boolean }) {
  const { t } = useTranslation();
  const last = lastAttempt(delivery);
  return (
    <Stack gap="sm" py="xs">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" verticalSpacing="xs">
        <Fact label={t('webhooks.deliveries.eventId')}>
          <Code fz="xs">{delivery.event_id}</Code>
        </Fact>
        {wide ? null : (
          <>
            <Fact label={t('webhooks.deliveries.httpStatus')}>
              <HttpStatus code={delivery.last_status_code ?? last?.status_code} />
            </Fact>
            <Fact label={t('webhooks.deliveries.duration')}>{duration(last?.duration_ms)}</Fact>
            <Fact label={t('webhooks.deliveries.nextRetry')}>{delivery.status === 'pending' && delivery.next_attempt_at ? formatDateTime(delivery.next_attempt_at) : '—'}</Fact>
          </>
        )}
        {delivery.delivered_at ? <Fact label={t('webhooks.deliveries.delivered')}>{formatDateTime(delivery.delivered_at)}</Fact> : null}
      </SimpleGrid>
      {!wide && delivery.last_error ? (
        <Fact label={t('webhooks.deliveries.lastError')}>
          <Text span size="sm" c="red.8">
            {delivery.last_error}
          </Text>
        </Fact>
      ) : null}
      <Attempts delivery={delivery} />
      {wide ? null : (
        <Group>
          <RetryButton endpointId={endpointId} delivery={delivery} />
        </Group>
      )}
    </Stack>
  );
}

export function DeliveriesTable({ endpointId }: { endpointId: string }) {
  const { t } = useTranslation();
  const deliveries = useDeliveries(endpointId);
  const [open, setOpen] = useState<Set<string>>(new Set());
  // Below the sm breakpoint the secondary columns are left out and shown in the opened row.
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  if (deliveries.isPending) return <LoadingState label={t('webhooks.deliveries.loading')} />;
  if (deliveries.isError) return <ErrorState error={deliveries.error} title={t('webhooks.deliveries.loadError')} />;
  const rows = deliveries.data.pages.flatMap((p) => p.data);
  if (rows.length === 0) {
    return <EmptyState title={t('webhooks.deliveries.emptyTitle')}>{t('webhooks.deliveries.empty')}</EmptyState>;
  }
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const columns = wide ? 9 : 3;

  return (
    <>
      <Table aria-label={t('webhooks.deliveries.table')} verticalSpacing="xs" highlightOnHover layout={wide ? undefined : 'fixed'}>
        <Table.Thead>
          <Table.Tr>
            {wide ? <Table.Th>{t('webhooks.deliveries.time')}</Table.Th> : null}
            <Table.Th>{t('webhooks.deliveries.event')}</Table.Th>
            <Table.Th w={wide ? undefined : 96}>{t('webhooks.deliveries.statusColumn')}</Table.Th>
            {wide ? (
              <>
                <Table.Th>{t('webhooks.deliveries.http')}</Table.Th>
                <Table.Th ta="right">{t('webhooks.deliveries.duration')}</Table.Th>
                <Table.Th ta="right">{t('webhooks.deliveries.attempts')}</Table.Th>
                <Table.Th>{t('webhooks.deliveries.nextRetry')}</Table.Th>
                <Table.Th>{t('webhooks.deliveries.error')}</Table.Th>
              </>
            ) : null}
            <Table.Th w={wide ? undefined : 44}>
              <VisuallyHidden>{t('webhooks.deliveries.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((d) => {
            const expanded = open.has(d.id);
            const last = lastAttempt(d);
            return (
              <Fragment key={d.id}>
                <Table.Tr>
                  {wide ? <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.created_at)}</Table.Td> : null}
                  <Table.Td>
                    <EventName type={d.event_type} time={wide ? undefined : formatDateTime(d.created_at)} />
                  </Table.Td>
                  <Table.Td>
                    <DeliveryStatusBadge delivery={d} />
                    {wide ? null : (
                      <Text size="xs" c="dimmed" mt={2}>
                        {t('webhooks.deliveries.attemptCount', { count: d.attempts.length })}
                      </Text>
                    )}
                  </Table.Td>
                  {wide ? (
                    <>
                      <Table.Td>
                        <HttpStatus code={d.last_status_code ?? last?.status_code} />
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                        {duration(last?.duration_ms)}
                      </Table.Td>
                      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                        {d.attempts.length}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{d.status === 'pending' && d.next_attempt_at ? formatDateTime(d.next_attempt_at) : '—'}</Table.Td>
                      <Table.Td miw={160} maw={280}>
                        {d.last_error ? (
                          <Tooltip label={d.last_error} multiline w={360} withArrow>
                            <Text size="xs" c="red.8" lineClamp={2}>
                              {d.last_error}
                            </Text>
                          </Tooltip>
                        ) : (
                          <Text size="xs" c="dimmed">
                            —
                          </Text>
                        )}
                      </Table.Td>
                    </>
                  ) : null}
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      {wide ? <RetryButton endpointId={endpointId} delivery={d} /> : null}
                      <ExpandButton expanded={expanded} controls={`delivery-${d.id}`} label={expanded ? t('webhooks.deliveries.hideAttempts', { type: d.event_type, id: d.event_id }) : t('webhooks.deliveries.showAttempts', { type: d.event_type, id: d.event_id })} onClick={() => toggle(d.id)} />
                    </Group>
                  </Table.Td>
                </Table.Tr>
                {expanded ? (
                  <Table.Tr id={`delivery-${d.id}`}>
                    <Table.Td colSpan={columns} bg="var(--mantine-color-gray-0)">
                      <Details endpointId={endpointId} delivery={d} wide={wide} />
                    </Table.Td>
                  </Table.Tr>
                ) : null}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
      <LoadMore hasNextPage={deliveries.hasNextPage} isFetchingNextPage={deliveries.isFetchingNextPage} fetchNextPage={deliveries.fetchNextPage} />
    </>
  );
}
