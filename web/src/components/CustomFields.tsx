/**
 * Custom fields (issue #19) in forms and on detail pages. <CustomFieldInputs resource=…>
 * renders one typed input per definition of the resource (DecimalInput for numbers, DateField
 * for dates, Select for selects), bound to a `custom_fields` object of the form; server errors
 * arrive under `custom_fields.<key>`. <CustomFieldValues> shows the values as label/value pairs.
 */
import type { ReactNode } from 'react';
import { Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client.ts';
import type { CustomFieldDefinitionOut } from '../../../src/modules/custom-fields/custom-fields.schemas.ts';
import { DecimalInput } from './inputs/DecimalInput.tsx';
import { DateField } from './inputs/DateField.tsx';
import { formatDate } from './format.ts';
import { formatDecimal } from '../i18n/numbers.ts';
import { userLocale } from '../i18n/locale.ts';

export type CustomFieldResource = CustomFieldDefinitionOut['resource'];
export type CustomFieldDefinition = CustomFieldDefinitionOut;

/** The organization's definitions for a resource (every role may read them). */
export function useCustomFieldDefinitions(resource: CustomFieldResource) {
  return useQuery({
    queryKey: ['custom-fields', resource],
    queryFn: async () => (await get<{ data: CustomFieldDefinition[] }>(`/custom-fields?resource=${resource}`)).data,
    staleTime: 60_000,
  });
}

/** The values a form starts from: every stored value (strings). */
export function customFieldValues(stored: Record<string, string> | null | undefined): Record<string, string> {
  return { ...(stored ?? {}) };
}

interface InputsProps {
  resource: CustomFieldResource;
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  /** The form's errors: those at `custom_fields.<key>` are shown at their input. */
  errors?: Record<string, ReactNode>;
  /** Shown above the inputs when there are any (e.g. a divider). */
  heading?: ReactNode;
  /** In a bordered panel of its own (the invoice editor). */
  paper?: boolean;
}

export function CustomFieldInputs({ resource, values, onChange, errors = {}, heading, paper = false }: InputsProps) {
  const { t } = useTranslation();
  const definitions = useCustomFieldDefinitions(resource);
  const list = definitions.data ?? [];
  if (list.length === 0) return null;
  const set = (key: string, value: string) => onChange({ ...values, [key]: value });
  const inputs = (
    <Stack gap="sm">
      {heading}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {list.map((d) => {
          const common = { label: d.label, required: d.required, error: errors[`custom_fields.${d.key}`] };
          const value = values[d.key] ?? '';
          switch (d.type) {
            case 'number':
              return <DecimalInput key={d.key} {...common} value={value} onChange={(v) => set(d.key, v)} />;
            case 'date':
              return <DateField key={d.key} {...common} value={value} onChange={(v) => set(d.key, v)} />;
            case 'select':
              return (
                <Select
                  key={d.key}
                  {...common}
                  data={d.options.includes(value) || value === '' ? d.options : [...d.options, value]}
                  value={value === '' ? null : value}
                  onChange={(v) => set(d.key, v ?? '')}
                  clearable={!d.required}
                  placeholder={t('customFields.inputs.choose')}
                  comboboxProps={{ withinPortal: true }}
                />
              );
            default:
              return <TextInput key={d.key} {...common} maxLength={500} value={value} onChange={(event) => set(d.key, event.currentTarget.value)} />;
          }
        })}
      </SimpleGrid>
    </Stack>
  );
  return paper ? (
    <Paper withBorder p="md" component="section" aria-label={t('customFields.inputs.heading')}>
      {inputs}
    </Paper>
  ) : (
    inputs
  );
}

/** A value as people read it: numbers and dates in the user's locale. */
export function formatCustomFieldValue(definition: Pick<CustomFieldDefinition, 'type'>, value: string): string {
  if (definition.type === 'number' && /^-?\d+(\.\d+)?$/.test(value)) return formatDecimal(value, userLocale());
  if (definition.type === 'date') return formatDate(value);
  return value;
}

/** The values of a resource as label/value pairs; nothing when it has none. */
export function CustomFieldValues({ resource, values, mt }: { resource: CustomFieldResource; values: Record<string, string> | null | undefined; mt?: string }) {
  const definitions = useCustomFieldDefinitions(resource);
  const shown = (definitions.data ?? []).filter((d) => values?.[d.key] !== undefined && values[d.key] !== '');
  if (shown.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" mt={mt} data-testid="custom-field-values">
      {shown.map((d) => (
        <div key={d.key}>
          <Text size="xs" c="dimmed">
            {d.label}
          </Text>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {formatCustomFieldValue(d, values?.[d.key] ?? '')}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
