/**
 * The electronic address of e-invoices (EN 16931 BT-34/BT-49): a scheme of the CEF EAS list
 * (the common ones first, with names; any other by its code) and the address in it. The form
 * values mirror the API ({scheme, value}), so server errors such as
 * "electronic_address.value" land at their input.
 */
import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { COMMON_EAS_SCHEMES, EAS_CODES } from '../../../src/domain/einvoice/eas-codes.ts';

export interface ElectronicAddressValues {
  scheme: string;
  value: string;
}

const COMMON = new Set(COMMON_EAS_SCHEMES.map((s) => s.code));
const COMMON_ITEMS = COMMON_EAS_SCHEMES.map((s) => ({ value: s.code, label: `${s.label} (${s.code})` }));
const OTHER_ITEMS = [...EAS_CODES].filter((code) => !COMMON.has(code)).map((code) => ({ value: code, label: code }));

export function electronicAddressValues(address: { scheme: string; value: string } | null | undefined): ElectronicAddressValues {
  return { scheme: address?.scheme ?? '', value: address?.value ?? '' };
}

/** null when nothing is entered (clears it); else the pair as typed, for the server to check. */
export function electronicAddressBody(values: ElectronicAddressValues): { scheme: string; value: string } | null {
  if (values.scheme.trim() === '' && values.value.trim() === '') return null;
  return { scheme: values.scheme.trim(), value: values.value.trim() };
}

/** What is used of a Mantine form whose values hold electronic_address. */
interface FormWithAddress {
  getInputProps: (path: string) => object;
  getValues: () => { electronic_address: ElectronicAddressValues };
  setFieldValue: (path: 'electronic_address.scheme', value: string) => void;
}

export function ElectronicAddressFields({ form, readOnly = false }: { form: FormWithAddress; readOnly?: boolean }) {
  const { t } = useTranslation();
  const schemes = [
    { group: t('customers.eaddress.common'), items: COMMON_ITEMS },
    { group: t('customers.eaddress.other'), items: OTHER_ITEMS },
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <Select
        label={t('customers.eaddress.scheme')}
        description={t('customers.eaddress.schemeHelp')}
        data={schemes}
        searchable
        clearable
        readOnly={readOnly}
        nothingFoundMessage={t('customers.eaddress.noScheme')}
        {...form.getInputProps('electronic_address.scheme')}
        value={form.getValues().electronic_address.scheme || null}
        onChange={(value) => form.setFieldValue('electronic_address.scheme', value ?? '')}
      />
      <TextInput
        label={t('customers.eaddress.value')}
        description={t('customers.eaddress.valueHelp')}
        maxLength={200}
        readOnly={readOnly}
        {...form.getInputProps('electronic_address.value')}
      />
    </SimpleGrid>
  );
}
