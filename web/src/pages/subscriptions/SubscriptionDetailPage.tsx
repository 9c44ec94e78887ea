/**
 * One recurring invoice: its schedule, what the next invoice will hold (the server's preview,
 * usage so far included), the invoices generated so far, and pause / resume / cancel.
 */
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Anchor, Button, Grid, Group, Modal, Paper, Radio, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n/index.ts';
import { formatDecimal } from '../../i18n/numbers.ts';
import { userLocale } from '../../i18n/locale.ts';
import { categoryName } from '../catalogue/TaxRatesPage.tsx';
import { ApiError, post } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { formatDate, formatMoney, formatUnitPrice } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { isZero } from '../invoices/invoiceApi.ts';
import {
  billingLabel,
  collectionLabel,
  cycleLabel,
  periodLabel,
  SubscriptionStatusBadge,
  useBillableMetrics,
  useRefreshSubscriptions,
  useSubscription,
  useSubscriptionInvoices,
  useUpcomingInvoice,
  type Subscription,
} from './subscriptionApi.tsx';

const num = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/recurring" size="sm">
      ← {t('subscriptions.list.title')}
    </Anchor>
  );
}

const qty = (value: string) => formatDecimal(value, userLocale());

export default function SubscriptionDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const subscription = useSubscription(id);
  if (subscription.isPending) return <LoadingState label={t('subscriptions.detail.loading')} />;
  if (subscription.isError) {
    const missing = subscription.error instanceof ApiError && subscription.error.status === 404;
    return (
      <Stack gap="sm">
        <BackLink />
        <ErrorState error={subscription.error} title={missing ? t('subscriptions.detail.missing') : t('subscriptions.detail.loadFailed')} />
      </Stack>
    );
  }
  return <SubscriptionDetail sub={subscription.data} />;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function endsText(sub: Subscription): string {
  const t = i18next.t.bind(i18next);
  if (sub.end_date !== null) return t(sub.cancel_at_period_end ? 'subscriptions.detail.canceledEnds' : 'subscriptions.detail.endsOn', { date: formatDate(sub.end_date) });
  if (sub.max_invoices !== null) return t('subscriptions.detail.endsAfter', { count: sub.max_invoices });
  return t('subscriptions.editor.endsNever');
}

function SubscriptionDetail({ sub }: { sub: Subscription }) {
  const { t } = useTranslation();
  const live = sub.status === 'active' || sub.status === 'paused';
  return (
    <Stack gap="md">
      <BackLink />
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2} miw={0}>
          <Group gap="sm" wrap="wrap">
            <Title order={2} style={{ overflowWrap: 'anywhere' }}>
              {sub.customer.name}
            </Title>
            <SubscriptionStatusBadge subscription={sub} />
          </Group>
          <Text c="dimmed" size="sm">
            {cycleLabel(sub.interval, sub.interval_count)} · {t('subscriptions.detail.perPeriod', { amount: formatMoney(sub.amount, sub.currency) })}
            {sub.metered_items.length > 0 ? ` ${t('subscriptions.plusUsage')}` : ''}
          </Text>
        </Stack>
        {live ? <Actions sub={sub} /> : null}
      </Group>

      {sub.billing_error ? (
        <Alert color="red" role="alert" title={t('subscriptions.detail.billingErrorTitle')}>
          {sub.billing_error} {t('subscriptions.detail.billingErrorText')}
        </Alert>
      ) : null}
      {sub.status === 'paused' ? (
        <Alert color="yellow" title={t('subscriptions.detail.pausedSince', { date: formatDate(sub.paused_at) })}>
          {t('subscriptions.detail.pausedText')}
        </Alert>
      ) : null}
      {sub.status === 'active' && sub.cancel_at_period_end ? (
        <Alert color="orange" title={t('subscriptions.detail.cancelAtEndTitle')}>
          {t('subscriptions.detail.cancelAtEndText', { date: formatDate(sub.end_date) })}
        </Alert>
      ) : null}

      <Paper withBorder p="md" component="section" aria-labelledby="schedule-title">
        <Title order={3} size="h4" mb="sm" id="schedule-title">
          {t('subscriptions.schedule')}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="md">
          <Fact label={t('subscriptions.fields.customer')}>
            <Anchor component={Link} to={`/customers/${sub.customer_id}`} size="sm">
              {sub.customer.name}
            </Anchor>
          </Fact>
          <Fact label={t('subscriptions.fields.cycle')}>{cycleLabel(sub.interval, sub.interval_count)}</Fact>
          <Fact label={t('subscriptions.detail.currentPeriod')}>{periodLabel(sub.current_period_start, sub.current_period_end, formatDate)}</Fact>
          <Fact label={t('subscriptions.fields.nextInvoice')}>{sub.next_invoice_date === null ? t('subscriptions.detail.none') : formatDate(sub.next_invoice_date)}</Fact>
          <Fact label={t('subscriptions.detail.invoicesGenerated')}>
            {sub.max_invoices !== null ? t('subscriptions.detail.countOf', { count: sub.invoice_count, max: sub.max_invoices }) : sub.invoice_count}
          </Fact>
          <Fact label={t('subscriptions.detail.invoiced')}>{billingLabel(sub.billing)}</Fact>
          <Fact label={t('subscriptions.fields.collection')}>{collectionLabel(sub.collection)}</Fact>
          <Fact label={t('subscriptions.detail.paymentTerms')}>
            {sub.payment_terms_days === null ? t('subscriptions.detail.termsDefault') : t('subscriptions.detail.days', { count: sub.payment_terms_days })}
          </Fact>
          <Fact label={t('subscriptions.detail.started')}>{formatDate(sub.start_date)}</Fact>
          <Fact label={t('subscriptions.fields.ends')}>{endsText(sub)}</Fact>
          {sub.billing_anchor_day !== null ? <Fact label={t('subscriptions.detail.billingDay')}>{sub.billing_anchor_day}</Fact> : null}
          {sub.created_from_invoice_id !== null ? (
            <Fact label={t('subscriptions.detail.madeFrom')}>
              <Anchor component={Link} to={`/invoices/${sub.created_from_invoice_id}`} size="sm">
                {t('subscriptions.detail.originalInvoice')}
              </Anchor>
            </Fact>
          ) : null}
        </SimpleGrid>
      </Paper>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Upcoming sub={sub} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Items sub={sub} />
        </Grid.Col>
      </Grid>
      <History sub={sub} />
    </Stack>
  );
}

