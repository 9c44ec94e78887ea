/**
 * The invoice e-mail template: subject and body with placeholders, checked as you type by
 * the same rules as the server (src/domain/email-template.ts) and shown with sample values.
 * Texts left as the built-in ones stay built-in, i.e. in each customer's language.
 */
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useSession } from '../../auth/session.tsx';
import { formatDate, formatMoney } from '../../components/format.ts';
import type { InvoiceSummaryOut } from '../../../../src/modules/invoices/invoices.schemas.ts';
import { Alert, Badge, Button, Grid, Group, Paper, Stack, Table, Text, TextInput, Textarea, Title, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, get, type Page } from '../../api/client.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { emailLocale, renderInvoiceEmail, templateProblem, type EmailLanguage, type EmailPlaceholder, type EmailValues } from '../../../../src/domain/email-template.ts';
import type { EmailTemplateOut } from '../../../../src/modules/email/email.schemas.ts';

const PLACEHOLDERS: EmailPlaceholder[] = ['invoice_number', 'customer_name', 'organization_name', 'amount_due', 'total', 'due_date', 'link'];

function meaning(name: EmailPlaceholder, t: TFunction): string {
  switch (name) {
    case 'invoice_number':
      return t('organization.emailTemplate.meaning.invoiceNumber');
    case 'customer_name':
      return t('organization.emailTemplate.meaning.customerName');
    case 'organization_name':
      return t('organization.emailTemplate.meaning.organizationName');
    case 'amount_due':
      return t('organization.emailTemplate.meaning.amountDue');
    case 'total':
      return t('organization.emailTemplate.meaning.total');
    case 'due_date':
      return t('organization.emailTemplate.meaning.dueDate');
    case 'link':
      return t('organization.emailTemplate.meaning.link');
  }
}

/** The language's name in the user's language ("de" → "Deutsch" for a German reader). */
function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale, 'en'], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The sample's values: the organization's own name and, when it has one, its latest invoice
 * (number, customer, amounts, due date), written the way the e-mail's language writes them.
 */
function useSampleValues(language: string): EmailValues {
  const { me } = useSession();
  const organization = me.organization;
  const latest = useQuery({
    queryKey: ['invoices', 'list', { status: 'open,partially_paid,paid', limit: 1 }],
    queryFn: () => get<Page<InvoiceSummaryOut>>('/invoices?status=open,partially_paid,paid&limit=1'),
    staleTime: 60_000,
  });
  const invoice = latest.data?.data[0];
  return useMemo(() => {
    const { locale } = emailLocale(language, organization.locale);
    const currency = invoice?.currency ?? organization.currency;
    const dueDate = invoice ? (invoice.due_date ?? invoice.issue_date) : '2026-12-23';
    return {
      invoice_number: invoice?.number ?? 'INV-2026-00042',
      customer_name: invoice?.customer.name ?? 'Globex Corporation',
      organization_name: organization.name,
      amount_due: formatMoney(invoice?.amount_due ?? '1190.00', currency, locale),
      total: formatMoney(invoice?.total ?? '1190.00', currency, locale),
      due_date: dueDate ? formatDate(dueDate, locale) : '',
      link: `${window.location.origin}/p/…`,
    };
  }, [invoice, language, organization.locale, organization.currency, organization.name]);
}

export default function EmailTemplateSettings() {
  const template = useQuery({ queryKey: ['email-template'], queryFn: () => get<EmailTemplateOut>('/organization/email-template') });
  if (template.isPending) return <LoadingState />;
  if (template.isError) return <ErrorState error={template.error} />;
  // Remount the form when the stored template changes (after saving or restoring).
  return <TemplateForm key={`${template.data.subject ?? ''}|${template.data.body ?? ''}`} template={template.data} />;
}

