/**
 * Types, queries and wording shared by the recurring billing screens ("subscriptions" in the
 * API). Response types come from the server's schemas (type-only imports).
 */
import { Badge } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n/index.ts';
import { ApiError, get, query, type Page } from '../../api/client.ts';
import type { BillableMetric } from '../../api/types.ts';
import type { SubscriptionOut } from '../../../../src/modules/subscriptions/subscriptions.schemas.ts';
import type { InvoiceOut, InvoiceSummaryOut } from '../../../../src/modules/invoices/invoices.schemas.ts';

export type Subscription = SubscriptionOut;
export type Interval = Subscription['interval'];
export type Collection = Subscription['collection'];
export type Billing = Subscription['billing'];
export type SubscriptionStatus = Subscription['status'];
/** GET /subscriptions/{id}/upcoming-invoice: the next invoice as it would be generated now. */
export type UpcomingInvoice = Omit<InvoiceOut, 'id'> & { id: null; billing_date: string };

export const subscriptionKeys = {
  all: ['subscriptions'] as const,
  one: (id: string) => ['subscriptions', 'one', id] as const,
  upcoming: (id: string) => ['subscriptions', 'upcoming', id] as const,
};

export function useSubscription(id: string | undefined) {
  return useQuery({
    queryKey: subscriptionKeys.one(id ?? ''),
    queryFn: () => get<Subscription>(`/subscriptions/${encodeURIComponent(id ?? '')}`),
    enabled: id !== undefined,
  });
}

/** The next invoice, or null when none is coming (the API's 409: paused, canceled, ended). */
export function useUpcomingInvoice(subscription: Subscription) {
  return useQuery({
    queryKey: [...subscriptionKeys.upcoming(subscription.id), subscription.updated_at],
    queryFn: async () => {
      try {
        return await get<UpcomingInvoice>(`/subscriptions/${encodeURIComponent(subscription.id)}/upcoming-invoice`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) return { none: error.message };
        throw error;
      }
    },
  });
}

/** The invoices a subscription generated, newest first. */
export function useSubscriptionInvoices(id: string) {
  return useQuery({
    queryKey: ['invoices', 'list', { subscription_id: id }],
    queryFn: () => get<Page<InvoiceSummaryOut>>(`/invoices${query({ subscription_id: id, limit: 100 })}`),
  });
}

/**
 * The organization's billable metrics; an empty list where the usage API does not answer
 * (an installation without it), so the screens that offer metrics simply offer none.
 */
export function useBillableMetrics(enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['billable-metrics', 'all'],
    queryFn: async () => {
      try {
        return (await get<Page<BillableMetric>>(`/billable-metrics${query({ limit: 200 })}`)).data;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return [];
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** After a change to a subscription: its views, and the invoices it may have generated. */
export function useRefreshSubscriptions() {
  const queryClient = useQueryClient();
  return () => Promise.all([['subscriptions'], ['invoices'], ['customers'], ['dashboard']].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

// ── Wording ──────────────────────────────────────────────────────────────────

/** "Monthly", "Every 3 months". */
export function cycleLabel(interval: Interval, count: number): string {
  return i18next.t(`subscriptions.cycle.${interval}`, { count });
}

/** "month" / "months", for "every [3] months" inputs. */
export function intervalUnit(interval: Interval, count: number): string {
  return i18next.t(`subscriptions.unit.${interval}`, { count });
}

export const INTERVAL_OPTIONS: { value: Interval }[] = [{ value: 'day' }, { value: 'week' }, { value: 'month' }, { value: 'year' }];

const COLLECTIONS: Collection[] = ['draft', 'finalize', 'send', 'charge_automatically'];

/** How each generated invoice is collected, in the user's language. */
export function collectionOptions(): { value: Collection; label: string; description: string }[] {
  return COLLECTIONS.map((value) => ({
    value,
    label: i18next.t(`subscriptions.collection.${value}.label`),
    description: i18next.t(`subscriptions.collection.${value}.description`),
  }));
}

export const collectionLabel = (collection: Collection) => collectionOptions().find((o) => o.value === collection)?.label ?? collection;

const BILLINGS: Billing[] = ['in_advance', 'in_arrears'];

export function billingOptions(): { value: Billing; label: string; description: string }[] {
  return BILLINGS.map((value) => ({
    value,
    label: i18next.t(`subscriptions.billing.${value}.label`),
    description: i18next.t(`subscriptions.billing.${value}.description`),
  }));
}

export const billingLabel = (billing: Billing) => billingOptions().find((o) => o.value === billing)?.label ?? billing;

const STATUS_FILTERS = ['all', 'active', 'paused', 'canceled', 'ended'] as const;

export function statusOptions(): { value: string; label: string }[] {
  return STATUS_FILTERS.map((value) => ({ value, label: i18next.t(`subscriptions.statusFilter.${value}`) }));
}

const STATUS_COLORS: Record<SubscriptionStatus, string> = { active: 'green', paused: 'yellow', canceled: 'red', ended: 'gray' };

export function SubscriptionStatusBadge({ subscription }: { subscription: Pick<Subscription, 'status' | 'cancel_at_period_end'> }) {
  const { t } = useTranslation();
  const ending = subscription.status === 'active' && subscription.cancel_at_period_end;
  return (
    <Badge color={ending ? 'orange' : STATUS_COLORS[subscription.status]} variant="light">
      {t(`subscriptions.status.${ending ? 'canceling' : subscription.status}`)}
    </Badge>
  );
}

// ── Dates ────────────────────────────────────────────────────────────────────

/** The first day of the month after `date` (YYYY-MM-DD). */
export function firstOfNextMonth(date: string): string {
  const [y = 2000, m = 1] = date.split('-').map(Number);
  const next = m === 12 ? { y: y + 1, m: 1 } : { y, m: m + 1 };
  return `${next.y}-${String(next.m).padStart(2, '0')}-01`;
}

/** "1 Dec 2026 – 31 Dec 2026" for a period; "—" without one. */
export function periodLabel(start: string | null, end: string | null, format: (d: string) => string): string {
  if (start === null) return '—';
  return end === null ? i18next.t('subscriptions.periodFrom', { date: format(start) }) : `${format(start)} – ${format(end)}`;
}
