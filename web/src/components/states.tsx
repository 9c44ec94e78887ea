/** Loading, empty and error states, the same everywhere. */
import type { ReactNode } from 'react';
import { Alert, Center, Loader, Stack, Text, Title } from '@mantine/core';

export function LoadingState({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl">
      <Loader aria-label={label} />
    </Center>
  );
}

export function ErrorState({ error, title = 'Something went wrong', message }: { error?: unknown; title?: string; message?: string }) {
  const text = message ?? (error instanceof Error ? error.message : 'Please try again.');
  return (
    <Alert color="red" title={title} role="alert" m="md">
      {text}
    </Alert>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <Center py={48}>
      <Stack align="center" gap="xs" maw={420} ta="center">
        <Title order={3}>{title}</Title>
        {children === undefined ? null : <Text c="dimmed">{children}</Text>}
        {action}
      </Stack>
    </Center>
  );
}
