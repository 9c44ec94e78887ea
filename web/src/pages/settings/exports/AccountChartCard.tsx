/**
 * The chart of accounts of the journal export: "Apply preset" resets every account to SKR03,
 * SKR04 or the generic chart; the fields change single accounts (admins; others read them).
 * Server field errors (receivable, payment_methods.cash, revenue, datev.client_number) show at their fields.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api, get } from '../../../api/client.ts';
import { ErrorState, LoadingState } from '../../../components/states.tsx';
import { SettingsFormFooter } from '../SettingsFormFooter.tsx';

const PRESETS = ['skr03', 'skr04', 'generic'] as const;
type Preset = (typeof PRESETS)[number];
const METHODS = ['bank_transfer', 'cash', 'card', 'online', 'direct_debit', 'check', 'other'] as const;
type Method = (typeof METHODS)[number];

interface Chart {
  preset: Preset;
  receivable: string;
  payment_methods: Record<Method, string>;
  revenue: Record<string, string>;
  tax: Record<string, string>;
  datev: { consultant_number: number; client_number: number; automatic_accounts: boolean };
  saved: boolean;
}

interface Values {
  receivable: string;
  payment_methods: Record<Method, string>;
  revenue: { code: string; account: string }[];
  tax: { code: string; account: string }[];
  consultant_number: string;
  client_number: string;
  automatic_accounts: boolean;
}

const valuesOf = (chart: Chart): Values => ({
  receivable: chart.receivable,
  payment_methods: { ...chart.payment_methods },
  revenue: Object.entries(chart.revenue).map(([code, account]) => ({ code, account })),
  tax: Object.entries(chart.tax).map(([code, account]) => ({ code, account })),
  consultant_number: String(chart.datev.consultant_number),
  client_number: String(chart.datev.client_number),
  automatic_accounts: chart.datev.automatic_accounts,
});

/** Server paths to form paths: datev.client_number is the form's client_number; revenue.S-19 is the row of that code. */
function formErrors(error: ApiError, values: Values): Record<string, string> {
  return Object.fromEntries(
    Object.entries(error.byField()).map(([path, message]) => {
      const [head, code] = [path.split('.')[0] ?? '', path.slice(path.indexOf('.') + 1)];
      if (head === 'datev') return [code, message];
      if ((head === 'revenue' || head === 'tax') && path.includes('.')) {
        const index = values[head].findIndex((row) => row.code === code);
        return [index >= 0 ? `${head}.${index}.account` : head, message];
      }
      return [path, message];
    }),
  );
}

export function AccountChartCard({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const chart = useQuery({ queryKey: ['account-chart'], queryFn: () => get<Chart>('/organization/accounts') });
  const [preset, setPreset] = useState<Preset>('skr03');
  const form = useForm<Values>({ initialValues: valuesOf({ preset: 'skr03', receivable: '', payment_methods: Object.fromEntries(METHODS.map((m) => [m, ''])) as Record<Method, string>, revenue: {}, tax: {}, datev: { consultant_number: 1001, client_number: 1, automatic_accounts: true }, saved: false }) });

  useEffect(() => {
    if (chart.data) {
      setPreset(chart.data.preset);
      form.setValues(valuesOf(chart.data));
      form.resetDirty(valuesOf(chart.data));
    }
  }, [chart.data]);

  const saved = (next: Chart) => {
    queryClient.setQueryData(['account-chart'], next);
    notifications.show({ color: 'teal', message: t('exports.chart.saved') });
  };
  const save = useMutation({
    mutationFn: (values: Values) =>
      api<Chart>('PUT', '/organization/accounts', {
        preset,
        receivable: values.receivable,
        payment_methods: values.payment_methods,
        revenue: Object.fromEntries(values.revenue.map((row) => [row.code, row.account])),
        tax: Object.fromEntries(values.tax.map((row) => [row.code, row.account])),
        datev: { consultant_number: Number(values.consultant_number), client_number: Number(values.client_number), automatic_accounts: values.automatic_accounts },
      }),
    onSuccess: saved,
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(formErrors(error, form.values));
    },
  });
  const apply = useMutation({ mutationFn: (next: Preset) => api<Chart>('PUT', '/organization/accounts', { preset: next }), onSuccess: saved });

  if (chart.isPending) return <LoadingState />;
  if (chart.isError) return <ErrorState error={chart.error} />;

  const account = (label: string, path: string) => <TextInput key={path} label={label} inputMode="numeric" maxLength={9} disabled={!editable} {...form.getInputProps(path)} />;
  const codeLabel = (code: string) => (code === 'default' ? t('exports.chart.otherRates') : code);

  return (
    <Paper withBorder p="md" component="form" onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Title order={3} size="h4" mb="xs">
        {t('exports.chart.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {chart.data.saved ? t('exports.chart.help') : t('exports.chart.notSaved')}
      </Text>
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label={t('exports.chart.preset')}
            value={preset}
            onChange={(value) => value && setPreset(value)}
            allowDeselect={false}
            disabled={!editable}
            data={PRESETS.map((p) => ({ value: p, label: t(`exports.chart.presets.${p}`) }))}
            style={{ minWidth: 200 }}
          />
          {editable ? (
            <Button variant="light" loading={apply.isPending} onClick={() => apply.mutate(preset)}>
              {t('exports.chart.applyPreset')}
            </Button>
          ) : null}
        </Group>
        {apply.error ? <Alert color="red">{apply.error.message}</Alert> : null}

        <Title order={4} size="h5">
          {t('exports.chart.receivableAndCash')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          {account(t('exports.chart.receivable'), 'receivable')}
          {METHODS.map((method) => account(t(`exports.chart.methods.${method}`), `payment_methods.${method}`))}
        </SimpleGrid>

        <Title order={4} size="h5">
          {t('exports.chart.revenue')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          {form.values.revenue.map((row, i) => account(codeLabel(row.code), `revenue.${i}.account`))}
        </SimpleGrid>
        {form.errors.revenue ? <Text c="red" size="sm">{form.errors.revenue}</Text> : null}

        <Title order={4} size="h5">
          {t('exports.chart.tax')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          {form.values.tax.map((row, i) => account(codeLabel(row.code), `tax.${i}.account`))}
        </SimpleGrid>
        {form.errors.tax ? <Text c="red" size="sm">{form.errors.tax}</Text> : null}

        <Title order={4} size="h5">
          DATEV
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <TextInput label={t('exports.chart.consultantNumber')} inputMode="numeric" maxLength={7} disabled={!editable} {...form.getInputProps('consultant_number')} />
          <TextInput label={t('exports.chart.clientNumber')} inputMode="numeric" maxLength={5} disabled={!editable} {...form.getInputProps('client_number')} />
        </SimpleGrid>
        <Switch label={t('exports.chart.automaticAccounts')} description={t('exports.chart.automaticHelp')} disabled={!editable} {...form.getInputProps('automatic_accounts', { type: 'checkbox' })} />

        <SettingsFormFooter error={save.error} editable={editable} dirty={form.isDirty()} saving={save.isPending} label={t('exports.chart.save')} />
      </Stack>
    </Paper>
  );
}
