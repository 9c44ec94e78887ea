/**
 * What can be done with an invoice, by its status and the user's role: edit, delete and
 * finalize drafts; record payments, issue credit notes, void or write off open ones; duplicate
 * any of them into a new draft. On a phone the buttons wrap onto as many rows as they need.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n/index.ts';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { ApiError, del, post } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { actionProblem, type InvoiceAction } from '../../../../src/domain/invoice-status.ts';
import { parseAmount } from '../../../../src/domain/money/index.ts';
import { PAYMENT_METHOD_VALUES, paymentMethodLabel, today, useRefreshBilling, type Invoice } from './invoiceApi.ts';
import { DecimalInput } from '../../components/inputs/DecimalInput.tsx';
import { DateField } from '../../components/inputs/DateField.tsx';
import { SendInvoiceDialog } from './SendInvoiceDialog.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { MakeRecurringButton } from '../subscriptions/MakeRecurring.tsx';
import { CreditNoteForm } from '../credit-notes/CreditNoteForm.tsx';
import { FormError } from '../../components/FormError.tsx';
import type { Refusal } from './FinalizeRefusal.tsx';

/** Runs an action, then refreshes and tells the user; failures are shown, not thrown. */
function useAction() {
  const refresh = useRefreshBilling();
  return async (run: () => Promise<unknown>, success: string) => {
    try {
      await run();
      await refresh();
      notifications.show({ color: 'green', message: success });
    } catch (error) {
      notifications.show({ color: 'red', title: i18next.t('invoice.actions.failed'), message: error instanceof Error ? error.message : i18next.t('invoice.actions.tryAgain') });
      throw error;
    }
  };
}

/**
 * Finalizes a draft. A refusal that lists fields (the e-invoice rules a customer's format
 * needs, see FinalizeRefusal) goes to the page, which shows each line; anything else is a
 * notification like every other action.
 */
function useFinalize(invoiceId: string, onRefused: (refusal: Refusal | null) => void) {
  const refresh = useRefreshBilling();
  return async () => {
    onRefused(null);
    try {
      await post(`/invoices/${invoiceId}/finalize`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && error.fieldErrors.length > 0) {
        onRefused({ message: error.message, errors: error.fieldErrors });
      } else {
        notifications.show({ color: 'red', title: i18next.t('invoice.actions.failed'), message: error instanceof Error ? error.message : i18next.t('invoice.actions.tryAgain') });
      }
      return;
    }
    await refresh();
    notifications.show({ color: 'green', message: i18next.t('invoice.actions.finalized') });
  };
}

