/** An invoice's payments and credit notes. */
import { Anchor, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { formatDate, formatMoney } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { DownloadMenu } from './DownloadMenu.tsx';
import { PAYMENT_METHODS, useInvoiceCreditNotes, useInvoicePayments, type Invoice } from './invoiceApi.ts';

const methodLabel = (method: string) => PAYMENT_METHODS.find((m) => m.value === method)?.label ?? method.replace('_', ' ');
const num = { ta: 'right' as const, style: { whiteSpace: 'nowrap' as const, fontVariantNumeric: 'tabular-nums' } };

export function PaymentHistory({ invoice }: { invoice: Invoice }) {
  const payments = useInvoicePayments(invoice.id);
  return (
    <Stack gap="xs">
      <Title order={3}>Payments</Title>
      {payments.isPending ? <LoadingState label="Loading payments" /> : null}
      {payments.isError ? <ErrorState error={payments.error} /> : null}
      {payments.data?.data.length === 0 ? <Text c="dimmed" size="sm">No payments yet.</Text> : null}
      {payments.data && payments.data.data.length > 0 ? (
        <ScrollArea type="auto">
          <Table aria-label="Payments" miw={520} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Method</Table.Th>
                <Table.Th>Reference</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
                <Table.Th ta="right">Refunded</Table.Th>
                <Table.Th>Receipt</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {payments.data.data.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{formatDate(p.date)}</Table.Td>
                  <Table.Td>{methodLabel(p.method)}</Table.Td>
                  <Table.Td>{p.reference ?? '—'}</Table.Td>
                  <Table.Td {...num}>{formatMoney(p.amount, p.currency)}</Table.Td>
                  <Table.Td {...num}>{formatMoney(p.refunded_amount, p.currency)}</Table.Td>
                  <Table.Td>
                    {p.method === 'customer_credit' ? null : (
                      <Anchor href={`/api/v1/payments/${p.id}/receipt?download=1`} size="sm" aria-label={`Download the receipt of the payment of ${formatDate(p.date)}`}>
                        Receipt
                      </Anchor>
                    )}
                  </Table.Td>
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
  const notes = useInvoiceCreditNotes(invoice.id);
  return (
    <Stack gap="xs">
      <Title order={3}>Credit notes</Title>
      {notes.isPending ? <LoadingState label="Loading credit notes" /> : null}
      {notes.isError ? <ErrorState error={notes.error} /> : null}
      {notes.data?.data.length === 0 ? <Text c="dimmed" size="sm">No credit notes.</Text> : null}
      {notes.data && notes.data.data.length > 0 ? (
        <ScrollArea type="auto">
          <Table aria-label="Credit notes" miw={620} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Number</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
                <Table.Th ta="right">To customer credit</Table.Th>
                <Table.Th>Files</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {notes.data.data.map((n) => (
                <Table.Tr key={n.id}>
                  <Table.Td>
                    <Anchor href={`/api/v1/credit-notes/${n.id}/pdf`} target="_blank" rel="noopener" title="Open the credit note as PDF">
                      {n.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDate(n.issue_date)}</Table.Td>
                  <Table.Td>{n.reason}</Table.Td>
                  <Table.Td {...num}>{formatMoney(n.total, n.currency)}</Table.Td>
                  <Table.Td {...num}>{formatMoney(n.credit_amount, n.currency)}</Table.Td>
                  <Table.Td>
                    <DownloadMenu kind="credit-notes" id={n.id} name={`credit note ${n.number}`} size="compact-xs" variant="subtle" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      ) : null}
    </Stack>
  );
}
