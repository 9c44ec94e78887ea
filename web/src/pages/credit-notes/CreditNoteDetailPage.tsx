/**
 * One credit note (route /credit-notes/:id): who it credits, the invoice it corrects, its
 * lines, tax breakdown and totals, what it did to the invoice (the amount due lowered, the
 * rest as customer credit), and its files (PDF, e-invoices). Lines become cards on a phone.
 */
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import { formatDate, formatDateTime, formatMoney, formatUnitPrice } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDecimal } from '../../i18n/numbers.ts';
import { userLocale } from '../../i18n/locale.ts';
import { DownloadMenu } from '../invoices/DownloadMenu.tsx';
import type { CreditNote } from '../invoices/invoiceApi.ts';
import { isPositive } from './creditNoteModel.ts';

type Line = CreditNote['lines'][number];

export default function CreditNoteDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const note = useQuery({ queryKey: ['credit-notes', 'one', id], queryFn: () => get<CreditNote>(`/credit-notes/${id ?? ''}`), enabled: id !== undefined });
  if (note.isPending) return <LoadingState label={t('common.states.loading')} />;
  if (note.isError) return <ErrorState error={note.error} title={t('common.states.error')} />;
  const cn = note.data;
  const money = (amount: string) => formatMoney(amount, cn.currency);
  const customerName = typeof cn.customer.name === 'string' ? cn.customer.name : cn.customer_id;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/credit-notes" size="sm">
        ← {t('creditNotes.detail.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed">
            {t('creditNotes.detail.kind')}
          </Text>
          <Group gap="sm" wrap="wrap">
            <Title order={2} style={{ overflowWrap: 'anywhere' }}>
              {cn.number}
            </Title>
            <Badge color="teal" variant="light">
              {t('creditNotes.detail.statusIssued')}
            </Badge>
          </Group>
        </Stack>
        <Group gap="xs">
          <Button component="a" href={`/api/v1/credit-notes/${cn.id}/pdf`} target="_blank" rel="noopener" size="xs" variant="default" aria-label={t('creditNotes.detail.pdfOf', { number: cn.number })}>
            {t('creditNotes.detail.pdf')}
          </Button>
          <DownloadMenu kind="credit-notes" id={cn.id} name={t('creditNotes.detail.downloadName', { number: cn.number })} />
        </Group>
      </Group>

      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <Fact label={t('creditNotes.detail.customer')}>
            <Anchor component={Link} to={`/customers/${cn.customer_id}`}>
              {customerName}
            </Anchor>
          </Fact>
          <Fact label={t('creditNotes.detail.invoice')}>
            <Anchor component={Link} to={`/invoices/${cn.invoice_id}`}>
              {cn.invoice_number ?? cn.invoice_id}
            </Anchor>
          </Fact>
          <Fact label={t('creditNotes.detail.issueDate')}>{formatDate(cn.issue_date)}</Fact>
          <Fact label={t('creditNotes.detail.currency')}>{cn.currency}</Fact>
        </SimpleGrid>
        <Fact label={t('creditNotes.detail.reason')} mt="md">
          <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
            {cn.reason}
          </Text>
        </Fact>
      </Paper>

      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t('creditNotes.detail.lines')}
        </Title>
        <LinesTable lines={cn.lines} currency={cn.currency} />
        <LinesCards lines={cn.lines} currency={cn.currency} />
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t('creditNotes.detail.taxBreakdown')}
          </Title>
          <Table aria-label={t('creditNotes.detail.taxBreakdown')} verticalSpacing={6} visibleFrom="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('creditNotes.detail.rate')}</Table.Th>
                <Table.Th ta="right">{t('creditNotes.detail.taxableAmount')}</Table.Th>
                <Table.Th ta="right">{t('creditNotes.detail.taxAmount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cn.taxes.map((tax) => (
                <Table.Tr key={`${tax.category}|${tax.percentage}`}>
                  <Table.Td>
                    <Text size="sm">{`${formatDecimal(tax.percentage, userLocale())} %`}</Text>
                    {tax.exemption_reason !== null ? (
                      <Text size="xs" c="dimmed">
                        {tax.exemption_reason}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td ta="right" style={NUMBER}>
                    {money(tax.taxable_amount)}
                  </Table.Td>
                  <Table.Td ta="right" style={NUMBER}>
                    {money(tax.tax_amount)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {/* On a phone: one row per rate, "Tax 19 % of 108.00" and the tax, without the wide headers. */}
          <Table aria-label={t('creditNotes.detail.taxBreakdown')} verticalSpacing={6} hiddenFrom="xs">
            <Table.Tbody>
              {cn.taxes.map((tax) => (
                <AmountRow
                  key={`${tax.category}|${tax.percentage}`}
                  label={t('creditNotes.totals.taxAt', { percentage: `${formatDecimal(tax.percentage, userLocale())} %`, base: money(tax.taxable_amount) })}
                  amount={money(tax.tax_amount)}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t('creditNotes.detail.totals')}
          </Title>
          <Table aria-label={t('creditNotes.detail.totals')} verticalSpacing={6}>
            <Table.Tbody>
              <AmountRow label={t('creditNotes.totals.net')} amount={money(cn.subtotal)} />
              <AmountRow label={t('creditNotes.totals.tax')} amount={money(cn.tax_total)} />
              <AmountRow label={t('creditNotes.totals.total')} amount={money(cn.total)} strong />
              <AmountRow label={t('creditNotes.detail.applied')} amount={money(cn.applied_amount)} />
              {isPositive(cn.credit_amount) ? <AmountRow label={t('creditNotes.detail.customerCredit')} amount={money(cn.credit_amount)} /> : null}
            </Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>

      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t('creditNotes.detail.timeline')}
        </Title>
        <Timeline bulletSize={14} lineWidth={2} active={isPositive(cn.credit_amount) ? 2 : 1}>
          <Timeline.Item title={<EventTitle>{t('creditNotes.detail.issuedEvent', { number: cn.number })}</EventTitle>}>
            <Text size="xs" c="dimmed">
              {formatDateTime(cn.created_at)}
            </Text>
          </Timeline.Item>
          <Timeline.Item title={<EventTitle>{t('creditNotes.detail.appliedEvent', { invoice: cn.invoice_number ?? cn.invoice_id, amount: money(cn.applied_amount) })}</EventTitle>} />
          {isPositive(cn.credit_amount) ? (
            <Timeline.Item title={<EventTitle>{t('creditNotes.detail.creditEvent', { amount: money(cn.credit_amount), customer: customerName })}</EventTitle>} />
          ) : null}
        </Timeline>
      </Paper>
    </Stack>
  );
}

const NUMBER = { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } as const;

function EventTitle({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
      {children}
    </Text>
  );
}

function Fact({ label, children, mt }: { label: string; children: ReactNode; mt?: string }) {
  return (
    <Stack gap={2} mt={mt} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

function AmountRow({ label, amount, strong = false }: { label: string; amount: string; strong?: boolean }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={strong ? 700 : 400}>
        <Text size="sm" fw={strong ? 700 : 400}>
          {label}
        </Text>
      </Table.Th>
      <Table.Td ta="right" style={NUMBER}>
        <Text size="sm" fw={strong ? 700 : 400}>
          {amount}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function useLineText(currency: string) {
  const { t } = useTranslation();
  const locale = userLocale();
  return {
    quantity: (line: Line) => formatDecimal(line.quantity, locale),
    price: (line: Line) => formatUnitPrice(line.unit_price, currency),
    discount: (line: Line) => (line.discount === null ? '—' : `−${formatMoney(line.discount, currency)}`),
    tax: (line: Line) => `${formatDecimal(line.tax.percentage, locale)} %`,
    net: (line: Line) => formatMoney(line.net_amount, currency),
    t,
  };
}

function LinesTable({ lines, currency }: { lines: Line[]; currency: string }) {
  const text = useLineText(currency);
  const { t } = text;
  return (
    <Table.ScrollContainer minWidth={560} visibleFrom="sm">
      <Table aria-label={t('creditNotes.detail.lines')} verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('creditNotes.detail.description')}</Table.Th>
            <Table.Th ta="right">{t('creditNotes.detail.quantity')}</Table.Th>
            <Table.Th ta="right">{t('creditNotes.detail.unitPrice')}</Table.Th>
            <Table.Th ta="right">{t('creditNotes.detail.discount')}</Table.Th>
            <Table.Th ta="right">{t('creditNotes.detail.tax')}</Table.Th>
            <Table.Th ta="right">{t('creditNotes.detail.netAmount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, index) => (
            <Table.Tr key={index}>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{line.description}</Table.Td>
              <Table.Td ta="right" style={NUMBER}>
                {text.quantity(line)}
              </Table.Td>
              <Table.Td ta="right" style={NUMBER}>
                {text.price(line)}
              </Table.Td>
              <Table.Td ta="right" style={NUMBER}>
                {text.discount(line)}
              </Table.Td>
              <Table.Td ta="right" style={NUMBER}>
                {text.tax(line)}
              </Table.Td>
              <Table.Td ta="right" style={NUMBER}>
                {text.net(line)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function LinesCards({ lines, currency }: { lines: Line[]; currency: string }) {
  const text = useLineText(currency);
  const { t } = text;
  return (
    <Stack gap="xs" hiddenFrom="sm" role="list" aria-label={t('creditNotes.detail.lines')}>
      {lines.map((line, index) => (
        <Paper key={index} withBorder p="xs" radius="sm" role="listitem">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
              {line.description}
            </Text>
            <Text size="sm" fw={600} style={NUMBER}>
              {text.net(line)}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {`${text.quantity(line)} × ${text.price(line)}`}
            {line.discount !== null ? ` · ${t('creditNotes.detail.discount')} ${text.discount(line)}` : ''}
            {` · ${t('creditNotes.detail.tax')} ${text.tax(line)}`}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
