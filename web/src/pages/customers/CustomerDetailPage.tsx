/**
 * One customer: contact and billing details, balances, invoices and payments, and the
 * actions on it (edit, archive, delete, GDPR anonymize) for the roles that may use them.
 */
import { CustomFieldValues } from '../../components/CustomFields.tsx';
import { methodLabel } from '../payments/labels.ts';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Anchor, Badge, Box, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post, query, type Page } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';
import type { InvoiceSummaryOut } from '../../../../src/modules/invoices/invoices.schemas.ts';
import type { PaymentOut } from '../../../../src/modules/payments/payments.schemas.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { formatDate, formatMoney } from '../../components/format.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { CustomerFormModal } from './CustomerForm.tsx';
import { notifyError, notifySuccess } from './listing.tsx';
import { UsageCard } from './UsageCard.tsx';
import { ReceivePaymentButton } from './ReceivePaymentDialog.tsx';
import { PaymentMethodsCard } from './PaymentMethodsCard.tsx';
import { PortalLinkCard } from './PortalLinkCard.tsx';
import { postalLines } from '../../../../src/domain/postal-address.ts';
import { userLocale } from '../../i18n/locale.ts';

const num = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
        {children === null || children === undefined || children === '' ? '—' : children}
      </Text>
    </div>
  );
}

/** A code's name in the user's language ("DE" → "Deutschland"), or the code itself. */
function displayName(type: 'region' | 'language', code: string | null | undefined): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames([userLocale(), 'en'], { type, fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The address as the post of its country writes it, the country named in the user's language. */
function addressText(customer: Customer): string | null {
  const a = customer.address;
  if (!a) return null;
  const lines = [...postalLines(a), displayName('region', a.country)].filter((l): l is string => l !== null && l !== '');
  return lines.length ? lines.join('\n') : null;
}

export default function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const customer = useQuery({ queryKey: ['customers', 'one', id], queryFn: () => get<Customer>(`/customers/${id}`) });
  if (customer.isPending) return <LoadingState label={t('customers.detail.loading')} />;
  if (customer.isError)
    return (
      <Stack>
        <BackLink />
        <ErrorState error={customer.error} title={t('customers.detail.loadError')} />
      </Stack>
    );
  return <CustomerDetail customer={customer.data} />;
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/customers" size="sm">
      {t('customers.detail.back')}
    </Anchor>
  );
}

