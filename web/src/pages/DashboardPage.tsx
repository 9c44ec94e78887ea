/**
 * The dashboard: what is owed (outstanding, overdue) and what came in this month, per
 * currency, with the latest invoices and payments. A new organization gets a way to start.
 */
import { Suspense, lazy } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Card, Grid, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get, query, type Page } from '../api/client.ts';
import { useSession } from '../auth/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { formatDate, formatMoney } from '../components/format.ts';
import { StatusBadge } from '../components/StatusBadge.tsx';
import type { SummaryOut } from '../../../src/modules/reports/reports.schemas.ts';
import type { InvoiceSummaryOut } from '../../../src/modules/invoices/invoices.schemas.ts';
import type { PaymentOut } from '../../../src/modules/payments/payments.schemas.ts';

/** The revenue chart (and its chart library) loads only for those who see it. */
const RevenueCard = lazy(() => import('./reports/RevenueCard.tsx'));

/** Today in the browser's calendar, YYYY-MM-DD. */
function todayOf(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The first day of the month of a YYYY-MM-DD date. */
function firstOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}


function FigureCard({ label, amounts, hint }: { label: string; amounts: { currency: string; amount: string; note?: string }[]; hint: string }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={label}>
      <Text size="sm" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Stack gap={4} mt="xs">
        {amounts.length === 0 ? (
          <Text size="xl" fw={700}>
            —
          </Text>
        ) : (
          amounts.map((a) => (
            <Group key={a.currency} justify="space-between" wrap="nowrap" gap="xs">
              <Text size="xl" fw={700} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
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
  const session = useSession();
  // "This month" ends today: a payment dated later (a post-dated cheque) has not been collected yet.
  const to = todayOf();
  const from = firstOfMonth(to);
  const summary = useQuery({ queryKey: ['reports', 'summary', from, to], queryFn: () => get<SummaryOut>(`/reports/summary${query({ from, to })}`) });
  const invoices = useQuery({ queryKey: ['invoices', 'recent'], queryFn: () => get<Page<InvoiceSummaryOut>>('/invoices?limit=5') });
  const payments = useQuery({ queryKey: ['payments', 'recent'], queryFn: () => get<Page<PaymentOut>>('/payments?limit=5') });

  if (summary.isPending || invoices.isPending || payments.isPending) return <LoadingState />;
  if (summary.isError) return <ErrorState error={summary.error} />;
  if (invoices.isError) return <ErrorState error={invoices.error} />;
  if (payments.isError) return <ErrorState error={payments.error} />;

  const currencies = summary.data.currencies;
  if (currencies.length === 0 && invoices.data.data.length === 0) {
    return (
      <>
        <Title order={2}>Dashboard</Title>
        <EmptyState
          title="No invoices yet"
          action={
            session.can('sales') ? (
              <Button component={Link} to="/invoices/new">
                Create your first invoice
              </Button>
            ) : null
          }
        >
          {session.can('sales') ? 'Once you send invoices, what you are owed and what you collected shows here.' : 'Nothing has been invoiced yet.'}
        </EmptyState>
      </>
    );
  }

  const outstanding = currencies.filter((c) => !isZero(c.outstanding));
  const overdue = currencies.filter((c) => c.overdue_count > 0);
  const collected = currencies.filter((c) => !isZero(c.collected));

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2}>Dashboard</Title>
        {session.can('sales') ? (
          <Button component={Link} to="/invoices/new">
            New invoice
          </Button>
        ) : null}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <FigureCard label="Outstanding" hint="Owed on open invoices" amounts={outstanding.map((c) => ({ currency: c.currency, amount: c.outstanding }))} />
        <FigureCard
          label="Overdue"
          hint="Past the due date"
          amounts={overdue.map((c) => ({ currency: c.currency, amount: c.overdue, note: `${c.overdue_count} ${c.overdue_count === 1 ? 'invoice' : 'invoices'}` }))}
        />
        <FigureCard label="Collected this month" hint={`Payments from ${formatDate(from)} to today, less refunds`} amounts={collected.map((c) => ({ currency: c.currency, amount: c.collected }))} />
      </SimpleGrid>
      {session.can('accountant') ? (
        <Suspense fallback={<LoadingState label="Loading revenue" />}>
          <RevenueCard />
        </Suspense>
      ) : null}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
        <Card withBorder padding="md" component="section" aria-labelledby="recent-invoices" h="100%">
          <Group justify="space-between" mb="xs">
            <Title order={3} size="h4" id="recent-invoices">
              Recent invoices
            </Title>
            <Anchor component={Link} to="/invoices" size="sm">
              All invoices
            </Anchor>
          </Group>
          {invoices.data.data.length === 0 ? (
            <Text c="dimmed">No invoices yet.</Text>
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Invoice</Table.Th>
                    <Table.Th>Customer</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th ta="right">Total</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {invoices.data.data.map((invoice) => (
                    <Table.Tr key={invoice.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Anchor component={Link} to={`/invoices/${invoice.id}`}>
                          {invoice.number ?? 'Draft'}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{invoice.customer.name}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <StatusBadge status={invoice.status} overdue={invoice.overdue} />
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {formatMoney(invoice.total, invoice.currency)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
        <Card withBorder padding="md" component="section" aria-labelledby="recent-payments" h="100%">
          <Group justify="space-between" mb="xs">
            <Title order={3} size="h4" id="recent-payments">
              Recent payments
            </Title>
            <Anchor component={Link} to="/payments" size="sm">
              All payments
            </Anchor>
          </Group>
          {payments.data.data.length === 0 ? (
            <Text c="dimmed">No payments yet.</Text>
          ) : (
            <Table.ScrollContainer minWidth={360}>
              <Table style={{ whiteSpace: 'nowrap' }}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Date</Table.Th>
                    <Table.Th>Invoice</Table.Th>
                    <Table.Th ta="right">Amount</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {payments.data.data.map((payment) => (
                    <Table.Tr key={payment.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(payment.date)}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/invoices/${payment.invoice_id}`}>
                          {payment.invoice_number ?? 'Invoice'}
                        </Anchor>
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {formatMoney(payment.amount, payment.currency)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
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
