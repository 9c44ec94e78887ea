/** Pieces of an endpoint shown in the list and on its page. */
import type { ReactNode } from 'react';
import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WebhookEndpoint } from '../../../api/types.ts';
import { ALL_EVENTS, EVENT_GROUPS, eventLabel, groupAllLabel } from '../eventTypes.ts';

export function EnabledBadge({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  return endpoint.enabled ? (
    <Badge color="green" variant="light" style={{ minWidth: 'max-content' }}>
      {t('webhooks.enabled')}
    </Badge>
  ) : (
    <Badge color="red" variant="light" style={{ minWidth: 'max-content' }}>
      {t('webhooks.disabled')}
    </Badge>
  );
}

/**
 * The endpoint's events: "All events", or its types (a group picked whole as one badge, such
 * as "all invoice events"), up to `max` badges and how many more.
 */
export function EventsSummary({ events, max = 4 }: { events: string[]; max?: number }) {
  const { t } = useTranslation();
  if (events.includes(ALL_EVENTS)) {
    return (
      <Badge variant="outline" color="indigo">
        {t('webhooks.allEvents')}
      </Badge>
    );
  }
  const picked = new Set(events);
  const items: { key: string; label: string; title: string }[] = [];
  for (const group of EVENT_GROUPS) {
    if (group.types.every((t) => picked.has(t))) items.push({ key: group.label, label: groupAllLabel(group), title: group.types.join(', ') });
    else for (const type of group.types.filter((t) => picked.has(t))) items.push({ key: type, label: type, title: eventLabel(type) });
  }
  // Types this app does not know yet (a newer server) still show.
  for (const type of events.filter((t) => !EVENT_GROUPS.some((g) => (g.types as string[]).includes(t)))) items.push({ key: type, label: type, title: type });
  const shown = items.slice(0, max);
  return (
    <Group gap={6}>
      {shown.map((item) => (
        <Badge key={item.key} variant="default" tt="none" fw={500} title={item.title}>
          {item.label}
        </Badge>
      ))}
      {items.length > shown.length ? (
        <Text size="xs" c="dimmed">
          {t('webhooks.andMore', { count: items.length - shown.length })}
        </Text>
      ) : null}
    </Group>
  );
}

export function DisabledAlert({ endpoint, children }: { endpoint: WebhookEndpoint; children?: ReactNode }) {
  const { t } = useTranslation();
  if (endpoint.enabled) return null;
  return (
    <Alert color={endpoint.disabled_reason ? 'red' : 'gray'} title={endpoint.disabled_reason ? t('webhooks.disabledBySettle') : t('webhooks.disabled')}>
      <Stack gap="xs">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {endpoint.disabled_reason ? `${endpoint.disabled_reason} ` : ''}
          {t('webhooks.disabledNote')}
        </Text>
        {children}
      </Stack>
    </Alert>
  );
}
