/**
 * Settings → Webhooks (admins): the organization's endpoints, adding one (its secret is
 * shown once), and each endpoint's page with its deliveries (/settings/webhooks/:id).
 */
import { useState } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NewWebhookEndpoint, WebhookEndpoint } from '../../../api/types.ts';
import { formatDateTime } from '../../../components/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states.tsx';
import { LoadMore } from '../../customers/listing.tsx';
import { EndpointDetail } from './EndpointDetail.tsx';
import { EndpointFormModal } from './EndpointFormModal.tsx';
import { DisabledAlert, EnabledBadge, EventsSummary } from './EndpointParts.tsx';
import { SecretModal } from './SecretModal.tsx';
import { useEndpoints } from './webhookApi.ts';

function EndpointCard({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const to = `/settings/webhooks/${endpoint.id}`;
  return (
    <Paper withBorder p="md" component="article" aria-label={endpoint.url}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Stack gap={2} miw={0}>
            <Anchor component={Link} to={to} fw={600} ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>
              {endpoint.url}
            </Anchor>
            {endpoint.description ? (
              <Text size="sm" c="dimmed">
                {endpoint.description}
              </Text>
            ) : null}
          </Stack>
          <EnabledBadge endpoint={endpoint} />
        </Group>
        <EventsSummary events={endpoint.events} />
        <DisabledAlert endpoint={endpoint} />
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            {t('webhooks.list.added', { date: formatDateTime(endpoint.created_at) })}
          </Text>
          <Button component={Link} to={to} size="xs" variant="light" aria-label={t('webhooks.list.openOf', { url: endpoint.url })}>
            {t('webhooks.list.open')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function EndpointList({ onAdd }: { onAdd: () => void }) {
  const { t } = useTranslation();
  const endpoints = useEndpoints();
  if (endpoints.isPending) return <LoadingState label={t('webhooks.list.loading')} />;
  if (endpoints.isError) return <ErrorState error={endpoints.error} title={t('webhooks.list.loadError')} />;
  const rows = endpoints.data.pages.flatMap((p) => p.data);
  const addButton = <Button onClick={onAdd}>{t('webhooks.list.add')}</Button>;
  if (rows.length === 0) {
    return (
      <Paper withBorder>
        <EmptyState title={t('webhooks.list.emptyTitle')} action={addButton}>
          {t('webhooks.list.empty')}
        </EmptyState>
      </Paper>
    );
  }
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={2}>
          <Title order={3} size="h4">
            {t('webhooks.list.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('webhooks.list.intro')}
          </Text>
        </Stack>
        {addButton}
      </Group>
      {rows.map((endpoint) => (
        <EndpointCard key={endpoint.id} endpoint={endpoint} />
      ))}
      <LoadMore hasNextPage={endpoints.hasNextPage} isFetchingNextPage={endpoints.isFetchingNextPage} fetchNextPage={endpoints.fetchNextPage} />
    </Stack>
  );
}

export default function WebhooksSettings() {
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<NewWebhookEndpoint | null>(null);
  return (
    <>
      <Routes>
        <Route index element={<EndpointList onAdd={() => setAdding(true)} />} />
        <Route path=":id" element={<EndpointDetail />} />
      </Routes>
      <EndpointFormModal
        opened={adding}
        onClose={() => setAdding(false)}
        onCreated={(endpoint) => {
          setCreated(endpoint);
          // The new endpoint's page, where a test event is one click away.
          void navigate(`/settings/webhooks/${endpoint.id}`);
        }}
      />
      <SecretModal endpoint={created} onClose={() => setCreated(null)} />
    </>
  );
}
