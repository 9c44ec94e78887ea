/** The dashboard's "Revenue, last 12 months" card: payments received per month, one chart per currency. */
import { Link } from 'react-router';
import { BarChart } from '@mantine/charts';
import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { SalesReportOut } from '../../../../src/modules/reports/sales.schemas.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { ChartFigure, chartMoney, chartNumber, useReport } from './common.tsx';
import { isoDate, periodLabel } from './dates.ts';

export default function RevenueCard() {
  const now = new Date();
  const from = isoDate(now.getFullYear(), now.getMonth() - 11, 1);
  const report = useReport<SalesReportOut>('/reports/revenue', { group_by: 'month', from });
  // Every month of the twelve, with or without payments (the API lists only months with activity).
  const months = Array.from({ length: 12 }, (_, i) => isoDate(now.getFullYear(), now.getMonth() - 11 + i, 1));

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="revenue-12-months">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="revenue-12-months">
          Revenue, last 12 months
        </Title>
        <Anchor component={Link} to={`/reports/sales?from=${from}&to=${isoDate(now.getFullYear(), now.getMonth() + 1, 0)}`} size="sm">
          Reports
        </Anchor>
      </Group>
      {report.isError ? (
        <ErrorState error={report.error} title="Revenue could not be loaded" />
      ) : report.isPending ? (
        <LoadingState label="Loading revenue" />
      ) : report.data.currencies.length === 0 ? (
        <Text c="dimmed">No payments in the last 12 months.</Text>
      ) : (
        <Stack gap="md">
          {report.data.currencies.map((c) => (
            <ChartFigure key={c.currency} label={`Revenue by month in ${c.currency}`}>
              <BarChart
                h={200}
                data={months.map((month) => ({ month: periodLabel(month, 'month', true), Collected: chartNumber(c.periods.find((p) => p.period.slice(0, 10) === month)?.total) }))}
                dataKey="month"
                series={[{ name: 'Collected', color: 'teal.6' }]}
                valueFormatter={chartMoney(c.currency)}
                yAxisProps={{ width: 64 }}
              />
            </ChartFigure>
          ))}
        </Stack>
      )}
    </Card>
  );
}
