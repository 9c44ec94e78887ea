/** The live totals under the editor: subtotal, allowances, charges, tax per rate, total. */
import { Alert, Paper, Table, Text } from '@mantine/core';
import { formatAmount } from '../../../../src/domain/money/index.ts';
import { formatMoney } from '../../components/format.ts';
import { NO_TAX, type LiveTotals } from './editorModel.ts';
import type { TaxRate } from './invoiceApi.ts';

export function TotalsPanel({ live, currency, rates }: { live: LiveTotals; currency: string; rates: readonly TaxRate[] }) {
  if (!live.ok) {
    return (
      <Alert color="orange" title="Totals cannot be computed yet" role="status" aria-label="Totals">
        {live.message}
      </Alert>
    );
  }
  const { totals } = live;
  const money = (minor: bigint) => formatMoney(formatAmount(minor, totals.currency), totals.currency);
  const names = new Map(rates.map((rate) => [rate.id, rate.name]));
  const rows: { label: string; amount: string; strong?: boolean }[] = [{ label: 'Subtotal', amount: money(totals.subtotal) }];
  if (totals.allowance_total !== 0n) rows.push({ label: 'Allowances', amount: `−${money(totals.allowance_total)}` });
  if (totals.charge_total !== 0n) rows.push({ label: 'Charges', amount: money(totals.charge_total) });
  for (const tax of totals.taxes) {
    const name = tax.key === NO_TAX ? 'Not subject to VAT' : (names.get(tax.key) ?? `Tax ${tax.category}`);
    rows.push({ label: `${name} (${tax.percentage}% of ${money(tax.taxable_amount)})`, amount: money(tax.tax_amount) });
  }
  rows.push({ label: `Total (${currency})`, amount: money(totals.total), strong: true });

  return (
    <Paper withBorder p="sm" w={{ base: '100%', sm: 420 }} ml={{ base: 0, sm: 'auto' }} aria-label="Totals" role="region">
      <Table verticalSpacing={6} aria-label="Invoice totals">
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
