/** An event type as people read it, with its code below (breaking only after a dot on a narrow screen). */
import { Fragment } from 'react';
import { Code, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { eventLabel } from './eventTypes.ts';

export function EventCode({ type }: { type: string }) {
  const parts = type.split('.');
  return (
    <Code fz="xs" style={{ whiteSpace: 'normal' }}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? (
            <>
              .<wbr />
            </>
          ) : null}
          {part}
        </Fragment>
      ))}
    </Code>
  );
}

export function EventName({ type, time }: { type: string; time?: string }) {
  useTranslation(); // the label follows the language
  return (
    <Stack gap={2} align="flex-start">
      <Text size="sm" fw={500}>
        {eventLabel(type)}
      </Text>
      <EventCode type={type} />
      {time ? (
        <Text size="xs" c="dimmed">
          {time}
        </Text>
      ) : null}
    </Stack>
  );
}
