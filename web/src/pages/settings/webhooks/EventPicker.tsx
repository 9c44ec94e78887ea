/**
 * Which events an endpoint receives: "All events" (`["*"]`, which includes types added
 * later), or types picked from a checklist grouped by resource, each group with a checkbox
 * that picks or clears the whole group.
 */
import { Checkbox, Fieldset, Input, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EventCode } from '../EventName.tsx';
import { ALL_EVENTS, EVENT_GROUPS, EVENT_LABELS, eventLabel, groupLabel, type EventType } from '../eventTypes.ts';

/** The groups in two columns of about equal length (largest first, each to the shorter column), in catalogue order within each. */
const COLUMNS = (() => {
  const columns: (typeof EVENT_GROUPS)[] = [[], []];
  const length = (c: typeof EVENT_GROUPS) => c.reduce((n, g) => n + g.types.length + 1, 0);
  for (const group of [...EVENT_GROUPS].sort((a, b) => b.types.length - a.types.length)) {
    const [a, b] = columns as [typeof EVENT_GROUPS, typeof EVENT_GROUPS];
    (length(a) <= length(b) ? a : b).push(group);
  }
  return columns.map((c) => EVENT_GROUPS.filter((g) => c.includes(g)));
})();

interface Props {
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}

export function EventPicker({ value, onChange, error }: Props) {
  const { t } = useTranslation();
  const all = value.includes(ALL_EVENTS);
  const picked = new Set(value);
  const setGroup = (types: EventType[], on: boolean) => {
    const next = new Set(value.filter((v) => v !== ALL_EVENTS));
    for (const type of types) {
      if (on) next.add(type);
      else next.delete(type);
    }
    // Keep the catalogue's order, whatever order they were ticked in.
    onChange(Object.keys(EVENT_LABELS).filter((t) => next.has(t)));
  };

  return (
    <Input.Wrapper label={t('webhooks.picker.label')} required error={error} description={t('webhooks.picker.description')}>
      <Stack gap="sm" mt={6}>
        <Checkbox
          label={t('webhooks.picker.all')}
          description={t('webhooks.picker.allDescription')}
          checked={all}
          onChange={(e) => onChange(e.currentTarget.checked ? [ALL_EVENTS] : [])}
        />
        {all ? null : (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {COLUMNS.map((column, i) => (
              <Stack key={i} gap="sm">
                {column.map((group) => {
                  const count = group.types.filter((t) => picked.has(t)).length;
                  return (
                    <Fieldset
                      key={group.key}
                      p="sm"
                      legend={
                        <Checkbox
                          label={groupLabel(group)}
                          fw={600}
                          checked={count === group.types.length}
                          indeterminate={count > 0 && count < group.types.length}
                          onChange={(e) => setGroup(group.types, e.currentTarget.checked)}
                        />
                      }
                    >
                      <Stack gap={6}>
                        {group.types.map((type) => (
                          <Checkbox
                            key={type}
                            size="sm"
                            checked={picked.has(type)}
                            onChange={(e) => setGroup([type], e.currentTarget.checked)}
                            label={
                              <Text span size="sm">
                                {eventLabel(type)} <EventCode type={type} />
                              </Text>
                            }
                          />
                        ))}
                      </Stack>
                    </Fieldset>
                  );
                })}
              </Stack>
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Input.Wrapper>
  );
}
