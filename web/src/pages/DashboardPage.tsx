/**
 * The dashboard: what is owed (outstanding, overdue) and what was collected this month, per
 * currency, with the latest invoices and payments. A new organization gets its first steps.
 */
import { Suspense, lazy } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Card, Grid, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, query, type Page } from '../api/client.ts';
import { useSession } from '../auth/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { formatDate, formatMoney } from '../components/format.ts';
import { StatusBadge } from '../components/StatusBadge.tsx';
import type { SummaryOut } from '../../../src/modules/reports/reports.schemas.ts';
import type { InvoiceSummaryOut } from '../../../src/modules/invoices/invoices.schemas.ts';
import type { PaymentOut } from '../../../src/modules/payments/payments.schemas.ts';
import { Explained, ReportTable, type Column } from './reports/common.tsx';
import { OnboardingChecklist } from './dashboard/OnboardingChecklist.tsx';
import { collectedThisMonth } from './dashboard/range.ts';

/** The collected chart (and its chart library) loads only for those who see it. */
const RevenueCard = lazy(() => import('./reports/RevenueCard.tsx'));

function FigureCard({ label, amounts, hint, explanation }: { label: string; amounts: { currency: string; amount: string; note?: string }[]; hint: string; explanation: string }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={label}>
      <Explained label={label} explanation={explanation} size="sm" c="dimmed" fw={600} tt="uppercase" />
      <Stack gap={4} mt="xs">
        {amounts.length === 0 ? (
          <Text size="xl" fw={700}>
            —
          </Text>
        ) : (
          amounts.map((a) => (
            <Group key={a.currency} justify="space-between" wrap="wrap" gap="xs">
              <Text size="xl" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatMoney(a.amount, a.currency)}
              </Text>
              {a.note ? (
                <Text size="sm" c="dimmed">
                  {a.note}
                </Text>
              ) : null}
            </Group>
          ))
        )}
      </Stack>
      <Text size="xs" c="dimmed" mt="sm">
        {hint}
      </Text>
    </Card>
  );
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const session = useSession();
  // "This month" ends today: a payment dated later (a post-dated cheque) has not been collected yet.
  const { from, to } = collectedThisMonth();
  const summary = useQuery({ queryKey: ['reports', 'summary', from, to], queryFn: () => get<SummaryOut>(`/reports/summary${query({ from, to })}`) });
  const invoices = useQuery({ queryKey: ['invoices', 'recent'], queryFn: () => get<Page<InvoiceSummaryOut>>('/invoices?limit=5') });
  const payments = useQuery({ queryKey: ['payments', 'recent'], queryFn: () => get<Page<PaymentOut>>('/payments?limit=5') });

  if (summary.isPending || invoices.isPending || payments.isPending) return <LoadingState label={t('common.states.loading')} />;
  if (summary.isError) return <ErrorState error={summary.error} />;
  if (invoices.isError) return <ErrorState error={invoices.error} />;
  if (payments.isError) return <ErrorState error={payments.error} />;

  const currencies = summary.data.currencies;
  if (currencies.length === 0 && invoices.data.data.length === 0) {
    return (
      <Stack gap="lg">
        <Title order={2}>{t('dashboard.title')}</Title>
        <OnboardingChecklist invoiceCount={0} />
        <EmptyState
          title={t('dashboard.empty.title')}
          action={
            session.can('sales') ? (
              <Button component={Link} to="/invoices/new">
                {t('dashboard.empty.createFirst')}
              </Button>
            ) : null
          }
        >
          {session.can('sales') ? t('dashboard.empty.salesHint') : t('dashboard.empty.viewerHint')}
        </EmptyState>
      </Stack>
    );
  }

  const outstanding = currencies.filter((c) => !isZero(c.outstanding));
  const overdue = currencies.filter((c) => c.overdue_count > 0);
  const collected = currencies.filter((c) => !isZero(c.collected));

  const invoiceColumns: Column<InvoiceSummaryOut>[] = [
    {
      key: 'number',
      header: t('dashboard.recentInvoices.invoice'),
      cell: (invoice) => (
        <Anchor component={Link} to={`/invoices/${invoice.id}`} style={{ whiteSpace: 'nowrap' }}>
          {invoice.number ?? t('dashboard.recentInvoices.draft')}
        </Anchor>
      ),
    },
    { key: 'customer', header: t('dashboard.recentInvoices.customer'), cell: (invoice) => invoice.customer.name },
    { key: 'status', header: t('dashboard.recentInvoices.status'), cell: (invoice) => <StatusBadge status={invoice.status} overdue={invoice.overdue} /> },
    { key: 'total', header: t('dashboard.recentInvoices.total'), numeric: true, cell: (invoice) => formatMoney(invoice.total, invoice.currency) },
  ];
  const paymentColumns: Column<PaymentOut>[] = [
    { key: 'date', header: t('dashboard.recentPayments.date'), cell: (payment) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(payment.date)}</span> },
    {
      key: 'invoice',
      header: t('dashboard.recentPayments.invoice'),
      cell: (payment) => (
        <Anchor component={Link} to={`/invoices/${payment.invoice_id}`}>
          {payment.invoice_number ?? t('dashboard.recentPayments.invoiceFallback')}
        </Anchor>
      ),
    },
    { key: 'amount', header: t('dashboard.recentPayments.amount'), numeric: true, cell: (payment) => formatMoney(payment.amount, payment.currency) },
  ];

  return (
    <Stack gap="lg" style={{ minWidth: 0 }}>
      <Group justify="space-between">
        <Title order={2}>{t('dashboard.title')}</Title>
        {session.can('sales') ? (
          <Button component={Link} to="/invoices/new">
            {t('dashboard.newInvoice')}
          </Button>
        ) : null}
      </Group>
      <OnboardingChecklist invoiceCount={invoices.data.data.length} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <FigureCard
          label={t('dashboard.figures.outstanding')}
          hint={t('dashboard.figures.outstandingHint')}
          explanation={t('reports.explain.outstanding')}
          amounts={outstanding.map((c) => ({ currency: c.currency, amount: c.outstanding }))}
        />
        <FigureCard
          label={t('dashboard.figures.overdue')}
          hint={t('dashboard.figures.overdueHint')}
          explanation={t('reports.explain.overdue')}
          amounts={overdue.map((c) => ({ currency: c.currency, amount: c.overdue, note: t('dashboard.figures.invoiceCount', { count: c.overdue_count }) }))}
        />
        <FigureCard
          label={t('dashboard.figures.collectedThisMonth')}
          hint={t('dashboard.figures.collectedHint', { from: formatDate(from), to: formatDate(to) })}
          explanation={t('reports.explain.collected')}
          amounts={collected.map((c) => ({ currency: c.currency, amount: c.collected }))}
        />
      </SimpleGrid>
      {session.can('accountant') ? (
        <Suspense fallback={<LoadingState label={t('dashboard.collected12.loading')} />}>
          <RevenueCard />
        </Suspense>
      ) : null}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card withBorder padding="md" component="section" aria-labelledby="recent-invoices" h="100%">
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h4" id="recent-invoices">
                {t('dashboard.recentInvoices.title')}
              </Title>
              <Anchor component={Link} to="/invoices" size="sm">
                {t('dashboard.recentInvoices.all')}
              </Anchor>
            </Group>
            {invoices.data.data.length === 0 ? (
              <Text c="dimmed">{t('dashboard.recentInvoices.none')}</Text>
            ) : (
              <ReportTable columns={invoiceColumns} rows={invoices.data.data} rowKey={(invoice) => invoice.id} minWidth={480} caption={t('dashboard.recentInvoices.title')} />
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card withBorder padding="md" component="section" aria-labelledby="recent-payments" h="100%">
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h4" id="recent-payments">
                {t('dashboard.recentPayments.title')}
              </Title>
              <Anchor component={Link} to="/payments" size="sm">
                {t('dashboard.recentPayments.all')}
              </Anchor>
            </Group>
            {payments.data.data.length === 0 ? (
              <Text c="dimmed">{t('dashboard.recentPayments.none')}</Text>
            ) : (
              <ReportTable columns={paymentColumns} rows={payments.data.data} rowKey={(payment) => payment.id} minWidth={360} caption={t('dashboard.recentPayments.title')} />
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** Whether a decimal amount string is zero ("0.00", "0"). */
function isZero(amount: string): boolean {
  return !/[1-9]/.test(amount);
}
