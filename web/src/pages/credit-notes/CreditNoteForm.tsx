/**
 * Issues a credit note against a finalized invoice.
 */
import { Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { ApiError, post } from '../../api/client.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormError } from '../../components/FormError.tsx';
import { useRefreshBilling, type Invoice } from '../invoices/invoiceApi.ts';

export function CreditNoteForm({ invoice, onDone }: { invoice: Invoice; onDone: () => void }) {
  const refresh = useRefreshBilling();
  // An amount is credited at one tax rate: with several on the invoice, the user names it
  // (the API refuses to guess). Rates without an id (untaxed lines) are credited by line.
  const several = invoice.taxes.length > 1;
  const rates = invoice.taxes.flatMap((t) => (t.tax_rate_id === null ? [] : [{ value: t.tax_rate_id, label: `${t.name ?? `Tax ${t.category}`} (${t.percentage}%)` }]));
  const form = useForm({
    initialValues: { amount: '', reason: '', tax_rate_id: '' },
    validate: { tax_rate_id: (value) => (several && value === '' ? 'Choose the tax rate of what you credit' : null) },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      post(`/invoices/${invoice.id}/credit-notes`, {
        amount: values.amount.trim(),
        reason: values.reason,
        ...(several ? { tax_rate_id: values.tax_rate_id } : {}),
      }),
    onSuccess: async () => {
      await refresh();
      notifications.show({ color: 'green', message: 'Credit note issued' });
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          The credit note gets its own number and lowers the amount due; on a paid invoice it becomes customer credit.
        </Text>
        <TextInput label={`Amount (${invoice.currency}, tax included)`} inputMode="decimal" data-autofocus {...form.getInputProps('amount')} />
        {several ? (
          <Select
            label="Tax rate"
            description="The rate of what you credit: its tax is taken out of the amount at this rate"
            data={rates}
            allowDeselect={false}
            {...form.getInputProps('tax_rate_id')}
          />
        ) : null}
        <TextInput label="Reason" {...form.getInputProps('reason')} />
        <FormError error={save.error} />
        <FormActions onCancel={onDone} submitting={save.isPending}>
          Issue credit note
        </FormActions>
      </Stack>
    </form>
  );
}
