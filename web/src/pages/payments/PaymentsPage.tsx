/**
 * Payment history: every payment received, newest first, with its invoice and customer,
 * filtered by date; accountants can refund from here.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Button, Card, Group, Modal, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client.ts';
import { DateField } from '../../components/inputs/DateField.tsx';
import { DecimalInput } from '../../components/inputs/DecimalInput.tsx';
import { ExportCsvButton, FilterPanel, LoadMore, SearchInput, SortHeader, TotalCount, usePagedList, usePhone, useSearch, useSort, useUrlParam } from '../customers/listing.tsx';
import { useSession } from '../../auth/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDate, formatMoney } from '../../components/format.ts';
import type { PaymentOut } from '../../../../src/modules/payments/payments.schemas.ts';
import { methodLabel } from './labels.ts';


function RefundButton({ payment }: { payment: PaymentOut }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const form = useForm({ initialValues: { amount: '', reason: '' }, validate: { reason: (v) => (v.trim() ? null : t('lists.payments.refund.reasonRequired')) } });
  const refund = useMutation({
    mutationFn: (values: typeof form.values) =>
      post<PaymentOut>(`/payments/${payment.id}/refund`, { reason: values.reason, ...(values.amount.trim() ? { amount: values.amount.trim() } : {}) }),
    onSuccess: async () => {
      setOpened(false);
      form.reset();
      notifications.show({ message: t('lists.payments.refund.recorded'), color: 'green' });
      await queryClient.invalidateQueries();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const refundable = payment.method !== 'customer_credit' && payment.refunded_amount !== payment.amount;
  if (!refundable) return null;
  return (
    <>
      <Button size="xs" variant="light" color="red" onClick={() => setOpened(true)} aria-label={t('lists.payments.refund.buttonLabel', { amount: formatMoney(payment.amount, payment.currency), date: formatDate(payment.date) })}>
        {t('lists.payments.refund.button')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('lists.payments.refund.title')} centered>
        <form onSubmit={form.onSubmit((values) => refund.mutate(values))}>
          <Stack>
          <Text size="sm">
            {t('lists.payments.refund.summary', { received: formatMoney(payment.amount, payment.currency), refunded: formatMoney(payment.refunded_amount, payment.currency) })}
          </Text>
          <DecimalInput label={t('lists.payments.refund.amount')} description={t('lists.payments.refund.amountHint')} {...form.getInputProps('amount')} value={form.values.amount} />
          <TextInput label={t('lists.payments.refund.reason')} required {...form.getInputProps('reason')} />
          {refund.isError && !(refund.error instanceof ApiError && refund.error.fieldErrors.length > 0) ? (
            <Alert color="red" role="alert">
              {refund.error.message}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('common.actions.cancel')}
            </Button>
            <Button type="submit" color="red" loading={refund.isPending}>
              {t('lists.payments.refund.button')}
            </Button>
          </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

type PaymentRow = PaymentOut & { customer_name: string };

export default function PaymentsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const phone = usePhone();
  const [from, setFrom] = useUrlParam('from');
  const [to, setTo] = useUrlParam('to');
  const { search, setSearch, debounced } = useSearch();
  const sort = useSort();
  const rangeProblem = from && to && from > to ? t('lists.payments.rangeProblem') : null;
  const params = { from: from || undefined, to: to || undefined, q: debounced || undefined, sort: sort.sort || undefined };
  const payments = usePagedList<PaymentRow>('payments', '/payments', params, rangeProblem === null);
  const rows = payments.data?.pages.flatMap((p) => p.data) ?? [];
  const total = payments.data?.pages[0]?.total;
  const filtered = Boolean(from || to || debounced);
  const amountOf = (payment: PaymentRow) => formatMoney(payment.amount, payment.currency);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('lists.payments.title')}</Title>
        <ExportCsvButton path="/payments" params={params} />
      </Group>
      <FilterPanel active={filtered}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <SearchInput label={t('common.actions.search')} placeholder={t('lists.payments.searchPlaceholder')} value={search} onChange={setSearch} />
          <DateField label={t('lists.payments.from')} value={from} onChange={setFrom} w={170} />
          <DateField label={t('lists.payments.to')} value={to} onChange={setTo} error={rangeProblem} w={170} />
          {from || to ? (
            <Button
              variant="subtle"
              onClick={() => {
                setFrom('');
                setTo('');
              }}
            >
              {t('lists.payments.clearDates')}
            </Button>
          ) : null}
        </Group>
      </FilterPanel>
      <TotalCount shown={rows.length} total={total} />
      {rangeProblem ? null : payments.isPending ? (
        <LoadingState />
      ) : payments.isError ? (
        <ErrorState error={payments.error} />
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? t('lists.payments.noMatchTitle') : t('lists.payments.emptyTitle')}>
          {filtered ? t('lists.payments.noMatch') : t('lists.payments.empty')}
        </EmptyState>
      ) : phone ? (
        <Stack gap="xs">
          {rows.map((payment) => (
            <Card key={payment.id} withBorder padding="sm" data-testid="payment-card">
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/invoices/${payment.invoice_id}`} fw={600}>
                    {payment.invoice_number ?? t('lists.payments.invoice')}
                  </Anchor>
                  <Text size="sm" truncate>
                    {payment.customer_name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDate(payment.date)} · {methodLabel(payment.method)}
                  </Text>
                </Stack>
                <Stack gap={4} align="flex-end">
                  <Text fw={600} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {amountOf(payment)}
                  </Text>
                  {session.can('accountant') ? <RefundButton payment={payment} /> : null}
                </Stack>
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover aria-label={t('lists.payments.title')}>
            <Table.Thead>
              <Table.Tr>
                <SortHeader field="date" label={t('lists.payments.columns.date')} sort={sort} />
                <Table.Th>{t('lists.payments.columns.invoice')}</Table.Th>
                <SortHeader field="customer_name" label={t('lists.payments.columns.customer')} sort={sort} />
                <SortHeader field="method" label={t('lists.payments.columns.method')} sort={sort} />
                <Table.Th>{t('lists.payments.columns.reference')}</Table.Th>
                <SortHeader field="amount" label={t('lists.payments.columns.amount')} sort={sort} numeric />
                <Table.Th ta="right">{t('lists.payments.columns.refunded')}</Table.Th>
                <Table.Th>{t('lists.payments.columns.receipt')}</Table.Th>
                {session.can('accountant') ? (
                  <Table.Th>
                    <VisuallyHidden>{t('lists.payments.columns.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((payment) => (
                <Table.Tr key={payment.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(payment.date)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/invoices/${payment.invoice_id}`}>
                      {payment.invoice_number ?? t('lists.payments.invoice')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${payment.customer_id}`}>
                      {payment.customer_name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{methodLabel(payment.method)}</Table.Td>
                  <Table.Td>{payment.reference ?? '—'}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {amountOf(payment)}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {/[1-9]/.test(payment.refunded_amount) ? formatMoney(payment.refunded_amount, payment.currency) : '—'}
                  </Table.Td>
                  <Table.Td>
                    {payment.method === 'customer_credit' ? null : (
                      <Anchor href={`/api/v1/payments/${payment.id}/receipt?download=1`} size="sm" aria-label={t('lists.payments.receiptLabel', { date: formatDate(payment.date) })}>
                        {t('lists.payments.receipt')}
                      </Anchor>
                    )}
                  </Table.Td>
                  {session.can('accountant') ? (
                    <Table.Td>
                      <RefundButton payment={payment} />
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore hasNextPage={payments.hasNextPage} isFetchingNextPage={payments.isFetchingNextPage} fetchNextPage={payments.fetchNextPage} />
    </Stack>
  );
}
