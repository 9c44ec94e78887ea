/** The frame of the signed-out pages (sign in, setup, invitation, password reset): a title, a line under it, a card. */
import type { ReactNode } from 'react';
import { Container, Paper, PasswordInput, Text, Title, type PasswordInputProps } from '@mantine/core';

export function AuthFrame({ title, subtitle, size = 440, children }: { title: string; subtitle?: ReactNode; size?: number; children: ReactNode }) {
  return (
    <Container size={size} py={56}>
      <Title order={1} ta="center">
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

/** What a new password must be, said once for every form that asks for one. */
export const PASSWORD_HINT = 'At least 10 characters, and not easy to guess: not your name or e-mail, not a common password. A few unrelated words work well.';

/** A field for choosing a new password: the rules under the label, the browser's password manager told it is new. */
export function NewPasswordInput(props: PasswordInputProps & { label: string }) {
  return (
    <PasswordInput
      description={PASSWORD_HINT}
      autoComplete="new-password"
      required
      visibilityToggleButtonProps={{ 'aria-label': `Show or hide the ${props.label.toLowerCase()}` }}
      {...props}
    />
  );
}
