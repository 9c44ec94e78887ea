/**
 * Create or change a recurring invoice: who is billed, the cycle, how each invoice is
 * collected, its lines (the invoice editor's, with live totals) and metered usage. A change
 * applies to invoices not generated yet; once one was, the cycle itself stays as it is.
 */
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Anchor, Button, Code, Grid, Group, NumberInput, Paper, Radio, SegmentedControl, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { ApiError, patch, post } from '../../api/client.ts';
import type { BillableMetric } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { formatDate } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { DateField } from '../../components/inputs/DateField.tsx';
import { CurrencySelect } from '../../components/inputs/pickers.tsx';
import { i18next } from '../../i18n/index.ts';
import { useBusinessToday } from '../../components/TestClock.tsx';
import { CustomerPicker } from '../invoices/CustomerPicker.tsx';
import type { EditorValues } from '../invoices/editorModel.ts';
import { useProducts, useTaxRates, type Product, type TaxRate } from '../invoices/invoiceApi.ts';
import { LinesEditor } from '../invoices/LinesEditor.tsx';
import { NotesAndTerms, SaveErrorAlert } from '../invoices/DocumentFormParts.tsx';
import { TotalsPanel } from '../invoices/TotalsPanel.tsx';
import { MeteredItemsEditor } from './MeteredItemsEditor.tsx';
import {
  billingOptions,
  collectionOptions,
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
  const { t } = useTranslation();
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
    return <ErrorState title={t(sub.status === 'ended' ? 'subscriptions.editor.ended' : 'subscriptions.editor.canceled')} message={t('subscriptions.editor.noLongerChangeable')} />;
  }
  return (
    <Editor key={id ?? 'new'} subscription={sub} startDate={firstOfNextMonth(today)} rates={rates.data.data} products={products.data.data} metrics={metrics.data} />
  );
}

/** "Monthly, invoiced on the first day of each period, from Dec 1, 2026, until stopped." */
function scheduleSummary(values: ScheduleValues, count: number): string {
  const t = i18next.t.bind(i18next);
  const when = values.billing === 'in_advance' ? t('subscriptions.summary.inAdvance') : t('subscriptions.summary.inArrears');
  const from = values.start_date ? t('subscriptions.summary.from', { date: formatDate(values.start_date) }) : '';
  const max = Number(values.max_invoices);
  const until =
    values.ends === 'date' && values.end_date
      ? t('subscriptions.summary.until', { date: formatDate(values.end_date) })
      : values.ends === 'count' && max > 0
        ? t('subscriptions.summary.inAll', { count: max })
        : t('subscriptions.summary.untilStopped');
  return `${cycleLabel(values.interval, count)}, ${when}${from}${until}.`;
}

function PlaceholderHint() {
  const { t } = useTranslation();
  const code = (text: string) => <Code>{text}</Code>;
  return (
    <Text size="sm" c="dimmed">
      {t('subscriptions.editor.placeholdersMay')} {code('{period_start}')}, {code('{period_end}')}, {code('{month}')}, {code('{year}')}.{' '}
      {t('subscriptions.editor.placeholderHint', { example: t('subscriptions.editor.placeholderExample', { month: '{month}', year: '{year}' }) })}
    </Text>
  );
}

interface EditorProps {
  subscription: Subscription | null;
  startDate: string;
  rates: TaxRate[];
  products: Product[];
  metrics: BillableMetric[];
}

