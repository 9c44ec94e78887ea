/**
 * "Make recurring" on an invoice's page: a small dialog for the cycle, the start and how each
 * invoice is collected; the server copies the customer, currency, lines, notes and terms.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Grid, Modal, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { ApiError, post } from '../../api/client.ts';
import { useBusinessToday } from '../../components/TestClock.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { DateField } from '../../components/inputs/DateField.tsx';
import type { Invoice } from '../invoices/invoiceApi.ts';
import {
  collectionOptions,
  cycleLabel,
  firstOfNextMonth,
  INTERVAL_OPTIONS,
  intervalUnit,
  useRefreshSubscriptions,
  type Collection,
  type Interval,
  type Subscription,
} from './subscriptionApi.tsx';

export function MakeRecurringButton({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>
        {t('subscriptions.make.button')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('subscriptions.make.title')} centered>
        {opened ? <MakeRecurringForm invoice={invoice} onDone={() => setOpened(false)} /> : null}
      </Modal>
    </>
  );
}

interface Values {
  interval_count: number | string;
  interval: Interval;
  start_date: string;
  collection: Collection;
}

function MakeRecurringForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefreshSubscriptions();
  const today = useBusinessToday();
  const form = useForm<Values>({ initialValues: { interval_count: 1, interval: 'month', start_date: firstOfNextMonth(today), collection: 'finalize' } });
  const count = Number(form.values.interval_count) || 1;
  const save = useMutation({
    mutationFn: (values: Values) =>
      post<Subscription>('/subscriptions', {
        invoice_id: invoice.id,
        interval: values.interval,
        interval_count: typeof values.interval_count === 'number' ? values.interval_count : Number(values.interval_count) || 1,
        start_date: values.start_date,
        collection: values.collection,
      }),
    onSuccess: async (created) => {
      await refresh();
      notifications.show({ color: 'green', message: t('subscriptions.created') });
      onDone();
      void navigate(`/recurring/${created.id}`);
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const options = collectionOptions();
  const collection = options.find((o) => o.value === form.values.collection);
  const unshown = save.error instanceof ApiError ? save.error.fieldErrors.filter((e) => !/^(interval|interval_count|start_date|collection)$/.test(e.path)) : [];
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('subscriptions.make.explanation')}
        </Text>
        <Grid gap="sm">
          <Grid.Col span={5}>
            <NumberInput label={t('subscriptions.editor.billEvery')} min={1} max={365} allowDecimal={false} allowNegative={false} data-autofocus {...form.getInputProps('interval_count')} />
          </Grid.Col>
          <Grid.Col span={7}>
            <Select
              label={t('subscriptions.editor.period')}
              aria-label={t('subscriptions.editor.interval')}
              data={INTERVAL_OPTIONS.map((o) => ({ value: o.value, label: intervalUnit(o.value, count).replace(/^./, (c) => c.toUpperCase()) }))}
              allowDeselect={false}
              {...form.getInputProps('interval')}
            />
          </Grid.Col>
        </Grid>
        <Text size="sm" data-testid="make-recurring-cycle">
          {cycleLabel(form.values.interval, count)}, {t('subscriptions.make.atStart')}
        </Text>
        <DateField
          label={t('subscriptions.fields.startDate')}
          description={t('subscriptions.editor.startHint')}
          clearable={false}
          {...form.getInputProps('start_date')}
          value={form.values.start_date}
        />
        <Select
          label={t('subscriptions.fields.collection')}
          data={options.map((o) => ({ value: o.value, label: o.label }))}
          allowDeselect={false}
          description={collection?.description}
          {...form.getInputProps('collection')}
        />
        {save.isError && (!(save.error instanceof ApiError) || save.error.fieldErrors.length === 0 || unshown.length > 0) ? (
          <Text c="red" size="sm" role="alert">
            {unshown.length > 0 ? unshown.map((e) => `${e.path}: ${e.message}`).join('; ') : save.error.message}
          </Text>
        ) : null}
        <FormActions onCancel={onDone} submitting={save.isPending}>
          {t('subscriptions.make.button')}
        </FormActions>
      </Stack>
    </form>
  );
}
