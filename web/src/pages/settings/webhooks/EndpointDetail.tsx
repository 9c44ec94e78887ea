/**
 * One webhook endpoint: what it receives, sending a test event, enabling or disabling it,
 * editing and deleting it, and its deliveries.
 */
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, del, patch, post } from '../../../api/client.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../../../api/types.ts';
import { ConfirmButton } from '../../../components/ConfirmButton.tsx';
import { formatDateTime } from '../../../components/format.ts';
import { ErrorState, LoadingState } from '../../../components/states.tsx';
import { DeliveriesTable } from './DeliveriesTable.tsx';
import { EndpointFormModal } from './EndpointFormModal.tsx';
import { DisabledAlert, EnabledBadge, EventsSummary } from './EndpointParts.tsx';
import { endpointKeys, useEndpoint } from './webhookApi.ts';

const BackLink = () => (
  <Anchor component={Link} to="/settings/webhooks" size="sm">
    ← All webhook endpoints
  </Anchor>
);

const failed = (title: string) => (error: Error) => notifications.show({ color: 'red', title, message: error.message });

function Actions({ endpoint }: { endpoint: WebhookEndpoint }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: endpointKeys.all });
  const test = useMutation({
    mutationFn: () => post<WebhookDelivery>(`/webhook-endpoints/${endpoint.id}/test`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: 'Test event queued: its delivery shows below' });
      await queryClient.invalidateQueries({ queryKey: endpointKeys.deliveries(endpoint.id) });
    },
    onError: failed('Could not send a test event'),
  });
  const setEnabled = async (enabled: boolean) => {
    try {
      await patch<WebhookEndpoint>(`/webhook-endpoints/${endpoint.id}`, { enabled });
      notifications.show({ color: 'green', message: enabled ? 'Endpoint enabled' : 'Endpoint disabled' });
    } catch (error) {
      failed(enabled ? 'Could not enable the endpoint' : 'Could not disable the endpoint')(error as Error);
    } finally {
      await refresh();
    }
  };
  const remove = async () => {
    try {
      await del(`/webhook-endpoints/${endpoint.id}`);
    } catch (error) {
      failed('Could not delete the endpoint')(error as Error);
      return;
    }
    notifications.show({ color: 'green', message: `Endpoint ${endpoint.url} deleted` });
    void navigate('/settings/webhooks', { replace: true });
    queryClient.removeQueries({ queryKey: endpointKeys.one(endpoint.id) });
    await queryClient.invalidateQueries({ queryKey: endpointKeys.list() });
  };

  return (
    <Group gap="xs">
      <Button onClick={() => test.mutate()} loading={test.isPending}>
        Send test event
      </Button>
      <Button variant="default" onClick={() => setEditing(true)}>
        Edit
      </Button>
      {endpoint.enabled ? (
        <ConfirmButton
          variant="default"
          color="orange"
          label="Disable"
          title="Disable this endpoint?"
          message="Settle stops sending events to it until you enable it again. Its settings and delivery log are kept."
          confirmLabel="Disable endpoint"
          onConfirm={() => setEnabled(false)}
        />
      ) : (
        <ConfirmButton
          variant="light"
          color="green"
          label="Enable"
          title="Enable this endpoint?"
          message="Settle sends new events to it again."
          confirmLabel="Enable endpoint"
          onConfirm={() => setEnabled(true)}
        />
      )}
      <ConfirmButton
        variant="subtle"
        color="red"
        label="Delete"
        title="Delete this endpoint?"
        message={
          <>
            Settle stops sending events to <b style={{ overflowWrap: 'anywhere' }}>{endpoint.url}</b> and forgets its signing secret. This cannot be
            undone.
          </>
        }
        confirmLabel="Delete endpoint"
        onConfirm={remove}
      />
      <EndpointFormModal opened={editing} endpoint={endpoint} onClose={() => setEditing(false)} />
    </Group>
  );
}

export function EndpointDetail() {
  const { id = '' } = useParams();
  const endpoint = useEndpoint(id);
  if (endpoint.isPending) return <LoadingState label="Loading the endpoint" />;
  if (endpoint.isError) {
    const missing = endpoint.error instanceof ApiError && endpoint.error.status === 404;
    return (
      <Stack gap="sm">
        <BackLink />
        <ErrorState error={endpoint.error} title={missing ? 'No such endpoint' : 'Could not load the endpoint'} message={missing ? 'It may have been deleted.' : undefined} />
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
              Events
            </Text>
            <EventsSummary events={e.events} max={Infinity} />
          </Stack>
          <Text size="xs" c="dimmed">
            Added {formatDateTime(e.created_at)} · changed {formatDateTime(e.updated_at)}
          </Text>
          <Actions endpoint={e} />
        </Stack>
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="deliveries-title">
        <Stack gap={4} mb="sm">
          <Title order={3} size="h4" id="deliveries-title">
            Deliveries
          </Title>
          <Text size="sm" c="dimmed">
            Every event sent to this endpoint, newest first. A delivery that does not get a 2xx answer within 10 seconds is tried again after 5 s, 5 min,
            30 min, 2 h, 5 h, 10 h and 10 h.
          </Text>
        </Stack>
        <DeliveriesTable endpointId={e.id} />
      </Paper>
    </Stack>
  );
}
