/** Recurring billing: every recurring invoice with its cycle and next invoice date, by status. */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Anchor, Button, Group, Paper, Select, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session.tsx';
import { formatDate, formatMoney } from '../../components/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { LoadMore, usePagedList } from '../customers/listing.tsx';
import { cycleLabel, statusOptions, SubscriptionStatusBadge, type Subscription } from './subscriptionApi.tsx';

const num = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

export default function SubscriptionsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canCreate = session.can('accountant');
  const navigate = useNavigate();
  const [status, setStatus] = useState('all');
  const list = usePagedList<Subscription>('subscriptions', '/subscriptions', { status: status === 'all' ? undefined : status });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const options = statusOptions();
  const newButton = canCreate ? (
    <Button component={Link} to="/recurring/new">
      {t('subscriptions.list.new')}
    </Button>
  ) : null;
  const usage = (sub: Subscription) =>
    sub.metered_items.length > 0 ? (
      <Text span size="xs" c="dimmed">
        {' '}
        {t('subscriptions.plusUsage')}
      </Text>
    ) : null;

  let body;
  if (list.isPending) body = <LoadingState label={t('subscriptions.list.loading')} />;
  else if (list.isError) body = <ErrorState error={list.error} title={t('subscriptions.list.loadFailed')} />;
  else if (rows.length === 0)
    body =
      status !== 'all' ? (
        <EmptyState title={t('subscriptions.list.noneWithStatus', { status })}>
          {t('subscriptions.list.tryAnotherStatus')}
        </EmptyState>
      ) : (
        <Paper withBorder>
          <EmptyState title={t('subscriptions.list.emptyTitle')} action={newButton}>
            {t('subscriptions.list.emptyText')} {canCreate ? t('subscriptions.list.emptyStart') : t('subscriptions.list.emptyViewer')}
          </EmptyState>
        </Paper>
      );
  else
    body = (
      <>
        <Table.ScrollContainer minWidth={680} visibleFrom="sm">
          <Table aria-label={t('subscriptions.list.tableLabel')} verticalSpacing="sm" highlightOnHover striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('subscriptions.fields.customer')}</Table.Th>
                <Table.Th ta="right">{t('subscriptions.list.amountPerPeriod')}</Table.Th>
                <Table.Th>{t('subscriptions.fields.cycle')}</Table.Th>
                <Table.Th>{t('subscriptions.fields.nextInvoice')}</Table.Th>
                <Table.Th>{t('subscriptions.fields.status')}</Table.Th>
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
                    {usage(sub)}
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
        <Stack gap="xs" hiddenFrom="sm">
          {rows.map((sub) => (
            <Paper key={sub.id} withBorder p="sm" component="article" aria-label={sub.customer.name}>
              <UnstyledButton component={Link} to={`/recurring/${sub.id}`} w="100%">
                <Stack gap={4}>
                  <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                    <Text size="sm" fw={600} c="blue" style={{ overflowWrap: 'anywhere' }}>
                      {sub.customer.name}
                    </Text>
                    <SubscriptionStatusBadge subscription={sub} />
                  </Group>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text size="sm">{cycleLabel(sub.interval, sub.interval_count)}</Text>
                    <Text size="sm" fw={600} style={num}>
                      {formatMoney(sub.amount, sub.currency)}
                      {usage(sub)}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('subscriptions.fields.nextInvoice')}: {sub.next_invoice_date === null ? '—' : formatDate(sub.next_invoice_date)}
                  </Text>
                </Stack>
              </UnstyledButton>
            </Paper>
          ))}
        </Stack>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('subscriptions.list.title')}</Title>
        {newButton}
      </Group>
      <Group align="flex-end" gap="sm">
        <Select
          label={t('subscriptions.fields.status')}
          data={options}
          value={status}
          onChange={(v) => setStatus(v ?? 'all')}
          allowDeselect={false}
          w={{ base: '100%', xs: 200 }}
        />
      </Group>
      {body}
    </Stack>
  );
}
