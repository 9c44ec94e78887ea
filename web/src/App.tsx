/**
 * Routes. Pages are loaded on demand (code splitting) so the first load stays small.
 * Signed-out visitors see setup (first run) or login; everyone else the app shell.
 */
import { Suspense, lazy, type ReactElement } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { get } from './api/client.ts';
import { SessionProvider, useMe } from './auth/session.tsx';
import { AppLayout } from './components/AppLayout.tsx';
import { ErrorState } from './components/states.tsx';

const SetupPage = lazy(() => import('./auth/SetupPage.tsx'));
const InvitationPage = lazy(() => import('./auth/InvitationPage.tsx'));
const ForgotPasswordPage = lazy(() => import('./auth/PasswordResetPages.tsx').then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => import('./auth/PasswordResetPages.tsx').then((m) => ({ default: m.ResetPasswordPage })));
const LoginPage = lazy(() => import('./auth/LoginPage.tsx'));
const DashboardPage = lazy(() => import('./pages/DashboardPage.tsx'));
const CustomersPage = lazy(() => import('./pages/customers/CustomersPage.tsx'));
const CustomerDetailPage = lazy(() => import('./pages/customers/CustomerDetailPage.tsx'));
const ProductsPage = lazy(() => import('./pages/catalogue/ProductsPage.tsx'));
const TaxRatesPage = lazy(() => import('./pages/catalogue/TaxRatesPage.tsx'));
const InvoicesPage = lazy(() => import('./pages/invoices/InvoicesPage.tsx'));
const InvoiceEditorPage = lazy(() => import('./pages/invoices/InvoiceEditorPage.tsx'));
const InvoiceDetailPage = lazy(() => import('./pages/invoices/InvoiceDetailPage.tsx'));
const QuotesPage = lazy(() => import('./pages/quotes/QuotesPage.tsx'));
const QuoteEditorPage = lazy(() => import('./pages/quotes/QuoteEditorPage.tsx'));
const QuoteDetailPage = lazy(() => import('./pages/quotes/QuoteDetailPage.tsx'));
const SubscriptionsPage = lazy(() => import('./pages/subscriptions/SubscriptionsPage.tsx'));
const SubscriptionEditorPage = lazy(() => import('./pages/subscriptions/SubscriptionEditorPage.tsx'));
const SubscriptionDetailPage = lazy(() => import('./pages/subscriptions/SubscriptionDetailPage.tsx'));
const BillableMetricsPage = lazy(() => import('./pages/catalogue/BillableMetricsPage.tsx'));
const PaymentsPage = lazy(() => import('./pages/payments/PaymentsPage.tsx'));
const CreditNotesPage = lazy(() => import('./pages/payments/CreditNotesPage.tsx'));
const SettingsPage = lazy(() => import('./pages/settings/SettingsPage.tsx'));
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage.tsx'));
const EmailsPage = lazy(() => import('./pages/emails/EmailsPage.tsx'));
const CreditNoteDetailPage = lazy(() => import('./pages/credit-notes/CreditNoteDetailPage.tsx'));
const ImportPage = lazy(() => import('./pages/imports/ImportPage.tsx'));

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center h="100vh">
      <Loader aria-label={t('shared.states.loading')} />
    </Center>
  );
}

function SignedOut() {
  const location = useLocation();
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => get<{ setup_required: boolean }>('/setup') });
  if (setup.isPending) return <FullPageLoader />;
  if (setup.isError) return <ErrorState error={setup.error} />;
  const target = setup.data.setup_required ? '/setup' : '/login';
  return (
    <Routes>
      <Route path="/setup" element={setup.data.setup_required ? <SetupPage /> : <Navigate to="/login" replace />} />
      <Route path="/login" element={setup.data.setup_required ? <Navigate to="/setup" replace /> : <LoginPage />} />
      <Route path="*" element={<Navigate to={target} replace state={{ from: location.pathname }} />} />
    </Routes>
  );
}

/** Pages opened from a link in an e-mail: the same whether or not someone is signed in in this browser. */
const ACCOUNT_LINK_PAGES: Record<string, () => ReactElement> = {
  '/invitation': () => <InvitationPage />,
  '/reset-password': () => <ResetPasswordPage />,
  '/forgot-password': () => <ForgotPasswordPage />,
};

export function App() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const accountPage = ACCOUNT_LINK_PAGES[location.pathname];
  if (accountPage) return <Suspense fallback={<FullPageLoader />}>{accountPage()}</Suspense>;
  if (me.isPending) return <FullPageLoader />;
  if (me.isError) return <ErrorState error={me.error} />;
  if (me.data === null) {
    return (
      <Suspense fallback={<FullPageLoader />}>
        <SignedOut />
      </Suspense>
    );
  }
  return (
    <SessionProvider me={me.data}>
      <AppLayout>
        <Suspense fallback={<Center py="xl"><Loader aria-label={t('shared.states.loading')} /></Center>}>
          <Routes>
            <Route path="/" element={<DashboardPage />} />
            <Route path="/customers" element={<CustomersPage />} />
            <Route path="/customers/:id" element={<CustomerDetailPage />} />
            <Route path="/products" element={<ProductsPage />} />
            <Route path="/tax-rates" element={<TaxRatesPage />} />
            <Route path="/invoices" element={<InvoicesPage />} />
            <Route path="/invoices/new" element={<InvoiceEditorPage />} />
            <Route path="/invoices/:id/edit" element={<InvoiceEditorPage />} />
            <Route path="/invoices/:id" element={<InvoiceDetailPage />} />
            <Route path="/quotes" element={<QuotesPage />} />
            <Route path="/quotes/new" element={<QuoteEditorPage />} />
            <Route path="/quotes/:id/edit" element={<QuoteEditorPage />} />
            <Route path="/quotes/:id" element={<QuoteDetailPage />} />
            <Route path="/recurring" element={<SubscriptionsPage />} />
            <Route path="/recurring/new" element={<SubscriptionEditorPage />} />
            <Route path="/recurring/:id/edit" element={<SubscriptionEditorPage />} />
            <Route path="/recurring/:id" element={<SubscriptionDetailPage />} />
            <Route path="/billable-metrics" element={<BillableMetricsPage />} />
            <Route path="/payments" element={<PaymentsPage />} />
            <Route path="/credit-notes" element={<CreditNotesPage />} />
            <Route path="/credit-notes/:id" element={<CreditNoteDetailPage />} />
            <Route path="/reports/*" element={<ReportsPage />} />
            <Route path="/emails" element={<EmailsPage />} />
            <Route path="/import" element={<ImportPage />} />
            <Route path="/settings/*" element={<SettingsPage />} />
            <Route path="/setup" element={<Navigate to="/" replace />} />
            <Route path="/login" element={<Navigate to="/" replace />} />
            <Route path="*" element={<ErrorState title={t('shared.notFound.title')} message={t('shared.notFound.message')} />} />
          </Routes>
        </Suspense>
      </AppLayout>
    </SessionProvider>
  );
}
