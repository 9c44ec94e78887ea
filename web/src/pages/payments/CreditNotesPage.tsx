/** Credit notes, newest first or sorted by a column, with customer, search and the total count; each opens its page. */
import { Link, useNavigate } from 'react-router';
import { Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDate, formatMoney } from '../../components/format.ts';
import { DownloadMenu } from '../invoices/DownloadMenu.tsx';
import type { CreditNoteOut } from '../../../../src/modules/credit-notes/credit-notes.schemas.ts';
import { ExportCsvButton, FilterPanel, LoadMore, SearchInput, SortHeader, TotalCount, usePagedList, usePhone, useSearch, useSort } from '../customers/listing.tsx';

type CreditNoteRow = CreditNoteOut & { customer_name: string };

export default function CreditNotesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const phone = usePhone();
  const { search, setSearch, debounced } = useSearch();
  const sort = useSort();
  const params = { q: debounced || undefined, sort: sort.sort || undefined };
  const notes = usePagedList<CreditNoteRow>('credit-notes', '/credit-notes', params);
  const rows = notes.data?.pages.flatMap((p) => p.data) ?? [];
  const total = notes.data?.pages[0]?.total;
  const open = (id: string) => void navigate(`/credit-notes/${id}`);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('lists.creditNotes.title')}</Title>
        <ExportCsvButton path="/credit-notes" params={params} />
      </Group>
      <FilterPanel active={debounced !== ''}>
        <SearchInput label={t('common.actions.search')} placeholder={t('lists.creditNotes.searchPlaceholder')} value={search} onChange={setSearch} />
      </FilterPanel>
      <TotalCount shown={rows.length} total={total} />
      {notes.isPending ? (
        <LoadingState />
      ) : notes.isError ? (
        <ErrorState error={notes.error} />
      ) : rows.length === 0 ? (
        debounced !== '' ? (
          <EmptyState title={t('lists.creditNotes.noMatchTitle')}>{t('lists.creditNotes.noMatch')}</EmptyState>
        ) : (
          <EmptyState title={t('lists.creditNotes.emptyTitle')}>{t('lists.creditNotes.empty')}</EmptyState>
        )
      ) : phone ? (
        <Stack gap="xs">
          {rows.map((note) => (
            <Card key={note.id} withBorder padding="sm" data-testid="credit-note-card">
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/credit-notes/${note.id}`} fw={600}>
                    {note.number}
                  </Anchor>
                  <Text size="sm" truncate>
                    {note.customer_name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDate(note.issue_date)} · {note.invoice_number ?? ''}
                  </Text>
                </Stack>
                <Text fw={600} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                  {formatMoney(note.total, note.currency)}
                </Text>
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover aria-label={t('lists.creditNotes.title')}>
            <Table.Thead>
              <Table.Tr>
                <SortHeader field="number" label={t('lists.creditNotes.columns.number')} sort={sort} />
                <SortHeader field="customer_name" label={t('lists.creditNotes.columns.customer')} sort={sort} />
                <Table.Th>{t('lists.creditNotes.columns.invoice')}</Table.Th>
                <SortHeader field="issue_date" label={t('lists.creditNotes.columns.date')} sort={sort} />
                <Table.Th>{t('lists.creditNotes.columns.reason')}</Table.Th>
                <SortHeader field="total" label={t('lists.creditNotes.columns.total')} sort={sort} numeric />
                <Table.Th>{t('lists.creditNotes.columns.document')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((note) => (
                <Table.Tr key={note.id} style={{ cursor: 'pointer' }} onClick={() => open(note.id)}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Anchor component={Link} to={`/credit-notes/${note.id}`} onClick={(e) => e.stopPropagation()}>
                      {note.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{note.customer_name}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/invoices/${note.invoice_id}`} onClick={(e) => e.stopPropagation()}>
                      {note.invoice_number ?? t('lists.creditNotes.invoice')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(note.issue_date)}</Table.Td>
                  <Table.Td>{note.reason}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatMoney(note.total, note.currency)}
                  </Table.Td>
                  <Table.Td onClick={(e) => e.stopPropagation()}>
                    <Group gap="sm" wrap="nowrap">
                      <Anchor href={`/api/v1/credit-notes/${note.id}/preview`} target="_blank" rel="noopener" aria-label={t('lists.creditNotes.openLabel', { number: note.number })}>
                        {t('lists.creditNotes.open')}
                      </Anchor>
                      <Anchor href={`/api/v1/credit-notes/${note.id}/pdf`} target="_blank" rel="noopener" aria-label={t('lists.creditNotes.pdfLabel', { number: note.number })}>
                        PDF
                      </Anchor>
                      <DownloadMenu kind="credit-notes" id={note.id} name={t('lists.creditNotes.downloadName', { number: note.number })} size="compact-xs" variant="subtle" />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore hasNextPage={notes.hasNextPage} isFetchingNextPage={notes.isFetchingNextPage} fetchNextPage={notes.fetchNextPage} />
    </Stack>
  );
}
