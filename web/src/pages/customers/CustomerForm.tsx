/**
 * The customer form, in a modal, for creating and editing. Server field errors are shown
 * at their fields: the form's values mirror the API's shape, so a path such as
 * "address.country" is also the form path of the country input.
 */
import { Alert, Checkbox, Divider, Modal, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { CountrySelect, CurrencySelect, LanguageSelect } from '../../components/inputs/pickers.tsx';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, patch, post } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';
import { notifySuccess } from './listing.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { ElectronicAddressFields, electronicAddressBody, electronicAddressValues, type ElectronicAddressValues } from '../../components/ElectronicAddressFields.tsx';
import { EINVOICE_FORMAT_LABELS, EINVOICE_FORMATS } from '../../../../src/domain/einvoice/formats.ts';
import { CustomFieldInputs, customFieldValues } from '../../components/CustomFields.tsx';

const FORMAT_ITEMS = EINVOICE_FORMATS.map((f) => ({ value: f, label: EINVOICE_FORMAT_LABELS[f] }));

interface Values {
  name: string;
  email: string;
  phone: string;
  address: { line1: string; line2: string; postal_code: string; city: string; region: string; country: string };
  tax_id: string;
  currency: string;
  language: string;
  payment_terms_days: number | string;
  notes: string;
  reminders_enabled: boolean;
  electronic_address: ElectronicAddressValues;
  legal_registration_id: string;
  einvoice_format: string;
  custom_fields: Record<string, string>;
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
    currency: customer?.currency ?? '',
    language: customer?.language ?? '',
    payment_terms_days: customer?.payment_terms_days ?? '',
    notes: customer?.notes ?? '',
    reminders_enabled: customer?.reminders_enabled ?? true,
    electronic_address: electronicAddressValues(customer?.electronic_address),
    legal_registration_id: customer?.legal_registration_id ?? '',
    einvoice_format: customer?.einvoice_format ?? '',
    custom_fields: customFieldValues(customer?.custom_fields),
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
    custom_fields: values.custom_fields,
  };
}

export function CustomerFormModal({ opened, onClose, customer, onSaved }: { opened: boolean; onClose: () => void; customer?: Customer; onSaved?: (customer: Customer) => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 40em)');
  return (
    <Modal opened={opened} onClose={onClose} title={customer ? t('customers.form.editTitle') : t('customers.form.newTitle')} size="lg" fullScreen={phone === true}>
      {/* Mounted only while open, so each opening starts from the customer's current values. */}
      {opened ? <CustomerForm customer={customer} onCancel={onClose} onSaved={(c) => { onSaved?.(c); onClose(); }} /> : null}
    </Modal>
  );
}

function CustomerForm({ customer, onCancel, onSaved }: { customer?: Customer; onCancel: () => void; onSaved: (customer: Customer) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: initialValues(customer),
    validate: { name: (v) => (v.trim() ? null : t('customers.form.nameRequired')) },
  });
  const save = useMutation({
    mutationFn: (values: Values) => (customer ? patch<Customer>(`/customers/${customer.id}`, toBody(values)) : post<Customer>('/customers', toBody(values))),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      notifySuccess(customer ? t('customers.form.saved', { name: saved.name }) : t('customers.form.created', { name: saved.name }));
      onSaved(saved);
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const fieldErrorsShown = save.error instanceof ApiError && save.error.fieldErrors.length > 0;
  /** A picker bound to a form path: the code as value, the server's message at it. */
  const pick = (path: 'address.country' | 'currency' | 'language', value: string) => ({
    value,
    onChange: (next: string) => form.setFieldValue(path, next),
    error: form.errors[path],
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="sm">
        <TextInput label={t('customers.fields.name')} required data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('customers.fields.email')} type="email" autoComplete="off" {...form.getInputProps('email')} />
          <TextInput label={t('customers.fields.phone')} type="tel" {...form.getInputProps('phone')} />
        </SimpleGrid>
        <Divider label={t('customers.fields.address')} labelPosition="left" />
        <TextInput label={t('customers.fields.line1')} {...form.getInputProps('address.line1')} />
        <TextInput label={t('customers.fields.line2')} {...form.getInputProps('address.line2')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('customers.fields.postalCode')} {...form.getInputProps('address.postal_code')} />
          <TextInput label={t('customers.fields.city')} {...form.getInputProps('address.city')} />
          <TextInput label={t('customers.fields.region')} {...form.getInputProps('address.region')} />
          <CountrySelect label={t('customers.fields.country')} placeholder={t('customers.form.countryPlaceholder')} {...pick('address.country', form.values.address.country)} />
        </SimpleGrid>
        <Divider label={t('customers.form.billing')} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('customers.fields.taxId')} {...form.getInputProps('tax_id')} />
          <CurrencySelect label={t('customers.fields.currency')} description={t('customers.form.emptyOrganization')} {...pick('currency', form.values.currency)} />
          <LanguageSelect label={t('customers.fields.language')} description={t('customers.form.languageHelp')} {...pick('language', form.values.language)} />
          <NumberInput
            label={t('customers.form.paymentTermsDays')}
            description={t('customers.form.emptyOrganization')}
            min={0}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('payment_terms_days')}
          />
        </SimpleGrid>
        <Divider label={t('customers.form.einvoices')} labelPosition="left" />
        <ElectronicAddressFields form={form} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('customers.form.legalRegistrationId')} description={t('customers.form.legalRegistrationIdHelp')} {...form.getInputProps('legal_registration_id')} />
          <Select
            label={t('customers.form.einvoiceFormat')}
            description={t('customers.form.einvoiceFormatHelp')}
            data={[{ value: '', label: t('customers.form.none') }, ...FORMAT_ITEMS]}
            allowDeselect={false}
            {...form.getInputProps('einvoice_format')}
          />
        </SimpleGrid>
        <Checkbox
          label={t('customers.form.reminders')}
          description={t('customers.form.remindersHelp')}
          {...form.getInputProps('reminders_enabled', { type: 'checkbox' })}
        />
        <CustomFieldInputs
          resource="customer"
          values={form.values.custom_fields}
          onChange={(next) => form.setFieldValue('custom_fields', next)}
          errors={form.errors}
          heading={<Divider label={t('customFields.inputs.heading')} labelPosition="left" />}
        />
        <Textarea label={t('customers.fields.notes')} autosize minRows={2} maxRows={6} {...form.getInputProps('notes')} />
        {save.isError && !fieldErrorsShown ? (
          <Alert color="red" role="alert">
            {save.error.message}
          </Alert>
        ) : null}
        {fieldErrorsShown ? (
          <Alert color="red" role="alert">
            {t('customers.form.correctFields')}
          </Alert>
        ) : null}
        <FormActions onCancel={onCancel} submitting={save.isPending}>
          {customer ? t('common.actions.save') : t('customers.form.create')}
        </FormActions>
      </Stack>
    </form>
  );
}
