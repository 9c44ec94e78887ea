/**
 * "Receive payment": one sum from the customer spread over their open invoices
 * (POST /payments with customer_id and allocations). The table is filled oldest due first
 * (the same domain function as the server) and stays editable; what no invoice takes is
 * shown as the customer credit it becomes. Amounts are strings parsed into minor units
 * (bigint) by the domain's money module: never floats.
 */
import { useMemo, useState } from 'react';
import { Alert, Box, Button, Group, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { DecimalInput } from '../../components/inputs/DecimalInput.tsx';
import { DateField } from '../../components/inputs/DateField.tsx';
import { userLocale } from '../../i18n/locale.ts';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError, get, post, type Page } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';
import type { InvoiceSummaryOut } from '../../../../src/modules/invoices/invoices.schemas.ts';
import type { CustomerPaymentOut } from '../../../../src/modules/payments/payments.schemas.ts';
import { allocateOldestFirst, compareOldestDue } from '../../../../src/domain/allocation.ts';
import { currencyExponent, formatAmount, isCurrencyCode, parseAmount } from '../../../../src/domain/money/index.ts';
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
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 40em)');
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="light" onClick={() => setOpened(true)}>
        {t('customers.receive.button')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('customers.receive.title', { name: customer.name })} size="xl" centered fullScreen={phone === true}>
        {opened ? <ReceivePaymentForm customer={customer} defaultCurrency={defaultCurrency} onDone={() => setOpened(false)} /> : null}
      </Modal>
    </>
  );
}

function ReceivePaymentForm({ customer, defaultCurrency, onDone }: { customer: Customer; defaultCurrency: string; onDone: () => void }) {
  const { t } = useTranslation();
  const locale = userLocale();
  /** Phones get the open invoices as a list (one set of inputs in the page, not two). */
  const narrow = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
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
      const recorded = { amount: formatMoney(result.amount, result.currency, locale), count: result.allocations.length };
      notifications.show({
        color: 'green',
        message: minorOf(result.unapplied_amount, result.currency)
          ? t('customers.receive.recordedWithCredit', { ...recorded, credit: formatMoney(result.unapplied_amount, result.currency, locale) })
          : t('customers.receive.recorded', recorded),
      });
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) setErrors(error.byField());
    },
  });

  if (open.isPending) return <LoadingState label={t('customers.receive.loading')} />;
  if (open.isError) return <ErrorState error={open.error} title={t('customers.receive.loadError')} />;
  const methods = PAYMENT_METHODS.map((m) => ({ value: m.value, label: t(`customers.receive.methods.${m.value}`) }));
  const applyInput = (invoice: InvoiceSummaryOut, minor: bigint | null, over: boolean, serverError: string | undefined) => (
    <DecimalInput
      aria-label={t('customers.receive.applyTo', { number: invoice.number ?? invoice.id })}
      size="xs"
      w={130}
      ml="auto"
      styles={{ input: { textAlign: 'right' } }}
      minimumFractionDigits={2}
      value={allocation[invoice.id] ?? ''}
      placeholder="0"
      onChange={(value) => setEdited({ ...allocation, [invoice.id]: value })}
      error={minor === null ? t('customers.receive.notAnAmountShort') : over ? t('customers.receive.moreThanDue') : serverError}
    />
  );

  const fieldError = (path: string) => errors[path];
  const digits = isCurrencyCode(currency) ? currencyExponent(currency) : 2;
  const money = (minor: bigint) => formatMoney(formatAmount(minor, currency), currency, locale);
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
        <SimpleGrid cols={{ base: 1, xs: currencies.length > 1 ? 3 : 2 }} spacing="sm">
          <DecimalInput
            label={t('customers.receive.amount', { currency })}
            data-autofocus
            minimumFractionDigits={digits}
            value={amount}
            onChange={(value) => {
              setAmount(value);
              setEdited(null);
            }}
            error={fieldError('amount') ?? (amountMinor === null ? t('customers.receive.notAnAmount', { currency }) : undefined)}
          />
          {currencies.length > 1 ? (
            <Select
              label={t('customers.receive.currency')}
              data={currencies}
              value={currency}
              allowDeselect={false}
              onChange={(value) => {
                if (value) setCurrency(value);
                setEdited(null);
              }}
              error={fieldError('currency')}
            />
          ) : null}
          <DateField label={t('customers.receive.date')} value={date} onChange={setDate} error={fieldError('date')} clearable={false} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select label={t('customers.receive.method')} data={methods} value={method} allowDeselect={false} onChange={(v) => v && setMethod(v)} />
          <TextInput label={t('customers.receive.reference')} placeholder={t('customers.receive.referencePlaceholder')} value={reference} onChange={(e) => setReference(e.currentTarget.value)} />
        </SimpleGrid>

        {invoices.length === 0 ? (
          <Alert color="yellow">{t('customers.receive.noOpen', { currency })}</Alert>
        ) : (
          <>
            {narrow ? null : (
            <Table aria-label={t('customers.receive.openInvoices')} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customers.receive.invoice')}</Table.Th>
                  <Table.Th>{t('customers.receive.due')}</Table.Th>
                  <Table.Th ta="right">{t('customers.receive.amountDue')}</Table.Th>
                  <Table.Th ta="right">{t('customers.receive.apply')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {parts.map(({ invoice, minor }, n) => {
                  const over = minor !== null && minor > parseAmount(invoice.amount_due, currency);
                  const serverError = fieldError(`allocations.${n}.amount`) ?? fieldError(`allocations.${n}.invoice_id`);
                  return (
                    <Table.Tr key={invoice.id}>
                      <Table.Td>{invoice.number}</Table.Td>
                      <Table.Td style={num.style}>{formatDate(invoice.due_date, locale)}</Table.Td>
                      <Table.Td {...num}>{formatMoney(invoice.amount_due, currency, locale)}</Table.Td>
                      <Table.Td ta="right">{applyInput(invoice, minor, over, serverError)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            )}
            {narrow ? (
            <Box role="list" aria-label={t('customers.receive.openInvoices')}>
              {parts.map(({ invoice, minor }, n) => {
                const over = minor !== null && minor > parseAmount(invoice.amount_due, currency);
                const serverError = fieldError(`allocations.${n}.amount`) ?? fieldError(`allocations.${n}.invoice_id`);
                return (
                  <Group key={invoice.id} role="listitem" justify="space-between" wrap="nowrap" align="flex-start" py={6} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" fw={600}>
                        {invoice.number}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('customers.receive.dueLine', { date: formatDate(invoice.due_date, locale), amount: formatMoney(invoice.amount_due, currency, locale) })}
                      </Text>
                    </div>
                    {applyInput(invoice, minor, over, serverError)}
                  </Group>
                );
              })}
            </Box>
            ) : null}
          </>
        )}
        <Group justify="space-between" wrap="wrap">
          <Text size="sm">
            {t('customers.receive.applied')} <b>{money(allocated)}</b>
          </Text>
          <Text size="sm" c={credit !== null && credit < 0n ? 'red' : undefined} data-testid="remaining-credit">
            {credit !== null && credit < 0n ? t('customers.receive.overAllocated', { amount: money(-credit) }) : t('customers.receive.becomesCredit', { amount: money(credit ?? 0n) })}
          </Text>
        </Group>
        {edited !== null ? (
          <Button variant="subtle" size="xs" onClick={() => setEdited(null)} style={{ alignSelf: 'flex-start' }}>
            {t('customers.receive.refill')}
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
          {t('customers.receive.submit')}
        </FormActions>
      </Stack>
    </form>
  );
}
