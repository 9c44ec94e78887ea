/**
 * /invitation?token=… — the link from an invitation e-mail. Shows who invited whom to which
 * organization; a new account chooses its password here and is signed in, an existing
 * account accepts and then signs in with its own password.
 */
import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, post } from '../api/client.ts';
import { LoadingState } from '../components/states.tsx';
import { AuthFrame, NewPasswordInput } from './AuthFrame.tsx';
import type { AcceptedOut, InvitationOut } from '../../../src/modules/auth/account.schemas.ts';

export default function InvitationPage() {
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
      await navigate(result.signed_in ? '/' : '/login', { replace: true, state: { notice: `You joined ${result.organization.name}. Sign in with your password.` } });
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(error.byField());
    },
  });

  if (token === '' || invitation.isError) {
    return (
      <AuthFrame title="Invitation">
        <Stack>
          <Alert color="red" role="alert" title="This invitation link does not work">
            It was already used, it expired, or a newer invitation was sent. Ask the person who invited you to send it again.
          </Alert>
          <Anchor component={Link} to="/login">
            Go to sign in
          </Anchor>
        </Stack>
      </AuthFrame>
    );
  }
  if (invitation.isPending) return <LoadingState />;
  const info = invitation.data;
  return (
    <AuthFrame title={`Join ${info.organization.name}`} subtitle={`${info.invited_by ?? 'An administrator'} invited you as ${info.role}.`}>
      <form onSubmit={form.onSubmit((values) => accept.mutate(info.needs_password ? values.password : undefined))}>
        <Stack>
          <Text size="sm">
            Account: <strong>{info.email}</strong>
          </Text>
          {info.needs_password ? (
            <NewPasswordInput label="Choose your password" {...form.getInputProps('password')} />
          ) : (
            <Text size="sm" c="dimmed">
              You already have a Settle account. Accept, then sign in with your password.
            </Text>
          )}
          {accept.isError && !(accept.error instanceof ApiError && accept.error.fieldErrors.some((e) => e.path === 'password')) ? (
            <Alert color="red" role="alert">
              {accept.error.message}
            </Alert>
          ) : null}
          <Button type="submit" loading={accept.isPending}>
            Accept and join
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
