/**
 * Reports for accountants: one date range (in the URL, so links are shareable) for every tab,
 * one tab per nested route. Figures are per currency, never summed across currencies.
 */
import { useEffect, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Button, Group, Stack, Tabs, TextInput, Title } from '@mantine/core';
import { useSession } from '../../auth/session.tsx';
import { ErrorState } from '../../components/states.tsx';
import { PRESETS, useReportParams } from './dates.ts';
import SalesTab from './SalesTab.tsx';
import AgingTab from './AgingTab.tsx';
import TaxesTab from './TaxesTab.tsx';
import { TopCustomersTab, TopProductsTab } from './TopTabs.tsx';
import AnalyticsTab from './AnalyticsTab.tsx';

const TABS = [
  { value: 'sales', label: 'Sales & revenue' },
  { value: 'aging', label: 'Aging' },
  { value: 'taxes', label: 'Taxes' },
  { value: 'top-customers', label: 'Top customers' },
  { value: 'top-products', label: 'Top products' },
  { value: 'analytics', label: 'Analytics' },
] as const;

/**
 * A date input that keeps what the user is typing to itself and only reports complete
 * dates: a half-typed date is empty to the browser, and must not reset the range.
 */
function DateField({ label, value, onDate, error }: { label: string; value: string; onDate: (date: string) => void; error?: string | undefined }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <TextInput
      type="date"
      label={label}
      value={draft}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setDraft(next);
        if (/^\d{4}-\d{2}-\d{2}$/.test(next)) onDate(next);
      }}
      w={170}
      error={error}
    />
  );
}

function RangePicker() {
  const { range, set, valid } = useReportParams();
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <DateField label="From" value={range.from} onDate={(from) => set({ from })} />
        <DateField label="To" value={range.to} onDate={(to) => set({ to })} error={valid ? undefined : 'Must not be before From'} />
      </Group>
      <Group gap="xs" wrap="wrap" role="group" aria-label="Quick date ranges">
        {PRESETS.map((preset) => {
          const r = preset.range();
          const active = r.from === range.from && r.to === range.to;
          return (
            <Button key={preset.label} size="compact-sm" variant={active ? 'filled' : 'default'} aria-pressed={active} onClick={() => set({ from: r.from, to: r.to })}>
              {preset.label}
            </Button>
          );
        })}
      </Group>
    </Stack>
  );
}

export default function ReportsPage() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { valid } = useReportParams();
  const current = location.pathname.split('/')[2] || 'sales';

  if (!session.can('accountant')) return <ErrorState title="Not available" message="Reports are for accountants, admins and owners." />;

  return (
    <Stack gap="md">
      <Title order={2}>Reports</Title>
      <RangePicker />
      <Tabs value={current} onChange={(value) => value && void navigate({ pathname: `/reports/${value}`, search: location.search })}>
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {valid ? (
        <Routes>
          <Route index element={<Navigate to={{ pathname: 'sales', search: location.search }} replace />} />
          <Route path="sales" element={<SalesTab />} />
          <Route path="aging" element={<AgingTab />} />
          <Route path="taxes" element={<TaxesTab />} />
          <Route path="top-customers" element={<TopCustomersTab />} />
          <Route path="top-products" element={<TopProductsTab />} />
          <Route path="analytics" element={<AnalyticsTab />} />
          <Route path="*" element={<Navigate to={{ pathname: '/reports/sales', search: location.search }} replace />} />
        </Routes>
      ) : (
        <ErrorState title="Check the dates" message="The start date must not be after the end date." />
      )}
    </Stack>
  );
}
