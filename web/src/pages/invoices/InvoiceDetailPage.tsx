/** One invoice: its document, figures, history and the actions its status allows. */
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Box, Grid, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { formatDate, formatMoney } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { InvoiceActions } from './InvoiceActions.tsx';
import { InvoiceSentNote } from './InvoiceSentNote.tsx';
import { CustomerLink } from './CustomerLink.tsx';
import { InvoiceDocumentBar } from './DocumentPdfLinks.tsx';
import { CreditNoteHistory, PaymentHistory } from './InvoiceHistory.tsx';
import { isZero, useInvoice, type Invoice } from './invoiceApi.ts';

export default function InvoiceDetailPage() {
  const { id } = useParams();
  const invoice = useInvoice(id);
  if (invoice.isPending) return <LoadingState />;
  if (invoice.isError) return <ErrorState error={invoice.error} />;
  const inv = invoice.data;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/invoices" size="sm">
        ← Invoices
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Group gap="sm">
          <Title order={2}>{inv.number ?? 'Draft'}</Title>
          <StatusBadge status={inv.status} overdue={inv.overdue} />
        </Group>
        <InvoiceActions invoice={inv} />
      </Group>
      <InvoiceSentNote invoice={inv} />
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          <Fact label="Customer">
            <Anchor component={Link} to={`/customers/${inv.customer_id}`}>
              {inv.customer.name}
            </Anchor>
          </Fact>
          <Fact label="Issue date">{inv.issue_date ? formatDate(inv.issue_date) : 'On finalizing'}</Fact>
          <Fact label="Due date">{inv.due_date ? formatDate(inv.due_date) : 'Per payment terms'}</Fact>
          <Fact label="Currency">{inv.currency}</Fact>
        </SimpleGrid>
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <InvoiceDocumentBar invoice={inv} />
            {/* The server renders the document; key remounts the frame when the invoice changes. */}
            <Box
              component="iframe"
              key={`${inv.status}|${inv.updated_at}|${inv.amount_paid}|${inv.amount_credited}`}
              title="Invoice document"
              src={`/api/v1/invoices/${inv.id}/preview`}
              w="100%"
              h={{ base: 520, sm: 760 }}
              style={{ border: 0, display: 'block', background: 'white' }}
            />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <Amounts invoice={inv} />
            <CustomerLink invoice={inv} />
          </Stack>
        </Grid.Col>
      </Grid>
      {inv.status === 'draft' ? null : (
        <>
          <PaymentHistory invoice={inv} />
          <CreditNoteHistory invoice={inv} />
        </>
      )}
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function Amounts({ invoice }: { invoice: Invoice }) {
  const money = (amount: string) => formatMoney(amount, invoice.currency);
  const rows: [string, string, boolean?][] = [['Subtotal', money(invoice.subtotal)]];
  if (!isZero(invoice.allowance_total)) rows.push(['Allowances', `−${money(invoice.allowance_total)}`]);
  if (!isZero(invoice.charge_total)) rows.push(['Charges', money(invoice.charge_total)]);
  for (const tax of invoice.taxes) rows.push([`${tax.name ?? `Tax ${tax.category}`} (${tax.percentage}%)`, money(tax.tax_amount)]);
  rows.push(['Total', money(invoice.total), true]);
  if (invoice.status !== 'draft') {
    rows.push(['Amount paid', money(invoice.amount_paid)], ['Amount credited', money(invoice.amount_credited)], ['Amount due', money(invoice.amount_due), true]);
  }
  return (
    <Paper withBorder p="sm">
      <Table aria-label="Invoice amounts" verticalSpacing={6}>
        <Table.Tbody>
          {rows.map(([label, amount, strong]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row" fw={strong ? 700 : 400}>
                {label}
              </Table.Th>
              <Table.Td ta="right" fw={strong ? 700 : 400} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                {amount}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
