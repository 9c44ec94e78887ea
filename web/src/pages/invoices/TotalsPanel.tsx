/** The live totals under the editor: subtotal, discounts, charges, tax per rate, total. */
import { Alert, Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatAmount } from '../../../../src/domain/money/index.ts';
import { formatMoney } from '../../components/format.ts';
import { userLocale } from '../../i18n/locale.ts';
import { formatDecimal } from '../../i18n/numbers.ts';
import { NO_TAX, type LiveTotals } from './editorModel.ts';
import type { TaxRate } from './invoiceApi.ts';

export function TotalsPanel({ live, currency, rates }: { live: LiveTotals; currency: string; rates: readonly TaxRate[] }) {
  const { t } = useTranslation();
  if (!live.ok) {
    return (
      <Alert color="orange" title={t('editor.totals.cannotCompute')} role="status" aria-label={t('editor.totals.label')}>
        {live.message}
      </Alert>
    );
  }
  const { totals } = live;
  const money = (minor: bigint) => formatMoney(formatAmount(minor, totals.currency), totals.currency);
  const names = new Map(rates.map((rate) => [rate.id, rate.name]));
  const rows: { label: string; amount: string; strong?: boolean }[] = [{ label: t('editor.totals.subtotal'), amount: money(totals.subtotal) }];
  if (totals.allowance_total !== 0n) rows.push({ label: t('editor.totals.discounts'), amount: `−${money(totals.allowance_total)}` });
  if (totals.charge_total !== 0n) rows.push({ label: t('editor.totals.charges'), amount: money(totals.charge_total) });
  for (const tax of totals.taxes) {
    const name = tax.key === NO_TAX ? t('editor.tax.notSubject') : (names.get(tax.key) ?? t('editor.tax.category', { category: tax.category }));
    rows.push({
      label: t('editor.totals.taxRow', { name, percentage: formatDecimal(tax.percentage, userLocale()), base: money(tax.taxable_amount) }),
      amount: money(tax.tax_amount),
    });
  }
  rows.push({ label: t('editor.totals.total', { currency }), amount: money(totals.total), strong: true });

  return (
    <Paper withBorder p="sm" w={{ base: '100%', sm: 460 }} ml={{ base: 0, sm: 'auto' }} aria-label={t('editor.totals.label')} role="region">
      <Table verticalSpacing={6} aria-label={t('editor.totals.table')}>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.label}>
              <Table.Th scope="row" fw={row.strong ? 700 : 400}>
                <Text size="sm" fw={row.strong ? 700 : 400}>
                  {row.label}
                </Text>
              </Table.Th>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                <Text size="sm" fw={row.strong ? 700 : 400}>
                  {row.amount}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
