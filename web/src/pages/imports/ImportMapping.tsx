/**
 * The import's column mapping — one select per header of the file, guessed from its name
 * (domain/import-fields.ts knows English, German, French and Spanish headers) — and a preview
 * of the first rows under the fields they will fill.
 */
import { Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IMPORT_FIELDS, type ImportType } from '../../../../src/domain/import-fields.ts';
import type { Preview } from './importApi.ts';

const SKIP = '';

/** A custom field as a mapping target: `custom_fields.<key>`, shown by its label. */
export interface CustomTarget {
  value: string;
  label: string;
}

/** Columns the header guess left unmapped whose header is a custom field's label (any case). */
export function withCustomGuesses(mapping: Record<string, string | null>, headers: readonly string[], targets: readonly CustomTarget[]): Record<string, string | null> {
  const next = { ...mapping };
  const taken = new Set(Object.values(next));
  for (const header of headers) {
    if ((next[header] ?? null) !== null) continue;
    const target = targets.find((c) => c.label.trim().toLowerCase() === header.trim().toLowerCase() && !taken.has(c.value));
    if (target === undefined) continue;
    next[header] = target.value;
    taken.add(target.value);
  }
  return next;
}

function targetLabel(field: string, targets: readonly CustomTarget[], t: (key: string) => string): string {
  return targets.find((c) => c.value === field)?.label ?? t(fieldKey(field));
}

/** The label key of a field ("address.city" → imports.fields.address_city). */
export function fieldKey(field: string): string {
  return `imports.fields.${field.replace(/\./g, '_')}`;
}

export function MappingFields({
  type,
  preview,
  mapping,
  customTargets,
  onChange,
}: {
  type: ImportType;
  preview: Preview;
  mapping: Record<string, string | null>;
  customTargets: readonly CustomTarget[];
  onChange: (mapping: Record<string, string | null>) => void;
}) {
  const { t } = useTranslation();
  const options = [
    { value: SKIP, label: t('imports.skipColumn') },
    ...IMPORT_FIELDS[type].fields.map((field) => ({ value: field, label: t(fieldKey(field)) })),
    ...customTargets,
  ];
  return (
    <Stack gap="xs">
      <Title order={3}>{t('imports.mapping')}</Title>
      <Text size="sm" c="dimmed">
        {t('imports.mappingHint')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        {preview.headers.map((header, index) =>
          header === '' ? null : (
            <Select
              key={`${index}-${header}`}
              label={t('imports.columnLabel', { header })}
              data={options}
              value={mapping[header] ?? SKIP}
              allowDeselect={false}
              onChange={(value) => {
                const next = { ...mapping };
                // A field is filled from one column: taking it here frees it elsewhere.
                if (value) for (const [other, field] of Object.entries(next)) if (field === value) next[other] = null;
                next[header] = value ? value : null;
                onChange(next);
              }}
              data-testid={`mapping-${header}`}
            />
          ),
        )}
      </SimpleGrid>
    </Stack>
  );
}

export function PreviewTable({ preview, mapping, customTargets }: { preview: Preview; mapping: Record<string, string | null>; customTargets: readonly CustomTarget[] }) {
  const { t } = useTranslation();
  const columns = preview.headers.map((header, index) => ({ header, index, field: mapping[header] ?? null })).filter((c) => c.field !== null);
  if (columns.length === 0 || preview.rows.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={3}>{t('imports.preview')}</Title>
      <Table.ScrollContainer minWidth={Math.min(columns.length * 140, 900)}>
        <Table striped withTableBorder verticalSpacing="xs" aria-label={t('imports.preview')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.previewRow')}</Table.Th>
              {columns.map((c) => (
                <Table.Th key={c.index}>
                  {targetLabel(c.field ?? '', customTargets, t)}
                  <Text size="xs" c="dimmed" fw={400}>
                    {c.header}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((row, r) => (
              <Table.Tr key={r}>
                <Table.Td>{r + 1}</Table.Td>
                {columns.map((c) => (
                  <Table.Td key={c.index} style={{ wordBreak: 'break-word' }}>
                    {row[c.index] ?? ''}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
