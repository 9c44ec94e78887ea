/** Sign in with e-mail and password (then a code, for accounts with two-factor sign-in); a way to reset a forgotten password. */
import { useState } from 'react';
import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiError, post } from '../api/client.ts';
import { AuthFrame, SecretInput } from './AuthFrame.tsx';

/** The server's refusal, except a plain 401, which the page says in the reader's language. */
function signInProblem(error: Error, wrong: string): string {
  return error instanceof ApiError && error.status === 401 ? wrong : error.message;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: { email: (v) => (v.trim() ? null : t('auth.login.emailRequired')), password: (v) => (v ? null : t('auth.login.passwordRequired')) },
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
    <AuthFrame title={t('auth.login.title')} size={420}>
      <form onSubmit={form.onSubmit((values) => login.mutate(values))}>
        <Stack>
          {notice ? (
            <Alert color="green" role="status">
              {notice}
            </Alert>
          ) : null}
          <TextInput label={t('auth.email')} type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <SecretInput label={t('auth.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
          {login.isError ? (
            <Text c="red" role="alert">
              {signInProblem(login.error, t('auth.login.wrong'))}
            </Text>
          ) : null}
          <Button type="submit" loading={login.isPending}>
            {t('auth.login.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
            {t('auth.login.forgot')}
          </Anchor>
        </Stack>
      </form>
    </AuthFrame>
  );
}

/** The second step of a sign-in with two factors: the challenge travels in an HttpOnly cookie. */
function CodeStep({ onRestart }: { onRestart: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [recovery, setRecovery] = useState(false);
  const form = useForm({ initialValues: { code: '' }, validate: { code: (v) => (v.trim() ? null : t('auth.twoFactor.codeRequired')) } });
  const verify = useMutation({
    mutationFn: (code: string) => post('/auth/login/2fa', recovery ? { recovery_code: code.trim() } : { code: code.replace(/\s/g, '') }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const problem = (error: Error): string => {
    if (!(error instanceof ApiError) || error.status !== 401) return error.message;
    if (/expired|too many/i.test(error.message)) return t('auth.twoFactor.expired');
    return recovery ? t('auth.twoFactor.wrongRecovery') : t('auth.twoFactor.wrongCode');
  };
  return (
    <AuthFrame title={t('auth.twoFactor.title')} subtitle={recovery ? t('auth.twoFactor.subtitleRecovery') : t('auth.twoFactor.subtitleApp')} size={420}>
      <form onSubmit={form.onSubmit((values) => verify.mutate(values.code))}>
        <Stack>
          <TextInput
            label={recovery ? t('auth.twoFactor.recoveryCode') : t('auth.twoFactor.code')}
            autoComplete="one-time-code"
            inputMode={recovery ? 'text' : 'numeric'}
            autoFocus
            required
            {...form.getInputProps('code')}
          />
          {verify.isError ? (
            <Text c="red" role="alert">
              {problem(verify.error)}
            </Text>
          ) : null}
          <Button type="submit" loading={verify.isPending}>
            {t('auth.twoFactor.verify')}
          </Button>
          <Anchor component="button" type="button" size="sm" ta="center" onClick={() => setRecovery(!recovery)}>
            {recovery ? t('auth.twoFactor.useApp') : t('auth.twoFactor.useRecovery')}
          </Anchor>
          <Anchor component="button" type="button" size="sm" ta="center" c="dimmed" onClick={onRestart}>
            {t('auth.twoFactor.restart')}
          </Anchor>
        </Stack>
      </form>
    </AuthFrame>
  );
}
