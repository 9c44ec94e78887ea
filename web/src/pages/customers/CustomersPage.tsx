/** Customers: a searchable, paginated list with balances, and the form for new customers. */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Customer } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { formatMoney } from '../../components/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { CustomerFormModal } from './CustomerForm.tsx';
import { ArchivedFilter, LoadMore, SearchInput, usePagedList, useSearch, type ArchivedFilterValue } from './listing.tsx';

/** One line per currency; a dash when nothing is owed or held. */
export function BalanceAmounts({ customer, field, locale }: { customer: Customer; field: 'outstanding' | 'credit'; locale?: string }) {
  // A decimal string is non-zero when it has a non-zero digit (no float parsing of money).
  const shown = customer.balances.filter((b) => /[1-9]/.test(b[field]));
  if (shown.length === 0) return <Text c="dimmed" span>—</Text>;
  return (
    <Stack gap={0} align="flex-end">
      {shown.map((b) => (
        <Text key={b.currency} size="sm" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {formatMoney(b[field], b.currency, locale)}
        </Text>
      ))}
    </Stack>
  );
}

export default function CustomersPage() {
  const session = useSession();
  const { me } = session;
  const navigate = useNavigate();
  const { search, setSearch, debounced } = useSearch();
  const [archived, setArchived] = useState<ArchivedFilterValue>('false');
  const [formOpened, form] = useDisclosure(false);
  const list = usePagedList<Customer>('customers', '/customers', { q: debounced || undefined, archived, sort: 'name' });
  const customers = list.data?.pages.flatMap((p) => p.data) ?? [];
  const canEdit = session.can('sales');
  const locale = me.organization.locale;
  const filtered = debounced !== '' || archived !== 'false';

  const newButton = canEdit ? <Button onClick={form.open}>New customer</Button> : null;
  const open = (customer: Customer) => void navigate(`/customers/${customer.id}`);

  let body;
  if (list.isPending) body = <LoadingState label="Loading customers" />;
  else if (list.isError) body = <ErrorState error={list.error} title="Could not load customers" />;
  else if (customers.length === 0)
    body = filtered ? (
      <EmptyState title="No customers match">Try another search or filter.</EmptyState>
    ) : (
      <EmptyState title="No customers yet" action={newButton}>
        {canEdit ? 'Add the people and businesses you bill.' : 'Customers will appear here once someone adds them.'}
      </EmptyState>
    );
  else
    body = (
      <>
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover verticalSpacing="sm" aria-label="Customers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>E-mail</Table.Th>
                <Table.Th ta="right">Outstanding</Table.Th>
                <Table.Th ta="right">Credit</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {customers.map((c) => (
                <Table.Tr
                  key={c.id}
                  style={{ cursor: 'pointer' }}
                  tabIndex={0}
                  onClick={() => open(c)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') open(c);
                  }}
                >
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={600}>
                        {c.name}
                      </Text>
                      {c.archived ? (
                        <Badge color="gray" variant="light" size="sm">
                          Archived
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={c.email ? undefined : 'dimmed'}>
                      {c.email ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <BalanceAmounts customer={c} field="outstanding" locale={locale} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <BalanceAmounts customer={c} field="credit" locale={locale} />
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
        <Title order={2}>Customers</Title>
        {newButton}
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <SearchInput label="Search customers" value={search} onChange={setSearch} />
        <ArchivedFilter value={archived} onChange={setArchived} />
      </Group>
      {body}
      <CustomerFormModal opened={formOpened} onClose={form.close} />
    </Stack>
  );
}
