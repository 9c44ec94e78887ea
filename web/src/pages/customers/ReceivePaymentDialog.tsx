/**
 * "Receive payment": one sum from the customer spread over their open invoices
 * (POST /payments with customer_id and allocations). The table is filled oldest due first
 * (the same domain function as the server) and stays editable; what no invoice takes is
 * shown as the customer credit it becomes. Amounts are strings parsed into minor units
 * (bigint) by the domain's money module: never floats.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, ScrollArea, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError, get, post, type Page } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';
import type { InvoiceSummaryOut } from '../../../../src/modules/invoices/invoices.schemas.ts';
import type { CustomerPaymentOut } from '../../../../src/modules/payments/payments.schemas.ts';
import { allocateOldestFirst, compareOldestDue } from '../../../../src/domain/allocation.ts';
import { formatAmount, parseAmount } from '../../../../src/domain/money/index.ts';
import { formatDate, formatMoney } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { PAYMENT_METHODS, today, useRefreshBilling } from '../invoices/invoiceApi.ts';

const num = { ta: 'right' as const, style: { whiteSpace: 'nowrap' as const, fontVariantNumeric: 'tabular-nums' } };

/** Minor units of a typed amount, or null while it is not a valid amount in the currency. */
function minorOf(value: string, currency: string): bigint | null {
  if (value.trim() === '') return 0n;
  try {
    const minor = parseAmount(value.trim(), currency);
    return minor < 0n ? null : minor;
  } catch {
    return null;
  }
}

