/** Recurring billing: every recurring invoice with its cycle and next invoice date, by status. */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Anchor, Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useSession } from '../../auth/session.tsx';
import { formatDate, formatMoney } from '../../components/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { LoadMore, usePagedList } from '../customers/listing.tsx';
import { cycleLabel, STATUS_OPTIONS, SubscriptionStatusBadge, type Subscription } from './subscriptionApi.tsx';

const num = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

export default function SubscriptionsPage() {
  const session = useSession();
  const canCreate = session.can('accountant');
  const navigate = useNavigate();
  const [status, setStatus] = useState('all');
  const list = usePagedList<Subscription>('subscriptions', '/subscriptions', { status: status === 'all' ? undefined : status });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const newButton = canCreate ? (
    <Button component={Link} to="/recurring/new">
      New recurring invoice
    </Button>
  ) : null;

  let body;
  if (list.isPending) body = <LoadingState label="Loading recurring invoices" />;
  else if (list.isError) body = <ErrorState error={list.error} title="Could not load recurring invoices" />;
  else if (rows.length === 0)
    body =
      status !== 'all' ? (
        <EmptyState title={`No ${status} recurring invoices`}>Try another status.</EmptyState>
      ) : (
        <Paper withBorder>
          <EmptyState title="No recurring invoices yet" action={newButton}>
            Recurring billing writes the same invoice for you on a schedule — monthly rent, a yearly licence, a quarterly retainer — and can finalize
            it and e-mail it to the customer on its own. Usage such as API calls can be billed too, per period.{' '}
            {canCreate ? 'Start here, or open an invoice and choose “Make recurring”.' : 'An accountant can set one up.'}
          </EmptyState>
        </Paper>
      );
  else
    body = (
      <>
        <Table.ScrollContainer minWidth={680}>
          <Table aria-label="Recurring invoices" verticalSpacing="sm" highlightOnHover striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer</Table.Th>
                <Table.Th ta="right">Amount per period</Table.Th>
                <Table.Th>Cycle</Table.Th>
                <Table.Th>Next invoice</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((sub) => (
                <Table.Tr key={sub.id} style={{ cursor: 'pointer' }} onClick={() => void navigate(`/recurring/${sub.id}`)}>
                  <Table.Td>
                    <Anchor component={Link} to={`/recurring/${sub.id}`} onClick={(e) => e.stopPropagation()} size="sm" fw={600}>
                      {sub.customer.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right" style={num}>
                    {formatMoney(sub.amount, sub.currency)}
                    {sub.metered_items.length > 0 ? (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        + usage
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{cycleLabel(sub.interval, sub.interval_count)}</Table.Td>
                  <Table.Td style={num}>{sub.next_invoice_date === null ? '—' : formatDate(sub.next_invoice_date)}</Table.Td>
                  <Table.Td>
                    <SubscriptionStatusBadge subscription={sub} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Recurring billing</Title>
        {newButton}
      </Group>
      <Group align="flex-end" gap="sm">
        <Select label="Status" data={STATUS_OPTIONS} value={status} onChange={(v) => setStatus(v ?? 'all')} allowDeselect={false} w={{ base: '100%', xs: 200 }} />
      </Group>
      {body}
    </Stack>
  );
}
