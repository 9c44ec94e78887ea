/**
 * Keyboard use everywhere: Ctrl/⌘-K opens a search over pages, customers and invoices
 * (@mantine/spotlight), "n" starts a new invoice, "/" focuses the page's own search box (an
 * input marked data-page-search or type="search"), or opens the palette where there is none.
 * Single-key shortcuts never fire while typing in a field.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../api/client.ts';
import type { Customer } from '../api/types.ts';
import { formatMoney } from './format.ts';

interface InvoiceHit {
  id: string;
  number: string | null;
  status: string;
  currency: string;
  total: string;
  customer: { name: string };
}

/** The pages the palette offers, as common.nav.<key>. */
const PAGES: { to: string; key: string }[] = [
  { to: '/', key: 'dashboard' },
  { to: '/invoices', key: 'invoices' },
  { to: '/quotes', key: 'quotes' },
  { to: '/recurring', key: 'recurring' },
  { to: '/customers', key: 'customers' },
  { to: '/products', key: 'products' },
  { to: '/tax-rates', key: 'taxRates' },
  { to: '/payments', key: 'payments' },
  { to: '/credit-notes', key: 'creditNotes' },
  { to: '/reports', key: 'reports' },
  { to: '/settings', key: 'settings' },
];

function focusPageSearch(): boolean {
  const input = document.querySelector<HTMLInputElement>('input[data-page-search], input[type="search"]');
  if (input === null) return false;
  input.focus();
  input.select();
  return true;
}

/** `canCreate`: the role may write invoices (viewers and accountants get no "new invoice"). */
export function CommandPalette({ canCreate }: { canCreate: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  // Answers as you type: 150 ms after the last key, not on every key.
  const [debounced] = useDebouncedValue(query.trim(), 150);
  const searching = debounced.length >= 2;

  const customers = useQuery({
    queryKey: ['palette', 'customers', debounced],
    queryFn: () => get<Page<Customer>>(`/customers?limit=5&q=${encodeURIComponent(debounced)}`),
    enabled: searching,
  });
  const invoices = useQuery({
    queryKey: ['palette', 'invoices', debounced],
    queryFn: () => get<Page<InvoiceHit>>(`/invoices?limit=5&q=${encodeURIComponent(debounced)}`),
    enabled: searching,
  });

  useHotkeys([
    ['n', () => {
      if (canCreate) void navigate('/invoices/new');
    }],
    ['/', () => {
      if (!focusPageSearch()) spotlight.open();
    }],
  ]);

  const lower = query.trim().toLowerCase();
  const pages = PAGES.filter((p) => lower === '' || t(`common.nav.${p.key}`).toLowerCase().includes(lower));
  const go = (to: string) => () => void navigate(to);

  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={['mod + K']} scrollable maxHeight={420}>
      <Spotlight.Search placeholder={t('common.palette.placeholder')} aria-label={t('common.palette.placeholder')} />
      <Spotlight.ActionsList>
        {canCreate ? (
          <Spotlight.ActionsGroup label={t('common.palette.actions')}>
            <Spotlight.Action label={t('common.palette.newInvoice')} description="n" onClick={go('/invoices/new')} />
            <Spotlight.Action label={t('common.palette.newQuote')} onClick={go('/quotes/new')} />
          </Spotlight.ActionsGroup>
        ) : null}
        {pages.length > 0 ? (
          <Spotlight.ActionsGroup label={t('common.palette.pages')}>
            {pages.map((p) => (
              <Spotlight.Action key={p.to} label={t(`common.nav.${p.key}`)} onClick={go(p.to)} />
            ))}
          </Spotlight.ActionsGroup>
        ) : null}
        {searching && (customers.data?.data.length ?? 0) > 0 ? (
          <Spotlight.ActionsGroup label={t('common.nav.customers')}>
            {customers.data?.data.map((c) => (
              <Spotlight.Action key={c.id} label={c.name} description={c.email ?? undefined} onClick={go(`/customers/${c.id}`)} />
            ))}
          </Spotlight.ActionsGroup>
        ) : null}
        {searching && (invoices.data?.data.length ?? 0) > 0 ? (
          <Spotlight.ActionsGroup label={t('common.nav.invoices')}>
            {invoices.data?.data.map((i) => (
              <Spotlight.Action
                key={i.id}
                label={`${i.number ?? t('common.palette.draft')} · ${i.customer.name}`}
                description={formatMoney(i.total, i.currency)}
                onClick={go(`/invoices/${i.id}`)}
              />
            ))}
          </Spotlight.ActionsGroup>
        ) : null}
        {searching && !customers.isFetching && !invoices.isFetching && pages.length === 0 && (customers.data?.data.length ?? 0) === 0 && (invoices.data?.data.length ?? 0) === 0 ? (
          <Spotlight.Empty>{t('common.states.noResults')}</Spotlight.Empty>
        ) : null}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