function TemplateForm({ template }: { template: EmailTemplateOut }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { subject: template.subject ?? template.default_subject, body: template.body ?? template.default_body },
    validate: { subject: (v) => templateProblem(v.trim(), 'subject'), body: (v) => templateProblem(v.trim(), 'body') },
    validateInputOnChange: true,
  });
  const focused = useRef<{ field: 'subject' | 'body'; element: HTMLInputElement | HTMLTextAreaElement } | null>(null);

  const save = useMutation({
    mutationFn: (values: { subject: string | null; body: string | null }) => api<EmailTemplateOut>('PUT', '/organization/email-template', values),
    onSuccess: (saved) => {
      queryClient.setQueryData(['email-template'], saved);
      notifications.show({ color: 'green', message: saved.subject === null && saved.body === null ? t('organization.emailTemplate.restored') : t('organization.emailTemplate.saved') });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });

  const submit = form.onSubmit((values) => {
    const subject = values.subject.trim();
    const body = values.body.trim();
    // Unchanged built-in texts stay built-in, so every customer keeps getting its own language.
    save.mutate({ subject: subject === template.default_subject ? null : subject, body: body === template.default_body.trim() ? null : body });
  });

  const insert = (placeholder: string) => {
    const target = focused.current ?? { field: 'body' as const, element: null };
    const value = form.values[target.field];
    const start = target.element?.selectionStart ?? value.length;
    const end = target.element?.selectionEnd ?? value.length;
    form.setFieldValue(target.field, value.slice(0, start) + placeholder + value.slice(end));
    requestAnimationFrame(() => {
      target.element?.focus();
      target.element?.setSelectionRange(start + placeholder.length, start + placeholder.length);
    });
  };

  const custom = template.subject !== null || template.body !== null;
  const explanation =
    template.subject !== null && template.body !== null
      ? t('organization.emailTemplate.ownBoth')
      : template.subject !== null
        ? t('organization.emailTemplate.ownSubject')
        : template.body !== null
          ? t('organization.emailTemplate.ownBody')
          : t('organization.emailTemplate.builtIn', { language: languageName(template.language, i18n.language) });
  const language = template.language as EmailLanguage;
  const sampleValues = useSampleValues(template.language);
  const sample = renderInvoiceEmail({ subject: form.values.subject, body: form.values.body }, language, sampleValues);
  const unexpected = save.error !== null && !(save.error instanceof ApiError && save.error.fieldErrors.length > 0);

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder p="md" component="section" aria-label={t('organization.emailTemplate.region')}>
          <form onSubmit={submit} noValidate>
            <Stack>
              <Group justify="space-between" align="flex-start">
                <div>
                  <Title order={3} size="h4">
                    {t('organization.emailTemplate.title')}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {t('organization.emailTemplate.intro')}
                  </Text>
                </div>
                <Badge variant="light" color={custom ? 'indigo' : 'gray'}>
                  {template.subject !== null && template.body !== null
                    ? t('organization.emailTemplate.badgeOwn')
                    : custom
                      ? t('organization.emailTemplate.badgePartly')
                      : t('organization.emailTemplate.badgeBuiltIn')}
                </Badge>
              </Group>
              <Text size="sm">{explanation}</Text>
              <TextInput
                label={t('organization.emailTemplate.subject')}
                {...form.getInputProps('subject')}
                onFocus={(e) => (focused.current = { field: 'subject', element: e.currentTarget })}
              />
              <Textarea
                label={t('organization.emailTemplate.message')}
                autosize
                minRows={10}
                maxRows={20}
                {...form.getInputProps('body')}
                onFocus={(e) => (focused.current = { field: 'body', element: e.currentTarget })}
              />
              {unexpected ? (
                <Alert color="red" role="alert">
                  {save.error?.message}
                </Alert>
              ) : null}
              <Group justify="space-between">
                {custom ? (
                  <ConfirmButton
                    label={t('organization.emailTemplate.restore')}
                    variant="default"
                    color="orange"
                    title={t('organization.emailTemplate.restoreTitle')}
                    message={t('organization.emailTemplate.restoreConfirm')}
                    confirmLabel={t('organization.emailTemplate.restoreLabel')}
                    onConfirm={() => save.mutateAsync({ subject: null, body: null })}
                  />
                ) : (
                  <span />
                )}
                <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                  {t('organization.emailTemplate.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="md">
          <Paper withBorder p="md" component="section" aria-label={t('organization.emailTemplate.placeholders')}>
            <Title order={3} size="h5" mb={4}>
              {t('organization.emailTemplate.placeholders')}
            </Title>
            <Text size="xs" c="dimmed" mb="xs">
              {t('organization.emailTemplate.placeholdersHelp')}
            </Text>
            <Table verticalSpacing={4} fz="sm">
              <Table.Tbody>
                {PLACEHOLDERS.map((name) => (
                  <Table.Tr key={name}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Tooltip label={t('organization.emailTemplate.insert')} withArrow>
                        <Button size="compact-xs" variant="light" ff="monospace" onMouseDown={(e) => e.preventDefault()} onClick={() => insert(`{${name}}`)}>
                          {`{${name}}`}
                        </Button>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>{meaning(name, t)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed" mt="xs">
              {t('organization.emailTemplate.linkAdded', { link: '{link}' })}
            </Text>
          </Paper>
          <Paper withBorder p="md" component="section" aria-label={t('organization.emailTemplate.sample')}>
            <Title order={3} size="h5" mb="xs">
              {t('organization.emailTemplate.sample')}
            </Title>
            <Text size="sm" fw={600} mb={6} style={{ overflowWrap: 'anywhere' }}>
              {sample.subject}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {sample.body}
            </Text>
          </Paper>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
