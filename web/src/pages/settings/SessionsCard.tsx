/** Where one is signed in: every session of one's account, and signing any other one out. */
import { Badge, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
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
  if (!agent) return 'Unknown browser';
  const browser = /Edg\//.test(agent) ? 'Edge' : /Firefox\//.test(agent) ? 'Firefox' : /Chrom(e|ium)\//.test(agent) ? 'Chrome' : /Safari\//.test(agent) ? 'Safari' : null;
  const system = /Windows/.test(agent) ? 'Windows' : /Android/.test(agent) ? 'Android' : /iPhone|iPad/.test(agent) ? 'iOS' : /Mac OS X/.test(agent) ? 'macOS' : /Linux/.test(agent) ? 'Linux' : null;
  return browser && system ? `${browser} on ${system}` : agent.slice(0, 60);
}

export default function SessionsCard() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => get<{ data: SessionRow[] }>('/auth/sessions') });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sessions-title">
      <Title order={3} size="h4" id="sessions-title" mb="sm">
        Where you are signed in
      </Title>
      {sessions.isPending ? (
        <LoadingState />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Browser</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Last active</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.data.map((session) => (
                <Table.Tr key={session.id}>
                  <Table.Td>{browserOf(session.user_agent)}</Table.Td>
                  <Table.Td>{session.ip_address ?? '—'}</Table.Td>
                  <Table.Td>{formatDateTime(session.last_seen_at)}</Table.Td>
                  <Table.Td>
                    {session.current ? (
                      <Badge variant="light">This browser</Badge>
                    ) : (
                      <ConfirmButton
                        size="xs"
                        variant="light"
                        color="red"
                        label="Sign out"
                        title="Sign this session out?"
                        message={<Text size="sm">{browserOf(session.user_agent)} will have to sign in again.</Text>}
                        confirmLabel="Sign out"
                        onConfirm={async () => {
                          await del(`/auth/sessions/${session.id}`);
                          await queryClient.invalidateQueries({ queryKey: ['sessions'] });
                        }}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
