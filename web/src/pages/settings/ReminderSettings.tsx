/**
 * Settings → Reminders: switch payment reminders on, the steps (days relative to the due
 * date) with optional own texts per language, and the late fee. Field errors from the server
 * (steps.2.days_relative_to_due, late_fee.amount) are shown at their fields.
 */
import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Collapse, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Switch, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DecimalInput } from '../../components/inputs/DecimalInput.tsx';
import { rateOptionLabel } from '../catalogue/ProductsPage.tsx';
import { ApiError, api, get, query, type Page } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { SettingsFormFooter } from './SettingsFormFooter.tsx';
import { stepLabel } from './reminderSteps.ts';
import type { ReminderSettingsOut } from '../../../../src/modules/reminders/reminders.schemas.ts';
import type { TaxRateOut } from '../../../../src/modules/tax-rates/tax-rates.schemas.ts';

const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
type Language = (typeof LANGUAGES)[number];

type Texts = Record<Language, { subject: string; body: string }>;
interface StepValues {
  days_relative_to_due: number | string;
  template: Texts;
}
interface FormValues {
  enabled: boolean;
  steps: StepValues[];
  late_fee: { on: boolean; type: 'fixed' | 'percentage'; amount: string; percent: string; days_relative_to_due: string | null; tax_rate_id: string | null };
}

const emptyTexts = (): Texts => ({ en: { subject: '', body: '' }, de: { subject: '', body: '' }, fr: { subject: '', body: '' }, es: { subject: '', body: '' } });

function initialValues(settings: ReminderSettingsOut): FormValues {
  const fee = settings.late_fee;
  return {
    enabled: settings.enabled,
    steps: settings.steps.map((step) => {
      const texts = emptyTexts();
      for (const language of LANGUAGES) {
        const own = step.template?.[language];
        texts[language] = { subject: own?.subject ?? '', body: own?.body ?? '' };
      }
      return { days_relative_to_due: step.days_relative_to_due, template: texts };
    }),
    late_fee: {
      on: fee !== null,
      type: fee?.type ?? 'fixed',
      amount: fee?.amount ?? '',
      percent: fee?.percent ?? '',
      days_relative_to_due: fee === null ? null : String(fee.days_relative_to_due),
      tax_rate_id: fee?.tax_rate_id ?? null,
    },
  };
}

/** The request body: only the texts written; an empty field means the built-in one. */
function requestBody(values: FormValues) {
  const fee = values.late_fee;
  return {
    enabled: values.enabled,
    steps: values.steps.map((step) => {
      const template: Partial<Record<Language, { subject?: string; body?: string }>> = {};
      for (const language of LANGUAGES) {
        const { subject, body } = step.template[language];
        if (subject.trim() === '' && body.trim() === '') continue;
        template[language] = { ...(subject.trim() ? { subject } : {}), ...(body.trim() ? { body } : {}) };
      }
      return { days_relative_to_due: step.days_relative_to_due === '' ? null : step.days_relative_to_due, template: Object.keys(template).length > 0 ? template : null };
    }),
    late_fee: fee.on
      ? {
          type: fee.type,
          ...(fee.type === 'fixed' ? { amount: fee.amount } : { percent: fee.percent }),
          days_relative_to_due: fee.days_relative_to_due === null ? null : Number(fee.days_relative_to_due),
          tax_rate_id: fee.tax_rate_id,
        }
      : null,
  };
}

export default function ReminderSettings() {
  const settings = useQuery({ queryKey: ['reminder-settings'], queryFn: () => get<ReminderSettingsOut>('/organization/reminders') });
  const taxRates = useQuery({ queryKey: ['tax-rates', 'all'], queryFn: () => get<Page<TaxRateOut>>(`/tax-rates${query({ archived: 'all', sort: 'name', limit: 200 })}`) });
  if (settings.isPending || taxRates.isPending) return <LoadingState />;
  if (settings.isError) return <ErrorState error={settings.error} />;
  if (taxRates.isError) return <ErrorState error={taxRates.error} />;
  return <RemindersForm key={settings.data.updated_at ?? 'defaults'} settings={settings.data} taxRates={taxRates.data.data} />;
}