/** Runs an action on the subscription, refreshes, and tells the user; failures are shown. */
function useSubscriptionAction(sub: Subscription) {
  const { t } = useTranslation();
  const refresh = useRefreshSubscriptions();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown; done: string }) => post<Subscription>(`/subscriptions/${sub.id}/${path}`, body),
    onSuccess: async (_saved, { done }) => {
      await refresh();
      notifications.show({ color: 'green', message: done });
    },
    onError: (error) => notifications.show({ color: 'red', title: t('subscriptions.detail.failed'), message: error.message }),
  });
}

function Actions({ sub }: { sub: Subscription }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const action = useSubscriptionAction(sub);
  const [canceling, setCanceling] = useState(false);
  if (!can('accountant')) return null;
  return (
    <Group gap="xs">
      <Button component={Link} to={`/recurring/${sub.id}/edit`} variant="default">
        {t('common.actions.edit')}
      </Button>
      {sub.status === 'paused' ? (
        <Button loading={action.isPending} onClick={() => action.mutate({ path: 'resume', done: t('subscriptions.detail.resumed') })}>
          {t('subscriptions.detail.resume')}
        </Button>
      ) : (
        <ConfirmButton
          label={t('subscriptions.detail.pause')}
          variant="default"
          color="yellow"
          title={t('subscriptions.detail.pauseTitle')}
          message={t('subscriptions.detail.pauseText')}
          confirmLabel={t('subscriptions.detail.pause')}
          onConfirm={() => action.mutateAsync({ path: 'pause', done: t('subscriptions.detail.paused') }).catch(() => undefined)}
        />
      )}
      <Button variant="default" color="red" onClick={() => setCanceling(true)}>
        {t('subscriptions.detail.cancelMenu')}
      </Button>
      <Modal opened={canceling} onClose={() => setCanceling(false)} title={t('subscriptions.detail.cancelTitle')} centered>
        {canceling ? <CancelForm sub={sub} onDone={() => setCanceling(false)} /> : null}
      </Modal>
    </Group>
  );
}

