/**
 * Tax rates: the EN 16931 VAT categories with their human names; exempt categories need an
 * exemption reason. Creating and changing rates needs the accountant role.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, post } from '../../api/client.ts';
import type { TaxRateOut } from '../../../../src/modules/tax-rates/tax-rates.schemas.ts';
import { TAX_CATEGORIES, isTaxCategory, isZeroRateCategory, requiresExemptionReason } from '../../../../src/domain/tax/index.ts';
import { useSession } from '../../auth/session.tsx';
import { i18next } from '../../i18n/index.ts';
import { formatDecimal } from '../../i18n/numbers.ts';
import { userLocale } from '../../i18n/locale.ts';
import { DecimalInput } from '../../components/inputs/DecimalInput.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { ArchivedFilter, LoadMore, SearchInput, notifySuccess, usePagedList, useSearch, type ArchivedFilterValue } from '../customers/listing.tsx';
import { RowActionButtons, RowActions, useCatalogueActions } from './RowActions.tsx';
import { FormActions } from '../../components/FormActions.tsx';

/** A VAT category's name in the user's language ("Standard rate"); an unknown code as it is. */
export function categoryName(code: string): string {
  return isTaxCategory(code) ? i18next.t(`catalogue.taxCategories.${code}`) : code;
}

const needsReason = (category: string) => isTaxCategory(category) && requiresExemptionReason(category);

const percent = (value: string) => `${formatDecimal(value, userLocale())} %`;

