/**
 * The customer's portal: a private page where the customer sees all its invoices, credit
 * notes, payments and a statement without an account. Create it (its address is shown
 * once, to copy), send it by e-mail (the live link: earlier e-mails keep working), revoke it
 * (with confirmation). Making a new link retires the previous one.
 */
import { useState } from 'react';
import { Button, CopyButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, post } from '../../api/client.ts';
import type { PortalLinkOut, PortalLinkSentOut, PortalLinkStateOut } from '../../../../src/modules/portal/portal.schemas.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { formatDate } from '../../components/format.ts';
import { notifyError, notifySuccess } from './listing.tsx';

export function PortalLinkCard({ customer }: { customer: { id: string; email: string | null; anonymized_at: string | null } }) {
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
      notifySuccess(`Portal link queued for ${sent.to}`);
    } catch (error) {
      notifyError(error);
    }
  };
  const revoke = async () => {
    await del(`/customers/${customer.id}/portal-link`);
    setShown(null);
    queryClient.setQueryData(key, null);
    notifySuccess('Portal link revoked');
  };

  if (customer.anonymized_at !== null) return null;
  const link = live.data ?? null;
  return (
    <Paper withBorder p="md" component="section" aria-label="Portal link">
      <Stack gap="xs">
        <Title order={3} size="h5">
          Portal link
        </Title>
        <Text size="xs" c="dimmed">
          A private page where this customer sees all its invoices, credit notes, payments and a statement, without an account. Anyone with the link can open it.
        </Text>
        {shown?.url ? (
          <>
            <TextInput value={shown.url} readOnly aria-label="Portal link URL" size="xs" onFocus={(e) => e.currentTarget.select()} />
            <Text size="xs" c="dimmed">
              Copy it now: for your customer&apos;s privacy the address is shown only once.
            </Text>
            <Group gap={6}>
              <CopyButton value={shown.url} timeout={2000}>
                {({ copied, copy }) => (
                  <Button size="xs" variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
              <Button component="a" href={shown.url} target="_blank" rel="noopener noreferrer" size="xs" variant="default">
                Open ↗
              </Button>
            </Group>
          </>
        ) : link ? (
          <Text size="sm" data-testid="portal-link-live">
            A portal link is live (created {formatDate(link.created_at.slice(0, 10))}).
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            No portal link yet.
          </Text>
        )}
        {canChange ? (
          <Group gap="xs">
            {link ? (
              <ConfirmButton
                label="Create a new link"
                size="xs"
                variant="light"
                title="Replace the portal link?"
                message="The current link stops working at once, also in e-mails already sent. The new link's address is shown once, here."
                confirmLabel="Create new link"
                onConfirm={() => create.mutateAsync().then(() => undefined)}
              />
            ) : (
              <Button size="xs" variant="light" loading={create.isPending} onClick={() => create.mutate()}>
                Create portal link
              </Button>
            )}
            <ConfirmButton
              label="Send by e-mail"
              size="xs"
              variant="default"
              title="E-mail a portal link?"
              message={`The customer's portal link goes to ${customer.email ?? 'the customer (no e-mail address on file)'}; links in earlier e-mails keep working.`}
              confirmLabel="Send"
              onConfirm={send}
            />
            {link ? (
              <ConfirmButton
                label="Revoke"
                size="xs"
                variant="subtle"
                color="red"
                title="Revoke the portal link?"
                message="The link stops working at once for anyone who has it. You can create a new one afterwards; it will have a different address."
                confirmLabel="Revoke link"
                onConfirm={revoke}
              />
            ) : null}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
