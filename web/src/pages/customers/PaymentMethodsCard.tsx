/**
 * A customer's saved payment methods (GET /customers/{id}/payment-methods): brand, last four
 * digits, expiry, the default first; removing one (detached at Stripe) after a confirmation;
 * "Get a link to save a card" shows the hosted setup page's URL to send to the customer.
 * Accountants and above change things; everyone else reads.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Code, CopyButton, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { userLocale } from '../../i18n/locale.ts';
import { del, get, post } from '../../api/client.ts';
import type { PaymentMethodOut } from '../../../../src/modules/payment-gateways/saved-methods/payment-methods.schemas.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { formatDate } from '../../components/format.ts';
import { notifyError, notifySuccess } from './listing.tsx';

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };

function methodLabel(method: PaymentMethodOut, t: TFunction): string {
  const name = method.brand ?? method.type;
  const brand = name === 'sepa_debit' ? t('customers.paymentMethods.sepaDebit') : name === 'card' ? t('customers.paymentMethods.card') : (BRANDS[name] ?? name);
  return method.last4 === null ? brand : `${brand} •••• ${method.last4}`;
}

function expiry(method: PaymentMethodOut): string {
  if (method.exp_month === null || method.exp_year === null) return '—';
  return `${String(method.exp_month).padStart(2, '0')}/${method.exp_year}`;
}

export function PaymentMethodsCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const locale = userLocale();
  const canManage = session.can('accountant');
  const client = useQueryClient();
  const key = ['customers', 'payment-methods', customerId];
  const base = `/customers/${encodeURIComponent(customerId)}/payment-methods`;
  const methods = useQuery({ queryKey: key, queryFn: () => get<{ data: PaymentMethodOut[] }>(base) });
  const [link, setLink] = useState<{ url: string; expires_at: string } | null>(null);
  const makeLink = useMutation({
    mutationFn: () => post<{ url: string; expires_at: string }>(`${base}/setup-link`, {}),
    onSuccess: setLink,
    onError: (error) => notifyError(error, t('customers.paymentMethods.linkFailed')),
  });
  const refresh = () => client.invalidateQueries({ queryKey: key });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="payment-methods-title">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={3} size="h4" id="payment-methods-title">
          {t('customers.paymentMethods.title')}
        </Title>
        {canManage ? (
          <Button size="xs" variant="light" loading={makeLink.isPending} onClick={() => makeLink.mutate()}>
            {t('customers.paymentMethods.getLink')}
          </Button>
        ) : null}
      </Group>
      {link ? (
        <Alert color="blue" mb="sm" title={t('customers.paymentMethods.sendLink')} withCloseButton onClose={() => setLink(null)}>
          <Stack gap="xs">
            <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
              {link.url}
            </Code>
            <Group gap="xs" wrap="wrap">
              <CopyButton value={link.url}>{({ copied, copy }) => <Button size="xs" onClick={copy}>{copied ? t('customers.paymentMethods.copied') : t('customers.paymentMethods.copyLink')}</Button>}</CopyButton>
              <Text size="xs" c="dimmed">
                {t('customers.paymentMethods.linkHelp', { date: formatDate(link.expires_at.slice(0, 10), locale) })}
              </Text>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      {methods.isError ? (
        <Text size="sm" c="red">
          {t('customers.paymentMethods.loadError')}
        </Text>
      ) : methods.data === undefined ? (
        <Text size="sm" c="dimmed">
          {t('common.states.loading')}
        </Text>
      ) : methods.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('customers.paymentMethods.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={0}>
          <Table verticalSpacing="xs" aria-label={t('customers.paymentMethods.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customers.paymentMethods.method')}</Table.Th>
                <Table.Th visibleFrom="xs">{t('customers.paymentMethods.expires')}</Table.Th>
                <Table.Th visibleFrom="xs">{t('customers.paymentMethods.saved')}</Table.Th>
                {canManage ? <Table.Th aria-label={t('customers.paymentMethods.actions')} /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {methods.data.data.map((method) => (
                <Table.Tr key={method.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="wrap">
                      <Text size="sm">{methodLabel(method, t)}</Text>
                      {method.is_default ? (
                        <Badge size="xs" variant="light">
                          {t('customers.paymentMethods.default')}
                        </Badge>
                      ) : null}
                    </Group>
                    <Text size="xs" c="dimmed" hiddenFrom="xs">
                      {t('customers.paymentMethods.expiresShort', { date: expiry(method) })}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="xs">{expiry(method)}</Table.Td>
                  <Table.Td visibleFrom="xs">{formatDate(method.created_at.slice(0, 10), locale)}</Table.Td>
                  {canManage ? (
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="wrap">
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
                            {t('customers.paymentMethods.makeDefault')}
                          </Button>
                        )}
                        <ConfirmButton
                          size="xs"
                          variant="subtle"
                          color="red"
                          label={t('common.actions.remove')}
                          title={t('customers.paymentMethods.removeTitle')}
                          message={t('customers.paymentMethods.removeConfirm', { method: methodLabel(method, t) })}
                          confirmLabel={t('common.actions.remove')}
                          onConfirm={async () => {
                            try {
                              await del(`${base}/${encodeURIComponent(method.id)}`);
                              notifySuccess(t('customers.paymentMethods.removed'));
                              await refresh();
                            } catch (error) {
                              notifyError(error, t('customers.paymentMethods.removeFailed'));
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
