/** Sales (invoiced, by issue date) and revenue (payments received) per period, one section per currency. */
import { BarChart } from '@mantine/charts';
import { Group, Select, Stack, Table, Text } from '@mantine/core';
import type { SalesReportOut } from '../../../../src/modules/reports/sales.schemas.ts';
import { ChartFigure, CsvLink, CurrencySection, MoneyTd, NumTd, NumTh, ReportState, chartMoney, chartNumber, useReport } from './common.tsx';
import { periodLabel, useReportParams } from './dates.ts';

const UNITS = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Quarter' },
  { value: 'year', label: 'Year' },
];

interface Row {
  period: string;
  net: string | null;
  tax: string | null;
  sales: string | null;
  invoices: number;
  revenue: string | null;
  payments: number;
}

/** Sales and revenue periods of one currency, merged by period (ascending). */
function mergePeriods(currency: string, sales: SalesReportOut, revenue: SalesReportOut): Row[] {
  const rows = new Map<string, Row>();
  const row = (period: string) => {
    let r = rows.get(period);
    if (!r) {
      r = { period, net: null, tax: null, sales: null, invoices: 0, revenue: null, payments: 0 };
      rows.set(period, r);
    }
    return r;
  };
  for (const p of sales.currencies.find((c) => c.currency === currency)?.periods ?? []) Object.assign(row(p.period), { net: p.net, tax: p.tax, sales: p.total, invoices: p.count });
  for (const p of revenue.currencies.find((c) => c.currency === currency)?.periods ?? []) Object.assign(row(p.period), { revenue: p.total, payments: p.count });
  return [...rows.values()].sort((a, b) => a.period.localeCompare(b.period));
}

export default function SalesTab() {
  const { range, params, set } = useReportParams();
  const groupBy = UNITS.some((u) => u.value === params.get('group_by')) ? (params.get('group_by') as string) : 'month';
  const reportParams = { from: range.from, to: range.to, group_by: groupBy };
  const sales = useReport<SalesReportOut>('/reports/sales', reportParams);
  const revenue = useReport<SalesReportOut>('/reports/revenue', reportParams);
  const both = {
    isPending: sales.isPending || revenue.isPending,
    isError: sales.isError || revenue.isError,
    error: sales.error ?? revenue.error,
    data:
      sales.data && revenue.data
        ? { currencies: [...new Set([...sales.data.currencies, ...revenue.data.currencies].map((c) => c.currency))].sort() }
        : undefined,
  };
  const unitLabel = groupBy;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Select label="Group by" data={UNITS} value={groupBy} onChange={(value) => value && set({ group_by: value })} allowDeselect={false} w={170} />
        <Group gap="md">
          <CsvLink path="/reports/sales" params={reportParams} />
          <CsvLink path="/reports/revenue" params={reportParams} label="Download revenue CSV" />
        </Group>
      </Group>
      <ReportState report={both} empty="No sales or payments in these dates">
        {({ currencies }) =>
          currencies.map((currency) => {
            const rows = mergePeriods(currency, sales.data!, revenue.data!);
            const data = rows.map((r) => ({ period: periodLabel(r.period, groupBy, true), Invoiced: chartNumber(r.sales), Collected: chartNumber(r.revenue) }));
            return (
              <CurrencySection key={currency} title={`Sales and revenue in ${currency}`}>
                <ChartFigure label={`Sales by ${unitLabel} in ${currency}`}>
                  <BarChart
                    h={260}
                    data={data}
                    dataKey="period"
                    series={[
                      { name: 'Invoiced', color: 'indigo.6' },
                      { name: 'Collected', color: 'teal.6' },
                    ]}
                    withLegend
                    valueFormatter={chartMoney(currency)}
                    yAxisProps={{ width: 64 }}
                  />
                </ChartFigure>
                <Table.ScrollContainer minWidth={640} mt="md">
                  <Table striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Period</Table.Th>
                        <NumTh>Invoices</NumTh>
                        <NumTh>Net</NumTh>
                        <NumTh>Tax</NumTh>
                        <NumTh>Invoiced</NumTh>
                        <NumTh>Payments</NumTh>
                        <NumTh>Collected</NumTh>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((r) => (
                        <Table.Tr key={r.period}>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>{periodLabel(r.period, groupBy)}</Table.Td>
                          <NumTd>{r.invoices}</NumTd>
                          <MoneyTd amount={r.net} currency={currency} />
                          <MoneyTd amount={r.tax} currency={currency} />
                          <MoneyTd amount={r.sales} currency={currency} strong />
                          <NumTd>{r.payments}</NumTd>
                          <MoneyTd amount={r.revenue} currency={currency} strong />
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <Text size="xs" c="dimmed" mt="xs">
                  Invoiced: finalized invoices by issue date, less credit notes. Collected: payments received, less refunds.
                </Text>
              </CurrencySection>
            );
          })
        }
      </ReportState>
    </Stack>
  );
}
