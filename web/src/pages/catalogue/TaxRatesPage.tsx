/**
 * Tax rates: the EN 16931 VAT categories with their human names; exempt categories need an
 * exemption reason. Creating and changing rates needs the accountant role.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, patch, post } from '../../api/client.ts';
import type { TaxRateOut } from '../../../../src/modules/tax-rates/tax-rates.schemas.ts';
import { TAX_CATEGORIES, TAX_CATEGORY_NAMES, isTaxCategory, isZeroRateCategory, requiresExemptionReason } from '../../../../src/domain/tax/index.ts';
import { useSession } from '../../auth/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { ArchivedFilter, LoadMore, SearchInput, notifySuccess, usePagedList, useSearch, type ArchivedFilterValue } from '../customers/listing.tsx';
import { RowActions, useCatalogueActions } from './RowActions.tsx';
import { FormActions } from '../../components/FormActions.tsx';

const CATEGORY_OPTIONS = TAX_CATEGORIES.map((code) => ({ value: code, label: `${code} — ${TAX_CATEGORY_NAMES[code]}` }));

function categoryName(code: string): string {
  return isTaxCategory(code) ? TAX_CATEGORY_NAMES[code] : code;
}

const needsReason = (category: string) => isTaxCategory(category) && requiresExemptionReason(category);

export default function TaxRatesPage() {
  const session = useSession();
  const canEdit = session.can('accountant');
  const { search, setSearch, debounced } = useSearch();
  const [archived, setArchived] = useState<ArchivedFilterValue>('false');
  const [editing, setEditing] = useState<TaxRateOut | 'new' | null>(null);
  const list = usePagedList<TaxRateOut>('tax-rates', '/tax-rates', { q: debounced || undefined, archived, sort: 'name' });
  const rates = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = debounced !== '' || archived !== 'false';

  const { archive, remove } = useCatalogueActions<TaxRateOut>('tax-rates', '/tax-rates', 'tax rate');

  const newButton = canEdit ? <Button onClick={() => setEditing('new')}>New tax rate</Button> : null;
  let body;
  if (list.isPending) body = <LoadingState label="Loading tax rates" />;
  else if (list.isError) body = <ErrorState error={list.error} title="Could not load tax rates" />;
  else if (rates.length === 0)
    body = filtered ? (
      <EmptyState title="No tax rates match">Try another search or filter.</EmptyState>
    ) : (
      <EmptyState title="No tax rates yet" action={newButton}>
        {canEdit ? 'Add the VAT rates you charge, such as 19% standard rate.' : 'An accountant can add the VAT rates you charge.'}
      </EmptyState>
    );
  else
    body = (
      <>
        <Table.ScrollContainer minWidth={canEdit ? 820 : 620}>
          <Table verticalSpacing="sm" aria-label="Tax rates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Category</Table.Th>
                <Table.Th ta="right">Percentage</Table.Th>
                <Table.Th>Exemption reason</Table.Th>
                {canEdit ? <Table.Th>Actions</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rates.map((rate) => (
                <Table.Tr key={rate.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={600}>
                        {rate.name}
                      </Text>
                      {rate.archived ? (
                        <Badge color="gray" variant="light" size="sm">
                          Archived
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Badge variant="outline" size="sm">
                        {rate.category}
                      </Badge>
                      <Text size="sm">{categoryName(rate.category)}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    {rate.percentage} %
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={rate.exemption_reason ? undefined : 'dimmed'}>
                      {rate.exemption_reason ?? '—'}
                    </Text>
                  </Table.Td>
                  {canEdit ? (
                    <RowActions
                      name={rate.name}
                      archived={rate.archived}
                      noun="tax rate"
                      onEdit={() => setEditing(rate)}
                      onToggleArchive={() => archive.mutate(rate)}
                      onDelete={() => remove(rate)}
                    />
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Tax rates</Title>
        {newButton}
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <SearchInput label="Search tax rates" value={search} onChange={setSearch} />
        <ArchivedFilter value={archived} onChange={setArchived} />
      </Group>
      {body}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'New tax rate' : 'Edit tax rate'}>
        {editing === null ? null : <TaxRateForm rate={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

interface Values {
  name: string;
  category: string;
  percentage: string;
  exemption_reason: string;
}

function TaxRateForm({ rate, onDone }: { rate?: TaxRateOut; onDone: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { name: rate?.name ?? '', category: rate?.category ?? 'S', percentage: rate?.percentage ?? '', exemption_reason: rate?.exemption_reason ?? '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name'),
      percentage: (v) => (v.trim() ? null : 'Enter a percentage'),
      exemption_reason: (v, values) => (needsReason(values.category) && !v.trim() ? 'This category needs an exemption reason' : null),
    },
  });
  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        name: values.name.trim(),
        category: values.category,
        percentage: values.percentage.trim().replace(',', '.'),
        exemption_reason: needsReason(values.category) ? values.exemption_reason.trim() || null : null,
      };
      return rate ? patch<TaxRateOut>(`/tax-rates/${rate.id}`, body) : post<TaxRateOut>('/tax-rates', body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['tax-rates'] });
      notifySuccess(rate ? `Saved ${saved.name}` : `Created ${saved.name}`);
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const category = form.values.category;
  const zero = isTaxCategory(category) && isZeroRateCategory(category);
  const fieldErrorsShown = save.error instanceof ApiError && save.error.fieldErrors.length > 0;
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => save.mutate(values))}
    >
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <Select
          label="Category"
          data={CATEGORY_OPTIONS}
          allowDeselect={false}
          {...form.getInputProps('category')}
          onChange={(value: string | null) => {
            const next = value ?? 'S';
            form.setFieldValue('category', next);
            if (isTaxCategory(next) && isZeroRateCategory(next)) form.setFieldValue('percentage', '0');
          }}
        />
        <TextInput
          label="Percentage"
          required
          inputMode="decimal"
          description={zero ? 'This category always has a 0 % rate' : 'e.g. 19 or 7.5'}
          rightSection={<Text size="sm">%</Text>}
          {...form.getInputProps('percentage')}
        />
        {needsReason(category) ? (
          <TextInput label="Exemption reason" required description="Printed on the invoice, e.g. “Reverse charge”" {...form.getInputProps('exemption_reason')} />
        ) : null}
        {save.isError && !fieldErrorsShown ? (
          <Alert color="red" role="alert">
            {save.error.message}
          </Alert>
        ) : null}
        <FormActions onCancel={onDone} submitting={save.isPending}>
          {rate ? 'Save' : 'Create tax rate'}
        </FormActions>
      </Stack>
    </form>
  );
}
