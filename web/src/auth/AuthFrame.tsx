/** The frame of the signed-out pages (sign in, setup, invitation, password reset): a title, a line under it, a card. */
import type { ReactNode } from 'react';
import { Container, Paper, PasswordInput, Text, Title, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function AuthFrame({ title, subtitle, size = 440, children }: { title: string; subtitle?: ReactNode; size?: number; children: ReactNode }) {
  return (
    <Container size={size} py={{ base: 32, sm: 56 }} px={{ base: 'sm', sm: 'md' }}>
      <Title order={1} ta="center" style={{ overflowWrap: 'anywhere' }}>
        {title}
      </Title>
      {subtitle ? (
        <Text c="dimmed" ta="center" mt="xs">
          {subtitle}
        </Text>
      ) : null}
      <Paper withBorder shadow="sm" p="lg" mt="lg">
        {children}
      </Paper>
    </Container>
  );
}

/** A password field whose eye button is named for screen readers. */
export function SecretInput(props: PasswordInputProps) {
  const { t } = useTranslation();
  return <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('auth.showHidePassword') }} {...props} />;
}

/** A field for choosing a new password: the rules under the label (said once for every form that asks for one), the browser's password manager told it is new. */
export function NewPasswordInput(props: PasswordInputProps & { label: string }) {
  const { t } = useTranslation();
  return <SecretInput description={t('auth.passwordHint')} autoComplete="new-password" required {...props} />;
}