export function ReceivePaymentButton({ customer, defaultCurrency }: { customer: Customer; defaultCurrency: string }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="light" onClick={() => setOpened(true)}>
        Receive payment
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Receive payment from ${customer.name}`} size="xl" centered>
        {opened ? <ReceivePaymentForm customer={customer} defaultCurrency={defaultCurrency} onDone={() => setOpened(false)} /> : null}
      </Modal>
    </>
  );
}

function ReceivePaymentForm({ customer, defaultCurrency, onDone }: { customer: Customer; defaultCurrency: string; onDone: () => void }) {
  const refresh = useRefreshBilling();
  const open = useQuery({
    queryKey: ['invoices', 'open-of', customer.id],
    queryFn: () => get<Page<InvoiceSummaryOut>>(`/invoices?customer_id=${encodeURIComponent(customer.id)}&status=open,partially_paid&limit=100`),
  });
  const currencies = useMemo(() => {
    const all = new Set<string>([customer.currency ?? defaultCurrency, ...(open.data?.data ?? []).map((i) => i.currency)]);
    return [...all].sort();
  }, [customer.currency, defaultCurrency, open.data]);

  const [currency, setCurrency] = useState(customer.currency ?? defaultCurrency);
  const [amount, setAmount] = useState('');
  const [date, setDate] = useState(today());
  const [method, setMethod] = useState('bank_transfer');
  const [reference, setReference] = useState('');
  /** What the user typed per invoice; null: follow the oldest-first fill. */
  const [edited, setEdited] = useState<Record<string, string> | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const invoices = useMemo(
    () => (open.data?.data ?? []).filter((i) => i.currency === currency && minorOf(i.amount_due, currency) !== 0n).sort(compareOldestDue),
    [open.data, currency],
  );
  const amountMinor = minorOf(amount, currency);
  const filled = useMemo(() => {
    const { applied } = allocateOldestFirst(amountMinor ?? 0n, invoices.map((i) => parseAmount(i.amount_due, currency)));
    return Object.fromEntries(invoices.map((i, n) => [i.id, applied[n] === 0n ? '' : formatAmount(applied[n]!, currency)]));
  }, [amountMinor, invoices, currency]);
  const allocation = edited ?? filled;
  const parts = invoices.map((i) => ({ invoice: i, minor: minorOf(allocation[i.id] ?? '', currency) }));
  const allocated = parts.reduce((sum, p) => sum + (p.minor ?? 0n), 0n);
  const credit = amountMinor === null ? null : amountMinor - allocated;
  const invalid = amountMinor === null || amountMinor === 0n || credit === null || credit < 0n || parts.some((p) => p.minor === null) || allocated === 0n;

  const save = useMutation({
    mutationFn: () =>
      post<CustomerPaymentOut>('/payments', {
        customer_id: customer.id,
        currency,
        amount: amount.trim(),
        date,
        method,
        reference: reference.trim() || null,
        allocations: parts.filter((p) => (p.minor ?? 0n) > 0n).map((p) => ({ invoice_id: p.invoice.id, amount: formatAmount(p.minor!, currency) })),
      }),
    onSuccess: async (result) => {
      await refresh();
      notifications.show({
        color: 'green',
        message:
          `Payment of ${formatMoney(result.amount, result.currency)} recorded on ${result.allocations.length} invoice(s)` +
          (minorOf(result.unapplied_amount, result.currency) ? `; ${formatMoney(result.unapplied_amount, result.currency)} kept as credit` : ''),
      });
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) setErrors(error.byField());
    },
  });

  if (open.isPending) return <LoadingState label="Loading open invoices" />;
  if (open.isError) return <ErrorState error={open.error} title="Could not load the open invoices" />;

  const fieldError = (path: string) => errors[path];
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setErrors({});
        if (!invalid) save.mutate();
      }}
    >
      <Stack>
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label={`Amount received (${currency})`}
            inputMode="decimal"
            data-autofocus
            value={amount}
            onChange={(e) => {
              setAmount(e.currentTarget.value);
              setEdited(null);
            }}
            error={fieldError('amount') ?? (amountMinor === null ? `Not an amount in ${currency}` : undefined)}
            miw={160}
          />
          {currencies.length > 1 ? (
            <Select
              label="Currency"
              data={currencies}
              value={currency}
              allowDeselect={false}
              onChange={(value) => {
                if (value) setCurrency(value);
                setEdited(null);
              }}
              error={fieldError('currency')}
              miw={110}
            />
          ) : null}
          <TextInput label="Payment date" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} error={fieldError('date')} miw={150} />
        </Group>
        <Group grow align="flex-start" wrap="wrap">
          <Select label="Method" data={PAYMENT_METHODS} value={method} allowDeselect={false} onChange={(v) => v && setMethod(v)} miw={150} />
          <TextInput label="Reference" placeholder="Bank reference, cheque number…" value={reference} onChange={(e) => setReference(e.currentTarget.value)} miw={180} />
        </Group>

        {invoices.length === 0 ? (
          <Alert color="yellow">This customer has no open invoice in {currency}: there is nothing to apply a payment to.</Alert>
        ) : (
          <ScrollArea type="auto">
            <Table aria-label="Open invoices" miw={560} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Invoice</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th ta="right">Amount due</Table.Th>
                  <Table.Th ta="right">Apply</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {parts.map(({ invoice, minor }, n) => {
                  const over = minor !== null && minor > parseAmount(invoice.amount_due, currency);
                  const serverError = fieldError(`allocations.${n}.amount`) ?? fieldError(`allocations.${n}.invoice_id`);
                  return (
                    <Table.Tr key={invoice.id}>
                      <Table.Td>{invoice.number}</Table.Td>
                      <Table.Td>{formatDate(invoice.due_date)}</Table.Td>
                      <Table.Td {...num}>{formatMoney(invoice.amount_due, currency)}</Table.Td>
                      <Table.Td ta="right">
                        <TextInput
                          aria-label={`Apply to ${invoice.number ?? invoice.id}`}
                          inputMode="decimal"
                          size="xs"
                          w={120}
                          ml="auto"
                          styles={{ input: { textAlign: 'right' } }}
                          value={allocation[invoice.id] ?? ''}
                          placeholder="0"
                          onChange={(e) => setEdited({ ...allocation, [invoice.id]: e.currentTarget.value })}
                          error={minor === null ? 'Not an amount' : over ? 'More than due' : serverError}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
        <Group justify="space-between" wrap="wrap">
          <Text size="sm">
            Applied to invoices: <b>{formatMoney(formatAmount(allocated, currency), currency)}</b>
          </Text>
          <Text size="sm" c={credit !== null && credit < 0n ? 'red' : undefined} data-testid="remaining-credit">
            {credit !== null && credit < 0n
              ? `Allocated ${formatMoney(formatAmount(-credit, currency), currency)} more than received`
              : `Becomes customer credit: ${formatMoney(formatAmount(credit ?? 0n, currency), currency)}`}
          </Text>
        </Group>
        {edited !== null ? (
          <Button variant="subtle" size="xs" onClick={() => setEdited(null)} style={{ alignSelf: 'flex-start' }}>
            Fill oldest due first again
          </Button>
        ) : null}
        {save.error && !(save.error instanceof ApiError && save.error.fieldErrors.length > 0) ? (
          <Text c="red" size="sm" role="alert">
            {save.error.message}
          </Text>
        ) : null}
        {errors.allocations || errors.customer_id ? (
          <Text c="red" size="sm" role="alert">
            {errors.allocations ?? errors.customer_id}
          </Text>
        ) : null}
        <FormActions onCancel={onDone} submitting={save.isPending}>
          Record payment
        </FormActions>
      </Stack>
    </form>
  );
}
