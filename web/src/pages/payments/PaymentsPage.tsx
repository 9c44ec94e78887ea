/**
 * Payment history: every payment received, newest first, with its invoice and customer,
 * filtered by date; accountants can refund from here.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Button, Group, Modal, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post, query, type Page } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDate, formatMoney } from '../../components/format.ts';
import type { PaymentOut } from '../../../../src/modules/payments/payments.schemas.ts';
import { methodLabel } from './labels.ts';

const PAGE_SIZE = 50;

/** Customer names for the ids on screen (each fetched once and cached). */
function useCustomerNames(ids: string[]): Map<string, string> {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({ queryKey: ['customers', id], queryFn: () => get<Customer>(`/customers/${id}`), staleTime: 60_000 })),
  });
  const names = new Map<string, string>();
  unique.forEach((id, i) => {
    const name = results[i]?.data?.name;
    if (name !== undefined) names.set(id, name);
  });
  return names;
}

function RefundButton({ payment }: { payment: PaymentOut }) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const form = useForm({ initialValues: { amount: '', reason: '' }, validate: { reason: (v) => (v.trim() ? null : 'Enter a reason') } });
  const refund = useMutation({
    mutationFn: (values: typeof form.values) =>
      post<PaymentOut>(`/payments/${payment.id}/refund`, { reason: values.reason, ...(values.amount.trim() ? { amount: values.amount.trim() } : {}) }),
    onSuccess: async () => {
      setOpened(false);
      form.reset();
      notifications.show({ message: 'Refund recorded', color: 'green' });
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
      <Button size="xs" variant="light" color="red" onClick={() => setOpened(true)} aria-label={`Refund payment of ${formatMoney(payment.amount, payment.currency)} on ${formatDate(payment.date)}`}>
        Refund
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Refund payment" centered>
        <form onSubmit={form.onSubmit((values) => refund.mutate(values))}>
          <Stack>
          <Text size="sm">
            Received {formatMoney(payment.amount, payment.currency)}, refunded so far {formatMoney(payment.refunded_amount, payment.currency)}.
          </Text>
          <TextInput label="Amount" description="Leave empty to refund everything that is left" inputMode="decimal" {...form.getInputProps('amount')} />
          <TextInput label="Reason" required {...form.getInputProps('reason')} />
          {refund.isError && !(refund.error instanceof ApiError && refund.error.fieldErrors.length > 0) ? (
            <Alert color="red" role="alert">
              {refund.error.message}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={refund.isPending}>
              Refund
            </Button>
          </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

export default function PaymentsPage() {
  const session = useSession();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const rangeProblem = from && to && from > to ? 'Must not be before the start date' : null;
  const payments = useInfiniteQuery({
    queryKey: ['payments', 'list', from, to],
    queryFn: ({ pageParam }) => get<Page<PaymentOut>>(`/payments${query({ limit: PAGE_SIZE, from, to, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    enabled: rangeProblem === null,
  });
  const rows = payments.data?.pages.flatMap((p) => p.data) ?? [];
  const names = useCustomerNames(rows.map((p) => p.customer_id));
  const filtered = Boolean(from || to);

  return (
    <Stack gap="md">
      <Title order={2}>Payments</Title>
      <Group align="flex-end" gap="sm">
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={170} />
        <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={rangeProblem} w={170} />
        {filtered ? (
          <Button
            variant="subtle"
            onClick={() => {
              setFrom('');
              setTo('');
            }}
          >
            Clear dates
          </Button>
        ) : null}
      </Group>
      {rangeProblem ? null : payments.isPending ? (
        <LoadingState />
      ) : payments.isError ? (
        <ErrorState error={payments.error} />
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? 'No payments in these dates' : 'No payments yet'}>
          {filtered ? 'Try other dates.' : 'Payments recorded on invoices show here.'}
        </EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Date</Table.Th>
                  <Table.Th>Invoice</Table.Th>
                  <Table.Th>Customer</Table.Th>
                  <Table.Th>Method</Table.Th>
                  <Table.Th>Reference</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                  <Table.Th ta="right">Refunded</Table.Th>
                  <Table.Th>Receipt</Table.Th>
                  {session.can('accountant') ? (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
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
                        {payment.invoice_number ?? 'Invoice'}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/customers/${payment.customer_id}`}>
                        {names.get(payment.customer_id) ?? '…'}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{methodLabel(payment.method)}</Table.Td>
                    <Table.Td>{payment.reference ?? '—'}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                      {formatMoney(payment.amount, payment.currency)}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                      {/[1-9]/.test(payment.refunded_amount) ? formatMoney(payment.refunded_amount, payment.currency) : '—'}
                    </Table.Td>
                    <Table.Td>
                      {payment.method === 'customer_credit' ? null : (
                        <Anchor href={`/api/v1/payments/${payment.id}/receipt?download=1`} size="sm" aria-label={`Download the receipt of the payment of ${formatDate(payment.date)}`}>
                          Receipt
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
          {payments.hasNextPage ? (
            <Group justify="center">
              <Button variant="default" loading={payments.isFetchingNextPage} onClick={() => void payments.fetchNextPage()}>
                Load more
              </Button>
            </Group>
          ) : null}
        </>
      )}
    </Stack>
  );
}
