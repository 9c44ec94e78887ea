/** One quote: its status and answer, the customer page link, lines and totals, and its actions. */
import { Link, useParams } from 'react-router';
import { Alert, Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatMoney } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { usePhone } from '../customers/listing.tsx';
import { useQuote, type Quote } from './quoteApi.ts';
import { QuoteActions } from './QuoteActions.tsx';
import { QuoteStatusBadge } from './QuoteStatusBadge.tsx';

function Answer({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  if (quote.accepted_at !== null) {
    return (
      <Alert color="green" title={t('quotes.status.accepted')}>
        {t('quotes.acceptedBy', { name: quote.accepted_name ?? '', date: formatDateTime(quote.accepted_at), ip: quote.accepted_ip ?? '—' })}
      </Alert>
    );
  }
  if (quote.declined_at !== null) {
    return (
      <Alert color="red" title={t('quotes.status.declined')}>
        {t('quotes.declinedOn', { date: formatDateTime(quote.declined_at) })}
        {quote.decline_reason ? ` — ${quote.decline_reason}` : ''}
      </Alert>
    );
  }
  return null;
}

export default function QuoteDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const quote = useQuote(id);
  const narrow = usePhone();
  if (quote.isError) return <ErrorState error={quote.error} />;
  if (quote.isPending) return <LoadingState />;
  const q = quote.data;
  const money = (amount: string) => formatMoney(amount, q.currency);
  // On a phone the unit price column is left out (quantity × price is in the amount).
  const span = narrow ? 2 : 3;
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="wrap">
          <Title order={2}>{q.number ? t('quotes.titleOne', { number: q.number }) : t('quotes.draftTitle')}</Title>
          <QuoteStatusBadge status={q.status} />
        </Group>
      </Group>
      <QuoteActions quote={q} />
      <Answer quote={q} />
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <div>
            <Text size="xs" c="dimmed">{t('quotes.columns.customer')}</Text>
            <Anchor component={Link} to={`/customers/${q.customer_id}`}>{q.customer.name}</Anchor>
          </div>
          <div>
            <Text size="xs" c="dimmed">{t('quotes.columns.issueDate')}</Text>
            <Text>{formatDate(q.issue_date)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">{t('quotes.columns.expiryDate')}</Text>
            <Text>{formatDate(q.expiry_date)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">{t('quotes.columns.total')}</Text>
            <Text fw={700}>{money(q.total)}</Text>
          </div>
        </SimpleGrid>
      </Paper>
      {q.public_url ? (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Text fw={600}>{t('quotes.customerPage')}</Text>
            <Text size="sm" c="dimmed">{t('quotes.customerPageHint')}</Text>
            <Group gap="xs" wrap="wrap">
              <Anchor href={q.public_url} target="_blank" rel="noreferrer" style={{ wordBreak: 'break-all' }} data-testid="quote-public-url">
                {q.public_url}
              </Anchor>
              <CopyButton value={q.public_url} label={t('quotes.copyLink')} what={t('quotes.customerPage')} />
            </Group>
          </Stack>
        </Paper>
      ) : null}
      <Table.ScrollContainer minWidth={300}>
        <Table aria-label={t('quotes.lines')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('quotes.line.description')}</Table.Th>
              <Table.Th ta="right">{t('quotes.line.quantity')}</Table.Th>
              {narrow ? null : <Table.Th ta="right">{t('quotes.line.unitPrice')}</Table.Th>}
              <Table.Th ta="right">{t('quotes.line.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.lines.map((line) => (
              <Table.Tr key={line.id}>
                <Table.Td>
                  {line.description}
                  {line.discount ? <Text size="xs" c="dimmed">{t('quotes.line.discount', { discount: line.discount })}</Text> : null}
                </Table.Td>
                <Table.Td ta="right">{line.quantity}{line.unit ? ` ${line.unit}` : ''}</Table.Td>
                {narrow ? null : <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(line.unit_price)}</Table.Td>}
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(line.net_amount)}</Table.Td>
              </Table.Tr>
            ))}
            {[...q.allowances.map((a) => ({ ...a, sign: '−' })), ...q.charges.map((c) => ({ ...c, sign: '' }))].map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td colSpan={span}>{a.reason}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{a.sign}{money(a.net_amount)}</Table.Td>
              </Table.Tr>
            ))}
            {q.taxes.map((tax) => (
              <Table.Tr key={`${tax.tax_rate_id ?? 'none'}-${tax.percentage}`}>
                <Table.Td colSpan={span}>{t('quotes.tax', { name: tax.name ?? t('quotes.taxFallback'), percentage: tax.percentage })}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{money(tax.tax_amount)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td colSpan={span} fw={700}>{t('quotes.columns.total')}</Table.Td>
              <Table.Td ta="right" fw={700} style={{ whiteSpace: 'nowrap' }}>{money(q.total)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {q.notes ? <Text style={{ whiteSpace: 'pre-line' }}>{q.notes}</Text> : null}
    </Stack>
  );
}
