/** API tokens (admins): create one (its secret is shown once), list and revoke. */
import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, Modal, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
  return (
    <Modal opened={token !== null} onClose={onClose} title="Your new API token" centered size="lg">
      {token ? (
        <Stack>
          <Alert color="yellow" title="Copy it now">
            This is the only time the token is shown. Settle keeps only a fingerprint of it: if you lose it, revoke it and create another.
          </Alert>
          <Text size="sm">
            {token.name} · {roleLabel(token.role)}
          </Text>
          <Code block aria-label="API token" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {token.token}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={token.token} label="Copy token" what="token" />
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

export default function TokensSettings() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<(ApiToken & { token: string }) | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const tokens = useQuery({ queryKey: ['api-tokens'], queryFn: () => get<Page<ApiToken>>('/api-tokens?limit=200') });
  const form = useForm({ initialValues: { name: '', role: 'viewer' }, validate: { name: (v) => (v.trim() ? null : 'Enter a name') } });
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
      notifications.show({ message: `Token “${token.name}” revoked`, color: 'green' });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Revoking failed');
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
    }
  };

  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="section" aria-labelledby="new-token">
        <Title order={3} size="h4" mb="sm" id="new-token">
          Create an API token
        </Title>
        <form onSubmit={form.onSubmit((values) => create.mutate(values))}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Token name" description="What it is for, e.g. Accounting export" required {...form.getInputProps('name')} />
              <Select
                label="Token role"
                description="Never more than your own role"
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
                Create token
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
        <EmptyState title="No API tokens">Integrations sign in with a token instead of a password.</EmptyState>
      ) : (
        <Paper withBorder p="md" component="section" aria-labelledby="tokens-title">
          <Title order={3} size="h4" mb="sm" id="tokens-title">
            API tokens
          </Title>
          <Table.ScrollContainer minWidth={640}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Starts with</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Actions</Table.Th>
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
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{token.last_used_at ? formatDateTime(token.last_used_at) : 'Never'}</Table.Td>
                    <Table.Td>
                      {token.revoked_at ? (
                        <Badge color="gray" variant="light">
                          Revoked
                        </Badge>
                      ) : (
                        <ConfirmButton
                          size="xs"
                          variant="light"
                          color="red"
                          label="Revoke"
                          aria-label={`Revoke ${token.name}`}
                          title={`Revoke “${token.name}”?`}
                          message="Anything using this token stops working at once. This cannot be undone."
                          confirmLabel="Revoke token"
                          onConfirm={() => revoke(token)}
                        />
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <NewTokenModal token={created} onClose={() => setCreated(null)} />
    </Stack>
  );
}
