/**
 * Pieces the lists share (customers, catalogue, invoices, payments, credit notes): the
 * archived filter, the search box (answers as you type, 150 ms debounce), filters and sort
 * kept in the URL, server-side sorting by column header, the total count, cursor pagination
 * ("Load more"), the CSV export link, filters folded behind a button on phones, and
 * notifications.
 */
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Box, Button, Center, Collapse, SegmentedControl, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, query } from '../../api/client.ts';
import { i18next } from '../../i18n/index.ts';
import { userLocale } from '../../i18n/locale.ts';

export type ArchivedFilterValue = 'false' | 'true' | 'all';

/** The phone breakpoint: lists become cards, filters fold away. */
export const PHONE_QUERY = '(max-width: 576px)';
export function usePhone(): boolean {
  return useMediaQuery(PHONE_QUERY) ?? false;
}

export function ArchivedFilter({ value, onChange }: { value: ArchivedFilterValue; onChange: (value: ArchivedFilterValue) => void }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t('lists.archived.label')}
      value={value}
      onChange={(v) => onChange(v)}
      data={[
        { value: 'false', label: t('lists.archived.active') },
        { value: 'true', label: t('lists.archived.archived') },
        { value: 'all', label: t('lists.archived.all') },
      ]}
    />
  );
}

/** One URL search parameter as state: reload and back keep it. Empty values leave the URL. */
export function useUrlParam(name: string, fallback = ''): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? fallback;
  const set = (next: string) =>
    setParams(
      (current) => {
        const copy = new URLSearchParams(current);
        if (next === '' || next === fallback) copy.delete(name);
        else copy.set(name, next);
        return copy;
      },
      { replace: true },
    );
  return [value, set];
}

/** The search text as typed (kept in the URL as `q`) and its debounced value (what the query uses). */
export function useSearch(wait = 150) {
  const [urlQ, setUrlQ] = useUrlParam('q');
  const [search, setSearchState] = useState(urlQ);
  const [debounced] = useDebouncedValue(search.trim(), wait);
  const setSearch = (value: string) => {
    setSearchState(value);
    setUrlQ(value.trim());
  };
  return { search, setSearch, debounced };
}

export function SearchInput({ label, value, onChange, placeholder }: { label: string; value: string; onChange: (value: string) => void; placeholder?: string }) {
  return (
    <TextInput
      label={label}
      placeholder={placeholder}
      type="search"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      style={{ flex: '1 1 200px' }}
      maw={420}
    />
  );
}

export interface ListPage<T> {
  data: T[];
  next_cursor: string | null;
  total?: number;
}

/** A cursor-paginated list of `path` with filters, merged page after page. */
export function usePagedList<T>(key: string, path: string, params: Record<string, string | number | undefined | null>, enabled = true) {
  return useInfiniteQuery({
    queryKey: [key, 'list', params],
    queryFn: ({ pageParam }) => get<ListPage<T>>(`${path}${query({ ...params, limit: 50, cursor: pageParam ?? undefined })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: (previous) => previous,
    enabled,
  });
}

/** The `?sort=` of a list, in the URL: `field` or `-field`; clicking a header toggles it. */
export function useSort(fallback = '') {
  const [sort, setSort] = useUrlParam('sort', fallback);
  const field = sort.replace(/^-/, '');
  const desc = sort.startsWith('-');
  const toggle = (next: string) => setSort(field === next && !desc ? `-${next}` : next);
  return { sort, field, desc, toggle };
}

/** A column header that sorts the list on the server. */
export function SortHeader({
  field,
  label,
  sort,
  numeric,
}: {
  field: string;
  label: string;
  sort: { field: string; desc: boolean; toggle: (field: string) => void };
  numeric?: boolean;
}) {
  const active = sort.field === field;
  return (
    <Table.Th ta={numeric ? 'right' : undefined} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => sort.toggle(field)} fw={600} fz="sm">
        {label} {active ? (sort.desc ? '↓' : '↑') : ''}
      </UnstyledButton>
    </Table.Th>
  );
}

/** "Showing 50 of 1,234": what is loaded and how many match. */
export function TotalCount({ shown, total }: { shown: number; total: number | undefined }) {
  const { t } = useTranslation();
  if (total === undefined) return null;
  return (
    <Text size="sm" c="dimmed" aria-live="polite" data-testid="list-total">
      {shown >= total ? t('common.list.count', { count: total }) : t('common.list.showing', { shown, total })}
    </Text>
  );
}

/** The CSV export URL of a list: every row matching `params`, in the user's language and number format. */
export function csvUrl(path: string, params: Record<string, string | number | undefined | null>): string {
  return `/api/v1${path}${query({ ...params, format: 'csv', locale: userLocale() })}`;
}

export function ExportCsvButton({ path, params }: { path: string; params: Record<string, string | number | undefined | null> }) {
  const { t } = useTranslation();
  return (
    <Button component="a" href={csvUrl(path, params)} download variant="default">
      {t('common.actions.exportCsv')}
    </Button>
  );
}

/** Filters: shown on wider screens, folded behind a "Filters" button on phones. */
export function FilterPanel({ children, active }: { children: ReactNode; active: boolean }) {
  const { t } = useTranslation();
  const phone = usePhone();
  const [opened, setOpened] = useState(false);
  if (!phone) return <>{children}</>;
  return (
    <Box>
      <Button variant={active ? 'light' : 'default'} size="xs" onClick={() => setOpened((o) => !o)} aria-expanded={opened} mb={opened ? 'xs' : 0}>
        {active ? t('lists.filters.activeButton') : t('lists.filters.button')}
      </Button>
      <Collapse expanded={opened}>{children}</Collapse>
    </Box>
  );
}

export function LoadMore({ hasNextPage, isFetchingNextPage, fetchNextPage }: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }) {
  const { t } = useTranslation();
  if (!hasNextPage) return null;
  return (
    <Center mt="md">
      <Button variant="default" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
        {t('common.actions.loadMore')}
      </Button>
    </Center>
  );
}

export function notifyError(error: unknown, title?: string) {
  notifications.show({ color: 'red', title: title ?? i18next.t('lists.failed'), message: error instanceof Error ? error.message : i18next.t('shared.states.tryAgain') });
}

export function notifySuccess(message: string) {
  notifications.show({ color: 'green', message });
}
