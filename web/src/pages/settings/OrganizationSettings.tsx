/** The organization's profile and document numbering; admins edit it, everyone else reads it. */
import { useMemo } from 'react';
import { Alert, NumberInput, Paper, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CountrySelect, CurrencySelect, LanguageSelect } from '../../components/inputs/pickers.tsx';
import { formatDate } from '../../components/format.ts';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, patch } from '../../api/client.ts';
import type { Organization } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDocumentNumber, numberFormatProblem } from '../../../../src/domain/numbering.ts';
import { formatMoney } from '../../components/format.ts';

import { SettingsFormFooter } from './SettingsFormFooter.tsx';
import { ElectronicAddressFields, electronicAddressBody, electronicAddressValues, type ElectronicAddressValues } from '../../components/ElectronicAddressFields.tsx';

interface Values {
  name: string;
  tax_id: string;
  email: string;
  phone: string;
  currency: string;
  payment_terms_days: number | string;
  locale: string;
  invoice_number_format: string;
  credit_note_number_format: string;
  /** An IANA zone, or DEFAULT_ZONE: the country's default (sent as null). */
  time_zone: string;
  address: { line1: string; line2: string; city: string; region: string; postal_code: string; country: string };
  electronic_address: ElectronicAddressValues;
  legal_registration_id: string;
  tax_registration_id: string;
}

function valuesOf(org: Organization): Values {
  const a = org.address;
  return {
    name: org.name,
    tax_id: org.tax_id ?? '',
    email: org.email ?? '',
    phone: org.phone ?? '',
    currency: org.currency,
    payment_terms_days: org.payment_terms_days,
    locale: org.locale,
    invoice_number_format: org.invoice_number_format,
    credit_note_number_format: org.credit_note_number_format,
    time_zone: org.time_zone_set ? org.time_zone : DEFAULT_ZONE,
    electronic_address: electronicAddressValues(org.electronic_address),
    legal_registration_id: org.legal_registration_id ?? '',
    tax_registration_id: org.tax_registration_id ?? '',
    address: {
      line1: a?.line1 ?? '',
      line2: a?.line2 ?? '',
      city: a?.city ?? '',
      region: a?.region ?? '',
      postal_code: a?.postal_code ?? '',
      country: a?.country ?? org.country ?? '',
    },
  };
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

function bodyOf(values: Values): Record<string, unknown> {
  const a = values.address;
  const address = { line1: orNull(a.line1), line2: orNull(a.line2), city: orNull(a.city), region: orNull(a.region), postal_code: orNull(a.postal_code), country: orNull(a.country.toUpperCase()) };
  const hasAddress = Object.values(address).some((v) => v !== null);
  return {
    name: values.name,
    tax_id: orNull(values.tax_id),
    email: orNull(values.email),
    phone: orNull(values.phone),
    currency: values.currency,
    payment_terms_days: typeof values.payment_terms_days === 'number' ? values.payment_terms_days : Number(values.payment_terms_days),
    locale: values.locale.trim(),
    invoice_number_format: values.invoice_number_format,
    credit_note_number_format: values.credit_note_number_format,
    time_zone: values.time_zone === DEFAULT_ZONE ? null : values.time_zone,
    address: hasAddress ? address : null,
    electronic_address: electronicAddressBody(values.electronic_address),
    legal_registration_id: orNull(values.legal_registration_id),
    tax_registration_id: orNull(values.tax_registration_id),
    ...(address.country !== null ? { country: address.country } : {}),
  };
}

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** "Example: INV-2026-00001" under a number format, while the format is valid. */
function example(format: string, t: TFunction): string {
  return numberFormatProblem(format) === null
    ? t('organization.settings.numberExample', { example: formatDocumentNumber(format, 1, today()) })
    : t('organization.settings.numberPlaceholders', { placeholders: '{YYYY}, {YY}, {MM}, {DD}', seq: '{SEQ}', seqN: '{SEQ:n}' });
}

const DEFAULT_ZONE = 'default';

/** Every IANA zone the browser knows, the current one always among them. */
function zoneNames(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...known, 'UTC', current])].sort((a, b) => a.localeCompare(b));
}

/**
 * The zone "default" stands for, following the country as typed. While the organization uses
 * its default and the country is unchanged that is its own time_zone; otherwise the server's
 * rule (domain/time-zone.ts) is loaded on demand, as it brings the time-zone tables along.
 */
function useCountryZone(organization: Organization, typedCountry: string): string | undefined {
  const country = typedCountry.trim().toUpperCase() || null;
  const known = !organization.time_zone_set && country === organization.country;
  const computed = useQuery({
    queryKey: ['default-time-zone', country],
    queryFn: async () => (await import('../../../../src/domain/time-zone.ts')).defaultTimeZone(country),
    enabled: !known,
    staleTime: Infinity,
  });
  return known ? organization.time_zone : computed.data;
}

