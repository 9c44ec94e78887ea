/**
 * Users of the organization (admins): invite by e-mail (each role explained), resend or
 * withdraw a pending invitation, change role, deactivate and reactivate. Nobody is offered
 * deactivating themselves, and the last owner is not offered a role change (the server
 * refuses both with 409 anyway). On a phone each user is a card.
 */
import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Card, Group, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title, type SelectProps } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, del, get, patch, post, type Page } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { i18next } from '../../i18n/index.ts';
import type { MemberOut } from '../../../../src/modules/users/users.schemas.ts';
import { ROLE_OPTIONS, roleDescription, roleLabel } from './roles.ts';

/** What the admin is told after inviting: e-mailed, or how to hand a link over without a mail server. */
function invitationNotice(user: MemberOut): string {
  if (user.invitation?.delivery === 'no_mail_server') return i18next.t('users.invite.noMailServer', { email: user.email });
  return i18next.t('users.invite.sent', { email: user.email });
}

/** Each role in the list with what it may do, under its name. */
const renderRoleOption: SelectProps['renderOption'] = ({ option }) => (
  <Stack gap={0}>
    <Text size="sm">{option.label}</Text>
    <Text size="xs" c="dimmed">
      {roleDescription(option.value)}
    </Text>
  </Stack>
);

