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
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const connection = useQuery({ queryKey: KEY, queryFn: () => get<StripeConnection>('/payment-gateways/stripe'), retry: false });
  return (
    <Stack gap="md" maw={760}>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('paymentSettings.title')}
          </Title>
          <Text size="sm">
            {t('paymentSettings.introStart')} <b>{t('paymentSettings.payNow')}</b> {t('paymentSettings.introEnd')}
          </Text>
        </Stack>
      </Paper>
      {connection.isPending ? <LoadingState label={t('paymentSettings.loading')} /> : null}
      {connection.isError ? (
        <ErrorState
          error={connection.error}
          title={t('paymentSettings.loadFailedTitle')}
          message={t('paymentSettings.loadFailed', { error: connection.error.message })}
        />
      ) : null}
      {connection.data ? <Connection connection={connection.data} /> : null}
    </Stack>
  );
}

function Connection({ connection }: { connection: StripeConnection }) {
  const { t } = useTranslation();
  return (
    <>
      {connection.connected ? <Connected connection={connection} /> : null}
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('paymentSettings.webhookTitle')}
          </Title>
          <Text size="sm">
            {t('paymentSettings.webhookHelp')}
          </Text>
          <Group gap="xs" wrap="nowrap" align="center">
            <Code style={{ wordBreak: 'break-all', flex: 1 }} aria-label={t('paymentSettings.webhookUrl')}>
              {connection.webhook_url}
            </Code>
            <CopyButton value={connection.webhook_url} label={t('paymentSettings.copy')} what={t('paymentSettings.copyWhat')} />
          </Group>
          <Text size="sm">{t('paymentSettings.events')}</Text>
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
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const disconnect = async () => {
    try {
      await del('/payment-gateways/stripe');
    } catch (error) {
      notifications.show({ color: 'red', title: t('paymentSettings.disconnectFailed'), message: error instanceof Error ? error.message : t('paymentSettings.tryAgain') });
      return;
    }
    await queryClient.invalidateQueries({ queryKey: KEY });
    notifications.show({ color: 'green', message: t('paymentSettings.disconnected') });
  };
  const test = connection.mode === 'test';
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <Title order={3} size="h4">
              {t('paymentSettings.connectedTitle')}
            </Title>
            <Badge color={test ? 'orange' : 'green'} size="lg" variant={test ? 'filled' : 'light'}>
              {test ? t('paymentSettings.testMode') : connection.mode === 'live' ? t('paymentSettings.live') : t('paymentSettings.connected')}
            </Badge>
          </Group>
          <ConfirmButton
            label={t('paymentSettings.disconnect')}
            color="red"
            variant="outline"
            title={t('paymentSettings.disconnectTitle')}
            message={t('paymentSettings.disconnectMessage')}
            confirmLabel={t('paymentSettings.disconnect')}
            onConfirm={disconnect}
          />
        </Group>
        {test ? (
          <Alert color="orange" title={t('paymentSettings.testMode')}>
            {t('paymentSettings.testModeHelp')}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Fact label={t('paymentSettings.secretKey')}>{connection.secret_key}</Fact>
          <Fact label={t('paymentSettings.webhookSecret')}>{connection.webhook_secret}</Fact>
          <Fact label={t('paymentSettings.account')}>{connection.account_id}</Fact>
          <Fact label={t('paymentSettings.connectedAt')}>{connection.connected_at ? formatDateTime(connection.connected_at) : null}</Fact>
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
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { secret_key: '', webhook_secret: '' } });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api<StripeConnection>('PUT', '/payment-gateways/stripe', { secret_key: values.secret_key.trim(), webhook_secret: values.webhook_secret.trim() }),
    onSuccess: (saved) => {
      queryClient.setQueryData(KEY, saved);
      form.reset();
      notifications.show({ color: 'green', message: saved.mode === 'test' ? t('paymentSettings.connectedTest') : t('paymentSettings.connectedLive') });
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
            {connected ? t('paymentSettings.replaceKeys') : t('paymentSettings.connectTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('paymentSettings.keysHelp')}
          </Text>
          <PasswordInput label={t('paymentSettings.secretKey')} placeholder="sk_test_…" autoComplete="off" {...form.getInputProps('secret_key')} />
          <PasswordInput label={t('paymentSettings.webhookSecret')} placeholder="whsec_…" autoComplete="off" {...form.getInputProps('webhook_secret')} />
          {save.error && !(save.error instanceof ApiError && save.error.fieldErrors.length > 0) ? (
            <Text c="red" size="sm" role="alert">
              {save.error.message}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {connected ? t('paymentSettings.saveKeys') : t('paymentSettings.connectStripe')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

