/** Invoiced (by issue date, less credit notes) and collected (payments received) per period, one section per currency, with totals. */
import { BarChart } from '@mantine/charts';
import { Group, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SalesReportOut } from '../../../../src/modules/reports/sales.schemas.ts';
import { formatMoney } from '../../components/format.ts';
import { ChartFigure, CsvLink, CurrencySection, ReportState, ReportTable, chartMoney, chartNumber, formatCount, sumAmounts, useIsPhone, useReport, type Column } from './common.tsx';
import { periodLabel, useReportParams } from './dates.ts';

const UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
type Unit = (typeof UNITS)[number];

interface Row {
  period: string;
  label: string;
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
      r = { period, label: period, net: null, tax: null, sales: null, invoices: 0, revenue: null, payments: 0 };
      rows.set(period, r);
    }
    return r;
  };
  for (const p of sales.currencies.find((c) => c.currency === currency)?.periods ?? []) Object.assign(row(p.period), { net: p.net, tax: p.tax, sales: p.total, invoices: p.count });
  for (const p of revenue.currencies.find((c) => c.currency === currency)?.periods ?? []) Object.assign(row(p.period), { revenue: p.total, payments: p.count });
  return [...rows.values()].sort((a, b) => a.period.localeCompare(b.period));
}

export default function SalesTab() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const { range, params, set } = useReportParams();
  const groupBy: Unit = (UNITS as readonly string[]).includes(params.get('group_by') ?? '') ? (params.get('group_by') as Unit) : 'month';
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
  const units = UNITS.map((value) => ({ value, label: t(`reports.sales.units.${value}`) }));
  const weekOf = (date: string) => t('reports.sales.weekOf', { date });

  const columns = (currency: string): Column<Row>[] => [
    { key: 'period', header: t('reports.sales.period'), cell: (r) => r.label },
    { key: 'invoices', header: t('reports.sales.invoices'), numeric: true, cell: (r) => formatCount(r.invoices) },
    { key: 'net', header: t('reports.sales.net'), numeric: true, cell: (r) => formatMoney(r.net, currency) },
    { key: 'tax', header: t('reports.sales.tax'), numeric: true, cell: (r) => formatMoney(r.tax, currency) },
    { key: 'invoiced', header: t('reports.figures.invoiced'), explanation: t('reports.explain.invoiced'), numeric: true, strong: true, cell: (r) => formatMoney(r.sales, currency) },
    { key: 'payments', header: t('reports.sales.payments'), numeric: true, cell: (r) => formatCount(r.payments) },
    { key: 'collected', header: t('reports.figures.collected'), explanation: t('reports.explain.collected'), numeric: true, strong: true, cell: (r) => formatMoney(r.revenue, currency) },
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Select label={t('reports.sales.groupBy')} data={units} value={groupBy} onChange={(value) => value && set({ group_by: value })} allowDeselect={false} w={170} />
        <Group gap="md">
          <CsvLink path="/reports/sales" params={reportParams} />
          <CsvLink path="/reports/revenue" params={reportParams} label={t('reports.sales.downloadRevenueCsv')} />
        </Group>
      </Group>
      <ReportState report={both} empty={t('reports.sales.empty')}>
        {({ currencies }) =>
          currencies.map((currency) => {
            const rows = mergePeriods(currency, sales.data!, revenue.data!).map((r) => ({ ...r, label: periodLabel(r.period, groupBy, false, weekOf) }));
            const data = rows.map((r) => ({
              period: periodLabel(r.period, groupBy, true),
              [t('reports.figures.invoiced')]: chartNumber(r.sales),
              [t('reports.figures.collected')]: chartNumber(r.revenue),
            }));
            const totals: Row = {
              period: 'total',
              label: t('reports.common.total'),
              net: sumAmounts(rows.map((r) => r.net), currency),
              tax: sumAmounts(rows.map((r) => r.tax), currency),
              sales: sumAmounts(rows.map((r) => r.sales), currency),
              invoices: rows.reduce((n, r) => n + r.invoices, 0),
              revenue: sumAmounts(rows.map((r) => r.revenue), currency),
              payments: rows.reduce((n, r) => n + r.payments, 0),
            };
            return (
              <CurrencySection key={currency} id={`sales-${currency}`} title={t('reports.sales.section', { currency })}>
                <ChartFigure label={t('reports.sales.chart', { unit: groupBy, currency })}>
                  <BarChart
                maxBarWidth={56}
                    h={phone ? 200 : 260}
                    data={data}
                    dataKey="period"
                    series={[
                      { name: t('reports.figures.invoiced'), color: 'indigo.6' },
                      { name: t('reports.figures.collected'), color: 'teal.6' },
                    ]}
                    withLegend
                    valueFormatter={chartMoney(currency)}
                    yAxisProps={{ width: phone ? 52 : 64 }}
                  />
                </ChartFigure>
                <Stack mt="md" gap={0}>
                  <ReportTable
                    columns={columns(currency)}
                    rows={rows}
                    rowKey={(r) => r.period}
                    totals={totals}
                    totalsLabel={t('reports.common.totalsIn', { currency })}
                    caption={t('reports.sales.section', { currency })}
                    minWidth={680}
                  />
                </Stack>
                <Text size="xs" c="dimmed" mt="xs">
                  {t('reports.sales.footnote')}
                </Text>
              </CurrencySection>
            );
          })
        }
      </ReportState>
    </Stack>
  );
}
