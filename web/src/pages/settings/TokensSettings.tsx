/** API tokens (admins): create one (its secret is shown once), list and revoke. */
import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, Modal, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, del, get, post, type Page } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDateTime } from '../../components/format.ts';
import { ROLE_OPTIONS, roleLabel } from './roles.ts';

interface ApiToken {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

function NewTokenModal({ token, onClose }: { token: (ApiToken & { token: string }) | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={token !== null} onClose={onClose} title={t('settings.tokens.newTitle')} centered size="lg">
      {token ? (
        <Stack>
          <Alert color="yellow" title={t('settings.tokens.copyNow')}>
            {t('settings.tokens.copyNowText')}
          </Alert>
          <Text size="sm">
            {token.name} · {roleLabel(token.role)}
          </Text>
          <Code block aria-label={t('settings.tokens.token')} style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {token.token}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={token.token} label={t('settings.tokens.copy')} what={t('settings.tokens.token')} />
            <Button onClick={onClose}>{t('settings.done')}</Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

export default function TokensSettings() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<(ApiToken & { token: string }) | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const tokens = useQuery({ queryKey: ['api-tokens'], queryFn: () => get<Page<ApiToken>>('/api-tokens?limit=200') });
  const form = useForm({ initialValues: { name: '', role: 'viewer' }, validate: { name: (v) => (v.trim() ? null : t('settings.tokens.enterName')) } });
  const create = useMutation({
    mutationFn: (values: typeof form.values) => post<ApiToken & { token: string }>('/api-tokens', values),
    onSuccess: async (token) => {
      form.reset();
      setCreated(token);
      await queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const revoke = async (token: ApiToken) => {
    setProblem(null);
    try {
      await del(`/api-tokens/${token.id}`);
      notifications.show({ message: t('settings.tokens.revoked', { name: token.name }), color: 'green' });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : t('settings.tokens.revokeFailed'));
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
    }
  };

  const tokenAction = (token: ApiToken) =>
    token.revoked_at ? (
      <Badge color="gray" variant="light">
        {t('settings.tokens.revokedBadge')}
      </Badge>
    ) : (
      <ConfirmButton
        size="xs"
        variant="light"
        color="red"
        label={t('settings.tokens.revoke')}
        aria-label={t('settings.tokens.revokeName', { name: token.name })}
        title={t('settings.tokens.revokeTitle', { name: token.name })}
        message={t('settings.tokens.revokeText')}
        confirmLabel={t('settings.tokens.revokeConfirm')}
        onConfirm={() => revoke(token)}
      />
    );

  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="section" aria-labelledby="new-token">
        <Title order={3} size="h4" mb="sm" id="new-token">
          {t('settings.tokens.createTitle')}
        </Title>
        <form onSubmit={form.onSubmit((values) => create.mutate(values))}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('settings.tokens.name')} description={t('settings.tokens.nameHint')} required {...form.getInputProps('name')} />
              <Select
                label={t('settings.tokens.role')}
                description={t('settings.tokens.roleHint')}
                data={ROLE_OPTIONS.filter((r) => session.can(r.value))}
                allowDeselect={false}
                {...form.getInputProps('role')}
              />
            </SimpleGrid>
            {create.isError && !(create.error instanceof ApiError && create.error.fieldErrors.length > 0) ? (
              <Alert color="red" role="alert">
                {create.error.message}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending}>
                {t('settings.tokens.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {problem ? (
        <Alert color="red" role="alert" withCloseButton onClose={() => setProblem(null)}>
          {problem}
        </Alert>
      ) : null}
      {tokens.isPending ? (
        <LoadingState />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} />
      ) : tokens.data.data.length === 0 ? (
        <EmptyState title={t('settings.tokens.emptyTitle')}>{t('settings.tokens.emptyText')}</EmptyState>
      ) : (
        <Paper withBorder p="md" component="section" aria-labelledby="tokens-title">
          <Title order={3} size="h4" mb="sm" id="tokens-title">
            {t('settings.tabs.tokens')}
          </Title>
          <Table.ScrollContainer minWidth={640} visibleFrom="sm">
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.tokens.colName')}</Table.Th>
                  <Table.Th>{t('settings.tokens.startsWith')}</Table.Th>
                  <Table.Th>{t('settings.tokens.colRole')}</Table.Th>
                  <Table.Th>{t('settings.tokens.created')}</Table.Th>
                  <Table.Th>{t('settings.tokens.lastUsed')}</Table.Th>
                  <Table.Th>{t('settings.tokens.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.data.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td>{token.name}</Table.Td>
                    <Table.Td>
                      <Code>{token.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>{roleLabel(token.role)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(token.created_at)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{token.last_used_at ? formatDateTime(token.last_used_at) : t('settings.tokens.never')}</Table.Td>
                    <Table.Td>{tokenAction(token)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap="xs" hiddenFrom="sm">
            {tokens.data.data.map((token) => (
              <Paper key={token.id} withBorder p="sm">
                <Stack gap={4}>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {token.name}
                    </Text>
                    <Code>{token.prefix}…</Code>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {roleLabel(token.role)} · {t('settings.tokens.created')} {formatDateTime(token.created_at)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('settings.tokens.lastUsed')}: {token.last_used_at ? formatDateTime(token.last_used_at) : t('settings.tokens.never')}
                  </Text>
                  <Group>{tokenAction(token)}</Group>
                </Stack>
              </Paper>
            ))}
          </Stack>
        </Paper>
      )}
      <NewTokenModal token={created} onClose={() => setCreated(null)} />
    </Stack>
  );
}
