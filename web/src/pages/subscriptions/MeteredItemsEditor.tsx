/**
 * Metered items of a recurring invoice: usage of a billable metric times a unit price. Laid
 * out like the invoice editor's lines: fields side by side on a wide screen, stacked on a phone.
 */
import { Link } from 'react-router';
import { ActionIcon, Anchor, Button, Checkbox, Grid, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { DecimalInput } from '../../components/inputs/DecimalInput.tsx';
import type { BillableMetric } from '../../api/types.ts';
import type { TaxRate } from '../invoices/invoiceApi.ts';
import { taxOptions } from '../invoices/LinesEditor.tsx';
import { emptyMetered, type ScheduleValues } from './subscriptionModel.ts';

type Form = ReturnType<typeof useForm<ScheduleValues>>;

export function metricOptionLabel(metric: BillableMetric): string {
  return `${metric.name} (${metric.code})`;
}

export function MeteredItemsEditor({ form, metrics, rates }: { form: Form; metrics: readonly BillableMetric[]; rates: readonly TaxRate[] }) {
  const { t } = useTranslation();
  const items = form.values.metered_items;
  const taxData = taxOptions(rates);
  const known = new Set(metrics.map((m) => m.code));
  // A metric deleted since keeps its code as an option, so the saved item still shows what it bills.
  const metricData = [
    ...metrics.map((m) => ({ value: m.code, label: metricOptionLabel(m) })),
    ...items.flatMap((i) => (i.metric_code !== null && !known.has(i.metric_code) ? [{ value: i.metric_code, label: i.metric_code }] : [])),
  ];
  const error = (path: string) => form.errors[path] as string | undefined;

  return (
    <Stack gap="sm">
      <Title order={3}>{t('subscriptions.metered.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('subscriptions.metered.explanation')}
      </Text>
      {items.map((item, i) => {
        const metric = metrics.find((m) => m.code === item.metric_code);
        return (
          <Paper key={item.key} withBorder p="sm" role="group" aria-label={t('subscriptions.metered.item', { n: i + 1 })}>
            <Grid gap="xs" align="flex-end">
              <Grid.Col span={{ base: 12, md: 4 }}>
                <Select
                  label={t('subscriptions.metered.metric')}
                  placeholder={t('subscriptions.metered.pickMetric')}
                  searchable
                  data={metricData}
                  description={
                    metric
                      ? metric.field
                        ? t('subscriptions.metered.billsOf', { aggregation: metric.aggregation, field: metric.field })
                        : t('subscriptions.metered.bills', { aggregation: metric.aggregation })
                      : undefined
                  }
                  {...form.getInputProps(`metered_items.${i}.metric_code`)}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 8 }}>
                <TextInput label={t('subscriptions.metered.description')} placeholder={metric?.name ?? t('subscriptions.metered.metricName')} {...form.getInputProps(`metered_items.${i}.description`)} />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 3 }}>
                <DecimalInput
                  label={t('subscriptions.metered.unitPrice')}
                  styles={{ input: { textAlign: 'right' } }}
                  {...form.getInputProps(`metered_items.${i}.unit_price`)}
                  value={item.unit_price}
                  error={error(`metered_items.${i}.unit_price`)}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 3 }}>
                <TextInput label={t('subscriptions.metered.unit')} placeholder={t('subscriptions.metered.unitPlaceholder')} {...form.getInputProps(`metered_items.${i}.unit`)} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 3 }}>
                <Select label={t('subscriptions.metered.taxRate')} data={taxData} allowDeselect={false} {...form.getInputProps(`metered_items.${i}.tax_rate_id`)} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 3 }}>
                <Group justify="space-between" wrap="nowrap" gap="xs" h={36}>
                  <Checkbox label={t('subscriptions.metered.billImmediately')} {...form.getInputProps(`metered_items.${i}.bill_immediately`, { type: 'checkbox' })} />
                  <ActionIcon variant="subtle" color="red" aria-label={t('subscriptions.metered.remove', { n: i + 1 })} onClick={() => form.removeListItem('metered_items', i)}>
                    ×
                  </ActionIcon>
                </Group>
              </Grid.Col>
            </Grid>
          </Paper>
        );
      })}
      {typeof form.errors.metered_items === 'string' ? (
        <Text c="red" size="sm">
          {form.errors.metered_items}
        </Text>
      ) : null}
      {metrics.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('subscriptions.metered.noMetrics')}{' '}
          <Anchor component={Link} to="/billable-metrics" size="sm">
            {t('subscriptions.metered.defineOne')}
          </Anchor>{' '}
          {t('subscriptions.metered.toBillUsage')}
        </Text>
      ) : (
        <Group gap="xs">
          <Button variant="light" onClick={() => form.insertListItem('metered_items', emptyMetered())}>
            {t('subscriptions.metered.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
