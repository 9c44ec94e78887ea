/** Users of the organization (admins): invite by e-mail, resend or withdraw an invitation, change role, deactivate and reactivate. */
import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, del, get, patch, post, type Page } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import type { MemberOut } from '../../../../src/modules/users/users.schemas.ts';
import { ROLE_OPTIONS } from './roles.ts';

/** What the admin is told after inviting: e-mailed, or how to hand a link over without a mail server. */
function invitationNotice(user: MemberOut): string {
  if (user.invitation?.delivery === 'no_mail_server') {
    return `${user.email} was invited, but no mail server is configured (SMTP_URL), so no e-mail went out. Whoever runs the server can make a link with: npx settle invite-link --email ${user.email}`;
  }
  return `Invitation e-mailed to ${user.email}. They join when they accept it (the link works for 7 days).`;
}

function InviteUserForm({ onInvited }: { onInvited: (notice: string) => void }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: '', email: '', role: 'viewer' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name'),
      email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter an e-mail address'),
    },
  });
  const invite = useMutation({
    mutationFn: (values: typeof form.values) => post<MemberOut>('/users', values),
    onSuccess: async (user) => {
      form.reset();
      onInvited(invitationNotice(user));
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="invite-user">
      <Title order={3} size="h4" mb={4} id="invite-user">
        Invite a user
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        We e-mail them a link. They choose their own password and join when they accept.
      </Text>
      <form onSubmit={form.onSubmit((values) => invite.mutate(values))}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Name" required {...form.getInputProps('name')} />
            <TextInput label="E-mail" type="email" required {...form.getInputProps('email')} />
            <Select label="Role" data={ROLE_OPTIONS.filter((r) => session.can(r.value))} allowDeselect={false} {...form.getInputProps('role')} />
          </SimpleGrid>
          {invite.isError && !(invite.error instanceof ApiError && invite.error.fieldErrors.length > 0) ? (
            <Alert color="red" role="alert">
              {invite.error.message}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={invite.isPending}>
              Send invitation
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The organization's rule that admins and owners sign in with two factors. */
function TwoFactorPolicy() {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (required: boolean) => patch('/organization', { require_two_factor: required }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="two-factor-policy">
      <Title order={3} size="h4" mb={4} id="two-factor-policy">
        Sign-in security
      </Title>
      <Switch
        mt="xs"
        label="Require two-factor sign-in for admins and owners"
        description="Until they turn it on, admins and owners of this organization can only reach their account settings. Turning this on needs two-factor sign-in on your own account first."
        checked={me.organization.require_two_factor}
        disabled={update.isPending}
        onChange={(event) => update.mutate(event.currentTarget.checked)}
      />
      {update.isError ? (
        <Alert color="red" role="alert" mt="sm">
          {update.error instanceof ApiError ? (update.error.fieldErrors[0]?.message ?? update.error.message) : update.error.message}
        </Alert>
      ) : null}
    </Paper>
  );
}

const STATUS_BADGE: Record<MemberOut['status'], { color: string; label: string }> = {
  active: { color: 'green', label: 'Active' },
  invited: { color: 'yellow', label: 'Invited' },
  deactivated: { color: 'gray', label: 'Deactivated' },
};

export default function UsersSettings() {
  const session = useSession();
  const { me } = session;
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<Page<MemberOut>>('/users?limit=200') });

  const act = async (work: () => Promise<string>) => {
    setProblem(null);
    try {
      setNotice(await work());
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The change failed');
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    }
  };
  const resend = (user: MemberOut) => act(async () => invitationNotice(await post<MemberOut>(`/users/${user.id}/invitation`)));
  const withdraw = (user: MemberOut) => act(async () => (await del(`/users/${user.id}`), `The invitation of ${user.email} was withdrawn; its link no longer works.`));

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
          {notice ? (
            <Alert color="blue" role="status" mb="sm" withCloseButton onClose={() => setNotice(null)}>
              {notice}
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
                        <Badge color={STATUS_BADGE[user.status].color} variant="light">
                          {STATUS_BADGE[user.status].label}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {!manageable ? null : user.status === 'invited' ? (
                          <Group gap="xs" wrap="nowrap">
                            <Button size="xs" variant="light" aria-label={`Resend the invitation of ${user.name}`} onClick={() => void resend(user)}>
                              Resend
                            </Button>
                            <ConfirmButton
                              size="xs"
                              variant="light"
                              color="red"
                              label="Withdraw"
                              aria-label={`Withdraw the invitation of ${user.name}`}
                              title={`Withdraw the invitation of ${user.name}?`}
                              message="The link in their e-mail stops working. You can invite them again later."
                              confirmLabel="Withdraw"
                              onConfirm={() => withdraw(user)}
                            />
                          </Group>
                        ) : user.active ? (
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
      <InviteUserForm onInvited={setNotice} />
      <TwoFactorPolicy />
    </Stack>
  );
}
