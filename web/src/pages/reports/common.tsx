/**
 * Building blocks shared by the report tabs and the dashboard: sections per currency,
 * labelled charts, CSV links, money cells, explained figures (an info tooltip) and tables
 * that become stacked rows on a phone.
 */
import type { ReactNode } from 'react';
import { Anchor, Box, Card, Group, Paper, Stack, Table, Text, Title, Tooltip, UnstyledButton, type TextProps } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import '@mantine/charts/styles.css';
import { get, query } from '../../api/client.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatMoney } from '../../components/format.ts';
import { userLocale } from '../../i18n/locale.ts';
import { formatAmount, parseAmount } from '../../../../src/domain/money/index.ts';

type Params = Record<string, string | number | undefined>;

/** Phones (below Mantine's `sm`, 48em): tables become stacked rows. Read at once, not after a first render. */
export function useIsPhone(): boolean {
  return useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false }) ?? false;
}

/** A report from the JSON API; the same params with format=csv give its CSV. */
export function useReport<T>(path: string, params: Params, enabled = true) {
  return useQuery({ queryKey: ['reports', path, params], queryFn: () => get<T>(`${path}${query(params)}`), enabled });
}

/** The CSV for people: in the user's language and spreadsheet dialect (";" and decimal comma in German). */
export function csvHref(path: string, params: Params): string {
  return `/api/v1${path}${query({ ...params, format: 'csv', locale: userLocale() })}`;
}

export function CsvLink({ path, params, label }: { path: string; params: Params; label?: string }) {
  const { t } = useTranslation();
  return (
    <Anchor href={csvHref(path, params)} download size="sm">
      {label ?? t('reports.common.downloadCsv')}
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
  const { t } = useTranslation();
  if (report.isError) return <ErrorState error={report.error} title={t('reports.common.loadFailed')} />;
  if (report.isPending || report.data === undefined) return <LoadingState label={t('reports.common.loading')} />;
  if (report.data.currencies.length === 0) return <EmptyState title={empty}>{t('reports.common.tryOtherDates')}</EmptyState>;
  return <>{children(report.data)}</>;
}

/** One currency's part of a report: never summed with another currency. */
export function CurrencySection({ id, title, children, actions }: { id: string; title: string; children: ReactNode; actions?: ReactNode }) {
  const headingId = `section-${id.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId} style={{ minWidth: 0 }}>
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id={headingId}>
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

/** Axis/tooltip format for a currency's amounts on a chart (compact, approximate on axes is fine), in the user's locale. */
export function chartMoney(currency: string) {
  const format = new Intl.NumberFormat(userLocale(), { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
  return (value: number) => format.format(value);
}

/** A whole number in the user's locale. */
export function formatCount(value: number | string): string {
  return new Intl.NumberFormat(userLocale()).format(typeof value === 'number' ? value : Number(value));
}

/** A small "i" that explains a figure: on hover, on keyboard focus and on a tap. */
export function InfoTip({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Tooltip label={children} multiline w={280} withArrow events={{ hover: true, focus: true, touch: true }} position="top">
      <UnstyledButton aria-label={label} style={{ display: 'inline-flex', alignItems: 'center', color: 'var(--mantine-color-dimmed)', lineHeight: 1 }}>
        <svg width="15" height="15" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.4" />
          <rect x="7.25" y="7" width="1.5" height="4.5" rx="0.5" fill="currentColor" />
          <circle cx="8" cy="4.8" r="0.95" fill="currentColor" />
        </svg>
      </UnstyledButton>
    </Tooltip>
  );
}

/** A figure's label with its explanation. */
export function Explained({ label, explanation, ...text }: { label: string; explanation: string } & Omit<TextProps, 'children'>) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" component="span" style={{ display: 'inline-flex' }}>
      <Text component="span" {...text}>
        {label}
      </Text>
      <InfoTip label={t('reports.common.explain', { figure: label })}>{explanation}</InfoTip>
    </Group>
  );
}

/** A column of a report table: its header, how a row's cell reads, right-aligned figures. */
export interface Column<R> {
  key: string;
  header: string;
  /** What the header's info tooltip says (optional). */
  explanation?: string;
  cell: (row: R) => ReactNode;
  numeric?: boolean;
  strong?: boolean;
}

/**
 * A report table: a table on wider screens, stacked rows on a phone (the first column as the
 * row's title, the others as label and value). `totals` is a last, bold row (one currency's).
 */
export function ReportTable<R>({
  columns,
  rows,
  rowKey,
  totals,
  totalsLabel,
  caption,
  minWidth = 560,
}: {
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R, index: number) => string;
  totals?: R | undefined;
  totalsLabel?: string | undefined;
  caption?: string;
  minWidth?: number;
}) {
  const phone = useIsPhone();
  const [first, ...rest] = columns;
  if (first === undefined) return null;

  if (phone) {
    const stacked = (row: R, key: string, isTotal: boolean) => (
      <Paper key={key} withBorder p="sm" radius="sm" role="row" aria-label={isTotal ? totalsLabel : undefined} bg={isTotal ? 'var(--mantine-color-default-hover)' : undefined}>
        <Box role="rowheader" fw={700} mb={4} style={{ overflowWrap: 'anywhere' }}>
          {first.cell(row)}
        </Box>
        <Stack gap={2}>
          {rest.map((column) => (
            <Group key={column.key} justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" c="dimmed">
                {column.header}
              </Text>
              <Box role="cell" ta="right" fw={column.strong || isTotal ? 700 : undefined} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                {column.cell(row)}
              </Box>
            </Group>
          ))}
        </Stack>
      </Paper>
    );
    return (
      <Stack gap="xs" role="table" aria-label={caption}>
        {rows.map((row, index) => stacked(row, rowKey(row, index), false))}
        {totals === undefined ? null : stacked(totals, 'totals', true)}
      </Stack>
    );
  }

  const cell = (column: Column<R>, row: R, isTotal: boolean, index: number) =>
    index === 0 ? (
      isTotal ? (
        <Table.Th key={column.key}>{column.cell(row)}</Table.Th>
      ) : (
        <Table.Td key={column.key}>{column.cell(row)}</Table.Td>
      )
    ) : (
      <Table.Td
        key={column.key}
        ta={column.numeric ? 'right' : undefined}
        fw={column.strong || isTotal ? 700 : undefined}
        style={column.numeric ? { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } : undefined}
      >
        {column.cell(row)}
      </Table.Td>
    );
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.key} ta={column.numeric ? 'right' : undefined} style={{ whiteSpace: 'nowrap' }}>
                {column.explanation ? <Explained label={column.header} explanation={column.explanation} fw={700} size="sm" /> : column.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => (
            <Table.Tr key={rowKey(row, index)}>{columns.map((column, i) => cell(column, row, false, i))}</Table.Tr>
          ))}
        </Table.Tbody>
        {totals === undefined ? null : (
          <Table.Tfoot>
            <Table.Tr aria-label={totalsLabel}>{columns.map((column, i) => cell(column, totals, true, i))}</Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}

/** An amount of one currency, as the user reads amounts. */
export function Money({ amount, currency }: { amount: string | null | undefined; currency: string }) {
  return <>{formatMoney(amount, currency)}</>;
}

/** The exact sum of one currency's amounts (decimal strings, never floats): a totals row. */
export function sumAmounts(amounts: (string | null | undefined)[], currency: string): string {
  let total = 0n;
  for (const amount of amounts) if (amount !== null && amount !== undefined && amount !== '') total += parseAmount(amount, currency);
  return formatAmount(total, currency);
}
