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
      {look.label}
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
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => post<WebhookDelivery>(`/webhook-endpoints/${endpointId}/deliveries/${delivery.id}/retry`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: `${delivery.event_type} is being sent again` });
      await queryClient.invalidateQueries({ queryKey: endpointKeys.deliveries(endpointId) });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not retry', message: error.message }),
  });
  // Any delivery may be sent again, with the same webhook-id: a pending one's next attempt is brought forward.
  const label = delivery.status === 'pending' ? 'Retry now' : delivery.status === 'delivered' ? 'Send again' : 'Retry';
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
  if (delivery.attempts.length === 0) return <Text size="sm" c="dimmed">Not tried yet.</Text>;
  const attempts = [...delivery.attempts].sort((a, b) => a.attempt - b.attempt);
  return (
    <Timeline bulletSize={14} lineWidth={2} active={attempts.length - 1}>
      {attempts.map((a) => (
        <Timeline.Item key={a.attempt} color={ok(a.status_code) ? 'green' : 'red'} title={`Attempt ${a.attempt}`}>
          <Text size="xs" c="dimmed">
            {formatDateTime(a.created_at)} · {a.status_code === null ? 'no answer' : `HTTP ${a.status_code}`} · {duration(a.duration_ms)}
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
  const last = lastAttempt(delivery);
  return (
    <Stack gap="sm" py="xs">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" verticalSpacing="xs">
        <Fact label="Event id">
          <Code fz="xs">{delivery.event_id}</Code>
        </Fact>
        {wide ? null : (
          <>
            <Fact label="HTTP status">
              <HttpStatus code={delivery.last_status_code ?? last?.status_code} />
            </Fact>
            <Fact label="Duration">{duration(last?.duration_ms)}</Fact>
            <Fact label="Next retry">{delivery.status === 'pending' && delivery.next_attempt_at ? formatDateTime(delivery.next_attempt_at) : '—'}</Fact>
          </>
        )}
        {delivery.delivered_at ? <Fact label="Delivered">{formatDateTime(delivery.delivered_at)}</Fact> : null}
      </SimpleGrid>
      {!wide && delivery.last_error ? (
        <Fact label="Last error">
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
  const deliveries = useDeliveries(endpointId);
  const [open, setOpen] = useState<Set<string>>(new Set());
  // Below the sm breakpoint the secondary columns are left out and shown in the opened row.
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  if (deliveries.isPending) return <LoadingState label="Loading deliveries" />;
  if (deliveries.isError) return <ErrorState error={deliveries.error} title="Could not load the deliveries" />;
  const rows = deliveries.data.pages.flatMap((p) => p.data);
  if (rows.length === 0) {
    return <EmptyState title="Nothing sent yet">Send a test event to check that the receiving system answers.</EmptyState>;
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
      <Table aria-label="Deliveries" verticalSpacing="xs" highlightOnHover layout={wide ? undefined : 'fixed'}>
        <Table.Thead>
          <Table.Tr>
            {wide ? <Table.Th>Time</Table.Th> : null}
            <Table.Th>Event</Table.Th>
            <Table.Th w={wide ? undefined : 96}>Status</Table.Th>
            {wide ? (
              <>
                <Table.Th>HTTP</Table.Th>
                <Table.Th ta="right">Duration</Table.Th>
                <Table.Th ta="right">Attempts</Table.Th>
                <Table.Th>Next retry</Table.Th>
                <Table.Th>Error</Table.Th>
              </>
            ) : null}
            <Table.Th w={wide ? undefined : 44}>
              <VisuallyHidden>Actions</VisuallyHidden>
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
                        {d.attempts.length} {d.attempts.length === 1 ? 'attempt' : 'attempts'}
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
                      <ExpandButton expanded={expanded} controls={`delivery-${d.id}`} label={`${expanded ? 'Hide' : 'Show'} attempts of ${d.event_type} ${d.event_id}`} onClick={() => toggle(d.id)} />
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
