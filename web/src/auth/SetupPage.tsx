/** First run: create the organization and its owner (signs the owner in). */
import { Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../api/client.ts';
import { CurrencySelect } from '../components/inputs/pickers.tsx';
import { AuthFrame, NewPasswordInput } from './AuthFrame.tsx';

export default function SetupPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { organization: '', currency: 'EUR', name: '', email: '', password: '' },
    validate: {
      organization: (v) => (v.trim() ? null : t('auth.setup.businessRequired')),
      name: (v) => (v.trim() ? null : t('auth.setup.nameRequired')),
      email: (v) => (/^\S+@\S+$/.test(v) ? null : t('auth.setup.emailInvalid')),
      password: (v) => (v.length >= 10 ? null : t('auth.setup.passwordShort')),
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
    <AuthFrame title={t('auth.setup.title')} subtitle={t('auth.setup.subtitle')} size={460}>
      <form onSubmit={form.onSubmit((values) => setup.mutate(values))}>
        <Stack>
          <TextInput label={t('auth.setup.business')} required {...form.getInputProps('organization')} />
          <CurrencySelect label={t('auth.setup.currency')} clearable={false} {...form.getInputProps('currency')} value={form.values.currency} onChange={(value) => form.setFieldValue('currency', value)} />
          <TextInput label={t('auth.setup.yourName')} required {...form.getInputProps('name')} />
          <TextInput label={t('auth.email')} type="email" required {...form.getInputProps('email')} />
          <NewPasswordInput label={t('auth.password')} {...form.getInputProps('password')} />
          {setup.isError && !(setup.error instanceof ApiError && setup.error.fieldErrors.length > 0) ? (
            <Text c="red" role="alert">
              {setup.error.message}
            </Text>
          ) : null}
          <Button type="submit" loading={setup.isPending}>
            {t('auth.setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
