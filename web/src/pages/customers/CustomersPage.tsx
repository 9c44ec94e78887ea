/** Customers: a searchable, paginated list with balances, and the form for new customers. */
import { Link, useNavigate } from 'react-router';
import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDisclosure } from '@mantine/hooks';
import type { Customer } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { formatMoney } from '../../components/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { CustomerFormModal } from './CustomerForm.tsx';
import { formatCustomFieldValue, useCustomFieldDefinitions } from '../../components/CustomFields.tsx';
import {
  ArchivedFilter,
  ExportCsvButton,
  FilterPanel,
  LoadMore,
  SearchInput,
  SortHeader,
  TotalCount,
  usePagedList,
  usePhone,
  useSearch,
  useSort,
  useUrlParam,
  type ArchivedFilterValue,
} from './listing.tsx';

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

const MAX_CUSTOM_COLUMNS = 3;

export default function CustomersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const { me } = session;
  const navigate = useNavigate();
  const phone = usePhone();
  const { search, setSearch, debounced } = useSearch();
  const [archivedParam, setArchived] = useUrlParam('archived', 'false');
  const archived = (['false', 'true', 'all'].includes(archivedParam) ? archivedParam : 'false') as ArchivedFilterValue;
  const sort = useSort('name');
  const [formOpened, form] = useDisclosure(false);
  const params = { q: debounced || undefined, archived, sort: sort.sort || 'name' };
  const list = usePagedList<Customer>('customers', '/customers', params);
  const customers = list.data?.pages.flatMap((p) => p.data) ?? [];
  const total = list.data?.pages[0]?.total;
  const canEdit = session.can('sales');
  const locale = me.organization.locale;
  // The first custom fields get a column of their own (all of them are in the CSV and on the customer's page).
  const customColumns = (useCustomFieldDefinitions('customer').data ?? []).slice(0, MAX_CUSTOM_COLUMNS);
  const filtered = debounced !== '' || archived !== 'false';

  const newButton = canEdit ? <Button onClick={form.open}>{t('lists.customers.new')}</Button> : null;
  const open = (customer: Customer) => void navigate(`/customers/${customer.id}`);
  const archivedBadge = (
    <Badge color="gray" variant="light" size="sm">
      {t('lists.archived.archived')}
    </Badge>
  );

  let body;
  if (list.isPending) body = <LoadingState label={t('lists.customers.loading')} />;
  else if (list.isError) body = <ErrorState error={list.error} title={t('lists.customers.loadError')} />;
  else if (customers.length === 0)
    body = filtered ? (
      <EmptyState title={t('lists.customers.noMatchTitle')}>{t('lists.customers.noMatch')}</EmptyState>
    ) : (
      <EmptyState title={t('lists.customers.emptyTitle')} action={newButton}>
        {canEdit ? t('lists.customers.emptyCreate') : t('lists.customers.empty')}
      </EmptyState>
    );
  else if (phone)
    body = (
      <>
        <Stack gap="xs">
          {customers.map((c) => (
            <Card key={c.id} withBorder padding="sm" style={{ cursor: 'pointer' }} onClick={() => open(c)} data-testid="customer-card">
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/customers/${c.id}`} fw={600} onClick={(e) => e.stopPropagation()}>
                    {c.name}
                  </Anchor>
                  <Text size="xs" c="dimmed" truncate>
                    {c.email ?? '—'}
                  </Text>
                  {c.archived ? archivedBadge : null}
                </Stack>
                <BalanceAmounts customer={c} field="outstanding" locale={locale} />
              </Group>
            </Card>
          ))}
        </Stack>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </>
    );
  else
    body = (
      <>
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover verticalSpacing="sm" aria-label={t('lists.customers.title')}>
            <Table.Thead>
              <Table.Tr>
                <SortHeader field="name" label={t('lists.customers.columns.name')} sort={sort} />
                <SortHeader field="email" label={t('lists.customers.columns.email')} sort={sort} />
                {customColumns.map((d) => (
                  <Table.Th key={d.key}>{d.label}</Table.Th>
                ))}
                <Table.Th ta="right">{t('lists.customers.columns.outstanding')}</Table.Th>
                <Table.Th ta="right">{t('lists.customers.columns.credit')}</Table.Th>
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
                      {c.archived ? archivedBadge : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={c.email ? undefined : 'dimmed'}>
                      {c.email ?? '—'}
                    </Text>
                  </Table.Td>
                  {customColumns.map((d) => {
                    const value = c.custom_fields[d.key];
                    return (
                      <Table.Td key={d.key}>
                        <Text size="sm" c={value ? undefined : 'dimmed'}>
                          {value ? formatCustomFieldValue(d, value) : '—'}
                        </Text>
                      </Table.Td>
                    );
                  })}
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
        <Title order={2}>{t('lists.customers.title')}</Title>
        <Group gap="xs">
          <ExportCsvButton path="/customers" params={params} />
          {session.can('accountant') ? (
            <Button component={Link} to="/import?type=customers" variant="default">
              {t('imports.action')}
            </Button>
          ) : null}
          {newButton}
        </Group>
      </Group>
      <FilterPanel active={filtered}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <SearchInput label={t('lists.customers.search')} value={search} onChange={setSearch} />
          <ArchivedFilter value={archived} onChange={setArchived} />
        </Group>
      </FilterPanel>
      <TotalCount shown={customers.length} total={total} />
      {body}
      <CustomerFormModal opened={formOpened} onClose={form.close} />
    </Stack>
  );
}
