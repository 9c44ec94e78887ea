/**
 * One webhook endpoint: what it receives, sending a test event, enabling or disabling it,
 * editing and deleting it, and its deliveries.
 */
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, del, patch, post } from '../../../api/client.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../../../api/types.ts';
import { ConfirmButton } from '../../../components/ConfirmButton.tsx';
import { formatDateTime } from '../../../components/format.ts';
import { ErrorState, LoadingState } from '../../../components/states.tsx';
import { DeliveriesTable } from './DeliveriesTable.tsx';
import { EndpointFormModal } from './EndpointFormModal.tsx';
import { DisabledAlert, EnabledBadge, EventsSummary } from './EndpointParts.tsx';
import { endpointKeys, useEndpoint } from './webhookApi.ts';

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/settings/webhooks" size="sm">
      {t('webhooks.detail.back')}
    </Anchor>
  );
}

const failed = (title: string) => (error: Error) => notifications.show({ color: 'red', title, message: error.message });

function Actions({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: endpointKeys.all });
  const test = useMutation({
    mutationFn: () => post<WebhookDelivery>(`/webhook-endpoints/${endpoint.id}/test`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('webhooks.detail.testQueued') });
      await queryClient.invalidateQueries({ queryKey: endpointKeys.deliveries(endpoint.id) });
    },
    onError: failed(t('webhooks.detail.testError')),
  });
  const setEnabled = async (enabled: boolean) => {
    try {
      await patch<WebhookEndpoint>(`/webhook-endpoints/${endpoint.id}`, { enabled });
      notifications.show({ color: 'green', message: enabled ? t('webhooks.detail.enabledDone') : t('webhooks.detail.disabledDone') });
    } catch (error) {
      failed(enabled ? t('webhooks.detail.enableError') : t('webhooks.detail.disableError'))(error as Error);
    } finally {
      await refresh();
    }
  };
  const remove = async () => {
    try {
      await del(`/webhook-endpoints/${endpoint.id}`);
    } catch (error) {
      failed(t('webhooks.detail.deleteError'))(error as Error);
      return;
    }
    notifications.show({ color: 'green', message: t('webhooks.detail.deleted', { url: endpoint.url }) });
    void navigate('/settings/webhooks', { replace: true });
    queryClient.removeQueries({ queryKey: endpointKeys.one(endpoint.id) });
    await queryClient.invalidateQueries({ queryKey: endpointKeys.list() });
  };

  return (
    <Group gap="xs">
      <Button onClick={() => test.mutate()} loading={test.isPending}>
        {t('webhooks.detail.test')}
      </Button>
      <Button variant="default" onClick={() => setEditing(true)}>
        {t('webhooks.detail.edit')}
      </Button>
      {endpoint.enabled ? (
        <ConfirmButton
          variant="default"
          color="orange"
          label={t('webhooks.detail.disable')}
          title={t('webhooks.detail.disableTitle')}
          message={t('webhooks.detail.disableMessage')}
          confirmLabel={t('webhooks.detail.disableConfirm')}
          onConfirm={() => setEnabled(false)}
        />
      ) : (
        <ConfirmButton
          variant="light"
          color="green"
          label={t('webhooks.detail.enable')}
          title={t('webhooks.detail.enableTitle')}
          message={t('webhooks.detail.enableMessage')}
          confirmLabel={t('webhooks.detail.enableConfirm')}
          onConfirm={() => setEnabled(true)}
        />
      )}
      <ConfirmButton
        variant="subtle"
        color="red"
        label={t('webhooks.detail.delete')}
        title={t('webhooks.detail.deleteTitle')}
        message={
          <>
            {t('webhooks.detail.deleteBefore')} <b style={{ overflowWrap: 'anywhere' }}>{endpoint.url}</b> {t('webhooks.detail.deleteAfter')}
          </>
        }
        confirmLabel={t('webhooks.detail.deleteConfirm')}
        onConfirm={remove}
      />
      <EndpointFormModal opened={editing} endpoint={endpoint} onClose={() => setEditing(false)} />
    </Group>
  );
}

export function EndpointDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const endpoint = useEndpoint(id);
  if (endpoint.isPending) return <LoadingState label={t('webhooks.detail.loading')} />;
  if (endpoint.isError) {
    const missing = endpoint.error instanceof ApiError && endpoint.error.status === 404;
    return (
      <Stack gap="sm">
        <BackLink />
        <ErrorState error={endpoint.error} title={missing ? t('webhooks.detail.missing') : t('webhooks.detail.loadError')} message={missing ? t('webhooks.detail.missingNote') : undefined} />
      </Stack>
    );
  }
  const e = endpoint.data;
  return (
    <Stack gap="md">
      <BackLink />
      <Paper withBorder p="md" component="section" aria-labelledby="endpoint-url">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
            <Stack gap={2} miw={0}>
              <Title order={3} id="endpoint-url" ff="monospace" fz={{ base: 'md', sm: 'lg' }} style={{ overflowWrap: 'anywhere' }}>
                {e.url}
              </Title>
              {e.description ? <Text c="dimmed">{e.description}</Text> : null}
            </Stack>
            <EnabledBadge endpoint={e} />
          </Group>
          <DisabledAlert endpoint={e} />
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('webhooks.detail.events')}
            </Text>
            <EventsSummary events={e.events} max={Infinity} />
          </Stack>
          <Text size="xs" c="dimmed">
            {t('webhooks.detail.addedChanged', { added: formatDateTime(e.created_at), changed: formatDateTime(e.updated_at) })}
          </Text>
          <Actions endpoint={e} />
        </Stack>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="deliveries-title">
        <Stack gap={4} mb="sm">
          <Title order={3} size="h4" id="deliveries-title">
            {t('webhooks.detail.deliveries')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('webhooks.detail.deliveriesIntro')}
          </Text>
        </Stack>
        <DeliveriesTable endpointId={e.id} />
      </Paper>
    </Stack>
  );
}
