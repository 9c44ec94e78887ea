/**
 * Two-factor sign-in for one's own account: scan a QR code with an authenticator app,
 * confirm with a code, keep the recovery codes (shown once); or turn it off again.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, Image, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { renderSVG } from 'uqr';
import { ApiError, post } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const download = () => {
    const url = URL.createObjectURL(new Blob([`${t('users.twoFactor.fileHeading')}\n\n${codes.join('\n')}\n`], { type: 'text/plain' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: 'settle-recovery-codes.txt' });
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack>
      <Alert color="green" title={t('users.twoFactor.isOn')}>
        {t('users.twoFactor.keepCodes')}
      </Alert>
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs" aria-label={t('users.twoFactor.recoveryCodes')}>
        {codes.map((code) => (
          <Code key={code} ta="center" py={6}>
            {code}
          </Code>
        ))}
      </SimpleGrid>
      <Group justify="flex-end">
        <Button variant="default" onClick={download}>
          {t('common.actions.download')}
        </Button>
        <Button onClick={onDone}>{t('users.twoFactor.saved')}</Button>
      </Group>
    </Stack>
  );
}

export default function TwoFactorCard() {
  const { t } = useTranslation();
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
          {t('users.twoFactor.title')}
        </Title>
        <Badge color={enabled ? 'green' : 'gray'} variant="light">
          {enabled ? t('users.twoFactor.on') : t('users.twoFactor.off')}
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
          <Text size="sm">{t('users.twoFactor.onText')}</Text>
          <PasswordInput
            label={t('users.twoFactor.disableProof')}
            value={proof}
            onChange={(event) => setProof(event.currentTarget.value)}
            error={fieldError(disable.error)}
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showHidePassword') }}
          />
          <Group justify="flex-end">
            <Button color="red" variant="light" disabled={proof === ''} loading={disable.isPending} onClick={() => disable.mutate()}>
              {t('users.twoFactor.turnOff')}
            </Button>
          </Group>
        </Stack>
      ) : setup !== null ? (
        <Stack>
          <Text size="sm">{t('users.twoFactor.scan')}</Text>
          <Group align="flex-start" gap="lg">
            <Image src={`data:image/svg+xml;utf8,${encodeURIComponent(renderSVG(setup.otpauth_url))}`} alt={t('users.twoFactor.qrAlt')} w={180} h={180} />
            <Stack gap="xs" maw={320}>
              <Text size="sm" c="dimmed">
                {t('users.twoFactor.manualKey')}
              </Text>
              <Code style={{ wordBreak: 'break-all' }}>{setup.secret}</Code>
              <TextInput label={t('users.twoFactor.codeFromApp')} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(event) => setCode(event.currentTarget.value)} error={fieldError(enable.error)} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setSetup(null)}>
                  {t('common.actions.cancel')}
                </Button>
                <Button loading={enable.isPending} disabled={code.trim() === ''} onClick={() => enable.mutate()}>
                  {t('users.twoFactor.turnOn')}
                </Button>
              </Group>
            </Stack>
          </Group>
        </Stack>
      ) : (
        <Stack maw={520}>
          {me.two_factor.required ? (
            <Alert color="orange" role="alert">
              {t('users.twoFactor.requiredNotice', { organization: me.organization.name })}
            </Alert>
          ) : null}
          <Text size="sm">{t('users.twoFactor.offText')}</Text>
          {start.isError ? <Alert color="red">{fieldError(start.error)}</Alert> : null}
          <Group justify="flex-end">
            <Button loading={start.isPending} onClick={() => start.mutate()}>
              {t('users.twoFactor.setUp')}
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
