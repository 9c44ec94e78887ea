/** First run: create the organization and its owner (signs the owner in). */
import { Button, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, post } from '../api/client.ts';
import { AuthFrame, NewPasswordInput } from './AuthFrame.tsx';

const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'SEK', 'DKK', 'NOK', 'PLN', 'CZK', 'CAD', 'AUD', 'BHD'];

export default function SetupPage() {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { organization: '', currency: 'EUR', name: '', email: '', password: '' },
    validate: {
      organization: (v) => (v.trim() ? null : 'Enter your business name'),
      name: (v) => (v.trim() ? null : 'Enter your name'),
      email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter an e-mail address'),
      password: (v) => (v.length >= 10 ? null : 'Use at least 10 characters'),
    },
  });
  const setup = useMutation({
    mutationFn: (values: typeof form.values) =>
      post('/setup', {
        organization: { name: values.organization, currency: values.currency },
        user: { name: values.name, email: values.email, password: values.password },
      }),
    onSuccess: () => queryClient.invalidateQueries(),
    onError: (error) => {
      if (error instanceof ApiError) {
        const fields = error.byField();
        form.setErrors({
          organization: fields['organization.name'],
          currency: fields['organization.currency'],
          name: fields['user.name'],
          email: fields['user.email'],
          password: fields['user.password'],
        });
      }
    },
  });
  return (
    <AuthFrame title="Welcome to Settle" subtitle="Set up your business and your owner account." size={460}>
      <form onSubmit={form.onSubmit((values) => setup.mutate(values))}>
        <Stack>
          <TextInput label="Business name" required {...form.getInputProps('organization')} />
          <Select label="Currency" data={CURRENCIES} allowDeselect={false} {...form.getInputProps('currency')} />
          <TextInput label="Your name" required {...form.getInputProps('name')} />
          <TextInput label="E-mail" type="email" required {...form.getInputProps('email')} />
          <NewPasswordInput label="Password" {...form.getInputProps('password')} />
          {setup.isError && !(setup.error instanceof ApiError && setup.error.fieldErrors.length > 0) ? (
            <Text c="red" role="alert">
              {setup.error.message}
            </Text>
          ) : null}
          <Button type="submit" loading={setup.isPending}>
            Create my account
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
