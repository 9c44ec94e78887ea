/** The audit log (admins): who did what to which resource, when; before/after on demand. */
import { Fragment, useState } from 'react';
import { Button, Code, Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { get, query, type Page } from '../../api/client.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDateTime } from '../../components/format.ts';

interface AuditEvent {
  id: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  resource_type: string;
  resource_id: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
  created_at: string;
}

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <Stack gap={4} miw={0}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      {value === null || value === undefined ? (
        <Text size="sm" c="dimmed">
          —
        </Text>
      ) : (
        <Code block style={{ maxHeight: 320, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {JSON.stringify(value, null, 2)}
        </Code>
      )}
    </Stack>
  );
}

export default function AuditLog() {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const events = useInfiniteQuery({
    queryKey: ['audit-events'],
    queryFn: ({ pageParam }) => get<Page<AuditEvent>>(`/audit-events${query({ limit: 50, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (events.isPending) return <LoadingState />;
  if (events.isError) return <ErrorState error={events.error} />;
  const rows = events.data.pages.flatMap((p) => p.data);
  if (rows.length === 0) return <EmptyState title="Nothing recorded yet">Changes to your data are listed here.</EmptyState>;

  return (
    <Paper withBorder p="md">
      <Table.ScrollContainer minWidth={680}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Resource</Table.Th>
              <Table.Th>Details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((event) => {
              const expanded = open.has(event.id);
              return (
                <Fragment key={event.id}>
                  <Table.Tr>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.created_at)}</Table.Td>
                    <Table.Td>
                      {event.actor.name ?? event.actor.type}
                      {event.actor.type === 'api_token' ? (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          (API token)
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Code>{event.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      {event.resource_type}{' '}
                      <Text span size="xs" c="dimmed">
                        {event.resource_id}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="subtle" aria-expanded={expanded} aria-controls={`audit-${event.id}`} onClick={() => toggle(event.id)}>
                        {expanded ? 'Hide changes' : 'Show changes'}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                  {expanded ? (
                    <Table.Tr id={`audit-${event.id}`}>
                      <Table.Td colSpan={5}>
                        <SimpleGrid cols={{ base: 1, sm: 2 }}>
                          <Json label="Before" value={event.before} />
                          <Json label="After" value={event.after} />
                        </SimpleGrid>
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {events.hasNextPage ? (
        <Group justify="center" mt="md">
          <Button variant="default" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
            Load more
          </Button>
        </Group>
      ) : null}
    </Paper>
  );
}