function RemindersForm({ settings, taxRates }: { settings: ReminderSettingsOut; taxRates: TaxRateOut[] }) {
  const { t } = useTranslation();
  const session = useSession();
  const editable = session.can('admin');
  const queryClient = useQueryClient();
  const form = useForm<FormValues>({ initialValues: initialValues(settings) });
  const [open, setOpen] = useState<number | null>(null);

  const save = useMutation({
    mutationFn: (values: FormValues) => api<ReminderSettingsOut>('PUT', '/organization/reminders', requestBody(values)),
    onSuccess: (saved) => {
      queryClient.setQueryData(['reminder-settings'], saved);
      notifications.show({ color: 'green', message: saved.enabled ? t('settings.reminders.savedOn') : t('settings.reminders.savedOff') });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });

  const stepOptions = form.values.steps
    .filter((s) => s.days_relative_to_due !== '' && Number(s.days_relative_to_due) >= 1)
    .map((s) => ({ value: String(s.days_relative_to_due), label: stepLabel(s.days_relative_to_due) }));
  const rateOptions = taxRates.filter((r) => !r.archived || r.id === form.values.late_fee.tax_rate_id).map((r) => ({ value: r.id, label: rateOptionLabel(r) }));
  const fee = form.values.late_fee;

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="md" maw={860}>
        <Paper withBorder p="md" component="section" aria-label={t('settings.reminders.title')}>
          <Stack>
            <Group justify="space-between" align="flex-start">
              <div>
                <Title order={3} size="h4">
                  {t('settings.reminders.title')}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('settings.reminders.explanation')}
                </Text>
              </div>
              <Badge variant="light" color={settings.enabled ? 'green' : 'gray'}>
                {settings.enabled ? t('settings.reminders.on') : t('settings.reminders.off')}
              </Badge>
            </Group>
            <Switch label={t('settings.reminders.send')} disabled={!editable} {...form.getInputProps('enabled', { type: 'checkbox' })} />
            {typeof form.errors.steps === 'string' ? (
              <Text size="sm" c="red">
                {form.errors.steps}
              </Text>
            ) : null}
            {form.values.steps.map((step, i) => (
              <Paper key={i} withBorder p="sm" radius="sm" aria-label={t('settings.reminders.stepN', { n: i + 1 })}>
                <Group align="flex-end" wrap="wrap">
                  <NumberInput
                    label={t('settings.reminders.days')}
                    description={stepLabel(step.days_relative_to_due)}
                    allowDecimal={false}
                    min={-60}
                    max={365}
                    w={220}
                    disabled={!editable}
                    {...form.getInputProps(`steps.${i}.days_relative_to_due`)}
                  />
                  <Button variant="light" size="sm" onClick={() => setOpen(open === i ? null : i)} aria-expanded={open === i}>
                    {open === i ? t('settings.reminders.hideTexts') : t('settings.reminders.editTexts')}
                  </Button>
                  {LANGUAGES.some((l) => step.template[l].subject || step.template[l].body) ? <Badge variant="light">{t('settings.reminders.ownTexts')}</Badge> : null}
                  {editable ? (
                    <ActionIcon variant="subtle" color="red" aria-label={t('settings.reminders.removeStep', { n: i + 1 })} onClick={() => form.removeListItem('steps', i)} ml="auto">
                      ✕
                    </ActionIcon>
                  ) : null}
                </Group>
                <Collapse expanded={open === i}>
                  <StepTexts form={form} index={i} settings={settings} editable={editable} />
                </Collapse>
              </Paper>
            ))}
            {editable ? (
              <Group>
                <Button
                  variant="default"
                  disabled={form.values.steps.length >= 10}
                  onClick={() => {
                    const last = form.values.steps.reduce((max, s) => Math.max(max, Number(s.days_relative_to_due) || 0), 0);
                    form.insertListItem('steps', { days_relative_to_due: last + 7, template: emptyTexts() });
                  }}
                >
                  {t('settings.reminders.addStep')}
                </Button>
              </Group>
            ) : null}
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section" aria-label={t('settings.reminders.lateFee')}>
          <Stack>
            <div>
              <Title order={3} size="h4">
                {t('settings.reminders.lateFee')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('settings.reminders.lateFeeText')}
              </Text>
            </div>
            <Switch label={t('settings.reminders.chargeFee')} disabled={!editable} {...form.getInputProps('late_fee.on', { type: 'checkbox' })} />
            {fee.on ? (
              <Group align="flex-start" wrap="wrap">
                <Stack gap={4}>
                  <Text size="sm" fw={500}>
                    {t('settings.reminders.fee')}
                  </Text>
                  <SegmentedControl
                    disabled={!editable}
                    data={[
                      { value: 'fixed', label: t('settings.reminders.fixed') },
                      { value: 'percentage', label: t('settings.reminders.percentOfDue') },
                    ]}
                    {...form.getInputProps('late_fee.type')}
                  />
                </Stack>
                {fee.type === 'fixed' ? (
                  <DecimalInput
                    label={t('settings.reminders.amount')}
                    description={t('settings.reminders.amountHint')}
                    w={180}
                    disabled={!editable}
                    {...form.getInputProps('late_fee.amount')}
                    value={fee.amount}
                  />
                ) : (
                  <DecimalInput
                    label={t('settings.reminders.percent')}
                    description={t('settings.reminders.percentHint')}
                    percent
                    w={180}
                    disabled={!editable}
                    {...form.getInputProps('late_fee.percent')}
                    value={fee.percent}
                  />
                )}
                <Select label={t('settings.reminders.atStep')} placeholder={t('settings.reminders.chooseStep')} data={stepOptions} w={240} disabled={!editable} {...form.getInputProps('late_fee.days_relative_to_due')} />
                <Select label={t('settings.reminders.taxRate')} placeholder={t('settings.reminders.noTax')} data={rateOptions} clearable w={220} disabled={!editable} {...form.getInputProps('late_fee.tax_rate_id')} />
              </Group>
            ) : null}
          </Stack>
        </Paper>
        {save.isError && save.error instanceof ApiError && save.error.fieldErrors.length > 0 ? (
          <Alert color="red" role="alert">
            {t('settings.reminders.checkFields')}
          </Alert>
        ) : null}
        <SettingsFormFooter error={save.error} editable={editable} dirty={form.isDirty()} saving={save.isPending} label={t('settings.reminders.save')} />
      </Stack>
    </form>
  );
}

