/** Pieces of an endpoint shown in the list and on its page. */
import type { ReactNode } from 'react';
import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import type { WebhookEndpoint } from '../../../api/types.ts';
import { ALL_EVENTS, eventLabel } from '../eventTypes.ts';

export function EnabledBadge({ endpoint }: { endpoint: WebhookEndpoint }) {
  return endpoint.enabled ? (
    <Badge color="green" variant="light" style={{ minWidth: 'max-content' }}>
      Enabled
    </Badge>
  ) : (
    <Badge color="red" variant="light" style={{ minWidth: 'max-content' }}>
      Disabled
    </Badge>
  );
}

/** The endpoint's events: "All events", or up to `max` of them and how many more. */
export function EventsSummary({ events, max = 4 }: { events: string[]; max?: number }) {
  if (events.includes(ALL_EVENTS)) return <Badge variant="outline" color="indigo">All events</Badge>;
  const shown = events.slice(0, max);
  return (
    <Group gap={6}>
      {shown.map((type) => (
        <Badge key={type} variant="default" tt="none" fw={500} title={eventLabel(type)}>
          {type}
        </Badge>
      ))}
      {events.length > shown.length ? (
        <Text size="xs" c="dimmed">
          and {events.length - shown.length} more
        </Text>
      ) : null}
    </Group>
  );
}

export function DisabledAlert({ endpoint, children }: { endpoint: WebhookEndpoint; children?: ReactNode }) {
  if (endpoint.enabled) return null;
  return (
    <Alert color={endpoint.disabled_reason ? 'red' : 'gray'} title={endpoint.disabled_reason ? 'Settle disabled this endpoint' : 'Disabled'}>
      <Stack gap="xs">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {endpoint.disabled_reason ? `${endpoint.disabled_reason} ` : ''}
          No events are sent to it until it is enabled again.
        </Text>
        {children}
      </Stack>
    </Alert>
  );
}
