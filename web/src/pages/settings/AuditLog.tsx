/**
 * The audit log (admins), for people: what happened in words, to which invoice, customer or
 * user (by number or name, linked), who did it and when, and the changes as "old → new".
 * Filters — who, what, from, to — live in the URL, so a filtered view can be shared and
 * survives a reload. One stacked list at every width: it fits a phone.
 */
import { useState } from 'react';
import { Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get, query, type Page } from '../../api/client.ts';
import { DateField } from '../../components/inputs/DateField.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDate, formatDateTime } from '../../components/format.ts';
import { i18next } from '../../i18n/index.ts';
import type { MemberOut } from '../../../../src/modules/users/users.schemas.ts';
import { AUDIT_GROUPS, actionLabel, fieldLabel, resourceGroupLabel, resourceLabel } from './auditLabels.ts';

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
  subject_label: string | null;
  subject_path: string | null;
}

/** Bookkeeping fields that change with everything and say nothing. */
const NOISE = new Set(['id', 'object', 'organization_id', 'created_at', 'updated_at', 'version']);
const MAX_FIELDS = 16;

type Change = { field: string; before?: string; after?: string };

/** A value as people read it: dates in their format, yes/no, "—" for nothing, lists counted. */
function readable(value: unknown, field: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? i18next.t('audit.values.yes') : i18next.t('audit.values.no');
  if (typeof value === 'string') {
    if ((field === 'method' || field === 'step') && i18next.exists(`audit.values.method.${value}`)) return i18next.t(`audit.values.method.${value}`);
    if (field === 'role' && i18next.exists(`users.roles.${value}.name`)) return i18next.t(`users.roles.${value}.name`);
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return formatDateTime(value);
    return value;
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return i18next.t('audit.values.items', { count: value.length });
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The fields that changed (both states), or the facts recorded (one state). */
export function changesOf(before: unknown, after: unknown): Change[] {
  const b = asRecord(before);
  const a = asRecord(after);
  if (b && a) {
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !NOISE.has(k));
    return keys
      .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
      .slice(0, MAX_FIELDS)
      .map((k) => ({ field: k, before: readable(b[k], k), after: readable(a[k], k) }));
  }
  const only = a ?? b;
  if (!only) return [];
  return Object.keys(only)
    .filter((k) => !NOISE.has(k) && (only[k] === null || typeof only[k] !== 'object' || Array.isArray(only[k])) && only[k] !== null && only[k] !== '')
    .slice(0, MAX_FIELDS)
    .map((k) => (a ? { field: k, after: readable(only[k], k) } : { field: k, before: readable(only[k], k) }));
}

function Changes({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const changes = changesOf(event.before, event.after);
  if (changes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('audit.changes.none')}
      </Text>
    );
  }
  return (
    <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing="xs" layout="fixed">
      <Table.Tbody>
        {changes.map((change) => (
          <Table.Tr key={change.field}>
            <Table.Td w="35%" style={{ verticalAlign: 'top' }}>
              <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {fieldLabel(change.field)}
              </Text>
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>
              <Text size="sm">
                {change.before !== undefined && change.after !== undefined ? (
                  <>
                    <Text span size="sm" td="line-through" c="dimmed">
                      {change.before}
                    </Text>
                    {' → '}
                    {change.after}
                  </>
                ) : (
                  (change.after ?? change.before)
                )}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Entry({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const subject = event.subject_label ?? event.resource_id;
  const who =
    event.actor.type === 'api_token'
      ? t('audit.actor.apiToken', { name: event.actor.name ?? '—' })
      : event.actor.type === 'system'
        ? t('audit.actor.system')
        : (event.actor.name ?? t('audit.actor.unknown'));
  return (
    <Stack gap={4} py="sm" data-audit-action={event.action} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} miw={0}>
          <Text size="sm" fw={600}>
            {actionLabel(event.action)}
          </Text>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            <Text span size="sm" c="dimmed">
              {resourceLabel(event.resource_type)}:{' '}
            </Text>
            {event.subject_path ? (
              <Anchor component={Link} to={event.subject_path} size="sm">
                {subject}
              </Anchor>
            ) : (
              subject
            )}
          </Text>
          <Text size="xs" c="dimmed">
            {t('audit.entry.byAt', { who, time: formatDateTime(event.created_at) })}
          </Text>
        </Stack>
        <Button size="compact-xs" variant="subtle" style={{ flexShrink: 0 }} aria-expanded={open} aria-controls={`audit-${event.id}`} onClick={() => setOpen(!open)}>
          {open ? t('audit.entry.hide') : t('audit.entry.show')}
        </Button>
      </Group>
      {open ? (
        <div id={`audit-${event.id}`}>
          <Changes event={event} />
        </div>
      ) : null}
    </Stack>
  );
}

/** `type:invoice` (everything about invoices) or `action:invoice.finalized`. */
function whatOptions() {
  return AUDIT_GROUPS.map((group) => ({
    group: resourceGroupLabel(group.type),
    items: [
      { value: `type:${group.type}`, label: i18next.t('audit.filters.allOf', { kind: resourceGroupLabel(group.type) }) },
      ...group.actions.map((action) => ({ value: `action:${action}`, label: actionLabel(action) })),
    ],
  }));
}

export default function AuditLog() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const actor = params.get('actor') ?? '';
  const what = params.get('what') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const setFilter = (key: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const filtered = actor !== '' || what !== '' || from !== '' || to !== '';

  const people = useQuery({ queryKey: ['users'], queryFn: () => get<Page<MemberOut>>('/users?limit=200') });
  const filters = {
    actor_id: actor,
    resource_type: what.startsWith('type:') ? what.slice(5) : undefined,
    action: what.startsWith('action:') ? what.slice(7) : undefined,
    from,
    to,
  };
  const events = useInfiniteQuery({
    queryKey: ['audit-events', filters],
    queryFn: ({ pageParam }) => get<Page<AuditEvent>>(`/audit-events${query({ limit: 50, cursor: pageParam, ...filters })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="section" aria-label={t('audit.filters.label')}>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
          <Select
            label={t('audit.filters.who')}
            placeholder={t('audit.filters.anyone')}
            data={(people.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            value={actor || null}
            onChange={(value) => setFilter('actor', value)}
            searchable
            clearable
            nothingFoundMessage={t('common.input.nothingFound')}
          />
          <Select
            label={t('audit.filters.what')}
            placeholder={t('audit.filters.anything')}
            data={whatOptions()}
            value={what || null}
            onChange={(value) => setFilter('what', value)}
            searchable
            clearable
            maxDropdownHeight={360}
            comboboxProps={{ width: 300, position: 'bottom-start' }}
            nothingFoundMessage={t('common.input.nothingFound')}
          />
          <DateField label={t('audit.filters.from')} value={from} onChange={(value) => setFilter('from', value)} clearable />
          <DateField label={t('audit.filters.to')} value={to} onChange={(value) => setFilter('to', value)} clearable />
        </SimpleGrid>
        {filtered ? (
          <Group justify="flex-end" mt="xs">
            <Button size="xs" variant="subtle" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              {t('common.actions.clearFilters')}
            </Button>
          </Group>
        ) : null}
      </Paper>
      {events.isPending ? (
        <LoadingState />
      ) : events.isError ? (
        <ErrorState error={events.error} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title={t('audit.list.noMatches')} />
        ) : (
          <EmptyState title={t('audit.list.emptyTitle')}>{t('audit.list.empty')}</EmptyState>
        )
      ) : (
        <Paper withBorder px="md" pb="xs" component="section" aria-label={t('audit.list.label')}>
          <Stack gap={0} style={{ marginTop: -1 }}>
            {rows.map((event) => (
              <Entry key={event.id} event={event} />
            ))}
          </Stack>
          {events.hasNextPage ? (
            <Group justify="center" mt="md" mb="xs">
              <Button variant="default" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
                {t('common.actions.loadMore')}
              </Button>
            </Group>
          ) : null}
        </Paper>
      )}
    </Stack>
  );
}
