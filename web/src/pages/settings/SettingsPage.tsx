/**
 * Settings, one tab per nested route: the organization profile (read-only below admin),
 * and for admins payments (Stripe), users, API tokens, webhooks, the events and the audit log; for accountants
 * the journal export and its chart of accounts (and for admins the export of all data); everyone's own account (password).
 */
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session.tsx';
import OrganizationSettings from './OrganizationSettings.tsx';
import BrandingSettings from './BrandingSettings.tsx';
import UsersSettings from './UsersSettings.tsx';
import TokensSettings from './TokensSettings.tsx';
import AuditLog from './AuditLog.tsx';
import WebhooksSettings from './webhooks/WebhooksSettings.tsx';
import EventsLog from './EventsLog.tsx';
import EmailTemplateSettings from './EmailTemplateSettings.tsx';
import ReminderSettings from './ReminderSettings.tsx';
import AccountSettings from './AccountSettings.tsx';
import PaymentsSettings from './PaymentsSettings.tsx';
import CustomFieldsSettings from './CustomFieldsSettings.tsx';
import ExportsSettings from './exports/ExportsSettings.tsx';

const TABS = [
  { value: 'organization', label: 'Organization', admin: false },
  { value: 'branding', label: 'Branding', admin: false },
  { value: 'email', label: 'E-mail', admin: true },
  { value: 'payments', label: 'Payments', admin: true },
  { value: 'reminders', label: 'Reminders', admin: false },
  { value: 'custom-fields', label: 'Custom fields', admin: true },
  { value: 'users', label: 'Users', admin: true },
  { value: 'tokens', label: 'API tokens', admin: true },
  { value: 'webhooks', label: 'Webhooks', admin: true },
  { value: 'events', label: 'Events', admin: true },
  { value: 'audit', label: 'Audit log', admin: true },
  { value: 'exports', label: 'Accounting & exports', admin: false, accountant: true },
  { value: 'account', label: 'Your account', admin: false },
] as const;

export default function SettingsPage() {
  const { t: translate } = useTranslation();
  const session = useSession();
  const admin = session.can('admin');
  const location = useLocation();
  const navigate = useNavigate();
  const tabs = TABS.filter((t) => (admin || !t.admin) && (!('accountant' in t) || session.can('accountant')));
  const current = location.pathname.split('/')[2] ?? 'organization';

  return (
    <Stack gap="md">
      <Title order={2}>{translate('settings.title')}</Title>
      {tabs.length > 1 ? (
        <Tabs value={current} onChange={(value) => value && void navigate(`/settings/${value}`)}>
          <Tabs.List style={{ flexWrap: 'wrap' }}>
            {tabs.map((t) => (
              <Tabs.Tab key={t.value} value={t.value}>
                {translate(t.value === 'exports' ? 'exports.tab' : `settings.tabs.${t.value === 'custom-fields' ? 'customFields' : t.value}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      ) : null}
      <Routes>
        <Route index element={<Navigate to="organization" replace />} />
        <Route path="organization" element={<OrganizationSettings />} />
        <Route path="branding" element={<BrandingSettings />} />
        <Route path="email" element={admin ? <EmailTemplateSettings /> : <Navigate to="/settings/organization" replace />} />
        <Route path="payments" element={admin ? <PaymentsSettings /> : <Navigate to="/settings/organization" replace />} />
        <Route path="reminders" element={<ReminderSettings />} />
        <Route path="custom-fields" element={admin ? <CustomFieldsSettings /> : <Navigate to="/settings/organization" replace />} />
        <Route path="users" element={admin ? <UsersSettings /> : <Navigate to="/settings/organization" replace />} />
        <Route path="tokens" element={admin ? <TokensSettings /> : <Navigate to="/settings/organization" replace />} />
        <Route path="webhooks/*" element={admin ? <WebhooksSettings /> : <Navigate to="/settings/organization" replace />} />
        <Route path="events" element={admin ? <EventsLog /> : <Navigate to="/settings/organization" replace />} />
        <Route path="audit" element={admin ? <AuditLog /> : <Navigate to="/settings/organization" replace />} />
        <Route path="exports" element={session.can('accountant') ? <ExportsSettings /> : <Navigate to="/settings/organization" replace />} />
        <Route path="account" element={<AccountSettings />} />
        <Route path="*" element={<Navigate to="/settings/organization" replace />} />
      </Routes>
    </Stack>
  );
}