function CancelForm({ sub, onDone }: { sub: Subscription; onDone: () => void }) {
  const { t } = useTranslation();
  const action = useSubscriptionAction(sub);
  // Only an active subscription inside a period can run to its end; otherwise it stops now.
  const canWait = sub.status === 'active' && sub.current_period_end !== null && !sub.cancel_at_period_end;
  const [when, setWhen] = useState<'period_end' | 'now'>(canWait ? 'period_end' : 'now');
  const cancel = () =>
    action.mutate(
      { path: 'cancel', body: { at_period_end: when === 'period_end' }, done: when === 'period_end' ? t('subscriptions.detail.stopsAfterPeriod') : t('subscriptions.detail.canceled') },
      { onSuccess: onDone },
    );
  return (
    <Stack>
      <Text size="sm">{t('subscriptions.detail.cancelText')}</Text>
      <Radio.Group label={t('subscriptions.detail.whenStop')} value={when} onChange={setWhen}>
        <Stack gap="xs" mt={6}>
          {canWait ? (
            <Radio
              value="period_end"
              label={t('subscriptions.detail.atPeriodEnd', { date: formatDate(sub.current_period_end) })}
              description={t('subscriptions.detail.atPeriodEndHint')}
            />
          ) : null}
          <Radio value="now" label={t('subscriptions.detail.now')} description={t('subscriptions.detail.nowHint')} />
        </Stack>
      </Radio.Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('subscriptions.detail.keepIt')}
        </Button>
        <Button color="red" loading={action.isPending} onClick={cancel}>
          {t('subscriptions.detail.cancelSubmit')}
        </Button>
      </Group>
    </Stack>
  );
}

