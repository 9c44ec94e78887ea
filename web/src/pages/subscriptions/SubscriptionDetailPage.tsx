/**
 * One recurring invoice: its schedule, what the next invoice will hold (the server's preview,
 * usage so far included), the invoices generated so far, and pause / resume / cancel.
 */
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Anchor, Button, Grid, Group, Modal, Paper, Radio, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
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

const BackLink = () => (
  <Anchor component={Link} to="/recurring" size="sm">
    ← Recurring billing
  </Anchor>
);

export default function SubscriptionDetailPage() {
  const { id = '' } = useParams();
  const subscription = useSubscription(id);
  if (subscription.isPending) return <LoadingState label="Loading the recurring invoice" />;
  if (subscription.isError) {
    const missing = subscription.error instanceof ApiError && subscription.error.status === 404;
    return (
      <Stack gap="sm">
        <BackLink />
        <ErrorState error={subscription.error} title={missing ? 'No such recurring invoice' : 'Could not load the recurring invoice'} />
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
  if (sub.end_date !== null) return `${sub.cancel_at_period_end ? 'Canceled, ends' : 'On'} ${formatDate(sub.end_date)}`;
  if (sub.max_invoices !== null) return `After ${sub.max_invoices} invoice${sub.max_invoices === 1 ? '' : 's'}`;
  return 'Never';
}

function SubscriptionDetail({ sub }: { sub: Subscription }) {
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
            {cycleLabel(sub.interval, sub.interval_count)} · {formatMoney(sub.amount, sub.currency)} per period{sub.metered_items.length > 0 ? ' + usage' : ''}
          </Text>
        </Stack>
        {live ? <Actions sub={sub} /> : null}
      </Group>

      {sub.billing_error ? (
        <Alert color="red" role="alert" title="The last invoice could not be generated">
          {sub.billing_error} Settle tries again every few minutes; correct what it names (for example the customer or a tax rate) and it goes through.
        </Alert>
      ) : null}
      {sub.status === 'paused' ? (
        <Alert color="yellow" title={`Paused since ${formatDate(sub.paused_at)}`}>
          No invoice is generated for a period that starts while it is paused. When you resume, billing goes on with the next period; nothing is
          billed for the paused time.
        </Alert>
      ) : null}
      {sub.status === 'active' && sub.cancel_at_period_end ? (
        <Alert color="orange" title="Canceled at the end of the current period">
          The current period is still billed as usual; nothing is billed after {formatDate(sub.end_date)}.
        </Alert>
      ) : null}

      <Paper withBorder p="md" component="section" aria-labelledby="schedule-title">
        <Title order={3} size="h4" mb="sm" id="schedule-title">
          Schedule
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="md">
          <Fact label="Customer">
            <Anchor component={Link} to={`/customers/${sub.customer_id}`} size="sm">
              {sub.customer.name}
            </Anchor>
          </Fact>
          <Fact label="Cycle">{cycleLabel(sub.interval, sub.interval_count)}</Fact>
          <Fact label="Current period">{periodLabel(sub.current_period_start, sub.current_period_end, formatDate)}</Fact>
          <Fact label="Next invoice">{sub.next_invoice_date === null ? 'None' : formatDate(sub.next_invoice_date)}</Fact>
          <Fact label="Invoices generated">
            {sub.invoice_count}
            {sub.max_invoices !== null ? ` of ${sub.max_invoices}` : ''}
          </Fact>
          <Fact label="Invoiced">{billingLabel(sub.billing)}</Fact>
          <Fact label="Collection">{collectionLabel(sub.collection)}</Fact>
          <Fact label="Payment terms">{sub.payment_terms_days === null ? 'Customer’s or default' : `${sub.payment_terms_days} days`}</Fact>
          <Fact label="Started">{formatDate(sub.start_date)}</Fact>
          <Fact label="Ends">{endsText(sub)}</Fact>
          {sub.billing_anchor_day !== null ? <Fact label="Billing day">{sub.billing_anchor_day}</Fact> : null}
          {sub.created_from_invoice_id !== null ? (
            <Fact label="Made from">
              <Anchor component={Link} to={`/invoices/${sub.created_from_invoice_id}`} size="sm">
                The original invoice
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
  const refresh = useRefreshSubscriptions();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown; done: string }) => post<Subscription>(`/subscriptions/${sub.id}/${path}`, body),
    onSuccess: async (_saved, { done }) => {
      await refresh();
      notifications.show({ color: 'green', message: done });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'That did not work', message: error.message }),
  });
}

