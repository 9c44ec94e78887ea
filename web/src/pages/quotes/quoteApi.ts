/** Quotes from the API: the types come from the server's schemas (type-only imports). */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import type { QuoteOut, QuoteSummaryOut } from '../../../../src/modules/quotes/quotes.schemas.ts';

export type Quote = QuoteOut;
export type QuoteSummary = QuoteSummaryOut;

export const QUOTE_STATUSES = ['draft', 'open', 'accepted', 'declined', 'expired', 'invoiced'] as const;

export function useQuote(id: string | undefined) {
  return useQuery({ queryKey: ['quotes', 'one', id], queryFn: () => get<Quote>(`/quotes/${id ?? ''}`), enabled: id !== undefined });
}

export function useRefreshQuotes() {
  const queryClient = useQueryClient();
  return () => Promise.all([['quotes'], ['invoices'], ['dashboard']].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}
