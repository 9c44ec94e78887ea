/** Building blocks shared by the report tabs: sections per currency, labelled charts, CSV links, money cells. */
import type { ReactNode } from 'react';
import { Anchor, Card, Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import '@mantine/charts/styles.css';
import { get, query } from '../../api/client.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatMoney } from '../../components/format.ts';

type Params = Record<string, string | number | undefined>;

/** A report from the JSON API; the same params with format=csv give its CSV. */
export function useReport<T>(path: string, params: Params, enabled = true) {
  return useQuery({ queryKey: ['reports', path, params], queryFn: () => get<T>(`${path}${query(params)}`), enabled });
}

export function csvHref(path: string, params: Params): string {
  return `/api/v1${path}${query({ ...params, format: 'csv' })}`;
}

export function CsvLink({ path, params, label = 'Download CSV' }: { path: string; params: Params; label?: string }) {
  return (
    <Anchor href={csvHref(path, params)} download size="sm">
      {label}
    </Anchor>
  );
}

/** Loading, error and empty states of a report, else its content. */
export function ReportState<T extends { currencies: unknown[] }>({
  report,
  empty,
  children,
}: {
  report: { isPending: boolean; isError: boolean; error: unknown; data?: T };
  empty: string;
  children: (data: T) => ReactNode;
}) {
  if (report.isError) return <ErrorState error={report.error} title="The report could not be loaded" />;
  if (report.isPending || report.data === undefined) return <LoadingState label="Loading report" />;
  if (report.data.currencies.length === 0) return <EmptyState title={empty}>Try other dates.</EmptyState>;
  return <>{children(report.data)}</>;
}

/** One currency's part of a report: never summed with another currency. */
export function CurrencySection({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = `section-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Card>
  );
}

/** A chart with an accessible name (the figure's aria-label) and a visible caption. */
export function ChartFigure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <figure aria-label={label} style={{ margin: 0, minWidth: 0 }}>
      <Text component="figcaption" size="sm" c="dimmed" mb={4}>
        {label}
      </Text>
      {children}
    </figure>
  );
}

/** For drawing only: a chart needs numbers. Text always shows the exact string via formatMoney. */
export function chartNumber(amount: string | null | undefined): number {
  if (amount === null || amount === undefined) return 0;
  const n = Number(amount);
  return Number.isFinite(n) ? n : 0;
}

/** Axis/tooltip format for a currency's amounts on a chart (compact, approximate on axes is fine). */
export function chartMoney(currency: string) {
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
  return (value: number) => format.format(value);
}

export function MoneyTd({ amount, currency, strong = false }: { amount: string | null | undefined; currency: string; strong?: boolean }) {
  return (
    <Table.Td ta="right" fw={strong ? 700 : undefined} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {formatMoney(amount, currency)}
    </Table.Td>
  );
}

export function NumTd({ children, strong = false }: { children: ReactNode; strong?: boolean }) {
  return (
    <Table.Td ta="right" fw={strong ? 700 : undefined} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {children}
    </Table.Td>
  );
}

/** Header cell for a figure column (right-aligned like its values). */
export function NumTh({ children }: { children: ReactNode }) {
  return (
    <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
      {children}
    </Table.Th>
  );
}
