/** Loading, empty and error states, the same everywhere. */
import type { ReactNode } from 'react';
import { Alert, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader aria-label={label ?? t('shared.states.loading')} />
    </Center>
  );
}

export function ErrorState({ error, title, message }: { error?: unknown; title?: string; message?: string }) {
  const { t } = useTranslation();
  const text = message ?? (error instanceof Error ? error.message : t('shared.states.tryAgain'));
  return (
    <Alert color="red" title={title ?? t('common.states.error')} role="alert" m="md">
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
