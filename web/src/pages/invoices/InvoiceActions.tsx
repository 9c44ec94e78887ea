/**
 * What can be done with an invoice, by its status and the user's role: edit, delete and
 * finalize drafts; record payments, issue credit notes, void or write off open ones.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { ApiError, del, post } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { actionProblem, type InvoiceAction } from '../../../../src/domain/invoice-status.ts';
import { parseAmount } from '../../../../src/domain/money/index.ts';
import { PAYMENT_METHODS, today, useRefreshBilling, type Invoice } from './invoiceApi.ts';
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
      notifications.show({ color: 'red', title: 'That did not work', message: error instanceof Error ? error.message : 'Please try again.' });
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
        notifications.show({ color: 'red', title: 'That did not work', message: error instanceof Error ? error.message : 'Please try again.' });
      }
      return;
    }
    await refresh();
    notifications.show({ color: 'green', message: 'Invoice finalized' });
  };
}

export function InvoiceActions({ invoice, onFinalizeRefused = () => undefined }: { invoice: Invoice; onFinalizeRefused?: (refusal: Refusal | null) => void }) {
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
      <Group gap="xs">
        <Button component={Link} to={`/invoices/${invoice.id}/edit`} variant="default">
          Edit
        </Button>
        <ConfirmButton
          label="Delete"
          variant="default"
          color="red"
          title="Delete this draft?"
          message="The draft is deleted for good. Finalized invoices are never deleted."
          confirmLabel="Delete draft"
          onConfirm={quiet(async () => {
            await act(() => del(`/invoices/${invoice.id}`), 'Draft deleted');
            void navigate('/invoices');
          })}
        />
        {can('accountant') ? (
          <ConfirmButton
            label="Finalize"
            color="indigo"
            title="Finalize this invoice?"
            message="The next invoice number will be assigned and the invoice frozen: it can no longer be edited or deleted, only credited or voided."
            confirmLabel="Finalize invoice"
            onConfirm={finalize}
          />
        ) : null}
        {can('accountant') ? <MakeRecurringButton invoice={invoice} /> : null}
      </Group>
    );
  }

  // The same rules the server applies (src/domain/invoice-status.ts).
  const facts = { status: invoice.status, amountPaid: parseAmount(invoice.amount_paid, invoice.currency), amountDue: parseAmount(invoice.amount_due, invoice.currency) };
  const allowed = (action: InvoiceAction) => actionProblem(action, facts) === null;
  // Sales may send an invoice by e-mail; the money actions below are for accountants.
  if (!can('accountant')) return <SendInvoiceDialog invoice={invoice} />;
  return (
    <>
      <Group gap="xs">
        <SendInvoiceDialog invoice={invoice} />
        {allowed('record_payment') ? <Button onClick={() => setModal('payment')}>Record payment</Button> : null}
        {allowed('credit') ? (
          <Button variant="default" onClick={() => setModal('credit')}>
            Issue credit note
          </Button>
        ) : null}
        {allowed('void') ? (
          <ConfirmButton
            label="Void"
            variant="default"
            color="red"
            title="Void this invoice?"
            message="The invoice keeps its number but is cancelled: nothing is owed on it any more."
            confirmLabel="Void invoice"
            onConfirm={quiet(() => act(() => post(`/invoices/${invoice.id}/void`), 'Invoice voided'))}
          />
        ) : null}
        {allowed('mark_uncollectible') ? (
        <ConfirmButton
          label="Mark uncollectible"
          variant="default"
          color="orange"
          title="Mark this invoice uncollectible?"
          message="The amount due is written off as bad debt. Payments can still be recorded later."
          confirmLabel="Mark uncollectible"
          onConfirm={quiet(() => act(() => post(`/invoices/${invoice.id}/mark-uncollectible`), 'Invoice marked uncollectible'))}
        />
        ) : null}
        {invoice.status !== 'void' ? <MakeRecurringButton invoice={invoice} /> : null}
      </Group>
      <Modal opened={modal === 'payment'} onClose={() => setModal(null)} title="Record payment" centered>
        {modal === 'payment' ? <PaymentForm invoice={invoice} onDone={() => setModal(null)} /> : null}
      </Modal>
      <Modal opened={modal === 'credit'} onClose={() => setModal(null)} title="Issue credit note" centered>
        {modal === 'credit' ? <CreditNoteForm invoice={invoice} onDone={() => setModal(null)} /> : null}
      </Modal>
    </>
  );
}

function PaymentForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const refresh = useRefreshBilling();
  const form = useForm({ initialValues: { amount: invoice.amount_due, date: today(), method: 'bank_transfer', reference: '' } });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      post('/payments', { invoice_id: invoice.id, amount: values.amount.trim(), date: values.date, method: values.method, reference: values.reference.trim() || null }),
    onSuccess: async () => {
      await refresh();
      notifications.show({ color: 'green', message: 'Payment recorded' });
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <TextInput label={`Amount (${invoice.currency})`} inputMode="decimal" data-autofocus {...form.getInputProps('amount')} />
        <TextInput label="Payment date" type="date" {...form.getInputProps('date')} />
        <Select label="Method" data={PAYMENT_METHODS} allowDeselect={false} {...form.getInputProps('method')} />
        <TextInput label="Reference" placeholder="Bank reference, cheque number…" {...form.getInputProps('reference')} />
        <FormError error={save.error} />
        <FormActions onCancel={onDone} submitting={save.isPending}>
          Save payment
        </FormActions>
      </Stack>
    </form>
  );
}