function OrganizationForm({ organization }: { organization: Organization }) {
  const { t } = useTranslation();
  const session = useSession();
  const editable = session.can('admin');
  const queryClient = useQueryClient();
  const form = useForm<Values>({ initialValues: valuesOf(organization) });

  const save = useMutation({
    mutationFn: (values: Values) => patch<Organization>('/organization', bodyOf(values)),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['organization'], saved);
      notifications.show({ message: t('organization.settings.saved'), color: 'green' });
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors({ ...error.byField(), ...(error.byField().country ? { 'address.country': error.byField().country } : {}) });
    },
  });

  const readOnly = !editable;
  const countryZone = useCountryZone(organization, form.values.address.country);
  const zones = useMemo(
    () => [
      { value: DEFAULT_ZONE, label: countryZone ? t('organization.settings.zoneDefaultOf', { zone: countryZone }) : t('organization.settings.zoneDefault') },
      ...zoneNames(organization.time_zone).map((z) => ({ value: z, label: z.replaceAll('_', ' ') })),
    ],
    [countryZone, organization.time_zone, t],
  );
  /** A picker bound to a form path: the code as value, the server's message at it. */
  const pick = (path: 'address.country' | 'currency' | 'locale', value: string) => ({
    value,
    onChange: (next: string) => form.setFieldValue(path, next),
    error: form.errors[path],
    readOnly,
  });
  const sampleLocale = form.values.locale || undefined;
  const sample = (() => {
    try {
      return `${formatMoney('1234.5', form.values.currency || 'EUR', sampleLocale)} · ${formatDate('2026-12-06', sampleLocale)}`;
    } catch {
      return '';
    }
  })();
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="md" maw={760}>
        {readOnly ? (
          <Alert color="gray" title={t('organization.readOnly')}>
            {t('organization.settings.readOnly')}
          </Alert>
        ) : null}
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="sm">
            {t('organization.settings.business')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('organization.settings.name')} required readOnly={readOnly} {...form.getInputProps('name')} />
            <TextInput label={t('organization.settings.taxId')} readOnly={readOnly} {...form.getInputProps('tax_id')} />
            <TextInput label={t('organization.settings.email')} type="email" readOnly={readOnly} {...form.getInputProps('email')} />
            <TextInput label={t('organization.settings.phone')} type="tel" readOnly={readOnly} {...form.getInputProps('phone')} />
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="sm">
            {t('organization.settings.einvoices')}
          </Title>
          <Stack gap="sm">
            <ElectronicAddressFields form={form} readOnly={readOnly} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('organization.settings.legalRegistrationId')}
                description={t('organization.settings.legalRegistrationIdHelp')}
                readOnly={readOnly}
                {...form.getInputProps('legal_registration_id')}
              />
              <TextInput label={t('organization.settings.taxNumber')} description={t('organization.settings.taxNumberHelp')} readOnly={readOnly} {...form.getInputProps('tax_registration_id')} />
            </SimpleGrid>
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="sm">
            {t('organization.settings.address')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('organization.settings.line1')} readOnly={readOnly} {...form.getInputProps('address.line1')} />
            <TextInput label={t('organization.settings.line2')} readOnly={readOnly} {...form.getInputProps('address.line2')} />
            <TextInput label={t('organization.settings.postalCode')} readOnly={readOnly} {...form.getInputProps('address.postal_code')} />
            <TextInput label={t('organization.settings.city')} readOnly={readOnly} {...form.getInputProps('address.city')} />
            <TextInput label={t('organization.settings.region')} readOnly={readOnly} {...form.getInputProps('address.region')} />
            <CountrySelect label={t('organization.settings.country')} {...pick('address.country', form.values.address.country)} />
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="sm">
            {t('organization.settings.invoicing')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <CurrencySelect label={t('organization.settings.currency')} clearable={false} {...pick('currency', form.values.currency)} />
            <NumberInput label={t('organization.settings.paymentTerms')} min={0} max={3650} allowDecimal={false} readOnly={readOnly} {...form.getInputProps('payment_terms_days')} />
            <LanguageSelect
              label={t('organization.settings.documentLanguage')}
              description={<span data-testid="document-language-sample">{t('organization.settings.documentLanguageHelp', { sample })}</span>}
              clearable={false}
              {...pick('locale', form.values.locale)}
            />
            <Select
              label={t('organization.settings.timeZone')}
              description={t('organization.settings.timeZoneHelp')}
              data={zones}
              searchable
              allowDeselect={false}
              nothingFoundMessage={t('common.input.nothingFound')}
              readOnly={readOnly}
              {...form.getInputProps('time_zone')}
            />
            <TextInput
              label={t('organization.settings.invoiceNumberFormat')}
              description={<span data-testid="invoice-number-example">{example(form.values.invoice_number_format, t)}</span>}
              readOnly={readOnly}
              {...form.getInputProps('invoice_number_format')}
            />
            <TextInput
              label={t('organization.settings.creditNoteNumberFormat')}
              description={<span data-testid="credit-note-number-example">{example(form.values.credit_note_number_format, t)}</span>}
              readOnly={readOnly}
              {...form.getInputProps('credit_note_number_format')}
            />
          </SimpleGrid>
        </Paper>
        <SettingsFormFooter error={save.error} editable={editable} dirty={form.isDirty()} saving={save.isPending} label={t('organization.settings.save')} />
      </Stack>
    </form>
  );
}

export default function OrganizationSettings() {
  const organization = useQuery({ queryKey: ['organization'], queryFn: () => get<Organization>('/organization') });
  if (organization.isPending) return <LoadingState />;
  if (organization.isError) return <ErrorState error={organization.error} />;
  return <OrganizationForm key={organization.data.updated_at} organization={organization.data} />;
}