function Editor({ subscription, startDate, rates, products, metrics }: EditorProps) {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const refresh = useRefreshSubscriptions();
  const doc = useForm<EditorValues>({ initialValues: subscription === null ? blankDocument(me.organization.currency) : documentOf(subscription) });
  const schedule = useForm<ScheduleValues>({ initialValues: subscription === null ? blankSchedule(startDate) : scheduleOf(subscription) });
  const live = useMemo(() => periodTotals(doc.values, rates, products), [doc.values, rates, products]);
  // Once invoices exist, their periods must keep lining up: the cycle is fixed (the server says so too).
  const cycleFixed = subscription !== null && subscription.invoice_count > 0;
  const fixedNote = cycleFixed ? t('subscriptions.editor.fixedNote') : undefined;

  const save = useMutation({
    mutationFn: () =>
      subscription === null
        ? post<Subscription>('/subscriptions', createBody(doc.values, schedule.values))
        : patch<Subscription>(`/subscriptions/${subscription.id}`, updateBody(doc.values, schedule.values)),
    onSuccess: async (saved) => {
      await refresh();
      notifications.show({ color: 'green', message: subscription === null ? t('subscriptions.created') : t('subscriptions.editor.saved') });
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
          <Title order={2}>{subscription === null ? t('subscriptions.editor.newTitle') : t('subscriptions.editor.editTitle')}</Title>
          <Anchor component={Link} to={subscription === null ? '/recurring' : `/recurring/${subscription.id}`} size="sm">
            {t('common.actions.cancel')}
          </Anchor>
        </Group>

        <Paper withBorder p="md">
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 12, md: 6 }}>
              {subscription === null ? (
                <CustomerPicker
                  label={t('subscriptions.fields.customer')}
                  required
                  value={doc.values.customer_id}
                  error={doc.errors.customer_id as string | undefined}
                  onChange={(customer) => {
                    doc.setFieldValue('customer_id', customer?.id ?? null);
                    if (customer?.currency) doc.setFieldValue('currency', customer.currency);
                  }}
                />
              ) : (
                <TextInput label={t('subscriptions.fields.customer')} value={subscription.customer.name} readOnly description={t('subscriptions.editor.customerFixed')} />
              )}
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
              <CurrencySelect
                label={t('subscriptions.fields.currency')}
                clearable={false}
                disabled={subscription !== null}
                value={doc.values.currency}
                onChange={(value) => doc.setFieldValue('currency', value)}
                error={doc.errors.currency}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
              <Switch label={t('subscriptions.editor.pricesIncludeTax')} {...doc.getInputProps('prices_include_tax', { type: 'checkbox' })} />
            </Grid.Col>
          </Grid>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="schedule-title">
          <Title order={3} size="h4" id="schedule-title" mb="sm">
            {t('subscriptions.schedule')}
          </Title>
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 5, sm: 3, md: 2 }}>
              <NumberInput label={t('subscriptions.editor.billEvery')} min={1} max={365} allowDecimal={false} allowNegative={false} disabled={cycleFixed} {...schedule.getInputProps('interval_count')} />
            </Grid.Col>
            <Grid.Col span={{ base: 7, sm: 3, md: 2 }}>
              <Select
                label={t('subscriptions.editor.period')}
                aria-label={t('subscriptions.editor.interval')}
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
              <DateField
                label={t('subscriptions.fields.startDate')}
                description={subscription === null ? t('subscriptions.editor.startHint') : t('subscriptions.editor.startFixed')}
                disabled={subscription !== null}
                clearable={false}
                {...schedule.getInputProps('start_date')}
                value={schedule.values.start_date}
              />
            </Grid.Col>
            {hasAnchorDay(interval) ? (
              <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
                <NumberInput
                  label={t('subscriptions.editor.anchorDay')}
                  placeholder={t('subscriptions.editor.anchorPlaceholder')}
                  description={fixedNote ?? t('subscriptions.editor.anchorHint')}
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
                  {t('subscriptions.fields.ends')}
                </Text>
                <SegmentedControl
                  aria-label={t('subscriptions.fields.ends')}
                  w={{ base: '100%', sm: 'auto' }}
                  style={{ alignSelf: 'flex-start' }}
                  data={[
                    { value: 'never', label: t('subscriptions.editor.endsNever') },
                    { value: 'date', label: t('subscriptions.editor.endsDate') },
                    { value: 'count', label: t('subscriptions.editor.endsCount') },
                  ]}
                  value={schedule.values.ends}
                  onChange={(value) => schedule.setFieldValue('ends', value)}
                />
                {schedule.values.ends === 'date' ? (
                  <DateField
                    label={t('subscriptions.fields.endDate')}
                    description={t('subscriptions.editor.endHint')}
                    maw={320}
                    {...schedule.getInputProps('end_date')}
                    value={schedule.values.end_date}
                  />
                ) : null}
                {schedule.values.ends === 'count' ? (
                  <NumberInput label={t('subscriptions.editor.invoiceCount')} min={1} allowDecimal={false} allowNegative={false} maw={320} {...schedule.getInputProps('max_invoices')} />
                ) : null}
                {schedule.errors.end_date && schedule.values.ends !== 'date' ? <Text c="red" size="sm">{schedule.errors.end_date}</Text> : null}
              </Stack>
            </Grid.Col>
            <Grid.Col span={12}>
              <Radio.Group label={t('subscriptions.editor.invoiceEachPeriod')} description={fixedNote} {...schedule.getInputProps('billing')}>
                <Stack gap="xs" mt={6}>
                  {billingOptions().map((o) => (
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
            {t('subscriptions.fields.collection')}
          </Title>
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Radio.Group label={t('subscriptions.editor.whenGenerated')} {...schedule.getInputProps('collection')}>
                <Stack gap="xs" mt={6}>
                  {collectionOptions().map((o) => (
                    <Radio key={o.value} value={o.value} label={o.label} description={o.description} />
                  ))}
                </Stack>
              </Radio.Group>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <NumberInput
                label={t('subscriptions.editor.paymentTerms')}
                placeholder={t('subscriptions.editor.paymentTermsPlaceholder')}
                description={t('subscriptions.editor.paymentTermsHint')}
                min={0}
                max={3650}
                allowDecimal={false}
                allowNegative={false}
                {...schedule.getInputProps('payment_terms_days')}
              />
            </Grid.Col>
          </Grid>
        </Paper>

        <LinesEditor form={doc} products={products} rates={rates} live={live} adjustments={false} hint={<PlaceholderHint />} />
        <TotalsPanel live={live} currency={doc.values.currency} rates={rates} />

        <MeteredItemsEditor form={schedule} metrics={metrics} rates={rates} />

        <NotesAndTerms form={doc} />

        <SaveErrorAlert error={save.error} title={t('subscriptions.editor.notSaved')} shownPaths={shownPaths} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {subscription === null ? t('subscriptions.editor.create') : t('common.actions.saveChanges')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
