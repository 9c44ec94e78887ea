/** Customer analytics per currency: days to pay, DSO (explained), and new vs returning customers per month. */
import { Link } from 'react-router';
import { BarChart } from '@mantine/charts';
import { Anchor, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomerAnalyticsOut } from '../../../../src/modules/reports/rankings.schemas.ts';
import { formatDate, formatMoney } from '../../components/format.ts';
import { formatDecimal } from '../../i18n/numbers.ts';
import { userLocale } from '../../i18n/locale.ts';
import { ChartFigure, CsvLink, CurrencySection, Explained, ReportState, ReportTable, formatCount, useIsPhone, useReport, type Column } from './common.tsx';
import { periodLabel, useReportParams } from './dates.ts';

/** At 100,000 customers the list would not fit a page: the slowest payers (ranked by the server), the rest in the CSV. */
const SLOWEST_SHOWN = 50;

type Payer = CustomerAnalyticsOut['currencies'][number]['days_to_pay']['customers'][number];

function Figure({ label, value, hint, explanation }: { label: string; value: string; hint: string; explanation: string }) {
  return (
    <Card withBorder padding="sm" component="section" aria-label={label}>
      <Explained label={label} explanation={explanation} size="xs" c="dimmed" fw={600} tt="uppercase" />
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
  const { t } = useTranslation();
  const phone = useIsPhone();
  const { range } = useReportParams();
  const params = { from: range.from, to: range.to };
  const report = useReport<CustomerAnalyticsOut>('/reports/customer-analytics', { ...params, limit: SLOWEST_SHOWN });
  const locale = userLocale();

  const columns: Column<Payer>[] = [
    {
      key: 'customer',
      header: t('reports.analytics.customer'),
      cell: (row) => (
        <Anchor component={Link} to={`/customers/${row.customer_id}`}>
          {row.customer_name}
        </Anchor>
      ),
    },
    { key: 'paid', header: t('reports.analytics.paidInvoices'), numeric: true, cell: (row) => formatCount(row.invoice_count) },
    { key: 'days', header: t('reports.analytics.averageDays'), numeric: true, cell: (row) => formatCount(row.average_days) },
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text c="dimmed">{t('reports.analytics.intro')}</Text>
        <CsvLink path="/reports/customer-analytics" params={params} />
      </Group>
      <ReportState report={report} empty={t('reports.analytics.empty')}>
        {({ currencies }) =>
          currencies.map((c) => (
            <CurrencySection key={c.currency} id={`customers-${c.currency}`} title={t('reports.analytics.section', { currency: c.currency })}>
              <SimpleGrid cols={{ base: 1, xs: 3 }} mb="md">
                <Figure
                  label={t('reports.analytics.averageDays')}
                  value={c.days_to_pay.average_days === null ? '—' : t('reports.analytics.days', { days: formatCount(c.days_to_pay.average_days) })}
                  hint={t('reports.analytics.paidCount', { count: c.days_to_pay.invoice_count })}
                  explanation={t('reports.explain.daysToPay')}
                />
                <Figure
                  label={t('reports.figures.dso')}
                  value={c.dso.dso === null ? '—' : t('reports.analytics.days', { days: formatDecimal(c.dso.dso, locale) })}
                  hint={c.dso.days === null ? t('reports.analytics.needsDates') : t('reports.analytics.overDays', { days: c.dso.days, from: formatDate(range.from), to: formatDate(range.to) })}
                  explanation={t('reports.explain.dso', {
                    receivables: formatMoney(c.dso.receivables, c.currency),
                    sales: formatMoney(c.dso.sales, c.currency),
                    days: c.dso.days ?? 0,
                    to: formatDate(range.to),
                  })}
                />
                <Figure
                  label={t('reports.figures.receivables')}
                  value={formatMoney(c.dso.receivables, c.currency)}
                  hint={t('reports.analytics.against', { sales: formatMoney(c.dso.sales, c.currency) })}
                  explanation={t('reports.explain.receivables', { to: formatDate(range.to) })}
                />
              </SimpleGrid>
              {c.customers_by_month.length > 0 ? (
                <ChartFigure label={t('reports.analytics.chart', { currency: c.currency })}>
                  <BarChart
                maxBarWidth={56}
                    h={phone ? 200 : 220}
                    type="stacked"
                    data={c.customers_by_month.map((m) => ({
                      month: periodLabel(m.month.length === 7 ? `${m.month}-01` : m.month, 'month', true),
                      [t('reports.analytics.new')]: m.new_customers,
                      [t('reports.analytics.returning')]: m.returning_customers,
                    }))}
                    dataKey="month"
                    series={[
                      { name: t('reports.analytics.new'), color: 'teal.6' },
                      { name: t('reports.analytics.returning'), color: 'indigo.6' },
                    ]}
                    withLegend
                    yAxisProps={{ allowDecimals: false, width: 40 }}
                  />
                </ChartFigure>
              ) : null}
              {c.days_to_pay.customers.length > 0 ? (
                <Stack mt="md" gap="xs">
                  <ReportTable columns={columns} rows={c.days_to_pay.customers} rowKey={(row) => row.customer_id} caption={t('reports.analytics.tableCaption', { currency: c.currency })} minWidth={420} />
                  {c.days_to_pay.customer_count !== undefined && c.days_to_pay.customer_count > c.days_to_pay.customers.length ? (
                    <Text size="sm" c="dimmed">
                      {t('reports.analytics.slowest', { shown: c.days_to_pay.customers.length, count: c.days_to_pay.customer_count })}
                    </Text>
                  ) : null}
                </Stack>
              ) : (
                <Text c="dimmed" mt="md">
                  {t('reports.analytics.nonePaid')}
                </Text>
              )}
            </CurrencySection>
          ))
        }
      </ReportState>
    </Stack>
  );
}