function CustomerDetail({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const session = useSession();
  const { me } = session;
  const locale = userLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editOpened, edit] = useDisclosure(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const archive = useMutation({
    mutationFn: (archived: boolean) => patch<Customer>(`/customers/${customer.id}`, { archived }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      notifySuccess(saved.archived ? t('customers.detail.archived', { name: saved.name }) : t('customers.detail.restored', { name: saved.name }));
    },
    onError: (error) => notifyError(error),
  });

  const remove = async () => {
    setDeleteError(null);
    try {
      await del(`/customers/${customer.id}`);
    } catch (error) {
      // Shown in the page, next to the button (e.g. the 409 for customers with finalized invoices).
      setDeleteError(error instanceof Error ? error.message : t('customers.detail.deleteFailed'));
      return;
    }
    queryClient.removeQueries({ queryKey: ['customers', 'one', customer.id] });
    await queryClient.invalidateQueries({ queryKey: ['customers', 'list'] });
    notifySuccess(t('customers.detail.deleted', { name: customer.name }));
    void navigate('/customers');
  };

  const anonymize = async () => {
    try {
      await post<Customer>(`/customers/${customer.id}/anonymize`);
    } catch (error) {
      notifyError(error, t('customers.detail.anonymizeFailed'));
      return;
    }
    await queryClient.invalidateQueries({ queryKey: ['customers'] });
    notifySuccess(t('customers.detail.anonymized'));
  };

  const canEdit = session.can('sales');

  return (
    <Stack gap="lg">
      <BackLink />
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="wrap" style={{ minWidth: 0 }}>
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            {customer.name}
          </Title>
          {customer.archived ? (
            <Badge color="gray" variant="light">
              {t('customers.detail.archivedBadge')}
            </Badge>
          ) : null}
          {customer.anonymized_at ? (
            <Badge color="grape" variant="light">
              {t('customers.detail.anonymizedBadge')}
            </Badge>
          ) : null}
        </Group>
        {canEdit || session.can('accountant') ? (
          <Group gap="xs">
            {session.can('accountant') ? <ReceivePaymentButton customer={customer} defaultCurrency={me.organization.currency} /> : null}
            {session.can('accountant') ? (
              <Button component="a" variant="default" href={`/api/v1/customers/${encodeURIComponent(customer.id)}/export`} download>
                {t('exports.customer.button')}
              </Button>
            ) : null}
            {canEdit ? <Button onClick={edit.open}>{t('common.actions.edit')}</Button> : null}
            {canEdit ? (
              <Button variant="default" loading={archive.isPending} onClick={() => archive.mutate(!customer.archived)}>
                {customer.archived ? t('customers.detail.unarchive') : t('customers.detail.archive')}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Group>

      <Balances customer={customer} locale={locale} />

      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="sm">
          {t('customers.detail.details')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
          <Field label={t('customers.fields.email')}>{customer.email}</Field>
          <Field label={t('customers.fields.phone')}>{customer.phone}</Field>
          <Field label={t('customers.fields.address')}>{addressText(customer)}</Field>
          <Field label={t('customers.fields.taxId')}>{customer.tax_id}</Field>
          <Field label={t('customers.fields.currency')}>{customer.currency ?? t('customers.detail.currencyDefault', { currency: me.organization.currency })}</Field>
          <Field label={t('customers.fields.language')}>{customer.language ? `${displayName('language', customer.language)} (${customer.language})` : null}</Field>
          <Field label={t('customers.fields.paymentTerms')}>
            {customer.payment_terms_days === null ? t('customers.detail.termsDefault') : t('customers.detail.termsDays', { count: customer.payment_terms_days })}
          </Field>
          <Field label={t('customers.fields.notes')}>{customer.notes}</Field>
        </SimpleGrid>
        <CustomFieldValues resource="customer" values={customer.custom_fields} mt="md" />
      </Paper>

      <PortalLinkCard customer={customer} />
      <UsageCard customerId={customer.id} />
      <PaymentMethodsCard customerId={customer.id} />

      <Invoices customerId={customer.id} locale={locale} canCreate={canEdit} />
      <Payments customerId={customer.id} locale={locale} />

      {canEdit ? (
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="xs">
            {t('customers.detail.deleteTitle')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {session.can('admin') ? t('customers.detail.deleteHelpAdmin') : t('customers.detail.deleteHelp')}
          </Text>
          {deleteError ? (
            <Alert color="red" role="alert" mb="sm" title={t('customers.detail.deleteFailedTitle')}>
              {deleteError}
            </Alert>
          ) : null}
          <Group gap="xs">
            <ConfirmButton
              label={t('customers.detail.delete')}
              color="red"
              variant="light"
              title={t('customers.detail.deleteConfirmTitle')}
              message={t('customers.detail.deleteConfirm', { name: customer.name })}
              confirmLabel={t('common.actions.delete')}
              onConfirm={remove}
            />
            {session.can('admin') && !customer.anonymized_at ? (
              <ConfirmButton
                label={t('customers.detail.anonymize')}
                color="red"
                variant="outline"
                title={t('customers.detail.anonymizeConfirmTitle')}
                message={t('customers.detail.anonymizeConfirm')}
                confirmLabel={t('customers.detail.anonymizeConfirmLabel')}
                typeToConfirm="ANONYMIZE"
                onConfirm={anonymize}
              />
            ) : null}
          </Group>
        </Paper>
      ) : null}

      <CustomerFormModal opened={editOpened} onClose={edit.close} customer={customer} />
    </Stack>
  );
}

/** Outstanding and credit per currency: one card per currency, the two figures stacked on phones. */
function Balances({ customer, locale }: { customer: Customer; locale: string }) {
  const { t } = useTranslation();
  if (customer.balances.length === 0)
    return (
      <Paper withBorder p="md">
        <Text size="sm" c="dimmed">
          {t('customers.detail.nothingOutstanding')}
        </Text>
      </Paper>
    );
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="md" aria-label={t('customers.detail.balances')} data-testid="customer-balances">
      {customer.balances.flatMap((b) => [
        <Paper key={`${b.currency}-o`} withBorder p="md" miw={0}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t('customers.detail.outstanding', { currency: b.currency })}
          </Text>
          <Text size="xl" fw={700} style={num}>
            {formatMoney(b.outstanding, b.currency, locale)}
          </Text>
        </Paper>,
        <Paper key={`${b.currency}-c`} withBorder p="md" miw={0}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t('customers.detail.credit', { currency: b.currency })}
          </Text>
          <Text size="xl" fw={700} style={num}>
            {formatMoney(b.credit, b.currency, locale)}
          </Text>
        </Paper>,
      ])}
    </SimpleGrid>
  );
}

function Section({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Paper withBorder p="md" miw={0}>
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Title order={3} size="h4">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

/** One row of a phone list: a title with its badge on the left, the amount on the right, details below. */
function PhoneRow({ title, badge, amount, details }: { title: ReactNode; badge?: ReactNode; amount: ReactNode; details: ReactNode }) {
  return (
    <Box py="xs" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
          {title}
          {badge}
        </Group>
        <Text size="sm" fw={600} style={num}>
          {amount}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {details}
      </Text>
    </Box>
  );
}

function listState(t: TFunction, state: { isPending: boolean; isError: boolean; error: unknown; empty: boolean }, what: 'invoices' | 'payments') {
  if (state.isPending) return <LoadingState label={what === 'invoices' ? t('customers.detail.loadingInvoices') : t('customers.detail.loadingPayments')} />;
  if (state.isError) return <ErrorState error={state.error} title={what === 'invoices' ? t('customers.detail.invoicesError') : t('customers.detail.paymentsError')} />;
  if (state.empty)
    return (
      <Text size="sm" c="dimmed">
        {what === 'invoices' ? t('customers.detail.noInvoices') : t('customers.detail.noPayments')}
      </Text>
    );
  return null;
}

function Invoices({ customerId, locale, canCreate }: { customerId: string; locale: string; canCreate: boolean }) {
  const { t } = useTranslation();
  const invoices = useQuery({
    queryKey: ['invoices', 'list', { customer_id: customerId }],
    queryFn: () => get<Page<InvoiceSummaryOut>>(`/invoices${query({ customer_id: customerId, limit: 100 })}`),
  });
  const rows = invoices.data?.data ?? [];
  const body = listState(t, { isPending: invoices.isPending, isError: invoices.isError, error: invoices.error, empty: rows.length === 0 }, 'invoices') ?? (
    <>
      <Table.ScrollContainer minWidth={620} visibleFrom="sm">
        <Table verticalSpacing="xs" highlightOnHover aria-label={t('customers.detail.invoices')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('customers.detail.number')}</Table.Th>
              <Table.Th>{t('customers.detail.status')}</Table.Th>
              <Table.Th>{t('customers.detail.issued')}</Table.Th>
              <Table.Th>{t('customers.detail.due')}</Table.Th>
              <Table.Th ta="right">{t('customers.detail.total')}</Table.Th>
              <Table.Th ta="right">{t('customers.detail.amountDue')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((invoice) => (
              <Table.Tr key={invoice.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/invoices/${invoice.id}`} size="sm">
                    {invoice.number ?? t('customers.detail.draft')}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={invoice.status} overdue={invoice.overdue} />
                </Table.Td>
                <Table.Td style={num}>{formatDate(invoice.issue_date, locale)}</Table.Td>
                <Table.Td style={num}>{formatDate(invoice.due_date, locale)}</Table.Td>
                <Table.Td ta="right" style={num}>
                  {formatMoney(invoice.total, invoice.currency, locale)}
                </Table.Td>
                <Table.Td ta="right" style={num}>
                  {formatMoney(invoice.amount_due, invoice.currency, locale)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Box hiddenFrom="sm" role="list" aria-label={t('customers.detail.invoices')}>
        {rows.map((invoice) => (
          <div role="listitem" key={invoice.id}>
            <PhoneRow
              title={
                <Anchor component={Link} to={`/invoices/${invoice.id}`} size="sm" fw={600}>
                  {invoice.number ?? t('customers.detail.draft')}
                </Anchor>
              }
              badge={<StatusBadge status={invoice.status} overdue={invoice.overdue} />}
              amount={formatMoney(invoice.total, invoice.currency, locale)}
              details={t('customers.detail.invoiceLine', {
                issued: formatDate(invoice.issue_date, locale),
                due: formatDate(invoice.due_date, locale),
                amountDue: formatMoney(invoice.amount_due, invoice.currency, locale),
              })}
            />
          </div>
        ))}
      </Box>
    </>
  );
  return (
    <Section
      title={t('customers.detail.invoices')}
      action={
        canCreate ? (
          <Group gap="xs">
            <Button component={Link} to={`/quotes/new?customer_id=${encodeURIComponent(customerId)}`} variant="subtle" size="xs">
              {t('common.palette.newQuote')}
            </Button>
            <Button component={Link} to={`/invoices/new?customer_id=${encodeURIComponent(customerId)}`} variant="light" size="xs">
              {t('customers.detail.newInvoice')}
            </Button>
          </Group>
        ) : undefined
      }
    >
      {body}
    </Section>
  );
}

function Payments({ customerId, locale }: { customerId: string; locale: string }) {
  const { t } = useTranslation();
  const payments = useQuery({
    queryKey: ['payments', 'list', { customer_id: customerId }],
    queryFn: () => get<Page<PaymentOut>>(`/payments${query({ customer_id: customerId, limit: 100 })}`),
  });
  const rows = payments.data?.data ?? [];
  const body = listState(t, { isPending: payments.isPending, isError: payments.isError, error: payments.error, empty: rows.length === 0 }, 'payments') ?? (
    <>
      <Table.ScrollContainer minWidth={560} visibleFrom="sm">
        <Table verticalSpacing="xs" aria-label={t('customers.detail.payments')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('customers.detail.date')}</Table.Th>
              <Table.Th>{t('customers.detail.invoice')}</Table.Th>
              <Table.Th>{t('customers.detail.method')}</Table.Th>
              <Table.Th>{t('customers.detail.reference')}</Table.Th>
              <Table.Th ta="right">{t('customers.detail.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((payment) => (
              <Table.Tr key={payment.id}>
                <Table.Td style={num}>{formatDate(payment.date, locale)}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/invoices/${payment.invoice_id}`} size="sm">
                    {payment.invoice_number ?? t('customers.detail.invoice')}
                  </Anchor>
                </Table.Td>
                <Table.Td>{methodLabel(payment.method)}</Table.Td>
                <Table.Td>{payment.reference ?? '—'}</Table.Td>
                <Table.Td ta="right" style={num}>
                  {formatMoney(payment.amount, payment.currency, locale)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Box hiddenFrom="sm" role="list" aria-label={t('customers.detail.payments')}>
        {rows.map((payment) => (
          <div role="listitem" key={payment.id}>
            <PhoneRow
              title={
                <Anchor component={Link} to={`/invoices/${payment.invoice_id}`} size="sm" fw={600}>
                  {payment.invoice_number ?? t('customers.detail.invoice')}
                </Anchor>
              }
              amount={formatMoney(payment.amount, payment.currency, locale)}
              details={[formatDate(payment.date, locale), methodLabel(payment.method), payment.reference].filter(Boolean).join(' · ')}
            />
          </div>
        ))}
      </Box>
    </>
  );
  return <Section title={t('customers.detail.payments')}>{body}</Section>;
}
