/** Products and services: the catalogue invoice lines are picked from. */
import { CustomFieldInputs, customFieldValues } from '../../components/CustomFields.tsx';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Badge, Button, Group, Modal, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, get, patch, post, query, type Page } from '../../api/client.ts';
import type { ProductOut } from '../../../../src/modules/products/products.schemas.ts';
import type { TaxRateOut } from '../../../../src/modules/tax-rates/tax-rates.schemas.ts';
import { useSession } from '../../auth/session.tsx';
import { formatDecimal } from '../../i18n/numbers.ts';
import { userLocale } from '../../i18n/locale.ts';
import { formatUnitPrice } from '../../components/format.ts';
import { DecimalInput } from '../../components/inputs/DecimalInput.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { ArchivedFilter, LoadMore, SearchInput, notifySuccess, usePagedList, useSearch, type ArchivedFilterValue } from '../customers/listing.tsx';
import { RowActionButtons, RowActions, useCatalogueActions } from './RowActions.tsx';
import { FormActions } from '../../components/FormActions.tsx';

/** Every tax rate (archived too, so products keep showing the name of theirs). */
function useAllTaxRates() {
  return useQuery({
    queryKey: ['tax-rates', 'all'],
    queryFn: () => get<Page<TaxRateOut>>(`/tax-rates${query({ archived: 'all', sort: 'name', limit: 200 })}`),
  });
}

/** "Standard (19 %)" in the user's number format. */
export function rateOptionLabel(rate: Pick<TaxRateOut, 'name' | 'percentage'>): string {
  return `${rate.name} (${formatDecimal(rate.percentage, userLocale())} %)`;
}

const num = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

