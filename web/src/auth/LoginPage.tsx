/** Sign in with e-mail and password. */
import { Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../api/client.ts';

export default function LoginPage() {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: { email: (v) => (v.trim() ? null : 'Enter your e-mail address'), password: (v) => (v ? null : 'Enter your password') },
  });
  const login = useMutation({
    mutationFn: (values: typeof form.values) => post('/auth/login', values),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  return (
    <Container size={420} py={64}>
      <Title order={1} ta="center">
        Sign in to Settle
      </Title>
      <Paper withBorder shadow="sm" p="lg" mt="lg" component="form" onSubmit={form.onSubmit((values) => login.mutate(values))}>
        <Stack>
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
        </Stack>
      </Paper>
    </Container>
  );
}
