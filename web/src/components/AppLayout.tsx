/**
 * The frame around every signed-in page: navigation, the organization switcher and the
 * user menu. On a phone the navigation folds behind a burger button.
 */
import type { ReactNode } from 'react';
import { NavLink as RouterLink, useLocation } from 'react-router';
import { Alert, Anchor, AppShell, Burger, Button, Group, Kbd, Menu, NavLink, Select, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client.ts';
import { useSession } from '../auth/session.tsx';
import type { Role } from '../api/types.ts';
import { TestClockBanner } from './TestClock.tsx';
import { LocaleMenuItems } from './LocaleMenu.tsx';
import { CommandPalette } from './CommandPalette.tsx';
import { spotlight } from '@mantine/spotlight';

/** Each entry's label is common.nav.<key>. */
const NAV: { to: string; key: string; role?: Role }[] = [
  { to: '/', key: 'dashboard' },
  { to: '/invoices', key: 'invoices' },
  { to: '/quotes', key: 'quotes' },
  { to: '/recurring', key: 'recurring' },
  { to: '/customers', key: 'customers' },
  { to: '/products', key: 'products' },
  { to: '/tax-rates', key: 'taxRates' },
  { to: '/billable-metrics', key: 'billableMetrics' },
  { to: '/payments', key: 'payments' },
  { to: '/credit-notes', key: 'creditNotes' },
  { to: '/emails', key: 'emails', role: 'sales' },
  { to: '/reports', key: 'reports', role: 'accountant' },
  { to: '/settings', key: 'settings' },
];

export function AppLayout({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const { me, can } = useSession();
  const location = useLocation();
  const { t } = useTranslation();

  const switchOrganization = async (organizationId: string | null) => {
    if (!organizationId || organizationId === me.organization.id) return;
    await post('/auth/switch-organization', { organization_id: organizationId });
    // Nothing of the previous organization may linger in caches: start afresh.
    window.location.assign('/');
  };

  const logout = async () => {
    await post('/auth/logout');
    // A full page load forgets everything the signed-in user saw.
    window.location.assign('/login');
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('common.layout.toggleNavigation')} />
            <Text fw={800} size="lg" c="indigo.7">
              Settle
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Button variant="default" size="xs" onClick={() => spotlight.open()} aria-label={t('common.palette.openLabel')} rightSection={<Kbd size="xs" visibleFrom="sm">{t('common.palette.shortcut')}</Kbd>}>
              {t('common.palette.open')}
            </Button>
            {me.organizations.length > 1 ? (
              <Select
                aria-label={t('common.layout.organization')}
                size="xs"
                w={180}
                visibleFrom="xs"
                data={me.organizations.map((o) => ({ value: o.id, label: o.name }))}
                value={me.organization.id}
                onChange={(value) => void switchOrganization(value)}
                allowDeselect={false}
              />
            ) : (
              <Text size="sm" c="dimmed" visibleFrom="xs">
                {me.organization.name}
              </Text>
            )}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('common.layout.accountMenu')} px="xs">
                  <Text size="sm" fw={600}>
                    {me.user.name}
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {me.user.email} · {me.role}
                </Menu.Label>
                {/* On a phone the organization picker in the header is hidden: switch here. */}
                {me.organizations
                  .filter((o) => o.id !== me.organization.id)
                  .map((o) => (
                    <Menu.Item key={o.id} hiddenFrom="xs" onClick={() => void switchOrganization(o.id)}>
                      {t('common.layout.switchTo', { name: o.name })}
                    </Menu.Item>
                  ))}
                <LocaleMenuItems />
                <Menu.Divider />
                <Menu.Item onClick={() => void logout()}>{t('common.layout.signOut')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('common.layout.mainNavigation')}>
        {NAV.filter((item) => item.role === undefined || can(item.role)).map((item) => (
          <NavLink
            key={item.to}
            component={RouterLink}
            to={item.to}
            label={t(`common.nav.${item.key}`)}
            active={item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <CommandPalette canCreate={can('sales')} />
      <AppShell.Main>
        <TestClockBanner />
        {me.two_factor.required && !me.two_factor.enabled && !location.pathname.startsWith('/settings/account') ? (
          <Alert color="orange" mb="md" role="alert" title={t('common.layout.twoFactorRequiredTitle')}>
            {t('common.layout.twoFactorRequired', { organization: me.organization.name })}{' '}
            <Anchor component={RouterLink} to="/settings/account">
              {t('common.layout.twoFactorTurnOn')}
            </Anchor>{' '}
            {t('common.layout.twoFactorKeepWorking')}
          </Alert>
        ) : null}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
