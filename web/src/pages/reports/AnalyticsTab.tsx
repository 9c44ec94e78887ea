/** Customer analytics per currency: days to pay, DSO, and new vs returning customers per month. */
import { Link } from 'react-router';
import { BarChart } from '@mantine/charts';
import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { CustomerAnalyticsOut } from '../../../../src/modules/reports/rankings.schemas.ts';
import { formatMoney } from '../../components/format.ts';
import { ChartFigure, CsvLink, CurrencySection, NumTd, NumTh, ReportState, useReport } from './common.tsx';
import { periodLabel, useReportParams } from './dates.ts';

/** At 100,000 customers the list would not fit a page: the slowest payers (ranked by the server), the rest in the CSV. */
const SLOWEST_SHOWN = 50;

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Card withBorder padding="sm" component="section" aria-label={label}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="lg" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Card>
  );
}

export default function AnalyticsTab() {
  const { range } = useReportParams();
  const params = { from: range.from, to: range.to };
  const report = useReport<CustomerAnalyticsOut>('/reports/customer-analytics', { ...params, limit: SLOWEST_SHOWN });

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text c="dimmed">How quickly customers pay, days sales outstanding, and new against returning customers.</Text>
        <CsvLink path="/reports/customer-analytics" params={params} />
      </Group>
      <ReportState report={report} empty="No customer activity in these dates">
        {({ currencies }) =>
          currencies.map((c) => (
            <CurrencySection key={c.currency} title={`Customers in ${c.currency}`}>
              <SimpleGrid cols={{ base: 1, xs: 3 }} mb="md">
                <Figure
                  label="Average days to pay"
                  value={c.days_to_pay.average_days === null ? '—' : `${c.days_to_pay.average_days} days`}
                  hint={`${c.days_to_pay.invoice_count} paid ${c.days_to_pay.invoice_count === 1 ? 'invoice' : 'invoices'}`}
                />
                <Figure label="DSO" value={c.dso.dso === null ? '—' : `${c.dso.dso} days`} hint={c.dso.days === null ? 'Needs a start and end date' : `Over ${c.dso.days} days`} />
                <Figure label="Receivables" value={formatMoney(c.dso.receivables, c.currency)} hint={`Against ${formatMoney(c.dso.sales, c.currency)} invoiced`} />
              </SimpleGrid>
              {c.customers_by_month.length > 0 ? (
                <ChartFigure label={`New and returning customers by month in ${c.currency}`}>
                  <BarChart
                    h={220}
                    type="stacked"
                    data={c.customers_by_month.map((m) => ({ month: periodLabel(m.month.length === 7 ? `${m.month}-01` : m.month, 'month', true), New: m.new_customers, Returning: m.returning_customers }))}
                    dataKey="month"
                    series={[
                      { name: 'New', color: 'teal.6' },
                      { name: 'Returning', color: 'indigo.6' },
                    ]}
                    withLegend
                    yAxisProps={{ allowDecimals: false, width: 40 }}
                  />
                </ChartFigure>
              ) : null}
              {c.days_to_pay.customers.length > 0 ? (
                <Table.ScrollContainer minWidth={420} mt="md">
                  <Table striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Customer</Table.Th>
                        <NumTh>Paid invoices</NumTh>
                        <NumTh>Average days to pay</NumTh>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {c.days_to_pay.customers.map((row) => (
                        <Table.Tr key={row.customer_id}>
                          <Table.Td>
                            <Anchor component={Link} to={`/customers/${row.customer_id}`}>
                              {row.customer_name}
                            </Anchor>
                          </Table.Td>
                          <NumTd>{row.invoice_count}</NumTd>
                          <NumTd>{row.average_days}</NumTd>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                  {c.days_to_pay.customer_count !== undefined && c.days_to_pay.customer_count > c.days_to_pay.customers.length ? (
                    <Text size="sm" c="dimmed" mt="xs">
                      The {c.days_to_pay.customers.length} slowest of {c.days_to_pay.customer_count} customers; the CSV lists them all.
                    </Text>
                  ) : null}
                </Table.ScrollContainer>
              ) : (
                <Text c="dimmed" mt="md">
                  No invoices were paid in full in these dates.
                </Text>
              )}
            </CurrencySection>
          ))
        }
      </ReportState>
    </Stack>
  );
}
