/** The largest customers (by invoiced, net of credit notes) and products (by net sales) in the range, per currency. */
import { Link } from 'react-router';
import { BarChart } from '@mantine/charts';
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TopCustomersOut, TopProductsOut } from '../../../../src/modules/reports/rankings.schemas.ts';
import { formatMoney } from '../../components/format.ts';
import { formatDecimal } from '../../i18n/numbers.ts';
import { userLocale } from '../../i18n/locale.ts';
import { ChartFigure, CsvLink, CurrencySection, ReportState, ReportTable, chartMoney, chartNumber, formatCount, useIsPhone, useReport, type Column } from './common.tsx';
import { useReportParams } from './dates.ts';

type CustomerRow = TopCustomersOut['currencies'][number]['customers'][number];
type ProductRow = TopProductsOut['currencies'][number]['products'][number];

/** A horizontal bar chart of names and amounts; its height follows the number of bars. */
function RankingChart({ label, currency, data, series }: { label: string; currency: string; data: { name: string; value: number }[]; series: string }) {
  const phone = useIsPhone();
  const room = phone ? 14 : 22;
  return (
    <ChartFigure label={label}>
      <BarChart
                maxBarWidth={56}
        h={Math.max(120, data.length * 32 + 40)}
        data={data.map((d) => ({ name: d.name.length > room ? `${d.name.slice(0, room - 1)}…` : d.name, [series]: d.value }))}
        dataKey="name"
        orientation="vertical"
        series={[{ name: series, color: 'indigo.6' }]}
        valueFormatter={chartMoney(currency)}
        yAxisProps={{ width: phone ? 96 : 120 }}
        gridAxis="x"
      />
    </ChartFigure>
  );
}

export function TopCustomersTab() {
  const { t } = useTranslation();
  const { range } = useReportParams();
  const params = { from: range.from, to: range.to, limit: 10 };
  const report = useReport<TopCustomersOut>('/reports/top-customers', params);
  const columns = (currency: string): Column<CustomerRow>[] => [
    {
      key: 'customer',
      header: t('reports.top.customer'),
      cell: (row) => (
        <Anchor component={Link} to={`/customers/${row.customer_id}`}>
          {row.customer_name}
        </Anchor>
      ),
    },
    { key: 'invoices', header: t('reports.top.invoices'), numeric: true, cell: (row) => formatCount(row.invoice_count) },
    { key: 'invoiced', header: t('reports.figures.invoiced'), explanation: t('reports.explain.invoiced'), numeric: true, strong: true, cell: (row) => formatMoney(row.invoiced, currency) },
    { key: 'collected', header: t('reports.figures.collected'), explanation: t('reports.explain.collected'), numeric: true, cell: (row) => formatMoney(row.collected, currency) },
    { key: 'outstanding', header: t('reports.figures.outstanding'), explanation: t('reports.explain.outstanding'), numeric: true, cell: (row) => formatMoney(row.outstanding, currency) },
  ];
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text c="dimmed">{t('reports.top.customersIntro')}</Text>
        <CsvLink path="/reports/top-customers" params={params} />
      </Group>
      <ReportState report={report} empty={t('reports.top.customersEmpty')}>
        {({ currencies }) =>
          currencies.map((c) => (
            <CurrencySection key={c.currency} id={`top-customers-${c.currency}`} title={t('reports.top.customersSection', { currency: c.currency })}>
              <RankingChart
                label={t('reports.top.customersChart', { currency: c.currency })}
                currency={c.currency}
                series={t('reports.figures.invoiced')}
                data={c.customers.map((row) => ({ name: row.customer_name, value: chartNumber(row.invoiced) }))}
              />
              <Stack mt="md" gap={0}>
                <ReportTable columns={columns(c.currency)} rows={c.customers} rowKey={(row) => row.customer_id} caption={t('reports.top.customersSection', { currency: c.currency })} minWidth={600} />
              </Stack>
            </CurrencySection>
          ))
        }
      </ReportState>
    </Stack>
  );
}

export function TopProductsTab() {
  const { t } = useTranslation();
  const { range } = useReportParams();
  const params = { from: range.from, to: range.to, limit: 10 };
  const report = useReport<TopProductsOut>('/reports/top-products', params);
  const nameOf = (row: ProductRow) => (row.product_id === null ? t('reports.top.otherItems') : row.name);
  const columns = (currency: string): Column<ProductRow>[] => [
    { key: 'product', header: t('reports.top.product'), cell: (row) => (row.product_id === null ? <Text component="span" fs="italic">{nameOf(row)}</Text> : row.name) },
    { key: 'quantity', header: t('reports.top.quantity'), numeric: true, cell: (row) => formatDecimal(row.quantity, userLocale()) },
    { key: 'invoices', header: t('reports.top.invoices'), numeric: true, cell: (row) => formatCount(row.invoice_count) },
    { key: 'net', header: t('reports.top.netSales'), explanation: t('reports.explain.netSales'), numeric: true, strong: true, cell: (row) => formatMoney(row.net_amount, currency) },
  ];
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text c="dimmed">{t('reports.top.productsIntro')}</Text>
        <CsvLink path="/reports/top-products" params={params} />
      </Group>
      <ReportState report={report} empty={t('reports.top.productsEmpty')}>
        {({ currencies }) =>
          currencies.map((c) => (
            <CurrencySection key={c.currency} id={`top-products-${c.currency}`} title={t('reports.top.productsSection', { currency: c.currency })}>
              <RankingChart
                label={t('reports.top.productsChart', { currency: c.currency })}
                currency={c.currency}
                series={t('reports.top.netSales')}
                data={c.products.map((row) => ({ name: nameOf(row), value: chartNumber(row.net_amount) }))}
              />
              <Stack mt="md" gap={0}>
                <ReportTable columns={columns(c.currency)} rows={c.products} rowKey={(row) => row.product_id ?? 'other'} caption={t('reports.top.productsSection', { currency: c.currency })} minWidth={520} />
              </Stack>
            </CurrencySection>
          ))
        }
      </ReportState>
    </Stack>
  );
}
