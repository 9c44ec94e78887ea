/** One invoice: its document, figures, history and the actions its status allows. */
import { CustomFieldValues } from '../../components/CustomFields.tsx';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Box, Grid, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { InvoiceActions } from './InvoiceActions.tsx';
import { InvoiceReminders } from './InvoiceReminders.tsx';
import { InvoiceSentNote, InvoiceViewedNote } from './InvoiceSentNote.tsx';
import { CustomerLink } from './CustomerLink.tsx';
import { InvoiceDocumentBar } from './DocumentPdfLinks.tsx';
import { CreditNoteHistory, PaymentHistory } from './InvoiceHistory.tsx';
import { InvoiceTimeline } from './InvoiceTimeline.tsx';
import { EInvoiceCard } from './EInvoiceCard.tsx';
import { FinalizeRefusal, type Refusal } from './FinalizeRefusal.tsx';
import { isZero, useInvoice, type Invoice } from './invoiceApi.ts';
import { formatDecimal } from '../../i18n/numbers.ts';
import { userLocale } from '../../i18n/locale.ts';

/** "19" → "19", "7.5" → "7,5" in de-DE. */
const formatPercentage = (percentage: string) => formatDecimal(percentage, userLocale());

export default function InvoiceDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const invoice = useInvoice(id);
  // Why finalizing was refused (the e-invoice rules), shown until dismissed or finalized.
  const [refused, setRefused] = useState<{ invoiceId: string; refusal: Refusal } | null>(null);
  if (invoice.isPending) return <LoadingState />;
  if (invoice.isError) return <ErrorState error={invoice.error} />;
  const inv = invoice.data;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/invoices" size="sm">
        ← {t('invoice.detail.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Group gap="sm" wrap="wrap">
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            {inv.number ?? t('invoice.detail.draft')}
          </Title>
          <StatusBadge status={inv.status} overdue={inv.overdue} />
        </Group>
        <InvoiceActions invoice={inv} onFinalizeRefused={(refusal) => setRefused(refusal === null ? null : { invoiceId: inv.id, refusal })} />
      </Group>
      {refused !== null && refused.invoiceId === inv.id && inv.status === 'draft' ? (
        <FinalizeRefusal refusal={refused.refusal} invoice={inv} onClose={() => setRefused(null)} />
      ) : null}
      <InvoiceSentNote invoice={inv} />
      <InvoiceViewedNote invoice={inv} />
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          <Fact label={t('invoice.detail.customer')}>
            <Anchor component={Link} to={`/customers/${inv.customer_id}`}>
              {inv.customer.name}
            </Anchor>
          </Fact>
          <Fact label={t('invoice.detail.issueDate')}>{inv.issue_date ? formatDate(inv.issue_date) : t('invoice.detail.onFinalizing')}</Fact>
          <Fact label={t('invoice.detail.dueDate')}>{inv.due_date ? formatDate(inv.due_date) : t('invoice.detail.perPaymentTerms')}</Fact>
          <Fact label={t('invoice.detail.currency')}>{inv.currency}</Fact>
        </SimpleGrid>
        <CustomFieldValues resource="invoice" values={inv.custom_fields} mt="md" />
        {inv.subscription_id !== null ? (
          <Text size="sm" mt="sm">
            {t('invoice.detail.generatedBy')}{' '}
            <Anchor component={Link} to={`/recurring/${inv.subscription_id}`}>
              {t('invoice.detail.recurringInvoice')}
            </Anchor>
            {inv.period_start !== null ? ` ${t('invoice.detail.forPeriod', { start: formatDate(inv.period_start), end: formatDate(inv.period_end) })}` : ''}.
          </Text>
        ) : null}
        {inv.late_fee_for_invoice_id !== null ? (
          <Text size="sm" mt="sm">
            {t('invoice.detail.lateFeeFor')}{' '}
            <Anchor component={Link} to={`/invoices/${inv.late_fee_for_invoice_id}`}>
              {t('invoice.detail.overdueInvoice')}
            </Anchor>
            .
          </Text>
        ) : null}
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <InvoiceDocumentBar invoice={inv} />
            {/* The server renders the document; key remounts the frame when the invoice changes. */}
            <Box
              component="iframe"
              key={`${inv.status}|${inv.updated_at}|${inv.amount_paid}|${inv.amount_credited}`}
              title={t('invoice.detail.documentFrame')}
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
            {inv.status === 'draft' ? null : <EInvoiceCard invoice={inv} />}
            <CustomerLink invoice={inv} />
            {inv.status === 'draft' ? null : <InvoiceReminders invoice={inv} />}
          </Stack>
        </Grid.Col>
      </Grid>
      {inv.status === 'draft' ? null : (
        <>
          <PaymentHistory invoice={inv} />
          <CreditNoteHistory invoice={inv} />
        </>
      )}
      <InvoiceTimeline invoiceId={inv.id} />
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
  const { t } = useTranslation();
  const money = (amount: string) => formatMoney(amount, invoice.currency);
  const rows: [string, string, boolean?][] = [[t('invoice.amounts.subtotal'), money(invoice.subtotal)]];
  if (!isZero(invoice.allowance_total)) rows.push([t('invoice.amounts.allowances'), `−${money(invoice.allowance_total)}`]);
  if (!isZero(invoice.charge_total)) rows.push([t('invoice.amounts.charges'), money(invoice.charge_total)]);
  for (const tax of invoice.taxes) {
    const name = tax.name ?? t('invoice.amounts.taxCategory', { category: tax.category });
    rows.push([t('invoice.amounts.taxLine', { name, percentage: formatPercentage(tax.percentage) }), money(tax.tax_amount)]);
  }
  rows.push([t('invoice.amounts.total'), money(invoice.total), true]);
  if (invoice.status !== 'draft') {
    rows.push(
      [t('invoice.amounts.paid'), money(invoice.amount_paid)],
      [t('invoice.amounts.credited'), money(invoice.amount_credited)],
      [t('invoice.amounts.due'), money(invoice.amount_due), true],
    );
  }
  return (
    <Paper withBorder p="sm">
      <Table aria-label={t('invoice.amounts.label')} verticalSpacing={6}>
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
