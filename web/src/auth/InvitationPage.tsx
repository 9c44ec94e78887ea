/**
 * /invitation?token=… — the link from an invitation e-mail. Shows who invited whom to which
 * organization; a new account chooses its password here and is signed in, an existing
 * account accepts and then signs in with its own password.
 */
import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, post } from '../api/client.ts';
import { LoadingState } from '../components/states.tsx';
import { AuthFrame, NewPasswordInput } from './AuthFrame.tsx';
import type { AcceptedOut, InvitationOut } from '../../../src/modules/auth/account.schemas.ts';
import { roleKey } from '../pages/settings/roles.ts';

export default function InvitationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => post<InvitationOut>('/auth/invitations/lookup', { token }),
    retry: false,
    enabled: token !== '',
  });
  const form = useForm({ initialValues: { password: '' } });
  const accept = useMutation({
    mutationFn: (password: string | undefined) =>
      post<AcceptedOut>('/auth/invitations/accept', { token, ...(password === undefined ? {} : { password }) }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries();
      await navigate(result.signed_in ? '/' : '/login', { replace: true, state: { notice: t('auth.invitation.joined', { organization: result.organization.name }) } });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });

  if (token === '' || invitation.isError) {
    return (
      <AuthFrame title={t('auth.invitation.title')}>
        <Stack>
          <Alert color="red" role="alert" title={t('auth.invitation.brokenTitle')}>
            {t('auth.invitation.broken')}
          </Alert>
          <Anchor component={Link} to="/login">
            {t('auth.invitation.goToSignIn')}
          </Anchor>
        </Stack>
      </AuthFrame>
    );
  }
  if (invitation.isPending) return <LoadingState />;
  const info = invitation.data;
  return (
    <AuthFrame
      title={t('auth.invitation.join', { organization: info.organization.name })}
      subtitle={
        info.invited_by
          ? t('auth.invitation.invitedBy', { name: info.invited_by, role: t(`users.roles.${roleKey(info.role)}.name`) })
          : t('auth.invitation.invitedByAdmin', { role: t(`users.roles.${roleKey(info.role)}.name`) })
      }
    >
      <form onSubmit={form.onSubmit((values) => accept.mutate(info.needs_password ? values.password : undefined))}>
        <Stack>
          <Text size="sm">
            {t('auth.invitation.account')} <strong>{info.email}</strong>
          </Text>
          {info.needs_password ? (
            <NewPasswordInput label={t('auth.invitation.choosePassword')} {...form.getInputProps('password')} />
          ) : (
            <Text size="sm" c="dimmed">
              {t('auth.invitation.existing')}
            </Text>
          )}
          {accept.isError && !(accept.error instanceof ApiError && accept.error.fieldErrors.some((e) => e.path === 'password')) ? (
            <Alert color="red" role="alert">
              {accept.error.message}
            </Alert>
          ) : null}
          <Button type="submit" loading={accept.isPending}>
            {t('auth.invitation.accept')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
