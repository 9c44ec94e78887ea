/** A customer select that asks the server as you type (GET /customers?q=). */
import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, query, type Page } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';

export interface PickedCustomer {
  id: string;
  name: string;
  currency?: string | null;
}

interface Props {
  label: string;
  value: string | null;
  /** The customer shown before any search (an edited invoice's). */
  initial?: PickedCustomer | null;
  onChange: (customer: PickedCustomer | null) => void;
  error?: string | undefined;
  required?: boolean;
  clearable?: boolean;
  placeholder?: string;
  w?: number | string;
}

export function CustomerPicker({ label, value, initial = null, onChange, error, required, clearable, placeholder, w }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const [picked, setPicked] = useState<PickedCustomer | null>(initial);
  // Once a customer is picked the search box shows its name: list everyone again then.
  const q = picked !== null && debounced === picked.name ? '' : debounced.trim();
  const customers = useQuery({
    queryKey: ['customers', 'search', q],
    queryFn: () => get<Page<Customer>>(`/customers${query({ q, limit: 20 })}`),
    placeholderData: keepPreviousData,
  });
  const found: PickedCustomer[] = (customers.data?.data ?? []).filter((c) => !c.archived);
  const options = picked !== null && !found.some((c) => c.id === picked.id) ? [picked, ...found] : found;

  return (
    <Select
      label={label}
      placeholder={placeholder ?? t('editor.customer.placeholder')}
      searchable
      required={required}
      clearable={clearable}
      w={w}
      searchValue={search}
      onSearchChange={setSearch}
      data={options.map((c) => ({ value: c.id, label: c.name }))}
      // The server has already filtered by the search text.
      filter={({ options: all }) => all}
      value={value}
      onChange={(id) => {
        const customer = options.find((c) => c.id === id) ?? null;
        setPicked(customer);
        onChange(customer);
      }}
      nothingFoundMessage={customers.isFetching ? t('editor.customer.searching') : t('editor.customer.notFound')}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
