/**
 * Create or change a recurring invoice: who is billed, the cycle, how each invoice is
 * collected, its lines (the invoice editor's, with live totals) and metered usage. A change
 * applies to invoices not generated yet; once one was, the cycle itself stays as it is.
 */
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Anchor, Button, Code, Grid, Group, NumberInput, Paper, Radio, SegmentedControl, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { currencyCodeList } from '../../../../src/domain/money/index.ts';
import { ApiError, patch, post } from '../../api/client.ts';
import type { BillableMetric } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { formatDate } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useBusinessToday } from '../../components/TestClock.tsx';
import { CustomerPicker } from '../invoices/CustomerPicker.tsx';
import type { EditorValues } from '../invoices/editorModel.ts';
import { useProducts, useTaxRates, type Product, type TaxRate } from '../invoices/invoiceApi.ts';
import { LinesEditor } from '../invoices/LinesEditor.tsx';
import { NotesAndTerms, SaveErrorAlert } from '../invoices/DocumentFormParts.tsx';
import { TotalsPanel } from '../invoices/TotalsPanel.tsx';
import { MeteredItemsEditor } from './MeteredItemsEditor.tsx';
import {
  BILLING_OPTIONS,
  COLLECTION_OPTIONS,
  cycleLabel,
  firstOfNextMonth,
  INTERVAL_OPTIONS,
  intervalUnit,
  useBillableMetrics,
  useRefreshSubscriptions,
  useSubscription,
  type Interval,
  type Subscription,
} from './subscriptionApi.tsx';
import {
  blankDocument,
  blankSchedule,
  createBody,
  DOCUMENT_PATHS,
  documentOf,
  hasAnchorDay,
  periodTotals,
  scheduleOf,
  updateBody,
  type ScheduleValues,
} from './subscriptionModel.ts';

export default function SubscriptionEditorPage() {
  const { id } = useParams();
  const subscription = useSubscription(id);
  const rates = useTaxRates();
  const products = useProducts();
  const metrics = useBillableMetrics();
  const today = useBusinessToday();
  if (subscription.isError) return <ErrorState error={subscription.error} />;
  if (rates.isError) return <ErrorState error={rates.error} />;
  if (products.isError) return <ErrorState error={products.error} />;
  if (metrics.isError) return <ErrorState error={metrics.error} />;
  if ((id !== undefined && subscription.isPending) || rates.isPending || products.isPending || metrics.isPending) return <LoadingState />;
  const sub = subscription.data ?? null;
  if (sub !== null && (sub.status === 'canceled' || sub.status === 'ended')) {
    return <ErrorState title={`This recurring invoice has ${sub.status === 'ended' ? 'ended' : 'been canceled'}`} message="It can no longer be changed; create a new one instead." />;
  }
  return (
    <Editor key={id ?? 'new'} subscription={sub} startDate={firstOfNextMonth(today)} rates={rates.data.data} products={products.data.data} metrics={metrics.data} />
  );
}

const CURRENCIES = currencyCodeList();

/** "Monthly, invoiced on the first day of each period, from Dec 1, 2026, until stopped." */
function scheduleSummary(values: ScheduleValues, count: number): string {
  const when = values.billing === 'in_advance' ? 'invoiced on the first day of each period' : 'invoiced the day after each period ends';
  const from = values.start_date ? `, from ${formatDate(values.start_date)}` : '';
  const max = Number(values.max_invoices);
  const until =
    values.ends === 'date' && values.end_date
      ? `, until ${formatDate(values.end_date)}`
      : values.ends === 'count' && max > 0
        ? `, ${max} invoice${max === 1 ? '' : 's'} in all`
        : ', until you stop it';
  return `${cycleLabel(values.interval, count)}, ${when}${from}${until}.`;
}

const PLACEHOLDER_HINT = (
  <Text size="sm" c="dimmed">
    Descriptions may use <Code>{'{period_start}'}</Code>, <Code>{'{period_end}'}</Code>, <Code>{'{month}'}</Code> and <Code>{'{year}'}</Code>: each invoice
    fills in the period it bills, so “Hosting {'{month}'} {'{year}'}” becomes “Hosting December 2026”. Leave the unit price of a catalogue line empty to
    bill the product’s price on the day each invoice is made.
  </Text>
);