export default function TaxRatesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const canEdit = session.can('accountant');
  const { search, setSearch, debounced } = useSearch();
  const [archived, setArchived] = useState<ArchivedFilterValue>('false');
  const [editing, setEditing] = useState<TaxRateOut | 'new' | null>(null);
  const list = usePagedList<TaxRateOut>('tax-rates', '/tax-rates', { q: debounced || undefined, archived, sort: 'name' });
  const rates = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = debounced !== '' || archived !== 'false';

  const { archive, remove } = useCatalogueActions<TaxRateOut>('tax-rates', '/tax-rates', 'taxRate');
  const actionsOf = (rate: TaxRateOut) => ({
    name: rate.name,
    archived: rate.archived,
    noun: 'taxRate' as const,
    onEdit: () => setEditing(rate),
    onToggleArchive: () => archive.mutate(rate),
    onDelete: () => remove(rate),
  });
  const archivedBadge = (
    <Badge color="gray" variant="light" size="sm">
      {t('catalogue.archived')}
    </Badge>
  );

  const newButton = canEdit ? <Button onClick={() => setEditing('new')}>{t('catalogue.taxRates.new')}</Button> : null;
  let body;
  if (list.isPending) body = <LoadingState label={t('catalogue.taxRates.loading')} />;
  else if (list.isError) body = <ErrorState error={list.error} title={t('catalogue.taxRates.loadFailed')} />;
  else if (rates.length === 0)
    body = filtered ? (
      <EmptyState title={t('catalogue.taxRates.noneMatch')}>{t('catalogue.tryAnother')}</EmptyState>
    ) : (
      <EmptyState title={t('catalogue.taxRates.emptyTitle')} action={newButton}>
        {canEdit ? t('catalogue.taxRates.emptyEditor') : t('catalogue.taxRates.emptyViewer')}
      </EmptyState>
    );
  else
    body = (
      <>
        <Table.ScrollContainer minWidth={canEdit ? 820 : 620} visibleFrom="sm">
          <Table verticalSpacing="sm" aria-label={t('catalogue.taxRates.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('catalogue.fields.name')}</Table.Th>
                <Table.Th>{t('catalogue.taxRates.category')}</Table.Th>
                <Table.Th ta="right">{t('catalogue.taxRates.percentage')}</Table.Th>
                <Table.Th>{t('catalogue.taxRates.exemptionReason')}</Table.Th>
                {canEdit ? <Table.Th>{t('catalogue.actions')}</Table.Th> : null}
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
                      {rate.archived ? archivedBadge : null}
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
                    {percent(rate.percentage)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={rate.exemption_reason ? undefined : 'dimmed'}>
                      {rate.exemption_reason ?? '—'}
                    </Text>
                  </Table.Td>
                  {canEdit ? <RowActions {...actionsOf(rate)} /> : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Stack gap="xs" hiddenFrom="sm">
          {rates.map((rate) => (
            <Paper key={rate.id} withBorder p="sm" component="article" aria-label={rate.name}>
              <Stack gap={4}>
                <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                  <Group gap="xs" miw={0}>
                    <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {rate.name}
                    </Text>
                    {rate.archived ? archivedBadge : null}
                  </Group>
                  <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    {percent(rate.percentage)}
                  </Text>
                </Group>
                <Group gap={6} wrap="nowrap">
                  <Badge variant="outline" size="sm">
                    {rate.category}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {categoryName(rate.category)}
                  </Text>
                </Group>
                {rate.exemption_reason ? (
                  <Text size="xs" c="dimmed">
                    {t('catalogue.taxRates.exemptionReason')}: {rate.exemption_reason}
                  </Text>
                ) : null}
                {canEdit ? <RowActionButtons {...actionsOf(rate)} /> : null}
              </Stack>
            </Paper>
          ))}
        </Stack>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('catalogue.taxRates.title')}</Title>
        <Group gap="xs">
          {session.can('accountant') ? (
            <Button component={Link} to="/import?type=tax_rates" variant="default">
              {t('imports.action')}
            </Button>
          ) : null}
          {newButton}
        </Group>
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <SearchInput label={t('catalogue.taxRates.search')} value={search} onChange={setSearch} />
        <ArchivedFilter value={archived} onChange={setArchived} />
      </Group>
      {body}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('catalogue.taxRates.newTitle') : t('catalogue.taxRates.editTitle')}>
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
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { name: rate?.name ?? '', category: rate?.category ?? 'S', percentage: rate?.percentage ?? '', exemption_reason: rate?.exemption_reason ?? '' },
    validate: {
      name: (v) => (v.trim() ? null : t('catalogue.validation.name')),
      percentage: (v) => (v.trim() ? null : t('catalogue.taxRates.enterPercentage')),
      exemption_reason: (v, values) => (needsReason(values.category) && !v.trim() ? t('catalogue.taxRates.needsReason') : null),
    },
  });
  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        name: values.name.trim(),
        category: values.category,
        percentage: values.percentage.trim(),
        exemption_reason: needsReason(values.category) ? values.exemption_reason.trim() || null : null,
      };
      return rate ? patch<TaxRateOut>(`/tax-rates/${rate.id}`, body) : post<TaxRateOut>('/tax-rates', body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['tax-rates'] });
      notifySuccess(rate ? t('catalogue.saved', { name: saved.name }) : t('catalogue.created', { name: saved.name }));
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const category = form.values.category;
  const zero = isTaxCategory(category) && isZeroRateCategory(category);
  const fieldErrorsShown = save.error instanceof ApiError && save.error.fieldErrors.length > 0;
  const categoryOptions = TAX_CATEGORIES.map((code) => ({ value: code, label: `${code} — ${categoryName(code)}` }));
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="sm">
        <TextInput label={t('catalogue.fields.name')} required data-autofocus {...form.getInputProps('name')} />
        <Select
          label={t('catalogue.taxRates.category')}
          data={categoryOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('category')}
          onChange={(value: string | null) => {
            const next = value ?? 'S';
            form.setFieldValue('category', next);
            if (isTaxCategory(next) && isZeroRateCategory(next)) form.setFieldValue('percentage', '0');
          }}
        />
        <DecimalInput
          label={t('catalogue.taxRates.percentage')}
          required
          percent
          description={zero ? t('catalogue.taxRates.zeroHint') : t('catalogue.taxRates.percentageHint', { example: formatDecimal('7.5', userLocale()) })}
          rightSection={<Text size="sm">%</Text>}
          {...form.getInputProps('percentage')}
          value={form.values.percentage}
        />
        {needsReason(category) ? (
          <TextInput
            label={t('catalogue.taxRates.exemptionReason')}
            required
            description={t('catalogue.taxRates.exemptionHint')}
            {...form.getInputProps('exemption_reason')}
          />
        ) : null}
        {save.isError && !fieldErrorsShown ? (
          <Alert color="red" role="alert">
            {save.error.message}
          </Alert>
        ) : null}
        <FormActions onCancel={onDone} submitting={save.isPending}>
          {rate ? t('common.actions.save') : t('catalogue.taxRates.create')}
        </FormActions>
      </Stack>
    </form>
  );
}
