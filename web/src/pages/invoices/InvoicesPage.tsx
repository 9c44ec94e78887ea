/**
 * All invoices: filter by status, customer, issue date and a search text; sort the loaded
 * rows by any column; load more with the cursor.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Anchor, Button, Center, Grid, Group, ScrollArea, Select, Table, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { DECIMAL_SCALE, parseScaled } from '../../../../src/domain/money/index.ts';
import { get, query, type Page } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { formatDate, formatMoney } from '../../components/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { CustomerPicker } from './CustomerPicker.tsx';
import type { InvoiceSummary } from './invoiceApi.ts';

const STATUSES = [
  { value: 'all', label: 'All' },
  { value: 'draft', label: 'Draft' },
  { value: 'open', label: 'Open' },
  { value: 'partially_paid', label: 'Partially paid' },
  { value: 'paid', label: 'Paid' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'void', label: 'Void' },
  { value: 'uncollectible', label: 'Uncollectible' },
];

type SortKey = 'number' | 'customer' | 'issue_date' | 'due_date' | 'total' | 'amount_due';
const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'number', label: 'Number' },
  { key: 'customer', label: 'Customer' },
  { key: 'issue_date', label: 'Issue date' },
  { key: 'due_date', label: 'Due date' },
  { key: 'total', label: 'Total', numeric: true },
  { key: 'amount_due', label: 'Due', numeric: true },
];

const amount = (value: string) => parseScaled(value, DECIMAL_SCALE);
function compare(a: InvoiceSummary, b: InvoiceSummary, key: SortKey): number {
  if (key === 'total' || key === 'amount_due') {
    const x = amount(a[key]);
    const y = amount(b[key]);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const text = (i: InvoiceSummary) => (key === 'customer' ? i.customer.name : (i[key] ?? ''));
  return text(a).localeCompare(text(b), undefined, { numeric: true });
}

export default function InvoicesPage() {
  const session = useSession();
  const can = (role: Parameters<typeof session.can>[0]) => session.can(role);
  const navigate = useNavigate();
  const [status, setStatus] = useState('all');
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean } | null>(null);

  const filters = {
    status: status === 'all' || status === 'overdue' ? undefined : status,
    overdue: status === 'overdue' ? 'true' : undefined,
    customer_id: customerId,
    from,
    to,
    q,
  };
  const invoices = useInfiniteQuery({
    queryKey: ['invoices', 'list', filters],
    queryFn: ({ pageParam }) => get<Page<InvoiceSummary>>(`/invoices${query({ ...filters, limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => {
    const all = invoices.data?.pages.flatMap((p) => p.data) ?? [];
    if (sort === null) return all;
    return [...all].sort((a, b) => (sort.desc ? -1 : 1) * compare(a, b, sort.key));
  }, [invoices.data, sort]);
  const filtered = status !== 'all' || customerId !== null || from !== '' || to !== '' || q !== '';

  const toggleSort = (key: SortKey) => setSort((s) => (s?.key === key ? { key, desc: !s.desc } : { key, desc: false }));

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>Invoices</Title>
        {can('sales') ? (
          <Button component={Link} to="/invoices/new">
            New invoice
          </Button>
        ) : null}
      </Group>
      <Grid gap="sm" mb="md" align="flex-end">
        <Grid.Col span={{ base: 12, xs: 6, md: 2 }}>
          <Select label="Status" data={STATUSES} value={status} onChange={(v) => setStatus(v ?? 'all')} allowDeselect={false} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
          <CustomerPicker label="Customer" placeholder="All customers" clearable value={customerId} onChange={(c) => setCustomerId(c?.id ?? null)} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <TextInput label="Issued from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <TextInput label="Issued to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <TextInput label="Search" placeholder="Number or customer" type="search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        </Grid.Col>
      </Grid>

      {invoices.isPending ? <LoadingState label="Loading invoices" /> : null}
      {invoices.isError ? <ErrorState error={invoices.error} /> : null}
      {invoices.isSuccess && rows.length === 0 ? (
        <EmptyState title={filtered ? 'No invoices match' : 'No invoices yet'}>
          {filtered ? 'Try other filters.' : can('sales') ? 'Create your first invoice with “New invoice”.' : 'Invoices will appear here.'}
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ScrollArea type="auto">
          <Table aria-label="Invoices" miw={760} highlightOnHover striped>
            <Table.Thead>
              <Table.Tr>
                {COLUMNS.map((col) => (
                  <Table.Th key={col.key} ta={col.numeric ? 'right' : undefined} aria-sort={sort?.key === col.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                    <UnstyledButton onClick={() => toggleSort(col.key)} fw={600} fz="sm">
                      {col.label} {sort?.key === col.key ? (sort.desc ? '↓' : '↑') : ''}
                    </UnstyledButton>
                  </Table.Th>
                ))}
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((inv) => (
                <Table.Tr key={inv.id} style={{ cursor: 'pointer' }} onClick={() => void navigate(`/invoices/${inv.id}`)}>
                  <Table.Td>
                    <Anchor component={Link} to={`/invoices/${inv.id}`} onClick={(e) => e.stopPropagation()}>
                      {inv.number ?? 'Draft'}
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
        </ScrollArea>
      ) : null}
      {invoices.hasNextPage ? (
        <Center mt="md">
          <Button variant="default" loading={invoices.isFetchingNextPage} onClick={() => void invoices.fetchNextPage()}>
            Load more
          </Button>
        </Center>
      ) : null}
    </>
  );
}
