/**
 * Emails: every message sent from Settle, newest first, with its delivery status, attempts
 * and last error; failed messages (and those kept in the outbox while no mail server was
 * configured) can be retried. Filtered by status and, from an invoice, by that invoice.
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Anchor, Button, Group, Modal, Paper, SegmentedControl, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n/index.ts';
import { get, post, query, type Page } from '../../api/client.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDateTime } from '../../components/format.ts';
import { EmailStatusBadge } from './EmailStatusBadge.tsx';
import { inFlight, type EmailMessage } from './emailApi.ts';

const PAGE_SIZE = 50;
const FILTERS = ['', 'queued', 'sent', 'failed', 'outbox'];

const retryable = (message: EmailMessage) => message.status === 'failed' || message.status === 'outbox';

function RetryButton({ message }: { message: EmailMessage }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => post<EmailMessage>(`/emails/${message.id}/retry`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: i18next.t('emails.queuedAgain', { to: message.to }) });
      await queryClient.invalidateQueries({ queryKey: ['emails'] });
    },
    onError: (error) => notifications.show({ color: 'red', title: i18next.t('emails.retryFailed'), message: error.message }),
  });
  if (!retryable(message)) return null;
  return (
    <Button size="xs" variant="light" loading={retry.isPending} onClick={() => retry.mutate()} aria-label={t('emails.retryLabel', { to: message.to })}>
      {t('emails.retry')}
    </Button>
  );
}

function MessageDialog({ message, onClose }: { message: EmailMessage | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={message !== null} onClose={onClose} title={t('emails.dialogTitle')} size="lg" centered>
      {message ? (
        <Stack gap="xs">
          <Group gap="xs">
            <EmailStatusBadge status={message.status} />
            <Text size="sm" c="dimmed">
              {message.sent_at ? t('emails.deliveredAt', { time: formatDateTime(message.sent_at) }) : t('emails.createdAt', { time: formatDateTime(message.created_at) })} ·{' '}
              {t('emails.attemptCount', { count: message.attempts })}
            </Text>
          </Group>
          <Text size="sm">
            <b>{t('emails.to')}:</b> {message.to}
          </Text>
          <Text size="sm">
            <b>{t('emails.subject')}:</b> {message.subject}
          </Text>
          {message.attachment_name ? (
            <Text size="sm">
              <b>{t('emails.attachment')}:</b> {message.attachment_name}
            </Text>
          ) : null}
          {message.last_error ? (
            <Alert color="red" title={t('emails.lastError')}>
              {message.last_error}
            </Alert>
          ) : null}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} bg="var(--mantine-color-gray-0)" p="sm" component="div">
            {message.body}
          </Text>
          <Group justify="flex-end">
            <RetryButton message={message} />
            <Button variant="default" onClick={onClose}>
              {t('common.actions.close')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

export default function EmailsPage() {
  const { t } = useTranslation();
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
      <Title order={2}>{t('emails.title')}</Title>
      <Group justify="space-between" align="center" gap="sm">
        <SegmentedControl
          aria-label={t('emails.statusLabel')}
          value={status}
          onChange={(value) => setFilter('status', value)}
          data={FILTERS.map((value) => ({ value, label: t(`emails.filters.${value || 'all'}`) }))}
          style={{ maxWidth: '100%', overflowX: 'auto' }}
        />
        {invoiceId ? (
          <Group gap="xs">
            <Text size="sm">
              {t('emails.invoice')}{' '}
              <Anchor component={Link} to={`/invoices/${invoiceId}`}>
                {invoiceNumber ?? t('emails.selected')}
              </Anchor>
            </Text>
            <Button size="xs" variant="subtle" onClick={() => setFilter('invoice_id', '')}>
              {t('emails.showAll')}
            </Button>
          </Group>
        ) : null}
      </Group>
      {rows.some((m) => m.status === 'outbox') ? (
        <Alert color="yellow" title={t('emails.outboxTitle')}>
          {t('emails.outboxText')}
        </Alert>
      ) : null}
      {emails.isPending ? (
        <LoadingState />
      ) : emails.isError ? (
        <ErrorState error={emails.error} />
      ) : rows.length === 0 ? (
        <EmptyState title={status || invoiceId ? t('emails.noneMatch') : t('emails.emptyTitle')}>
          {status || invoiceId ? t('emails.tryAnother') : t('emails.emptyText')}
        </EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={820} visibleFrom="sm">
            <Table striped highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('emails.created')}</Table.Th>
                  <Table.Th>{t('emails.message')}</Table.Th>
                  <Table.Th>{t('emails.statusLabel')}</Table.Th>
                  <Table.Th ta="right">{t('emails.attempts')}</Table.Th>
                  <Table.Th>{t('emails.lastError')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('emails.actions')}</VisuallyHidden>
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
                        {t('emails.toAddress', { to: message.to })}
                        {message.invoice_id ? (
                          <>
                            {' · '}
                            <Anchor component={Link} to={`/invoices/${message.invoice_id}`} inherit>
                              {message.invoice_number ?? t('emails.invoiceWord')}
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
          <Stack gap="xs" hiddenFrom="sm">
            {rows.map((message) => (
              <Paper key={message.id} withBorder p="sm">
                <Stack gap={4}>
                  <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                    <Anchor component="button" type="button" size="sm" fw={600} ta="left" onClick={() => setOpen(message)} style={{ overflowWrap: 'anywhere' }}>
                      {message.subject}
                    </Anchor>
                    <EmailStatusBadge status={message.status} />
                  </Group>
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {t('emails.toAddress', { to: message.to })} · {formatDateTime(message.created_at)}
                  </Text>
                  {message.last_error ? (
                    <Text size="xs" c="red" lineClamp={2}>
                      {message.last_error}
                    </Text>
                  ) : null}
                  <Group>
                    <RetryButton message={message} />
                  </Group>
                </Stack>
              </Paper>
            ))}
          </Stack>
          {emails.hasNextPage ? (
            <Group justify="center">
              <Button variant="default" loading={emails.isFetchingNextPage} onClick={() => void emails.fetchNextPage()}>
                {t('common.actions.loadMore')}
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