function Actions({ sub }: { sub: Subscription }) {
  const { can } = useSession();
  const action = useSubscriptionAction(sub);
  const [canceling, setCanceling] = useState(false);
  if (!can('accountant')) return null;
  return (
    <Group gap="xs">
      <Button component={Link} to={`/recurring/${sub.id}/edit`} variant="default">
        Edit
      </Button>
      {sub.status === 'paused' ? (
        <Button loading={action.isPending} onClick={() => action.mutate({ path: 'resume', done: 'Recurring invoice resumed' })}>
          Resume
        </Button>
      ) : (
        <ConfirmButton
          label="Pause"
          variant="default"
          color="yellow"
          title="Pause this recurring invoice?"
          message="No invoice is generated for a period that starts while it is paused. When you resume, billing goes on with the next period; the paused time is not billed."
          confirmLabel="Pause"
          onConfirm={() => action.mutateAsync({ path: 'pause', done: 'Recurring invoice paused' }).catch(() => undefined)}
        />
      )}
      <Button variant="default" color="red" onClick={() => setCanceling(true)}>
        Cancel…
      </Button>
      <Modal opened={canceling} onClose={() => setCanceling(false)} title="Cancel this recurring invoice?" centered>
        {canceling ? <CancelForm sub={sub} onDone={() => setCanceling(false)} /> : null}
      </Modal>
    </Group>
  );
}

function CancelForm({ sub, onDone }: { sub: Subscription; onDone: () => void }) {
  const action = useSubscriptionAction(sub);
  // Only an active subscription inside a period can run to its end; otherwise it stops now.
  const canWait = sub.status === 'active' && sub.current_period_end !== null && !sub.cancel_at_period_end;
  const [when, setWhen] = useState<'period_end' | 'now'>(canWait ? 'period_end' : 'now');
  const cancel = () =>
    action.mutate(
      { path: 'cancel', body: { at_period_end: when === 'period_end' }, done: when === 'period_end' ? 'It stops after the current period' : 'Recurring invoice canceled' },
      { onSuccess: onDone },
    );
  return (
    <Stack>
      <Text size="sm">Invoices already generated stay as they are. A canceled recurring invoice cannot be restarted; you would create a new one.</Text>
      <Radio.Group label="When should it stop?" value={when} onChange={setWhen}>
        <Stack gap="xs" mt={6}>
          {canWait ? (
            <Radio
              value="period_end"
              label={`At the end of the current period (${formatDate(sub.current_period_end)})`}
              description="The current period is billed as usual, then nothing more."
            />
          ) : null}
          <Radio value="now" label="Now" description="No further invoice is generated, not even for the current period." />
        </Stack>
      </Radio.Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Keep it
        </Button>
        <Button color="red" loading={action.isPending} onClick={cancel}>
          Cancel recurring invoice
        </Button>
      </Group>
    </Stack>
  );
}

