/** Taxable and tax amounts per tax rate, one table per currency. */
import { Group, Stack, Table, Text } from '@mantine/core';
import type { TaxesReportOut } from '../../../../src/modules/reports/sales.schemas.ts';
import { CsvLink, CurrencySection, MoneyTd, NumTd, NumTh, ReportState, useReport } from './common.tsx';
import { useReportParams } from './dates.ts';

export default function TaxesTab() {
  const { range } = useReportParams();
  const params = { from: range.from, to: range.to };
  const report = useReport<TaxesReportOut>('/reports/taxes', params);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text c="dimmed">Tax on finalized invoices in these dates, per rate.</Text>
        <CsvLink path="/reports/taxes" params={params} />
      </Group>
      <ReportState report={report} empty="No taxes in these dates">
        {({ currencies }) =>
          currencies.map((c) => (
            <CurrencySection key={c.currency} title={`Taxes in ${c.currency}`}>
              <Table.ScrollContainer minWidth={560}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Tax rate</Table.Th>
                      <Table.Th>Category</Table.Th>
                      <NumTh>Rate</NumTh>
                      <NumTh>Taxable amount</NumTh>
                      <NumTh>Tax</NumTh>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {c.rates.map((rate, index) => (
                      <Table.Tr key={`${rate.tax_rate_id ?? 'none'}-${rate.category}-${rate.percentage}-${index}`}>
                        <Table.Td>{rate.name ?? 'No tax rate'}</Table.Td>
                        <Table.Td>{rate.category}</Table.Td>
                        <NumTd>{rate.percentage} %</NumTd>
                        <MoneyTd amount={rate.taxable_amount} currency={c.currency} />
                        <MoneyTd amount={rate.tax_amount} currency={c.currency} strong />
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </CurrencySection>
          ))
        }
      </ReportState>
    </Stack>
  );
}
