/** Sign in with e-mail and password; a way to reset a forgotten password. */
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
  const login = useMutation({
    mutationFn: (values: typeof form.values) => post('/auth/login', values),
    onSuccess: () => queryClient.invalidateQueries(),
  });
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
