/**
 * The invoice's customer link: a private page where the customer sees the invoice and
 * downloads its PDF without an account. Create it, copy or open it, revoke it (the URL
 * then stops working for good; a new link gets a new URL).
 */
import { Button, CopyButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, post } from '../../api/client.ts';
import type { InvoiceLinkListOut, InvoiceLinkOut } from '../../../../src/modules/invoice-links/invoice-links.schemas.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { formatDate } from '../../components/format.ts';
import type { Invoice } from './invoiceApi.ts';

/** The live link, or null when the invoice has none. */
function useCustomerLink(invoiceId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['invoice-link', invoiceId],
    enabled,
    queryFn: async () => {
      const links = await get<InvoiceLinkListOut>(`/invoices/${invoiceId}/links`);
      return links.data.find((link) => link.revoked_at === null) ?? null;
    },
  });
}

export function CustomerLink({ invoice }: { invoice: Invoice }) {
  const session = useSession();
  const canChange = session.can('sales');
  const finalized = invoice.status !== 'draft';
  const queryClient = useQueryClient();
  const link = useCustomerLink(invoice.id, finalized);
  const key = ['invoice-link', invoice.id];

  const create = useMutation({
    mutationFn: () => post<InvoiceLinkOut>(`/invoices/${invoice.id}/link`),
    onSuccess: (created) => queryClient.setQueryData(key, created),
    onError: (error) => notifications.show({ color: 'red', message: error.message }),
  });
  const revoke = async () => {
    await del(`/invoices/${invoice.id}/link`);
    queryClient.setQueryData(key, null);
    notifications.show({ message: 'Customer link revoked', color: 'green' });
  };

  if (!finalized) return null;
  return (
    <Paper withBorder p="sm" aria-label="Customer link" component="section">
      <Stack gap="xs">
        <Title order={3} size="h5">
          Customer link
        </Title>
        <Text size="xs" c="dimmed">
          A private page where your customer sees this invoice and downloads the PDF, without an account. Anyone with the link can open it.
        </Text>
        {link.isError ? (
          <Text size="sm" c="red">
            {link.error.message}
          </Text>
        ) : null}
        {link.data ? (
          <>
            <TextInput value={link.data.url} readOnly aria-label="Customer link URL" size="xs" onFocus={(e) => e.currentTarget.select()} />
            <Group justify="space-between" gap="xs">
              <Group gap={6}>
                <CopyButton value={link.data.url} timeout={2000}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy}>
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
                <Button component="a" href={link.data.url} target="_blank" rel="noopener noreferrer" size="xs" variant="default" aria-label="Open customer link">
                  Open ↗
                </Button>
              </Group>
              {canChange ? (
                <ConfirmButton
                  label="Revoke"
                  size="xs"
                  variant="subtle"
                  color="red"
                  title="Revoke the customer link?"
                  message="The link stops working at once for anyone who has it. You can create a new link afterwards; it will have a different address."
                  confirmLabel="Revoke link"
                  onConfirm={revoke}
                />
              ) : null}
            </Group>
            <Text size="xs" c="dimmed">
              Created {formatDate(link.data.created_at.slice(0, 10))}
            </Text>
          </>
        ) : null}
        {link.data === null ? (
          canChange ? (
            <Group>
              <Button size="xs" variant="light" loading={create.isPending} onClick={() => create.mutate()}>
                Create customer link
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              No customer link yet.
            </Text>
          )
        ) : null}
      </Stack>
    </Paper>
  );
}