function Upcoming({ sub }: { sub: Subscription }) {
  const upcoming = useUpcomingInvoice(sub);
  let body;
  if (upcoming.isPending) body = <LoadingState label="Loading the upcoming invoice" />;
  else if (upcoming.isError) body = <ErrorState error={upcoming.error} title="Could not preview the upcoming invoice" />;
  else if ('none' in upcoming.data)
    body = (
      <Text size="sm" c="dimmed">
        {upcoming.data.none}.
      </Text>
    );
  else {
    const inv = upcoming.data;
    const money = (amount: string) => formatMoney(amount, inv.currency);
    const totals: [string, string, boolean?][] = [['Subtotal', money(inv.subtotal)]];
    if (!isZero(inv.allowance_total)) totals.push(['Allowances', `−${money(inv.allowance_total)}`]);
    if (!isZero(inv.charge_total)) totals.push(['Charges', money(inv.charge_total)]);
    for (const tax of inv.taxes) totals.push([`${tax.name ?? (tax.category === 'O' ? 'Not subject to VAT' : `Tax ${tax.category}`)} (${tax.percentage}%)`, money(tax.tax_amount)]);
    totals.push(['Total', money(inv.total), true]);
    body = (
      <Stack gap="sm">
        <Text size="sm">
          Generated on <b>{formatDate(inv.billing_date)}</b>
          {inv.period_start !== null ? (
            <>
              {' '}
              for <b>{periodLabel(inv.period_start, inv.period_end, formatDate)}</b>
            </>
          ) : null}
          {inv.due_date !== null ? <>, due {formatDate(inv.due_date)}</> : null}.
        </Text>
        <Table aria-label="Upcoming invoice lines" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Description</Table.Th>
              <Table.Th ta="right" style={num}>
                Amount
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inv.lines.map((line) => (
              <Table.Tr key={line.id}>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  {line.description}
                  <Text size="xs" c="dimmed" style={num}>
                    {line.quantity}
                    {line.unit ? ` ${line.unit}` : ''} × {formatUnitPrice(line.unit_price, inv.currency)}
                    {line.discount ? `, less ${line.discount}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" style={num} valign="top">
                  {money(line.net_amount)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Table aria-label="Upcoming invoice totals" verticalSpacing={4} maw={360} ml="auto">
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
            Usage is counted as it stands now; the invoice bills what was used by the end of the period.
          </Text>
        ) : null}
      </Stack>
    );
  }
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="upcoming-title" h="100%">
      <Title order={3} size="h4" mb="sm" id="upcoming-title">
        Upcoming invoice
      </Title>
      {body}
    </Paper>
  );
}

/** What each invoice bills: the fixed lines as entered, and the metered items. */
function Items({ sub }: { sub: Subscription }) {
  const metrics = useBillableMetrics(sub.metered_items.length > 0);
  const metricName = (code: string) => metrics.data?.find((m) => m.code === code)?.name ?? code;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="items-title" h="100%">
      <Title order={3} size="h4" mb="sm" id="items-title">
        Billed each period
      </Title>
      <Stack gap={6}>
        {sub.lines.map((line) => (
          <Group key={line.id} justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {line.description ?? 'Catalogue product'}
            </Text>
            <Text size="sm" style={num}>
              {line.quantity} × {line.unit_price === null ? 'product price' : formatUnitPrice(line.unit_price, sub.currency)}
            </Text>
          </Group>
        ))}
        {sub.metered_items.map((item) => (
          <Group key={item.id} justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {item.description ?? metricName(item.metric_code)}{' '}
              <Text span size="xs" c="dimmed">
                (usage of {item.metric_code}
                {item.bill_immediately ? ', billed immediately' : ''})
              </Text>
            </Text>
            <Text size="sm" style={num}>
              {formatUnitPrice(item.unit_price, sub.currency)} / {item.unit ?? 'unit'}
            </Text>
          </Group>
        ))}
        {sub.notes ? (
          <Text size="xs" c="dimmed" mt="xs" style={{ whiteSpace: 'pre-line' }}>
            Notes: {sub.notes}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function History({ sub }: { sub: Subscription }) {
  const invoices = useSubscriptionInvoices(sub.id);
  let body;
  if (invoices.isPending) body = <LoadingState label="Loading invoices" />;
  else if (invoices.isError) body = <ErrorState error={invoices.error} title="Could not load the invoices" />;
  else if (invoices.data.data.length === 0)
    body = (
      <Text size="sm" c="dimmed">
        None yet.{sub.next_invoice_date !== null ? ` The first is generated on ${formatDate(sub.next_invoice_date)}.` : ''}
      </Text>
    );
  else
    body = (
      <Table.ScrollContainer minWidth={620}>
        <Table aria-label="Generated invoices" verticalSpacing="xs" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Period</Table.Th>
              <Table.Th>Issued</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invoices.data.data.map((invoice) => (
              <Table.Tr key={invoice.id}>
                <Table.Td style={num}>
                  <Anchor component={Link} to={`/invoices/${invoice.id}`} size="sm">
                    {invoice.number ?? 'Draft'}
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
    );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="history-title">
      <Title order={3} size="h4" mb="sm" id="history-title">
        Invoices generated
      </Title>
      {body}
    </Paper>
  );
}
