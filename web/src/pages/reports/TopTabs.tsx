/** The largest customers (by invoiced) and products (by net sales) in the range, per currency. */
import { Link } from 'react-router';
import { BarChart } from '@mantine/charts';
import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import type { TopCustomersOut, TopProductsOut } from '../../../../src/modules/reports/rankings.schemas.ts';
import { ChartFigure, CsvLink, CurrencySection, MoneyTd, NumTd, NumTh, ReportState, chartMoney, chartNumber, useReport } from './common.tsx';
import { useReportParams } from './dates.ts';

/** A horizontal bar chart of names and amounts; its height follows the number of bars. */
function RankingChart({ label, currency, data, series }: { label: string; currency: string; data: { name: string; value: number }[]; series: string }) {
  return (
    <ChartFigure label={label}>
      <BarChart
        h={Math.max(120, data.length * 32 + 40)}
        data={data.map((d) => ({ name: d.name.length > 22 ? `${d.name.slice(0, 21)}…` : d.name, [series]: d.value }))}
        dataKey="name"
        orientation="vertical"
        series={[{ name: series, color: 'indigo.6' }]}
        valueFormatter={chartMoney(currency)}
        yAxisProps={{ width: 120 }}
        gridAxis="x"
      />
    </ChartFigure>
  );
}

export function TopCustomersTab() {
  const { range } = useReportParams();
  const params = { from: range.from, to: range.to, limit: 10 };
  const report = useReport<TopCustomersOut>('/reports/top-customers', params);
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text c="dimmed">The ten customers invoiced the most in these dates.</Text>
        <CsvLink path="/reports/top-customers" params={params} />
      </Group>
      <ReportState report={report} empty="No customers invoiced in these dates">
        {({ currencies }) =>
          currencies.map((c) => (
            <CurrencySection key={c.currency} title={`Top customers in ${c.currency}`}>
              <RankingChart
                label={`Top customers by invoiced in ${c.currency}`}
                currency={c.currency}
                series="Invoiced"
                data={c.customers.map((row) => ({ name: row.customer_name, value: chartNumber(row.invoiced) }))}
              />
              <Table.ScrollContainer minWidth={600} mt="md">
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Customer</Table.Th>
                      <NumTh>Invoices</NumTh>
                      <NumTh>Invoiced</NumTh>
                      <NumTh>Collected</NumTh>
                      <NumTh>Outstanding</NumTh>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {c.customers.map((row) => (
                      <Table.Tr key={row.customer_id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/customers/${row.customer_id}`}>
                            {row.customer_name}
                          </Anchor>
                        </Table.Td>
                        <NumTd>{row.invoice_count}</NumTd>
                        <MoneyTd amount={row.invoiced} currency={c.currency} strong />
                        <MoneyTd amount={row.collected} currency={c.currency} />
                        <MoneyTd amount={row.outstanding} currency={c.currency} />
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </CurrencySection>
          ))
        }
      </ReportState>
    </Stack>
  );
}

export function TopProductsTab() {
  const { range } = useReportParams();
  const params = { from: range.from, to: range.to, limit: 10 };
  const report = useReport<TopProductsOut>('/reports/top-products', params);
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text c="dimmed">The ten products with the most net sales in these dates.</Text>
        <CsvLink path="/reports/top-products" params={params} />
      </Group>
      <ReportState report={report} empty="No products sold in these dates">
        {({ currencies }) =>
          currencies.map((c) => (
            <CurrencySection key={c.currency} title={`Top products in ${c.currency}`}>
              <RankingChart
                label={`Top products by net sales in ${c.currency}`}
                currency={c.currency}
                series="Net sales"
                data={c.products.map((row) => ({ name: row.name, value: chartNumber(row.net_amount) }))}
              />
              <Table.ScrollContainer minWidth={520} mt="md">
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Product</Table.Th>
                      <NumTh>Quantity</NumTh>
                      <NumTh>Invoices</NumTh>
                      <NumTh>Net sales</NumTh>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {c.products.map((row) => (
                      <Table.Tr key={row.product_id ?? 'other'}>
                        <Table.Td>{row.product_id === null ? <Text fs="italic">{row.name}</Text> : row.name}</Table.Td>
                        <NumTd>{row.quantity}</NumTd>
                        <NumTd>{row.invoice_count}</NumTd>
                        <MoneyTd amount={row.net_amount} currency={c.currency} strong />
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </CurrencySection>
          ))
        }
      </ReportState>
    </Stack>
  );
}
