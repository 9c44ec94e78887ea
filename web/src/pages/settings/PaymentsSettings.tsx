/**
 * Settings → Payments (admins): connect the organization's Stripe account, so invoices get
 * "Pay now". Written to the gateway API contract:
 *   GET    /payment-gateways/stripe → {provider, connected, mode, secret_key, webhook_secret, account_id, webhook_url, connected_at}
 *   PUT    /payment-gateways/stripe {secret_key, webhook_secret} → the same; 422 problem naming the field
 *   DELETE /payment-gateways/stripe → 204
 * Secrets are only ever sent, never shown again: the API returns them masked.
 */
import { Alert, Badge, Button, Code, Group, List, Paper, PasswordInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, del, get } from '../../api/client.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { formatDateTime } from '../../components/format.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';

export interface StripeConnection {
  provider: 'stripe';
  connected: boolean;
  mode: 'test' | 'live' | null;
  secret_key: string | null;
  webhook_secret: string | null;
  account_id: string | null;
  webhook_url: string;
  connected_at: string | null;
}

/** The Stripe events the webhook endpoint must send. */
export const STRIPE_WEBHOOK_EVENTS = ['checkout.session.completed', 'checkout.session.async_payment_succeeded', 'payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.refunded'] as const;

const KEY = ['payment-gateways', 'stripe'];

export default function PaymentsSettings() {
  const connection = useQuery({ queryKey: KEY, queryFn: () => get<StripeConnection>('/payment-gateways/stripe'), retry: false });
  return (
    <Stack gap="md" maw={760}>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={3} size="h4">
            Online payments with Stripe
          </Title>
          <Text size="sm">
            Connect your Stripe account and every open invoice gets a <b>Pay now</b> button on the customer's invoice page and in the
            e-mails: the customer pays by card (or another method you enable in Stripe) on a checkout page hosted by Stripe, and the
            payment is recorded on the invoice automatically. Card data never reaches Settle: it stays with Stripe. Refunds of those
            payments made in Settle go back through Stripe.
          </Text>
        </Stack>
      </Paper>
      {connection.isPending ? <LoadingState label="Loading the Stripe connection" /> : null}
      {connection.isError ? (
        <ErrorState
          error={connection.error}
          title="Could not load the Stripe connection"
          message={`The payment settings could not be read (${connection.error.message}). Reload the page; if it persists, the server may not support online payments yet.`}
        />
      ) : null}
      {connection.data ? <Connection connection={connection.data} /> : null}
    </Stack>
  );
}

function Connection({ connection }: { connection: StripeConnection }) {
  return (
    <>
      {connection.connected ? <Connected connection={connection} /> : null}
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={3} size="h4">
            1. Add a webhook endpoint in Stripe
          </Title>
          <Text size="sm">
            In the Stripe Dashboard (Developers → Webhooks), add an endpoint with this URL, so Stripe tells Settle about payments:
          </Text>
          <Group gap="xs" wrap="nowrap" align="center">
            <Code style={{ wordBreak: 'break-all', flex: 1 }} aria-label="Webhook URL">
              {connection.webhook_url}
            </Code>
            <CopyButton value={connection.webhook_url} label="Copy" what="webhook URL" />
          </Group>
          <Text size="sm">Send these events:</Text>
          <List size="sm" spacing={2}>
            {STRIPE_WEBHOOK_EVENTS.map((event) => (
              <List.Item key={event}>
                <Code>{event}</Code>
              </List.Item>
            ))}
          </List>
        </Stack>
      </Paper>
      <ConnectForm connected={connection.connected} />
    </>
  );
}

function Connected({ connection }: { connection: StripeConnection }) {
  const queryClient = useQueryClient();
  const disconnect = async () => {
    try {
      await del('/payment-gateways/stripe');
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not disconnect', message: error instanceof Error ? error.message : 'Please try again.' });
      return;
    }
    await queryClient.invalidateQueries({ queryKey: KEY });
    notifications.show({ color: 'green', message: 'Stripe disconnected' });
  };
  const test = connection.mode === 'test';
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <Title order={3} size="h4">
              Stripe is connected
            </Title>
            <Badge color={test ? 'orange' : 'green'} size="lg" variant={test ? 'filled' : 'light'}>
              {test ? 'Test mode' : connection.mode === 'live' ? 'Live' : 'Connected'}
            </Badge>
          </Group>
          <ConfirmButton
            label="Disconnect"
            color="red"
            variant="outline"
            title="Disconnect Stripe?"
            message="Invoices lose their Pay now button and Stripe's notifications are no longer accepted. Payments already recorded stay."
            confirmLabel="Disconnect"
            onConfirm={disconnect}
          />
        </Group>
        {test ? (
          <Alert color="orange" title="Test mode">
            The keys are Stripe test keys: customers can only pay with test cards, and no real money moves.
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Fact label="Secret key">{connection.secret_key}</Fact>
          <Fact label="Webhook signing secret">{connection.webhook_secret}</Fact>
          <Fact label="Stripe account">{connection.account_id}</Fact>
          <Fact label="Connected">{connection.connected_at ? formatDateTime(connection.connected_at) : null}</Fact>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

function Fact({ label, children }: { label: string; children: string | null }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {children ?? '—'}
      </Text>
    </div>
  );
}

function ConnectForm({ connected }: { connected: boolean }) {
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { secret_key: '', webhook_secret: '' } });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api<StripeConnection>('PUT', '/payment-gateways/stripe', { secret_key: values.secret_key.trim(), webhook_secret: values.webhook_secret.trim() }),
    onSuccess: (saved) => {
      queryClient.setQueryData(KEY, saved);
      form.reset();
      notifications.show({ color: 'green', message: saved.mode === 'test' ? 'Stripe connected in test mode' : 'Stripe connected' });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  return (
    <Paper withBorder p="md">
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h4">
            2. {connected ? 'Replace the keys' : 'Connect'}
          </Title>
          <Text size="sm" c="dimmed">
            Paste your secret key (Developers → API keys; sk_test_… for test mode, sk_live_… or a restricted rk_… key for real payments)
            and the endpoint's signing secret (whsec_…). They are stored encrypted and never shown again.
          </Text>
          <PasswordInput label="Secret key" placeholder="sk_test_…" autoComplete="off" {...form.getInputProps('secret_key')} />
          <PasswordInput label="Webhook signing secret" placeholder="whsec_…" autoComplete="off" {...form.getInputProps('webhook_secret')} />
          {save.error && !(save.error instanceof ApiError && save.error.fieldErrors.length > 0) ? (
            <Text c="red" size="sm" role="alert">
              {save.error.message}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {connected ? 'Save new keys' : 'Connect Stripe'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

