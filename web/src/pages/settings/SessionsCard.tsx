/** Where one is signed in: every session of one's account, and signing any other one out. */
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n/index.ts';
import { del, get } from '../../api/client.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { formatDateTime } from '../../components/format.ts';

interface SessionRow {
  id: string;
  created_at: string;
  last_seen_at: string;
  user_agent: string | null;
  ip_address: string | null;
  current: boolean;
}

/** "Chrome on Linux" from a user agent, or the raw text when it is unusual. */
function browserOf(agent: string | null): string {
  if (!agent) return i18next.t('users.sessions.unknownBrowser');
  const browser = /Edg\//.test(agent) ? 'Edge' : /Firefox\//.test(agent) ? 'Firefox' : /Chrom(e|ium)\//.test(agent) ? 'Chrome' : /Safari\//.test(agent) ? 'Safari' : null;
  const system = /Windows/.test(agent) ? 'Windows' : /Android/.test(agent) ? 'Android' : /iPhone|iPad/.test(agent) ? 'iOS' : /Mac OS X/.test(agent) ? 'macOS' : /Linux/.test(agent) ? 'Linux' : null;
  return browser && system ? i18next.t('users.sessions.browserOn', { browser, system }) : agent.slice(0, 60);
}

export default function SessionsCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => get<{ data: SessionRow[] }>('/auth/sessions') });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sessions-title">
      <Title order={3} size="h4" id="sessions-title" mb="sm">
        {t('users.sessions.title')}
      </Title>
      {sessions.isPending ? (
        <LoadingState />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} />
      ) : (
        <Stack gap={0}>
          {sessions.data.data.map((session, index) => (
            <Group key={session.id} justify="space-between" wrap="nowrap" gap="sm" py="xs" style={index > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}>
              <Stack gap={0} miw={0}>
                <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {browserOf(session.user_agent)}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('users.sessions.details', { address: session.ip_address ?? '—', time: formatDateTime(session.last_seen_at) })}
                </Text>
              </Stack>
              {session.current ? (
                <Badge variant="light" style={{ flexShrink: 0 }}>
                  {t('users.sessions.current')}
                </Badge>
              ) : (
                <ConfirmButton
                  size="xs"
                  variant="light"
                  color="red"
                  style={{ flexShrink: 0 }}
                  label={t('users.sessions.signOut')}
                  title={t('users.sessions.signOutTitle')}
                  message={<Text size="sm">{t('users.sessions.signOutMessage', { browser: browserOf(session.user_agent) })}</Text>}
                  confirmLabel={t('users.sessions.signOut')}
                  onConfirm={async () => {
                    await del(`/auth/sessions/${session.id}`);
                    await queryClient.invalidateQueries({ queryKey: ['sessions'] });
                  }}
                />
              )}
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
