/**
 * "Send" on a finalized invoice: a dialog prefilled with the recipient, subject and body
 * the server would use (GET /invoices/{id}/send-preview), all editable. {link} in the body
 * becomes the invoice's customer link when it is sent; the PDF is attached. Without a mail
 * server the dialog says the message will wait in the outbox.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Button, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { actionProblem } from '../../../../src/domain/invoice-status.ts';
import { templateProblem } from '../../../../src/domain/email-template.ts';
import { parseAmount } from '../../../../src/domain/money/index.ts';
import type { SendPreviewOut as Preview } from '../../../../src/modules/email/email.schemas.ts';
import { useRefreshBilling, type Invoice } from './invoiceApi.ts';
import { FormActions } from '../../components/FormActions.tsx';

export function SendInvoiceDialog({ invoice }: { invoice: Invoice }) {
  const session = useSession();
  const [opened, setOpened] = useState(false);
  const facts = { status: invoice.status, amountPaid: parseAmount(invoice.amount_paid, invoice.currency), amountDue: parseAmount(invoice.amount_due, invoice.currency) };
  if (!session.can('sales') || actionProblem('send', facts) !== null) return null;
  return (
    <>
      <Button variant={invoice.sent_at ? 'default' : 'filled'} onClick={() => setOpened(true)}>
        {invoice.sent_at ? 'Send again' : 'Send'}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Send invoice ${invoice.number ?? ''}`} size="lg" centered>
        {opened ? <SendForm invoice={invoice} onDone={() => setOpened(false)} /> : null}
      </Modal>
    </>
  );
}

function SendForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  // Always fresh: the template or the customer's address may have changed a moment ago.
  const preview = useQuery({ queryKey: ['send-preview', invoice.id], queryFn: () => get<Preview>(`/invoices/${invoice.id}/send-preview`), gcTime: 0 });
  if (preview.isPending) return <LoadingState label="Preparing the message" />;
  if (preview.isError) return <ErrorState error={preview.error} />;
  return <SendFields invoice={invoice} preview={preview.data} onDone={onDone} />;
}

function SendFields({ invoice, preview, onDone }: { invoice: Invoice; preview: Preview; onDone: () => void }) {
  const refresh = useRefreshBilling();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { to: preview.to ?? '', subject: preview.subject, message: preview.body },
    validate: {
      to: (value) => (value.trim() === '' ? 'Enter the address to send the invoice to' : null),
      subject: (value) => templateProblem(value, 'subject'),
      message: (value) => templateProblem(value, 'body'),
    },
  });
  const send = useMutation({
    mutationFn: (values: typeof form.values) =>
      post<Invoice>(`/invoices/${invoice.id}/send`, { to: values.to.trim(), subject: values.subject.trim(), message: values.message }),
    onSuccess: async (sent) => {
      await Promise.all([
        refresh(),
        queryClient.invalidateQueries({ queryKey: ['emails'] }),
        // Sending makes a new customer link for the message and revokes the previous one.
        queryClient.invalidateQueries({ queryKey: ['invoice-link', invoice.id] }),
      ]);
      notifications.show(
        preview.delivery === 'outbox'
          ? { color: 'yellow', title: 'Kept in the outbox', message: 'No mail server is configured: the message was saved, not delivered.' }
          : { color: 'blue', title: 'Queued for delivery', message: `The invoice goes to ${sent.sent_to ?? 'the customer'} in a moment.` },
      );
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const unexpected = send.error !== null && !(send.error instanceof ApiError && send.error.fieldErrors.length > 0);

  return (
    <form onSubmit={form.onSubmit((values) => send.mutate(values))} noValidate>
      <Stack>
        {preview.delivery === 'outbox' ? (
          <Alert color="yellow" title="No mail server configured">
            The message will be kept in the{' '}
            <Anchor component={Link} to="/emails?status=outbox" inherit>
              outbox
            </Anchor>{' '}
            and not delivered until an SMTP server is set up (SMTP_URL); then it can be retried from there.
          </Alert>
        ) : null}
        <TextInput label="To" type="email" autoComplete="off" data-autofocus {...form.getInputProps('to')} />
        <TextInput label="Subject" {...form.getInputProps('subject')} />
        <Textarea
          label="Message"
          description="{link} becomes a new link where the customer views and downloads the invoice; an earlier customer link stops working."
          autosize
          minRows={8}
          maxRows={16}
          {...form.getInputProps('message')}
        />
        <Text size="sm" c="dimmed">
          Attached: the invoice as PDF.{' '}
          {preview.reply_to ? (
            `Replies go to ${preview.reply_to}.`
          ) : (
            <>
              Set your organization’s e-mail address in{' '}
              <Anchor component={Link} to="/settings/organization" inherit>
                Settings
              </Anchor>{' '}
              so that replies reach you.
            </>
          )}
        </Text>
        {unexpected ? (
          <Alert color="red" role="alert">
            {send.error?.message}
          </Alert>
        ) : null}
        <FormActions onCancel={onDone} submitting={send.isPending}>
          {preview.delivery === 'outbox' ? 'Save to outbox' : 'Send invoice'}
        </FormActions>
      </Stack>
    </form>
  );
}
