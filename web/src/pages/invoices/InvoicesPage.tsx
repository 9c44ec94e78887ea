/**
 * All invoices: filter by status, customer, issue date and a search text (all kept in the
 * URL), sorted on the server by a column header, with the total count; on phones cards instead
 * of a table and the filters behind a button. Select invoices to send them, download their
 * PDFs as one ZIP or export them as CSV.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Anchor, Button, Card, Checkbox, Grid, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { post, query } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { formatDate, formatMoney } from '../../components/format.ts';
import { DateField } from '../../components/inputs/DateField.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { csvUrl, ExportCsvButton, FilterPanel, LoadMore, SearchInput, SortHeader, TotalCount, usePagedList, usePhone, useSearch, useSort, useUrlParam } from '../customers/listing.tsx';
import { CustomerPicker } from './CustomerPicker.tsx';
import type { InvoiceSummary } from './invoiceApi.ts';

const STATUSES = ['all', 'draft', 'open', 'partially_paid', 'paid', 'overdue', 'void', 'uncollectible'] as const;

const COLUMNS: { field: string; key: 'number' | 'customer' | 'issueDate' | 'dueDate' | 'total' | 'due'; numeric?: boolean }[] = [
  { field: 'number', key: 'number' },
  { field: 'customer_name', key: 'customer' },
  { field: 'issue_date', key: 'issueDate' },
  { field: 'due_date', key: 'dueDate' },
  { field: 'total', key: 'total', numeric: true },
  { field: 'amount_due', key: 'due', numeric: true },
];

const MAX_ZIP = 100;

function BulkActions({ selected, rows, onDone }: { selected: string[]; rows: InvoiceSummary[]; onDone: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const [sending, setSending] = useState(false);
  const chosen = rows.filter((row) => selected.includes(row.id));
  const finalized = chosen.filter((row) => row.status !== 'draft');
  const send = async () => {
    setSending(true);
    let ok = 0;
    const failed: string[] = [];
    for (const invoice of finalized) {
      try {
        await post(`/invoices/${invoice.id}/send`, {});
        ok += 1;
      } catch (error) {
        failed.push(`${invoice.number ?? invoice.id}: ${error instanceof Error ? error.message : ''}`);
      }
    }
    setSending(false);
    notifications.show({
      color: failed.length === 0 ? 'green' : 'orange',
      title: t('lists.bulk.sentTitle'),
      message: [t('lists.bulk.sent', { count: ok }), failed.length > 0 ? t('lists.bulk.failed', { count: failed.length }) : '', ...failed].filter(Boolean).join('\n'),
      style: { whiteSpace: 'pre-line' },
    });
    await queryClient.invalidateQueries({ queryKey: ['invoices'] });
    onDone();
  };
  return (
    <Group gap="xs" wrap="wrap" role="toolbar" aria-label={t('lists.bulk.toolbar')}>
      <Text size="sm" fw={600}>
        {t('common.list.selected', { count: selected.length })}
      </Text>
      {session.can('sales') ? (
        <Button size="xs" onClick={() => void send()} loading={sending} disabled={finalized.length === 0}>
          {t('lists.bulk.send')}
        </Button>
      ) : null}
      <Button
        size="xs"
        variant="default"
        component="a"
        href={`/api/v1/invoices/pdfs.zip${query({ ids: finalized.slice(0, MAX_ZIP).map((row) => row.id).join(',') })}`}
        download
        disabled={finalized.length === 0 || finalized.length > MAX_ZIP}
      >
        {t('lists.bulk.downloadPdfs')}
      </Button>
      <Button size="xs" variant="default" component="a" href={csvUrl('/invoices', { ids: selected.join(',') })} download>
        {t('lists.bulk.exportSelection')}
      </Button>
      <Button size="xs" variant="subtle" onClick={onDone}>
        {t('lists.bulk.clear')}
      </Button>
    </Group>
  );
}

export default function InvoicesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const can = (role: Parameters<typeof session.can>[0]) => session.can(role);
  const navigate = useNavigate();
  const phone = usePhone();
  const [status, setStatus] = useUrlParam('status', 'all');
  const [customerId, setCustomerId] = useUrlParam('customer_id');
  const [from, setFrom] = useUrlParam('from');
  const [to, setTo] = useUrlParam('to');
  const { search, setSearch, debounced: q } = useSearch();
  const sort = useSort();
  const [selected, setSelected] = useState<string[]>([]);

  const filters = {
    status: status === 'all' || status === 'overdue' ? undefined : status,
    overdue: status === 'overdue' ? 'true' : undefined,
    customer_id: customerId || undefined,
    from: from || undefined,
    to: to || undefined,
    q: q || undefined,
  };
  const invoices = usePagedList<InvoiceSummary>('invoices', '/invoices', { ...filters, sort: sort.sort || undefined });
  const rows = invoices.data?.pages.flatMap((p) => p.data) ?? [];
  const total = invoices.data?.pages[0]?.total;
  const filtered = status !== 'all' || customerId !== '' || from !== '' || to !== '' || q !== '';
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const allSelected = rows.length > 0 && rows.every((row) => selected.includes(row.id));

  const label = (key: (typeof COLUMNS)[number]['key']) => t(`lists.invoices.columns.${key}`);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('lists.invoices.title')}</Title>
        <Group gap="xs">
          <ExportCsvButton path="/invoices" params={{ ...filters, sort: sort.sort || undefined }} />
          {can('sales') ? (
            <Button component={Link} to="/invoices/new">
              {t('lists.invoices.new')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <FilterPanel active={filtered}>
        <Grid gap="sm" align="flex-end">
          <Grid.Col span={{ base: 12, xs: 6, md: 2 }}>
            <Select
              label={t('lists.invoices.status')}
              data={STATUSES.map((value) => ({ value, label: t(`lists.invoices.statuses.${value}`) }))}
              value={status}
              onChange={(v) => setStatus(v ?? 'all')}
              allowDeselect={false}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
            <CustomerPicker
              label={t('lists.invoices.customer')}
              placeholder={t('lists.invoices.allCustomers')}
              clearable
              value={customerId || null}
              onChange={(c) => setCustomerId(c?.id ?? '')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}>
            <DateField label={t('lists.invoices.issuedFrom')} value={from} onChange={setFrom} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}>
            <DateField label={t('lists.invoices.issuedTo')} value={to} onChange={setTo} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 3 }}>
            <SearchInput label={t('common.actions.search')} placeholder={t('lists.invoices.searchPlaceholder')} value={search} onChange={setSearch} />
          </Grid.Col>
        </Grid>
      </FilterPanel>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <TotalCount shown={rows.length} total={total} />
        {selected.length > 0 ? <BulkActions selected={selected} rows={rows} onDone={() => setSelected([])} /> : null}
      </Group>

      {invoices.isPending ? <LoadingState label={t('lists.invoices.loading')} /> : null}
      {invoices.isError ? <ErrorState error={invoices.error} /> : null}
      {invoices.isSuccess && rows.length === 0 ? (
        <EmptyState title={filtered ? t('lists.invoices.noMatchTitle') : t('lists.invoices.emptyTitle')}>
          {filtered ? t('lists.invoices.noMatch') : can('sales') ? t('lists.invoices.emptyCreate') : t('lists.invoices.empty')}
        </EmptyState>
      ) : null}
      {rows.length > 0 && phone ? (
        <Stack gap="xs" aria-label={t('lists.invoices.title')}>
          {rows.map((inv) => (
            <Card key={inv.id} withBorder padding="sm" data-testid="invoice-card">
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                  <Checkbox aria-label={t('lists.bulk.select', { name: inv.number ?? t('lists.invoices.draft') })} checked={selected.includes(inv.id)} onChange={() => toggle(inv.id)} />
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/invoices/${inv.id}`} fw={600}>
                      {inv.number ?? t('lists.invoices.draft')}
                    </Anchor>
                    <Text size="sm" truncate>
                      {inv.customer.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDate(inv.issue_date)}
                      {inv.due_date ? ` · ${t('lists.invoices.dueOn', { date: formatDate(inv.due_date) })}` : ''}
                    </Text>
                  </Stack>
                </Group>
                <Stack gap={4} align="flex-end">
                  <Text fw={600} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatMoney(inv.total, inv.currency)}
                  </Text>
                  <StatusBadge status={inv.status} overdue={inv.overdue} />
                </Stack>
              </Group>
            </Card>
          ))}
        </Stack>
      ) : null}
      {rows.length > 0 && !phone ? (
        <Table.ScrollContainer minWidth={760}>
          <Table aria-label={t('lists.invoices.title')} highlightOnHover striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>
                  <Checkbox
                    aria-label={t('lists.bulk.selectAll')}
                    checked={allSelected}
                    indeterminate={selected.length > 0 && !allSelected}
                    onChange={() => setSelected(allSelected ? [] : rows.map((row) => row.id))}
                  />
                </Table.Th>
                {COLUMNS.map((col) => (
                  <SortHeader key={col.field} field={col.field} label={label(col.key)} sort={sort} numeric={col.numeric} />
                ))}
                <SortHeader field="status" label={t('lists.invoices.status')} sort={sort} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((inv) => (
                <Table.Tr key={inv.id} style={{ cursor: 'pointer' }} onClick={() => void navigate(`/invoices/${inv.id}`)}>
                  <Table.Td onClick={(e) => e.stopPropagation()}>
                    <Checkbox aria-label={t('lists.bulk.select', { name: inv.number ?? t('lists.invoices.draft') })} checked={selected.includes(inv.id)} onChange={() => toggle(inv.id)} />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/invoices/${inv.id}`} onClick={(e) => e.stopPropagation()}>
                      {inv.number ?? t('lists.invoices.draft')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{inv.customer.name}</Table.Td>
                  <Table.Td>{formatDate(inv.issue_date)}</Table.Td>
                  <Table.Td>{formatDate(inv.due_date)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatMoney(inv.total, inv.currency)}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatMoney(inv.amount_due, inv.currency)}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={inv.status} overdue={inv.overdue} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <LoadMore hasNextPage={invoices.hasNextPage} isFetchingNextPage={invoices.isFetchingNextPage} fetchNextPage={invoices.fetchNextPage} />
    </Stack>
  );
}
