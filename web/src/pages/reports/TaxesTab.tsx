/** Taxable and tax amounts per tax rate, one table per currency, with totals. */
import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TaxesReportOut } from '../../../../src/modules/reports/sales.schemas.ts';
import { formatMoney } from '../../components/format.ts';
import { formatDecimal } from '../../i18n/numbers.ts';
import { userLocale } from '../../i18n/locale.ts';
import { CsvLink, CurrencySection, ReportState, ReportTable, sumAmounts, useReport, type Column } from './common.tsx';
import { useReportParams } from './dates.ts';

type Rate = TaxesReportOut['currencies'][number]['rates'][number] & { total?: boolean };

export default function TaxesTab() {
  const { t } = useTranslation();
  const { range } = useReportParams();
  const params = { from: range.from, to: range.to };
  const report = useReport<TaxesReportOut>('/reports/taxes', params);

  const columns = (currency: string): Column<Rate>[] => [
    { key: 'name', header: t('reports.taxes.taxRate'), cell: (r) => (r.total ? t('reports.common.total') : (r.name ?? t('reports.taxes.noTaxRate'))) },
    { key: 'category', header: t('reports.taxes.category'), cell: (r) => (r.total ? '' : r.category) },
    { key: 'rate', header: t('reports.taxes.rate'), numeric: true, cell: (r) => (r.total ? '' : `${formatDecimal(r.percentage, userLocale())} %`) },
    { key: 'taxable', header: t('reports.taxes.taxable'), explanation: t('reports.explain.taxable'), numeric: true, cell: (r) => formatMoney(r.taxable_amount, currency) },
    { key: 'tax', header: t('reports.taxes.tax'), numeric: true, strong: true, cell: (r) => formatMoney(r.tax_amount, currency) },
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text c="dimmed">{t('reports.taxes.intro')}</Text>
        <CsvLink path="/reports/taxes" params={params} />
      </Group>
      <ReportState report={report} empty={t('reports.taxes.empty')}>
        {({ currencies }) =>
          currencies.map((c) => {
            const totals: Rate = {
              total: true,
              tax_rate_id: null,
              name: null,
              category: '',
              percentage: '0',
              taxable_amount: sumAmounts(c.rates.map((r) => r.taxable_amount), c.currency),
              tax_amount: sumAmounts(c.rates.map((r) => r.tax_amount), c.currency),
            };
            return (
              <CurrencySection key={c.currency} id={`taxes-${c.currency}`} title={t('reports.taxes.section', { currency: c.currency })}>
                <ReportTable
                  columns={columns(c.currency)}
                  rows={c.rates}
                  rowKey={(rate, index) => `${rate.tax_rate_id ?? 'none'}-${rate.category}-${rate.percentage}-${index}`}
                  totals={totals}
                  totalsLabel={t('reports.common.totalsIn', { currency: c.currency })}
                  caption={t('reports.taxes.section', { currency: c.currency })}
                />
              </CurrencySection>
            );
          })
        }
      </ReportState>
    </Stack>
  );
}
