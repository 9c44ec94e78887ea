/** The webhook endpoints API, as react-query hooks and keys (admins only). */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get, query, type Page } from '../../../api/client.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../../../api/types.ts';

export const endpointKeys = {
  all: ['webhook-endpoints'] as const,
  list: () => [...endpointKeys.all, 'list'] as const,
  one: (id: string) => [...endpointKeys.all, 'one', id] as const,
  deliveries: (id: string) => [...endpointKeys.all, 'deliveries', id] as const,
};

export function useEndpoints() {
  return useInfiniteQuery({
    queryKey: endpointKeys.list(),
    queryFn: ({ pageParam }) => get<Page<WebhookEndpoint>>(`/webhook-endpoints${query({ limit: 50, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

export function useEndpoint(id: string) {
  return useQuery({ queryKey: endpointKeys.one(id), queryFn: () => get<WebhookEndpoint>(`/webhook-endpoints/${encodeURIComponent(id)}`) });
}

/** Deliveries, newest first; watched every 2 s while one is still on its way. */
export function useDeliveries(id: string) {
  return useInfiniteQuery({
    queryKey: endpointKeys.deliveries(id),
    queryFn: ({ pageParam }) => get<Page<WebhookDelivery>>(`/webhook-endpoints/${encodeURIComponent(id)}/deliveries${query({ limit: 25, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.data.some((d) => d.status === 'pending')) ? 2000 : false),
  });
}
