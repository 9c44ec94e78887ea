/**
 * The frame around every signed-in page: navigation, the organization switcher and the
 * user menu. On a phone the navigation folds behind a burger button.
 */
import type { ReactNode } from 'react';
import { NavLink as RouterLink, useLocation } from 'react-router';
import { Alert, Anchor, AppShell, Burger, Group, Menu, NavLink, Select, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { post } from '../api/client.ts';
import { useSession } from '../auth/session.tsx';
import type { Role } from '../api/types.ts';
import { TestClockBanner } from './TestClock.tsx';

const NAV: { to: string; label: string; role?: Role }[] = [
  { to: '/', label: 'Dashboard' },
  { to: '/invoices', label: 'Invoices' },
  { to: '/recurring', label: 'Recurring billing' },
  { to: '/customers', label: 'Customers' },
  { to: '/products', label: 'Products & services' },
  { to: '/tax-rates', label: 'Tax rates' },
  { to: '/billable-metrics', label: 'Billable metrics' },
  { to: '/payments', label: 'Payments' },
  { to: '/credit-notes', label: 'Credit notes' },
  { to: '/emails', label: 'Emails', role: 'sales' },
  { to: '/reports', label: 'Reports', role: 'accountant' },
  { to: '/settings', label: 'Settings' },
];

export function AppLayout({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const { me, can } = useSession();
  const location = useLocation();

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
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={800} size="lg" c="indigo.7">
              Settle
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {me.organizations.length > 1 ? (
              <Select
                aria-label="Organization"
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
                <UnstyledButton aria-label="Account menu" px="xs">
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
                      Switch to {o.name}
                    </Menu.Item>
                  ))}
                <Menu.Item onClick={() => void logout()}>Sign out</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {NAV.filter((item) => item.role === undefined || can(item.role)).map((item) => (
          <NavLink
            key={item.to}
            component={RouterLink}
            to={item.to}
            label={item.label}
            active={item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <TestClockBanner />
        {me.two_factor.required && !me.two_factor.enabled && !location.pathname.startsWith('/settings/account') ? (
          <Alert color="orange" mb="md" role="alert" title="Two-factor sign-in required">
            {me.organization.name} requires admins and owners to sign in with two factors. <Anchor component={RouterLink} to="/settings/account">Turn it on now</Anchor> to keep working.
          </Alert>
        ) : null}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