export default function ProductsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const { me } = session;
  const canEdit = session.can('sales');
  const { search, setSearch, debounced } = useSearch();
  const [archived, setArchived] = useState<ArchivedFilterValue>('false');
  const [editing, setEditing] = useState<ProductOut | 'new' | null>(null);
  const list = usePagedList<ProductOut>('products', '/products', { q: debounced || undefined, archived, sort: 'name' });
  const taxRates = useAllTaxRates();
  const rateName = new Map((taxRates.data?.data ?? []).map((r) => [r.id, r.name]));
  const products = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = debounced !== '' || archived !== 'false';
  const currency = me.organization.currency;

  const { archive, remove } = useCatalogueActions<ProductOut>('products', '/products', 'product');
  const actionsOf = (product: ProductOut) => ({
    name: product.name,
    archived: product.archived,
    noun: 'product' as const,
    onEdit: () => setEditing(product),
    onToggleArchive: () => archive.mutate(product),
    onDelete: () => remove(product),
  });
  const archivedBadge = (
    <Badge color="gray" variant="light" size="sm">
      {t('catalogue.archived')}
    </Badge>
  );
  const taxName = (product: ProductOut) => (product.tax_rate_id === null ? '—' : (rateName.get(product.tax_rate_id) ?? '…'));

  const newButton = canEdit ? <Button onClick={() => setEditing('new')}>{t('catalogue.products.new')}</Button> : null;
  let body;
  if (list.isPending) body = <LoadingState label={t('catalogue.products.loading')} />;
  else if (list.isError) body = <ErrorState error={list.error} title={t('catalogue.products.loadFailed')} />;
  else if (products.length === 0)
    body = filtered ? (
      <EmptyState title={t('catalogue.products.noneMatch')}>{t('catalogue.tryAnother')}</EmptyState>
    ) : (
      <EmptyState title={t('catalogue.products.emptyTitle')} action={newButton}>
        {canEdit ? t('catalogue.products.emptyEditor') : t('catalogue.products.emptyViewer')}
      </EmptyState>
    );
  else
    body = (
      <>
        <Table.ScrollContainer minWidth={canEdit ? 900 : 660} visibleFrom="sm">
          <Table verticalSpacing="sm" aria-label={t('catalogue.products.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('catalogue.fields.name')}</Table.Th>
                <Table.Th>{t('catalogue.fields.sku')}</Table.Th>
                <Table.Th>{t('catalogue.fields.unit')}</Table.Th>
                <Table.Th ta="right">{t('catalogue.fields.unitPrice')}</Table.Th>
                <Table.Th>{t('catalogue.fields.taxRate')}</Table.Th>
                {canEdit ? <Table.Th>{t('catalogue.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {products.map((product) => (
                <Table.Tr key={product.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={600}>
                        {product.name}
                      </Text>
                      {product.archived ? archivedBadge : null}
                    </Group>
                    {product.description ? (
                      <Text size="xs" c="dimmed" lineClamp={1} maw={320}>
                        {product.description}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{product.sku ?? '—'}</Table.Td>
                  <Table.Td>{product.unit ?? '—'}</Table.Td>
                  <Table.Td ta="right" style={num}>
                    {formatUnitPrice(product.unit_price, currency)}
                  </Table.Td>
                  <Table.Td>{taxName(product)}</Table.Td>
                  {canEdit ? <RowActions {...actionsOf(product)} /> : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Stack gap="xs" hiddenFrom="sm" aria-label={t('catalogue.products.tableLabel')}>
          {products.map((product) => (
            <Paper key={product.id} withBorder p="sm" component="article" aria-label={product.name}>
              <Stack gap={4}>
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                  <Stack gap={0} miw={0}>
                    <Group gap="xs">
                      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                        {product.name}
                      </Text>
                      {product.archived ? archivedBadge : null}
                    </Group>
                    {product.description ? (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {product.description}
                      </Text>
                    ) : null}
                  </Stack>
                  <Text size="sm" fw={600} style={num}>
                    {formatUnitPrice(product.unit_price, currency)}
                    {product.unit ? (
                      <Text span size="xs" c="dimmed">
                        {' '}/ {product.unit}
                      </Text>
                    ) : null}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {t('catalogue.fields.taxRate')}: {taxName(product)}
                  {product.sku ? ` · ${t('catalogue.fields.sku')} ${product.sku}` : ''}
                </Text>
                {canEdit ? <RowActionButtons {...actionsOf(product)} /> : null}
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
        <Title order={2}>{t('catalogue.products.title')}</Title>
        <Group gap="xs">
          {session.can('accountant') ? (
            <Button component={Link} to="/import?type=products" variant="default">
              {t('imports.action')}
            </Button>
          ) : null}
          {newButton}
        </Group>
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <SearchInput label={t('catalogue.products.search')} value={search} onChange={setSearch} />
        <ArchivedFilter value={archived} onChange={setArchived} />
      </Group>
      {body}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('catalogue.products.newTitle') : t('catalogue.products.editTitle')} size="lg">
        {editing === null ? null : (
          <ProductForm product={editing === 'new' ? undefined : editing} taxRates={taxRates.data?.data ?? []} currency={currency} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}

interface Values {
  name: string;
  description: string;
  unit_price: string;
  unit: string;
  tax_rate_id: string | null;
  sku: string;
  custom_fields: Record<string, string>;
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

function ProductForm({ product, taxRates, currency, onDone }: { product?: ProductOut; taxRates: TaxRateOut[]; currency: string; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      name: product?.name ?? '',
      description: product?.description ?? '',
      unit_price: product?.unit_price ?? '',
      unit: product?.unit ?? '',
      tax_rate_id: product?.tax_rate_id ?? null,
      sku: product?.sku ?? '',
      custom_fields: customFieldValues(product?.custom_fields),
    },
    validate: {
      name: (v) => (v.trim() ? null : t('catalogue.validation.name')),
      unit_price: (v) => (v.trim() ? null : t('catalogue.products.enterPrice')),
    },
  });
  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        name: values.name.trim(),
        description: orNull(values.description),
        unit_price: values.unit_price.trim(),
        unit: orNull(values.unit),
        tax_rate_id: values.tax_rate_id || null,
        sku: orNull(values.sku),
        custom_fields: values.custom_fields,
      };
      return product ? patch<ProductOut>(`/products/${product.id}`, body) : post<ProductOut>('/products', body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['products'] });
      notifySuccess(product ? t('catalogue.saved', { name: saved.name }) : t('catalogue.created', { name: saved.name }));
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  // Archived rates are offered only when the product already uses one.
  const rateOptions = taxRates.filter((r) => !r.archived || r.id === product?.tax_rate_id).map((r) => ({ value: r.id, label: rateOptionLabel(r) }));
  const fieldErrorsShown = save.error instanceof ApiError && save.error.fieldErrors.length > 0;
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="sm">
        <TextInput label={t('catalogue.fields.name')} required data-autofocus {...form.getInputProps('name')} />
        <Textarea label={t('catalogue.fields.description')} autosize minRows={2} maxRows={5} {...form.getInputProps('description')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DecimalInput
            label={t('catalogue.products.priceLabel', { currency })}
            required
            description={t('catalogue.products.priceHint')}
            styles={{ input: { textAlign: 'right' } }}
            {...form.getInputProps('unit_price')}
            value={form.values.unit_price}
          />
          <TextInput label={t('catalogue.fields.unit')} description={t('catalogue.products.unitHint')} {...form.getInputProps('unit')} />
          <Select
            label={t('catalogue.fields.taxRate')}
            placeholder={t('catalogue.products.noTaxRate')}
            data={rateOptions}
            clearable
            searchable
            comboboxProps={{ width: 'target', withinPortal: true }}
            {...form.getInputProps('tax_rate_id')}
          />
          <TextInput label={t('catalogue.fields.sku')} {...form.getInputProps('sku')} />
        </SimpleGrid>
        <CustomFieldInputs resource="product" values={form.values.custom_fields} onChange={(next) => form.setFieldValue('custom_fields', next)} errors={form.errors} />
        {save.isError && !fieldErrorsShown ? (
          <Alert color="red" role="alert">
            {save.error.message}
          </Alert>
        ) : null}
        <FormActions onCancel={onDone} submitting={save.isPending}>
          {product ? t('common.actions.save') : t('catalogue.products.create')}
        </FormActions>
      </Stack>
    </form>
  );
}
