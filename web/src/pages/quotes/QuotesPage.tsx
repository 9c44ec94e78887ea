/**
 * All quotes: filter by status, customer and a search text (kept in the URL), newest first,
 * with the total count; on phones cards instead of a table.
 */
import { Link, useNavigate } from 'react-router';
import { Anchor, Button, Card, Grid, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session.tsx';
import { formatDate, formatMoney } from '../../components/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { FilterPanel, LoadMore, SearchInput, TotalCount, usePagedList, usePhone, useSearch, useUrlParam } from '../customers/listing.tsx';
import { CustomerPicker } from '../invoices/CustomerPicker.tsx';
import { QUOTE_STATUSES, type QuoteSummary } from './quoteApi.ts';
import { QuoteStatusBadge } from './QuoteStatusBadge.tsx';

export default function QuotesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const phone = usePhone();
  const [status, setStatus] = useUrlParam('status', 'all');
  const [customerId, setCustomerId] = useUrlParam('customer_id');
  const { search, setSearch, debounced: q } = useSearch();
  const filters = { status: status === 'all' ? undefined : status, customer_id: customerId || undefined, q: q || undefined };
  const quotes = usePagedList<QuoteSummary>('quotes', '/quotes', filters);
  const rows = quotes.data?.pages.flatMap((p) => p.data) ?? [];
  const total = quotes.data?.pages[0]?.total;
  const filtered = status !== 'all' || customerId !== '' || q !== '';
  const numberOf = (quote: QuoteSummary) => quote.number ?? t('quotes.draft');

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('quotes.title')}</Title>
        {can('sales') ? (
          <Button component={Link} to="/quotes/new">
            {t('quotes.new')}
          </Button>
        ) : null}
      </Group>
      <FilterPanel active={filtered}>
        <Grid gap="sm" align="flex-end">
          <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
            <Select
              label={t('quotes.columns.status')}
              data={['all', ...QUOTE_STATUSES].map((value) => ({ value, label: value === 'all' ? t('quotes.allStatuses') : t(`quotes.status.${value}`) }))}
              value={status}
              onChange={(v) => setStatus(v ?? 'all')}
              allowDeselect={false}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, xs: 6, md: 4 }}>
            <CustomerPicker label={t('quotes.columns.customer')} placeholder={t('quotes.allCustomers')} clearable value={customerId || null} onChange={(c) => setCustomerId(c?.id ?? '')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <SearchInput label={t('common.actions.search')} placeholder={t('quotes.searchPlaceholder')} value={search} onChange={setSearch} />
          </Grid.Col>
        </Grid>
      </FilterPanel>
      <TotalCount shown={rows.length} total={total} />

      {quotes.isPending ? <LoadingState /> : null}
      {quotes.isError ? <ErrorState error={quotes.error} /> : null}
      {quotes.isSuccess && rows.length === 0 ? <EmptyState title={filtered ? t('quotes.noMatch') : t('quotes.empty')}>{t('quotes.emptyHint')}</EmptyState> : null}
      {rows.length > 0 && phone ? (
        <Stack gap="xs" aria-label={t('quotes.title')}>
          {rows.map((quote) => (
            <Card key={quote.id} withBorder padding="sm" data-testid="quote-card">
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/quotes/${quote.id}`} fw={600}>
                    {numberOf(quote)}
                  </Anchor>
                  <Text size="sm" truncate>
                    {quote.customer.name}
                  </Text>
                  {quote.expiry_date ? (
                    <Text size="xs" c="dimmed">
                      {t('quotes.validUntil', { date: formatDate(quote.expiry_date) })}
                    </Text>
                  ) : null}
                </Stack>
                <Stack gap={4} align="flex-end">
                  <Text fw={600} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatMoney(quote.total, quote.currency)}
                  </Text>
                  <QuoteStatusBadge status={quote.status} />
                </Stack>
              </Group>
            </Card>
          ))}
        </Stack>
      ) : null}
      {rows.length > 0 && !phone ? (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label={t('quotes.title')} highlightOnHover striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('quotes.columns.number')}</Table.Th>
                <Table.Th>{t('quotes.columns.customer')}</Table.Th>
                <Table.Th>{t('quotes.columns.issueDate')}</Table.Th>
                <Table.Th>{t('quotes.columns.expiryDate')}</Table.Th>
                <Table.Th ta="right">{t('quotes.columns.total')}</Table.Th>
                <Table.Th>{t('quotes.columns.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((quote) => (
                <Table.Tr key={quote.id} style={{ cursor: 'pointer' }} onClick={() => void navigate(`/quotes/${quote.id}`)}>
                  <Table.Td>
                    <Anchor component={Link} to={`/quotes/${quote.id}`} onClick={(e) => e.stopPropagation()}>
                      {numberOf(quote)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{quote.customer.name}</Table.Td>
                  <Table.Td>{formatDate(quote.issue_date)}</Table.Td>
                  <Table.Td>{formatDate(quote.expiry_date)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatMoney(quote.total, quote.currency)}
                  </Table.Td>
                  <Table.Td>
                    <QuoteStatusBadge status={quote.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <LoadMore hasNextPage={quotes.hasNextPage} isFetchingNextPage={quotes.isFetchingNextPage} fetchNextPage={quotes.fetchNextPage} />
    </Stack>
  );
}