export function InvoiceActions({ invoice, onFinalizeRefused = () => undefined }: { invoice: Invoice; onFinalizeRefused?: (refusal: Refusal | null) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const can = (role: Parameters<typeof session.can>[0]) => session.can(role);
  const navigate = useNavigate();
  const act = useAction();
  const finalize = useFinalize(invoice.id, onFinalizeRefused);
  const [modal, setModal] = useState<'payment' | 'credit' | null>(null);
  const quiet = (run: () => Promise<unknown>) => () => run().catch(() => undefined);

  if (invoice.status === 'draft') {
    if (!can('sales')) return null;
    return (
      <Group gap="xs" wrap="wrap" role="group" aria-label={t('invoice.actions.label')}>
        <Button component={Link} to={`/invoices/${invoice.id}/edit`} variant="default">
          {t('common.actions.edit')}
        </Button>
        <ConfirmButton
          label={t('common.actions.delete')}
          variant="default"
          color="red"
          title={t('invoice.actions.deleteTitle')}
          message={t('invoice.actions.deleteMessage')}
          confirmLabel={t('invoice.actions.deleteConfirm')}
          onConfirm={quiet(async () => {
            await act(() => del(`/invoices/${invoice.id}`), t('invoice.actions.deleted'));
            void navigate('/invoices');
          })}
        />
        {can('accountant') ? (
          <ConfirmButton
            label={t('invoice.actions.finalize')}
            color="indigo"
            title={t('invoice.actions.finalizeTitle')}
            message={t('invoice.actions.finalizeMessage')}
            confirmLabel={t('invoice.actions.finalizeConfirm')}
            onConfirm={finalize}
          />
        ) : null}
        <DuplicateButton invoice={invoice} />
        {can('accountant') ? <MakeRecurringButton invoice={invoice} /> : null}
      </Group>
    );
  }

  // The same rules the server applies (src/domain/invoice-status.ts).
  const facts = { status: invoice.status, amountPaid: parseAmount(invoice.amount_paid, invoice.currency), amountDue: parseAmount(invoice.amount_due, invoice.currency) };
  const allowed = (action: InvoiceAction) => actionProblem(action, facts) === null;
  // Sales may send an invoice by e-mail; the money actions below are for accountants.
  if (!can('accountant')) {
    return (
      <Group gap="xs" wrap="wrap" role="group" aria-label={t('invoice.actions.label')}>
        <SendInvoiceDialog invoice={invoice} />
        <DuplicateButton invoice={invoice} />
      </Group>
    );
  }
  return (
    <>
      <Group gap="xs" wrap="wrap" role="group" aria-label={t('invoice.actions.label')}>
        <SendInvoiceDialog invoice={invoice} />
        {allowed('record_payment') ? <Button onClick={() => setModal('payment')}>{t('invoice.actions.recordPayment')}</Button> : null}
        {allowed('credit') ? (
          <Button variant="default" onClick={() => setModal('credit')}>
            {t('invoice.actions.issueCreditNote')}
          </Button>
        ) : null}
        {allowed('void') ? (
          <ConfirmButton
            label={t('invoice.actions.void')}
            variant="default"
            color="red"
            title={t('invoice.actions.voidTitle')}
            message={t('invoice.actions.voidMessage')}
            confirmLabel={t('invoice.actions.voidConfirm')}
            onConfirm={quiet(() => act(() => post(`/invoices/${invoice.id}/void`), t('invoice.actions.voided')))}
          />
        ) : null}
        {allowed('mark_uncollectible') ? (
          <ConfirmButton
            label={t('invoice.actions.markUncollectible')}
            variant="default"
            color="orange"
            title={t('invoice.actions.uncollectibleTitle')}
            message={t('invoice.actions.uncollectibleMessage')}
            confirmLabel={t('invoice.actions.markUncollectible')}
            onConfirm={quiet(() => act(() => post(`/invoices/${invoice.id}/mark-uncollectible`), t('invoice.actions.markedUncollectible')))}
          />
        ) : null}
        <DuplicateButton invoice={invoice} />
        {invoice.status !== 'void' ? <MakeRecurringButton invoice={invoice} /> : null}
      </Group>
      <Modal opened={modal === 'payment'} onClose={() => setModal(null)} title={t('invoice.actions.recordPayment')} centered>
        {modal === 'payment' ? <PaymentForm invoice={invoice} onDone={() => setModal(null)} /> : null}
      </Modal>
      <Modal opened={modal === 'credit'} onClose={() => setModal(null)} title={t('invoice.actions.issueCreditNote')} centered>
        {modal === 'credit' ? <CreditNoteForm invoice={invoice} onDone={() => setModal(null)} /> : null}
      </Modal>
    </>
  );
}

/**
 * "Duplicate": a new draft with this invoice's customer, lines and texts (POST
 * /invoices/{id}/duplicate), opened in the editor. For those who may create invoices.
 */
function DuplicateButton({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const refresh = useRefreshBilling();
  const duplicate = useMutation({
    mutationFn: () => post<Invoice>(`/invoices/${invoice.id}/duplicate`),
    onSuccess: async (copy) => {
      await refresh();
      notifications.show({
        color: 'green',
        title: t('invoice.actions.duplicated'),
        message: invoice.number === null ? t('invoice.actions.duplicatedDraft') : t('invoice.actions.duplicatedFrom', { number: invoice.number }),
      });
      void navigate(`/invoices/${copy.id}/edit`);
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('invoice.actions.failed'), message: error instanceof Error ? error.message : t('invoice.actions.tryAgain') }),
  });
  if (!session.can('sales')) return null;
  return (
    <Button variant="default" loading={duplicate.isPending} onClick={() => duplicate.mutate()}>
      {t('invoice.actions.duplicate')}
    </Button>
  );
}

function PaymentForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshBilling();
  const form = useForm({ initialValues: { amount: invoice.amount_due, date: today(), method: 'bank_transfer', reference: '' } });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      post('/payments', { invoice_id: invoice.id, amount: values.amount.trim(), date: values.date, method: values.method, reference: values.reference.trim() || null }),
    onSuccess: async () => {
      await refresh();
      notifications.show({ color: 'green', message: t('invoice.payment.recorded') });
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const methods = PAYMENT_METHOD_VALUES.map((value) => ({ value, label: paymentMethodLabel(value) }));
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <DecimalInput label={t('invoice.payment.amount', { currency: invoice.currency })} minimumFractionDigits={2} data-autofocus {...form.getInputProps('amount')} value={form.values.amount} />
        <DateField label={t('invoice.payment.date')} {...form.getInputProps('date')} value={form.values.date} />
        <Select label={t('invoice.payment.method')} data={methods} allowDeselect={false} {...form.getInputProps('method')} />
        <TextInput label={t('invoice.payment.reference')} placeholder={t('invoice.payment.referencePlaceholder')} {...form.getInputProps('reference')} />
        <FormError error={save.error} />
        <FormActions onCancel={onDone} submitting={save.isPending}>
          {t('invoice.payment.save')}
        </FormActions>
      </Stack>
    </form>
  );
}
