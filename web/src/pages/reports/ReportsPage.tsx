/**
 * Reports for accountants: one date range (in the URL, so links are shareable) for every tab,
 * one tab per nested route. Figures are per currency, never summed across currencies.
 */
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Button, Group, Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session.tsx';
import { ErrorState } from '../../components/states.tsx';
import { DateField } from '../../components/inputs/DateField.tsx';
import { PRESETS, useReportParams } from './dates.ts';
import SalesTab from './SalesTab.tsx';
import AgingTab from './AgingTab.tsx';
import TaxesTab from './TaxesTab.tsx';
import { TopCustomersTab, TopProductsTab } from './TopTabs.tsx';
import AnalyticsTab from './AnalyticsTab.tsx';
import { useIsPhone } from './common.tsx';

const TABS = ['sales', 'aging', 'taxes', 'top-customers', 'top-products', 'analytics'] as const;

/** The range shared by every tab: From and To in the user's date format, and quick presets (one highlighted at most). */
function RangePicker() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const { range, set, valid, preset } = useReportParams();
  return (
    <Stack gap="xs">
      <Group align="flex-start" gap="sm" wrap="wrap">
        <DateField
          label={t('reports.range.from')}
          value={range.from}
          onChange={(from) => from && set({ from, range: null })}
          clearable={false}
          w={phone ? 'calc(50% - 6px)' : 170}
        />
        <DateField
          label={t('reports.range.to')}
          value={range.to}
          onChange={(to) => to && set({ to, range: null })}
          clearable={false}
          w={phone ? 'calc(50% - 6px)' : 170}
          error={valid ? undefined : t('reports.range.toBeforeFrom')}
        />
      </Group>
      <Group gap="xs" wrap="wrap" role="group" aria-label={t('reports.range.presets')}>
        {PRESETS.map((p) => {
          const active = preset === p.key;
          const r = p.range();
          return (
            <Button key={p.key} size="compact-sm" variant={active ? 'filled' : 'default'} aria-pressed={active} onClick={() => set({ from: r.from, to: r.to, range: p.key })}>
              {t(`reports.range.preset.${p.key}`)}
            </Button>
          );
        })}
      </Group>
    </Stack>
  );
}

export default function ReportsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { valid } = useReportParams();
  const current = location.pathname.split('/')[2] || 'sales';

  if (!session.can('accountant')) return <ErrorState title={t('reports.page.notAvailable')} message={t('reports.page.forAccountants')} />;

  return (
    <Stack gap="md" style={{ minWidth: 0 }}>
      <Title order={2}>{t('reports.page.title')}</Title>
      <RangePicker />
      <Tabs value={current} onChange={(value) => value && void navigate({ pathname: `/reports/${value}`, search: location.search })}>
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          {TABS.map((tab) => (
            <Tabs.Tab key={tab} value={tab} px="sm">
              {t(`reports.tabs.${tab}`)}
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
        <ErrorState title={t('reports.page.checkDates')} message={t('reports.page.startAfterEnd')} />
      )}
    </Stack>
  );
}
