/**
 * "Forgot your password?": ask for a reset link by e-mail (/forgot-password), then choose a
 * new password from the link (/reset-password?token=…). The first page says the same
 * whether or not the address has an account.
 */
import { useState } from 'react';
import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, post } from '../api/client.ts';
import { AuthFrame, NewPasswordInput } from './AuthFrame.tsx';

export function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: '' }, validate: { email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter your e-mail address') } });
  const request = useMutation({
    mutationFn: (email: string) => post('/auth/password-reset/request', { email }),
    onSuccess: (_result, email) => setSentTo(email),
  });
  return (
    <AuthFrame title="Reset your password" subtitle="We e-mail you a link to choose a new one.">
      {sentTo !== null ? (
        <Stack>
          <Alert color="green" role="status" title="Check your inbox">
            If {sentTo} has a Settle account, a link is on its way. It works once, for one hour.
          </Alert>
          <Anchor component={Link} to="/login">
            Back to sign in
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => request.mutate(values.email))}>
          <Stack>
            <TextInput label="E-mail" type="email" autoComplete="username" required {...form.getInputProps('email')} />
            {request.isError ? (
              <Alert color="red" role="alert">
                {request.error.message}
              </Alert>
            ) : null}
            <Button type="submit" loading={request.isPending}>
              E-mail me a link
            </Button>
            <Anchor component={Link} to="/login" size="sm" ta="center">
              Back to sign in
            </Anchor>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const form = useForm({ initialValues: { password: '' } });
  const confirm = useMutation({
    mutationFn: (password: string) => post('/auth/password-reset/confirm', { token, password }),
    onSuccess: () => navigate('/login', { replace: true, state: { notice: 'Your password was changed. Sign in with the new one.' } }),
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });
  const linkBroken = token === '' || (confirm.error instanceof ApiError && confirm.error.fieldErrors.some((e) => e.path === 'token'));
  return (
    <AuthFrame title="Choose a new password">
      {linkBroken ? (
        <Stack>
          <Alert color="red" role="alert" title="This link does not work">
            It was already used, it expired (links last one hour), or a newer one was sent.
          </Alert>
          <Anchor component={Link} to="/forgot-password">
            Ask for a new link
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => confirm.mutate(values.password))}>
          <Stack>
            <NewPasswordInput label="New password" {...form.getInputProps('password')} />
            <Text size="sm" c="dimmed">
              Every device signed in to your account will be signed out.
            </Text>
            <Button type="submit" loading={confirm.isPending}>
              Set new password
            </Button>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
