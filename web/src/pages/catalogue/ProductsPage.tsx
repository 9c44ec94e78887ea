/** Products and services: the catalogue invoice lines are picked from. */
import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, patch, post, query, type Page } from '../../api/client.ts';
import type { ProductOut } from '../../../../src/modules/products/products.schemas.ts';
import type { TaxRateOut } from '../../../../src/modules/tax-rates/tax-rates.schemas.ts';
import { currencyExponent, isCurrencyCode } from '../../../../src/domain/money/index.ts';
import { useSession } from '../../auth/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { ArchivedFilter, LoadMore, SearchInput, notifySuccess, usePagedList, useSearch, type ArchivedFilterValue } from '../customers/listing.tsx';
import { RowActions, useCatalogueActions } from './RowActions.tsx';
import { FormActions } from '../../components/FormActions.tsx';

/** A unit price (up to 6 decimals) in a currency: at least the currency's digits, more only when present. */
export function formatUnitPrice(amount: string, currency: string, locale: string): string {
  const digits = isCurrencyCode(currency) ? currencyExponent(currency) : 2;
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 6) });
  // Intl formats decimal strings exactly; TypeScript's lib only declares number | bigint.
  return format.format(amount as unknown as number);
}

/** Every tax rate (archived too, so products keep showing the name of theirs). */
function useAllTaxRates() {
  return useQuery({
    queryKey: ['tax-rates', 'all'],
    queryFn: () => get<Page<TaxRateOut>>(`/tax-rates${query({ archived: 'all', sort: 'name', limit: 200 })}`),
  });
}

const num = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

export default function ProductsPage() {
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
  const locale = me.organization.locale;

  const { archive, remove } = useCatalogueActions<ProductOut>('products', '/products', 'product');

  const newButton = canEdit ? <Button onClick={() => setEditing('new')}>New product</Button> : null;
  let body;
  if (list.isPending) body = <LoadingState label="Loading products" />;
  else if (list.isError) body = <ErrorState error={list.error} title="Could not load products" />;
  else if (products.length === 0)
    body = filtered ? (
      <EmptyState title="No products match">Try another search or filter.</EmptyState>
    ) : (
      <EmptyState title="No products or services yet" action={newButton}>
        {canEdit ? 'Add what you sell, with its price and tax rate, to fill invoice lines in one click.' : 'Products will appear here once someone adds them.'}
      </EmptyState>
    );
  else
    body = (
      <>
        <Table.ScrollContainer minWidth={canEdit ? 900 : 660}>
          <Table verticalSpacing="sm" aria-label="Products and services">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>SKU</Table.Th>
                <Table.Th>Unit</Table.Th>
                <Table.Th ta="right">Unit price</Table.Th>
                <Table.Th>Tax rate</Table.Th>
                {canEdit ? <Table.Th>Actions</Table.Th> : null}
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
                      {product.archived ? (
                        <Badge color="gray" variant="light" size="sm">
                          Archived
                        </Badge>
                      ) : null}
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
                    {formatUnitPrice(product.unit_price, currency, locale)}
                  </Table.Td>
                  <Table.Td>{product.tax_rate_id === null ? '—' : (rateName.get(product.tax_rate_id) ?? '…')}</Table.Td>
                  {canEdit ? (
                    <RowActions
                      name={product.name}
                      archived={product.archived}
                      noun="product"
                      onEdit={() => setEditing(product)}
                      onToggleArchive={() => archive.mutate(product)}
                      onDelete={() => remove(product)}
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
        <Title order={2}>Products & services</Title>
        {newButton}
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <SearchInput label="Search products" value={search} onChange={setSearch} />
        <ArchivedFilter value={archived} onChange={setArchived} />
      </Group>
      {body}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'New product or service' : 'Edit product or service'} size="lg">
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
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

function ProductForm({ product, taxRates, currency, onDone }: { product?: ProductOut; taxRates: TaxRateOut[]; currency: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      name: product?.name ?? '',
      description: product?.description ?? '',
      unit_price: product?.unit_price ?? '',
      unit: product?.unit ?? '',
      tax_rate_id: product?.tax_rate_id ?? null,
      sku: product?.sku ?? '',
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name'),
      unit_price: (v) => (v.trim() ? null : 'Enter a unit price'),
    },
  });
  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        name: values.name.trim(),
        description: orNull(values.description),
        unit_price: values.unit_price.trim().replace(',', '.'),
        unit: orNull(values.unit),
        tax_rate_id: values.tax_rate_id || null,
        sku: orNull(values.sku),
      };
      return product ? patch<ProductOut>(`/products/${product.id}`, body) : post<ProductOut>('/products', body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['products'] });
      notifySuccess(product ? `Saved ${saved.name}` : `Created ${saved.name}`);
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  // Archived rates are offered only when the product already uses one.
  const rateOptions = taxRates
    .filter((r) => !r.archived || r.id === product?.tax_rate_id)
    .map((r) => ({ value: r.id, label: `${r.name} (${r.percentage} %)` }));
  const fieldErrorsShown = save.error instanceof ApiError && save.error.fieldErrors.length > 0;
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <Textarea label="Description" autosize minRows={2} maxRows={5} {...form.getInputProps('description')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={`Unit price (${currency})`} required inputMode="decimal" description="Net, up to 6 decimals" {...form.getInputProps('unit_price')} />
          <TextInput label="Unit" description="e.g. hour, piece, month" {...form.getInputProps('unit')} />
          <Select label="Tax rate" placeholder="No tax rate" data={rateOptions} clearable searchable {...form.getInputProps('tax_rate_id')} />
          <TextInput label="SKU" {...form.getInputProps('sku')} />
        </SimpleGrid>
        {save.isError && !fieldErrorsShown ? (
          <Alert color="red" role="alert">
            {save.error.message}
          </Alert>
        ) : null}
        <FormActions onCancel={onDone} submitting={save.isPending}>
          {product ? 'Save' : 'Create product'}
        </FormActions>
      </Stack>
    </form>
  );
}
