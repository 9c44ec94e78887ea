/**
 * Emails: every message sent from Settle, newest first, with its delivery status, attempts
 * and last error; failed messages (and those kept in the outbox while no mail server was
 * configured) can be retried. Filtered by status and, from an invoice, by that invoice.
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Anchor, Button, Group, Modal, SegmentedControl, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { get, post, query, type Page } from '../../api/client.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDateTime } from '../../components/format.ts';
import { EmailStatusBadge } from './EmailStatusBadge.tsx';
import { inFlight, type EmailMessage } from './emailApi.ts';

const PAGE_SIZE = 50;
const FILTERS = [
  { value: '', label: 'All' },
  { value: 'queued', label: 'Queued' },
  { value: 'sent', label: 'Sent' },
  { value: 'failed', label: 'Failed' },
  { value: 'outbox', label: 'Outbox' },
];

const retryable = (message: EmailMessage) => message.status === 'failed' || message.status === 'outbox';

function RetryButton({ message }: { message: EmailMessage }) {
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => post<EmailMessage>(`/emails/${message.id}/retry`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: `Queued again for ${message.to}` });
      await queryClient.invalidateQueries({ queryKey: ['emails'] });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not retry', message: error.message }),
  });
  if (!retryable(message)) return null;
  return (
    <Button size="xs" variant="light" loading={retry.isPending} onClick={() => retry.mutate()} aria-label={`Retry the message to ${message.to}`}>
      Retry
    </Button>
  );
}

function MessageDialog({ message, onClose }: { message: EmailMessage | null; onClose: () => void }) {
  return (
    <Modal opened={message !== null} onClose={onClose} title="E-mail" size="lg" centered>
      {message ? (
        <Stack gap="xs">
          <Group gap="xs">
            <EmailStatusBadge status={message.status} />
            <Text size="sm" c="dimmed">
              {message.sent_at ? `Delivered ${formatDateTime(message.sent_at)}` : `Created ${formatDateTime(message.created_at)}`} · {message.attempts}{' '}
              {message.attempts === 1 ? 'attempt' : 'attempts'}
            </Text>
          </Group>
          <Text size="sm">
            <b>To:</b> {message.to}
          </Text>
          <Text size="sm">
            <b>Subject:</b> {message.subject}
          </Text>
          {message.attachment_name ? (
            <Text size="sm">
              <b>Attachment:</b> {message.attachment_name}
            </Text>
          ) : null}
          {message.last_error ? (
            <Alert color="red" title="Last error">
              {message.last_error}
            </Alert>
          ) : null}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} bg="var(--mantine-color-gray-0)" p="sm" component="div">
            {message.body}
          </Text>
          <Group justify="flex-end">
            <RetryButton message={message} />
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

export default function EmailsPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const invoiceId = params.get('invoice_id') ?? '';
  const [open, setOpen] = useState<EmailMessage | null>(null);
  const emails = useInfiniteQuery({
    queryKey: ['emails', 'list', status, invoiceId],
    queryFn: ({ pageParam }) => get<Page<EmailMessage>>(`/emails${query({ limit: PAGE_SIZE, status, invoice_id: invoiceId, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    // While a message is on its way, watch it arrive.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.data.some((m) => inFlight(m.status))) ? 2000 : false),
  });
  const rows = emails.data?.pages.flatMap((p) => p.data) ?? [];
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const invoiceNumber = invoiceId ? rows.find((m) => m.invoice_id === invoiceId)?.invoice_number : undefined;

  return (
    <Stack gap="md">
      <Title order={2}>Emails</Title>
      <Group justify="space-between" align="center" gap="sm">
        <SegmentedControl aria-label="Status" value={status} onChange={(value) => setFilter('status', value)} data={FILTERS} />
        {invoiceId ? (
          <Group gap="xs">
            <Text size="sm">
              Invoice{' '}
              <Anchor component={Link} to={`/invoices/${invoiceId}`}>
                {invoiceNumber ?? 'selected'}
              </Anchor>
            </Text>
            <Button size="xs" variant="subtle" onClick={() => setFilter('invoice_id', '')}>
              Show all invoices
            </Button>
          </Group>
        ) : null}
      </Group>
      {rows.some((m) => m.status === 'outbox') ? (
        <Alert color="yellow" title="Messages in the outbox were not delivered">
          They were written while no mail server was configured (SMTP_URL). Once one is, retry them here.
        </Alert>
      ) : null}
      {emails.isPending ? (
        <LoadingState />
      ) : emails.isError ? (
        <ErrorState error={emails.error} />
      ) : rows.length === 0 ? (
        <EmptyState title={status || invoiceId ? 'No messages match' : 'No emails yet'}>
          {status || invoiceId ? 'Try another filter.' : 'Invoices you send by e-mail show here with their delivery status.'}
        </EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={820}>
            <Table striped highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Message</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Attempts</Table.Th>
                  <Table.Th>Last error</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((message) => (
                  <Table.Tr key={message.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(message.created_at)}</Table.Td>
                    <Table.Td miw={260}>
                      <Anchor component="button" type="button" size="sm" fw={600} ta="left" onClick={() => setOpen(message)}>
                        {message.subject}
                      </Anchor>
                      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        to {message.to}
                        {message.invoice_id ? (
                          <>
                            {' · '}
                            <Anchor component={Link} to={`/invoices/${message.invoice_id}`} inherit>
                              {message.invoice_number ?? 'invoice'}
                            </Anchor>
                          </>
                        ) : null}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }} miw={100}>
                      <EmailStatusBadge status={message.status} />
                    </Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {message.attempts}
                    </Table.Td>
                    <Table.Td miw={180} maw={280}>
                      {message.last_error ? (
                        <Tooltip label={message.last_error} multiline w={360} withArrow>
                          <Text size="xs" c="red" lineClamp={2}>
                            {message.last_error}
                          </Text>
                        </Tooltip>
                      ) : (
                        <Text size="xs" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <RetryButton message={message} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {emails.hasNextPage ? (
            <Group justify="center">
              <Button variant="default" loading={emails.isFetchingNextPage} onClick={() => void emails.fetchNextPage()}>
                Load more
              </Button>
            </Group>
          ) : null}
        </>
      )}
      {/* The row as it is now (a retry changes it while the dialog is open). */}
      <MessageDialog message={open ? (rows.find((m) => m.id === open.id) ?? open) : null} onClose={() => setOpen(null)} />
    </Stack>
  );
}