function Upcoming({ sub }: { sub: Subscription }) {
  const { t } = useTranslation();
  const upcoming = useUpcomingInvoice(sub);
  let body;
  if (upcoming.isPending) body = <LoadingState label={t('subscriptions.upcoming.loading')} />;
  else if (upcoming.isError) body = <ErrorState error={upcoming.error} title={t('subscriptions.upcoming.loadFailed')} />;
  else if ('none' in upcoming.data)
    body = (
      <Text size="sm" c="dimmed">
        {upcoming.data.none}.
      </Text>
    );
  else {
    const inv = upcoming.data;
    const money = (amount: string) => formatMoney(amount, inv.currency);
    const totals: [string, string, boolean?][] = [[t('subscriptions.upcoming.subtotal'), money(inv.subtotal)]];
    if (!isZero(inv.allowance_total)) totals.push([t('subscriptions.upcoming.allowances'), `−${money(inv.allowance_total)}`]);
    if (!isZero(inv.charge_total)) totals.push([t('subscriptions.upcoming.charges'), money(inv.charge_total)]);
    for (const tax of inv.taxes)
      totals.push([`${tax.name ?? (tax.category === 'O' ? categoryName('O') : t('subscriptions.upcoming.tax', { category: tax.category }))} (${qty(tax.percentage)} %)`, money(tax.tax_amount)]);
    totals.push([t('subscriptions.upcoming.total'), money(inv.total), true]);
    body = (
      <Stack gap="sm">
        <Text size="sm">
          {t('subscriptions.upcoming.generatedOn')} <b>{formatDate(inv.billing_date)}</b>
          {inv.period_start !== null ? (
            <>
              {' '}
              {t('subscriptions.upcoming.for')} <b>{periodLabel(inv.period_start, inv.period_end, formatDate)}</b>
            </>
          ) : null}
          {inv.due_date !== null ? <>, {t('subscriptions.upcoming.due', { date: formatDate(inv.due_date) })}</> : null}.
        </Text>
        <Table aria-label={t('subscriptions.upcoming.linesLabel')} verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('subscriptions.upcoming.description')}</Table.Th>
              <Table.Th ta="right" style={num}>
                {t('subscriptions.upcoming.amount')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inv.lines.map((line) => (
              <Table.Tr key={line.id}>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  {line.description}
                  <Text size="xs" c="dimmed" style={num}>
                    {qty(line.quantity)}
                    {line.unit ? ` ${line.unit}` : ''} × {formatUnitPrice(line.unit_price, inv.currency)}
                    {line.discount ? `, ${t('subscriptions.upcoming.less', { discount: line.discount })}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" style={num} valign="top">
                  {money(line.net_amount)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Table aria-label={t('subscriptions.upcoming.totalsLabel')} verticalSpacing={4} maw={360} ml="auto">
          <Table.Tbody>
            {totals.map(([label, amount, strong]) => (
              <Table.Tr key={label}>
                <Table.Th scope="row" fw={strong ? 700 : 400}>
                  {label}
                </Table.Th>
                <Table.Td ta="right" fw={strong ? 700 : 400} style={num}>
                  {amount}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {sub.metered_items.length > 0 ? (
          <Text size="xs" c="dimmed">
            {t('subscriptions.upcoming.usageNote')}
          </Text>
        ) : null}
      </Stack>
    );
  }
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="upcoming-title" h="100%">
      <Title order={3} size="h4" mb="sm" id="upcoming-title">
        {t('subscriptions.upcoming.title')}
      </Title>
      {body}
    </Paper>
  );
}

/** What each invoice bills: the fixed lines as entered, and the metered items. */
function Items({ sub }: { sub: Subscription }) {
  const { t } = useTranslation();
  const metrics = useBillableMetrics(sub.metered_items.length > 0);
  const metricName = (code: string) => metrics.data?.find((m) => m.code === code)?.name ?? code;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="items-title" h="100%">
      <Title order={3} size="h4" mb="sm" id="items-title">
        {t('subscriptions.items.title')}
      </Title>
      <Stack gap={6}>
        {sub.lines.map((line) => (
          <Group key={line.id} justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {line.description ?? t('subscriptions.items.catalogueProduct')}
            </Text>
            <Text size="sm" style={num}>
              {qty(line.quantity)} × {line.unit_price === null ? t('subscriptions.items.productPrice') : formatUnitPrice(line.unit_price, sub.currency)}
            </Text>
          </Group>
        ))}
        {sub.metered_items.map((item) => (
          <Group key={item.id} justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {item.description ?? metricName(item.metric_code)}{' '}
              <Text span size="xs" c="dimmed">
                ({t('subscriptions.items.usageOf', { code: item.metric_code })}
                {item.bill_immediately ? `, ${t('subscriptions.items.billedImmediately')}` : ''})
              </Text>
            </Text>
            <Text size="sm" style={num}>
              {formatUnitPrice(item.unit_price, sub.currency)} / {item.unit ?? t('subscriptions.items.unit')}
            </Text>
          </Group>
        ))}
        {sub.notes ? (
          <Text size="xs" c="dimmed" mt="xs" style={{ whiteSpace: 'pre-line' }}>
            {t('subscriptions.items.notes')}: {sub.notes}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function History({ sub }: { sub: Subscription }) {
  const { t } = useTranslation();
  const invoices = useSubscriptionInvoices(sub.id);
  let body;
  if (invoices.isPending) body = <LoadingState label={t('subscriptions.history.loading')} />;
  else if (invoices.isError) body = <ErrorState error={invoices.error} title={t('subscriptions.history.loadFailed')} />;
  else if (invoices.data.data.length === 0)
    body = (
      <Text size="sm" c="dimmed">
        {t('subscriptions.history.noneYet')}
        {sub.next_invoice_date !== null ? ` ${t('subscriptions.history.firstOn', { date: formatDate(sub.next_invoice_date) })}` : ''}
      </Text>
    );
  else
    body = (
      <>
      <Table.ScrollContainer minWidth={620} visibleFrom="sm">
        <Table aria-label={t('subscriptions.history.tableLabel')} verticalSpacing="xs" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('subscriptions.history.number')}</Table.Th>
              <Table.Th>{t('subscriptions.history.period')}</Table.Th>
              <Table.Th>{t('subscriptions.history.issued')}</Table.Th>
              <Table.Th ta="right">{t('subscriptions.upcoming.total')}</Table.Th>
              <Table.Th>{t('subscriptions.fields.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invoices.data.data.map((invoice) => (
              <Table.Tr key={invoice.id}>
                <Table.Td style={num}>
                  <Anchor component={Link} to={`/invoices/${invoice.id}`} size="sm">
                    {invoice.number ?? t('subscriptions.history.draft')}
                  </Anchor>
                </Table.Td>
                <Table.Td style={num}>{periodLabel(invoice.period_start, invoice.period_end, formatDate)}</Table.Td>
                <Table.Td style={num}>{formatDate(invoice.issue_date)}</Table.Td>
                <Table.Td ta="right" style={num}>
                  {formatMoney(invoice.total, invoice.currency)}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={invoice.status} overdue={invoice.overdue} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap="xs" hiddenFrom="sm">
        {invoices.data.data.map((invoice) => (
          <Paper key={invoice.id} withBorder p="xs">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={`/invoices/${invoice.id}`} size="sm" fw={600}>
                {invoice.number ?? t('subscriptions.history.draft')}
              </Anchor>
              <StatusBadge status={invoice.status} overdue={invoice.overdue} />
            </Group>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="xs" c="dimmed">
                {periodLabel(invoice.period_start, invoice.period_end, formatDate)}
              </Text>
              <Text size="sm" style={num}>
                {formatMoney(invoice.total, invoice.currency)}
              </Text>
            </Group>
          </Paper>
        ))}
      </Stack>
      </>
    );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="history-title">
      <Title order={3} size="h4" mb="sm" id="history-title">
        {t('subscriptions.detail.invoicesGenerated')}
      </Title>
      {body}
    </Paper>
  );
}