function StepTexts({ form, index, settings, editable }: { form: ReturnType<typeof useForm<FormValues>>; index: number; settings: ReminderSettingsOut; editable: boolean }) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<Language>('en');
  const languageName = (l: Language) => t(`settings.reminders.languages.${l}`);
  const days = Number(form.values.steps[index]?.days_relative_to_due ?? 0);
  const builtIn = settings.default_templates[days < 0 ? 'upcoming' : 'overdue'][language];
  return (
    <Stack gap="xs" mt="sm">
      <SegmentedControl value={language} onChange={setLanguage} data={LANGUAGES.map((l) => ({ value: l, label: languageName(l) }))} />
      <Text size="xs" c="dimmed">
        {t('settings.reminders.textsHint')}{' '}
        {settings.placeholders.join(' ')}
      </Text>
      <TextInput label={t('settings.reminders.subject', { language: languageName(language) })} placeholder={builtIn.subject} disabled={!editable} {...form.getInputProps(`steps.${index}.template.${language}.subject`)} />
      <Textarea label={t('settings.reminders.message', { language: languageName(language) })} placeholder={builtIn.body} autosize minRows={6} maxRows={14} disabled={!editable} {...form.getInputProps(`steps.${index}.template.${language}.body`)} />
    </Stack>
  );
}
