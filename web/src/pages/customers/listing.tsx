/**
 * Pieces the customer and catalogue lists share: the archived filter, the search box with
 * its debounced value, cursor pagination ("Load more") and error notifications.
 */
import { useState } from 'react';
import { Button, Center, SegmentedControl, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery } from '@tanstack/react-query';
import { get, query, type Page } from '../../api/client.ts';

export type ArchivedFilterValue = 'false' | 'true' | 'all';

export function ArchivedFilter({ value, onChange }: { value: ArchivedFilterValue; onChange: (value: ArchivedFilterValue) => void }) {
  return (
    <SegmentedControl
      aria-label="Show"
      value={value}
      onChange={onChange}
      data={[
        { value: 'false', label: 'Active' },
        { value: 'true', label: 'Archived' },
        { value: 'all', label: 'All' },
      ]}
    />
  );
}

/** The search text as typed and its debounced value (what the query uses). */
export function useSearch(wait = 300) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), wait);
  return { search, setSearch, debounced };
}

export function SearchInput({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return <TextInput label={label} type="search" value={value} onChange={(e) => onChange(e.currentTarget.value)} style={{ flex: '1 1 220px' }} maw={420} />;
}

/** A cursor-paginated list of `path` with filters, merged page after page. */
export function usePagedList<T>(key: string, path: string, params: Record<string, string | number | undefined>) {
  return useInfiniteQuery({
    queryKey: [key, 'list', params],
    queryFn: ({ pageParam }) => get<Page<T>>(`${path}${query({ ...params, limit: 50, cursor: pageParam ?? undefined })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: (previous) => previous,
  });
}

export function LoadMore({ hasNextPage, isFetchingNextPage, fetchNextPage }: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }) {
  if (!hasNextPage) return null;
  return (
    <Center mt="md">
      <Button variant="default" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
        Load more
      </Button>
    </Center>
  );
}

export function notifyError(error: unknown, title = 'That did not work') {
  notifications.show({ color: 'red', title, message: error instanceof Error ? error.message : 'Please try again.' });
}

export function notifySuccess(message: string) {
  notifications.show({ color: 'green', message });
}
