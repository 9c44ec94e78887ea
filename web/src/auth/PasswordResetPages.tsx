/**
 * "Forgot your password?": ask for a reset link by e-mail (/forgot-password), then choose a
 * new password from the link (/reset-password?token=…). The first page says the same
 * whether or not the address has an account.
 */
import { useState } from 'react';
import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, post } from '../api/client.ts';
import { AuthFrame, NewPasswordInput } from './AuthFrame.tsx';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: '' }, validate: { email: (v) => (/^\S+@\S+$/.test(v) ? null : t('auth.login.emailRequired')) } });
  const request = useMutation({
    mutationFn: (email: string) => post('/auth/password-reset/request', { email }),
    onSuccess: (_result, email) => setSentTo(email),
  });
  return (
    <AuthFrame title={t('auth.forgot.title')} subtitle={t('auth.forgot.subtitle')}>
      {sentTo !== null ? (
        <Stack>
          <Alert color="green" role="status" title={t('auth.forgot.inboxTitle')}>
            {t('auth.forgot.inbox', { email: sentTo })}
          </Alert>
          <Anchor component={Link} to="/login">
            {t('auth.forgot.backToSignIn')}
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => request.mutate(values.email))}>
          <Stack>
            <TextInput label={t('auth.email')} type="email" autoComplete="username" required {...form.getInputProps('email')} />
            {request.isError ? (
              <Alert color="red" role="alert">
                {request.error.message}
              </Alert>
            ) : null}
            <Button type="submit" loading={request.isPending}>
              {t('auth.forgot.submit')}
            </Button>
            <Anchor component={Link} to="/login" size="sm" ta="center">
              {t('auth.forgot.backToSignIn')}
            </Anchor>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const form = useForm({ initialValues: { password: '' } });
  const confirm = useMutation({
    mutationFn: (password: string) => post('/auth/password-reset/confirm', { token, password }),
    onSuccess: () => navigate('/login', { replace: true, state: { notice: t('auth.reset.done') } }),
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const linkBroken = token === '' || (confirm.error instanceof ApiError && confirm.error.fieldErrors.some((e) => e.path === 'token'));
  return (
    <AuthFrame title={t('auth.reset.title')}>
      {linkBroken ? (
        <Stack>
          <Alert color="red" role="alert" title={t('auth.reset.brokenTitle')}>
            {t('auth.reset.broken')}
          </Alert>
          <Anchor component={Link} to="/forgot-password">
            {t('auth.reset.askNew')}
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => confirm.mutate(values.password))}>
          <Stack>
            <NewPasswordInput label={t('auth.reset.newPassword')} {...form.getInputProps('password')} />
            <Text size="sm" c="dimmed">
              {t('auth.reset.signOutNote')}
            </Text>
            <Button type="submit" loading={confirm.isPending}>
              {t('auth.reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
