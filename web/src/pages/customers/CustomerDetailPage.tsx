/**
 * One customer: contact and billing details, balances, invoices and payments, and the
 * actions on it (edit, archive, delete, GDPR anonymize) for the roles that may use them.
 */
import { methodLabel } from '../payments/labels.ts';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
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

function addressText(customer: Customer): string | null {
  const a = customer.address;
  if (!a) return null;
  const cityLine = [a.postal_code, a.city].filter(Boolean).join(' ');
  const lines = [a.line1, a.line2, cityLine, a.region, a.country].filter((l) => l !== null && l !== '');
  return lines.length ? lines.join('\n') : null;
}

export default function CustomerDetailPage() {
  const { id = '' } = useParams();
  const customer = useQuery({ queryKey: ['customers', 'one', id], queryFn: () => get<Customer>(`/customers/${id}`) });
  if (customer.isPending) return <LoadingState label="Loading customer" />;
  if (customer.isError)
    return (
      <Stack>
        <BackLink />
        <ErrorState error={customer.error} title="Could not load the customer" />
      </Stack>
    );
  return <CustomerDetail customer={customer.data} />;
}

function BackLink() {
  return (
    <Anchor component={Link} to="/customers" size="sm">
      ← Customers
    </Anchor>
  );
}

function CustomerDetail({ customer }: { customer: Customer }) {
  const session = useSession();
  const { me } = session;
  const locale = me.organization.locale;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editOpened, edit] = useDisclosure(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const archive = useMutation({
    mutationFn: (archived: boolean) => patch<Customer>(`/customers/${customer.id}`, { archived }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      notifySuccess(saved.archived ? `Archived ${saved.name}` : `Restored ${saved.name}`);
    },
    onError: (error) => notifyError(error),
  });

  const remove = async () => {
    setDeleteError(null);
    try {
      await del(`/customers/${customer.id}`);
    } catch (error) {
      // Shown in the page, next to the button (e.g. the 409 for customers with finalized invoices).
      setDeleteError(error instanceof Error ? error.message : 'The customer could not be deleted.');
      return;
    }
    queryClient.removeQueries({ queryKey: ['customers', 'one', customer.id] });
    await queryClient.invalidateQueries({ queryKey: ['customers', 'list'] });
    notifySuccess(`Deleted ${customer.name}`);
    void navigate('/customers');
  };

  const anonymize = async () => {
    try {
      await post<Customer>(`/customers/${customer.id}/anonymize`);
    } catch (error) {
      notifyError(error, 'Could not anonymize the customer');
      return;
    }
    await queryClient.invalidateQueries({ queryKey: ['customers'] });
    notifySuccess('Personal data erased');
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
              Archived
            </Badge>
          ) : null}
          {customer.anonymized_at ? (
            <Badge color="grape" variant="light">
              Anonymized
            </Badge>
          ) : null}
        </Group>
        {canEdit || session.can('accountant') ? (
          <Group gap="xs">
            {session.can('accountant') ? <ReceivePaymentButton customer={customer} defaultCurrency={me.organization.currency} /> : null}
            {canEdit ? <Button onClick={edit.open}>Edit</Button> : null}
            {canEdit ? (
              <Button variant="default" loading={archive.isPending} onClick={() => archive.mutate(!customer.archived)}>
                {customer.archived ? 'Unarchive' : 'Archive'}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Group>

      <Balances customer={customer} locale={locale} />

      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="sm">
          Details
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
          <Field label="E-mail">{customer.email}</Field>
          <Field label="Phone">{customer.phone}</Field>
          <Field label="Address">{addressText(customer)}</Field>
          <Field label="Tax ID">{customer.tax_id}</Field>
          <Field label="Currency">{customer.currency ?? `${me.organization.currency} (organization default)`}</Field>
          <Field label="Language">{customer.language}</Field>
          <Field label="Payment terms">{customer.payment_terms_days === null ? 'Organization default' : `${customer.payment_terms_days} days`}</Field>
          <Field label="Notes">{customer.notes}</Field>
        </SimpleGrid>
      </Paper>

      <PortalLinkCard customer={customer} />
      <UsageCard customerId={customer.id} />
      <PaymentMethodsCard customerId={customer.id} />

      <Invoices customerId={customer.id} locale={locale} canCreate={canEdit} />
      <Payments customerId={customer.id} locale={locale} />

      {canEdit ? (
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="xs">
            Delete or erase
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            A customer with finalized invoices cannot be deleted: archive it instead
            {session.can('admin') ? ', or erase its personal data (GDPR) while keeping the invoices' : ''}.
          </Text>
          {deleteError ? (
            <Alert color="red" role="alert" mb="sm" title="Could not delete the customer">
              {deleteError}
            </Alert>
          ) : null}
          <Group gap="xs">
            <ConfirmButton
              label="Delete customer"
              color="red"
              variant="light"
              title="Delete this customer?"
              message={`${customer.name} and its draft invoices will be deleted for good.`}
              confirmLabel="Delete"
              onConfirm={remove}
            />
            {session.can('admin') && !customer.anonymized_at ? (
              <ConfirmButton
                label="Anonymize (GDPR)"
                color="red"
                variant="outline"
                title="Erase this customer's personal data?"
                message="Name, contact details, address, tax ID and notes are scrubbed for good. Invoices stay, as the law requires. This cannot be undone."
                confirmLabel="Anonymize"
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

function Balances({ customer, locale }: { customer: Customer; locale: string }) {
  if (customer.balances.length === 0)
    return (
      <Paper withBorder p="md">
        <Text size="sm" c="dimmed">
          Nothing outstanding and no credit.
        </Text>
      </Paper>
    );
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
      {customer.balances.flatMap((b) => [
        <Paper key={`${b.currency}-o`} withBorder p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Outstanding ({b.currency})
          </Text>
          <Text size="xl" fw={700} style={num}>
            {formatMoney(b.outstanding, b.currency, locale)}
          </Text>
        </Paper>,
        <Paper key={`${b.currency}-c`} withBorder p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Credit ({b.currency})
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
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

function Invoices({ customerId, locale, canCreate }: { customerId: string; locale: string; canCreate: boolean }) {
  const invoices = useQuery({
    queryKey: ['invoices', 'list', { customer_id: customerId }],
    queryFn: () => get<Page<InvoiceSummaryOut>>(`/invoices${query({ customer_id: customerId, limit: 100 })}`),
  });
  let body;
  if (invoices.isPending) body = <LoadingState label="Loading invoices" />;
  else if (invoices.isError) body = <ErrorState error={invoices.error} title="Could not load invoices" />;
  else if (invoices.data.data.length === 0)
    body = (
      <Text size="sm" c="dimmed">
        No invoices yet.
      </Text>
    );
  else
    body = (
      <Table.ScrollContainer minWidth={620}>
        <Table verticalSpacing="xs" highlightOnHover aria-label="Invoices">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Issued</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th ta="right">Amount due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invoices.data.data.map((invoice) => (
              <Table.Tr key={invoice.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/invoices/${invoice.id}`} size="sm">
                    {invoice.number ?? 'Draft'}
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
    );
  return (
    <Section
      title="Invoices"
      action={
        canCreate ? (
          <Button component={Link} to={`/invoices/new?customer_id=${encodeURIComponent(customerId)}`} variant="light" size="xs">
            New invoice
          </Button>
        ) : undefined
      }
    >
      {body}
    </Section>
  );
}

function Payments({ customerId, locale }: { customerId: string; locale: string }) {
  const payments = useQuery({
    queryKey: ['payments', 'list', { customer_id: customerId }],
    queryFn: () => get<Page<PaymentOut>>(`/payments${query({ customer_id: customerId, limit: 100 })}`),
  });
  let body;
  if (payments.isPending) body = <LoadingState label="Loading payments" />;
  else if (payments.isError) body = <ErrorState error={payments.error} title="Could not load payments" />;
  else if (payments.data.data.length === 0)
    body = (
      <Text size="sm" c="dimmed">
        No payments yet.
      </Text>
    );
  else
    body = (
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs" aria-label="Payments">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Invoice</Table.Th>
              <Table.Th>Method</Table.Th>
              <Table.Th>Reference</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {payments.data.data.map((payment) => (
              <Table.Tr key={payment.id}>
                <Table.Td style={num}>{formatDate(payment.date, locale)}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/invoices/${payment.invoice_id}`} size="sm">
                    {payment.invoice_number ?? 'Invoice'}
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
    );
  return <Section title="Payments">{body}</Section>;
}