interface EditorProps {
  subscription: Subscription | null;
  startDate: string;
  rates: TaxRate[];
  products: Product[];
  metrics: BillableMetric[];
}

function Editor({ subscription, startDate, rates, products, metrics }: EditorProps) {
  const { me } = useSession();
  const navigate = useNavigate();
  const refresh = useRefreshSubscriptions();
  const doc = useForm<EditorValues>({ initialValues: subscription === null ? blankDocument(me.organization.currency) : documentOf(subscription) });
  const schedule = useForm<ScheduleValues>({ initialValues: subscription === null ? blankSchedule(startDate) : scheduleOf(subscription) });
  const live = useMemo(() => periodTotals(doc.values, rates, products), [doc.values, rates, products]);
  // Once invoices exist, their periods must keep lining up: the cycle is fixed (the server says so too).
  const cycleFixed = subscription !== null && subscription.invoice_count > 0;
  const fixedNote = cycleFixed ? 'Fixed once invoices were generated' : undefined;

  const save = useMutation({
    mutationFn: () =>
      subscription === null
        ? post<Subscription>('/subscriptions', createBody(doc.values, schedule.values))
        : patch<Subscription>(`/subscriptions/${subscription.id}`, updateBody(doc.values, schedule.values)),
    onSuccess: async (saved) => {
      await refresh();
      notifications.show({ color: 'green', message: subscription === null ? 'Recurring invoice created' : 'Recurring invoice saved' });
      void navigate(`/recurring/${saved.id}`);
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const byField = error.byField();
      doc.setErrors(Object.fromEntries(Object.entries(byField).filter(([path]) => DOCUMENT_PATHS.test(path))));
      schedule.setErrors(Object.fromEntries(Object.entries(byField).filter(([path]) => !DOCUMENT_PATHS.test(path))));
    },
  });
  const shownPaths =
    /^(customer_id|currency|notes|terms|lines|lines\.\d+\.(product_id|description|quantity|unit|unit_price|discount|tax_rate_id)|interval|interval_count|start_date|billing_anchor_day|end_date|max_invoices|billing|collection|payment_terms_days|metered_items|metered_items\.\d+\.(metric_code|unit_price))$/;

  const { interval } = schedule.values;
  const count = Number(schedule.values.interval_count) || 1;
  const setInterval = (value: Interval) => {
    schedule.setFieldValue('interval', value);
    if (!hasAnchorDay(value)) schedule.setFieldValue('billing_anchor_day', '');
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2}>{subscription === null ? 'New recurring invoice' : 'Edit recurring invoice'}</Title>
          <Anchor component={Link} to={subscription === null ? '/recurring' : `/recurring/${subscription.id}`} size="sm">
            Cancel
          </Anchor>
        </Group>

        <Paper withBorder p="md">
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 12, md: 6 }}>
              {subscription === null ? (
                <CustomerPicker
                  label="Customer"
                  required
                  value={doc.values.customer_id}
                  error={doc.errors.customer_id as string | undefined}
                  onChange={(customer) => {
                    doc.setFieldValue('customer_id', customer?.id ?? null);
                    if (customer?.currency) doc.setFieldValue('currency', customer.currency);
                  }}
                />
              ) : (
                <TextInput label="Customer" value={subscription.customer.name} readOnly description="The customer of a recurring invoice stays the same" />
              )}
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 4, md: 2 }}>
              <Select label="Currency" searchable allowDeselect={false} data={CURRENCIES} disabled={subscription !== null} {...doc.getInputProps('currency')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 8, md: 4 }}>
              <Switch label="Prices include tax" {...doc.getInputProps('prices_include_tax', { type: 'checkbox' })} />
            </Grid.Col>
          </Grid>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="schedule-title">
          <Title order={3} size="h4" id="schedule-title" mb="sm">
            Schedule
          </Title>
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 5, sm: 3, md: 2 }}>
              <NumberInput label="Bill every" min={1} max={365} allowDecimal={false} allowNegative={false} disabled={cycleFixed} {...schedule.getInputProps('interval_count')} />
            </Grid.Col>
            <Grid.Col span={{ base: 7, sm: 3, md: 2 }}>
              <Select
                label="Period"
                aria-label="Interval"
                data={INTERVAL_OPTIONS.map((o) => ({ value: o.value, label: intervalUnit(o.value, count).replace(/^./, (c) => c.toUpperCase()) }))}
                allowDeselect={false}
                disabled={cycleFixed}
                {...schedule.getInputProps('interval')}
                onChange={(value: string | null) => {
                  if (value) setInterval(value as Interval);
                }}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
              <TextInput
                label="Start date"
                type="date"
                description={subscription === null ? 'First day of the first period' : 'The cycle’s start stays as it is'}
                disabled={subscription !== null}
                {...schedule.getInputProps('start_date')}
              />
            </Grid.Col>
            {hasAnchorDay(interval) ? (
              <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
                <NumberInput
                  label="Billing day of the month"
                  placeholder="The start date’s day"
                  description={fixedNote ?? 'Empty: the start date’s day'}
                  min={1}
                  max={31}
                  allowDecimal={false}
                  allowNegative={false}
                  disabled={cycleFixed}
                  {...schedule.getInputProps('billing_anchor_day')}
                />
              </Grid.Col>
            ) : null}
            <Grid.Col span={12}>
              <Stack gap={6}>
                <Text size="sm" fw={500}>
                  Ends
                </Text>
                <SegmentedControl
                  aria-label="Ends"
                  w={{ base: '100%', sm: 'auto' }}
                  style={{ alignSelf: 'flex-start' }}
                  data={[
                    { value: 'never', label: 'Never' },
                    { value: 'date', label: 'On a date' },
                    { value: 'count', label: 'After N invoices' },
                  ]}
                  value={schedule.values.ends}
                  onChange={(value) => schedule.setFieldValue('ends', value)}
                />
                {schedule.values.ends === 'date' ? (
                  <TextInput label="End date" type="date" description="Last day of service: the last period is cut to end on it" maw={320} {...schedule.getInputProps('end_date')} />
                ) : null}
                {schedule.values.ends === 'count' ? (
                  <NumberInput label="Number of invoices" min={1} allowDecimal={false} allowNegative={false} maw={320} {...schedule.getInputProps('max_invoices')} />
                ) : null}
                {schedule.errors.end_date && schedule.values.ends !== 'date' ? <Text c="red" size="sm">{schedule.errors.end_date}</Text> : null}
              </Stack>
            </Grid.Col>
            <Grid.Col span={12}>
              <Radio.Group label="Invoice each period" description={fixedNote} {...schedule.getInputProps('billing')}>
                <Stack gap="xs" mt={6}>
                  {BILLING_OPTIONS.map((o) => (
                    <Radio key={o.value} value={o.value} label={o.label} description={o.description} disabled={cycleFixed} />
                  ))}
                </Stack>
              </Radio.Group>
            </Grid.Col>
          </Grid>
          <Text size="sm" mt="md" p="xs" bg="var(--mantine-color-gray-0)" style={{ borderRadius: 'var(--mantine-radius-sm)' }} data-testid="schedule-summary">
            {scheduleSummary(schedule.values, count)}
          </Text>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="collection-title">
          <Title order={3} size="h4" id="collection-title" mb="sm">
            Collection
          </Title>
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Radio.Group label="When an invoice is generated" {...schedule.getInputProps('collection')}>
                <Stack gap="xs" mt={6}>
                  {COLLECTION_OPTIONS.map((o) => (
                    <Radio key={o.value} value={o.value} label={o.label} description={o.description} />
                  ))}
                </Stack>
              </Radio.Group>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <NumberInput
                label="Payment terms (days)"
                placeholder="Customer’s or your default"
                description="Days from each invoice’s date to its due date"
                min={0}
                max={3650}
                allowDecimal={false}
                allowNegative={false}
                {...schedule.getInputProps('payment_terms_days')}
              />
            </Grid.Col>
          </Grid>
        </Paper>

        <LinesEditor form={doc} products={products} rates={rates} live={live} adjustments={false} hint={PLACEHOLDER_HINT} />
        <TotalsPanel live={live} currency={doc.values.currency} rates={rates} />

        <MeteredItemsEditor form={schedule} metrics={metrics} rates={rates} />

        <NotesAndTerms form={doc} />

        <SaveErrorAlert error={save.error} title="The recurring invoice was not saved" shownPaths={shownPaths} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {subscription === null ? 'Create recurring invoice' : 'Save changes'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
