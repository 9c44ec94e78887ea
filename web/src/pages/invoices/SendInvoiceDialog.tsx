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
import { useTranslation } from 'react-i18next';
import { LINK, withLink } from './timelineLabels.ts';
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
  const { t } = useTranslation();
  const session = useSession();
  const [opened, setOpened] = useState(false);
  const facts = { status: invoice.status, amountPaid: parseAmount(invoice.amount_paid, invoice.currency), amountDue: parseAmount(invoice.amount_due, invoice.currency) };
  if (!session.can('sales') || actionProblem('send', facts) !== null) return null;
  return (
    <>
      <Button variant={invoice.sent_at ? 'default' : 'filled'} onClick={() => setOpened(true)}>
        {invoice.sent_at ? t('invoice.send.again') : t('invoice.send.send')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('invoice.send.title', { number: invoice.number ?? '' })} size="lg" centered>
        {opened ? <SendForm invoice={invoice} onDone={() => setOpened(false)} /> : null}
      </Modal>
    </>
  );
}

function SendForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const { t } = useTranslation();
  // Always fresh: the template or the customer's address may have changed a moment ago.
  const preview = useQuery({ queryKey: ['send-preview', invoice.id], queryFn: () => get<Preview>(`/invoices/${invoice.id}/send-preview`), gcTime: 0 });
  if (preview.isPending) return <LoadingState label={t('invoice.send.preparing')} />;
  if (preview.isError) return <ErrorState error={preview.error} />;
  return <SendFields invoice={invoice} preview={preview.data} onDone={onDone} />;
}

function SendFields({ invoice, preview, onDone }: { invoice: Invoice; preview: Preview; onDone: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshBilling();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { to: preview.to ?? '', subject: preview.subject, message: preview.body },
    validate: {
      to: (value) => (value.trim() === '' ? t('invoice.send.toRequired') : null),
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
          ? { color: 'yellow', title: t('invoice.send.keptTitle'), message: t('invoice.send.keptMessage') }
          : {
              color: 'blue',
              title: t('invoice.send.queuedTitle'),
              message: sent.sent_to ? t('invoice.send.queuedMessage', { to: sent.sent_to }) : t('invoice.send.queuedMessageCustomer'),
            },
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
          <Alert color="yellow" title={t('invoice.send.noMailServer')}>
            {withLink(t('invoice.send.outboxExplained', { outbox: LINK }), (
              <Anchor component={Link} to="/emails?status=outbox" inherit>
                {t('invoice.send.outbox')}
              </Anchor>
            ))}
          </Alert>
        ) : null}
        <TextInput label={t('invoice.send.to')} type="email" autoComplete="off" data-autofocus {...form.getInputProps('to')} />
        <TextInput label={t('invoice.send.subject')} {...form.getInputProps('subject')} />
        <Textarea
          label={t('invoice.send.message')}
          description={t('invoice.send.messageHelp', { link: '{link}' })}
          autosize
          minRows={8}
          maxRows={16}
          {...form.getInputProps('message')}
        />
        <Text size="sm" c="dimmed">
          {t('invoice.send.attached')}{' '}
          {preview.reply_to ? (
            t('invoice.send.repliesTo', { address: preview.reply_to })
          ) : (
            withLink(
              t('invoice.send.setReplyTo', { settings: LINK }),
              <Anchor component={Link} to="/settings/organization" inherit>
                {t('invoice.send.settings')}
              </Anchor>,
            )
          )}
        </Text>
        {unexpected ? (
          <Alert color="red" role="alert">
            {send.error?.message}
          </Alert>
        ) : null}
        <FormActions onCancel={onDone} submitting={send.isPending}>
          {preview.delivery === 'outbox' ? t('invoice.send.saveToOutbox') : t('invoice.send.sendInvoice')}
        </FormActions>
      </Stack>
    </form>
  );
}
