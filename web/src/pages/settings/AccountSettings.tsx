/** The signed-in person's own account: who they are, their password, two-factor sign-in, and where they are signed in. */
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { NewPasswordInput, SecretInput } from '../../auth/AuthFrame.tsx';
import TwoFactorCard from './TwoFactorCard.tsx';
import SessionsCard from './SessionsCard.tsx';

export default function AccountSettings() {
  const { t } = useTranslation();
  const { me } = useSession();
  const form = useForm({
    initialValues: { current_password: '', new_password: '', repeat: '' },
    validate: {
      current_password: (v) => (v ? null : t('users.account.currentRequired')),
      repeat: (v, values) => (v === values.new_password ? null : t('users.account.mismatch')),
    },
  });
  const change = useMutation({
    mutationFn: (values: typeof form.values) => post('/auth/change-password', { current_password: values.current_password, new_password: values.new_password }),
    onSuccess: () => {
      form.reset();
      notifications.show({ message: t('users.account.changed'), color: 'green' });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="section" aria-labelledby="account-title">
        <Title order={3} size="h4" id="account-title" mb={4}>
          {t('users.account.title')}
        </Title>
        <Text size="sm">
          {me.user.name} · {me.user.email}
        </Text>
      </Paper>
      {me.authenticated_by === 'session' ? (
        <Paper withBorder p="md" component="section" aria-labelledby="password-title">
          <Title order={3} size="h4" id="password-title" mb="sm">
            {t('users.account.changePassword')}
          </Title>
          <form onSubmit={form.onSubmit((values) => change.mutate(values))}>
            <Stack>
              <Stack maw={440}>
                <SecretInput label={t('users.account.currentPassword')} autoComplete="current-password" required {...form.getInputProps('current_password')} />
                <NewPasswordInput label={t('users.account.newPassword')} {...form.getInputProps('new_password')} />
                <SecretInput label={t('users.account.repeatPassword')} autoComplete="new-password" required {...form.getInputProps('repeat')} />
              </Stack>
              {change.isError && !(change.error instanceof ApiError && change.error.fieldErrors.length > 0) ? (
                <Alert color="red" role="alert">
                  {change.error.message}
                </Alert>
              ) : null}
              <Group justify="flex-end">
                <Button type="submit" loading={change.isPending}>
                  {t('users.account.changePassword')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      ) : null}
      {me.authenticated_by === 'session' ? (
        <>
          <TwoFactorCard />
          <SessionsCard />
        </>
      ) : null}
    </Stack>
  );
}
