/**
 * The customer's portal: a private page where the customer sees all its invoices, credit
 * notes, payments and a statement without an account. Create it (its address is shown
 * once, to copy), send it by e-mail (the live link: earlier e-mails keep working), revoke it
 * (with confirmation). Making a new link retires the previous one.
 */
import { useState } from 'react';
import { Button, CopyButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../api/client.ts';
import type { PortalLinkOut, PortalLinkSentOut, PortalLinkStateOut } from '../../../../src/modules/portal/portal.schemas.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { formatDate } from '../../components/format.ts';
import { notifyError, notifySuccess } from './listing.tsx';

export function PortalLinkCard({ customer }: { customer: { id: string; email: string | null; anonymized_at: string | null } }) {
  const { t } = useTranslation();
  const session = useSession();
  const canChange = session.can('accountant');
  const queryClient = useQueryClient();
  const key = ['portal-link', customer.id];
  const [shown, setShown] = useState<PortalLinkOut | null>(null);
  const live = useQuery({
    queryKey: key,
    enabled: customer.anonymized_at === null,
    queryFn: async (): Promise<PortalLinkOut | null> => {
      const state = await get<PortalLinkStateOut>(`/customers/${customer.id}/portal-link`);
      return state.active && state.id !== null && state.created_at !== null
        ? { id: state.id, customer_id: state.customer_id, url: null, created_at: state.created_at }
        : null;
    },
  });
  const create = useMutation({
    mutationFn: () => post<PortalLinkOut>(`/customers/${customer.id}/portal-link`),
    onSuccess: (link) => {
      setShown(link);
      queryClient.setQueryData(key, { ...link, url: null });
    },
    onError: notifyError,
  });
  const send = async () => {
    try {
      const sent = await post<PortalLinkSentOut>(`/customers/${customer.id}/portal-link/send`, {});
      setShown(null);
      queryClient.setQueryData(key, { id: sent.id, customer_id: customer.id, url: null, created_at: sent.created_at });
      notifySuccess(t('customers.portal.queued', { to: sent.to }));
    } catch (error) {
      notifyError(error);
    }
  };
  const revoke = async () => {
    await del(`/customers/${customer.id}/portal-link`);
    setShown(null);
    queryClient.setQueryData(key, null);
    notifySuccess(t('customers.portal.revoked'));
  };

  if (customer.anonymized_at !== null) return null;
  const link = live.data ?? null;
  return (
    <Paper withBorder p="md" component="section" aria-label={t('customers.portal.title')}>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('customers.portal.title')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('customers.portal.help')}
        </Text>
        {shown?.url ? (
          <>
            <TextInput value={shown.url} readOnly aria-label={t('customers.portal.url')} size="xs" onFocus={(e) => e.currentTarget.select()} />
            <Text size="xs" c="dimmed">
              {t('customers.portal.copyNow')}
            </Text>
            <Group gap={6}>
              <CopyButton value={shown.url} timeout={2000}>
                {({ copied, copy }) => (
                  <Button size="xs" variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy}>
                    {copied ? t('customers.portal.copied') : t('customers.portal.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button component="a" href={shown.url} target="_blank" rel="noopener noreferrer" size="xs" variant="default">
                {t('customers.portal.open')}
              </Button>
            </Group>
          </>
        ) : link ? (
          <Text size="sm" data-testid="portal-link-live">
            {t('customers.portal.live', { date: formatDate(link.created_at.slice(0, 10)) })}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t('customers.portal.none')}
          </Text>
        )}
        {canChange ? (
          <Group gap="xs">
            {link ? (
              <ConfirmButton
                label={t('customers.portal.newLink')}
                size="xs"
                variant="light"
                title={t('customers.portal.replaceTitle')}
                message={t('customers.portal.replaceConfirm')}
                confirmLabel={t('customers.portal.replaceLabel')}
                onConfirm={() => create.mutateAsync().then(() => undefined)}
              />
            ) : (
              <Button size="xs" variant="light" loading={create.isPending} onClick={() => create.mutate()}>
                {t('customers.portal.create')}
              </Button>
            )}
            <ConfirmButton
              label={t('customers.portal.send')}
              size="xs"
              variant="default"
              title={t('customers.portal.sendTitle')}
              message={customer.email ? t('customers.portal.sendConfirm', { email: customer.email }) : t('customers.portal.sendConfirmNoEmail')}
              confirmLabel={t('customers.portal.sendLabel')}
              onConfirm={send}
            />
            {link ? (
              <ConfirmButton
                label={t('customers.portal.revoke')}
                size="xs"
                variant="subtle"
                color="red"
                title={t('customers.portal.revokeTitle')}
                message={t('customers.portal.revokeConfirm')}
                confirmLabel={t('customers.portal.revokeLabel')}
                onConfirm={revoke}
              />
            ) : null}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
