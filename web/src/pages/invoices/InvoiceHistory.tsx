/** An invoice's payments and credit notes. */
import type { ReactNode } from 'react';
import { Anchor, Group, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { DownloadMenu } from './DownloadMenu.tsx';
import { paymentMethodLabel, useInvoiceCreditNotes, useInvoicePayments, type CreditNote, type Invoice, type Payment } from './invoiceApi.ts';

const num = { ta: 'right' as const, style: { whiteSpace: 'nowrap' as const, fontVariantNumeric: 'tabular-nums' } };

/** Phones get one card per row instead of a table that would need sideways scrolling. */
const useWide = () => useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });

/** A row as a small card on a phone: the heading line, then label/value pairs. */
function RowCard({ heading, amount, facts, children }: { heading: ReactNode; amount: string; facts: [string, ReactNode][]; children?: ReactNode }) {
  return (
    <Paper withBorder p="sm" component="li">
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
          {heading}
        </Text>
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          {amount}
        </Text>
      </Group>
      {facts.map(([label, value]) => (
        <Text key={label} size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {label}: {value}
        </Text>
      ))}
      {children === undefined ? null : (
        <Group gap="xs" mt={4}>
          {children}
        </Group>
      )}
    </Paper>
  );
}

export function PaymentHistory({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const wide = useWide();
  const payments = useInvoicePayments(invoice.id);
  const receipt = (p: Payment) =>
    p.method === 'customer_credit' ? null : (
      <Anchor href={`/api/v1/payments/${p.id}/receipt?download=1`} size="sm" aria-label={t('invoice.history.receiptOf', { date: formatDate(p.date) })}>
        {t('invoice.history.receipt')}
      </Anchor>
    );
  return (
    <Stack gap="xs">
      <Title order={3}>{t('invoice.history.payments')}</Title>
      {payments.isPending ? <LoadingState label={t('invoice.history.loadingPayments')} /> : null}
      {payments.isError ? <ErrorState error={payments.error} /> : null}
      {payments.data?.data.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('invoice.history.noPayments')}
        </Text>
      ) : null}
      {payments.data && payments.data.data.length > 0 && !wide ? (
        <Stack component="ul" gap="xs" m={0} p={0} aria-label={t('invoice.history.payments')} style={{ listStyle: 'none' }}>
          {payments.data.data.map((p) => (
            <RowCard
              key={p.id}
              heading={`${formatDate(p.date)} · ${paymentMethodLabel(p.method)}`}
              amount={formatMoney(p.amount, p.currency)}
              facts={[
                [t('invoice.history.reference'), p.reference ?? '—'],
                [t('invoice.history.refunded'), formatMoney(p.refunded_amount, p.currency)],
              ]}
            >
              {receipt(p) ?? undefined}
            </RowCard>
          ))}
        </Stack>
      ) : null}
      {payments.data && payments.data.data.length > 0 && wide ? (
        <ScrollArea type="auto">
          <Table aria-label={t('invoice.history.payments')} miw={520} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('invoice.history.date')}</Table.Th>
                <Table.Th>{t('invoice.history.method')}</Table.Th>
                <Table.Th>{t('invoice.history.reference')}</Table.Th>
                <Table.Th ta="right">{t('invoice.history.amount')}</Table.Th>
                <Table.Th ta="right">{t('invoice.history.refunded')}</Table.Th>
                <Table.Th>{t('invoice.history.receipt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {payments.data.data.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{formatDate(p.date)}</Table.Td>
                  <Table.Td>{paymentMethodLabel(p.method)}</Table.Td>
                  <Table.Td>{p.reference ?? '—'}</Table.Td>
                  <Table.Td {...num}>{formatMoney(p.amount, p.currency)}</Table.Td>
                  <Table.Td {...num}>{formatMoney(p.refunded_amount, p.currency)}</Table.Td>
                  <Table.Td>{receipt(p)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      ) : null}
    </Stack>
  );
}

export function CreditNoteHistory({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const wide = useWide();
  const notes = useInvoiceCreditNotes(invoice.id);
  const numberLink = (n: CreditNote) => (
    <Anchor component={Link} to={`/credit-notes/${n.id}`} inherit>
      {n.number}
    </Anchor>
  );
  const download = (n: CreditNote) => (
    <DownloadMenu kind="credit-notes" id={n.id} name={t('invoice.history.creditNoteName', { number: n.number })} size="compact-xs" variant="subtle" />
  );
  return (
    <Stack gap="xs">
      <Title order={3}>{t('invoice.history.creditNotes')}</Title>
      {notes.isPending ? <LoadingState label={t('invoice.history.loadingCreditNotes')} /> : null}
      {notes.isError ? <ErrorState error={notes.error} /> : null}
      {notes.data?.data.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('invoice.history.noCreditNotes')}
        </Text>
      ) : null}
      {notes.data && notes.data.data.length > 0 && !wide ? (
        <Stack component="ul" gap="xs" m={0} p={0} aria-label={t('invoice.history.creditNotes')} style={{ listStyle: 'none' }}>
          {notes.data.data.map((n) => (
            <RowCard
              key={n.id}
              heading={
                <>
                  {numberLink(n)} · {formatDate(n.issue_date)}
                </>
              }
              amount={formatMoney(n.total, n.currency)}
              facts={[
                [t('invoice.history.reason'), n.reason],
                [t('invoice.history.toCustomerCredit'), formatMoney(n.credit_amount, n.currency)],
              ]}
            >
              {download(n)}
            </RowCard>
          ))}
        </Stack>
      ) : null}
      {notes.data && notes.data.data.length > 0 && wide ? (
        <ScrollArea type="auto">
          <Table aria-label={t('invoice.history.creditNotes')} miw={620} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('invoice.history.number')}</Table.Th>
                <Table.Th>{t('invoice.history.date')}</Table.Th>
                <Table.Th>{t('invoice.history.reason')}</Table.Th>
                <Table.Th ta="right">{t('invoice.history.total')}</Table.Th>
                <Table.Th ta="right">{t('invoice.history.toCustomerCredit')}</Table.Th>
                <Table.Th>{t('invoice.history.files')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {notes.data.data.map((n) => (
                <Table.Tr key={n.id}>
                  <Table.Td>{numberLink(n)}</Table.Td>
                  <Table.Td>{formatDate(n.issue_date)}</Table.Td>
                  <Table.Td>{n.reason}</Table.Td>
                  <Table.Td {...num}>{formatMoney(n.total, n.currency)}</Table.Td>
                  <Table.Td {...num}>{formatMoney(n.credit_amount, n.currency)}</Table.Td>
                  <Table.Td>{download(n)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      ) : null}
    </Stack>
  );
}
