/** The dashboard's "Collected, last 12 months" card: cash received per month (less refunds), one chart per currency. */
import { Link } from 'react-router';
import { BarChart } from '@mantine/charts';
import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SalesReportOut } from '../../../../src/modules/reports/sales.schemas.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { ChartFigure, InfoTip, chartMoney, chartNumber, useIsPhone, useReport } from './common.tsx';
import { isoDate, periodLabel } from './dates.ts';

export default function RevenueCard() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const now = new Date();
  const from = isoDate(now.getFullYear(), now.getMonth() - 11, 1);
  const report = useReport<SalesReportOut>('/reports/revenue', { group_by: 'month', from });
  // Every month of the twelve, with or without payments (the API lists only months with activity).
  const months = Array.from({ length: 12 }, (_, i) => isoDate(now.getFullYear(), now.getMonth() - 11 + i, 1));
  const series = t('reports.figures.collected');

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="collected-12-months" style={{ minWidth: 0 }}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <Title order={3} size="h4" id="collected-12-months">
            {t('dashboard.collected12.title')}
          </Title>
          <InfoTip label={t('reports.common.explain', { figure: t('dashboard.collected12.title') })}>{t('reports.explain.collected')}</InfoTip>
        </Group>
        <Anchor component={Link} to={`/reports/sales?from=${from}&to=${isoDate(now.getFullYear(), now.getMonth() + 1, 0)}&range=last-12-months`} size="sm">
          {t('dashboard.collected12.reports')}
        </Anchor>
      </Group>
      {report.isError ? (
        <ErrorState error={report.error} title={t('dashboard.collected12.failed')} />
      ) : report.isPending ? (
        <LoadingState label={t('dashboard.collected12.loading')} />
      ) : report.data.currencies.length === 0 ? (
        <Text c="dimmed">{t('dashboard.collected12.none')}</Text>
      ) : (
        <Stack gap="md">
          {report.data.currencies.map((c) => (
            <ChartFigure key={c.currency} label={t('dashboard.collected12.chart', { currency: c.currency })}>
              <BarChart
                maxBarWidth={56}
                h={phone ? 180 : 200}
                data={months.map((month) => ({ month: periodLabel(month, 'month', true), [series]: chartNumber(c.periods.find((p) => p.period.slice(0, 10) === month)?.total) }))}
                dataKey="month"
                series={[{ name: series, color: 'teal.6' }]}
                valueFormatter={chartMoney(c.currency)}
                yAxisProps={{ width: phone ? 52 : 64 }}
              />
            </ChartFigure>
          ))}
        </Stack>
      )}
    </Card>
  );
}
