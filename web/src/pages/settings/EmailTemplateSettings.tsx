/**
 * The invoice e-mail template: subject and body with placeholders, checked as you type by
 * the same rules as the server (src/domain/email-template.ts) and shown with sample values.
 * Texts left as the built-in ones stay built-in, i.e. in each customer's language.
 */
import { useRef } from 'react';
import { Alert, Badge, Button, Grid, Group, Paper, Stack, Table, Text, TextInput, Textarea, Title, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, get } from '../../api/client.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { renderInvoiceEmail, templateProblem, type EmailLanguage, type EmailPlaceholder, type EmailValues } from '../../../../src/domain/email-template.ts';
import type { EmailTemplateOut } from '../../../../src/modules/email/email.schemas.ts';

const MEANING: Record<EmailPlaceholder, string> = {
  invoice_number: 'The invoice number',
  customer_name: 'The customer’s name as on the invoice',
  organization_name: 'Your organization’s name',
  amount_due: 'What is still owed',
  total: 'The invoice total',
  due_date: 'The due date, written the customer’s way',
  link: 'The link where the customer views and downloads the invoice',
};

const SAMPLE: EmailValues = {
  invoice_number: 'INV-2026-00042',
  customer_name: 'Globex Corporation',
  organization_name: 'Your company',
  amount_due: '€1,190.00',
  total: '€1,190.00',
  due_date: 'Dec 23, 2026',
  link: 'https://billing.example.com/p/…',
};

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', de: 'German', fr: 'French', es: 'Spanish' };

export default function EmailTemplateSettings() {
  const template = useQuery({ queryKey: ['email-template'], queryFn: () => get<EmailTemplateOut>('/organization/email-template') });
  if (template.isPending) return <LoadingState />;
  if (template.isError) return <ErrorState error={template.error} />;
  // Remount the form when the stored template changes (after saving or restoring).
  return <TemplateForm key={`${template.data.subject ?? ''}|${template.data.body ?? ''}`} template={template.data} />;
}

function TemplateForm({ template }: { template: EmailTemplateOut }) {
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
      notifications.show({ color: 'green', message: saved.subject === null && saved.body === null ? 'Built-in texts restored' : 'E-mail template saved' });
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
  const languages = 'in each customer’s language (English, German, French or Spanish)';
  const explanation =
    template.subject !== null && template.body !== null
      ? 'Every customer receives these texts, whatever its language.'
      : template.subject !== null
        ? `The subject is your own, for every customer; the message is the built-in one, ${languages}.`
        : template.body !== null
          ? `The message is your own, for every customer; the subject is the built-in one, ${languages}.`
          : `The built-in texts are written ${languages}; shown here in ${LANGUAGE_NAMES[template.language] ?? template.language}.`;
  const language = template.language as EmailLanguage;
  const sample = renderInvoiceEmail({ subject: form.values.subject, body: form.values.body }, language, SAMPLE);
  const unexpected = save.error !== null && !(save.error instanceof ApiError && save.error.fieldErrors.length > 0);

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder p="md" component="section" aria-label="Invoice e-mail template">
          <form onSubmit={submit} noValidate>
            <Stack>
              <Group justify="space-between" align="flex-start">
                <div>
                  <Title order={3} size="h4">
                    Invoice e-mail
                  </Title>
                  <Text size="sm" c="dimmed">
                    What customers receive when you send an invoice. The PDF is attached.
                  </Text>
                </div>
                <Badge variant="light" color={custom ? 'indigo' : 'gray'}>
                  {template.subject !== null && template.body !== null ? 'Your own texts' : custom ? 'Partly your own' : 'Built-in texts'}
                </Badge>
              </Group>
              <Text size="sm">{explanation}</Text>
              <TextInput
                label="Subject"
                {...form.getInputProps('subject')}
                onFocus={(e) => (focused.current = { field: 'subject', element: e.currentTarget })}
              />
              <Textarea
                label="Message"
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
                    label="Restore built-in texts"
                    variant="default"
                    color="orange"
                    title="Restore the built-in texts?"
                    message="Your own subject and message are discarded; customers get the built-in texts in their own language again."
                    confirmLabel="Restore"
                    onConfirm={() => save.mutateAsync({ subject: null, body: null })}
                  />
                ) : (
                  <span />
                )}
                <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                  Save template
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="md">
          <Paper withBorder p="md" component="section" aria-label="Placeholders">
            <Title order={3} size="h5" mb={4}>
              Placeholders
            </Title>
            <Text size="xs" c="dimmed" mb="xs">
              Click one to insert it where the cursor is.
            </Text>
            <Table verticalSpacing={4} fz="sm">
              <Table.Tbody>
                {(Object.keys(MEANING) as EmailPlaceholder[]).map((name) => (
                  <Table.Tr key={name}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Tooltip label="Insert" withArrow>
                        <Button size="compact-xs" variant="light" ff="monospace" onMouseDown={(e) => e.preventDefault()} onClick={() => insert(`{${name}}`)}>
                          {`{${name}}`}
                        </Button>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>{MEANING[name]}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed" mt="xs">
              If the message leaves out {'{link}'}, the link is added at the end.
            </Text>
          </Paper>
          <Paper withBorder p="md" component="section" aria-label="Sample">
            <Title order={3} size="h5" mb="xs">
              Sample
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
