/** Users of the organization (admins): add, change role, deactivate and reactivate. */
import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, PasswordInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, patch, post, type Page } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import type { MemberOut } from '../../../../src/modules/users/users.schemas.ts';
import { ROLE_OPTIONS } from './roles.ts';

function AddUserForm() {
  const session = useSession();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: '', email: '', role: 'viewer', password: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name'),
      email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter an e-mail address'),
    },
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) =>
      post<MemberOut>('/users', { name: values.name, email: values.email, role: values.role, ...(values.password ? { password: values.password } : {}) }),
    onSuccess: async (user) => {
      form.reset();
      notifications.show({ message: `${user.name} added as ${user.role}`, color: 'green' });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-user">
      <Title order={3} size="h4" mb="sm" id="add-user">
        Add a user
      </Title>
      <form onSubmit={form.onSubmit((values) => create.mutate(values))}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required {...form.getInputProps('name')} />
            <TextInput label="E-mail" type="email" required {...form.getInputProps('email')} />
            <Select label="Role" data={ROLE_OPTIONS.filter((r) => session.can(r.value))} allowDeselect={false} {...form.getInputProps('role')} />
            <PasswordInput
              label="Password"
              description="Optional, at least 10 characters"
              visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
              {...form.getInputProps('password')}
            />
          </SimpleGrid>
          {create.isError && !(create.error instanceof ApiError && create.error.fieldErrors.length > 0) ? (
            <Alert color="red" role="alert">
              {create.error.message}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export default function UsersSettings() {
  const session = useSession();
  const { me } = session;
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<Page<MemberOut>>('/users?limit=200') });

  const change = async (user: MemberOut, changes: { role?: Role; active?: boolean }) => {
    setProblem(null);
    try {
      await patch<MemberOut>(`/users/${user.id}`, changes);
      notifications.show({ message: `${user.name} updated`, color: 'green' });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The change failed');
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    }
  };

  return (
    <Stack gap="md">
      {users.isPending ? (
        <LoadingState />
      ) : users.isError ? (
        <ErrorState error={users.error} />
      ) : users.data.data.length === 0 ? (
        <EmptyState title="No users" />
      ) : (
        <Paper withBorder p="md" component="section" aria-labelledby="users-title">
          <Title order={3} size="h4" mb="sm" id="users-title">
            Users
          </Title>
          {problem ? (
            <Alert color="red" role="alert" mb="sm" withCloseButton onClose={() => setProblem(null)}>
              {problem}
            </Alert>
          ) : null}
          <Table.ScrollContainer minWidth={620}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>E-mail</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.data.map((user) => {
                  const manageable = session.can(user.role);
                  return (
                    <Table.Tr key={user.id}>
                      <Table.Td>
                        {user.name}
                        {user.id === me.user.id ? (
                          <Text span c="dimmed" size="sm">
                            {' '}
                            (you)
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{user.email}</Table.Td>
                      <Table.Td>
                        {manageable ? (
                          <Select
                            aria-label={`Role of ${user.name}`}
                            size="xs"
                            w={140}
                            data={ROLE_OPTIONS.filter((r) => session.can(r.value))}
                            value={user.role}
                            allowDeselect={false}
                            onChange={(value) => value && value !== user.role && void change(user, { role: value })}
                          />
                        ) : (
                          <Text size="sm">{ROLE_OPTIONS.find((r) => r.value === user.role)?.label ?? user.role}</Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={user.active ? 'green' : 'gray'} variant="light">
                          {user.active ? 'Active' : 'Deactivated'}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {!manageable ? null : user.active ? (
                          <ConfirmButton
                            size="xs"
                            variant="light"
                            color="red"
                            label="Deactivate"
                            aria-label={`Deactivate ${user.name}`}
                            title={`Deactivate ${user.name}?`}
                            message="They will be signed out and cannot sign in until reactivated. Their API tokens stop working."
                            confirmLabel="Deactivate"
                            onConfirm={() => change(user, { active: false })}
                          />
                        ) : (
                          <ConfirmButton
                            size="xs"
                            variant="light"
                            color="green"
                            label="Reactivate"
                            aria-label={`Reactivate ${user.name}`}
                            title={`Reactivate ${user.name}?`}
                            message="They can sign in again with their role."
                            confirmLabel="Reactivate"
                            onConfirm={() => change(user, { active: true })}
                          />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <AddUserForm />
    </Stack>
  );
}
