/** Sign in with e-mail and password; a way to reset a forgotten password. */
import { useState } from 'react';
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { post } from '../api/client.ts';
import { AuthFrame } from './AuthFrame.tsx';

export default function LoginPage() {
  const queryClient = useQueryClient();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: { email: (v) => (v.trim() ? null : 'Enter your e-mail address'), password: (v) => (v ? null : 'Enter your password') },
  });
  const [secondStep, setSecondStep] = useState(false);
  const login = useMutation({
    mutationFn: (values: typeof form.values) => post<{ two_factor_required?: boolean }>('/auth/login', values),
    onSuccess: async (result) => {
      if (result.two_factor_required) setSecondStep(true);
      else await queryClient.invalidateQueries();
    },
  });
  if (secondStep) return <CodeStep onRestart={() => setSecondStep(false)} />;
  return (
    <AuthFrame title="Sign in to Settle" size={420}>
      <form onSubmit={form.onSubmit((values) => login.mutate(values))}>
        <Stack>
          {notice ? (
            <Alert color="green" role="status">
              {notice}
            </Alert>
          ) : null}
          <TextInput label="E-mail" type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }} {...form.getInputProps('password')} />
          {login.isError ? (
            <Text c="red" role="alert">
              {login.error.message}
            </Text>
          ) : null}
          <Button type="submit" loading={login.isPending}>
            Sign in
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
            Forgot your password?
          </Anchor>
        </Stack>
      </form>
    </AuthFrame>
  );
}

/** The second step of a sign-in with two factors: the challenge travels in an HttpOnly cookie. */
function CodeStep({ onRestart }: { onRestart: () => void }) {
  const queryClient = useQueryClient();
  const [recovery, setRecovery] = useState(false);
  const form = useForm({ initialValues: { code: '' }, validate: { code: (v) => (v.trim() ? null : 'Enter the code') } });
  const verify = useMutation({
    mutationFn: (code: string) => post('/auth/login/2fa', recovery ? { recovery_code: code } : { code }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  return (
    <AuthFrame title="Two-factor sign-in" subtitle={recovery ? 'Enter one of your recovery codes.' : 'Enter the 6-digit code from your authenticator app.'} size={420}>
      <form onSubmit={form.onSubmit((values) => verify.mutate(values.code))}>
        <Stack>
          <TextInput
            label={recovery ? 'Recovery code' : 'Code'}
            autoComplete="one-time-code"
            inputMode={recovery ? 'text' : 'numeric'}
            autoFocus
            required
            {...form.getInputProps('code')}
          />
          {verify.isError ? (
            <Text c="red" role="alert">
              {verify.error.message}
            </Text>
          ) : null}
          <Button type="submit" loading={verify.isPending}>
            Verify
          </Button>
          <Anchor component="button" type="button" size="sm" ta="center" onClick={() => setRecovery(!recovery)}>
            {recovery ? 'Use a code from the app instead' : 'Lost your phone? Use a recovery code'}
          </Anchor>
          <Anchor component="button" type="button" size="sm" ta="center" c="dimmed" onClick={onRestart}>
            Start again
          </Anchor>
        </Stack>
      </form>
    </AuthFrame>
  );
}
