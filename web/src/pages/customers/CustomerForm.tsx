/**
 * The customer form, in a modal, for creating and editing. Server field errors are shown
 * at their fields: the form's values mirror the API's shape, so a path such as
 * "address.country" is also the form path of the country input.
 */
import { Alert, Checkbox, Divider, Modal, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, patch, post } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';
import { notifySuccess } from './listing.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { ElectronicAddressFields, electronicAddressBody, electronicAddressValues, type ElectronicAddressValues } from '../../components/ElectronicAddressFields.tsx';
import { EINVOICE_FORMAT_LABELS, EINVOICE_FORMATS } from '../../../../src/domain/einvoice/formats.ts';

const FORMATS = [{ value: '', label: 'None' }, ...EINVOICE_FORMATS.map((f) => ({ value: f, label: EINVOICE_FORMAT_LABELS[f] }))];

const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'SEK', 'DKK', 'NOK', 'PLN', 'CZK', 'HUF', 'CAD', 'AUD', 'NZD', 'BHD'];

interface Values {
  name: string;
  email: string;
  phone: string;
  address: { line1: string; line2: string; postal_code: string; city: string; region: string; country: string };
  tax_id: string;
  currency: string | null;
  language: string;
  payment_terms_days: number | string;
  notes: string;
  reminders_enabled: boolean;
  electronic_address: ElectronicAddressValues;
  legal_registration_id: string;
  einvoice_format: string;
}

function initialValues(customer?: Customer): Values {
  const a = customer?.address;
  return {
    name: customer?.name ?? '',
    email: customer?.email ?? '',
    phone: customer?.phone ?? '',
    address: {
      line1: a?.line1 ?? '',
      line2: a?.line2 ?? '',
      postal_code: a?.postal_code ?? '',
      city: a?.city ?? '',
      region: a?.region ?? '',
      country: a?.country ?? '',
    },
    tax_id: customer?.tax_id ?? '',
    currency: customer?.currency ?? null,
    language: customer?.language ?? '',
    payment_terms_days: customer?.payment_terms_days ?? '',
    notes: customer?.notes ?? '',
    reminders_enabled: customer?.reminders_enabled ?? true,
    electronic_address: electronicAddressValues(customer?.electronic_address),
    legal_registration_id: customer?.legal_registration_id ?? '',
    einvoice_format: customer?.einvoice_format ?? '',
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

function toBody(values: Values) {
  const address = Object.fromEntries(Object.entries(values.address).map(([k, v]) => [k, orNull(v)]));
  const hasAddress = Object.values(address).some((v) => v !== null);
  return {
    name: values.name.trim(),
    email: orNull(values.email),
    phone: orNull(values.phone),
    address: hasAddress ? address : null,
    tax_id: orNull(values.tax_id),
    currency: values.currency || null,
    language: orNull(values.language),
    payment_terms_days: values.payment_terms_days === '' ? null : Number(values.payment_terms_days),
    notes: orNull(values.notes),
    reminders_enabled: values.reminders_enabled,
    electronic_address: electronicAddressBody(values.electronic_address),
    legal_registration_id: orNull(values.legal_registration_id),
    einvoice_format: values.einvoice_format || null,
  };
}

export function CustomerFormModal({ opened, onClose, customer, onSaved }: { opened: boolean; onClose: () => void; customer?: Customer; onSaved?: (customer: Customer) => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={customer ? 'Edit customer' : 'New customer'} size="lg" fullScreen={false}>
      {/* Mounted only while open, so each opening starts from the customer's current values. */}
      {opened ? <CustomerForm customer={customer} onCancel={onClose} onSaved={(c) => { onSaved?.(c); onClose(); }} /> : null}
    </Modal>
  );
}

function CustomerForm({ customer, onCancel, onSaved }: { customer?: Customer; onCancel: () => void; onSaved: (customer: Customer) => void }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: initialValues(customer),
    validate: { name: (v) => (v.trim() ? null : 'Enter the customer’s name') },
  });
  const save = useMutation({
    mutationFn: (values: Values) => (customer ? patch<Customer>(`/customers/${customer.id}`, toBody(values)) : post<Customer>('/customers', toBody(values))),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      notifySuccess(customer ? `Saved ${saved.name}` : `Created ${saved.name}`);
      onSaved(saved);
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const fieldErrorsShown = save.error instanceof ApiError && save.error.fieldErrors.length > 0;
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="E-mail" type="email" autoComplete="off" {...form.getInputProps('email')} />
          <TextInput label="Phone" type="tel" {...form.getInputProps('phone')} />
        </SimpleGrid>
        <Divider label="Address" labelPosition="left" />
        <TextInput label="Address line 1" {...form.getInputProps('address.line1')} />
        <TextInput label="Address line 2" {...form.getInputProps('address.line2')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Postal code" {...form.getInputProps('address.postal_code')} />
          <TextInput label="City" {...form.getInputProps('address.city')} />
          <TextInput label="Region" {...form.getInputProps('address.region')} />
          <TextInput label="Country code" description="Two letters, e.g. DE" {...form.getInputProps('address.country')} />
        </SimpleGrid>
        <Divider label="Billing" labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Tax ID" {...form.getInputProps('tax_id')} />
          <Select label="Currency" description="Empty: the organization’s" data={CURRENCIES} searchable clearable {...form.getInputProps('currency')} />
          <TextInput label="Language" description='e.g. "en" or "de-AT"' {...form.getInputProps('language')} />
          <NumberInput label="Payment terms (days)" description="Empty: the organization’s" min={0} max={3650} allowDecimal={false} allowNegative={false} {...form.getInputProps('payment_terms_days')} />
        </SimpleGrid>
        <Divider label="E-invoices" labelPosition="left" />
        <ElectronicAddressFields form={form} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Legal registration ID" description='e.g. "HRB 12345"' {...form.getInputProps('legal_registration_id')} />
          <Select label="E-invoice format" description="The structured invoice this customer receives" data={FORMATS} allowDeselect={false} {...form.getInputProps('einvoice_format')} />
        </SimpleGrid>
        <Checkbox
          label="Send payment reminders"
          description="Untick to opt this customer out of the automatic reminders (Settings → Reminders)"
          {...form.getInputProps('reminders_enabled', { type: 'checkbox' })}
        />
        <Textarea label="Notes" autosize minRows={2} maxRows={6} {...form.getInputProps('notes')} />
        {save.isError && !fieldErrorsShown ? (
          <Alert color="red" role="alert">
            {save.error.message}
          </Alert>
        ) : null}
        {fieldErrorsShown ? (
          <Alert color="red" role="alert">
            Please correct the highlighted fields.
          </Alert>
        ) : null}
        <FormActions onCancel={onCancel} submitting={save.isPending}>
          {customer ? 'Save' : 'Create customer'}
        </FormActions>
      </Stack>
    </form>
  );
}
