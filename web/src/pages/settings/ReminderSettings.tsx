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
import { ApiError, api, get, query, type Page } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { SettingsFormFooter } from './SettingsFormFooter.tsx';
import { stepLabel } from './reminderSteps.ts';
import type { ReminderSettingsOut } from '../../../../src/modules/reminders/reminders.schemas.ts';
import type { TaxRateOut } from '../../../../src/modules/tax-rates/tax-rates.schemas.ts';

const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
type Language = (typeof LANGUAGES)[number];
const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'German', fr: 'French', es: 'Spanish' };

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
  const session = useSession();
  const editable = session.can('admin');
  const queryClient = useQueryClient();
  const form = useForm<FormValues>({ initialValues: initialValues(settings) });
  const [open, setOpen] = useState<number | null>(null);

  const save = useMutation({
    mutationFn: (values: FormValues) => api<ReminderSettingsOut>('PUT', '/organization/reminders', requestBody(values)),
    onSuccess: (saved) => {
      queryClient.setQueryData(['reminder-settings'], saved);
      notifications.show({ color: 'green', message: saved.enabled ? 'Reminders saved and switched on' : 'Reminders saved (switched off)' });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });

  const stepOptions = form.values.steps
    .filter((s) => s.days_relative_to_due !== '' && Number(s.days_relative_to_due) >= 1)
    .map((s) => ({ value: String(s.days_relative_to_due), label: stepLabel(s.days_relative_to_due) }));
  const rateOptions = taxRates.filter((r) => !r.archived || r.id === form.values.late_fee.tax_rate_id).map((r) => ({ value: r.id, label: `${r.name} (${r.percentage} %)` }));
  const fee = form.values.late_fee;

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="md" maw={860}>
        <Paper withBorder p="md" component="section" aria-label="Payment reminders">
          <Stack>
            <Group justify="space-between" align="flex-start">
              <div>
                <Title order={3} size="h4">
                  Payment reminders
                </Title>
                <Text size="sm" c="dimmed">
                  E-mails to customers with open invoices, with the invoice PDF and the pay link. Each step is sent once per invoice and stops as soon
                  as the invoice is paid, voided or credited. When several steps are due at once (reminders just switched on), only the latest is sent.
                </Text>
              </div>
              <Badge variant="light" color={settings.enabled ? 'green' : 'gray'}>
                {settings.enabled ? 'On' : 'Off'}
              </Badge>
            </Group>
            <Switch label="Send payment reminders" disabled={!editable} {...form.getInputProps('enabled', { type: 'checkbox' })} />
            {typeof form.errors.steps === 'string' ? (
              <Text size="sm" c="red">
                {form.errors.steps}
              </Text>
            ) : null}
            {form.values.steps.map((step, i) => (
              <Paper key={i} withBorder p="sm" radius="sm" aria-label={`Step ${i + 1}`}>
                <Group align="flex-end" wrap="wrap">
                  <NumberInput
                    label="Days from the due date"
                    description={stepLabel(step.days_relative_to_due)}
                    allowDecimal={false}
                    min={-60}
                    max={365}
                    w={220}
                    disabled={!editable}
                    {...form.getInputProps(`steps.${i}.days_relative_to_due`)}
                  />
                  <Button variant="light" size="sm" onClick={() => setOpen(open === i ? null : i)} aria-expanded={open === i}>
                    {open === i ? 'Hide texts' : 'Edit texts'}
                  </Button>
                  {LANGUAGES.some((l) => step.template[l].subject || step.template[l].body) ? <Badge variant="light">Own texts</Badge> : null}
                  {editable ? (
                    <ActionIcon variant="subtle" color="red" aria-label={`Remove step ${i + 1}`} onClick={() => form.removeListItem('steps', i)} ml="auto">
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
                  Add step
                </Button>
              </Group>
            ) : null}
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section" aria-label="Late fee">
          <Stack>
            <div>
              <Title order={3} size="h4">
                Late fee
              </Title>
              <Text size="sm" c="dimmed">
                At a step after the due date, a separate invoice “Late fee for INV-…” is issued to the customer, once per invoice. Finalized invoices
                never change, so the fee is never added to the overdue invoice itself.
              </Text>
            </div>
            <Switch label="Charge a late fee" disabled={!editable} {...form.getInputProps('late_fee.on', { type: 'checkbox' })} />
            {fee.on ? (
              <Group align="flex-start" wrap="wrap">
                <Stack gap={4}>
                  <Text size="sm" fw={500}>
                    Fee
                  </Text>
                  <SegmentedControl
                    disabled={!editable}
                    data={[
                      { value: 'fixed', label: 'Fixed amount' },
                      { value: 'percentage', label: '% of amount due' },
                    ]}
                    {...form.getInputProps('late_fee.type')}
                  />
                </Stack>
                {fee.type === 'fixed' ? (
                  <TextInput label="Amount" description="In the invoice’s currency, before tax" w={180} disabled={!editable} {...form.getInputProps('late_fee.amount')} />
                ) : (
                  <TextInput label="Percent" description="Of the amount due, e.g. 1.5" w={180} disabled={!editable} {...form.getInputProps('late_fee.percent')} />
                )}
                <Select label="At step" placeholder="Choose a step" data={stepOptions} w={240} disabled={!editable} {...form.getInputProps('late_fee.days_relative_to_due')} />
                <Select label="Tax rate" placeholder="No tax" data={rateOptions} clearable w={220} disabled={!editable} {...form.getInputProps('late_fee.tax_rate_id')} />
              </Group>
            ) : null}
          </Stack>
        </Paper>
        {save.isError && save.error instanceof ApiError && save.error.fieldErrors.length > 0 ? (
          <Alert color="red" role="alert">
            Please check the fields marked in red.
          </Alert>
        ) : null}
        <SettingsFormFooter error={save.error} editable={editable} dirty={form.isDirty()} saving={save.isPending} label="Save reminders" />
      </Stack>
    </form>
  );
}

function StepTexts({ form, index, settings, editable }: { form: ReturnType<typeof useForm<FormValues>>; index: number; settings: ReminderSettingsOut; editable: boolean }) {
  const [language, setLanguage] = useState<Language>('en');
  const days = Number(form.values.steps[index]?.days_relative_to_due ?? 0);
  const builtIn = settings.default_templates[days < 0 ? 'upcoming' : 'overdue'][language];
  return (
    <Stack gap="xs" mt="sm">
      <SegmentedControl value={language} onChange={setLanguage} data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} />
      <Text size="xs" c="dimmed">
        Sent in the customer’s language (else your organization’s). Leave a field empty for the built-in text shown as placeholder. Placeholders:{' '}
        {settings.placeholders.join(' ')}
      </Text>
      <TextInput label={`Subject (${LANGUAGE_NAMES[language]})`} placeholder={builtIn.subject} disabled={!editable} {...form.getInputProps(`steps.${index}.template.${language}.subject`)} />
      <Textarea label={`Message (${LANGUAGE_NAMES[language]})`} placeholder={builtIn.body} autosize minRows={6} maxRows={14} disabled={!editable} {...form.getInputProps(`steps.${index}.template.${language}.body`)} />
    </Stack>
  );
}
