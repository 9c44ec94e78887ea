/** Credit notes, newest first, each with its invoice and a link to the document. */
import { Link } from 'react-router';
import { Anchor, Button, Group, Stack, Table, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { get, query, type Page } from '../../api/client.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDate, formatMoney } from '../../components/format.ts';
import { DownloadMenu } from '../invoices/DownloadMenu.tsx';
import type { CreditNoteOut } from '../../../../src/modules/credit-notes/credit-notes.schemas.ts';

const PAGE_SIZE = 50;

export default function CreditNotesPage() {
  const notes = useInfiniteQuery({
    queryKey: ['credit-notes', 'list'],
    queryFn: ({ pageParam }) => get<Page<CreditNoteOut>>(`/credit-notes${query({ limit: PAGE_SIZE, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const rows = notes.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack gap="md">
      <Title order={2}>Credit notes</Title>
      {notes.isPending ? (
        <LoadingState />
      ) : notes.isError ? (
        <ErrorState error={notes.error} />
      ) : rows.length === 0 ? (
        <EmptyState title="No credit notes yet">A credit note corrects a finalized invoice. Create one from the invoice’s page.</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Number</Table.Th>
                  <Table.Th>Invoice</Table.Th>
                  <Table.Th>Date</Table.Th>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th ta="right">Total</Table.Th>
                  <Table.Th>Document</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((note) => (
                  <Table.Tr key={note.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{note.number}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/invoices/${note.invoice_id}`}>
                        {note.invoice_number ?? 'Invoice'}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(note.issue_date)}</Table.Td>
                    <Table.Td>{note.reason}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                      {formatMoney(note.total, note.currency)}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="sm" wrap="nowrap">
                        <Anchor href={`/api/v1/credit-notes/${note.id}/preview`} target="_blank" rel="noopener" aria-label={`Open credit note ${note.number}`}>
                          Open
                        </Anchor>
                        <Anchor href={`/api/v1/credit-notes/${note.id}/pdf`} target="_blank" rel="noopener" aria-label={`Credit note ${note.number} as PDF`}>
                          PDF
                        </Anchor>
                        <DownloadMenu kind="credit-notes" id={note.id} name={`credit note ${note.number}`} size="compact-xs" variant="subtle" />
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {notes.hasNextPage ? (
            <Group justify="center">
              <Button variant="default" loading={notes.isFetchingNextPage} onClick={() => void notes.fetchNextPage()}>
                Load more
              </Button>
            </Group>
          ) : null}
        </>
      )}
    </Stack>
  );
}
