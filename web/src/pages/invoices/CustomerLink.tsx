/**
 * The invoice's customer link: a private page where the customer sees the invoice and
 * downloads its PDF without an account. Create it, copy or open it, replace it, revoke it
 * (the URL then stops working for good, also in e-mails already sent; a new link gets a
 * new URL).
 *
 * The live link is the one every e-mail about the invoice carries, and the card shows its
 * URL. Only a link made before Settle kept link addresses (or after the secret key changed)
 * has no URL to show: the card says it is live and offers a new one.
 */
import { Button, CopyButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../api/client.ts';
import type { InvoiceLinkListOut, InvoiceLinkOut } from '../../../../src/modules/invoice-links/invoice-links.schemas.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { formatDate } from '../../components/format.ts';
import type { Invoice } from './invoiceApi.ts';

type LiveLink = InvoiceLinkOut;

/**
 * The live link (its URL null only when it cannot be shown), or null when the invoice has
 * none. Read from the history, which answers 200 either way (GET …/link would answer 404
 * for "none", which the browser logs as an error).
 */
function useCustomerLink(invoiceId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['invoice-link', invoiceId],
    enabled,
    queryFn: async (): Promise<LiveLink | null> => {
      const links = await get<InvoiceLinkListOut>(`/invoices/${invoiceId}/links`);
      const live = links.data.find((link) => link.revoked_at === null);
      return live ? { id: live.id, url: live.url, created_at: live.created_at } : null;
    },
  });
}

export function CustomerLink({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const session = useSession();
  const canChange = session.can('sales');
  const finalized = invoice.status !== 'draft';
  const queryClient = useQueryClient();
  const link = useCustomerLink(invoice.id, finalized);
  const key = ['invoice-link', invoice.id];

  const create = useMutation({
    mutationFn: (replace: boolean) => post<InvoiceLinkOut>(`/invoices/${invoice.id}/link`, replace ? { replace: true } : undefined),
    onSuccess: (created) => queryClient.setQueryData(key, created),
    onError: (error) => notifications.show({ color: 'red', message: error.message }),
  });
  const replace = async () => {
    await create.mutateAsync(true);
    notifications.show({ message: t('invoice.link.replaced'), color: 'green' });
  };
  const revoke = async () => {
    await del(`/invoices/${invoice.id}/link`);
    queryClient.setQueryData(key, null);
    notifications.show({ message: t('invoice.link.revoked'), color: 'green' });
  };

  if (!finalized) return null;
  const revokeButton = canChange ? (
    <ConfirmButton
      label={t('invoice.link.revoke')}
      size="xs"
      variant="subtle"
      color="red"
      title={t('invoice.link.revokeTitle')}
      message={t('invoice.link.revokeMessage')}
      confirmLabel={t('invoice.link.revokeConfirm')}
      onConfirm={revoke}
    />
  ) : null;
  const replaceButton = canChange ? (
    <ConfirmButton
      label={t('invoice.link.replace')}
      size="xs"
      variant="light"
      title={t('invoice.link.replaceTitle')}
      message={t('invoice.link.replaceMessage')}
      confirmLabel={t('invoice.link.replaceConfirm')}
      onConfirm={replace}
    />
  ) : null;
  const url = link.data?.url ?? null;
  return (
    <Paper withBorder p="sm" aria-label={t('invoice.link.title')} component="section">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('invoice.link.title')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('invoice.link.explained')}
        </Text>
        {link.isError ? (
          <Text size="sm" c="red">
            {link.error.message}
          </Text>
        ) : null}
        {link.data && url !== null ? (
          <>
            <TextInput value={url} readOnly aria-label={t('invoice.link.url')} size="xs" onFocus={(e) => e.currentTarget.select()} />
            <Text size="xs" c="dimmed">
              {t('invoice.link.sameInEmails')}
            </Text>
            <Group justify="space-between" gap="xs">
              <Group gap={6}>
                <CopyButton value={url} timeout={2000}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy}>
                      {copied ? t('invoice.link.copied') : t('invoice.link.copy')}
                    </Button>
                  )}
                </CopyButton>
                <Button component="a" href={url} target="_blank" rel="noopener noreferrer" size="xs" variant="default" aria-label={t('invoice.link.openLabel')}>
                  {t('invoice.link.open')} ↗
                </Button>
              </Group>
              <Group gap={6}>
                {replaceButton}
                {revokeButton}
              </Group>
            </Group>
            <Text size="xs" c="dimmed">
              {t('invoice.link.created', { date: formatDate(link.data.created_at.slice(0, 10)) })}
            </Text>
          </>
        ) : null}
        {link.data && url === null ? (
          <>
            <Text size="sm" data-testid="customer-link-live">
              {t('invoice.link.liveWithoutUrl', { date: formatDate(link.data.created_at.slice(0, 10)) })}
            </Text>
            {canChange ? (
              <Group justify="space-between" gap="xs">
                {replaceButton}
                {revokeButton}
              </Group>
            ) : null}
          </>
        ) : null}
        {link.data === null ? (
          canChange ? (
            <Group>
              <Button size="xs" variant="light" loading={create.isPending} onClick={() => create.mutate(false)}>
                {t('invoice.link.create')}
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('invoice.link.none')}
            </Text>
          )
        ) : null}
      </Stack>
    </Paper>
  );
}
