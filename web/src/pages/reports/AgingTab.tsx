/** Receivables aging at the range's end (at most today): per currency, buckets by days past due. */
import { Link } from 'react-router';
import { BarChart } from '@mantine/charts';
import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import type { AgingReportOut } from '../../../../src/modules/reports/aging.schemas.ts';
import { formatDate } from '../../components/format.ts';
import { ChartFigure, CsvLink, CurrencySection, MoneyTd, NumTh, ReportState, chartMoney, chartNumber, useReport } from './common.tsx';
import { today, useReportParams } from './dates.ts';

const BUCKETS = [
  { key: 'current', label: 'Current' },
  { key: 'days_1_30', label: '1–30 days' },
  { key: 'days_31_60', label: '31–60 days' },
  { key: 'days_61_90', label: '61–90 days' },
  { key: 'days_over_90', label: 'Over 90 days' },
] as const;

const LARGEST_SHOWN = 100;

export default function AgingTab() {
  const { range } = useReportParams();
  // Aging looks at what is due on a day: the end of the range, but not a day in the future.
  const now = today();
  const asOf = range.to < now ? range.to : now;
  const params = { as_of: asOf };
  // At 100,000 customers the full list would not fit a page: the largest, and the CSV for all.
  const report = useReport<AgingReportOut>('/reports/aging', { ...params, limit: LARGEST_SHOWN });

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text c="dimmed">Amounts due as of {formatDate(asOf)}, by days past the due date.</Text>
        <CsvLink path="/reports/aging" params={params} />
      </Group>
      <ReportState report={report} empty="Nothing is owed">
        {({ currencies }) =>
          currencies.map((c) => (
            <CurrencySection key={c.currency} title={`Aging in ${c.currency}`}>
              <ChartFigure label={`Aging buckets in ${c.currency}`}>
                <BarChart
                  h={220}
                  data={BUCKETS.map((b) => ({ bucket: b.label, Due: chartNumber(c.totals[b.key]) }))}
                  dataKey="bucket"
                  series={[{ name: 'Due', color: 'orange.6' }]}
                  valueFormatter={chartMoney(c.currency)}
                  yAxisProps={{ width: 64 }}
                />
              </ChartFigure>
              <Table.ScrollContainer minWidth={720} mt="md">
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Customer</Table.Th>
                      {BUCKETS.map((b) => (
                        <NumTh key={b.key}>{b.label}</NumTh>
                      ))}
                      <NumTh>Total</NumTh>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {c.rows.map((row) => (
                      <Table.Tr key={row.customer_id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/customers/${row.customer_id}`}>
                            {row.customer_name}
                          </Anchor>
                        </Table.Td>
                        {BUCKETS.map((b) => (
                          <MoneyTd key={b.key} amount={row[b.key]} currency={c.currency} />
                        ))}
                        <MoneyTd amount={row.total} currency={c.currency} strong />
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    <Table.Tr aria-label={`Totals in ${c.currency}`}>
                      <Table.Th>Total</Table.Th>
                      {BUCKETS.map((b) => (
                        <MoneyTd key={b.key} amount={c.totals[b.key]} currency={c.currency} strong />
                      ))}
                      <MoneyTd amount={c.totals.total} currency={c.currency} strong />
                    </Table.Tr>
                  </Table.Tfoot>
                </Table>
                {c.customer_count !== undefined && c.customer_count > c.rows.length ? (
                  <Text size="sm" c="dimmed" mt="xs">
                    The {c.rows.length} largest of {c.customer_count} customers; the totals count them all, the CSV lists them all.
                  </Text>
                ) : null}
              </Table.ScrollContainer>
            </CurrencySection>
          ))
        }
      </ReportState>
    </Stack>
  );
}
