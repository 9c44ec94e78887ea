/**
 * A customer's saved payment methods (GET /customers/{id}/payment-methods): brand, last four
 * digits, expiry, the default first; removing one (detached at Stripe) after a confirmation;
 * "Get a link to save a card" shows the hosted setup page's URL to send to the customer.
 * Accountants and above change things; everyone else reads.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Code, CopyButton, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, post } from '../../api/client.ts';
import type { PaymentMethodOut } from '../../../../src/modules/payment-gateways/saved-methods/payment-methods.schemas.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { formatDate } from '../../components/format.ts';
import { notifyError, notifySuccess } from './listing.tsx';

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', sepa_debit: 'SEPA Direct Debit' };

function methodLabel(method: PaymentMethodOut): string {
  const brand = method.brand === null ? method.type : (BRANDS[method.brand] ?? method.brand);
  return method.last4 === null ? brand : `${brand} •••• ${method.last4}`;
}

function expiry(method: PaymentMethodOut): string {
  if (method.exp_month === null || method.exp_year === null) return '—';
  return `${String(method.exp_month).padStart(2, '0')}/${method.exp_year}`;
}

export function PaymentMethodsCard({ customerId }: { customerId: string }) {
  const session = useSession();
  const locale = session.me.organization.locale;
  const canManage = session.can('accountant');
  const client = useQueryClient();
  const key = ['customers', 'payment-methods', customerId];
  const base = `/customers/${encodeURIComponent(customerId)}/payment-methods`;
  const methods = useQuery({ queryKey: key, queryFn: () => get<{ data: PaymentMethodOut[] }>(base) });
  const [link, setLink] = useState<{ url: string; expires_at: string } | null>(null);
  const makeLink = useMutation({
    mutationFn: () => post<{ url: string; expires_at: string }>(`${base}/setup-link`, {}),
    onSuccess: setLink,
    onError: (error) => notifyError(error, 'Could not make a link'),
  });
  const refresh = () => client.invalidateQueries({ queryKey: key });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="payment-methods-title">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={3} size="h4" id="payment-methods-title">
          Payment methods
        </Title>
        {canManage ? (
          <Button size="xs" variant="light" loading={makeLink.isPending} onClick={() => makeLink.mutate()}>
            Get a link to save a card
          </Button>
        ) : null}
      </Group>
      {link ? (
        <Alert color="blue" mb="sm" title="Send this link to the customer" withCloseButton onClose={() => setLink(null)}>
          <Stack gap="xs">
            <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
              {link.url}
            </Code>
            <Group gap="xs" wrap="wrap">
              <CopyButton value={link.url}>{({ copied, copy }) => <Button size="xs" onClick={copy}>{copied ? 'Copied' : 'Copy link'}</Button>}</CopyButton>
              <Text size="xs" c="dimmed">
                The customer enters the card on Stripe’s page (card numbers never reach Settle). Valid until {formatDate(link.expires_at.slice(0, 10), locale)}.
              </Text>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {methods.isError ? (
        <Text size="sm" c="red">
          Could not load the saved payment methods.
        </Text>
      ) : methods.data === undefined ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : methods.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No saved card or SEPA mandate. Recurring invoices that charge automatically need one.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Method</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Saved</Table.Th>
                {canManage ? <Table.Th aria-label="Actions" /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {methods.data.data.map((method) => (
                <Table.Tr key={method.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm">{methodLabel(method)}</Text>
                      {method.is_default ? (
                        <Badge size="xs" variant="light">
                          Default
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>{expiry(method)}</Table.Td>
                  <Table.Td>{formatDate(method.created_at.slice(0, 10), locale)}</Table.Td>
                  {canManage ? (
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        {method.is_default ? null : (
                          <Button
                            size="xs"
                            variant="subtle"
                            onClick={() =>
                              void post(`${base}/${encodeURIComponent(method.id)}/default`)
                                .then(refresh)
                                .catch((error: unknown) => notifyError(error))
                            }
                          >
                            Make default
                          </Button>
                        )}
                        <ConfirmButton
                          size="xs"
                          variant="subtle"
                          color="red"
                          label="Remove"
                          title="Remove this payment method?"
                          message={`${methodLabel(method)} is detached at Stripe and can no longer be charged. Recurring invoices that charge automatically use another saved method, or fail until the customer saves one.`}
                          confirmLabel="Remove"
                          onConfirm={async () => {
                            try {
                              await del(`${base}/${encodeURIComponent(method.id)}`);
                              notifySuccess('Payment method removed');
                              await refresh();
                            } catch (error) {
                              notifyError(error, 'Could not remove it');
                            }
                          }}
                        />
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
