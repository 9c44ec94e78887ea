/**
 * Settings → Events (admins): every billing event, newest first — the same events the
 * events API lists and webhooks send — with what it is about and a link to it, filtered by
 * type (kept in the address, ?type=), page after page.
 */
import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  Anchor,
  Button,
  Code,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  VisuallyHidden,
  isOptionsGroup,
  type ComboboxItem,
  type OptionsFilter,
  type SelectProps,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, query, type Page } from '../../api/client.ts';
import type { BillingEvent } from '../../api/types.ts';
import { formatDateTime } from '../../components/format.ts';
import { ExpandButton } from '../../components/ExpandButton.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { LoadMore } from '../customers/listing.tsx';
import { eventResource } from './eventResource.ts';
import { EventName } from './EventName.tsx';
import { EVENT_GROUPS, eventLabel, groupLabel } from './eventTypes.ts';

/** The types to pick from, in the user's language (built at render time, so a language change shows). */
const typeOptions = () =>
  EVENT_GROUPS.map((group) => ({
    group: groupLabel(group),
    items: group.types.map((type) => ({ value: type, label: eventLabel(type) })),
  }));

/** Typing finds a type by its words or its code ("paid" or "invoice.pa"). */
const filterTypes: OptionsFilter = ({ options, search }) => {
  const q = search.trim().toLowerCase();
  const hit = (item: ComboboxItem) => item.label.toLowerCase().includes(q) || item.value.toLowerCase().includes(q);
  return options.flatMap((option): ReturnType<OptionsFilter> => {
    if (!isOptionsGroup(option)) return hit(option) ? [option] : [];
    const items = option.items.filter(hit);
    return items.length > 0 ? [{ ...option, items }] : [];
  });
};

const renderType: SelectProps['renderOption'] = ({ option }) => (
  <Stack gap={0}>
    <Text size="sm">{option.label}</Text>
    <Text size="xs" c="dimmed" ff="monospace">
      {option.value}
    </Text>
  </Stack>
);

function Resource({ event }: { event: BillingEvent }) {
  const r = eventResource(event);
  return (
    <Stack gap={0} miw={0}>
      {r.to ? (
        <Anchor component={Link} to={r.to} size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {r.title}
        </Anchor>
      ) : (
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {r.title}
        </Text>
      )}
      {r.detail ? (
        r.detailTo ? (
          <Anchor component={Link} to={r.detailTo} size="xs" style={{ overflowWrap: 'anywhere' }}>
            {r.detail}
          </Anchor>
        ) : (
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {r.detail}
          </Text>
        )
      ) : null}
    </Stack>
  );
}

export default function EventsLog() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const type = params.get('type') ?? '';
  const [open, setOpen] = useState<Set<string>>(new Set());
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const events = useInfiniteQuery({
    queryKey: ['events', type],
    queryFn: ({ pageParam }) => get<Page<BillingEvent>>(`/events${query({ limit: 50, type, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const setType = (value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set('type', value);
    else next.delete('type');
    setParams(next, { replace: true });
  };
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  let body;
  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];
  if (events.isPending) body = <LoadingState label={t('webhooks.events.log.loading')} />;
  else if (events.isError) body = <ErrorState error={events.error} title={t('webhooks.events.log.loadError')} />;
  else if (rows.length === 0)
    body = type ? (
      <EmptyState title={t('webhooks.events.log.noTypeTitle')}>
        {t('webhooks.events.log.noType', { label: eventLabel(type) })}{' '}
        <Anchor component="button" type="button" inherit onClick={() => setType(null)}>
          {t('webhooks.events.log.showAll')}
        </Anchor>
      </EmptyState>
    ) : (
      <EmptyState title={t('webhooks.events.log.noneTitle')}>
        {t('webhooks.events.log.none')}
      </EmptyState>
    );
  else
    body = (
      <>
        <Table aria-label={t('webhooks.events.log.table')} verticalSpacing="xs" highlightOnHover>
          {wide ? (
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={190}>{t('webhooks.events.log.time')}</Table.Th>
                <Table.Th>{t('webhooks.events.log.event')}</Table.Th>
                <Table.Th>{t('webhooks.events.log.about')}</Table.Th>
                <Table.Th w={44}>
                  <VisuallyHidden>{t('webhooks.events.log.data')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
          ) : null}
          <Table.Tbody>
            {rows.map((event) => {
              const expanded = open.has(event.id);
              const toggleButton = (
                <ExpandButton expanded={expanded} controls={`event-${event.id}`} label={expanded ? t('webhooks.events.log.hideData', { type: event.type, id: event.id }) : t('webhooks.events.log.showData', { type: event.type, id: event.id })} onClick={() => toggle(event.id)} />
              );
              return (
                <Fragment key={event.id}>
                  {wide ? (
                    <Table.Tr>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.created_at)}</Table.Td>
                      <Table.Td>
                        <EventName type={event.type} />
                      </Table.Td>
                      <Table.Td>
                        <Resource event={event} />
                      </Table.Td>
                      <Table.Td>{toggleButton}</Table.Td>
                    </Table.Tr>
                  ) : (
                    // A phone: one cell per event, its parts stacked.
                    <Table.Tr>
                      <Table.Td>
                        <Stack gap={6}>
                          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                            <EventName type={event.type} time={formatDateTime(event.created_at)} />
                            {toggleButton}
                          </Group>
                          <Resource event={event} />
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  )}
                  {expanded ? (
                    <Table.Tr id={`event-${event.id}`}>
                      <Table.Td colSpan={wide ? 4 : 1} bg="var(--mantine-color-gray-0)">
                        <Stack gap={4}>
                          <Text size="xs" c="dimmed">
                            {t('webhooks.events.log.eventId')} <Code fz="xs">{event.id}</Code>
                          </Text>
                          <Code block style={{ maxHeight: 360, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                            {JSON.stringify(event.data.object, null, 2)}
                          </Code>
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
        <LoadMore hasNextPage={events.hasNextPage} isFetchingNextPage={events.isFetchingNextPage} fetchNextPage={events.fetchNextPage} />
      </>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Text size="sm" c="dimmed" maw={560}>
          {t('webhooks.events.log.intro')}
        </Text>
        <Group gap="xs" align="flex-end" wrap="nowrap" w={{ base: '100%', sm: 'auto' }}>
          <Select
            label={t('webhooks.events.log.typeLabel')}
            placeholder={t('webhooks.events.log.typePlaceholder')}
            data={typeOptions()}
            filter={filterTypes}
            renderOption={renderType}
            maxDropdownHeight={360}
            value={type || null}
            onChange={setType}
            clearable
            searchable
            w={{ base: 'auto', sm: 300 }}
            style={{ flex: '1 1 auto' }}
            comboboxProps={{ position: 'bottom-start' }}
          />
          <Button variant="default" loading={events.isRefetching && !events.isFetchingNextPage} onClick={() => void events.refetch()}>
            {t('webhooks.events.log.refresh')}
          </Button>
        </Group>
      </Group>
      <Paper withBorder p={wide ? 'md' : 'xs'}>
        {body}
      </Paper>
    </Stack>
  );
}
