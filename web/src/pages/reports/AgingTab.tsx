/** Receivables aging as of the range's end (at most today): per currency, buckets by days past due, with totals. */
import { Link } from 'react-router';
import { BarChart } from '@mantine/charts';
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgingReportOut } from '../../../../src/modules/reports/aging.schemas.ts';
import { formatDate, formatMoney } from '../../components/format.ts';
import { ChartFigure, CsvLink, CurrencySection, InfoTip, ReportState, ReportTable, chartMoney, chartNumber, useIsPhone, useReport, type Column } from './common.tsx';
import { today, useReportParams } from './dates.ts';

const BUCKETS = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90'] as const;

const LARGEST_SHOWN = 100;

type Row = AgingReportOut['currencies'][number]['rows'][number];

export default function AgingTab() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const { range } = useReportParams();
  // Aging looks at what is due on a day: the end of the range, but not a day in the future.
  const now = today();
  const asOf = range.to < now ? range.to : now;
  const params = { as_of: asOf };
  // At 100,000 customers the full list would not fit a page: the largest, and the CSV for all.
  const report = useReport<AgingReportOut>('/reports/aging', { ...params, limit: LARGEST_SHOWN });

  const columns = (currency: string): Column<Row>[] => [
    {
      key: 'customer',
      header: t('reports.aging.customer'),
      cell: (row) =>
        row.customer_id === '' ? (
          row.customer_name
        ) : (
          <Anchor component={Link} to={`/customers/${row.customer_id}`}>
            {row.customer_name}
          </Anchor>
        ),
    },
    ...BUCKETS.map((bucket) => ({ key: bucket, header: t(`reports.aging.buckets.${bucket}`), numeric: true, cell: (row: Row) => formatMoney(row[bucket], currency) })),
    { key: 'total', header: t('reports.common.total'), numeric: true, strong: true, cell: (row: Row) => formatMoney(row.total, currency) },
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" align="flex-start">
        <Group gap={6} wrap="nowrap" align="flex-start" style={{ flex: '1 1 260px' }}>
          <Text c="dimmed">
            {range.to < now
              ? t('reports.aging.asOfEnd', { date: formatDate(asOf) })
              : range.to === now
                ? t('reports.aging.asOfToday', { date: formatDate(asOf) })
                : t('reports.aging.asOfTodayFuture', { date: formatDate(asOf), end: formatDate(range.to) })}
          </Text>
          <InfoTip label={t('reports.common.explain', { figure: t('reports.tabs.aging') })}>{t('reports.explain.aging')}</InfoTip>
        </Group>
        <CsvLink path="/reports/aging" params={params} />
      </Group>
      <ReportState report={report} empty={t('reports.aging.empty')}>
        {({ currencies }) =>
          currencies.map((c) => (
            <CurrencySection key={c.currency} id={`aging-${c.currency}`} title={t('reports.aging.section', { currency: c.currency })}>
              <ChartFigure label={t('reports.aging.chart', { currency: c.currency })}>
                <BarChart
                maxBarWidth={56}
                  h={phone ? 200 : 220}
                  data={BUCKETS.map((b) => ({ bucket: t(`reports.aging.bucketsShort.${b}`), [t('reports.aging.due')]: chartNumber(c.totals[b]) }))}
                  dataKey="bucket"
                  series={[{ name: t('reports.aging.due'), color: 'orange.6' }]}
                  valueFormatter={chartMoney(c.currency)}
                  yAxisProps={{ width: phone ? 52 : 64 }}
                />
              </ChartFigure>
              <Stack mt="md" gap="xs">
                <ReportTable
                  columns={columns(c.currency)}
                  rows={c.rows}
                  rowKey={(row) => row.customer_id}
                  totals={{ customer_id: '', customer_name: t('reports.common.total'), ...c.totals }}
                  totalsLabel={t('reports.common.totalsIn', { currency: c.currency })}
                  caption={t('reports.aging.section', { currency: c.currency })}
                  minWidth={760}
                />
                {c.customer_count !== undefined && c.customer_count > c.rows.length ? (
                  <Text size="sm" c="dimmed">
                    {t('reports.aging.largest', { shown: c.rows.length, count: c.customer_count })}
                  </Text>
                ) : null}
              </Stack>
            </CurrencySection>
          ))
        }
      </ReportState>
    </Stack>
  );
}