function InviteUserForm({ onInvited }: { onInvited: (notice: string) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: '', email: '', role: 'viewer' as Role },
    validate: {
      name: (v) => (v.trim() ? null : t('users.invite.nameRequired')),
      email: (v) => (/^\S+@\S+$/.test(v) ? null : t('users.invite.emailInvalid')),
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
        {t('users.invite.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('users.invite.intro')}
      </Text>
      <form onSubmit={form.onSubmit((values) => invite.mutate(values))}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('users.fields.name')} required {...form.getInputProps('name')} />
            <TextInput label={t('users.fields.email')} type="email" required {...form.getInputProps('email')} />
            <Select
              label={t('users.fields.role')}
              data={ROLE_OPTIONS.filter((r) => session.can(r.value)).map((r) => ({ value: r.value, label: r.label }))}
              allowDeselect={false}
              renderOption={renderRoleOption}
              comboboxProps={{ width: 320, position: 'bottom-start' }}
              {...form.getInputProps('role')}
            />
          </SimpleGrid>
          <Text size="sm" c="dimmed" aria-live="polite">
            <Text span fw={600} size="sm">
              {roleLabel(form.values.role)}:
            </Text>{' '}
            {roleDescription(form.values.role)}
          </Text>
          {invite.isError && !(invite.error instanceof ApiError && invite.error.fieldErrors.length > 0) ? (
            <Alert color="red" role="alert">
              {invite.error.message}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={invite.isPending}>
              {t('users.invite.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The organization's rule that admins and owners sign in with two factors. */
function TwoFactorPolicy() {
  const { t } = useTranslation();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (required: boolean) => patch('/organization', { require_two_factor: required }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="two-factor-policy">
      <Title order={3} size="h4" mb={4} id="two-factor-policy">
        {t('users.policy.title')}
      </Title>
      <Switch
        mt="xs"
        label={t('users.policy.label')}
        description={t('users.policy.description')}
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

const STATUS_COLOR: Record<MemberOut['status'], string> = { active: 'green', invited: 'yellow', deactivated: 'gray' };

function StatusBadge({ status }: { status: MemberOut['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light">
      {t(`users.status.${status}`)}
    </Badge>
  );
}

interface RowProps {
  user: MemberOut;
  isSelf: boolean;
  /** The only active owner: neither demoted nor deactivated. */
  lastOwner: boolean;
  onChange: (user: MemberOut, changes: { role?: Role; active?: boolean }) => Promise<void>;
  onResend: (user: MemberOut) => Promise<void>;
  onWithdraw: (user: MemberOut) => Promise<void>;
}

function RoleCell({ user, lastOwner, onChange }: RowProps) {
  const { t } = useTranslation();
  const session = useSession();
  if (!session.can(user.role) || lastOwner) {
    return (
      <Stack gap={0}>
        <Text size="sm">{roleLabel(user.role)}</Text>
        {lastOwner ? (
          <Text size="xs" c="dimmed">
            {t('users.list.lastOwner')}
          </Text>
        ) : null}
      </Stack>
    );
  }
  return (
    <Select
      aria-label={t('users.list.roleOf', { name: user.name })}
      size="xs"
      w={160}
      data={ROLE_OPTIONS.filter((r) => session.can(r.value)).map((r) => ({ value: r.value, label: r.label }))}
      value={user.role}
      allowDeselect={false}
      renderOption={renderRoleOption}
      comboboxProps={{ width: 320, position: 'bottom-start' }}
      onChange={(value) => value && value !== user.role && void onChange(user, { role: value })}
    />
  );
}

function Actions({ user, isSelf, lastOwner, onChange, onResend, onWithdraw }: RowProps) {
  const { t } = useTranslation();
  const session = useSession();
  if (!session.can(user.role)) return null;
  if (user.status === 'invited') {
    return (
      <Group gap="xs">
        <Button size="xs" variant="light" aria-label={t('users.actions.resendAria', { name: user.name })} onClick={() => void onResend(user)}>
          {t('users.actions.resend')}
        </Button>
        <ConfirmButton
          size="xs"
          variant="light"
          color="red"
          label={t('users.actions.withdraw')}
          aria-label={t('users.actions.withdrawAria', { name: user.name })}
          title={t('users.actions.withdrawTitle', { name: user.name })}
          message={t('users.actions.withdrawMessage')}
          confirmLabel={t('users.actions.withdraw')}
          onConfirm={() => onWithdraw(user)}
        />
      </Group>
    );
  }
  // Nobody deactivates themselves here: the last owner could not, and anyone else would lock themselves out.
  if (isSelf || lastOwner) return null;
  if (user.active) {
    return (
      <ConfirmButton
        size="xs"
        variant="light"
        color="red"
        label={t('users.actions.deactivate')}
        aria-label={t('users.actions.deactivateAria', { name: user.name })}
        title={t('users.actions.deactivateTitle', { name: user.name })}
        message={t('users.actions.deactivateMessage')}
        confirmLabel={t('users.actions.deactivate')}
        onConfirm={() => onChange(user, { active: false })}
      />
    );
  }
  return (
    <ConfirmButton
      size="xs"
      variant="light"
      color="green"
      label={t('users.actions.reactivate')}
      aria-label={t('users.actions.reactivateAria', { name: user.name })}
      title={t('users.actions.reactivateTitle', { name: user.name })}
      message={t('users.actions.reactivateMessage')}
      confirmLabel={t('users.actions.reactivate')}
      onConfirm={() => onChange(user, { active: true })}
    />
  );
}

function NameCell({ user, isSelf }: { user: MemberOut; isSelf: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {user.name}
      {isSelf ? (
        <Text span c="dimmed" size="sm">
          {' '}
          {t('users.list.you')}
        </Text>
      ) : null}
    </>
  );
}

function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {children}
    </Group>
  );
}

export default function UsersSettings() {
  const { t } = useTranslation();
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
      setProblem(error instanceof Error ? error.message : t('users.list.failed'));
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    }
  };
  const onResend = (user: MemberOut) => act(async () => invitationNotice(await post<MemberOut>(`/users/${user.id}/invitation`)));
  const onWithdraw = (user: MemberOut) => act(async () => (await del(`/users/${user.id}`), t('users.actions.withdrawn', { email: user.email })));
  const onChange = async (user: MemberOut, changes: { role?: Role; active?: boolean }) => {
    setProblem(null);
    try {
      await patch<MemberOut>(`/users/${user.id}`, changes);
      notifications.show({ message: t('users.list.updated', { name: user.name }), color: 'green' });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : t('users.list.failed'));
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    }
  };

  const rows = users.data?.data ?? [];
  const activeOwners = rows.filter((u) => u.role === 'owner' && u.status === 'active').length;
  const propsOf = (user: MemberOut): RowProps => ({
    user,
    isSelf: user.id === me.user.id,
    lastOwner: user.role === 'owner' && user.status === 'active' && activeOwners <= 1,
    onChange,
    onResend,
    onWithdraw,
  });

  return (
    <Stack gap="md">
      {users.isPending ? (
        <LoadingState />
      ) : users.isError ? (
        <ErrorState error={users.error} />
      ) : rows.length === 0 ? (
        <EmptyState title={t('users.list.empty')} />
      ) : (
        <Paper withBorder p="md" component="section" aria-labelledby="users-title">
          <Title order={3} size="h4" mb="sm" id="users-title">
            {t('users.list.title')}
          </Title>
          {problem ? (
            <Alert color="red" role="alert" mb="sm" withCloseButton onClose={() => setProblem(null)}>
              {problem}
            </Alert>
          ) : null}
          {notice ? (
            <Alert color="blue" role="status" mb="sm" withCloseButton onClose={() => setNotice(null)} style={{ overflowWrap: 'anywhere' }}>
              {notice}
            </Alert>
          ) : null}
          <Table visibleFrom="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.fields.name')}</Table.Th>
                <Table.Th>{t('users.fields.email')}</Table.Th>
                <Table.Th>{t('users.fields.role')}</Table.Th>
                <Table.Th>{t('users.fields.status')}</Table.Th>
                <Table.Th>{t('users.fields.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((user) => {
                const props = propsOf(user);
                return (
                  <Table.Tr key={user.id} data-user={user.email}>
                    <Table.Td>
                      <NameCell user={user} isSelf={props.isSelf} />
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{user.email}</Table.Td>
                    <Table.Td>
                      <RoleCell {...props} />
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={user.status} />
                    </Table.Td>
                    <Table.Td>
                      <Actions {...props} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Stack hiddenFrom="sm" gap="sm">
            {rows.map((user) => {
              const props = propsOf(user);
              return (
                <Card key={user.id} withBorder padding="sm" data-user={user.email}>
                  <Stack gap={6}>
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <Stack gap={0} miw={0}>
                        <Text fw={600} size="sm">
                          <NameCell user={user} isSelf={props.isSelf} />
                        </Text>
                        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                          {user.email}
                        </Text>
                      </Stack>
                      <StatusBadge status={user.status} />
                    </Group>
                    <Labelled label={t('users.fields.role')}>
                      <RoleCell {...props} />
                    </Labelled>
                    <Actions {...props} />
                  </Stack>
                </Card>
              );
            })}
          </Stack>
        </Paper>
      )}
      <InviteUserForm onInvited={setNotice} />
      <TwoFactorPolicy />
    </Stack>
  );
}
