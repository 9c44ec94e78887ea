/**
 * Two-factor sign-in for one's own account: scan a QR code with an authenticator app,
 * confirm with a code, keep the recovery codes (shown once); or turn it off again.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, Image, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { renderSVG } from 'uqr';
import { ApiError, post } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([`Settle recovery codes (each works once)\n\n${codes.join('\n')}\n`], { type: 'text/plain' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: 'settle-recovery-codes.txt' });
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack>
      <Alert color="green" title="Two-factor sign-in is on">
        Keep these recovery codes somewhere safe, away from your phone. Each one signs you in once if you lose your authenticator. They are shown only now.
      </Alert>
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs" aria-label="Recovery codes">
        {codes.map((code) => (
          <Code key={code} ta="center" py={6}>
            {code}
          </Code>
        ))}
      </SimpleGrid>
      <Group justify="flex-end">
        <Button variant="default" onClick={download}>
          Download
        </Button>
        <Button onClick={onDone}>I have saved them</Button>
      </Group>
    </Stack>
  );
}

export default function TwoFactorCard() {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [setup, setSetup] = useState<{ secret: string; otpauth_url: string } | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [proof, setProof] = useState('');
  const start = useMutation({ mutationFn: () => post<{ secret: string; otpauth_url: string }>('/auth/2fa/setup'), onSuccess: setSetup });
  const enable = useMutation({
    mutationFn: () => post<{ recovery_codes: string[] }>('/auth/2fa/enable', { code }),
    onSuccess: (result) => {
      setSetup(null);
      setCode('');
      setRecoveryCodes(result.recovery_codes);
    },
  });
  const disable = useMutation({
    mutationFn: () => post('/auth/2fa/disable', /^[\d\s]{6,8}$/.test(proof) || /^[a-z0-9]{4}-/i.test(proof) ? { code: proof } : { password: proof }),
    onSuccess: async () => {
      setProof('');
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const fieldError = (error: unknown) => (error instanceof ApiError ? (error.fieldErrors[0]?.message ?? error.message) : error instanceof Error ? error.message : null);
  const enabled = me.two_factor.enabled;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="two-factor-title">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="two-factor-title">
          Two-factor sign-in
        </Title>
        <Badge color={enabled ? 'green' : 'gray'} variant="light">
          {enabled ? 'On' : 'Off'}
        </Badge>
      </Group>
      {recoveryCodes !== null ? (
        <RecoveryCodes
          codes={recoveryCodes}
          onDone={() => {
            setRecoveryCodes(null);
            void queryClient.invalidateQueries({ queryKey: ['me'] });
          }}
        />
      ) : enabled ? (
        <Stack maw={440}>
          <Text size="sm">Signing in asks for a code from your authenticator app after your password.</Text>
          <PasswordInput
            label="To turn it off: a current code, a recovery code, or your password"
            value={proof}
            onChange={(event) => setProof(event.currentTarget.value)}
            error={fieldError(disable.error)}
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide' }}
          />
          <Group justify="flex-end">
            <Button color="red" variant="light" disabled={proof === ''} loading={disable.isPending} onClick={() => disable.mutate()}>
              Turn off two-factor sign-in
            </Button>
          </Group>
        </Stack>
      ) : setup !== null ? (
        <Stack>
          <Text size="sm">Scan this code with an authenticator app (such as Aegis, Google Authenticator, 1Password or Microsoft Authenticator), then type the 6-digit code it shows.</Text>
          <Group align="flex-start" gap="lg">
            <Image src={`data:image/svg+xml;utf8,${encodeURIComponent(renderSVG(setup.otpauth_url))}`} alt="QR code for your authenticator app" w={180} h={180} />
            <Stack gap="xs" maw={320}>
              <Text size="sm" c="dimmed">
                Can’t scan? Enter this key by hand:
              </Text>
              <Code style={{ wordBreak: 'break-all' }}>{setup.secret}</Code>
              <TextInput label="Code from the app" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(event) => setCode(event.currentTarget.value)} error={fieldError(enable.error)} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setSetup(null)}>
                  Cancel
                </Button>
                <Button loading={enable.isPending} disabled={code.trim() === ''} onClick={() => enable.mutate()}>
                  Turn on
                </Button>
              </Group>
            </Stack>
          </Group>
        </Stack>
      ) : (
        <Stack maw={520}>
          {me.two_factor.required ? (
            <Alert color="orange" role="alert">
              {me.organization.name} requires two-factor sign-in for admins and owners. Turn it on to keep working there.
            </Alert>
          ) : null}
          <Text size="sm">Protect your account with a second step at sign-in: a code from an app on your phone, which changes every 30 seconds.</Text>
          {start.isError ? <Alert color="red">{fieldError(start.error)}</Alert> : null}
          <Group justify="flex-end">
            <Button loading={start.isPending} onClick={() => start.mutate()}>
              Set up two-factor sign-in
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
